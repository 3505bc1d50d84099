"""Signed links of the projects domain (django.core.signing, no token table)."""

from django.conf import settings
from django.core import signing
from django.urls import NoReverseMatch, reverse

from projects.models import Follower

UNFOLLOW_SALT = "projects.unfollow"
UNFOLLOW_MAX_AGE = 60 * 60 * 24 * 400  # a news email stays unsubscribable for over a year


def unfollow_token(follower: Follower) -> str:
    return signing.dumps(
        {"p": follower.project_id, "e": follower.email.lower()}, salt=UNFOLLOW_SALT, compress=True
    )


def read_unfollow_token(token: str) -> tuple[int, str] | None:
    """(project id, email) of a valid unsubscribe token, else None."""
    try:
        data = signing.loads(token, salt=UNFOLLOW_SALT, max_age=UNFOLLOW_MAX_AGE)
    except signing.BadSignature:
        return None
    return int(data["p"]), str(data["e"])


def unfollow_url(follower: Follower) -> str:
    """The one-click unsubscribe link (route `projects:unfollow`, from the public pages' slice)."""
    try:
        path = reverse("projects:unfollow", kwargs={"token": unfollow_token(follower)})
    except NoReverseMatch:
        path = "/projets/"
    return settings.SITE_URL + path


# --- Following without an account: the emailed confirmation link (public pages' slice) -------------

FOLLOW_SALT = "projects.follow"
FOLLOW_MAX_AGE = 60 * 60 * 24 * 7  # a week to click the confirmation link


def follow_token(project_id: int, email: str) -> str:
    return signing.dumps({"p": project_id, "e": email.strip().lower()}, salt=FOLLOW_SALT, compress=True)


def read_follow_token(token: str) -> tuple[int, str] | None:
    """(project id, email) of a valid confirmation token, else None (forged or older than a week)."""
    try:
        data = signing.loads(token, salt=FOLLOW_SALT, max_age=FOLLOW_MAX_AGE)
    except signing.BadSignature:
        return None
    return int(data["p"]), str(data["e"])
