"""The payment URLs (/espace/cotisations/<pk>/payer/, /paiement/...): the payment providers' side."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
