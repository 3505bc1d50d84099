"""The application's forms: they validate what was typed, and nothing else.

Saving is the services' job (members.services, charter.services); the views
hand them the cleaned data.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import services
from members.errors import MembershipError
from members.models import Application, Company
from reference.models import Commune, FormerCommune
from reference.places import place_key


def limit(model, field: str) -> int:
    """A text field's length limit, as the model declares it (one limit per field)."""
    return model._meta.get_field(field).max_length


NAF_CODE = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")
COMMUNE_LABEL = re.compile(r"^(?P<name>.+?)\s*\((?P<code>\d{5})\)$")
MIN_ANSWER = 30


# « st claude » finds « Saint-Claude »: accents, case, punctuation and St/Ste folded away.
_fold = place_key


class IdentityForm(forms.Form):
    legal_name = forms.CharField(
        label=_("Raison sociale"),
        max_length=200,
        help_text=_("Le nom inscrit sur votre Kbis ou au répertoire SIRENE."),
    )
    trade_name = forms.CharField(
        label=_("Nom commercial"),
        max_length=200,
        required=False,
        help_text=_("Le nom sous lequel vos clients vous connaissent, s'il est différent."),
    )
    legal_form = forms.ChoiceField(
        label=_("Forme juridique"), choices=[("", "—"), *Company.LegalForm.choices]
    )
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=20,
        help_text=_("14 chiffres, sur votre Kbis ou sur annuaire-entreprises.data.gouv.fr."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    naf_code = forms.CharField(
        label=_("Code NAF / APE"),
        max_length=7,
        required=False,
        help_text=_("Quatre chiffres et une lettre, par exemple 10.51C."),
    )
    year_founded = forms.IntegerField(label=_("Année de création"), required=False)
    size_band = forms.ChoiceField(label=_("Effectif"), choices=[("", "—"), *Company.SizeBand.choices])
    website = forms.URLField(label=_("Site internet"), required=False, assume_scheme="https", max_length=200)
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Par exemple 03 84 12 34 56 ou +33 3 84 12 34 56."),
    )
    public_email = forms.EmailField(
        label=_("E-mail de contact"),
        required=False,
        help_text=_("Affiché dans l'annuaire une fois votre entreprise adhérente."),
    )
    publish_phone = forms.BooleanField(
        label=_("Afficher ce numéro dans l'annuaire public"),
        required=False,
        help_text=_(
            "Sans cette case, seule l'équipe de Made in Jura voit votre numéro. "
            "Vous pourrez changer d'avis à tout moment depuis votre espace."
        ),
    )

    CHOICES = ("publish_phone",)  # stored on the application, not on the company

    def clean_siret(self) -> str:
        try:
            return services.clean_siret(self.cleaned_data["siret"])
        except MembershipError as error:
            raise ValidationError(str(error), code="siret") from error

    def clean_naf_code(self) -> str:
        value = self.cleaned_data["naf_code"].replace(" ", "").upper()
        if not value:
            return ""
        match = NAF_CODE.match(value)
        if not match:
            raise ValidationError(
                _("Un code NAF s'écrit avec quatre chiffres et une lettre, par exemple 10.51C."),
                code="naf",
            )
        return "{}.{}{}".format(*match.groups())

    def clean_year_founded(self) -> int | None:
        year = self.cleaned_data["year_founded"]
        this_year = timezone.localdate().year
        if year is not None and not 1800 <= year <= this_year:
            raise ValidationError(
                _("Indiquez une année entre 1800 et %(year)s.") % {"year": this_year}, code="year"
            )
        return year

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"]
        if not raw:
            return ""
        digits = re.sub(r"[\s.\-/()]", "", raw)
        if digits.startswith("+33"):
            digits = "0" + digits[3:]
        elif digits.startswith("0033"):
            digits = "0" + digits[4:]
        if digits.startswith("00"):
            digits = digits[1:]  # +33 (0)3…: the zero in brackets is a habit, not a digit
        if not re.fullmatch(r"0[1-9]\d{8}", digits):
            raise ValidationError(
                _("Indiquez un numéro français à 10 chiffres, par exemple 03 84 12 34 56."), code="phone"
            )
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))

    def company_fields(self) -> dict:
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.CHOICES}
        data["legal_name"] = data["legal_name"].strip()
        return data

    @classmethod
    def initial_for(cls, company: Company) -> dict:
        return {name: getattr(company, name) for name in cls.base_fields if name not in cls.CHOICES}


