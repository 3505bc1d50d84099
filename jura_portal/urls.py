from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView

from jura_portal import cockpit, media, views
from jura_portal.sitemaps import sitemaps

# The admin's own login form would bypass allauth's rate limits and email
# verification: send staff through allauth's login instead.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Made in Jura — administration"
admin.site.site_title = "Made in Jura"
admin.site.index_title = "Gestion du réseau"
# The admin's home is the staff cockpit (figures, charts, links to the lists), the app list below it.
admin.site.index_template = "admin/cockpit/index.html"
_admin_index = admin.site.index
admin.site.index = lambda request, extra_context=None: _admin_index(
    request, extra_context={**(extra_context or {}), "cockpit": cockpit.cockpit(request.user)}
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("site.webmanifest", views.webmanifest, name="webmanifest"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("mentions-legales/", TemplateView.as_view(template_name="pages/legal.html"), name="legal"),
    path("confidentialite/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path(
        "accessibilite/", TemplateView.as_view(template_name="pages/accessibility.html"), name="accessibility"
    ),
    path("compte/", include("allauth.urls")),
    path("", include("dues.urls")),  # espace/cotisations/, paiement/
    path("charte/", include("charter.urls")),
    path("", include("offers.urls")),  # offres/
    # The territory and the trades moved from the members app to the reference app (same tables):
    # staff's bookmarks of their admin pages keep working.
    re_path(
        r"^admin/members/(?P<model>epci|commune|formercommune|sector)/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/reference/%(model)s/%(rest)s", permanent=True, query_string=True),
    ),
    path("admin/", admin.site.urls),
    # Uploaded files, each checked against what it shows (never a folder served as is).
    path("media/<path:name>", media.media, name="media"),
]
# French at these addresses as before (printed QR codes point at /licence/<code>/), English under /en/:
# only the public pages answer there (jura_portal.i18n.PUBLIC_IN_ENGLISH), the rest sends to French.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("members.urls")),  # adherer/, adhesion/, espace/
    path("", include("directory.urls")),  # annuaire/
    path("", include("licensing.urls")),  # licence/<code>/, espace/licence/
    path("", include("events.urls")),  # evenements/
    path("", include("projects.urls")),  # projets/, espace/projets/
    prefix_default_language=False,
)

handler400 = "jura_portal.views.bad_request"
handler403 = "jura_portal.views.permission_denied"
handler404 = "jura_portal.views.page_not_found"
handler500 = "jura_portal.views.server_error"
