"""The cast and the tools every test may use.

The cast, by name: `applicant` (a person whose company is in application: its `draft`),
`member` (the owner of an active member company: `member_company`), `other_member` (the owner of
another one, in the Haut-Jura: `other_member_company`), `staff` (a superuser) and the staff of each
group: `vetting_staff`, `treasurer`, `events_staff`, `projects_staff`. A test module that needs a
different company for its member overrides `member_company`; `member` follows.
"""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from django.db.models.signals import post_save

from core.groups import EVENTS_TEAM, PROJECTS_COMMITTEE, TREASURER, VETTING_COMMITTEE
from members import services
from members.models import Application
from tests.factories.charter import CharterVersionFactory
from tests.factories.members import (
    ANSWER,
    COMMITMENTS,
    STAFF_TOTP_SECRET,
    CompanyFactory,
    UserFactory,
    identity_draft,
    owner_of,
    staff_in,
)
from tests.factories.reference import commune, epci, lons_le_saunier, sector

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
def verified_client(client, verified_user):
    client.force_login(verified_user)
    return client


# --- Staff ---------------------------------------------------------------------------------------------
# Each has the authenticator app of STAFF_TOTP_SECRET (see _staff_have_a_second_factor); a browser
# journey signs in with tests.browser.enter_second_factor.


@pytest.fixture
def staff(db, password):
    """A superuser of the association's team."""
    user = UserFactory(password=password, is_staff=True, is_superuser=True, email="equipe@madeinjura.test")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def vetting_staff(db, password):
    """A member of the vetting committee: staff, not a superuser."""
    return staff_in(VETTING_COMMITTEE, email="comite@madeinjura.test", password=password)


@pytest.fixture
def treasurer(db, password):
    return staff_in(TREASURER, email="tresorerie@madeinjura.test", password=password)


@pytest.fixture
def treasurer_client(client, treasurer):
    client.force_login(treasurer)
    return client


@pytest.fixture
def events_staff(db, password):
    return staff_in(EVENTS_TEAM, email="evenements@madeinjura.test", password=password)


@pytest.fixture
def projects_staff(db, password):
    """A member of the projects committee."""
    return staff_in(PROJECTS_COMMITTEE, email="projets@madeinjura.test", password=password)


# --- Members -------------------------------------------------------------------------------------------


@pytest.fixture
def member_company(db):
    """An active member company: a cheese dairy in Lons-le-Saunier."""
    return CompanyFactory(legal_name="Fromagerie Vermot SARL", trade_name="Fromagerie Vermot")


@pytest.fixture
def member(member_company):
    """The owner of `member_company`."""
    return owner_of(member_company)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def other_member_company(db):
    """Another active member company: a joinery in Saint-Claude (Haut-Jura)."""
    saint_claude = commune(
        "Saint-Claude",
        in_epci=epci("Haut-Jura Saint-Claude", "haut-jura-saint-claude"),
        postal_codes=["39200"],
    )
    return CompanyFactory(
        legal_name="Menuiserie du Haut-Jura SARL", trade_name="Menuiserie du Haut-Jura", commune=saint_claude
    )


@pytest.fixture
def other_member(other_member_company):
    """The owner of `other_member_company`."""
    return owner_of(other_member_company)


# --- An application in progress ------------------------------------------------------------------------


@pytest.fixture
def applicant(verified_user):
    """A person whose company is in application: the draft has its first step (IDENTITY)."""
    identity_draft(verified_user)
    return verified_user


@pytest.fixture
def applicant_client(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def draft(applicant) -> Application:
    """The applicant's application: only its first step (identity)."""
    return Application.objects.get(applicant=applicant)


@pytest.fixture
def lons(db):
    return lons_le_saunier()


@pytest.fixture
def sectors(db):
    return [sector("Fromagerie"), sector("Ébénisterie"), sector("Horlogerie")]


@pytest.fixture
def charter_version(db):
    return CharterVersionFactory()


@pytest.fixture
def complete_draft(draft, applicant, lons, sectors, charter_version) -> Application:
    """A draft with every step filled in and the charter signed: ready to be sent."""
    from charter.services import charter_sign

    services.application_update(
        application=draft,
        acting_user=applicant,
        step=Application.Step.LOCATION,
        company_fields={"address": "12 rue du Commerce", "postal_code": "39000", "commune": lons},
    )
    services.application_update(
        application=draft,
        acting_user=applicant,
        step=Application.Step.ACTIVITY,
        company_fields={"description": "Comté AOP.", "products": "Comté, morbier, bleu de Gex."},
        sectors=sectors[:1],
    )
    services.application_update(
        application=draft,
        acting_user=applicant,
        step=Application.Step.COMMITMENTS,
        application_fields={**dict.fromkeys(COMMITMENTS, ANSWER), "no_relocation": True},
    )
    charter_sign(
        company=draft.company,
        version=charter_version,
        acting_user=applicant,
        full_name="Claire Jeunet",
        ip_address="192.0.2.1",
        user_agent="pytest",
    )
    draft.refresh_from_db()
    return draft
