"""The public directory: /annuaire/ (search, filters, pages) and /annuaire/<slug>/ (a member's page)."""

import json
from urllib.parse import quote_plus, urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from directory.forms import SORT_CHOICES, DirectoryForm
from directory.models import Listing
from directory.selectors import Criteria, Facet, directory_search, listed_company_page
from jura_portal import pagecache, ratelimit
from licensing.selectors import approved_labels, current_licence


def state_url(criteria: Criteria, **changes) -> str:
    """The directory's URL for `criteria` with `changes`, default values left out (shareable, crawlable)."""
    values = {
        "q": criteria.q,
        "secteur": criteria.secteur,
        "epci": criteria.epci,
        "commune": criteria.commune,
        "tri": criteria.tri
        if criteria.tri and criteria.tri != ("pertinence" if criteria.q else "nom")
        else "",
        "page": criteria.page if criteria.page > 1 else "",
    }
    values.update(changes)
    if values.get("page") == 1:
        values["page"] = ""
    query = urlencode({key: value for key, value in values.items() if value not in ("", None)})
    return f"?{query}" if query else "?"


def facet_options(facets: list[Facet]) -> SafeString:
    """The <option>s of a filter with their counts: some 500 communes, built here rather than by a
    template loop (a tenth of the time). HTML lets an option's end tag go: 5 KB less per page."""
    return mark_safe(  # noqa: S308 - every value escaped
        "".join(
            f'<option value="{escape(facet.slug)}"{" selected" if facet.selected else ""}>'
            f"{escape(facet.name)} ({facet.count})"
            for facet in facets
        )
    )


# The list and the member pages are public and meant to be crawled (sitemap.xml): no rate limit,
# which would cost queries and a write per view. What scrapers want, the e-mail addresses, is
# behind directory_reveal: a POST with CSRF, rate-limited.


@pagecache.public_page(params=("q", "secteur", "epci", "commune", "tri", "page"))
@require_GET
def directory_list(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET)
    criteria = form.criteria()
    results = directory_search(criteria)
    filtered = bool(criteria.secteur or criteria.epci or criteria.commune)
    chosen = {
        key: next((facet for facet in facets if facet.selected), None)
        for key, facets in (
            ("secteur", results.sectors),
            ("epci", results.epcis),
            ("commune", results.communes),
        )
    }
    context = {
        "form": form,
        "criteria": criteria,
        "results": results,
        "sector_options": facet_options(results.sectors),
        "epci_options": facet_options(results.epcis),
        # Some 500 communes would be half the page's weight: they are offered once an intercommunality
        # is chosen (about 35 then); a commune can also be typed in the search box.
        "commune_options": facet_options(
            [facet for facet in results.communes if criteria.epci or facet.selected]
        ),
        "filtered": filtered,
        "sort_choices": SORT_CHOICES if criteria.q else SORT_CHOICES[1:],
        "sort_links": [
            (value, label, state_url(criteria, tri=value, page=""))
            for value, label in (SORT_CHOICES if criteria.q else SORT_CHOICES[1:])
        ],
        "removals": [
            (facet.name, state_url(criteria, **{key: "", "page": ""}))
            for key, facet in chosen.items()
            if facet is not None
        ],
        "pages": [
            (number, state_url(criteria, page=number) if number else None) for number in results.page_range
        ],
        "previous_url": state_url(criteria, page=results.page - 1) if results.has_previous else "",
        "next_url": state_url(criteria, page=results.page + 1) if results.has_next else "",
        "clear_search_url": state_url(criteria, q="", page="", tri=""),
        "clear_filters_url": state_url(criteria, secteur="", epci="", commune="", page=""),
        # Page 2 of a filtered search is its own page; the bare list is canonical for page 1 alone.
        "canonical": state_url(
            Criteria(
                secteur=criteria.secteur, epci=criteria.epci, commune=criteria.commune, page=criteria.page
            )
        ),
        "noindex": bool(criteria.q) or criteria.page > results.pages,
    }
    return render(request, "directory/list.html", context)


def _page_context(request: HttpRequest, listing: Listing, *, revealed: bool) -> dict:
    company = listing.company
    licence = current_licence(company)
    # A product carries the logo under the company's licence: none while it is not valid.
    labels = approved_labels(company) if licence else []
    address = ", ".join(
        part
        for part in (
            company.address,
            f"{company.postal_code} {company.place_name}",
        )
        if part.strip()
    )
    return {
        "listing": listing,
        "company": company,
        "sectors": list(company.sectors.all()),
        "licence": licence,
        "labels": labels,
        "address": address,
        "map_url": "https://www.openstreetmap.org/search?query=" + quote_plus(address) if address else "",
        "revealed": revealed,
        "json_ld": _json_ld(request, listing, address),
    }


@pagecache.public_page
@require_GET
def directory_detail(request: HttpRequest, slug: str) -> HttpResponse:
    listing = listed_company_page(slug)
    if listing is None:
        raise Http404
    return render(request, "directory/detail.html", _page_context(request, listing, revealed=False))


@require_POST
def directory_reveal(request: HttpRequest, slug: str) -> HttpResponse:
    """The contact e-mail, shown only after a POST (with CSRF): not in the page that crawlers read."""
    if not ratelimit.hit(request, "directory-reveal", settings.DIRECTORY_REVEAL_RATE):
        return ratelimit.too_many_requests(request)
    listing = listed_company_page(slug)
    if listing is None:
        raise Http404
    response = render(request, "directory/detail.html", _page_context(request, listing, revealed=True))
    response["X-Robots-Tag"] = "noindex"
    return response


def _json_ld(request: HttpRequest, listing: Listing, address: str) -> str:
    """schema.org LocalBusiness for search engines; escaped so that no text can close the script."""
    company = listing.company
    data: dict = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": company.display_name,
        "url": settings.SITE_URL + listing.get_absolute_url(),
    }
    if company.description:
        data["description"] = company.description[:500]
    if company.logo:
        data["logo"] = request.build_absolute_uri(company.logo.url)
    if listing.show_address and company.commune:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": company.address,
            "postalCode": company.postal_code,
            "addressLocality": company.commune.name,
            "addressRegion": "Jura",
            "addressCountry": "FR",
        }
    if listing.show_phone and company.phone:
        data["telephone"] = company.phone
    if listing.show_website and company.website:
        data["sameAs"] = [company.website]
    text = json.dumps(data, ensure_ascii=False)
    # "</script>" or "<!--" inside a name must not end the block: escape <, > and & as JSON allows.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped above
