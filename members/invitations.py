"""Invitations of colleagues as representatives: a signed, expiring link sent by email.

No token table: the link carries the company, the invited address, the inviter and the
time it was issued, signed with the site's secret (django.core.signing). It stops working
after INVITATION_MAX_AGE_DAYS, when the inviter is no longer the company's owner, and when
the invited person was removed from the company after the link was issued (so that a
removed representative cannot come back through an old email).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jura_portal import audit, emails
from members.errors import InvitationError
from members.models import Company, CompanyRole, User

SALT = "members.invitation"


@dataclass(frozen=True)
class Invitation:
    company: Company
    email: str
    inviter: User
    issued_at: datetime
    first_name: str = ""
    last_name: str = ""

    @property
    def invitee(self) -> str:
        """ "Lou Girard (lou@…)", or the address alone for a link made without the names."""
        name = f"{self.first_name} {self.last_name}".strip()
        return f"{name} ({self.email})" if name else self.email


def max_age() -> timedelta:
    return timedelta(days=settings.INVITATION_MAX_AGE_DAYS)


def make_token(
    *, company: Company, email: str, inviter: User, first_name: str = "", last_name: str = ""
) -> str:
    payload = {
        "c": company.pk,
        "e": email.strip().lower(),
        "i": inviter.pk,
        "t": int(timezone.now().timestamp() * 1000),  # milliseconds
    }
    if first_name or last_name:  # the colleague's name, given by the inviter
        payload.update(f=first_name.strip(), l=last_name.strip())
    return signing.dumps(payload, salt=SALT, compress=True)


def invitation_send(
    *, company: Company, email: str, inviter: User, first_name: str = "", last_name: str = ""
) -> str:
    """Email a signed invitation link to `email`; returns the token (for the tests and the log)."""
    token = make_token(
        company=company, email=email, inviter=inviter, first_name=first_name, last_name=last_name
    )
    url = settings.SITE_URL + reverse("members:invitation_accept", args=[token])
    emails.send_templated(
        "representative_invitation",
        to=[email],
        context={
            "company": company,
            "inviter": inviter.display_name,
            "first_name": first_name.strip(),
            "invitation_url": url,
            "valid_days": settings.INVITATION_MAX_AGE_DAYS,
        },
    )
    audit.record(
        inviter,
        "company.representative_invited",
        company,
        details={"email": email.strip().lower(), "name": f"{first_name} {last_name}".strip()},
    )
    return token


def invitation_read(token: str) -> Invitation:
    """The invitation behind a link, or InvitationError with a French explanation."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as error:
        raise InvitationError(
            _(
                "Ce lien d'invitation a expiré (il était valable %(days)s jours). "
                "Demandez au responsable de l'entreprise de vous inviter à nouveau."
            )
            % {"days": settings.INVITATION_MAX_AGE_DAYS},
            expired=True,
        ) from error
    except signing.BadSignature as error:
        raise InvitationError(
            _(
                "Ce lien d'invitation n'est pas valide : il a peut-être été coupé ou modifié. "
                "Copiez l'adresse complète depuis l'e-mail reçu."
            )
        ) from error
    try:
        company_pk, email, inviter_pk, issued = payload["c"], payload["e"], payload["i"], payload["t"]
    except (KeyError, TypeError) as error:
        raise InvitationError(_("Ce lien d'invitation n'est pas valide.")) from error

    no_longer = InvitationError(
        _(
            "Cette invitation n'est plus valable. "
            "Demandez au responsable de l'entreprise de vous inviter à nouveau."
        ),
        expired=True,
    )
    owner = (
        CompanyRole.objects.select_related("company", "user")
        .filter(company_id=company_pk, user_id=inviter_pk, role=CompanyRole.Role.OWNER)
        .first()
    )
    if owner is None:
        raise no_longer
    issued_at = datetime.fromtimestamp(issued / 1000, tz=timezone.get_current_timezone())
    removed_since = (
        audit.history(owner.company)
        .filter(
            action="company.representative_removed", details__email__iexact=email, created_at__gte=issued_at
        )
        .exists()
    )
    if removed_since:
        raise no_longer
    return Invitation(
        company=owner.company,
        email=email,
        inviter=owner.user,
        issued_at=issued_at,
        first_name=str(payload.get("f", "")),
        last_name=str(payload.get("l", "")),
    )


def is_for(invitation: Invitation, user: User) -> bool:
    """Whether the signed-in account is the one that was invited."""
    return user.email.strip().lower() == invitation.email
