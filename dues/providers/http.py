"""A tiny JSON-over-HTTPS client on the standard library, for the providers' APIs."""

import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)


class HttpError(Exception):
    """The API answered with an error status, or could not be reached (status 0)."""

    def __init__(self, status: int, body: str = ""):
        super().__init__(f"HTTP {status}: {body[:300]}")
        self.status = status
        self.body = body


def call(
    method: str,
    url: str,
    *,
    form: dict | None = None,
    json_body: dict | None = None,
    bearer: str = "",
) -> dict:
    """Send one request; return the decoded JSON answer (or {} when empty)."""
    if not url.startswith(("https://", "http://")):
        raise HttpError(0, f"refusing a non-HTTP URL: {url}")
    headers = {"Accept": "application/json", "User-Agent": "made-in-jura-portal"}
    data = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif json_body is not None:
        data = json.dumps(json_body).encode()
        headers["Content-Type"] = "application/json"
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 (checked above)
    # A read is safe to ask again when the API is slow or failing; a write is not (a second checkout).
    tries = 1 + (settings.PAYMENT_HTTP_RETRIES if method == "GET" else 0)
    for attempt in range(1, tries + 1):
        try:
            return _send(request, method, url)
        except HttpError as error:
            if attempt == tries or not (error.status == 0 or error.status >= 500):
                raise
            time.sleep(0.5 * attempt)
    raise AssertionError("unreachable")


def _send(request: urllib.request.Request, method: str, url: str) -> dict:
    try:
        with urllib.request.urlopen(request, timeout=settings.PAYMENT_HTTP_TIMEOUT) as response:  # noqa: S310
            payload = response.read()
    except urllib.error.HTTPError as error:
        raise HttpError(error.code, error.read().decode(errors="replace")) from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        logger.warning("%s %s failed: %s", method, url, error)
        raise HttpError(0, str(error)) from error
    if not payload:
        return {}
    try:
        return json.loads(payload)
    except ValueError as error:
        raise HttpError(0, "the answer is not JSON") from error
