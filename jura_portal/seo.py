"""What search engines and link previews read: schema.org JSON-LD blocks and the default OpenGraph image.

Built while the page renders; public pages are then stored by the page cache, so this costs nothing per
request. A JSON-LD block is data, not script: the Content-Security-Policy lets it through without a nonce.
"""

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

# 1200 x 630, drawn once from the brand mark and committed (redraw: licensing.artwork.render_mark).
DEFAULT_IMAGE = "img/og-default.png"


def default_image_url() -> str:
    return settings.SITE_URL + static(DEFAULT_IMAGE)


def json_ld(data: dict) -> SafeString:
    """`data` as JSON for a <script type="application/ld+json">: no text can close the block."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped above


def event_json_ld(event) -> SafeString:
    """schema.org Event: when, where (a place, or online), whether it still happens, who organises it.
    A webinar's link stays out (it is for registered people only): its page is the location."""
    url = settings.SITE_URL + event.get_absolute_url()
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "image": [default_image_url()],
        "organizer": {"@type": "Organization", "name": "Made in Jura", "url": settings.SITE_URL + "/"},
    }
    if event.summary:
        data["description"] = event.summary[:500]
    if event.is_online:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": url}
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        address = {"@type": "PostalAddress", "addressRegion": "Jura", "addressCountry": "FR"}
        if event.address:
            address["streetAddress"] = event.address
        if event.commune_id:
            address["addressLocality"] = event.commune.name
        data["location"] = {"@type": "Place", "name": event.place_label or "Jura", "address": address}
    return json_ld(data)
