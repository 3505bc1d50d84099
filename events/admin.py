"""Staff's side of events: create, publish, duplicate, cancel; attendees, CSV, attendance figures."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import services
from events.forms import CancelEventForm, StaffRegistrationForm
from events.models import Event, Registration
from events.services import EventError
from jura_portal.exports import export_response
from members.models import Epci, User


class EventAdminForm(forms.ModelForm):
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
        capacity = data.get("capacity")
        if self.instance.pk:
            # The admin saves inside one transaction: holding the event's row from here to the save
            # keeps registrations (and a cancellation) from slipping in between the check and the save.
            taken = Event.objects.select_for_update().get(pk=self.instance.pk).confirmed_count
            if capacity is not None and capacity < taken:
                self.add_error(
                    "capacity",
                    _(
                        "%(n)s personnes ont déjà une place : annulez des inscriptions avant de réduire "
                        "la jauge."
                    )
                    % {"n": taken},
                )
        return data


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    # The audience is in the filters: without it the seats fit 1280 px.
    list_display = ("title", "kind", "starts_at", "place", "status", "seats", "waitlisted_count")
    list_filter = ("status", "kind", "audience", "epci")
    search_fields = ("title", "venue_name", "commune__name")
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("commune", "epci")
    readonly_fields = (
        "status",
        "published_at",
        "confirmed_count",
        "waitlisted_count",
        "cancelled_at",
        "cancellation_reason",
        "invitations_sent_at",
    )
    actions = ["publish", "duplicate"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "summary", "description", "programme")}),
        (
            gettext_lazy("Quand et où"),
            {
                "fields": (
                    "starts_at",
                    "ends_at",
                    "venue_name",
                    "address",
                    "commune",
                    "epci",
                    "latitude",
                    "longitude",
                    "online_url",
                )
            },
        ),
        (
            gettext_lazy("Inscriptions"),
            {"fields": ("audience", "capacity", "per_company_limit", "registration_deadline")},
        ),
        (gettext_lazy("État"), {"fields": readonly_fields}),
    )

    def has_delete_permission(self, request, obj=None):
        # An event people registered to is cancelled (they are told), never deleted; the bulk delete
        # refuses too, as registrations may not be deleted (RegistrationAdmin).
        if obj is not None and obj.registrations.exists():
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=gettext_lazy("lieu"))
    def place(self, event: Event) -> str:
        return event.place_label

    @admin.display(description=gettext_lazy("places prises"))
    def seats(self, event: Event) -> str:
        return f"{event.confirmed_count} / {event.capacity}"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            super().save_model(request, obj, form, change)
        else:
            # Only what the form edits: the seat counts and the state belong to the services, and the
            # copy loaded at the start of this request may be older than the row (locked since clean()).
            # Date, time and place go through event_move: a new calendar version for the people coming.
            edited = [
                name
                for name in EventAdminForm.Meta.fields
                if name in form.fields and name not in services.SCHEDULE_FIELDS
            ]
            obj.save(update_fields=[*edited, "updated_at"])
            schedule = {
                name: form.cleaned_data[name]
                for name in services.SCHEDULE_FIELDS
                if name in form.changed_data
            }
            if schedule:
                services.event_move(event=obj, acting_user=request.user, changes=schedule)
        if change and "capacity" in form.changed_data:
            promoted = services.event_fill_freed_seats(event=obj, acting_user=request.user)
            if promoted:
                messages.info(
                    request,
                    _("%(n)s personne(s) de la liste d'attente ont reçu une place.") % {"n": len(promoted)},
                )

    @admin.action(description=gettext_lazy("Publier les événements sélectionnés"), permissions=["change"])
    def publish(self, request, queryset):
        for event in queryset:
            try:
                services.event_publish(event=event, acting_user=request.user)
                messages.success(request, _("« %(title)s » est publié.") % {"title": event.title})
            except EventError as error:
                messages.error(request, f"{event.title} : {error}")

    @admin.action(description=gettext_lazy("Dupliquer (brouillon à ajuster)"), permissions=["add"])
    def duplicate(self, request, queryset):
        for event in queryset:
            copy = services.event_duplicate(event=event, acting_user=request.user)
            messages.success(request, _("Copie créée en brouillon : « %(title)s ».") % {"title": copy.title})

    def get_urls(self):
        own = [
            path(
                "<int:pk>/inscrits/",
                self.admin_site.admin_view(self.attendees),
                name="events_event_attendees",
            ),
            path(
                "<int:pk>/inscrits.csv",
                self.admin_site.admin_view(self.attendees_csv),
                name="events_event_attendees_csv",
            ),
            path(
                "<int:pk>/inscrits.xlsx",
                self.admin_site.admin_view(self.attendees_xlsx),
                name="events_event_attendees_xlsx",
            ),
            path("<int:pk>/annuler/", self.admin_site.admin_view(self.cancel), name="events_event_cancel"),
            path(
                "<int:pk>/publier/", self.admin_site.admin_view(self.publish_one), name="events_event_publish"
            ),
            path(
                "<int:pk>/prevenir/",
                self.admin_site.admin_view(self.notify_change),
                name="events_event_notify_change",
            ),
            path(
                "statistiques/", self.admin_site.admin_view(self.statistics), name="events_event_statistics"
            ),
        ]
        return own + super().get_urls()

    def response_change(self, request, obj):
        """After a change of date, time or place, ask whether to tell the registered people."""
        obj.refresh_from_db(fields=["sequence", "change_notified_sequence"])
        if obj.change_to_notify and services.event_change_recipients(obj).exists():
            super().response_change(request, obj)  # its message ("modifié avec succès")
            return redirect("admin:events_event_notify_change", pk=obj.pk)
        return super().response_change(request, obj)

    def notify_change(self, request, pk: int):
        event = get_object_or_404(Event.objects.select_related("commune"), pk=pk)
        if not self.has_change_permission(request, event):
            return redirect("admin:index")
        if request.method == "POST":
            sent = services.event_notify_change(event=event, acting_user=request.user)
            messages.success(
                request,
                _("%(n)s personne(s) prévenue(s) par e-mail, avec le fichier agenda à jour.") % {"n": sent},
            )
            return redirect("admin:events_event_change", event.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "event": event,
            "recipients": services.event_change_recipients(event).count(),
            "title": _("Prévenir les inscrits du changement — %(title)s") % {"title": event.title},
        }
        return TemplateResponse(request, "admin/events/notify_change.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_event_links": True}
        return super().change_view(request, object_id, form_url, extra_context)

    def _attendee_rows(self, event: Event) -> list[Registration]:
        rows = list(event.registrations.for_attendee_list().order_by("status", "waitlisted_at", "name"))
        waiting = sorted(
            (r for r in rows if r.status == Registration.Status.WAITLISTED),
            key=lambda r: (r.waitlisted_at, r.pk),
        )
        for position, row in enumerate(waiting, start=1):
            row.position = position
        return rows

    def attendees(self, request, pk: int):
        event = get_object_or_404(Event, pk=pk)
        # The people registered are what the page shows (names, e-mails): their permission, as the export.
        if not (
            self.has_view_permission(request, event) and request.user.has_perm("events.view_registration")
        ):
            raise PermissionDenied
        form = StaffRegistrationForm(request.POST or None)
        may_register = self.has_change_permission(request, event) and request.user.has_perm(
            "events.change_registration"
        )
        if request.method == "POST" and may_register and form.is_valid():
            email = form.cleaned_data["email"]
            user = User.objects.filter(email__iexact=email).first()
            try:
                registration = services.staff_register(
                    event=event,
                    acting_user=request.user,
                    name=form.cleaned_data["name"],
                    email=email,
                    user=user,
                )
                messages.success(
                    request,
                    _("%(name)s est inscrit(e) : %(status)s.")
                    % {"name": registration.name, "status": registration.get_status_display()},
                )
                return redirect("admin:events_event_attendees", pk=event.pk)
            except EventError as error:
                form.add_error(None, str(error))
        rows = self._attendee_rows(event)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "event": event,
            "rows": rows,
            "form": form,
            "title": _("Inscrits — %(title)s") % {"title": event.title},
            "present": sum(1 for r in rows if r.status == Registration.Status.ATTENDED),
        }
        return TemplateResponse(request, "admin/events/attendees.html", context)

    def attendees_csv(self, request, pk: int):
        return self.attendees_export(request, pk, "csv")

    def attendees_xlsx(self, request, pk: int):
        return self.attendees_export(request, pk, "xlsx")

    def attendees_export(self, request, pk: int, fmt: str):
        """The attendee list as a spreadsheet (registrations are what it shows: their permission)."""
        event = get_object_or_404(Event, pk=pk)
        if not (
            self.has_view_permission(request, event) and request.user.has_perm("events.view_registration")
        ):
            raise PermissionDenied
        rows = (
            [
                row.name,
                row.email,
                row.company.display_name if row.company else row.guest_organisation,
                row.get_status_display(),
                getattr(row, "position", ""),
                row.created_at,
                timezone.localtime(row.checked_in_at).strftime("%H:%M") if row.checked_in_at else "",
                row.company.member_number if row.company else "",
            ]
            for row in self._attendee_rows(event)
        )
        return export_response(
            filename=f"inscrits-{event.slug}",
            headers=[
                _("Nom"),
                _("E-mail"),
                _("Entreprise"),
                _("Statut"),
                _("Position en liste d'attente"),
                _("Inscrit le"),
                _("Présent à"),
                _("Numéro d'adhérent"),
            ],
            rows=rows,
            fmt=fmt,
            title=_("Inscrits"),
        )

    def publish_one(self, request, pk: int):
        """Publish from the event's own page: what will happen is said, then confirmed."""
        event = get_object_or_404(Event.objects.select_related("epci"), pk=pk)
        if not self.has_change_permission(request, event):
            return redirect("admin:index")
        error = None
        if request.method == "POST":
            try:
                services.event_publish(event=event, acting_user=request.user)
            except EventError as refused:
                error = str(refused)
            else:
                messages.success(request, _("« %(title)s » est publié.") % {"title": event.title})
                return redirect("admin:events_event_change", event.pk)
        invited = None
        if event.kind == Event.Kind.TERRITORY_EVENING and event.invitations_sent_at is None and event.epci_id:
            invited = services.territory_invitation_count(event)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "event": event,
            "invited": invited,
            "error": error,
            "title": _("Publier « %(title)s »") % {"title": event.title},
        }
        return TemplateResponse(request, "admin/events/publish.html", context)

    def cancel(self, request, pk: int):
        event = get_object_or_404(Event, pk=pk)
        if not self.has_change_permission(request, event):
            return redirect("admin:index")
        form = CancelEventForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.event_cancel(
                    event=event, acting_user=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request, _("L'événement est annulé ; les inscrits sont prévenus par e-mail.")
                )
                return redirect("admin:events_event_change", event.pk)
            except EventError as error:
                form.add_error(None, str(error))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "event": event,
            "form": form,
            "registered": event.registrations.active().count(),
            "title": _("Annuler « %(title)s »") % {"title": event.title},
        }
        return TemplateResponse(request, "admin/events/cancel.html", context)

    def statistics(self, request):
        """Attendance per event (past events) and per territory."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        attended = Count("registrations", filter=Q(registrations__status=Registration.Status.ATTENDED))
        registered = Count(
            "registrations",
            filter=Q(registrations__status__in=[Registration.Status.CONFIRMED, Registration.Status.ATTENDED]),
        )
        events = (
            Event.objects.past()
            .filter(status=Event.Status.PUBLISHED)
            .select_related("epci", "commune")
            .annotate(attended=attended, registered=registered)[:200]
        )
        territories = (
            Epci.objects.annotate(
                events_count=Count(
                    "events",
                    filter=Q(events__status=Event.Status.PUBLISHED, events__ends_at__lt=timezone.now()),
                    distinct=True,
                ),
            )
            .filter(events_count__gt=0)
            .order_by("name")
        )
        per_epci = {
            row["event__epci"]: row
            for row in Registration.objects.filter(
                event__status=Event.Status.PUBLISHED, event__ends_at__lt=timezone.now()
            )
            .values("event__epci")
            .annotate(
                attended=Count("pk", filter=Q(status=Registration.Status.ATTENDED)),
                registered=Count("pk", filter=Q(status__in=Registration.SEAT_STATUSES)),
            )
        }
        territory_rows = [
            {
                "epci": epci,
                "events": epci.events_count,
                **per_epci.get(epci.pk, {"attended": 0, "registered": 0}),
            }
            for epci in territories
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "events": events,
            "territories": territory_rows,
            "title": _("Fréquentation des événements"),
            "totals": Registration.objects.filter(event__ends_at__lt=timezone.now()).aggregate(
                attended=Count("pk", filter=Q(status=Registration.Status.ATTENDED))
            ),
        }
        return TemplateResponse(request, "admin/events/statistics.html", context)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "company", "event", "status", "created_at", "checked_in_at")
    list_filter = ("status", "is_guest", "added_by_staff", "event__kind")
    search_fields = ("name", "email", "company__legal_name", "company__trade_name", "event__title")
    list_select_related = ("event", "company")
    date_hierarchy = "created_at"
    raw_id_fields = ("event", "user", "company", "registered_by", "checked_in_by")
    actions = ["cancel", "check_in"]

    def get_readonly_fields(self, request, obj=None):
        # State moves only through the services (actions, check-in page).
        return [f.name for f in Registration._meta.fields]

    def has_add_permission(self, request):
        return False  # staff add people from the event's attendee page, which keeps the seat count

    def has_delete_permission(self, request, obj=None):
        return False  # a deleted registration would keep its seat counted: cancel it instead

    @admin.action(
        description=gettext_lazy("Annuler les inscriptions sélectionnées (la liste d'attente avance)"),
        permissions=["change"],
    )
    def cancel(self, request, queryset):
        for registration in queryset:
            try:
                services.registration_cancel(registration=registration, acting_user=request.user)
            except EventError as error:
                messages.error(request, f"{registration.name} : {error}")

    @admin.action(
        description=gettext_lazy("Pointer présentes les personnes sélectionnées"), permissions=["change"]
    )
    def check_in(self, request, queryset):
        for registration in queryset:
            try:
                services.registration_check_in(registration=registration, acting_user=request.user)
            except EventError as error:
                messages.error(request, f"{registration.name} : {error}")


from events import admin_speeddating  # noqa: E402, F401 - the speed-dating schedule's admin (E2)
