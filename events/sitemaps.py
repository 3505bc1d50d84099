from django.contrib.sitemaps import Sitemap

from events.models import Event


class EventSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return (
            Event.objects.published()
            .public()
            .filter(status=Event.Status.PUBLISHED)
            .order_by("-starts_at")[:5000]
        )

    def lastmod(self, event: Event):
        return event.updated_at


SITEMAPS = {"events": EventSitemap}
