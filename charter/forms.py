"""Forms of the charter: signing it, and (staff) publishing a version. They validate, nothing more."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignatureForm(forms.Form):
    """The signer ticks the commitment and types their full name."""

    # The version the signer read: if a newer one came out meanwhile, the signature is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    commitment = forms.BooleanField(
        label=_("J'ai lu la charte et j'engage mon entreprise à la respecter."),
        error_messages={"required": _("Cochez cette case pour signer la charte.")},
    )
    full_name = forms.CharField(
        label=_("Votre nom complet"),
        max_length=200,
        help_text=_("Prénom et nom, comme vous signeriez un document papier."),
        error_messages={"required": _("Saisissez votre nom complet pour signer.")},
        widget=forms.TextInput(attrs={"autocomplete": "name", "autocapitalize": "words"}),
    )

    def clean_full_name(self) -> str:
        full_name = " ".join(self.cleaned_data["full_name"].split())
        if len(full_name) < 3:
            raise forms.ValidationError(_("Saisissez votre prénom et votre nom."))
        return full_name


class PublishForm(forms.Form):
    """Staff choose the signing deadline of the campaign that publication opens."""

    signing_deadline = forms.DateField(
        label=_("Date limite de signature"),
        help_text=_(
            "Dernier jour pour signer. Jusque-là, les signataires de la version précédente restent dans "
            "l'annuaire ; le lendemain, ceux qui n'ont pas signé sont suspendus jusqu'à leur signature."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_signing_deadline(self) -> date:
        deadline = self.cleaned_data["signing_deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("La date limite de signature doit être dans le futur."))
        return deadline
