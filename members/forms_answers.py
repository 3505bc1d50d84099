"""The application's long answers (activity, commitments): step forms that "Enregistrer le
brouillon" saves however incomplete. They validate what was typed, and nothing else."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.utils.translation import gettext_lazy as _

from core import uploads
from members.forms import MIN_ANSWER, limit
from members.models import Application, Company
from reference.models import Sector


class SectorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Sector) -> str:
        return obj.name


class DraftableForm(forms.Form):
    """A step form that, for "Enregistrer le brouillon", keeps whatever is typed, however incomplete.

    Only what is required and how long answers must be is relaxed: a malformed
    value (a bad file, a wrong code) is still refused.
    """

    def __init__(self, *args, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.relaxed: dict[str, tuple[bool, list[MinLengthValidator]]] = {}
        if draft:
            for name, field in self.fields.items():
                lengths = [v for v in field.validators if isinstance(v, MinLengthValidator)]
                self.relaxed[name] = (field.required, lengths)
                field.required = False
                field.validators = [v for v in field.validators if not isinstance(v, MinLengthValidator)]

    def is_complete(self) -> bool:
        """Whether what was saved (even as a draft) fills the step: a complete step stays done."""
        if not self.draft:
            return True
        for name, (required, lengths) in self.relaxed.items():
            value = self.cleaned_data.get(name)
            if required and not value:  # empty text, no trade chosen, a box left unticked
                return False
            for validator in lengths:
                try:
                    validator(value)
                except ValidationError:
                    return False
        return True


class ActivityForm(DraftableForm):
    sectors = SectorChoiceField(
        label=_("Vos métiers"),
        queryset=Sector.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un métier.")},
        help_text=_("Ce que vous faites : l'annuaire vous présente sous ces métiers."),
    )
    description = forms.CharField(
        label=_("Présentation de l'entreprise"),
        max_length=limit(Company, "description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Quelques phrases : votre histoire, votre savoir-faire, ce qui vous rend fier."),
    )
    products = forms.CharField(
        label=_("Produits et services"),
        max_length=limit(Company, "products"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce que vous fabriquez ou proposez, et où c'est fait."),
    )
    quality_evidence = forms.CharField(
        label=_("Preuves de qualité"),
        max_length=limit(Company, "quality_evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Labels, certifications, prix et concours, avis clients… (facultatif)"),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        help_text=_("PNG, JPEG ou WebP (pas de SVG), 2 Mo au plus. Nous le recadrons à 1024 pixels."),
    )
    document_title = forms.CharField(
        label=_("Intitulé du justificatif"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : extrait Kbis, certificat AB, diplôme de meilleur ouvrier."),
    )
    document = forms.FileField(
        label=_("Justificatif (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        help_text=_("Facultatif, un PDF de 5 Mo au plus. Vous pouvez en ajouter plusieurs, un à la fois."),
    )

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:  # nothing new, or "effacer" ticked (False)
            return upload
        return uploads.clean_logo(upload)

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        return uploads.clean_pdf(upload)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("document") and not cleaned.get("document_title", "").strip():
            self.add_error("document_title", _("Donnez un intitulé à ce justificatif."))
        return cleaned


def _answer(label, help_text, field: str):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=limit(Application, field),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=MIN_ANSWER,
        error_messages={
            "required": _("Répondez avec vos mots : quelques phrases suffisent."),
            "min_length": _(
                "Un peu plus, s'il vous plaît : quelques phrases (%(limit_value)d caractères au moins, "
                "vous en avez écrit %(show_value)d) aident le comité à vous connaître."
            ),
        },
    )


class CommitmentsForm(DraftableForm):
    ethics_employees = _answer(
        _("Envers vos salariés"),
        _("Conditions de travail, formation, partage… (ou, si vous travaillez seul, votre façon de faire)."),
        "ethics_employees",
    )
    ethics_suppliers = _answer(
        _("Envers vos fournisseurs"),
        _("Comment les choisissez-vous, comment travaillez-vous avec eux ?"),
        "ethics_suppliers",
    )
    ethics_customers = _answer(
        _("Envers vos clients"),
        _("Transparence, prix, service après-vente, réclamations…"),
        "ethics_customers",
    )
    local_anchoring = _answer(
        _("Votre ancrage local"),
        _("Ce qui vous lie au Jura : emplois, partenaires, vie locale."),
        "local_anchoring",
    )
    local_sourcing = _answer(
        _("Votre approvisionnement local"),
        _("Ce que vous achetez dans le Jura ou en Franche-Comté."),
        "local_sourcing",
    )
    no_relocation = forms.BooleanField(
        label=_("Je n'ai aucun projet de délocaliser hors du Jura la production de mon entreprise."),
        error_messages={
            "required": _(
                "La charte demande de produire dans le Jura : cochez cette case pour vous y engager."
            )
        },
    )
    no_relocation_details = _answer(
        _("Où et comment produisez-vous ?"),
        _("Vos ateliers, vos sous-traitants éventuels et où ils se trouvent."),
        "no_relocation_details",
    )

    FIELDS = (
        "ethics_employees",
        "ethics_suppliers",
        "ethics_customers",
        "local_anchoring",
        "local_sourcing",
        "no_relocation",
        "no_relocation_details",
    )

    def clean(self):
        cleaned = super().clean()
        for name in self.FIELDS:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = cleaned[name].strip()
        return cleaned


def application_initial(application: Application) -> dict:
    """The commitments as stored, to fill the form again."""
    return {name: getattr(application, name) for name in CommitmentsForm.FIELDS}
