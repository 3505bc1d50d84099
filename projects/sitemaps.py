"""The collective projects in /sitemap.xml: the overview and every published project (French only)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from projects.models import Project


class ProjectsOverviewSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> list[str]:
        return ["projects:list"]

    def location(self, item: str) -> str:
        return reverse(item)


class ProjectSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Project.objects.published().only("slug").order_by("slug")


SITEMAPS = {"projects": ProjectsOverviewSitemap, "projects-pages": ProjectSitemap}
