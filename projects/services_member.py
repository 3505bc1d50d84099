"""Changes a member, a citizen or a visitor starts from the public pages and the member's space.

The domain's transitions are in `projects.services`; this module holds the few the public side needs
and that are not a transition of the domain's rows: asking to follow a project without an account
(the row is written by `services.project_follow` once the emailed link is confirmed).
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from jura_portal.emails import send_templated
from projects.errors import ProjectError
from projects.models import Project
from projects.tokens import follow_token


@transaction.atomic
def project_follow_request(*, project: Project, email: str) -> None:
    """A visitor asks to follow a project: a confirmation link is emailed to the address (opt-in)."""
    email = email.strip()
    if not project.is_published:
        raise ProjectError(_("Ce projet n'est pas publié."))
    if project.followers.filter(email__iexact=email).exists():
        return  # already following: say nothing more (the page never tells who follows what)
    link = settings.SITE_URL + reverse(
        "projects:follow_confirm", kwargs={"token": follow_token(project.pk, email)}
    )
    send_templated("projects_follow_confirm", to=[email], context={"project": project, "confirm_url": link})
