"""People, companies and the territory they belong to."""

import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.core.files.storage import storages
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from reference.models import Commune, FormerCommune, Sector

# Older code imported the territory from here (tests/e2e still does): the same classes.
from reference.models import Epci as Epci


def text_limit(limit: int) -> list[MaxLengthValidator]:
    """The one length limit of a text field: its forms take `max_length`, services check the validator."""
    return [
        MaxLengthValidator(
            limit,
            message=_(
                "Ce texte est trop long : %(limit_value)d caractères au plus (il en compte %(show_value)d). "
                "Raccourcissez-le."
            ),
        )
    ]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email: str) -> "User":
        return self.get(email__iexact=email)


class User(AbstractUser):
    """A person: an entrepreneur, a colleague, or a staff member. Email is the login."""

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """How the person is shown everywhere: "Léa Bourgeois", the address only while the name is unknown."""
        return self.get_full_name() or self.email

    @property
    def has_name(self) -> bool:
        """Both first and last name given (accounts made before names were asked have none)."""
        return bool(self.first_name.strip() and self.last_name.strip())

    @property
    def name_and_email(self) -> str:
        """ "Léa Bourgeois <lea@…>" when the name is known, the address alone otherwise."""
        name = self.get_full_name()
        return f"{name} <{self.email}>" if name else self.email


def user_display(user: User) -> str:
    """allauth's ACCOUNT_USER_DISPLAY: the person's name ("connecté en tant que Léa Bourgeois")."""
    return user.display_name


# --- Companies and their people -------------------------------------------------


def logo_upload_to(instance: "Company", filename: str) -> str:
    # Random names: an uploaded file's name is never trusted nor guessable.
    return f"logos/{uuid.uuid4().hex}.png"


class CompanyQuerySet(models.QuerySet):
    def members(self) -> "CompanyQuerySet":
        """Companies that are (or were) members: they have a member number."""
        return self.exclude(member_number=None)


class Company(models.Model):
    """A company of the Jura: first an applicant, then (once accepted) a member."""

    MEMBER_STATUSES = ("active", "suspended", "lapsed")

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("candidate")
        ACTIVE = "active", _("adhérente")
        SUSPENDED = "suspended", _("suspendue")
        LAPSED = "lapsed", _("cotisation impayée")
        RESIGNED = "resigned", _("démissionnaire")
        EXCLUDED = "excluded", _("exclue")

    class SizeBand(models.TextChoices):
        NONE = "0", _("sans salarié")
        MICRO = "1-9", _("1 à 9 salariés")
        SMALL = "10-49", _("10 à 49 salariés")
        MEDIUM = "50-249", _("50 à 249 salariés")
        LARGE = "250+", _("250 salariés et plus")

    class LegalForm(models.TextChoices):
        EI = "ei", _("Entreprise individuelle (EI, micro-entreprise)")
        EURL = "eurl", _("EURL")
        SARL = "sarl", _("SARL")
        SASU = "sasu", _("SASU")
        SAS = "sas", _("SAS")
        SA = "sa", _("SA")
        SCOP = "scop", _("SCOP / SCIC")
        AGRICOLE = "agricole", _("Société agricole (GAEC, EARL, SCEA)")
        ASSOCIATION = "association", _("Association")
        OTHER = "other", _("Autre")

    siret = models.CharField(_("SIRET"), max_length=14, unique=True)
    legal_name = models.CharField(_("raison sociale"), max_length=200)
    trade_name = models.CharField(_("nom commercial"), max_length=200, blank=True)
    legal_form = models.CharField(_("forme juridique"), max_length=20, choices=LegalForm.choices)
    naf_code = models.CharField(_("code NAF / APE"), max_length=6, blank=True)
    year_founded = models.PositiveSmallIntegerField(_("année de création"), null=True, blank=True)
    size_band = models.CharField(_("effectif"), max_length=10, choices=SizeBand.choices)
    website = models.URLField(_("site internet"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    public_email = models.EmailField(_("e-mail de contact"), blank=True)

    address = models.CharField(_("adresse"), max_length=250, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("commune"),
    )

    sectors = models.ManyToManyField(Sector, blank=True, related_name="companies", verbose_name=_("métiers"))
    description = models.TextField(
        _("présentation"), blank=True, max_length=3000, validators=text_limit(3000)
    )
    products = models.TextField(
        _("produits et services"), blank=True, max_length=2000, validators=text_limit(2000)
    )
    quality_evidence = models.TextField(
        _("preuves de qualité"), blank=True, max_length=2000, validators=text_limit(2000)
    )
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True)

    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.APPLICANT)
    member_number = models.CharField(
        _("numéro d'adhérent"), max_length=20, unique=True, null=True, blank=True
    )
    # The delegated commune the company names its place by (Morez), within `commune` (Hauts de Bienne).
    former_commune = models.ForeignKey(
        FormerCommune,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune déléguée ou associée"),
    )
    member_since = models.DateField(_("adhérente depuis"), null=True, blank=True)
    status_reason = models.TextField(
        _("motif du statut"),
        blank=True,
        max_length=2000,
        validators=text_limit(2000),
        help_text=_("Pourquoi l'entreprise est suspendue, exclue, etc."),
    )
    suspended_for_charter = models.BooleanField(
        _("suspendue faute de signature de la charte"), default=False, editable=False
    )
    slug = models.SlugField(_("identifiant d'URL"), max_length=220, unique=True)

    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("entreprise")
        verbose_name_plural = _("entreprises")
        ordering = ["legal_name"]
        # /media/ finds a file's owner by its name (jura_portal.media).
        indexes = [models.Index(fields=["logo"], name="company_logo", condition=~models.Q(logo=""))]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.trade_name or self.legal_name

    @property
    def is_member(self) -> bool:
        return self.status in self.MEMBER_STATUSES

    @property
    def place_name(self) -> str:
        """« Morez (Hauts de Bienne) » for a company placed by its delegated commune, else the commune."""
        if self.commune_id is None:
            return ""
        if self.former_commune_id and self.former_commune.commune_id == self.commune_id:
            return str(self.former_commune)
        return self.commune.name

    def contact_emails(self) -> list[str]:
        """Where the company's emails go: its owner first, then its representatives."""
        return [role.user.email for role in self.roles.select_related("user").order_by("role", "created_at")]


