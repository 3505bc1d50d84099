"""The event admin's pages about people: who registered (and adding someone), the exports, attendance."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from events import services
from events.errors import EventError
from events.forms import StaffRegistrationForm
from events.models import Event, Registration
from jura_portal.exports import export_response
from members.models import User
from reference.models import Epci


class AttendancePages:
    """Mixed into EventAdmin: its attendee list, CSV and spreadsheet exports, attendance figures."""

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
                registration = services.registration_create_by_staff(
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
