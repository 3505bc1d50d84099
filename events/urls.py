from django.urls import path

from events import urls_speeddating
from events.views import public, space, staff

app_name = "events"

urlpatterns: list = [
    path("evenements/", public.event_list, name="list"),
    path("evenements/calendrier.ics", public.calendar_feed, name="feed"),
    path("evenements/inscription/confirmer/<str:token>/", public.guest_confirm, name="guest_confirm"),
    path("evenements/inscription/annuler/<str:token>/", public.cancel_link, name="cancel_link"),
    path("evenements/<slug:slug>/", public.event_detail, name="detail"),
    path("evenements/<slug:slug>/agenda.ics", public.event_ics, name="ics"),
    path("evenements/<slug:slug>/inscription/", public.register, name="register"),
    path("evenements/<slug:slug>/inscription-invite/", public.guest_register, name="guest_register"),
    path("evenements/<slug:slug>/pointage/", staff.check_in, name="check_in"),
    path("evenements/<slug:slug>/pointage/<int:pk>/", staff.check_in_toggle, name="check_in_toggle"),
    path("evenements/<slug:slug>/pointage/code/", staff.check_in_code, name="check_in_code"),
    path("espace/evenements/", space.my_registrations, name="my_registrations"),
    path("espace/evenements/<int:pk>/annuler/", space.cancel, name="cancel"),
    *urls_speeddating.urlpatterns,
]
