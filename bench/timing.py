"""The bench's server-side stopwatch: a `Server-Timing` header with the time Django spent on the request.

Only in bench.settings (first middleware, so that it counts the whole stack): the
load driver reads it to report server time apart from the time a request waits in
the queue of the 2 workers (DESIGN's budget for the directory search is server time).
"""

from time import perf_counter


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(perf_counter() - started) * 1000:.2f}"
        return response
