"""The cast and the tools every test may use."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.db.models.signals import post_save

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


# The authenticator app of every staff account the tests create (see _staff_have_a_second_factor).
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = STAFF_TOTP_SECRET, *, step: int = 0) -> str:
    """The code an authenticator app shows now (or `step` periods later) for this secret."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def _enrol_staff(sender, instance, created, **kwargs) -> None:
    if (
        created
        and instance.is_staff
        and not Authenticator.objects.filter(user=instance, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(instance, STAFF_TOTP_SECRET)


@pytest.fixture(autouse=True)
def _staff_have_a_second_factor():
    """Staff reach nothing before they set up an authenticator app: the staff accounts the tests
    create have one, with a known secret (totp_code() gives its current code). A test about staff
    without one makes an existing person staff."""
    from members.models import User

    post_save.connect(_enrol_staff, sender=User, dispatch_uid="tests-enrol-staff")
    yield
    post_save.disconnect(sender=User, dispatch_uid="tests-enrol-staff")


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
