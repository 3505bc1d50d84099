"""Production settings: safe by default, and `check --deploy` has nothing to say."""

import os
import re
import subprocess
import sys

from django.conf import settings
from django.db import connection

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-with-enough-entropy-0123456789",
    "DJANGO_ALLOWED_HOSTS": "portail.madeinjura.fr",
    "SITE_URL": "https://portail.madeinjura.fr",
    "ASSOCIATION_SIREN": "512345678",
    "ASSOCIATION_IBAN": "FR76 3000 4000 0500 0012 3456 789",
    "ASSOCIATION_BIC": "BNPAFRPP",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    base["DJANGO_SETTINGS_MODULE"] = "jura_portal.settings"
    if base.get("DATABASE_URL"):
        # Some checks ask the server what it supports (generated columns): point them at
        # the test database, the one that exists while the tests run.
        base["DATABASE_URL"] = base["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_check_deploy_reports_nothing_in_production_mode(db):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_invoices_would_lack_the_association_siren(db):
    env = {**PRODUCTION_ENV, "ASSOCIATION_SIREN": ""}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "dues.W001" in result.stderr + result.stdout


def test_check_deploy_warns_when_transfers_are_offered_without_the_bank_details(db):
    env = {**PRODUCTION_ENV, "ASSOCIATION_IBAN": "", "ASSOCIATION_BIC": ""}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "dues.W002" in result.stderr + result.stdout
    assert "IBAN and BIC" in result.stderr + result.stdout

    without_transfers = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**env, "DUES_BANK_TRANSFER": "0"}
    )
    assert without_transfers.returncode == 0, without_transfers.stdout + without_transfers.stderr


def test_debug_is_off_unless_asked():
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=PRODUCTION_ENV
    )
    assert result.stdout.strip().endswith("False"), result.stderr


def test_public_pages_carry_a_content_security_policy_without_inline_code_nor_a_nonce(client, db):
    # Scripts come from our origin only; no nonce, so that a stored public page and its header are
    # the same for every visitor (a nonce must never be served twice).
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "nonce-" not in policy
    assert "nonce=" not in response.text
    assert "unsafe-inline" not in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy


def test_a_page_with_an_inline_script_carries_its_policys_nonce(client, db):
    from django.urls import reverse

    from tests.factories.members import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("account_email"))
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"' in response.text
    assert client.get(reverse("account_email")).headers["Content-Security-Policy"] != policy


def test_the_database_is_postgresql_with_a_connection_pool():
    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["OPTIONS"]["pool"]["max_size"] >= 1
