"""The bench's load driver and its arithmetic, against a trivial local server (not the whole bench)."""

import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.load import run_load, summarize


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the driver expects
    paths: list[str] = []  # what was asked for, in order

    def do_GET(self) -> None:
        if self.path == "/missing":
            self.send_error(404)
            return
        Handler.paths.append(self.path)
        time.sleep(0.005)
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Server-Timing", "app;dur=3.5")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet tests


@pytest.fixture
def server_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_it_computes_nearest_rank_percentiles_and_the_rate():
    latencies = [milliseconds / 1000 for milliseconds in range(100, 0, -1)]  # 100 … 1 ms, unsorted

    stats = summarize(latencies, Counter({"HTTP 500": 2}), seconds=4.0)

    assert stats.requests == 100
    assert stats.rps == 25.0
    assert stats.p50_ms == 50.0
    assert stats.p95_ms == 95.0
    assert stats.errors == 2
    assert stats.error_kinds == {"HTTP 500": 2}


def test_it_loads_a_local_server_for_the_time_asked(server_url):
    stats = run_load(server_url + "/", duration=1.0, concurrency=4, max_requests=100_000, warmup=0.2)

    assert stats.errors == 0
    assert stats.requests > 50
    assert 1.0 <= stats.seconds < 2.0
    assert stats.rps == pytest.approx(stats.requests / stats.seconds, rel=0.01)
    assert 5.0 <= stats.p50_ms <= stats.p95_ms < 1000


def test_it_reports_the_server_time_and_the_page_size(server_url):
    stats = run_load(server_url + "/", duration=0.5, concurrency=2, max_requests=1_000)

    assert stats.server_p50_ms == stats.server_p95_ms == 3.5
    assert stats.bytes == 2


def test_it_asks_for_a_new_address_each_time_when_told(server_url):
    Handler.paths.clear()
    run_load(
        server_url + "/annuaire/?q=bois", duration=10, concurrency=2, max_requests=10, new_each_time=True
    )

    assert len(Handler.paths) >= 10
    assert len(set(Handler.paths)) == len(Handler.paths)
    assert all(path.startswith("/annuaire/?q=bois&bench=") for path in Handler.paths)


def test_it_stops_at_the_maximum_request_count(server_url):
    stats = run_load(server_url + "/", duration=10.0, concurrency=2, max_requests=20)

    assert stats.requests == 20
    assert stats.seconds < 5


def test_it_counts_answers_other_than_2xx_as_errors(server_url):
    stats = run_load(server_url + "/missing", duration=0.3, concurrency=2, max_requests=1_000)

    assert stats.requests == 0
    assert stats.errors > 0
    assert stats.error_kinds == {"HTTP 404": stats.errors}
    assert stats.p50_ms is None


def test_it_refuses_to_load_any_host_but_loopback():
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        run_load("http://example.com/", duration=0.1, concurrency=1, max_requests=1)


def test_the_bench_command_imports_before_django_is_set_up():
    """`python -m bench` imports its page registry before django.setup(): nothing may touch models then."""
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run(
        [sys.executable, "-c", "import bench.__main__"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"},
    )
    assert result.returncode == 0, result.stderr
