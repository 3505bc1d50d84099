from datetime import date

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_item(context: template.Context, url_name: str, label: str) -> str:
    """A main-menu entry, marked as the current page when it is; empty until its app serves it."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    request = context.get("request")
    current = request is not None and request.path.startswith(url)
    return format_html(
        '<li class="nav-item"><a class="nav-link{}" href="{}"{}>{}</a></li>',
        " active" if current else "",
        url,
        mark_safe(' aria-current="page"') if current else "",
        label,
    )


@register.simple_block_tag
def robots_meta(content: str) -> str:
    """The page's robots meta tag, written only when the page asks for one: base.html wraps its `robots` block
    in this tag, and a page that crawlers must not index fills the block with the directive (`noindex`...)."""
    directive = content.strip()
    return format_html('<meta name="robots" content="{}">', directive) if directive else ""


@register.filter
def full_years_since(start: date | None) -> int:
    """Whole years from `start` to today (0 when unknown or under a year): farewells count them."""
    if start is None:
        return 0
    today = timezone.localdate()
    return max(0, today.year - start.year - ((today.month, today.day) < (start.month, start.day)))
