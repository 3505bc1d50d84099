"""Events of the network, the people registered to them, and the speed-dating tables."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Company
from reference.models import Commune, Epci


class EventQuerySet(models.QuerySet):
    def published(self) -> "EventQuerySet":
        """Events the public may see: published or cancelled after publication (never drafts)."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED]).exclude(
            published_at=None
        )

    def upcoming(self, now=None) -> "EventQuerySet":
        """Published events not over yet, soonest first."""
        now = now or timezone.now()
        return self.published().filter(ends_at__gte=now).order_by("starts_at", "pk")

    def past(self, now=None) -> "EventQuerySet":
        """Published events that are over, most recent first."""
        now = now or timezone.now()
        return self.published().filter(ends_at__lt=now).order_by("-starts_at", "-pk")

    def next_change(self, now=None):
        """The next instant when time alone changes what an events page shows (a published event
        starts, ends or closes its registrations), for the public pages' cache; None if none is coming."""
        now = now or timezone.now()
        found = self.published().aggregate(
            starts=models.Min("starts_at", filter=models.Q(starts_at__gt=now)),
            ends=models.Min("ends_at", filter=models.Q(ends_at__gt=now)),
            closes=models.Min("registration_deadline", filter=models.Q(registration_deadline__gt=now)),
        )
        return min((when for when in found.values() if when is not None), default=None)

    def public(self) -> "EventQuerySet":
        return self.filter(audience=Event.Audience.PUBLIC)

    def for_listing(self) -> "EventQuerySet":
        """What a list row shows: the place names come along in the same query."""
        return self.select_related("commune", "epci")


