"""Staff read amounts in euros in every admin screen, never the stored cents."""

import re
from datetime import date

import pytest
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.test import RequestFactory
from django.urls import reverse

from dues import services
from tests.factories.dues import issued_invoice, renewing_company

pytestmark = pytest.mark.django_db


def _shown_names(model_admin, request) -> set[str]:
    """Every field name an admin screen shows: lists, filters, forms, read-only fields, inlines."""
    names = set(model_admin.get_list_display(request))
    names |= {f for f in model_admin.get_list_filter(request) if isinstance(f, str)}
    names |= set(model_admin.get_fields(request))
    names |= set(model_admin.get_readonly_fields(request))
    shown = {(model_admin.model, name) for name in names}
    for inline in model_admin.get_inline_instances(request):
        shown |= {(inline.model, name) for name in inline.get_fields(request)}
    return shown


def test_no_admin_screen_shows_an_amount_in_cents(staff):
    request = RequestFactory().get("/admin/")
    request.user = staff
    in_cents = []
    for model, model_admin in admin.site._registry.items():
        for shown_model, name in _shown_names(model_admin, request):
            try:
                field = shown_model._meta.get_field(name.split("__")[0])
            except (FieldDoesNotExist, AttributeError):
                continue
            if field.name.endswith("_cents"):
                in_cents.append(f"{model.__name__}: {shown_model.__name__}.{name}")
    assert in_cents == []


def test_invoice_payment_and_credit_note_pages_read_in_euros(client, staff):
    invoice = issued_invoice(renewing_company(legal_name="Fromagerie Petite SARL"))
    services.payment_record_transfer(
        invoice=invoice,
        method="transfer",
        amount_cents=6_000,
        received_on=date.today(),
        reference="VIR 1",
        acting_user=staff,
    )
    credit_note = services.invoice_cancel(invoice=invoice, reason="Erreur de barème", acting_user=staff)
    payment = invoice.payments.get()
    client.force_login(staff)

    pages = [
        reverse("admin:dues_invoice_changelist"),
        reverse("admin:dues_invoice_change", args=[invoice.pk]),
        reverse("admin:dues_payment_changelist"),
        reverse("admin:dues_payment_change", args=[payment.pk]),
        reverse("admin:dues_creditnote_changelist"),
        reverse("admin:dues_creditnote_change", args=[credit_note.pk]),
        reverse("admin:dues_feeschedule_changelist"),
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert "centimes" not in text.lower(), url
        assert not re.search(r"\b(6000|24000|6 000|24 000)\b", text), url
    assert "60,00\u00a0€" in client.get(pages[3]).content.decode()
    assert "240,00\u00a0€" in client.get(pages[5]).content.decode()
    assert "240,00\u00a0€" in client.get(pages[1]).content.decode()
