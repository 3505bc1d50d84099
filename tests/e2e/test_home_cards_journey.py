"""The home page's newest members, without a logo: the placeholder letter stays inside its square and the
card; on a phone nothing scrolls sideways (issue 15)."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser import screenshot
from tests.factories.directory import listed_company


def placeholder_boxes(page: Page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.directory-card article')].map((card) => {
            const letter = card.querySelector(':scope > span');
            const box = letter.getBoundingClientRect(), outer = card.getBoundingClientRect();
            return {
                text: letter.textContent.trim(),
                width: box.width, height: box.height,
                inside: box.left >= outer.left && box.right <= outer.right
                    && box.top >= outer.top && box.bottom <= outer.bottom,
                overflows: letter.scrollWidth > letter.clientWidth + 1 || letter.scrollHeight > letter.clientHeight + 1,
            };
        })"""
    )


def check_cards(page: Page, name: str) -> None:
    listed_company("Wagner Émaux et Wood")
    listed_company("Ébénisterie Michaud", trades=("Ébénisterie",))
    listed_company("Menuiserie du Grand Vaux de Saint-Laurent-en-Grandvaux", trades=("Menuiserie",))
    page.goto(reverse("home"))
    expect(page.locator(".directory-card").first).to_be_visible()
    screenshot(page, name)
    boxes = placeholder_boxes(page)
    assert len(boxes) == 3
    for box in boxes:
        assert len(box["text"]) == 1, box
        assert box["inside"] and not box["overflows"], box
        assert box["width"] == box["height"] == 64, box
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_home_cards_without_logo_on_a_desktop(page: Page, transactional_db):
    page.set_viewport_size({"width": 1280, "height": 900})
    check_cards(page, "home-cards-desktop")


def test_home_cards_without_logo_on_a_phone(phone_page: Page, transactional_db):
    check_cards(phone_page, "home-cards-phone")
