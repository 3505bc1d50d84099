"""The delivery task itself: what leaves for the mail server."""

import pytest
from django.core import mail

from jura_portal.emails import deliver
from jura_portal.models import SentEmail

pytestmark = pytest.mark.django_db


def test_a_key_with_accents_still_gives_a_message_the_mail_server_accepts():
    # A non-ASCII key made the Message-ID header unencodable: the task failed at every attempt
    # (Procrastinate did retry it, TASKS_MAX_ATTEMPTS times, to no avail) and the email was lost.
    deliver.call(to=["membre@example.org"], subject="Relance", body="Bonjour", key="clé-été-1")

    assert len(mail.outbox) == 1
    wire = mail.outbox[0].message().as_bytes()  # what the SMTP backend hands to the server
    message_id = mail.outbox[0].extra_headers["Message-ID"]
    assert message_id.isascii() and message_id.startswith("<") and message_id.endswith(">")
    assert message_id.encode() in wire
    assert SentEmail.objects.filter(key="clé-été-1").exists()

    deliver.call(to=["membre@example.org"], subject="Relance", body="Bonjour", key="clé-été-1")
    assert len(mail.outbox) == 1  # a second run sends nothing


def test_a_plain_key_is_the_message_id_as_before():
    deliver.call(to=["membre@example.org"], subject="Relance", body="Bonjour", key="abc123")

    assert mail.outbox[0].extra_headers["Message-ID"].startswith("<abc123@")
