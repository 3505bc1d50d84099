"""The cast and the tools every test may use."""

import pytest
from allauth.account.models import EmailAddress

from tests.factories import UserFactory

pytest_plugins = ["tests.browser"]


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
