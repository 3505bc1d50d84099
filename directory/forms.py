"""The directory's forms: the public search (GET) and the member's listing editor. Validation only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import clean_logo
from directory.models import Listing
from directory.selectors import Criteria
from members.models import Company
from reference.models import Sector

SORT_CHOICES = [
    ("pertinence", _("Pertinence")),
    ("nom", _("Nom")),
    ("recents", _("Nouveaux adhérents")),
]


class DirectoryForm(forms.Form):
    """The search's state, read from the URL; anything malformed falls back to its default."""

    q = forms.CharField(label=_("Rechercher"), max_length=100, required=False, strip=True)
    secteur = forms.SlugField(label=_("Métier"), required=False, max_length=120)
    epci = forms.SlugField(label=_("Intercommunalité"), required=False, max_length=200)
    commune = forms.SlugField(label=_("Commune"), required=False, max_length=200)
    tri = forms.ChoiceField(label=_("Trier par"), choices=SORT_CHOICES, required=False)
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    def criteria(self) -> Criteria:
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        return Criteria(
            q=data.get("q") or "",
            secteur=data.get("secteur") or "",
            epci=data.get("epci") or "",
            commune=data.get("commune") or "",
            tri=data.get("tri") or "",
            page=data.get("page") or 1,
        )


class ListingForm(forms.Form):
    """What the member edits on /espace/annuaire/. Name, logo and trades are reviewed by staff."""

    # Reviewed by staff before going live.
    trade_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=200,
        required=False,
        help_text=_("Le nom commercial sous lequel le public vous connaît ; vide : la raison sociale."),
    )
    logo = forms.FileField(
        label=_("Nouveau logo"),
        required=False,
        help_text=_("PNG, JPEG ou WebP, 2 Mo au plus. Laissez vide pour garder le logo actuel."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Métiers"),
        queryset=Sector.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un métier.")},
    )
    # Live at once.
    description = forms.CharField(
        label=_("Présentation"),
        max_length=Company._meta.get_field("description").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("La première phrase sert de résumé dans la liste de l'annuaire."),
    )
    products = forms.CharField(
        label=_("Produits et services"),
        max_length=Company._meta.get_field("products").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    website = forms.URLField(label=_("Site internet"), required=False, assume_scheme="https")
    phone = forms.RegexField(
        label=_("Téléphone"),
        regex=r"^\+?[0-9 .()-]{6,20}$",
        required=False,
        error_messages={"invalid": _("Saisissez un numéro de téléphone, par exemple 03 84 12 34 56.")},
    )
    public_email = forms.EmailField(label=_("E-mail de contact"), required=False)
    is_listed = forms.BooleanField(
        label=Listing._meta.get_field("is_listed").verbose_name.capitalize(), required=False
    )
    show_phone = forms.BooleanField(label=_("Afficher le téléphone"), required=False)
    show_email = forms.BooleanField(label=_("Afficher l'e-mail"), required=False)
    show_website = forms.BooleanField(label=_("Afficher le site internet"), required=False)
    show_address = forms.BooleanField(label=_("Afficher l'adresse"), required=False)

    REVIEWED = ("trade_name", "logo", "sectors")

    @classmethod
    def initial_for(cls, company: Company, listing: Listing) -> dict:
        return {
            "trade_name": company.trade_name,
            "sectors": list(company.sectors.all()),
            "description": company.description,
            "products": company.products,
            "website": company.website,
            "phone": company.phone,
            "public_email": company.public_email,
            "is_listed": listing.is_listed,
            "show_phone": listing.show_phone,
            "show_email": listing.show_email,
            "show_website": listing.show_website,
            "show_address": listing.show_address,
        }

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        return clean_logo(upload) if upload else None

    def live_changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in self.REVIEWED}
