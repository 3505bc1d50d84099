"""`make bench` (`python -m bench`): seed the bench database, serve it under gunicorn, load each page.

Read docs/bench.md for what the numbers mean and how to add a seeder or a page.
"""

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from time import perf_counter

import dj_database_url
import django
from django.conf import settings

from bench import report, server
from bench.pages import BASELINE, Page, all_pages

BASE_DIR = Path(__file__).resolve().parent.parent
END_BASELINE = "plain list (end)"
DRIFT_WARNING = 0.15  # beyond this gap between the two baselines, ratios are suspect


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured per page (10)")
    parser.add_argument("--concurrency", type=int, default=16, help="simultaneous connections (16)")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of uncounted load per page (1)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="cap per page (100,000)")
    parser.add_argument("--rounds", type=int, default=1, help="repeat, keep each page's median (1)")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size factor (1 = the target)")
    parser.add_argument("--only", metavar="PAGE", help="measure this page only (and the plain list page)")
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--reseed", action="store_true", help="empty the bench database and seed again")
    parser.add_argument("--yes", action="store_true", help="agree to seed the database of DATABASE_URL")
    args = parser.parse_args(argv)
    if min(args.duration, args.concurrency, args.rounds, args.scale) <= 0 or args.warmup < 0:
        parser.error(
            "--duration, --concurrency, --rounds and --scale must be positive, --warmup not negative"
        )
    if args.skip_seed and args.reseed:
        parser.error("--skip-seed and --reseed contradict each other")
    return args


def external_database_refusal() -> str:
    """Why we stop: DATABASE_URL points at a database that the bench would write 20,000 users into."""
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    where = f"database {config.get('NAME')!r} on {config.get('HOST') or 'the local socket'}"
    return (
        f"DATABASE_URL is set: the bench would migrate {where} and seed a large data set into it"
        " (and empty it first with --reseed or a new --scale).\n"
        "Run again with --yes if that is what you want, or unset DATABASE_URL to use the embedded"
        " PostgreSQL's own jura_portal_bench database."
    )


