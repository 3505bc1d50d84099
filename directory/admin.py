"""Staff side of the directory: listings (read mostly) and the changes waiting for review."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin_moves import StaffMove, StaffMovesAdmin
from directory import services
from directory.models import Listing, ListingChange
from members.models import Company


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ["company", "slug", "is_listed", "is_public", "show_email", "show_phone", "updated_at"]
    list_filter = ["is_public", "is_listed", "company__status"]
    search_fields = ["company__legal_name", "company__trade_name", "slug"]
    readonly_fields = [
        "company",
        "is_public",
        "search_name",
        "search_trades",
        "search_products",
        "search_description",
    ]
    fields = [
        "company",
        "slug",
        "is_listed",
        "is_public",
        "show_phone",
        "show_email",
        "show_website",
        "show_address",
        "search_name",
        "search_trades",
        "search_products",
        "search_description",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("company")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a listing comes with membership


@admin.register(ListingChange)
class ListingChangeAdmin(StaffMovesAdmin):
    list_display = ["company", "summary", "status", "created_at", "requested_by", "decided_by"]
    list_filter = ["status", "change_name", "change_logo", "change_sectors"]
    search_fields = ["company__legal_name", "company__trade_name", "trade_name"]
    date_hierarchy = "created_at"
    list_select_related = ["company", "requested_by", "decided_by"]
    actions = ["approve_selected"]
    fields = [
        "company",
        "status",
        "name_comparison",
        "logo_comparison",
        "sectors_comparison",
        "requested_by",
        "created_at",
        "decision_reason",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields
    moves = {
        "approuver": StaffMove(
            name="approuver",
            label=_("Approuver et mettre en ligne"),
            run=lambda change, user, text: services.listing_change_approve(
                change=change, acting_user=user, reason=text
            ),
            done=_("La fiche de %(name)s est mise à jour."),
            text_label=_("Commentaire pour l'adhérent (facultatif)"),
            text_required=False,
            shown_for=(ListingChange.Status.PENDING,),
        ),
        "refuser": StaffMove(
            name="refuser",
            label=_("Refuser"),
            run=lambda change, user, text: services.listing_change_reject(
                change=change, acting_user=user, reason=text
            ),
            done=_("La demande de %(name)s est refusée ; sa fiche reste inchangée."),
            text_label=_("Motif du refus"),
            text_help=_("Envoyé à l'adhérent et affiché dans son espace."),
            shown_for=(ListingChange.Status.PENDING,),
        ),
    }

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("company")
            .prefetch_related("sectors", "company__sectors")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_move_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("directory.change_listingchange")

    def move_subject(self, obj: ListingChange) -> Company:
        return obj.company

    @admin.action(description=_("Approuver les modifications sélectionnées"), permissions=["move"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet):
        return self.run_move_on_selection(request, queryset, "approuver")

    @admin.display(description=_("modification"))
    def summary(self, obj: ListingChange) -> str:
        return obj.summary

    @admin.display(description=_("nom"))
    def name_comparison(self, obj: ListingChange) -> str:
        if not obj.change_name:
            return "—"
        return format_html(
            "{} → <strong>{}</strong>", obj.company.display_name, obj.trade_name or obj.company.legal_name
        )

    @admin.display(description=_("logo"))
    def logo_comparison(self, obj: ListingChange) -> str:
        if not obj.change_logo or not obj.logo:
            return "—"
        current = (
            format_html('<img src="{}" alt="logo actuel" width="96" height="96">', obj.company.logo.url)
            if obj.company.logo
            else _("aucun")
        )
        return format_html(
            '{} → <img src="{}" alt="logo proposé" width="96" height="96">', current, obj.logo.url
        )

    @admin.display(description=_("métiers"))
    def sectors_comparison(self, obj: ListingChange) -> str:
        if not obj.change_sectors:
            return "—"
        before = ", ".join(sector.name for sector in obj.company.sectors.all()) or "—"
        after = format_html_join(", ", "{}", ((sector.name,) for sector in obj.sectors.all()))
        return format_html("{} → <strong>{}</strong>", before, after)
