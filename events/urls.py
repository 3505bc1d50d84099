from django.urls import path

from events import urls_speeddating, views, views_space, views_staff

app_name = "events"

urlpatterns: list = [
    path("evenements/", views.event_list, name="list"),
    path("evenements/calendrier.ics", views.calendar_feed, name="feed"),
    path("evenements/inscription/confirmer/<str:token>/", views.guest_confirm, name="guest_confirm"),
    path("evenements/inscription/annuler/<str:token>/", views.cancel_link, name="cancel_link"),
    path("evenements/<slug:slug>/", views.event_detail, name="detail"),
    path("evenements/<slug:slug>/agenda.ics", views.event_ics, name="ics"),
    path("evenements/<slug:slug>/inscription/", views.register, name="register"),
    path("evenements/<slug:slug>/inscription-invite/", views.guest_register, name="guest_register"),
    path("evenements/<slug:slug>/pointage/", views_staff.check_in, name="check_in"),
    path("evenements/<slug:slug>/pointage/<int:pk>/", views_staff.check_in_toggle, name="check_in_toggle"),
    path("evenements/<slug:slug>/pointage/code/", views_staff.check_in_code, name="check_in_code"),
    path("espace/evenements/", views_space.my_registrations, name="my_registrations"),
    path("espace/evenements/<int:pk>/annuler/", views_space.cancel, name="cancel"),
    *urls_speeddating.urlpatterns,
]
