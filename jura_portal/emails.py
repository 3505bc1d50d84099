"""Outgoing email. One function per email; every message leaves through a background task.

Templates come as a trio: emails/<name>-subject.txt, -body.txt and -body.html.
Messages are rendered when the request (or the command) that causes them runs,
in the reader's language, and handed to the `deliver` task once the database
transaction that caused them commits: no email for a change that rolled back.
"""

import base64
import hashlib
import logging
import re
import uuid
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


@task()
def deliver(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    key: str = "",
    headers: dict[str, str] | None = None,
) -> None:
    """Send one message (run by the worker); attachments are (filename, content, mimetype); `headers`
    are extra headers (List-Unsubscribe of a newsletter).

    The task's arguments are JSON: a text attachment (text/...) travels as it is, any other one
    (an image) as base64.

    `key` makes a second run of the same task (a retry, a worker killed after sending) send
    nothing: the message is recorded as sent under its key, and carries it in its Message-ID
    so that a mail server can tell a copy from a new message too.
    """
    from jura_portal.models import SentEmail

    if key and SentEmail.objects.filter(key=key).exists():
        logger.info("E-mail %s déjà envoyé : rien à faire.", key)
        return
    headers = {**(headers or {}), **({"Message-ID": message_id(key)} if key else {})} or None
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or None,
        headers=headers,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(
            filename, content if mimetype.startswith("text/") else base64.b64decode(content), mimetype
        )
    message.send()
    if key:
        SentEmail.objects.get_or_create(
            key=key, defaults={"to": ", ".join(to)[:300], "subject": subject[:300]}
        )


def message_id(key: str) -> str:
    """The Message-ID of the message sent under `key`: the key itself when a header can carry it as
    it is (the queue's keys are hex), else a digest of it (a header must be ASCII, or every
    attempt to send fails the same way)."""
    local = key if re.fullmatch(r"[A-Za-z0-9._-]+", key) else hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{local}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"


def enqueue(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Queue a message for delivery once the current transaction commits."""
    # One line: a subject with a newline would be refused by the mail backend.
    subject = " ".join(subject.split())
    extra = {"attachments": [list(a) for a in attachments]} if attachments else {}
    if headers:
        extra["headers"] = dict(headers)
    transaction.on_commit(
        partial(
            deliver.enqueue,
            to=list(to),
            subject=subject,
            body=body,
            html=html,
            reply_to=reply_to,
            key=uuid.uuid4().hex,
            **extra,
        )
    )


def enqueue_message(message: EmailMessage) -> None:
    """Queue a message built elsewhere (allauth's adapter renders its own)."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = str(content)
    if getattr(message, "content_subtype", "plain") == "html":
        enqueue(to=message.to, subject=message.subject, body="", html=message.body, reply_to=message.reply_to)
    else:
        enqueue(
            to=message.to, subject=message.subject, body=message.body, html=html, reply_to=message.reply_to
        )


def render_subject(name: str, context: dict) -> str:
    """The subject of emails/<name>: plain text, never HTML-escaped (« Atelier d'essai », not d&#x27;essai)."""
    template = get_template(f"emails/{name}-subject.txt").template
    return " ".join(template.render(Context(context, autoescape=False)).split())


def send_templated(
    name: str,
    *,
    to: list[str],
    context: dict,
    attachments: list[tuple[str, str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Render emails/<name>-subject.txt, -body.txt, -body.html and queue the message.

    `attachments`: optional (filename, content, mimetype) triples, e.g. an .ics invitation; content is
    text for text/... types, base64 otherwise (a QR code's PNG).
    """
    context = {"site_url": settings.SITE_URL, "association": settings.ASSOCIATION, **context}
    # Emails are French, even when a visitor's English page started them (their links too).
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_subject(name, context)
        body = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    enqueue(
        to=to,
        subject=f"[Made in Jura] {subject}",
        body=body,
        html=html,
        attachments=attachments,
        headers=headers,
    )
