"""The directory's pages in /sitemap.xml: the list and every listed member's page."""

from django.urls import reverse

from directory.models import Listing
from jura_portal.i18n import BilingualSitemap


class DirectorySitemap(BilingualSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[str]:
        return ["directory:list"]

    def location(self, item: str) -> str:
        return reverse(item)


class ListingSitemap(BilingualSitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self):
        return Listing.objects.listed().select_related(None).only("slug", "updated_at").order_by("slug")

    def lastmod(self, listing: Listing):
        return listing.updated_at


SITEMAPS = {"directory": DirectorySitemap, "members-directory": ListingSitemap}
