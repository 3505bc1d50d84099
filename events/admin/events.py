"""Staff's side of events: create, edit, publish, duplicate, cancel, tell the registered of a change."""

from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import history_rows
from events import services
from events.admin.attendance import AttendancePages
from events.errors import EventError
from events.forms import CancelEventForm, EventAdminForm
from events.models import Event


@admin.register(Event)
class EventAdmin(AttendancePages, admin.ModelAdmin):
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
            return
        # Only what this person changed (and the intercommunality, which follows the commune): the row
        # may have moved since the page was loaded, and the seat counts and the state are the services'.
        changes = {
            name: form.cleaned_data[name]
            for name in services.EDITABLE_FIELDS
            if name in form.cleaned_data and (name in form.changed_data or name == "epci")
        }
        update = services.event_update(event=obj, acting_user=request.user, changes=changes)
        if update.promoted:
            messages.info(
                request,
                _("%(n)s personne(s) de la liste d'attente ont reçu une place.")
                % {"n": len(update.promoted)},
            )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EventError as refusal:
            # event_update said no (its transaction, the admin's, is rolled back): the same page again,
            # the refusal shown on the form like any error of what was typed.
            request.event_refusal = refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "event_refusal", None)
        if refusal is None:
            return form_class

        class RefusedEventForm(form_class):
            def clean(self):
                data = super().clean()
                self.add_error(refusal.field if refusal.field in self.fields else None, str(refusal))
                return data

        return RefusedEventForm

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
        event = self.get_object(request, object_id)
        if event is not None:  # its edits, moves, publication and cancellation, as staff read them
            extra_context["history"] = history_rows(event, dict(Event.Status.choices))
        return super().change_view(request, object_id, form_url, extra_context)

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
