import pytest

from tests.factories.projects import committee


@pytest.fixture
def members_of_committee(db):
    """Three committee members, the first holding a local-authority seat: a quorum."""
    return committee(3)
