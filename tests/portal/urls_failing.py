"""The portal's URLs plus one page that fails, to see where a 500 is reported."""

from django.urls import path

from jura_portal.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def failing_page(request):
    raise RuntimeError("Échec en traitant la demande de claire.vuillermoz@fromagerie-des-rousses.test")


urlpatterns = [path("en-panne/", failing_page), *urlpatterns]
