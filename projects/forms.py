"""The projects' public and member forms: they validate what was typed, and nothing else."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.uploads import clean_pdf
from projects.models import Commitment, Need, Unit
from reference.models import Commune, Epci, FormerCommune, Sector
from reference.places import place_key

COMMUNE_LABEL = re.compile(r"^(?P<name>.+?)\s*\((?P<code>\d{5})\)$")
COMMUNE_LIST_ID = "communes-du-jura"


class CommuneField(forms.CharField):
    """A commune typed with the help of the portal's list (« Dole (39100) », « Morez », « st claude »).

    The portal's pattern (the application's location step): a text input bound to a datalist of the
    Jura's communes; what is typed is matched on the folded name (accents, case, St/Ste), a former
    commune stands for its current one, and the postal code settles two communes of the same name.
    """

    widget = forms.TextInput(attrs={"list": COMMUNE_LIST_ID, "autocomplete": "off"})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 220)
        super().__init__(*args, **kwargs)
        self.communes: list[Commune] = []
        self.former_communes: list[FormerCommune] = []

    def load(self) -> None:
        self.communes = list(Commune.objects.select_related("epci").order_by("name"))
        self.former_communes = [
            f
            for f in FormerCommune.objects.select_related("commune__epci").order_by("name")
            if place_key(f.name) != place_key(f.commune.name)
        ]

    def choices(self) -> list[str]:
        labels = [(c.name, code) for c in self.communes for code in c.postal_codes]
        labels += [(str(f), code) for f in self.former_communes for code in f.commune.postal_codes]
        return [f"{name} ({code})" for name, code in sorted(labels, key=lambda label: place_key(label[0]))]

    def clean(self, value) -> Commune | None:
        typed = super().clean(value).strip()
        if not typed:
            return None
        match = COMMUNE_LABEL.match(typed)
        name, code = (match["name"], match["code"]) if match else (typed, None)
        key = place_key(name)
        found = [c for c in self.communes if place_key(c.name) == key]
        if not found:
            formers = [f for f in self.former_communes if key in (place_key(f.name), place_key(str(f)))]
            found = list({f.commune.pk: f.commune for f in formers}.values())
        if code and len(found) > 1:
            found = [c for c in found if code in c.postal_codes] or found
        if not found:
            raise ValidationError(
                _("« %(name)s » n'est pas une commune du Jura : choisissez-la dans la liste."),
                params={"name": name},
                code="unknown_commune",
            )
        if len(found) > 1:
            raise ValidationError(
                _(
                    "Plusieurs communes portent ce nom : choisissez la bonne dans la liste (avec son code postal)."
                ),
                code="ambiguous",
            )
        return found[0]


class TradeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Sector) -> str:
        return obj.name


def _limit(field: str) -> int | None:
    return Need._meta.get_field(field).max_length


class NeedReportForm(forms.Form):
    """« Signaler un besoin du territoire »: what, where, who is affected, evidence, trades."""

    title = forms.CharField(
        label=_("Le besoin en une phrase"),
        max_length=_limit("title"),
        help_text=_("Par exemple : « Les bouteilles de vin du Jura partent à la refonte à 200 km »."),
    )
    description = forms.CharField(
        label=_("Décrivez le besoin"),
        max_length=_limit("description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ce qui manque sur le territoire, depuis quand, ce qui se fait aujourd'hui."),
    )
    commune = CommuneField(
        label=_("Commune concernée"),
        required=False,
        help_text=_("Commencez à taper le nom et choisissez la commune dans la liste."),
    )
    epci = forms.ModelChoiceField(
        label=_("Ou l'intercommunalité concernée"),
        queryset=Epci.objects.order_by("name"),
        required=False,
        empty_label=_("— choisir —"),
        to_field_name="slug",
        help_text=_("Si le besoin touche toute une intercommunalité plutôt qu'une commune."),
    )
    affected = forms.CharField(
        label=_("Qui est concerné ?"),
        max_length=_limit("affected"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Habitants, entreprises, associations, collectivités… et combien, si vous le savez."),
    )
    evidence = forms.CharField(
        label=_("Éléments d'appui"),
        max_length=_limit("evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Chiffres, études, articles : ce qui montre que le besoin existe."),
    )
    evidence_document = forms.FileField(
        label=_("Document d'appui (PDF, facultatif)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    trades = TradeChoiceField(
        label=_("Métiers concernés"),
        queryset=Sector.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].load()

    @property
    def commune_choices(self) -> list[str]:
        return self.fields["commune"].choices()

    def clean_evidence_document(self):
        upload = self.cleaned_data.get("evidence_document")
        return clean_pdf(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        commune, epci = cleaned.get("commune"), cleaned.get("epci")
        if not self.has_error("commune") and commune is None and epci is None:
            raise ValidationError(
                _("Indiquez où se situe le besoin : une commune ou une intercommunalité."), code="no_place"
            )
        if commune is not None and epci is not None and commune.epci_id != epci.pk:
            self.add_error(
                "epci",
                ValidationError(
                    _("%(commune)s fait partie de %(epci)s : corrigez la commune ou l'intercommunalité."),
                    params={"commune": commune.name, "epci": commune.epci.name},
                    code="epci_mismatch",
                ),
            )
        return cleaned


class FollowForm(forms.Form):
    """Follow a project without an account: the confirmation link is emailed to this address."""

    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Vous recevrez un lien pour confirmer ; chaque e-mail permet de se désabonner en un clic."
        ),
    )
    # A field a person never sees (hidden by CSS and from screen readers): robots fill it in.
    website = forms.CharField(required=False, label=_("Ne pas remplir"))

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


# What a member may pledge from the browser, and the units each kind is counted in.
PLEDGE_UNITS = {
    Commitment.Kind.MONEY: [Unit.EUROS],
    Commitment.Kind.SPACE: [Unit.PALLET_PLACES, Unit.SQUARE_METRES],
    Commitment.Kind.TIME: [Unit.DAYS],
    Commitment.Kind.PURCHASE: [Unit.UNITS_PER_YEAR],
}


class FrenchDecimalField(forms.DecimalField):
    """A decimal typed the French way: « 20,5 », « 1 250,75 » (spaces, no-break spaces between thousands)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split())  # every kind of space, the no-break ones included
        return super().to_python(value)


