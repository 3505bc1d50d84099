"""Public pages rendered once per change, shared by every process and machine, with HTTP validators.

`@public_page` wraps the views of the pages the public reads (home, directory, member pages, events,
licence verification). For a visitor without a session cookie (not signed in, no message waiting:
nothing personal can be on the page):

- one query reads the public pages' version together with the page stored for this address
  (`CachedPage`); a page stored under the current version and still fresh is answered `304 Not
  Modified` when the visitor's `If-None-Match` names it, or served as stored, the CSRF token of its
  forms filled in for this visitor;
- otherwise the view renders it, and a 200 that used no CSP nonce is stored (one upsert).

Every change that a public page shows moves the version (`bump`; each app connects its models'
signals with `watch`), so the next view renders again, in every process and on every machine. A
sequence moves at once, not at commit: `bump` moves it inside the transaction and again after the
commit, so that a page rendered from the data as it was before the commit is stored under a version
nobody asks for any more. Time changes pages too (an event starts, registrations close, a new day,
a new year): a stored page is fresh until the next local midnight, or sooner if its view says so
(`fresh_until`).

Headers: a strong `ETag` (a hash of the page) and `Cache-Control: public, max-age=0,
must-revalidate` when the page is the same for everybody (a reverse proxy or a CDN may keep it and
asks us each time: a 304 costs one query); a weak `ETag` (the page and the visitor's CSRF secret)
and `Cache-Control: private, max-age=0, must-revalidate` when it carries the visitor's CSRF token;
`Vary: Cookie` on both. A visitor with a session gets the view's own answer with `Cache-Control:
private, no-cache` and no validator.
"""

import hashlib
import json
import random
import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from functools import wraps

from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from jura_portal import versions

SEQUENCE = "public_pages_version"
# What stands for the visitor's CSRF token in a stored page (letters only: never escaped, and no
# 64-character run of letters and digits, so it cannot be mistaken for a token itself).
TOKEN_PLACEHOLDER = "jura-portal-csrf-token-placeholder"  # noqa: S105 - not a secret
TOKEN_PATTERN = re.compile(rf"\b[A-Za-z0-9]{{{CSRF_TOKEN_LENGTH}}}\b")
PURGE_CHANCE = 0.002  # about one store in 500 also deletes the pages rendered more than a day ago
FRESHNESS_ATTRIBUTE = "_public_page_fresh_until"
MAX_STORED_QUERY = 300  # characters of query string: a longer address is rendered, never stored

# last_value + is_called: a new sequence says 1 both before and after its first nextval().
LOOKUP_SQL = f"""
SELECT v.last_value + v.is_called::int, p.version, p.fresh_until, p.etag, p.content_type, p.headers,
    p.has_token, p.body
FROM {SEQUENCE} v LEFT JOIN jura_portal_cachedpage p ON p.key = %s
"""  # noqa: S608 - constants
STORE_SQL = """
INSERT INTO jura_portal_cachedpage
    (key, path, version, fresh_until, etag, content_type, headers, has_token, body, rendered_at)
VALUES (%s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s, now())
ON CONFLICT (key) DO UPDATE SET
    path = EXCLUDED.path, version = EXCLUDED.version, fresh_until = EXCLUDED.fresh_until,
    etag = EXCLUDED.etag, content_type = EXCLUDED.content_type, headers = EXCLUDED.headers, has_token = EXCLUDED.has_token,
    body = EXCLUDED.body, rendered_at = EXCLUDED.rendered_at
WHERE jura_portal_cachedpage.version <= EXCLUDED.version
"""


# --- What changes the pages ------------------------------------------------------------------------


def current() -> int:
    """The public pages' version now (the lookup reads it in the same statement as the page)."""
    return versions.current(SEQUENCE)


def bump() -> None:
    """Something a public page shows changed (or will, when the transaction commits)."""
    versions.bump(SEQUENCE)


def _changed(sender, raw: bool = False, **kwargs) -> None:
    if not raw:  # fixtures being loaded
        bump()


def watch(*models: type[Model]) -> None:
    """Move the version whenever a row of these models is saved or deleted (or its m2m changes)."""
    for model in models:
        uid = f"pagecache-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
            )


def fresh_until(request: HttpRequest, when: datetime | None) -> None:
    """The page shows something that changes with time at `when` (an event starts, registrations close)."""
    if when is None:
        return
    current = getattr(request, FRESHNESS_ATTRIBUTE, None)
    setattr(request, FRESHNESS_ATTRIBUTE, when if current is None else min(current, when))


def next_midnight() -> datetime:
    """Pages say "today" in many ways (a licence valid until, the year in the footer)."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


def purge_outdated() -> int:
    """Delete the stored pages nobody will be served any more (an older version, or no longer fresh):
    they may still hold what a member has since hidden (a phone number, a listing withdrawn)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM jura_portal_cachedpage WHERE fresh_until <= now()"  # noqa: S608 - a constant
            f" OR version < (SELECT last_value + is_called::int FROM {SEQUENCE})"
        )
        return cursor.rowcount


# --- Serving ---------------------------------------------------------------------------------------