class CompanyRole(models.Model):
    """A person who acts for a company: its owner (who applied) or a representative."""

    class Role(models.TextChoices):
        OWNER = "owner", _("responsable")
        REPRESENTATIVE = "representative", _("représentant")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="roles", verbose_name=_("entreprise")
    )
    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="company_role", verbose_name=_("personne")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.REPRESENTATIVE)
    created_at = models.DateTimeField(_("depuis"), auto_now_add=True)

    class Meta:
        verbose_name = _("représentant")
        verbose_name_plural = _("représentants")
        ordering = ["company", "role", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} — {self.company} ({self.get_role_display()})"


# --- Membership applications ------------------------------------------------------


class Application(models.Model):
    """A company's request to join, filled in steps, then vetted by staff."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        SUBMITTED = "submitted", _("déposée")
        IN_REVIEW = "in_review", _("en cours d'examen")
        INFO_REQUESTED = "info_requested", _("informations demandées")
        ACCEPTED = "accepted", _("acceptée")
        REJECTED = "rejected", _("refusée")
        WITHDRAWN = "withdrawn", _("retirée")

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.INFO_REQUESTED)
    # The applicant may withdraw the file until the committee takes it up (and while it asks for more).
    WITHDRAWABLE_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.INFO_REQUESTED)

    class Step(models.IntegerChoices):
        IDENTITY = 1, _("Identité")
        LOCATION = 2, _("Implantation")
        ACTIVITY = 3, _("Activité")
        COMMITMENTS = 4, _("Engagements")
        CHARTER = 5, _("Charte")
        REVIEW = 6, _("Vérification et envoi")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="applications", verbose_name=_("entreprise")
    )
    applicant = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="applications", verbose_name=_("déposée par")
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    completed_steps = ArrayField(
        models.PositiveSmallIntegerField(), default=list, blank=True, verbose_name=_("étapes remplies")
    )

    # The ethics questions of the charter, in the applicant's words.
    ethics_employees = models.TextField(
        _("envers les salariés"), blank=True, max_length=3000, validators=text_limit(3000)
    )
    ethics_suppliers = models.TextField(
        _("envers les fournisseurs"), blank=True, max_length=3000, validators=text_limit(3000)
    )
    ethics_customers = models.TextField(
        _("envers les clients"), blank=True, max_length=3000, validators=text_limit(3000)
    )
    local_anchoring = models.TextField(
        _("ancrage local"), blank=True, max_length=3000, validators=text_limit(3000)
    )
    local_sourcing = models.TextField(
        _("approvisionnement local"), blank=True, max_length=3000, validators=text_limit(3000)
    )
    no_relocation = models.BooleanField(_("aucun projet de délocalisation"), default=False)
    # What the applicant chose to show in the public directory (copied once to the listing, editable there).
    publish_phone = models.BooleanField(_("téléphone public dans l'annuaire"), default=False)
    publish_address = models.BooleanField(_("adresse publique dans l'annuaire"), default=False)
    no_relocation_details = models.TextField(
        _("précisions sur la production"), blank=True, max_length=3000, validators=text_limit(3000)
    )

    # Staff's checklist: all three must be ticked before acceptance.
    checked_location = models.BooleanField(_("implantation dans le Jura vérifiée"), default=False)
    checked_quality = models.BooleanField(_("qualité vérifiée"), default=False)
    checked_ethics = models.BooleanField(_("engagements éthiques vérifiés"), default=False)
    staff_notes = models.TextField(
        _("notes internes du comité"), blank=True, max_length=10000, validators=text_limit(10000)
    )

    info_request = models.TextField(
        _("informations demandées"), blank=True, max_length=3000, validators=text_limit(3000)
    )
    applicant_reply = models.TextField(
        _("réponse du candidat"), blank=True, max_length=5000, validators=text_limit(5000)
    )
    decision_reason = models.TextField(
        _("motif de la décision"), blank=True, max_length=3000, validators=text_limit(3000)
    )

    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    reviewer = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_applications",
        verbose_name=_("examinée par"),
    )

    class Meta:
        verbose_name = _("demande d'adhésion")
        verbose_name_plural = _("demandes d'adhésion")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=models.Q(status__in=["draft", "submitted", "in_review", "info_requested"]),
                name="one_open_application_per_company",
            )
        ]
        permissions = [("vet_application", _("Peut instruire les demandes d'adhésion"))]

    def __str__(self) -> str:
        return f"{self.company} — {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        """The applicant may change the file while it is a draft or when staff asked for more."""
        return self.status in (self.Status.DRAFT, self.Status.INFO_REQUESTED)

    @property
    def checklist_complete(self) -> bool:
        return self.checked_location and self.checked_quality and self.checked_ethics


def document_upload_to(instance: "ApplicationDocument", filename: str) -> str:
    return f"documents/{uuid.uuid4().hex}.pdf"


def private_storage():
    """Where supporting documents live: never under MEDIA_URL, only served by views that check who asks."""
    return storages["private"]


class ApplicationDocument(models.Model):
    """A supporting document (PDF) attached to an application: certificate, award, Kbis."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="documents", verbose_name=_("demande")
    )
    file = models.FileField(_("fichier"), upload_to=document_upload_to, storage=private_storage)
    title = models.CharField(_("intitulé"), max_length=200)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("justificatif")
        verbose_name_plural = _("justificatifs")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title


# --- Personal data (RGPD) -------------------------------------------------------------------------


class ErasureRequest(models.Model):
    """A person asks for their account and personal data to be erased; staff carry it out (members.privacy)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("demandée")
        DONE = "done", _("effectuée")
        REFUSED = "refused", _("refusée")

    # Kept after the erasure (the account stays, anonymised): the proof that the request was handled.
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="erasure_requests", verbose_name=_("compte")
    )
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    message = models.TextField(
        _("message de la personne"), blank=True, max_length=2000, validators=text_limit(2000)
    )
    requested_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("saisie par")
    )
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traitée par"),
    )
    decision_reason = models.TextField(
        _("motif du refus"), blank=True, max_length=2000, validators=text_limit(2000)
    )
    summary = models.JSONField(_("ce qui a été effacé ou gardé"), default=dict, blank=True)

    class Meta:
        verbose_name = _("demande d'effacement")
        verbose_name_plural = _("demandes d'effacement (RGPD)")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="requested"), name="one_open_erasure_request"
            )
        ]
        permissions = [("erase_personal_data", _("Peut effacer les données personnelles d'une personne"))]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_status_display()}"
