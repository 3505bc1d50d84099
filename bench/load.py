"""The load driver: threads sending GET requests to one URL on 127.0.0.1, bounded in time and count.

It runs in a process of its own (`python -m bench.load URL ...`, JSON on
stdout) so that its threads do not share a GIL with the harness, and it uses
only the standard library so that it measures the server, not a client
library. It refuses any host but 127.0.0.1: a benchmark must never load a
machine that did not ask for it.
"""

import argparse
import json
import math
import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from http.client import HTTPConnection, HTTPException
from itertools import count
from time import perf_counter
from urllib.parse import urlsplit

HEADERS = {"User-Agent": "jura-portal-bench", "Accept": "text/html,*/*", "Accept-Language": "fr"}


@dataclass
class Stats:
    """What one page did under load. Rates and latencies count only the 2xx answers."""

    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float | None  # None when no request succeeded
    p95_ms: float | None
    error_kinds: dict[str, int] = field(default_factory=dict)
    # Time spent in Django (the Server-Timing header bench.settings adds), without the wait in
    # gunicorn's queue: None when the server sent no such header.
    server_p50_ms: float | None = None
    server_p95_ms: float | None = None
    bytes: int | None = None  # size of the last successful body


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: a latency that was actually observed, never an interpolation."""
    rank = math.ceil(fraction * len(sorted_values))
    return sorted_values[min(max(rank, 1), len(sorted_values)) - 1]


def server_duration(header: str | None) -> float | None:
    """`app;dur=12.34` -> 0.01234 (seconds)."""
    if not header or "dur=" not in header:
        return None
    try:
        return float(header.split("dur=", 1)[1].split(",", 1)[0].split(";", 1)[0]) / 1000
    except ValueError:
        return None


def summarize(
    latencies: list[float],
    errors: Counter,
    seconds: float,
    server_times: list[float] | None = None,
    size: int | None = None,
) -> Stats:
    """Stats from per-request latencies (in seconds) over a window of `seconds`."""
    ordered = sorted(latencies)
    on_server = sorted(server_times or [])

    def milliseconds(fraction: float, values: list[float] = ordered) -> float | None:
        return round(percentile(values, fraction) * 1000, 2) if values else None

    return Stats(
        requests=len(ordered),
        errors=sum(errors.values()),
        seconds=round(seconds, 3),
        rps=round(len(ordered) / seconds, 1) if seconds > 0 else 0.0,
        p50_ms=milliseconds(0.50),
        p95_ms=milliseconds(0.95),
        error_kinds=dict(errors),
        server_p50_ms=milliseconds(0.50, on_server),
        server_p95_ms=milliseconds(0.95, on_server),
        bytes=size,
    )


def run_load(
    url: str,
    *,
    duration: float,
    concurrency: int,
    max_requests: int,
    warmup: float = 0.0,
    timeout: float = 10.0,
    new_each_time: bool = False,
) -> Stats:
    """GET `url` from `concurrency` keep-alive connections for `warmup` + `duration` seconds.

    Requests started during the warm-up (first hits on each worker: imports,
    template compilation, pool connections) are not counted. Measurement stops
    at the deadline or after `max_requests` counted requests, whichever comes first.
    """
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname != "127.0.0.1" or parts.port is None:
        raise ValueError(f"The load driver only loads http://127.0.0.1:<port>/, not {url!r}.")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    started = perf_counter()
    measure_from = started + warmup
    deadline = measure_from + duration
    tickets = iter(range(max_requests))
    tickets_lock = threading.Lock()
    addresses = count()  # thread-safe enough: next() on itertools.count is atomic under the GIL
    separator = "&" if parts.query else "?"

    def take_ticket() -> bool:
        with tickets_lock:
            return next(tickets, None) is not None

    sizes: list[int] = []

    def client() -> tuple[list[float], Counter, list[float]]:
        latencies: list[float] = []
        server_times: list[float] = []
        errors: Counter = Counter()
        # http.client reopens the connection by itself when the server closes it
        # (gunicorn's sync workers do after every answer).
        connection = HTTPConnection("127.0.0.1", parts.port, timeout=timeout)
        try:
            while (sent_at := perf_counter()) < deadline:
                counted = sent_at >= measure_from
                if counted and not take_ticket():
                    break
                try:
                    path = f"{target}{separator}bench={next(addresses)}" if new_each_time else target
                    connection.request("GET", path, headers=HEADERS)
                    response = connection.getresponse()
                    body = response.read()
                    on_server = server_duration(response.getheader("Server-Timing"))
                    kind = None if 200 <= response.status < 300 else f"HTTP {response.status}"
                except (OSError, HTTPException) as error:
                    connection.close()
                    kind = type(error).__name__
                if not counted:
                    continue
                if kind is None:
                    latencies.append(perf_counter() - sent_at)
                    if on_server is not None:
                        server_times.append(on_server)
                    if not sizes:
                        sizes.append(len(body))
                else:
                    errors[kind] += 1
        finally:
            connection.close()
        return latencies, errors, server_times

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        outcomes = list(pool.map(lambda _: client(), range(concurrency)))
    finished = perf_counter()

    latencies = [latency for outcome, _, _ in outcomes for latency in outcome]
    server_times = [duration for _, _, durations in outcomes for duration in durations]
    errors = sum((outcome_errors for _, outcome_errors, _ in outcomes), Counter())
    return summarize(latencies, errors, finished - measure_from, server_times, sizes[0] if sizes else None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("url", help="http://127.0.0.1:<port>/path")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured")
    parser.add_argument("--concurrency", type=int, default=8, help="simultaneous connections")
    parser.add_argument("--max-requests", type=int, default=100_000, help="stop after this many")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of load not counted")
    parser.add_argument("--new-each-time", action="store_true", help="a new address for every request")
    args = parser.parse_args(argv)
    try:
        stats = run_load(
            args.url,
            duration=args.duration,
            concurrency=args.concurrency,
            max_requests=args.max_requests,
            warmup=args.warmup,
            new_each_time=args.new_each_time,
        )
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(json.dumps(asdict(stats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
