from django.urls import path

from directory.views import public, space

app_name = "directory"

urlpatterns = [
    path("annuaire/", public.directory_list, name="list"),
    path("annuaire/<slug:slug>/", public.directory_detail, name="detail"),
    path("annuaire/<slug:slug>/contact/", public.directory_reveal, name="reveal"),
    path("espace/annuaire/", space.listing_edit, name="edit"),
    path("espace/annuaire/annuler/<int:pk>/", space.change_cancel, name="change_cancel"),
]
