"""The quality and ethics charter: its versions and the companies' signatures."""

import hashlib

import markdown
import nh3
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

ALLOWED_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "blockquote", "a", "br", "hr"}


class CharterVersionQuerySet(models.QuerySet):
    def published(self) -> "CharterVersionQuerySet":
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def current(self) -> "CharterVersion | None":
        """The version in force: the latest published one."""
        return self.published().order_by("-number").first()


class CharterVersion(models.Model):
    """One version of the charter's text. Once published, its text never changes."""

    number = models.PositiveSmallIntegerField(_("version"), unique=True)
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte (Markdown)"))
    changes = models.TextField(_("ce qui change"), blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    signing_deadline = models.DateField(
        _("date limite de signature"),
        null=True,
        blank=True,
        help_text=_("Les adhérents qui n'ont pas signé à cette date sont suspendus jusqu'à leur signature."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = CharterVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version de la charte")
        verbose_name_plural = _("versions de la charte")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @cached_property
    def body_html(self) -> SafeString:
        """The text rendered from Markdown, with anything but plain formatting stripped."""
        html = markdown.markdown(self.body, extensions=["sane_lists"], output_format="html")
        return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}))  # noqa: S308

    @property
    def text_sha256(self) -> str:
        """The fingerprint of the exact text a signer was shown."""
        return hashlib.sha256(f"{self.title}\n\n{self.body}".encode()).hexdigest()


class Signature(models.Model):
    """A company's electronic signature of one charter version, with its proof."""

    company = models.ForeignKey(
        "members.Company", on_delete=models.CASCADE, related_name="signatures", verbose_name=_("entreprise")
    )
    version = models.ForeignKey(
        CharterVersion, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("version")
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("signataire")
    )
    full_name = models.CharField(_("nom saisi"), max_length=200)
    text_sha256 = models.CharField(_("empreinte SHA-256 du texte"), max_length=64)
    signed_at = models.DateTimeField(_("signée le"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    user_agent = models.CharField(_("navigateur"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "version"], name="one_signature_per_company_and_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} — v{self.version.number} — {self.full_name}"


class CampaignReminder(models.Model):
    """A re-signing reminder sent to a company, recorded so that it is never sent twice."""

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("version")
    )
    company = models.ForeignKey(
        "members.Company", on_delete=models.CASCADE, related_name="+", verbose_name=_("entreprise")
    )
    days_before = models.SmallIntegerField(_("jours avant l'échéance"))
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("relance de signature")
        verbose_name_plural = _("relances de signature")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "company", "days_before"], name="one_reminder_per_offset"
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} — v{self.version.number} — J-{self.days_before}"
