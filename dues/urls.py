from django.urls import path

from dues import urls_payment
from dues.views import space as views

app_name = "dues"

urlpatterns: list = [
    path("espace/cotisations/", views.invoices, name="invoices"),
    path("espace/cotisations/<int:pk>/facture.pdf", views.invoice_pdf, name="invoice_pdf"),
    path("espace/cotisations/<int:pk>/recu.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("espace/cotisations/avoirs/<int:pk>/avoir.pdf", views.credit_note_pdf, name="credit_note_pdf"),
    *urls_payment.urlpatterns,
]