class PledgeForm(forms.Form):
    """A member company's pledge for a role of a project: money, space, time or purchase volumes."""

    role = forms.ModelChoiceField(label=_("Pour quel rôle ?"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(
        label=_("Vous proposez"),
        choices=[(kind.value, kind.label) for kind in PLEDGE_UNITS],
        widget=forms.RadioSelect,
    )
    quantity = FrenchDecimalField(  # a type=number field would refuse the comma people type
        label=_("Combien ?"),
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
    )
    unit = forms.ChoiceField(
        label=_("Unité"),
        choices=[(unit.value, unit.label) for units in PLEDGE_UNITS.values() for unit in units],
    )
    note = forms.CharField(
        label=_("Précision (facultatif)"),
        max_length=Commitment._meta.get_field("note").max_length,
        required=False,
        help_text=_("Par exemple : « à Dole, de septembre à juin »."),
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = roles
        self.fields["role"].label_from_instance = lambda role: role.name

    def clean(self):
        cleaned = super().clean()
        kind, unit = cleaned.get("kind"), cleaned.get("unit")
        if kind and unit and unit not in PLEDGE_UNITS[kind]:
            self.add_error(
                "unit",
                ValidationError(
                    _("Cette unité ne convient pas : choisissez %(units)s."),
                    params={"units": _(" ou ").join(str(Unit(u).label) for u in PLEDGE_UNITS[kind])},
                    code="unit_mismatch",
                ),
            )
        return cleaned
