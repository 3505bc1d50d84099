"""Validation of the offers' forms (and nothing else)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import clean_logo
from events.models import Event
from jura_portal.collation import french_key
from offers.models import Offer
from reference.models import Epci, Sector


def christmas_markets(current: Event | None = None):
    """The markets an offer may join: those to come and not cancelled (and the one it already has)."""
    markets = (
        Event.objects.filter(kind=Event.Kind.CHRISTMAS_MARKET)
        .upcoming()
        .exclude(status=Event.Status.CANCELLED)
    )
    if current is not None:
        markets = markets | Event.objects.filter(pk=current.pk)
    return markets


class OfferForm(forms.ModelForm):
    photo = forms.FileField(
        label=_("Photo (facultative)"),
        required=False,
        help_text=_("PNG, JPEG ou WebP. Elle est réduite à 1024 pixels de côté au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Retirer la photo actuelle"), required=False)

    class Meta:
        model = Offer
        fields = ["title", "discount", "description", "conditions", "valid_until", "event"]
        widgets = {
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 6}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _("Ce que vous proposez, en quelques mots : « Coffrets de Noël pour vos clients »."),
            "valid_until": _("Après cette date, l'offre disparaît d'elle-même."),
            "event": _("Cochez le marché de Noël des adhérents si l'offre en fait partie."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = christmas_markets(self.instance.event if self.instance.pk else None)
        self.fields["event"].empty_label = _("Non, offre valable toute l'année")
        self.fields["event"].label = _("Marché de Noël des adhérents")
        if not (self.instance.pk and self.instance.photo):
            del self.fields["remove_photo"]

    def clean_valid_until(self):
        valid_until = self.cleaned_data["valid_until"]
        if valid_until < timezone.localdate():
            raise forms.ValidationError(
                _("Cette date est déjà passée : choisissez aujourd'hui ou plus tard.")
            )
        return valid_until

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        photo = clean_logo(upload)
        photo.name = "offre.png"
        return photo


class ContactForm(forms.Form):
    message = forms.CharField(
        label=_("Votre message"),
        max_length=2000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Il est envoyé par e-mail à l'entreprise ; sa réponse arrivera dans votre boîte."),
    )


class FilterForm(forms.Form):
    q = forms.CharField(
        label=_("Mots-clés"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "type": "search",
                "placeholder": _("ex. : comté, menuiserie, remise"),
            }
        ),
    )
    metier = forms.ModelChoiceField(
        label=_("Métier"),
        queryset=Sector.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label=_("Tous les métiers"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    territoire = forms.ModelChoiceField(
        label=_("Territoire"),
        queryset=Epci.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tout le Jura"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    marche = forms.BooleanField(
        label=_("Marché de Noël seulement"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sorted the French way (« Ébénisterie » among the E), whatever the database's collation.
        for name in ("metier", "territoire"):
            field = self.fields[name]
            options = sorted(
                field.queryset.values_list("slug", "name"), key=lambda option: french_key(option[1])
            )
            field.choices = [("", field.empty_label), *options]
