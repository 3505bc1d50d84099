from django.urls import path  # noqa: F401

from members.dues import urls_payment

app_name = "dues"

urlpatterns: list = [
    *urls_payment.urlpatterns,
]
