"""The projects domain's emails: one function per email, templates emails/projects_<name>-*.txt/html.

Each is queued by jura_portal.emails.send_templated once the transaction commits.
"""

from django.conf import settings

from jura_portal.emails import send_templated
from members.notify import email_company
from projects.models import Commitment, Need, Project, Stakeholder


def _project_url(project: Project) -> str:
    path = project.get_absolute_url() if project.is_published else ""
    return settings.SITE_URL + path if path else ""


def need_reported(need: Need) -> None:
    if need.author_id:
        send_templated("projects_need_reported", to=[need.author.email], context={"need": need})


def need_qualified(need: Need) -> None:
    if need.author_id:
        send_templated("projects_need_qualified", to=[need.author.email], context={"need": need})


def need_closed(need: Need) -> None:
    if need.author_id:
        send_templated("projects_need_closed", to=[need.author.email], context={"need": need})


def need_grouped(need: Need, project: Project) -> None:
    if need.author_id:
        send_templated(
            "projects_need_grouped",
            to=[need.author.email],
            context={"need": need, "project": project, "project_url": _project_url(project)},
        )


def stakeholder_invited(stakeholder: Stakeholder) -> None:
    email_company(
        stakeholder.company,
        "projects_stakeholder_invited",
        {
            "stakeholder": stakeholder,
            "project": stakeholder.project,
            "role": stakeholder.role,
            "project_url": _project_url(stakeholder.project),
        },
    )


def stakeholder_interested(stakeholder: Stakeholder, *, message: str) -> None:
    send_templated(
        "projects_stakeholder_interested",
        to=[settings.ASSOCIATION["email"]],
        context={
            "stakeholder": stakeholder,
            "project": stakeholder.project,
            "role": stakeholder.role,
            "message": message,
        },
    )


def commitment_confirmed(commitment: Commitment) -> None:
    stakeholder = commitment.stakeholder
    recipients = [stakeholder.contact_email] if stakeholder.contact_email else []
    if not recipients and stakeholder.company_id:
        recipients = stakeholder.company.contact_emails()
    if recipients:
        send_templated(
            "projects_commitment_confirmed",
            to=recipients,
            context={"commitment": commitment, "stakeholder": stakeholder, "project": stakeholder.project},
        )


def project_news(project: Project, *, headline: str, text: str) -> None:
    """A news item to each follower of a published project, each with its own unsubscribe link."""
    if not project.is_published:
        return
    from projects.tokens import unfollow_url

    for follower in project.followers.all():
        unsubscribe = unfollow_url(follower)
        send_templated(
            "projects_news",
            to=[follower.email],
            context={
                "project": project,
                "headline": headline,
                "text": text,
                "project_url": _project_url(project),
                "unfollow_url": unsubscribe,
            },
            # RFC 8058: mail clients offer "unsubscribe" and POST to the signed link in one click.
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
