"""The speed-dating pages (personal schedule, PDF, table plan), included by events/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
