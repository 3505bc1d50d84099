"""The treasurer's forms (validation only): a fee schedule in euros, a credit note's reason, a payment received."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy

from dues.models import FeeSchedule, Payment


class FeeScheduleForm(forms.ModelForm):
    amount = forms.DecimalField(
        label=gettext_lazy("Montant annuel (€)"),
        min_value=Decimal("0.01"),  # an invoice of 0 € could never be paid, and its member would lapse
        max_digits=9,
        decimal_places=2,
        localize=True,
        error_messages={
            "min_value": gettext_lazy(
                "Indiquez un montant d'au moins 0,01 € : une facture de 0 € ne se paie pas."
            )
        },
    )

    class Meta:
        model = FeeSchedule
        fields = ("year", "size_band", "amount", "label")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["amount"].initial = Decimal(self.instance.amount_cents) / 100

    def save(self, commit=True):
        self.instance.amount_cents = int(self.cleaned_data["amount"] * 100)
        return super().save(commit)


class CreditNoteForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif de l'avoir"),
        max_length=300,
        help_text=gettext_lazy("Il figure sur l'avoir envoyé à l'adhérent."),
        widget=forms.TextInput(attrs={"size": 70}),
    )


class TransferForm(forms.Form):
    method = forms.ChoiceField(
        label=gettext_lazy("Moyen de paiement"),
        choices=[
            (Payment.Provider.TRANSFER, gettext_lazy("Virement")),
            (Payment.Provider.CHEQUE, gettext_lazy("Chèque")),
        ],
    )
    amount = forms.DecimalField(
        label=gettext_lazy("Montant reçu (€)"),
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        localize=True,
        error_messages={"min_value": gettext_lazy("Indiquez un montant reçu d'au moins 0,01 €.")},
    )
    received_on = forms.DateField(
        label=gettext_lazy("Reçu le"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reference = forms.CharField(
        label=gettext_lazy("Référence"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Libellé du virement sur le relevé, ou numéro du chèque."),
    )
