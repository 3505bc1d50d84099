"""Companies in every state, built through the services so that their history is real."""

import itertools
import re
from datetime import timedelta
from html import unescape

from allauth.account.models import EmailAddress
from django.utils import timezone

from charter import services as charter_services
from charter.models import CharterVersion
from members import services
from members.models import Application, Company
from tests.factories import UserFactory, fresh_siret, jura_commune

_numbers = itertools.count(10_000_001)


def page_text(response) -> str:
    """The visible text of the page's main content, on one line."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


def verified(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def person(**kwargs):
    return verified(UserFactory(**kwargs))


def start_application(owner=None, *, legal_name: str = "Fromagerie du Revermont") -> Application:
    """A draft application: the company exists, `owner` is its owner."""
    owner = owner or person()
    return services.application_start(
        siret=fresh_siret(),
        legal_name=legal_name,
        acting_user=owner,
        legal_form=Company.LegalForm.SARL,
        size_band=Company.SizeBand.MICRO,
    )


def fill_in(application: Application) -> Application:
    """Every step of the file filled in (the charter step included when no version is published)."""
    owner = application.applicant
    services.application_update(
        application=application,
        acting_user=owner,
        step=Application.Step.LOCATION,
        company_fields={"address": "1 rue du Commerce", "postal_code": "39000", "commune": jura_commune()},
    )
    services.application_update(
        application=application,
        acting_user=owner,
        step=Application.Step.ACTIVITY,
        company_fields={"description": "Comté affiné en cave", "products": "Comté, morbier"},
    )
    services.application_update(
        application=application,
        acting_user=owner,
        step=Application.Step.COMMITMENTS,
        application_fields={"ethics_employees": "Salaires au-dessus de la convention", "no_relocation": True},
    )
    current = CharterVersion.objects.current()
    if current is not None and not application.company.signatures.filter(version=current).exists():
        charter_services.charter_sign(
            company=application.company,
            version=current,
            acting_user=owner,
            full_name=owner.get_full_name() or "Camille Martin",
            ip_address="127.0.0.1",
            user_agent="tests",
        )
    else:
        services.application_update(application=application, acting_user=owner, step=Application.Step.CHARTER)
    application.refresh_from_db()
    return application


def submitted_application(owner=None, **kwargs) -> Application:
    application = fill_in(start_application(owner, **kwargs))
    return services.application_submit(application=application, acting_user=application.applicant)


def application_in_review(staff, owner=None, **kwargs) -> Application:
    application = submitted_application(owner, **kwargs)
    return services.application_start_review(application=application, acting_user=staff)


def member_company(staff, owner=None, **kwargs) -> Company:
    """An active member, accepted by `staff` after a complete vetting."""
    application = application_in_review(staff, owner, **kwargs)
    services.application_update_checklist(
        application=application, acting_user=staff, location=True, quality=True, ethics=True, notes=""
    )
    return services.application_accept(application=application, acting_user=staff)


def publish_charter(staff, number: int, *, deadline_days: int = 30) -> CharterVersion:
    version = CharterVersion.objects.create(
        number=number, title=f"Charte Made in Jura v{number}", body=f"# Charte\n\nVersion {number}."
    )
    return charter_services.charter_publish(
        version=version,
        acting_user=staff,
        signing_deadline=timezone.localdate() + timedelta(days=deadline_days),
    )


def sign(company: Company, user) -> None:
    charter_services.charter_sign(
        company=company,
        version=CharterVersion.objects.current(),
        acting_user=user,
        full_name=user.get_full_name() or user.email,
        ip_address="127.0.0.1",
        user_agent="tests",
    )