class LocationForm(forms.Form):
    address = forms.CharField(
        label=_("Adresse"),
        max_length=250,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        help_text=_("Numéro et rue, lieu-dit."),
    )
    postal_code = forms.CharField(
        label=_("Code postal"),
        max_length=5,
        min_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    commune = forms.CharField(
        label=_("Commune"),
        max_length=220,
        widget=forms.TextInput(attrs={"list": "communes-du-jura", "autocomplete": "off"}),
        help_text=_("Commencez à taper le nom et choisissez votre commune dans la liste."),
    )
    publish_address = forms.BooleanField(
        label=_("Afficher la rue et le numéro dans l'annuaire public"),
        required=False,
        help_text=_(
            "Sans cette case, l'annuaire ne montre que votre commune. "
            "Vous pourrez changer d'avis à tout moment depuis votre espace."
        ),
    )

    OUTSIDE = _(
        "Made in Jura réunit les entreprises établies dans le Jura (39) : une entreprise "
        "installée hors du département ne peut pas adhérer. Si votre établissement est bien "
        "dans le Jura, vérifiez le code postal et la commune."
    )

    def __init__(
        self,
        *args,
        communes: list[Commune] | None = None,
        former_communes: list[FormerCommune] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.communes = communes if communes is not None else list(Commune.objects.order_by("name"))
        if former_communes is None:
            former_communes = list(FormerCommune.objects.select_related("commune").order_by("name"))
        # A delegated commune bearing its current commune's name (Poligny) is that commune already.
        self.former_communes = [f for f in former_communes if _fold(f.name) != _fold(f.commune.name)]

    def choices(self) -> list[str]:
        """What the datalist offers: « Name (postal code) », one line per postal code, and the
        former communes as « Morez (Hauts de Bienne) (39400) »."""
        labels = [(c.name, code) for c in self.communes for code in c.postal_codes]
        labels += [(str(f), code) for f in self.former_communes for code in f.commune.postal_codes]
        return [f"{name} ({code})" for name, code in sorted(labels, key=lambda label: _fold(label[0]))]

    def clean_postal_code(self) -> str:
        code = self.cleaned_data["postal_code"].strip()
        if not code.isdigit():
            raise ValidationError(_("Un code postal compte 5 chiffres."), code="postal_code")
        if not code.startswith("39"):
            raise ValidationError(
                _("Le code postal %(code)s n'est pas dans le Jura. ") % {"code": code} + str(self.OUTSIDE),
                code="outside_jura",
            )
        return code

    def clean_commune(self) -> Commune:
        typed = self.cleaned_data["commune"].strip()
        match = COMMUNE_LABEL.match(typed)
        name, code = (match["name"], match["code"]) if match else (typed, None)
        key = _fold(name)
        found = [c for c in self.communes if _fold(c.name) == key]
        self.former_commune = None
        if not found:  # « Morez » or « Morez (Hauts de Bienne) » stands for Hauts de Bienne
            formers = [f for f in self.former_communes if key in (_fold(f.name), _fold(str(f)))]
            found = list({f.commune.pk: f.commune for f in formers}.values())
            if len(found) == 1:
                self.former_commune = formers[0]  # kept: the company names its place so
        if code and len(found) > 1:
            found = [c for c in found if code in c.postal_codes] or found
        if not found:
            raise ValidationError(
                _("« %(name)s » n'est pas une commune du Jura. ") % {"name": name} + str(self.OUTSIDE),
                code="outside_jura",
            )
        if len(found) > 1:
            raise ValidationError(
                _(
                    "Plusieurs communes portent ce nom : choisissez la vôtre dans la liste (avec son code postal)."
                ),
                code="ambiguous",
            )
        return found[0]

    def clean(self):
        cleaned = super().clean()
        commune, code = cleaned.get("commune"), cleaned.get("postal_code")
        if commune:
            cleaned["former_commune"] = getattr(self, "former_commune", None)
        if commune and code and code not in commune.postal_codes:
            self.add_error(
                "postal_code",
                ValidationError(
                    _("Le code postal de %(name)s est %(codes)s : corrigez l'un ou l'autre.")
                    % {"name": commune.name, "codes": _(" ou ").join(commune.postal_codes)},
                    code="postal_code_mismatch",
                ),
            )
        return cleaned


class CharterSignForm(forms.Form):
    accept = forms.BooleanField(
        label=_(
            "Je m'engage, au nom de mon entreprise, à respecter la charte de Made in Jura telle qu'elle est "
            "présentée ci-dessus."
        ),
        error_messages={"required": _("Cochez la case pour vous engager à respecter la charte.")},
    )
    full_name = forms.CharField(
        label=_("Votre nom complet"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Taper votre nom vaut signature électronique de la charte."),
        error_messages={"required": _("Saisissez votre nom complet pour signer.")},
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Votre réponse au comité"),
        max_length=limit(Application, "applicant_reply"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Enregistrée à chaque clic sur un bouton de cette page : vous pouvez aller compléter une étape "
            "(un justificatif à l'étape « Activité ») et revenir, votre réponse vous attend."
        ),
        error_messages={"required": _("Répondez à la demande du comité avant de renvoyer votre dossier.")},
    )

    def __init__(self, *args, draft: bool = False, keep_key: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if draft:
            self.fields["reply"].required = False
        if keep_key:  # static/js/portal.js keeps what is typed in this tab until it is saved
            self.fields["reply"].widget.attrs["data-keep"] = keep_key


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme vouloir retirer la demande d'adhésion de mon entreprise."),
        error_messages={"required": _("Cochez la case pour confirmer le retrait.")},
    )


class NameForm(forms.Form):
    """A person's first and last name: how colleagues, staff and other members see them."""

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "autocapitalize": "words"}),
        error_messages={"required": _("Indiquez votre prénom.")},
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "autocapitalize": "words"}),
        error_messages={"required": _("Indiquez votre nom.")},
    )

    def clean_first_name(self) -> str:
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_last_name(self) -> str:
        return " ".join(self.cleaned_data["last_name"].split())


class SignupNameForm(NameForm):
    """The names asked at sign-up (ACCOUNT_SIGNUP_FORM_CLASS): allauth's adapter saves them on the user."""

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def signup(self, request, user) -> None:
        """Nothing more to do: DefaultAccountAdapter.save_user already copied first_name and last_name."""
