"""Test settings: only what the tests need to differ from production."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
# Without DATABASE_URL, the tests run on the embedded PostgreSQL (as `make test` and CI do).
os.environ.setdefault("EMBEDDED_DATABASE_ALLOWED", "1")

from jura_portal.settings import *  # noqa: F403
from jura_portal.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Static files straight from the apps and packages, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = tempfile.mkdtemp(prefix="jura-portal-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="jura-portal-private-")
STORAGES["private"] = {
    **STORAGES["private"],
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/non-public/"},
}

# The test servers speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# Production waits 2 s at most for a pooled connection (a sync gunicorn worker holds one request at a
# time). The concurrency tests run 20 to 50 threads in one process against the same pool of 8: they
# must queue, not fail, even on a loaded machine.
if "pool" in DATABASES["default"].get("OPTIONS", {}):  # noqa: F405
    DATABASES["default"]["OPTIONS"]["pool"]["timeout"] = 60  # noqa: F405
