"""Browser journeys. The browser fixtures (`browser`, `page`, `phone_page`) live in tests/browser.py."""

import os

import pytest


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
