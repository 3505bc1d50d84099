"""Staff moderate the members' offers: hide one with a reason (emailed to the company), restore it."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_moves import StaffMove, StaffMovesAdmin
from core.history import history_rows
from offers import services
from offers.models import Offer

OFFER_MOVES = {
    move.name: move
    for move in [
        StaffMove(
            name="masquer",
            label=_("Masquer l'offre"),
            run=lambda offer, user, text: services.offer_hide(offer=offer, acting_user=user, reason=text),
            done=_("Offre de %(name)s masquée ; l'entreprise est prévenue par e-mail."),
            text_label=_("Motif (envoyé à l'entreprise)"),
            text_help=_("Par exemple : « Offre sans rapport avec votre activité » ou « Prix non indiqué »."),
            shown_for=(Offer.Status.PUBLISHED, Offer.Status.WITHDRAWN),
        ),
        StaffMove(
            name="retablir",
            label=_("Rétablir l'offre"),
            run=lambda offer, user, text: services.offer_restore(offer=offer, acting_user=user),
            done=_("Offre de %(name)s rétablie (de nouveau en ligne, sauf si l'entreprise l'avait retirée)."),
            shown_for=(Offer.Status.HIDDEN,),
        ),
    ]
}


class ValidityFilter(admin.SimpleListFilter):
    title = _("validité")
    parameter_name = "validite"

    def lookups(self, request, model_admin):
        return [("en-cours", _("en cours")), ("expiree", _("expirée"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "en-cours":
            return queryset.filter(valid_until__gte=today)
        if self.value() == "expiree":
            return queryset.filter(valid_until__lt=today)
        return queryset


@admin.register(Offer)
class OfferAdmin(StaffMovesAdmin):
    moves = OFFER_MOVES
    change_form_template = "offers/admin/change_form.html"
    list_display = ("title", "company", "discount", "valid_until", "status", "event", "created_at")
    list_filter = ("status", ValidityFilter, "event", "company__commune__epci", "company__sectors")
    list_select_related = ("company", "event")
    search_fields = ("title", "description", "company__legal_name", "company__trade_name")
    date_hierarchy = "created_at"
    readonly_fields = (
        "company",
        "status",
        "hidden_reason",
        "hidden_at",
        "hidden_by",
        "created_by",
        "created_at",
    )
    fields = (
        "company",
        "title",
        "discount",
        "description",
        "conditions",
        "valid_until",
        "event",
        "photo",
        "status",
        "hidden_reason",
        "hidden_at",
        "hidden_by",
        "created_by",
        "created_at",
    )
    actions = ["hide_selected", "restore_selected"]

    def has_add_permission(self, request) -> bool:
        return False  # offers come from the member companies themselves

    def has_move_permission(self, request) -> bool:
        return self.has_change_permission(request)

    def move_subject(self, obj):
        return obj.company

    @admin.action(description=_("Masquer les offres sélectionnées (avec un motif)"), permissions=["move"])
    def hide_selected(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "masquer")

    @admin.action(description=_("Rétablir les offres sélectionnées"), permissions=["move"])
    def restore_selected(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "retablir")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["history"] = history_rows(obj, dict(Offer.Status.choices))
        return super().render_change_form(request, context, add, change, form_url, obj)