def prepare(args: argparse.Namespace) -> tuple[list[dict], float]:
    """Migrate, create the cache table, collect static files, seed. Returns the data set and the seed time."""
    from django.core.management import call_command

    from bench import seed  # its models need django.setup()

    print("Preparing the bench database (migrate, cache table, static files)…", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if args.skip_seed:
        print("Not seeding (--skip-seed): measuring the database as it is.", flush=True)
        return [asdict(result) for result in seed.seeded().values()], 0.0
    print(f"Seeding at scale {args.scale:g}…", flush=True)
    started = perf_counter()
    results = seed.seed(args.scale, reseed=args.reseed)
    seconds = perf_counter() - started
    print(f"Seed done in {seconds:.1f} s.", flush=True)
    return [asdict(result) for result in results], seconds


def load(url: str, args: argparse.Namespace, *, new_each_time: bool = False) -> dict:
    """One page under load, from a separate process (bench/load.py)."""
    command = [
        sys.executable,
        "-m",
        "bench.load",
        url,
        f"--duration={args.duration}",
        f"--concurrency={args.concurrency}",
        f"--max-requests={args.max_requests}",
        f"--warmup={args.warmup}",
        *(["--new-each-time"] if new_each_time else []),
    ]
    budget = args.warmup + args.duration + 60  # the driver stops itself; this is the safety net
    finished = subprocess.run(
        command, cwd=BASE_DIR, capture_output=True, text=True, timeout=budget, check=False
    )
    if finished.returncode != 0:
        raise RuntimeError(f"The load driver failed on {url}:\n{finished.stderr}")
    return json.loads(finished.stdout)


def measure(pages: list[Page], args: argparse.Namespace, log_path: Path) -> list[dict]:
    """Serve the portal, load each page in turn, the plain list page first and again last.

    With --rounds N the whole sequence runs N times and each row keeps its
    median round: a burst of load from another process then hits every page
    alike, instead of one page that happened to run at that moment.
    """
    paths = {page.name: page.url() for page in pages}
    # The second baseline tells whether the machine stayed as quiet as at the start.
    runs = [*((page.name, paths[page.name]) for page in pages), (END_BASELINE, paths[BASELINE.name])]
    new_each_time = {page.name for page in pages if page.new_each_time}
    rounds: dict[str, list[dict]] = {name: [] for name, _ in runs}
    with server.gunicorn(cwd=BASE_DIR, log_path=log_path, probe_path=paths[BASELINE.name]) as base_url:
        print(
            f"Serving on {base_url} ({server.WORKERS} workers); {args.duration:g} s per page"
            f" with {args.concurrency} connections, {args.rounds} round(s).",
            flush=True,
        )
        for number in range(1, args.rounds + 1):
            for name, path in runs:
                stats = load(base_url + path, args, new_each_time=name in new_each_time)
                rounds[name].append({"name": name, "url": path, **stats})
                print(f"  [{number}] {name}: {stats['rps']:,.1f} req/s, {stats['errors']} errors", flush=True)
    return [median_round(results) for results in rounds.values()]


def median_round(results: list[dict]) -> dict:
    """The round with the median rate, as measured (not a blend of rounds); errors of all rounds."""
    chosen = sorted(results, key=lambda result: result["rps"])[(len(results) - 1) // 2]
    error_kinds = sum((Counter(result["error_kinds"]) for result in results), Counter())
    return {**chosen, "errors": sum(error_kinds.values()), "error_kinds": dict(error_kinds)}


def run_scenarios() -> list[dict]:
    """Each area's SCENARIOS (functions returning a dict of figures), run in this process against the bench database."""
    from bench.seed import area_lists

    results = []
    for scenario in area_lists("SCENARIOS"):
        print(f"Scenario {scenario.__name__.removeprefix('scenario_')}…", flush=True)
        results.append(scenario())
    return results


def git_state() -> dict:
    def git(*arguments: str) -> str:
        return subprocess.run(
            ["git", *arguments], cwd=BASE_DIR, capture_output=True, text=True, check=False
        ).stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD") or "unknown",
        "dirty": bool(git("status", "--porcelain")),
    }


def chosen_pages(only: str | None) -> list[Page]:
    """All the pages, or the plain list page and `only` (the ratio needs the baseline of the same run)."""
    pages = all_pages()
    if not only:
        return pages
    chosen = [page for page in pages if page.name == only]
    if not chosen:
        names = ", ".join(page.name for page in pages)
        raise SystemExit(f"Unknown page {only!r}; the pages are: {names}.")
    return [BASELINE, *[page for page in chosen if page is not BASELINE]]


def run(args: argparse.Namespace) -> int:
    django.setup()
    pages = chosen_pages(args.only)
    started_at = datetime.now().astimezone().isoformat(timespec="seconds")
    seeded, seed_seconds = prepare(args)
    results_dir = Path(settings.VAR_DIR) / "bench"
    load_before = os.getloadavg()[0]
    measured = measure(pages, args, results_dir / "gunicorn.log")
    scenarios = [] if args.only else run_scenarios()

    first, last = measured[0]["rps"], measured[-1]["rps"]
    baseline = (first + last) / 2
    drift = abs(first - last) / baseline if baseline else None
    for page in measured:
        page["ratio"] = round(page["rps"] / baseline, 3) if baseline else None

    results = {
        "started_at": started_at,
        "git": git_state(),
        "machine": {
            "cpus": os.cpu_count(),
            # Other processes share the CPUs with gunicorn and the driver: a busy machine skews everything.
            "load_average_before": round(load_before, 2),
            "load_average_after": round(os.getloadavg()[0], 2),
            "python": platform.python_version(),
            "django": django.get_version(),
        },
        "run": {
            "workers": server.WORKERS,
            "concurrency": args.concurrency,
            "duration": args.duration,
            "rounds": args.rounds,
            "warmup": args.warmup,
            "max_requests": args.max_requests,
        },
        "seed": seeded,
        "seed_seconds": round(seed_seconds, 1),
        "baseline_rps": round(baseline, 1),
        "baseline_drift": round(drift, 3) if drift is not None else None,
        "pages": measured,
        "scenarios": scenarios,
    }
    json_path, markdown_path = report.write(results, results_dir)
    print()
    print(report.text_table(results))
    if scenarios:
        print()
        print(report.scenarios_text(scenarios))
    print(f"\nWritten to {json_path} and {markdown_path} (and latest.md).")
    if drift is None or drift > DRIFT_WARNING:
        print(
            "The plain list page's rate moved during the run (first and last rows): the machine was busy;"
            " take the ratios with care, or run again.",
            file=sys.stderr,
        )
    if any(not scenario.get("exact", True) or scenario.get("errors") for scenario in scenarios):
        print("A scenario went wrong (see its row above).", file=sys.stderr)
        return 1
    if any(page["errors"] for page in measured):
        print("Some requests failed: see the errors above and var/bench/gunicorn.log.", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Before anything imports the settings: the bench's own settings and database.
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if os.environ.get("DATABASE_URL") and not args.yes:
        print(external_database_refusal(), file=sys.stderr)
        return 2
    # A plain `kill` must stop gunicorn too: turn SIGTERM into the same unwinding as Ctrl-C.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        return run(args)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    except RuntimeError as error:  # gunicorn or the load driver failed: their output says why
        print(f"\n{error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
