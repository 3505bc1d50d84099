"""The database connection: DATABASE_URL when set, otherwise an embedded PostgreSQL.

The embedded server comes from the `pgserver` wheel (PostgreSQL binaries inside a
Python package), keeps its data under var/pgdata and listens on a Unix socket
only. Every process that loads the settings (runserver, the worker, the tests)
holds a handle on it; the last one to exit stops it, so Ctrl-C on `make run`
leaves nothing running. Nothing here imports Django settings.
"""

import json
import logging
import os
import signal
import threading
import warnings
from pathlib import Path

import dj_database_url

logger = logging.getLogger(__name__)

EMBEDDED_DATABASE = "jura_portal"


def database_config(var_dir: Path) -> dict:
    """The DATABASES["default"] entry for this process."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        config = dj_database_url.parse(url, conn_max_age=0)
    else:
        config = embedded_database(var_dir / "pgdata", os.environ.get("EMBEDDED_DATABASE", EMBEDDED_DATABASE))
    # psycopg 3's pool, managed by Django (persistent connections must then be off).
    pool_size = int(os.environ.get("DATABASE_POOL_MAX_SIZE", "8"))
    config.setdefault("OPTIONS", {})
    # Fail fast when the database is away: a request waits this long for a connection, not 10 s.
    config["OPTIONS"].setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2")))
    if pool_size > 0:
        pool_timeout = float(os.environ.get("DATABASE_POOL_TIMEOUT", "2"))
        config["OPTIONS"]["pool"] = {"min_size": 1, "max_size": pool_size, "timeout": pool_timeout}
    config["CONN_MAX_AGE"] = 0
    return config


def embedded_database(pgdata: Path, name: str) -> dict:
    """Start (or join) the embedded server and make sure database `name` exists."""
    # pgserver keeps its lock file under XDG_RUNTIME_DIR and warns when unset; /tmp is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver
    import psycopg
    from psycopg import sql

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    _forget_dead_handles(pgdata)
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    _exit_cleanly_on_sigterm()
    info = server.get_postmaster_info()
    host = str(info.socket_dir)
    with psycopg.connect(host=host, user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            logger.info("Created database %s in the embedded PostgreSQL (%s).", name, pgdata)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": host,
        "PORT": "",
    }


def _exit_cleanly_on_sigterm() -> None:
    """Let `kill` (SIGTERM) run the exit handlers, so this process lets go of the server.

    Only where nobody else handles SIGTERM: gunicorn and the task worker have
    their own graceful shutdown, which is left alone.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _raise_system_exit)


def _raise_system_exit(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop handles of processes that died without cleaning up (kill -9, a crash).

    pgserver stops the server when the last handle goes; a dead process left in
    its list would keep the server running forever after everyone has left.
    """
    handles = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text())
    except OSError:
        return
    except ValueError:
        # pgserver rewrites this file in place; a process killed mid-write leaves it
        # empty or cut, and then every start fails on it. Start the list afresh.
        logger.warning("Repairing %s (unreadable list of the embedded server's users).", handles)
        pids = None
    alive = [pid for pid in pids or [] if _is_alive(pid)]
    if alive != pids:
        staged = handles.with_suffix(".tmp")
        staged.write_text(json.dumps(alive))
        staged.replace(handles)  # atomic: a reader never sees half a list


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
