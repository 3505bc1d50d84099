"""A buyer abroad switches the directory to English, searches, opens a member page and follows its
licence badge to the English verification page; the English directory passes axe-core on a phone
and on a desktop."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser import heading, screenshot


def test_a_buyer_reads_the_directory_in_english_down_to_the_licence_check(page, fruitiere_licence):
    page.goto("/annuaire/")
    expect(heading(page)).to_have_text("Annuaire des adhérents")

    page.get_by_role("link", name="English").click()
    expect(heading(page)).to_have_text("Member directory")
    assert page.url.endswith("/en/annuaire/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_label("Search", exact=True).fill("comte")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="2 companies")).to_be_visible()
    assert "/en/annuaire/?q=comte" in page.url

    page.get_by_role("link", name="Fruitière d'Arbois").click()
    expect(heading(page)).to_have_text("Fruitière d'Arbois")
    expect(page.get_by_role("heading", name="Contact details")).to_be_visible()

    page.get_by_role("link", name="Valid Made in Jura logo licence").click()
    expect(page.get_by_role("heading", name="Valid licence", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("is a member of the Made in Jura network")
    assert f"/en/licence/{fruitiere_licence.code}/" in page.url
    screenshot(page, "english-licence")

    page.get_by_role("link", name="Français").click()
    expect(page.get_by_role("heading", name="Licence valide", level=1)).to_be_visible()
    assert page.url.endswith(f"/licence/{fruitiere_licence.code}/") and "/en/" not in page.url


def test_the_english_directory_passes_axe_on_a_desktop_and_a_phone(page, phone_page, fruitiere_licence):
    for browser_page in (page, phone_page):
        browser_page.goto("/en/annuaire/?q=comte")
        expect(browser_page.get_by_role("heading", name="2 companies")).to_be_visible()
        results = Axe().run(browser_page)
        assert results.violations_count == 0, results.generate_report()
    screenshot(phone_page, "english-directory-phone")
