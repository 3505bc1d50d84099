"""Error reports to Sentry, with personal data scrubbed before anything leaves the server.

Imported by the settings only when SENTRY_DSN is set. Sentry is told not to send personal data
(send_default_pii=False: no cookies, no user, no IP), and before_send removes what it would still
carry: the request body (form fields: names, emails, phones), headers that identify the client,
local variables of the frames, and email addresses in messages.
"""

import re
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
KEPT_HEADERS = {
    "host",
    "user-agent",
    "accept",
    "accept-language",
    "content-type",
    "content-length",
    "referer",
}
REDACTED = "[supprimé]"


def init_sentry(dsn: str, *, environment: str) -> None:
    """Send unhandled errors and logged errors to Sentry."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0,
        before_send=scrub_event,
    )


def _scrub_text(value: Any) -> Any:
    return EMAIL.sub(REDACTED, value) if isinstance(value, str) else value


def scrub_event(event: dict, hint: dict) -> dict:
    """The event without personal data."""
    request = event.get("request")
    if request:
        for field in ("data", "cookies", "env"):
            request.pop(field, None)
        request["headers"] = {
            name: value
            for name, value in (request.get("headers") or {}).items()
            if name.lower() in KEPT_HEADERS
        }
        if request.get("query_string"):
            request["query_string"] = REDACTED
        if request.get("url"):
            request["url"] = _scrub_text(request["url"])
    event.pop("user", None)
    for exception in (event.get("exception") or {}).get("values") or []:
        exception["value"] = _scrub_text(exception.get("value"))
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
            for key in ("pre_context", "post_context"):
                frame[key] = [_scrub_text(line) for line in frame.get(key) or []]
            frame["context_line"] = _scrub_text(frame.get("context_line"))
    logentry = event.get("logentry") or {}
    for key in ("message", "formatted"):
        if key in logentry:
            logentry[key] = _scrub_text(logentry[key])
    if "params" in logentry:
        logentry["params"] = [_scrub_text(param) for param in logentry["params"]]
    for crumb in (event.get("breadcrumbs") or {}).get("values") or []:
        crumb["message"] = _scrub_text(crumb.get("message"))
        crumb.pop("data", None)
    return event
