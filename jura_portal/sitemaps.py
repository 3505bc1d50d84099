"""The sitemap: static pages here, and each app's public pages from its own
`sitemaps.py`, which defines `SITEMAPS = {"section": SitemapClass}`."""

from importlib import import_module
from importlib.util import find_spec

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from jura_portal.i18n import BilingualSitemap

SITEMAP_APPS = ["directory", "licensing", "events", "projects"]


class StaticPagesSitemap(BilingualSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self) -> list[str]:
        return ["home", "members:join", "charter:current", "legal", "privacy", "accessibility"]

    def location(self, item: str) -> str:
        return reverse(item)


sitemaps: dict[str, type[Sitemap]] = {"pages": StaticPagesSitemap}
for app in SITEMAP_APPS:
    if find_spec(f"{app}.sitemaps"):
        sitemaps.update(import_module(f"{app}.sitemaps").SITEMAPS)
