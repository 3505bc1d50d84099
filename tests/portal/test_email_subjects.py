"""Email subjects are plain text: a title holding an apostrophe or an ampersand reads as typed."""

from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail

from events import services as event_services
from jura_portal import emails
from tests.factories.events import EventFactory
from tests.factories.members import new_member

NAME = "Atelier d'essai & Cie"
EMAILS = Path(settings.BASE_DIR) / "templates" / "emails"
SUBJECTS = sorted(path.name.removesuffix("-subject.txt") for path in EMAILS.glob("*-subject.txt"))
CONTEXT_NAMES = (
    "application",
    "company",
    "invoice",
    "credit_note",
    "event",
    "registration",
    "label",
    "licence",
    "offer",
    "sender",
    "sender_company",
    "inviter",
    "reason",
    "message",
    "need",
    "project",
    "stakeholder",
    "commitment",
    "headline",
)


class Named:
    """Whatever a template asks of it (a title, a company's name, a number) reads as NAME."""

    pk = 1
    id = 1
    slug = "atelier-d-essai"
    days_left = 0

    def __getattr__(self, attribute: str):
        if attribute.endswith(("_on", "_at", "deadline", "_start", "_end", "_from", "_until", "_since")):
            return datetime(2027, 3, 31, 18, 30, tzinfo=UTC)
        return self

    def __call__(self, *args, **kwargs) -> "Named":
        return self

    def __iter__(self):
        return iter([])

    def __str__(self) -> str:
        return NAME


def test_every_email_kind_is_checked():
    assert len(SUBJECTS) >= 30
    assert {"event_registration_confirmed", "offer_contact", "dues_invoice_issued"} <= set(SUBJECTS)


@pytest.mark.django_db
@pytest.mark.parametrize("name", SUBJECTS)
def test_each_email_kind_shows_an_apostrophe_and_an_ampersand_as_typed(
    name, django_capture_on_commit_callbacks
):
    named = Named()
    context = dict.fromkeys(CONTEXT_NAMES, named)
    context["version"] = SimpleNamespace(signing_deadline=date(2027, 3, 31), title=NAME, number=2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        emails.send_templated(name, to=["lea@example.test"], context=context)

    [message] = mail.outbox
    assert "&#x27;" not in message.subject and "&amp;" not in message.subject
    template = (EMAILS / f"{name}-subject.txt").read_text(encoding="utf-8")
    if any(word in template for word in ("title", "name", "inviter", "sender")):
        assert NAME in message.subject


@pytest.mark.django_db
def test_a_registration_to_atelier_d_essai_is_confirmed_under_that_very_title(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(title="Atelier d'essai & dégustation")
    person = new_member()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        event_services.registration_create_for_member(event=event, acting_user=person)

    [message] = [m for m in mail.outbox if person.email in m.to]
    assert message.subject == "[Made in Jura] Inscription confirmée : Atelier d'essai & dégustation"
