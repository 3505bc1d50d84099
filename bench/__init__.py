"""`make bench`: seed a large data set, serve the portal under gunicorn, measure its pages.

See docs/bench.md. Nothing here is imported by the portal itself.
"""
