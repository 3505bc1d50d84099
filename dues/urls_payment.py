"""The payment URLs (/espace/cotisations/<pk>/payer/, /paiement/...): the payment providers' side."""

from django.urls import path

from dues.views import payment as views_payment

urlpatterns: list = [
    path("espace/cotisations/<int:pk>/payer/", views_payment.pay, name="pay"),
    path("paiement/helloasso/retour/", views_payment.helloasso_return, name="helloasso_return"),
    path("paiement/helloasso/erreur/", views_payment.helloasso_error, name="helloasso_error"),
    path("paiement/helloasso/abandon/<int:pk>/", views_payment.helloasso_back, name="helloasso_back"),
    path("paiement/helloasso/notification/", views_payment.helloasso_notify, name="helloasso_notify"),
    path("paiement/stripe/retour/", views_payment.stripe_return, name="stripe_return"),
    path("paiement/stripe/webhook/", views_payment.stripe_webhook, name="stripe_webhook"),
    path("paiement/demo/<str:reference>/", views_payment.demo_checkout, name="demo_checkout"),
]
