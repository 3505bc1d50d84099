"""A stand-in for the public pages' unsubscribe route (`projects:unfollow`, built by the web slice)."""

from django.http import HttpResponse
from django.urls import include, path

unfollow_patterns = ([path("projets/ne-plus-suivre/<str:token>/", HttpResponse, name="unfollow")], "projects")
urlpatterns = [path("", include(unfollow_patterns))]
