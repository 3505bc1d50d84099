import pytest

from directory.selectors import recent_counts


@pytest.fixture(autouse=True)
def _no_counts_from_another_test():
    """Each process keeps the list's counts a while under the directory's version (a sequence that
    rolled-back tests do not rewind): each test starts without them."""
    recent_counts.clear()
    yield
    recent_counts.clear()
