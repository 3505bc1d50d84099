"""The cast and the tools every test may use."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from tests.factories import UserFactory

pytest_plugins = ["tests.browser"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request):
    """allauth counts attempts per address in the database cache: each test starts with none.

    Live-server tests commit for real, so their counts would otherwise pile up
    from one journey to the next.
    """
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if not (names & {"db", "transactional_db", "live_server"} or marker):
        yield
        return
    transactional = (
        "transactional_db" in names or "live_server" in names or (marker and marker.kwargs.get("transaction"))
    )
    request.getfixturevalue("transactional_db" if transactional and "db" not in names else "db")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def password() -> str:
    return "Jura-mot-de-passe-42"


@pytest.fixture
def verified_user(db, password):
    """Somebody with an account whose email address is verified."""
    user = UserFactory(password=password)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def staff(db, password):
    user = UserFactory(password=password, is_staff=True, is_superuser=True, email="equipe@madeinjura.test")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
