"""Browser fixtures (a pytest plugin loaded by tests/conftest.py): Playwright driving Debian's Chromium.

When /usr/bin/chromium is missing the journeys are skipped with a clear
message, unless REQUIRE_BROWSER=1 (CI), where they fail. One browser serves
the whole session, whichever folder the journey lives in.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Browser journeys need Debian's Chromium at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " REQUIRE_BROWSER=1 makes this an error.", pytrace=False)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the test code still
    # calls the ORM synchronously (setting up data, reading results), which is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized screen: most entrepreneurs use the portal on a phone."""
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# --- Steps every journey takes -----------------------------------------------------------------

SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parents[1] / "var" / "screenshots")
)


def screenshot(page, name: str) -> None:
    """Keep a picture of the page (var/screenshots/, git-ignored) to look at it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def heading(page):
    return page.get_by_role("heading", level=1)


def open_menu(page) -> None:
    """On a phone the main menu is folded behind a button."""
    page.get_by_role("button", name="Ouvrir le menu").click()


def continue_(page) -> None:
    page.get_by_role("button", name="Enregistrer et continuer").click()


def enter_second_factor(page) -> None:
    """Staff, after the password: the code of their authenticator app (tests.conftest.totp_code)."""
    from tests.factories.members import totp_code

    expect_heading = page.get_by_role("heading", level=1)
    expect_heading.wait_for()
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Connexion").click()
