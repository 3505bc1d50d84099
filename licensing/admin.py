"""Staff pages: the licence register (revoke with a reason, history) and the review of product labels.

Statuses never change through a form: every button and action calls a service.
"""

from django.contrib import admin
from django.db.models import Case, Value, When
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_moves import StaffMove, StaffMovesAdmin
from core.history import history_rows
from licensing import services
from licensing.models import LogoLicense, ProductLabel


class LicensingMovesAdmin(StaffMovesAdmin):
    move_template = "admin/members/move_form.html"
    change_form_template = "licensing/admin/change_form.html"

    def move_subject(self, obj):
        return obj.company

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


LICENCE_MOVES = {
    "revoquer": StaffMove(
        name="revoquer",
        label=_("Révoquer la licence"),
        run=lambda licence, user, text: services.licence_revoke(
            licence=licence, acting_user=user, reason=text
        ),
        done=_("La licence de %(name)s est révoquée ; l'entreprise est prévenue par e-mail."),
        text_label=_("Motif de la révocation"),
        text_help=_(
            "Envoyé à l'entreprise. La révocation est définitive : le code ne sera plus jamais valide "
            "(la page de vérification l'indique) et une nouvelle licence aurait un nouveau code."
        ),
        shown_for=(LogoLicense.Status.ACTIVE, LogoLicense.Status.SUSPENDED),
    ),
}


@admin.register(LogoLicense)
class LogoLicenseAdmin(LicensingMovesAdmin):
    """The licence register: who may use the logo, for which year, and what happened to each licence."""

    moves = LICENCE_MOVES
    list_display = ("formatted_code", "company_name", "year", "status", "valid_from", "valid_until", "paid")
    list_filter = ("status", "year", ("paid_at", admin.EmptyFieldListFilter), "company__status")
    list_select_related = ("company",)
    search_fields = ("code", "company__legal_name", "company__trade_name", "company__member_number")
    search_help_text = _(
        "Code de licence (sans tirets), raison sociale, nom commercial ou numéro d'adhérent."
    )
    date_hierarchy = "valid_until"
    actions = ["revoke_action"]
    fields = (
        "company",
        "year",
        "formatted_code",
        "status",
        "status_reason",
        "valid_from",
        "valid_until",
        "paid_at",
        "verification_link",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        # Staff copy codes as printed ("ABCD-EFGH-JKMN"): search without the dashes too.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        compact = search_term.replace("-", "").replace(" ", "").upper()
        if compact and compact != search_term:
            queryset |= self.model.objects.filter(code=compact)
        return queryset, may_have_duplicates

    @admin.display(description=_("code"), ordering="code")
    def formatted_code(self, licence: LogoLicense) -> str:
        return licence.formatted_code

    @admin.display(description=_("entreprise"), ordering="company__legal_name")
    def company_name(self, licence: LogoLicense) -> str:
        return licence.company.display_name

    @admin.display(description=_("cotisation payée"), boolean=True, ordering="paid_at")
    def paid(self, licence: LogoLicense) -> bool:
        return licence.paid_at is not None

    @admin.display(description=_("page de vérification"))
    def verification_link(self, licence: LogoLicense) -> str:
        from django.urls import reverse

        url = reverse("licensing:verify", args=[licence.code])
        return format_html('<a href="{}">{}</a>', url, url)

    def has_move_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("licensing.revoke_logolicense")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["history"] = history_rows(obj, dict(LogoLicense.Status.choices))
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(description=_("Révoquer (avec un motif)"), permissions=["move"])
    def revoke_action(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "revoquer")


LABEL_MOVES = {
    "accorder": StaffMove(
        name="accorder",
        label=_("Accorder le label"),
        run=lambda label, user, text: services.label_approve(label=label, acting_user=user, reason=text),
        done=_("Label accordé à un produit de %(name)s ; l'entreprise est prévenue par e-mail."),
        text_label=_("Message à l'entreprise (facultatif)"),
        text_required=False,
        text_help=_("Par exemple une condition d'usage. Envoyé avec la décision."),
        shown_for=(ProductLabel.Status.REQUESTED,),
    ),
    "refuser": StaffMove(
        name="refuser",
        label=_("Refuser le label"),
        run=lambda label, user, text: services.label_reject(label=label, acting_user=user, reason=text),
        done=_("Label refusé pour un produit de %(name)s ; l'entreprise est prévenue par e-mail."),
        text_label=_("Motif du refus"),
        text_help=_("Envoyé à l'entreprise : dites ce qui manque pour que le produit puisse porter le logo."),
        shown_for=(ProductLabel.Status.REQUESTED,),
    ),
}


@admin.register(ProductLabel)
class ProductLabelAdmin(LicensingMovesAdmin):
    """Product label requests: staff read the request and approve or refuse it with a reason."""

    moves = LABEL_MOVES
    list_display = ("thumbnail", "name", "company_name", "status", "created_at", "decided_at", "decided_by")
    list_display_links = ("thumbnail", "name")
    list_filter = ("status", "company__commune__epci", "company__sectors")
    list_select_related = ("company", "decided_by")
    search_fields = (
        "name",
        "description",
        "company__legal_name",
        "company__trade_name",
        "company__member_number",
    )
    date_hierarchy = "created_at"
    actions = ["approve_action", "reject_action"]
    fields = (
        "company",
        "status",
        "name",
        "photo_preview",
        "description",
        "quality_reason",
        "company_quality_evidence",
        "decision_reason",
        "decided_by",
        "decided_at",
        "withdrawn_at",
        "created_at",
    )
    readonly_fields = fields

    def get_ordering(self, request):
        # Requests waiting for a decision first, oldest first: the review queue.
        waiting_first = Case(When(status=ProductLabel.Status.REQUESTED, then=Value(0)), default=Value(1))
        return (waiting_first, "-created_at")

    @admin.display(description=_("photo"))
    def thumbnail(self, label: ProductLabel) -> str:
        if not label.photo:
            return "—"
        return format_html('<img src="{}" alt="" width="64" height="64">', label.photo.url)

    @admin.display(description=_("photo"))
    def photo_preview(self, label: ProductLabel) -> str:
        if not label.photo:
            return "—"
        return format_html('<img src="{}" alt="{}" width="320">', label.photo.url, label.name)

    @admin.display(description=_("entreprise"), ordering="company__legal_name")
    def company_name(self, label: ProductLabel) -> str:
        return label.company.display_name

    @admin.display(description=_("preuves de qualité de l'entreprise (dossier d'adhésion)"))
    def company_quality_evidence(self, label: ProductLabel) -> str:
        return label.company.quality_evidence or "—"

    def has_move_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("licensing.review_productlabel")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["history"] = history_rows(obj, dict(ProductLabel.Status.choices))
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(description=_("Accorder le label"), permissions=["move"])
    def approve_action(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "accorder")

    @admin.action(description=_("Refuser le label (avec un motif)"), permissions=["move"])
    def reject_action(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "refuser")
