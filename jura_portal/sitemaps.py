from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticPagesSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self) -> list[str]:
        return ["home", "legal", "privacy", "accessibility"]

    def location(self, item: str) -> str:
        return reverse(item)


sitemaps = {"pages": StaticPagesSitemap}
