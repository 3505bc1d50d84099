from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import clean_logo


class LabelRequestForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du produit"),
        max_length=150,
        help_text=_("Tel qu'il apparaît sur l'emballage, par exemple « Saucisse de Morteau IGP »."),
    )
    description = forms.CharField(
        label=_("Description du produit"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Ce qu'il est, comment et où il est fabriqué. Elle sera publique si le label est accordé."
        ),
    )
    photo = forms.FileField(
        label=_("Photo du produit"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        help_text=_("PNG, JPEG ou WebP, 2 Mo au plus. Le produit seul, bien éclairé, sans texte ajouté."),
    )
    quality_reason = forms.CharField(
        label=_("En quoi ce produit respecte-t-il l'engagement qualité de la charte ?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Origine des matières premières, savoir-faire, fabrication dans le Jura, labels ou prix obtenus. "
            "Ce texte reste interne : seul le comité le lit."
        ),
    )

    def clean_photo(self):
        # Re-encoded like a logo: the bytes decide, no metadata survives, at most 1024 px a side.
        return clean_logo(self.cleaned_data["photo"])