class Event(models.Model):
    """A company visit, a workshop, a speed-dating, a territory evening, a webinar..."""

    class Kind(models.TextChoices):
        COMPANY_VISIT = "company_visit", _("Visite d'entreprise")
        WORKSHOP = "workshop", _("Atelier")
        SPEED_DATING = "speed_dating", _("Speed-dating d'affaires")
        TERRITORY_EVENING = "territory_evening", _("Soirée de territoire")
        WEBINAR = "webinar", _("Webinaire")
        CHRISTMAS_MARKET = "christmas_market", _("Marché de Noël")
        OTHER = "other", _("Autre")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("Réservé aux adhérents")
        PUBLIC = "public", _("Ouvert au public")

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        PUBLISHED = "published", _("publié")
        CANCELLED = "cancelled", _("annulé")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=220, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    programme = models.TextField(
        _("programme"), blank=True, help_text=_("Une étape par ligne, ex. « 18 h 30 — Accueil ».")
    )

    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    venue_name = models.CharField(_("lieu"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("commune"),
    )
    epci = models.ForeignKey(
        Epci,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("intercommunalité"),
        help_text=_("Obligatoire pour une soirée de territoire : ses acteurs économiques sont invités."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    online_url = models.URLField(
        _("lien de connexion"),
        blank=True,
        help_text=_("Webinaire : montré seulement aux inscrits confirmés."),
    )

    audience = models.CharField(
        _("public"), max_length=10, choices=Audience.choices, default=Audience.MEMBERS
    )
    capacity = models.PositiveIntegerField(_("places"))
    per_company_limit = models.PositiveSmallIntegerField(
        _("inscrits par entreprise au plus"), default=2, help_text=_("Liste d'attente comprise.")
    )
    registration_deadline = models.DateTimeField(
        _("clôture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("Par défaut : le début de l'événement."),
    )

    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True, editable=False)
    cancellation_reason = models.TextField(_("motif de l'annulation"), blank=True, editable=False)
    invitations_sent_at = models.DateTimeField(
        _("invitations du territoire envoyées le"), null=True, blank=True, editable=False
    )

    # Kept by the registration services under the event's row lock, so that lists show the
    # seats left without counting registrations (and the database refuses one seat too many).
    confirmed_count = models.PositiveIntegerField(_("inscrits confirmés"), default=0, editable=False)
    waitlisted_count = models.PositiveIntegerField(_("en liste d'attente"), default=0, editable=False)

    # The .ics SEQUENCE: raised by every change of date, time or place (and a cancellation), so that
    # calendars replace the copy they hold (same UID). The registered people are told of the change
    # once staff confirm it; `change_notified_sequence` is the last version they were sent.
    sequence = models.PositiveBigIntegerField(_("version du fichier agenda"), default=0, editable=False)
    change_notified_sequence = models.PositiveBigIntegerField(
        _("version envoyée aux inscrits"), default=0, editable=False
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_starts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_count__lte=models.F("capacity")), name="event_never_over_capacity"
            ),
            models.CheckConstraint(
                condition=~Q(kind="territory_evening") | Q(epci__isnull=False),
                name="territory_evening_has_epci",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def is_online(self) -> bool:
        return self.kind == self.Kind.WEBINAR

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def is_full(self) -> bool:
        return self.confirmed_count >= self.capacity

    @property
    def closes_at(self):
        return self.registration_deadline or self.starts_at

    @property
    def place_label(self) -> str:
        if self.is_online:
            return str(_("en ligne"))
        parts = [p for p in (self.venue_name, self.commune.name if self.commune_id else "") if p]
        return ", ".join(parts)

    @property
    def map_url(self) -> str:
        """An OpenStreetMap link: the exact point when known, a search on the address otherwise."""
        from urllib.parse import urlencode

        if self.latitude is not None and self.longitude is not None:
            return (
                f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
                f"#map=17/{self.latitude}/{self.longitude}"
            )
        query = ", ".join(p for p in (self.address, self.commune.name if self.commune_id else "") if p)
        if not query:
            return ""
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})

    @property
    def change_to_notify(self) -> bool:
        """Date, time or place changed since the registered people were last told."""
        return self.sequence > self.change_notified_sequence

    def programme_lines(self) -> list[str]:
        return [line.strip() for line in self.programme.splitlines() if line.strip()]


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> "RegistrationQuerySet":
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def holding_seat(self) -> "RegistrationQuerySet":
        return self.filter(status__in=Registration.SEAT_STATUSES)

    def waiting(self) -> "RegistrationQuerySet":
        """The waiting list, first in line first."""
        return self.filter(status=Registration.Status.WAITLISTED).order_by("waitlisted_at", "pk")

    def for_attendee_list(self) -> "RegistrationQuerySet":
        return self.select_related("user", "company", "checked_in_by")


class Registration(models.Model):
    """One person's place (or place in line) at an event: a member's account or a guest."""

    class Status(models.TextChoices):
        PENDING = "pending_confirmation", _("à confirmer par e-mail")
        CONFIRMED = "confirmed", _("confirmée")
        WAITLISTED = "waitlisted", _("liste d'attente")
        CANCELLED = "cancelled", _("annulée")
        ATTENDED = "attended", _("présent")

    ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED)
    SEAT_STATUSES = (Status.CONFIRMED, Status.ATTENDED)

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("événement")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("compte"),
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("entreprise"),
    )
    # Who comes: copied from the account for members, typed by the guest otherwise.
    name = models.CharField(_("nom"), max_length=200)
    email = models.EmailField(_("adresse e-mail"))
    guest_organisation = models.CharField(_("structure (invité)"), max_length=200, blank=True)
    is_guest = models.BooleanField(_("invité sans compte"), default=False)

    status = models.CharField(_("statut"), max_length=25, choices=Status.choices)
    waitlisted_at = models.DateTimeField(_("en liste d'attente depuis"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inscrit par"),
    )
    added_by_staff = models.BooleanField(_("ajouté par l'équipe"), default=False)

    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("arrivée le"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pointé par"),
    )
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["event", "created_at", "pk"]
        indexes = [
            models.Index(fields=["event", "status", "waitlisted_at"], name="registration_event_status"),
            models.Index(fields=["user", "status"], name="registration_user_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=Q(status__in=["pending_confirmation", "confirmed", "waitlisted", "attended"]),
                name="one_active_registration_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="waitlisted_has_a_place_in_line",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEAT_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


class SpeedDatingSchedule(models.Model):
    """The rounds and tables of a speed-dating event (generated by events.speeddating)."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="speed_dating_schedule", verbose_name=_("événement")
    )
    round_minutes = models.PositiveSmallIntegerField(_("durée d'un tour (minutes)"), default=7)
    group_size = models.PositiveSmallIntegerField(_("personnes par table"), default=2)
    avoid_same_trade = models.BooleanField(_("éviter deux entreprises du même métier"), default=False)
    rounds_wanted = models.PositiveSmallIntegerField(
        _("nombre de tours"),
        null=True,
        blank=True,
        help_text=_("Vide : autant de tours que de rencontres utiles."),
    )
    seed = models.PositiveIntegerField(_("tirage"), default=0, editable=False)
    notes = models.TextField(_("remarques du générateur"), blank=True, editable=False)
    generated_at = models.DateTimeField(_("généré le"), null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("généré par"),
    )

    class Meta:
        verbose_name = _("planning de speed-dating")
        verbose_name_plural = _("plannings de speed-dating")

    def __str__(self) -> str:
        return str(self.event)


class SpeedDatingSeat(models.Model):
    """One participant at one table in one round; no row in a round means a bye."""

    schedule = models.ForeignKey(
        SpeedDatingSchedule, on_delete=models.CASCADE, related_name="seats", verbose_name=_("planning")
    )
    round_number = models.PositiveSmallIntegerField(_("tour"))
    table_number = models.PositiveSmallIntegerField(_("table"))
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="speed_dating_seats",
        verbose_name=_("participant"),
    )

    class Meta:
        verbose_name = _("place de speed-dating")
        verbose_name_plural = _("places de speed-dating")
        ordering = ["schedule", "round_number", "table_number", "pk"]
        indexes = [
            models.Index(fields=["schedule", "round_number", "table_number"], name="sd_seat_round_table")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "round_number", "registration"], name="one_seat_per_round_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} — tour {self.round_number}, table {self.table_number}"
