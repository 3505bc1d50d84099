"""The providers' JSON APIs over HTTP, with requests.

One `requests.Session` per thread and per retry policy (connections are kept alive between calls;
a Session is not meant to be shared by threads). Every call waits PAYMENT_HTTP_TIMEOUT seconds at
most for the connection and for each read. Only a call that is safe to send twice is retried
(urllib3's Retry, PAYMENT_HTTP_RETRIES times, on a timeout, a lost connection or a 5xx): a read
(GET), or a call the caller declares idempotent (asking for a new token). A write such as opening a
checkout is never repeated: a second one could charge twice.
"""

import logging
import threading
from http.cookiejar import DefaultCookiePolicy

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import TimeoutError as Urllib3Timeout
from urllib3.util.retry import Retry

logger = logging.getLogger(__name__)

RETRY_STATUSES = (500, 502, 503, 504)
_local = threading.local()


class HttpError(Exception):
    """The API answered with an error status, or could not be reached (status 0)."""

    def __init__(self, status: int, body: str = ""):
        super().__init__(f"HTTP {status}: {body[:300]}")
        self.status = status
        self.body = body


def _session(retries: int) -> requests.Session:
    sessions = getattr(_local, "sessions", None)
    if sessions is None:
        sessions = _local.sessions = {}
    if retries not in sessions:
        session = requests.Session()
        session.headers.update({"Accept": "application/json", "User-Agent": "made-in-jura-portal"})
        session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))  # stateless: no cookie kept
        retry = Retry(
            total=retries,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=None,  # the caller decides what may be repeated: `retries` is 0 otherwise
            backoff_factor=0.5,
            respect_retry_after_header=False,  # a long Retry-After would outlast the worker's timeout
            raise_on_status=False,  # the last answer is returned, and reported as an HttpError below
        )
        adapter = HTTPAdapter(max_retries=retry)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        sessions[retries] = session
    return sessions[retries]


def call(
    method: str,
    url: str,
    *,
    form: dict | None = None,
    json_body: dict | None = None,
    bearer: str = "",
    idempotent: bool | None = None,
) -> dict:
    """Send one request; return the decoded JSON answer (or {} when empty).

    `idempotent`: whether the call may be sent twice (by default: a GET may, nothing else).
    """
    if not url.startswith(("https://", "http://")):
        raise HttpError(0, f"refusing a non-HTTP URL: {url}")
    repeatable = method == "GET" if idempotent is None else idempotent
    timeout = settings.PAYMENT_HTTP_TIMEOUT
    session = _session(settings.PAYMENT_HTTP_RETRIES if repeatable else 0)
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    try:
        response = session.request(method, url, data=form, json=json_body, headers=headers, timeout=timeout)
    except requests.RequestException as error:
        if _timed_out(error):
            logger.warning("%s %s: no answer within %s s", method, url, timeout)
            raise HttpError(0, f"no answer within {timeout} s") from error
        logger.warning("%s %s could not be sent: %s", method, url, error)
        raise HttpError(0, f"unreachable: {error}") from error
    if response.status_code >= 500:
        logger.warning("%s %s: the API failed with %s", method, url, response.status_code)
    if response.status_code >= 400:
        raise HttpError(response.status_code, response.text)
    if not response.content:
        return {}
    try:
        return response.json()
    except ValueError as error:
        raise HttpError(0, "the answer is not JSON") from error


def _timed_out(error: requests.RequestException) -> bool:
    """A timeout, including the last one of a retried call (requests reports that as a ConnectionError)."""
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(error, requests.Timeout) or isinstance(reason, Urllib3Timeout)
