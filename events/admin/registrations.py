"""Staff's list of registrations: search, cancel (the waiting list moves up), check in."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy

from events import services
from events.errors import EventError
from events.models import Registration


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
