from events.models import Event
from jura_portal.i18n import BilingualSitemap


class EventSitemap(BilingualSitemap):
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
