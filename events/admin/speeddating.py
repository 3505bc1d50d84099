"""Staff's speed-dating page in the admin: the options, a generate / regenerate button, the table plan."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events.errors import SpeedDatingError
from events.models import Event, SpeedDatingSchedule
from events.services.speeddating import schedule_generate, stale_registrations


@admin.register(SpeedDatingSchedule)
class SpeedDatingScheduleAdmin(admin.ModelAdmin):
    change_form_template = "events/speeddating/admin_change_form.html"
    list_display = (
        "event",
        "event_date",
        "group_size",
        "round_minutes",
        "rounds",
        "avoid_same_trade",
        "generated_at",
    )
    list_select_related = ("event",)
    search_fields = ("event__title",)
    fields = (
        "event",
        "round_minutes",
        "group_size",
        "rounds_wanted",
        "avoid_same_trade",
        "generated_at",
        "generated_by",
        "notes",
    )
    readonly_fields = ("generated_at", "generated_by", "notes")
    actions = ["generate_selected"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(rounds_made=Max("seats__round_number"), seat_count=Count("seats"))
        )

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "event") if obj else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "event":
            kwargs["queryset"] = Event.objects.filter(kind=Event.Kind.SPEED_DATING).exclude(
                status=Event.Status.CANCELLED
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("date"), ordering="event__starts_at")
    def event_date(self, obj):
        return obj.event.starts_at

    @admin.display(description=gettext_lazy("tours générés"), ordering="rounds_made")
    def rounds(self, obj):
        return obj.rounds_made or "—"

    def get_urls(self):
        return [
            path(
                "<int:pk>/generer/",
                self.admin_site.admin_view(require_POST(self.generate_view)),
                name="events_speeddatingschedule_generate",
            ),
            *super().get_urls(),
        ]

    def _generate(self, request, schedule) -> bool:
        regenerating = schedule.generated_at is not None
        try:
            schedule = schedule_generate(event=schedule.event, acting_user=request.user)
        except SpeedDatingError as error:
            self.message_user(request, f"{schedule.event} : {error}", messages.ERROR)
            return False
        rounds = schedule.seats.aggregate(rounds=Max("round_number"))["rounds"]
        done = _("Planning régénéré") if regenerating else _("Planning généré")
        self.message_user(
            request,
            _("%(done)s pour « %(event)s » : %(rounds)s tours.")
            % {"done": done, "event": schedule.event, "rounds": rounds},
            messages.SUCCESS,
        )
        if schedule.notes:
            self.message_user(request, schedule.notes, messages.WARNING)
        return True

    def generate_view(self, request, pk: int):
        if not self.has_change_permission(request):
            raise PermissionDenied
        schedule = get_object_or_404(SpeedDatingSchedule.objects.select_related("event"), pk=pk)
        self._generate(request, schedule)
        return redirect("admin:events_speeddatingschedule_change", pk)

    @admin.action(
        description=gettext_lazy("Générer ou régénérer le planning des événements sélectionnés"),
        permissions=["change"],
    )
    def generate_selected(self, request, queryset):
        for schedule in queryset.select_related("event"):
            self._generate(request, schedule)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            gone, unseated = stale_registrations(obj) if obj.generated_at else ([], 0)
            context.update(
                {
                    "generate_url": reverse("admin:events_speeddatingschedule_generate", args=[obj.pk]),
                    "plan_url": reverse("events:speeddating_plan", args=[obj.event.slug])
                    if obj.generated_at
                    else "",
                    "plan_pdf_url": reverse("events:speeddating_plan_pdf", args=[obj.event.slug])
                    if obj.generated_at
                    else "",
                    "cancelled_since": gone,
                    "unseated_count": unseated,
                    "participant_count": obj.event.registrations.holding_seat().count(),
                }
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        # A new schedule goes to its own page, where the generate button is.
        return redirect("admin:events_speeddatingschedule_change", obj.pk)

    def view_on_site(self, obj):
        return reverse("events:speeddating_plan", args=[obj.event.slug]) if obj.generated_at else None
