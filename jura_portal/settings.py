"""Settings of the Made in Jura portal, read from the environment.

Every variable is documented in README.md ("Configuration"). Production is the
default: DEBUG is off unless DJANGO_DEBUG=1, and then DJANGO_SECRET_KEY is required.
"""

import os
from pathlib import Path

import bootstrap_wrapper
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from jura_portal.db import database_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DEBUG is off (see README.md, Configuration)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "jura_portal",
    "core",
    "reference",
    "members",
    "dues",
    "charter",
    "directory",
    "licensing",
    "events",
    "offers",
    "projects",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "procrastinate.contrib.django",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jura_portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jura_portal.i18n.LocaleMiddleware",  # Django's, English only on the public pages
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.CompanyMiddleware",
    "jura_portal.middleware.RejectNulMiddleware",
    "jura_portal.middleware.StaffSecondFactorMiddleware",
]

ROOT_URLCONF = "jura_portal.urls"
WSGI_APPLICATION = "jura_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jura_portal.context_processors.portal",
                "jura_portal.i18n.languages",
            ],
        },
    },
]

# Database: DATABASE_URL when set, otherwise the embedded PostgreSQL under var/ -- in development,
# or when explicitly allowed (tests, `make bench`): a production server forgetting DATABASE_URL
# must not start on an empty database of its own.
EMBEDDED_DATABASE_ALLOWED = env_bool("EMBEDDED_DATABASE_ALLOWED", DEBUG)
if not env_str("DATABASE_URL").strip() and not EMBEDDED_DATABASE_ALLOWED:
    raise ImproperlyConfigured(
        "DATABASE_URL must be set when DEBUG is off (EMBEDDED_DATABASE_ALLOWED=1 starts the embedded "
        "PostgreSQL instead; see README.md, Configuration)."
    )
DATABASES = {"default": database_config(VAR_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by every worker process: allauth's rate limits and the
# portal's own ones must hold across gunicorn workers and machines.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    }
}

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:space"  # a person logs in to do something in their space
LOGOUT_REDIRECT_URL = "home"

# django-allauth: email is the identifier, verified before the first login.
ACCOUNT_ADAPTER = "jura_portal.accounts.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupNameForm"  # first and last name, asked first
ACCOUNT_USER_DISPLAY = "members.models.user_display"  # "Léa Bourgeois", not her address
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Made in Jura] "
ACCOUNT_EMAIL_NOTIFICATIONS = True  # password changed, email added/removed: tell the owner
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, spelled out so that they are visible and tunable.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}

# Second factor (TOTP, with recovery codes): required for staff, who reach nothing but their
# account pages until they have set it up (jura_portal.middleware.StaffSecondFactorMiddleware).
MFA_ADAPTER = "jura_portal.accounts.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Made in Jura"

LANGUAGE_CODE = "fr"
# French everywhere at the usual addresses; the public pages also in English under /en/ (for buyers
# abroad: who makes what, is a logo genuine). Which pages: jura_portal/i18n.py.
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", bootstrap_wrapper.get_bootstrap_dir()),
]
# Uploaded files. Nothing is ever served straight from a folder or a bucket: every
# file goes through the view at MEDIA_URL (jura_portal.media), which checks who may
# see it (public: approved logos of listed members, approved label photos; the rest
# only to its company, staff with the permission, members for members' offers).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
MEDIA_PUBLIC_MAX_AGE = env_int("MEDIA_PUBLIC_MAX_AGE", 3600)  # seconds a proxy/browser keeps a public file
# S3-compatible object storage (several web machines): set the bucket, the rest as the provider says.
STORAGE_S3_BUCKET = env_str("STORAGE_S3_BUCKET")
STORAGE_S3_PRIVATE_BUCKET = env_str("STORAGE_S3_PRIVATE_BUCKET", STORAGE_S3_BUCKET)


