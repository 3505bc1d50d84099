"""Views of the tests of the page store that write in the visitor's session (no public page does yet)."""

from django.contrib import messages
from django.http import HttpResponse
from django.urls import path

from jura_portal import pagecache
from jura_portal.urls import urlpatterns as portal_urlpatterns


@pagecache.public_page
def with_a_message(request):
    messages.info(request, "Bienvenue, visiteur.")
    return HttpResponse("".join(f"<p>{message}</p>" for message in messages.get_messages(request)))


@pagecache.public_page
def with_a_session_choice(request):
    request.session["choice"] = "secret-choice"
    return HttpResponse(f"<p>{request.session['choice']}</p>")


urlpatterns = [
    path("with-a-message/", with_a_message),
    path("with-a-session-choice/", with_a_session_choice),
    *portal_urlpatterns,  # not include(): the portal's root carries i18n_patterns
]
