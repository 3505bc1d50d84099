"""The speed-dating pages (personal schedule, PDF, table plan), included by events/urls.py."""

from django.urls import path

from events.views import speeddating as views

urlpatterns: list = [
    path("evenements/<slug:slug>/mon-planning/", views.my_schedule, name="speeddating_mine"),
    path("evenements/<slug:slug>/planning/<int:pk>/", views.person_schedule, name="speeddating_person"),
    path(
        "evenements/<slug:slug>/planning/<int:pk>/pdf/",
        views.person_schedule_pdf,
        name="speeddating_person_pdf",
    ),
    path("evenements/<slug:slug>/plan-de-tables/", views.table_plan_view, name="speeddating_plan"),
    path("evenements/<slug:slug>/plan-de-tables/pdf/", views.table_plan_pdf, name="speeddating_plan_pdf"),
]