def s3_storage(bucket: str, location: str, base_url: str) -> dict:
    """A django-storages S3 backend on a private bucket: objects are never publicly readable."""
    return {
        "BACKEND": "jura_portal.storage.PortalS3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": location,
            "base_url": base_url,  # the portal's own address of a file (see jura_portal.storage)
            "endpoint_url": env_str("STORAGE_S3_ENDPOINT_URL") or None,
            "region_name": env_str("STORAGE_S3_REGION") or None,
            "access_key": env_str("STORAGE_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("STORAGE_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "addressing_style": env_str("STORAGE_S3_ADDRESSING_STYLE") or None,
        },
    }


STORAGES = {
    "default": s3_storage(STORAGE_S3_BUCKET, "media", MEDIA_URL)
    if STORAGE_S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Supporting documents and logo kits: no URL at all, served only through views that check permissions.
    "private": s3_storage(STORAGE_S3_PRIVATE_BUCKET, "private", "/non-public/")
    if STORAGE_S3_PRIVATE_BUCKET
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/non-public/"},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background work (emails, payment checks, scheduled jobs): Django's task API on top of
# Procrastinate, a queue in PostgreSQL (jura_portal/queue.py), run by `manage.py worker`.
TASKS = {"default": {"BACKEND": "jura_portal.queue.ProcrastinateBackend"}}
PROCRASTINATE_IMPORT_PATHS = ["jura_portal.queue", "jura_portal.schedule"]
# A failed task is tried again after TASKS_RETRY_BASE_SECONDS ** attempt seconds (3, 9, 27... s),
# TASKS_MAX_ATTEMPTS times in all (about 2 h 45 min with the defaults), then stays "failed" for staff.
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 8)
TASKS_RETRY_BASE_SECONDS = env_int("TASKS_RETRY_BASE_SECONDS", 3)
# Each worker says it is alive every WORKER_HEARTBEAT_SECONDS; the task in hand of a worker silent
# for WORKER_STALLED_AFTER_SECONDS (killed, machine lost) is handed to another worker.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10)
WORKER_STALLED_AFTER_SECONDS = env_int("WORKER_STALLED_AFTER_SECONDS", 60)
# New tasks wake the worker at once (LISTEN/NOTIFY); retries and delayed tasks are polled this often.
WORKER_POLL_SECONDS = float(env_str("WORKER_POLL_SECONDS", "5"))
# A scheduled job missed while no worker ran (a night's outage, `make run` started at noon)
# is run once when a worker starts, if its time passed less than this long ago.
PROCRASTINATE_PERIODIC_DEFAULTS = {"max_delay": 24 * 3600}

# Email: SMTP when EMAIL_HOST is set; in development, each message is written
# under var/mail/ and summed up on the worker's console.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Made in Jura <ne-pas-repondre@madeinjura.fr>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The domain in each message's Message-ID (<key@domain>), which is also its idempotency key.
EMAIL_MESSAGE_ID_DOMAIN = env_str("EMAIL_MESSAGE_ID_DOMAIN", "madeinjura.fr")
_email_host = env_str("EMAIL_HOST")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "use_ssl": env_bool("EMAIL_USE_SSL"),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "jura_portal.mail.DevMailBackend",
            "OPTIONS": {"folder": str(VAR_DIR / "mail")},
        }
    }

