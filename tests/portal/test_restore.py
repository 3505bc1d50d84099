"""The documented restore (docs/operations.md) works for a portal that connects as its own role.

Against the PostgreSQL server (DATABASE_URL on TCP, as in CI's second pass): an administrator
dumps the database, restores it into a new database with `--no-owner --role=<app role>`, and the
portal, connecting as that role, migrates and answers 200 on /healthz. Restored without `--role`,
the tables belong to the administrator: /healthz says 503 instead of a misleading 200.
"""

import os
import shutil
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from tests.portal.worker_harness import ROOT

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server():
    s = connection.settings_dict
    if not s["HOST"] or s["HOST"].startswith("/") or not shutil.which("pg_restore"):
        pytest.skip("needs a PostgreSQL server on TCP (DATABASE_URL) and pg_dump/pg_restore")
    admin = {"host": s["HOST"], "port": s["PORT"] or 5432, "user": s["USER"], "password": s["PASSWORD"]}
    suffix = uuid.uuid4().hex[:8]
    names = {"role": f"portal_app_{suffix}", "good": f"restored_{suffix}", "bad": f"restored_bad_{suffix}"}
    with psycopg.connect(**admin, dbname="postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD 'app'").format(sql.Identifier(names["role"])))
        for db in ("good", "bad"):
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(names[db]), sql.Identifier(names["role"])
                )
            )
    yield admin, names, s["NAME"]
    with psycopg.connect(**admin, dbname="postgres", autocommit=True) as conn:
        for db in ("good", "bad"):
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(names[db])))
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(names["role"])))


def pg_env(admin: dict) -> dict:
    return {
        **os.environ,
        "PGHOST": admin["host"],
        "PGPORT": str(admin["port"]),
        "PGUSER": admin["user"],
        "PGPASSWORD": admin["password"] or "",
    }


def portal(admin: dict, role: str, dbname: str, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jura_portal.settings",
        "DJANGO_SECRET_KEY": "tests-only-not-a-secret",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"postgres://{role}:app@{admin['host']}:{admin['port']}/{dbname}",
    }
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


HEALTHZ = (
    "-c",
    "import django; django.setup(); from django.test import Client; "
    "print(Client().get('/healthz', secure=True).status_code)",
)


def test_a_restore_as_documented_gives_a_portal_that_migrates_and_is_healthy(server, tmp_path):
    admin, names, source = server
    dump = tmp_path / "portal.dump"
    env = pg_env(admin)
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", source], env=env, check=True)

    subprocess.run(
        ["pg_restore", "--no-owner", f"--role={names['role']}", f"--dbname={names['good']}", str(dump)],
        env=env,
        check=True,
    )
    migrate = portal(admin, names["role"], names["good"], "manage.py", "migrate", "--noinput")
    assert migrate.returncode == 0, migrate.stderr[-2000:]
    assert portal(admin, names["role"], names["good"], *HEALTHZ).stdout.strip() == "200"

    # The restore that went wrong before: the administrator ends up owning every table.
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={names['bad']}", str(dump)], env=env, check=True)
    assert portal(admin, names["role"], names["bad"], *HEALTHZ).stdout.strip() == "503"
