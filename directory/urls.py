from django.urls import path

from directory import views, views_space

app_name = "directory"

urlpatterns = [
    path("annuaire/", views.directory_list, name="list"),
    path("annuaire/<slug:slug>/", views.directory_detail, name="detail"),
    path("annuaire/<slug:slug>/contact/", views.directory_reveal, name="reveal"),
    path("espace/annuaire/", views_space.listing_edit, name="edit"),
    path("espace/annuaire/annuler/<int:pk>/", views_space.change_cancel, name="change_cancel"),
]