# Error reports (a 500, an error logged by Django) go by email to ADMINS, and to Sentry when
# SENTRY_DSN is set (jura_portal/errorreports.py scrubs personal data first).
ADMINS = env_list("DJANGO_ADMINS")
EMAIL_SUBJECT_PREFIX = "[Made in Jura] "
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from jura_portal.errorreports import init_sentry

    init_sentry(SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT", "production"))

# Security. Production values by default; DEBUG relaxes what plain HTTP needs.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Reverse proxies in front of the portal, each appending to X-Forwarded-For: the client's address is
# the one this many entries from the right (jura_portal/clientip.py). 0: REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 1 if BEHIND_PROXY else 0)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The association, as it appears on pages, emails and (later) invoices.
ASSOCIATION = {
    "name": env_str("ASSOCIATION_NAME", "Made in Jura"),
    "address": env_str("ASSOCIATION_ADDRESS", "Maison de l'entreprise, 39000 Lons-le-Saunier"),
    "siren": env_str("ASSOCIATION_SIREN", ""),
    "email": env_str("ASSOCIATION_EMAIL", "contact@madeinjura.fr"),
}

# Membership.
CHARTER_REMINDER_DAYS = [int(d) for d in env_list("CHARTER_REMINDER_DAYS", "14,3")]
INVITATION_MAX_AGE_DAYS = env_int("INVITATION_MAX_AGE_DAYS", 7)
# What the public "Adhérer" page says of the committee's pace (weeks from a complete file to the decision).
MEMBERSHIP_REVIEW_WEEKS = env_int("MEMBERSHIP_REVIEW_WEEKS", 4)
INVITATION_RATE = env_str("INVITATION_RATE", "10/d")  # invitations a company may send
UPLOAD_IMAGE_MAX_BYTES = env_int("UPLOAD_IMAGE_MAX_BYTES", 2 * 1024 * 1024)
UPLOAD_IMAGE_MAX_PIXELS = env_int("UPLOAD_IMAGE_MAX_PIXELS", 16_000_000)
UPLOAD_PDF_MAX_BYTES = env_int("UPLOAD_PDF_MAX_BYTES", 5 * 1024 * 1024)

# Dues and payments (dues).
# The association's legal and bank details printed on invoices (added to ASSOCIATION above).
ASSOCIATION.update(
    {
        "legal_status": env_str("ASSOCIATION_LEGAL_STATUS", "Association loi 1901"),
        "iban": env_str("ASSOCIATION_IBAN", ""),
        "bic": env_str("ASSOCIATION_BIC", ""),
    }
)
# Members may pay by bank transfer: the pay page and the invoices give the IBAN and BIC above
# (`check --deploy` warns, dues.W002, while they are missing).
DUES_BANK_TRANSFER = env_bool("DUES_BANK_TRANSFER", True)
DUES_INVOICE_PREFIX = env_str("DUES_INVOICE_PREFIX", "MIJ")  # MIJ-2027-00001, avoirs MIJ-AV-2027-00001
DUES_PRORATION = env_str("DUES_PRORATION", "quarter")  # joining during the year: "quarter" or "full"
# First invoices are due this many days after issue (renewals too, at the latest).
DUES_PAYMENT_TERM_DAYS = env_int("DUES_PAYMENT_TERM_DAYS", 30)
DUES_RENEWAL_OPENS = env_str("DUES_RENEWAL_OPENS", "12-01")  # MM-DD of year N-1 when year N's renewals go out
DUES_RENEWAL_DUE = env_str("DUES_RENEWAL_DUE", "01-31")  # MM-DD of year N: renewal due date
DUES_REMINDER_DAYS_BEFORE = [int(d) for d in env_list("DUES_REMINDER_DAYS_BEFORE", "30,7")]
DUES_REMINDER_DAYS_AFTER = [int(d) for d in env_list("DUES_REMINDER_DAYS_AFTER", "15,30")]
DUES_GRACE_DAYS = env_int("DUES_GRACE_DAYS", 60)  # unpaid this long after the due date: the member lapses
DUES_LATE_PAYMENT_TEXT = env_str(
    "DUES_LATE_PAYMENT_TEXT",
    "En cas de retard de paiement : pénalités au taux de trois fois le taux d'intérêt légal et indemnité "
    "forfaitaire pour frais de recouvrement de 40 € (art. L441-10 et D441-5 du Code de commerce). "
    "Pas d'escompte pour paiement anticipé.",
)

# Payment providers (dues/providers/): which one members pay with online.
# "helloasso" or "stripe" in production; "demo" (a local page that simulates the
# provider) exists only when DEBUG is on; "" means no online payment (transfer/cheque only).
PAYMENT_PROVIDER = env_str("PAYMENT_PROVIDER", "demo" if DEBUG else "").strip().lower()
if PAYMENT_PROVIDER not in {"", "demo", "helloasso", "stripe"}:
    raise ImproperlyConfigured("PAYMENT_PROVIDER must be helloasso, stripe, demo or empty (see README.md).")
PAYMENT_HTTP_TIMEOUT = env_int("PAYMENT_HTTP_TIMEOUT", 10)  # seconds, for each call to a provider's API
# Extra tries of a provider call that timed out or got a 5xx (for HelloAsso: reads and new tokens,
# never a checkout): with the timeout, (1 + retries) x timeout must stay below gunicorn's timeout
# (30 s by default).
PAYMENT_HTTP_RETRIES = env_int("PAYMENT_HTTP_RETRIES", 1)
# The reconciliation job re-checks online checkouts that are not final for this many days.
PAYMENT_RECONCILE_MAX_AGE_DAYS = env_int("PAYMENT_RECONCILE_MAX_AGE_DAYS", 7)
# HelloAsso API v5 (sandbox: https://api.helloasso-sandbox.com).
HELLOASSO_API_URL = env_str("HELLOASSO_API_URL", "https://api.helloasso.com").rstrip("/")
HELLOASSO_CLIENT_ID = env_str("HELLOASSO_CLIENT_ID")
HELLOASSO_CLIENT_SECRET = env_str("HELLOASSO_CLIENT_SECRET")
HELLOASSO_ORGANIZATION_SLUG = env_str("HELLOASSO_ORGANIZATION_SLUG")
# Stripe Checkout; the webhook endpoint is /paiement/stripe/webhook/.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env_str("STRIPE_API_BASE", "https://api.stripe.com").rstrip("/")
STRIPE_WEBHOOK_TOLERANCE = env_int("STRIPE_WEBHOOK_TOLERANCE", 300)  # seconds a signed event stays valid

# Directory (directory).
# How often one client may reveal a member's contact e-mail (a POST on the member page).
DIRECTORY_REVEAL_RATE = env_str("DIRECTORY_REVEAL_RATE", "10/m")
# Seconds each process keeps the counts per filter value of the list without a search (0: never).
# They are keyed by the directory's version, so a change shows at once whatever this is.
DIRECTORY_COUNTS_CACHE_SECONDS = env_int("DIRECTORY_COUNTS_CACHE_SECONDS", 60)

# Logo licensing (licensing).
LICENCE_VERIFY_RATE = env_str("LICENCE_VERIFY_RATE", "30/m")  # verification pages a visitor may open
LICENSING_MARK_FONT = env_str("LICENSING_MARK_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

# Events (events).
EVENT_GUEST_RATE = env_str("EVENT_GUEST_RATE", "10/h")  # guest registrations per client address
EVENT_GUEST_CONFIRM_MAX_AGE_DAYS = env_int("EVENT_GUEST_CONFIRM_MAX_AGE_DAYS", 7)
EVENT_CANCEL_LINK_MAX_AGE_DAYS = env_int("EVENT_CANCEL_LINK_MAX_AGE_DAYS", 400)

# Members' offers (offers).
OFFERS_PER_PAGE = env_int("OFFERS_PER_PAGE", 24)  # offers per page of /offres/
OFFERS_MAX_VALIDITY_DAYS = env_int("OFFERS_MAX_VALIDITY_DAYS", 365)  # how far ahead "valid until" may be
OFFERS_MAX_LIVE_PER_COMPANY = env_int("OFFERS_MAX_LIVE_PER_COMPANY", 10)  # offers online at once
OFFERS_CONTACT_RATE = env_str("OFFERS_CONTACT_RATE", "10/h")  # contact messages a person may send

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(client)s]: %(message)s"}},
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "client_address": {"()": "jura_portal.logfilters.ClientAddressFilter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["client_address"]},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own default config also prints; one line per event is enough.
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
        "pgserver": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
        # Every command would list the schedule it registers; the worker still logs each job.
        "procrastinate.periodic": {"level": "WARNING"},
        "procrastinate.blueprints": {"level": "WARNING"},
        # Its INFO lines print every job's arguments (e-mail addresses and bodies): personal data in
        # the logs. Failures and retries are logged at WARNING and above; staff see every task in the
        # admin (Tâches de fond).
        "procrastinate.worker": {"level": "WARNING"},
    },
}
