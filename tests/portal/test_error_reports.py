"""A 500 reaches someone: an email to ADMINS, and an event to Sentry without personal data.

Sentry's ingest endpoint is played by a local HTTP server (the DSN points at 127.0.0.1), which
keeps the envelopes the SDK posts to /api/<project>/envelope/.
"""

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from django.core import mail

from jura_portal.errorreports import init_sentry

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.portal.urls_failing")]

EMAIL = "claire.vuillermoz@fromagerie-des-rousses.test"


@pytest.fixture
def failing_client(client):
    client.raise_request_exception = False
    client.cookies["sessionid"] = "cookie-de-session-secret"
    return client


def test_a_server_error_is_emailed_to_the_admins(failing_client, settings):
    settings.ADMINS = ["alertes@madeinjura.test"]

    response = failing_client.get("/en-panne/")

    assert response.status_code == 500
    (report,) = mail.outbox
    assert report.to == ["alertes@madeinjura.test"]
    assert report.subject.startswith("[Made in Jura] ERROR")
    assert "/en-panne/" in report.subject
    assert "RuntimeError" in report.body
    assert "cookie-de-session-secret" not in report.body


class FakeSentry(BaseHTTPRequestHandler):
    envelopes: list[list[dict]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        elif self.headers.get("Content-Encoding") == "br":
            import brotli  # the SDK compresses with brotli only when it is installed

            body = brotli.decompress(body)
        items = []
        for line in body.splitlines():
            try:
                items.append(json.loads(line))
            except ValueError:
                continue
        self.envelopes.append(items)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_sentry():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSentry)
    FakeSentry.envelopes = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    init_sentry(f"http://clepublique@127.0.0.1:{server.server_port}/42", environment="test")
    yield FakeSentry.envelopes
    sentry_sdk.flush(timeout=5)
    sentry_sdk.init(dsn=None)
    server.shutdown()
    server.server_close()


def test_a_server_error_reaches_sentry_without_the_email_the_cookies_or_the_client_address(
    failing_client, fake_sentry
):
    response = failing_client.post(
        "/en-panne/?email=" + EMAIL,
        {"email": EMAIL, "telephone": "03 84 00 00 00"},
        HTTP_X_FORWARDED_FOR="198.51.100.23",
        REMOTE_ADDR="198.51.100.23",
    )
    sentry_sdk.flush(timeout=5)

    assert response.status_code == 500
    events = [item for envelope in fake_sentry for item in envelope if "exception" in item]
    assert len(events) == 1
    (event,) = events
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["transaction"] == "/en-panne/"
    sent = json.dumps(fake_sentry)
    assert "vuillermoz" not in sent
    assert "cookie-de-session-secret" not in sent
    assert "198.51.100.23" not in sent
    assert "03 84 00 00 00" not in sent


def test_setting_sentry_dsn_turns_sentry_on_and_admins_come_from_the_environment():
    from tests.portal.test_settings import PRODUCTION_ENV, manage

    show = (
        "import sentry_sdk; from django.conf import settings; "
        "print(sentry_sdk.get_client().is_active(), settings.ADMINS)"
    )
    env = {**PRODUCTION_ENV, "DJANGO_ADMINS": "alertes@madeinjura.test,tresorerie@madeinjura.test"}

    assert manage("shell", "-c", show, env=env).stdout.split("\n")[-2] == (
        "False ['alertes@madeinjura.test', 'tresorerie@madeinjura.test']"
    )
    with_sentry = {**env, "SENTRY_DSN": "http://clepublique@127.0.0.1:9/42"}
    assert manage("shell", "-c", show, env=with_sentry).stdout.split("\n")[-2].startswith("True ")
