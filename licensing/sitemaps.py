"""Only the page where anyone types a code: listing the codes themselves would hand them to enumerators."""

from django.urls import reverse

from jura_portal.i18n import BilingualSitemap


class LicenceLookupSitemap(BilingualSitemap):
    changefreq = "yearly"
    priority = 0.3

    def items(self) -> list[str]:
        return ["licensing:lookup"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"licence": LicenceLookupSitemap}
