from django.urls import path  # noqa: F401

from events import urls_speeddating

app_name = "events"

urlpatterns: list = [
    *urls_speeddating.urlpatterns,
]