def is_personal(request: HttpRequest) -> bool:
    """A session may hold a signed-in person or a message for them: their page is theirs alone."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def page_key(request: HttpRequest) -> str:
    # The host and scheme too: a page may name its own address (og:image, JSON-LD), and one host's
    # page must never be served under another (several allowed hosts, http and https).
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    text = f"{translation.get_language()}|{request.scheme}://{request.get_host()}|{request.path}|{query}"
    return hashlib.sha256(text.encode()).hexdigest()


def _storable_query(request: HttpRequest, params: frozenset[str]) -> bool:
    """Only addresses the view reads are stored: `?utm_source=`, `?next=` or `?x=1`, `?x=2`... would
    each be a new stored page (a visitor could fill the table), so they are rendered, never stored."""
    return len(request.META.get("QUERY_STRING", "")) <= MAX_STORED_QUERY and all(
        name in params for name in request.GET
    )


def _visitor_etag(etag: str, has_token: bool, request: HttpRequest) -> str:
    if not has_token:
        return f'"{etag}"'
    # The visitor's copy holds a token made from their CSRF secret: it is current only with that secret.
    secret = request.META.get("CSRF_COOKIE", "")
    return 'W/"' + hashlib.sha256(f"{etag}|{secret}".encode()).hexdigest()[:32] + '"'


def _matches(request: HttpRequest, etag: str) -> bool:
    wanted = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
    bare = etag.removeprefix("W/")
    return "*" in wanted or any(candidate.removeprefix("W/") == bare for candidate in wanted)


def _finish(response: HttpResponse, request: HttpRequest, etag: str, has_token: bool) -> HttpResponse:
    response["ETag"] = etag
    if has_token:
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _serve(request: HttpRequest, *, etag: str, has_token: bool, content_type: str, body: str) -> HttpResponse:
    if has_token:
        get_token(request)  # the visitor's secret (and its cookie), before the ETag is derived from it
    visitor_etag = _visitor_etag(etag, has_token, request)
    if _matches(request, visitor_etag):
        return _finish(HttpResponseNotModified(), request, visitor_etag, has_token)
    if has_token:
        body = body.replace(TOKEN_PLACEHOLDER, get_token(request))
    return _finish(HttpResponse(body, content_type=content_type), request, visitor_etag, has_token)


def _own_headers(response: HttpResponse) -> dict[str, str]:
    """What the view said besides its content (a Content-Disposition, an X-Robots-Tag), served again."""
    return {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in {"content-type", "content-length"}
    }


def _storable_body(request: HttpRequest, response: HttpResponse) -> tuple[str, bool] | None:
    """The page with this visitor's CSRF token replaced by the placeholder; None if it must not be stored."""
    if response.status_code != 200 or response.streaming or response.cookies or response.has_header("Vary"):
        return None
    if getattr(request, "_csp_nonce", None):  # a nonce is for one response only
        return None
    # The view wrote in this visitor's session (a message, a choice): the page may be theirs alone.
    session, storage = getattr(request, "session", None), getattr(request, "_messages", None)
    if (session is not None and session.modified) or getattr(storage, "added_new", False):
        return None
    body = response.content.decode(response.charset)
    if TOKEN_PLACEHOLDER in body:
        return None
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return body, False
    secret = request.META.get("CSRF_COOKIE", "")
    replaced = TOKEN_PATTERN.sub(
        lambda match: TOKEN_PLACEHOLDER if _unmask_cipher_token(match.group()) == secret else match.group(),
        body,
    )
    return replaced, True


def public_page(view: Callable | None = None, *, params: tuple[str, ...] = ()) -> Callable:
    """Serve `view` to visitors without a session from the shared store of rendered pages (see above).

    `params` names the query parameters the view reads (`@public_page(params=("q", "page"))`); an
    address with any other parameter is rendered for its visitor and not stored.
    """
    if view is None:
        return lambda view: public_page(view, params=params)
    known = frozenset(params)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if is_personal(request) or not _storable_query(request, known):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
            return response

        key = page_key(request)
        with connection.cursor() as cursor:
            cursor.execute(LOOKUP_SQL, [key])
            current, version, fresh, etag, content_type, headers, has_token, body = cursor.fetchone()
        if version == current and fresh > timezone.now():
            response = _serve(request, etag=etag, has_token=has_token, content_type=content_type, body=body)
            # Django has psycopg hand jsonb over as text (JSONField decodes it): so do we.
            for name, value in json.loads(headers).items():
                response[name] = value
            return response

        response = view(request, *args, **kwargs)
        stored = _storable_body(request, response)
        if stored is None:
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
            return response
        body, has_token = stored
        etag = hashlib.sha256(body.encode()).hexdigest()[:32]
        until = min(getattr(request, FRESHNESS_ATTRIBUTE, None) or next_midnight(), next_midnight())
        with connection.cursor() as cursor:
            cursor.execute(
                STORE_SQL,
                [
                    key,
                    request.get_full_path()[:2000],
                    current,
                    until,
                    etag,
                    response["Content-Type"],
                    json.dumps(_own_headers(response)),
                    has_token,
                    body,
                ],
            )
            if random.random() < PURGE_CHANCE:  # noqa: S311 - not security
                cursor.execute(
                    "DELETE FROM jura_portal_cachedpage WHERE rendered_at < now() - interval '1 day'"
                )
        visitor_etag = _visitor_etag(etag, has_token, request)
        if _matches(request, visitor_etag):
            return _finish(HttpResponseNotModified(), request, visitor_etag, has_token)
        return _finish(response, request, visitor_etag, has_token)

    return wrapper
