"""Validation of what people type; nothing else."""

import re
from datetime import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event
from jura_portal.collation import french_key
from reference.models import Epci

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class EventFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=gettext_lazy("Type"), required=False, choices=[("", gettext_lazy("Tous")), *Event.Kind.choices]
    )
    territoire = forms.ChoiceField(label=gettext_lazy("Intercommunalité"), required=False)
    mois = forms.CharField(
        label=gettext_lazy("Mois"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2027-12"}),
    )

    def __init__(self, *args, epcis: list[Epci], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].choices = [("", _("Tous les territoires"))] + [
            (e.slug, e.name) for e in sorted(epcis, key=lambda epci: french_key(epci.name))
        ]

    def clean_mois(self) -> tuple[int, int] | None:
        value = self.cleaned_data["mois"].strip()
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
            raise forms.ValidationError(_("Indiquez un mois sous la forme AAAA-MM, par exemple 2027-12."))
        return int(match[1]), int(match[2])


class GuestRegistrationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Prénom et nom"), max_length=200)
    email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail"),
        help_text=gettext_lazy("Vous y recevrez un lien pour confirmer votre inscription."),
    )
    organisation = forms.CharField(
        label=gettext_lazy("Entreprise ou structure (facultatif)"), max_length=200, required=False
    )
    # Left empty by people, filled by robots that fill every field.
    website = forms.CharField(
        label=gettext_lazy("Ne pas remplir ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Indiquez votre prénom et votre nom."))
        return name

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class EventAdminForm(forms.ModelForm):
    """Staff's event page: checks what is typed; the rules that read the registrations are event_update's."""

    class Meta:
        model = Event
        fields = (
            "title",
            "slug",
            "kind",
            "summary",
            "description",
            "programme",
            "starts_at",
            "ends_at",
            "venue_name",
            "address",
            "commune",
            "epci",
            "latitude",
            "longitude",
            "online_url",
            "audience",
            "capacity",
            "per_company_limit",
            "registration_deadline",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "epci" in self.fields:
            # The intercommunality follows from the commune: typed twice, the two could disagree.
            self.fields["epci"].disabled = True
            self.fields["epci"].required = False
            self.fields["epci"].help_text = _("Celle de la commune, remplie à l'enregistrement.")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("La fin doit suivre le début."))
        commune = data.get("commune")
        if "epci" in self.fields:
            data["epci"] = commune.epci if commune else None
        if data.get("kind") == Event.Kind.TERRITORY_EVENING and not commune:
            self.add_error(
                "commune",
                _(
                    "Une soirée de territoire a lieu dans une commune : choisissez-la, son "
                    "intercommunalité en découle."
                ),
            )
        deadline = data.get("registration_deadline")
        if deadline and ends and deadline > ends:
            self.add_error(
                "registration_deadline", _("La clôture des inscriptions doit précéder la fin de l'événement.")
            )
        if data.get("kind") == Event.Kind.WEBINAR and not data.get("online_url"):
            self.add_error("online_url", _("Un webinaire a besoin de son lien de connexion."))
        return data


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif de l'annulation (envoyé aux inscrits)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StaffRegistrationForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail"),
        help_text=gettext_lazy("Celle de son compte s'il en a un : il est alors rattaché à son entreprise."),
    )
    name = forms.CharField(label=gettext_lazy("Prénom et nom"), max_length=200, required=False)


def month_bounds(year: int, month: int, tz) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end
