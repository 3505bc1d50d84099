"""The public pages in English (for buyers abroad), French everywhere else.

French is the default, at the usual addresses (no prefix); English lives under `/en/`
(`i18n_patterns(..., prefix_default_language=False)` in urls.py). Only the pages listed in
`PUBLIC_IN_ENGLISH` are translated: any other address under `/en/` (the member's space, the
application) is sent to its French address, and a form posted there is answered in French.
Emails are always French (they are rendered by the worker, whatever page started them).
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import redirect
from django.urls import translate_url
from django.utils import translation

# The pages (URL names) a visitor may read in English; their templates' strings are in locale/en/.
PUBLIC_IN_ENGLISH = frozenset(
    {
        "home",
        "directory:list",
        "directory:detail",
        "directory:reveal",
        "events:list",
        "events:detail",
        "events:register",
        "events:guest_register",
        "events:guest_confirm",
        "events:cancel_link",
        "licensing:verify",
        "licensing:lookup",
        "members:join",
    }
)


def in_english(request: HttpRequest) -> bool:
    """Whether this page exists in every language (the switcher and hreflang links are shown)."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in PUBLIC_IN_ENGLISH


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, where the address alone says the language, and English only where translated.

    - Only the prefix itself says English: Django also reads `/en-panne/` as English ("en-panne",
      a variant of "en"), which is French here like every address without the prefix.
    - An untranslated page asked for under /en/ goes to its French address.
    - No `Vary: Accept-Language`: with `prefix_default_language=False` an address without a prefix is
      French whatever the browser asks (Django adds the header all the same); it would only split
      what a shared cache keeps for each public page by every browser's language list.
    """

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        language = request.LANGUAGE_CODE
        if language != settings.LANGUAGE_CODE and not (
            request.path_info == f"/{language}" or request.path_info.startswith(f"/{language}/")
        ):
            self._french(request)

    @staticmethod
    def _french(request: HttpRequest) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = settings.LANGUAGE_CODE

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "accept-language"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if translation.get_language() == settings.LANGUAGE_CODE or in_english(request):
            return None
        french = translate_url(request.get_full_path(), settings.LANGUAGE_CODE)
        if request.method in ("GET", "HEAD") and french != request.get_full_path():
            return redirect(french)
        self._french(request)  # a form posted from an English page: answered in French
        return None


class BilingualSitemap(Sitemap):
    """Each page twice in /sitemap.xml, French and English, each naming the other (hreflang)."""

    i18n = True
    alternates = True
    x_default = True

    def get_languages_for_item(self, item) -> list[str]:
        name = item if isinstance(item, str) else None
        if name is not None and name not in PUBLIC_IN_ENGLISH:
            return [settings.LANGUAGE_CODE]  # a page only in French (legal notice, the charter)
        return super().get_languages_for_item(item)


def alternates(request: HttpRequest) -> list[dict]:
    """This page in each language: code, name, absolute address (hreflang), and the current one."""
    current = translation.get_language()
    path = request.get_full_path()
    return [
        {
            "code": code,
            "name": name,
            "url": settings.SITE_URL + translate_url(path, code),
            "path": translate_url(path, code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


def languages(request: HttpRequest) -> dict:
    """Template context: `alternates` on the pages that exist in every language, empty elsewhere."""
    english = translation.get_language() == "en"
    return {
        "alternates": alternates(request) if in_english(request) else [],
        "og_locale": "en_GB" if english else "fr_FR",
    }
