"""Settings for `make bench`: production settings, its own database, plain HTTP on loopback.

Production is the point of a benchmark, so this only overrides what a
measurement on 127.0.0.1 needs: no TLS redirect or secure cookies, a fixed
secret key, and a database of its own so that seeding never touches dev data.
"""

import os
import tempfile
from pathlib import Path

# Read by jura_portal.settings at import time, hence set before importing it.
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ["EMBEDDED_DATABASE"] = "jura_portal_bench"  # ignored when DATABASE_URL is set
os.environ.setdefault("EMBEDDED_DATABASE_ALLOWED", "1")  # DEBUG is off, the embedded database is wanted

from jura_portal.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1"]

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# The production static storage (hashed names from a manifest), collected by
# the harness into a directory outside the work tree.
STATIC_ROOT = Path(
    os.environ.get("BENCH_STATIC_ROOT", Path(tempfile.gettempdir()) / "jura-portal-bench-static")
)

# The bench's plain reference page (bench/urls.py) has its own minimal template.
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]  # noqa: F405
MIDDLEWARE = ["bench.timing.ServerTimingMiddleware", *MIDDLEWARE]  # noqa: F405
