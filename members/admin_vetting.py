"""The vetting queue and the review page of membership applications."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, QuerySet, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from charter.models import CharterVersion
from core.admin_moves import StaffMove, StaffMovesAdmin
from core.history import history_rows
from jura_portal.exports import ExportAdminMixin
from members import services
from members.errors import MembershipError
from members.models import Application, ApplicationDocument, Company

WAITING_STATUSES = (
    Application.Status.SUBMITTED,
    Application.Status.IN_REVIEW,
    Application.Status.INFO_REQUESTED,
)


def waiting_time(application: Application) -> str:
    """ "en attente depuis 12 jours" while the file waits on the committee or the applicant."""
    if application.status not in WAITING_STATUSES or application.submitted_at is None:
        return ""
    days = (timezone.localdate() - timezone.localdate(application.submitted_at)).days
    if days < 1:
        return _("en attente depuis aujourd'hui")
    return ngettext("en attente depuis %(days)d jour", "en attente depuis %(days)d jours", days) % {
        "days": days
    }


APPLICATION_MOVES = {
    move.name: move
    for move in (
        StaffMove(
            name="examen",
            label=_("Prendre en examen"),
            run=lambda application, user, text: services.application_start_review(
                application=application, acting_user=user
            ),
            done=_("La demande de %(name)s est en cours d'examen : vous en êtes le rapporteur."),
            shown_for=(Application.Status.SUBMITTED,),
            confirm=_("Vous devenez le rapporteur de cette demande ; le candidat ne peut plus la modifier."),
        ),
        StaffMove(
            name="informations",
            label=_("Demander des informations"),
            run=lambda application, user, text: services.application_request_info(
                application=application, acting_user=user, message=text
            ),
            done=_("La demande d'informations a été envoyée à %(name)s."),
            text_label=_("Message au candidat"),
            text_help=_("Envoyé par e-mail au candidat, qui peut alors compléter son dossier et répondre."),
            shown_for=(Application.Status.IN_REVIEW,),
        ),
        StaffMove(
            name="accepter",
            label=_("Accepter"),
            run=lambda application, user, text: services.application_accept(
                application=application, acting_user=user
            ),
            done=_(
                "%(name)s est désormais adhérente, numéro %(number)s ; le message de bienvenue est parti."
            ),
            shown_for=(Application.Status.IN_REVIEW,),
            confirm=_(
                "L'entreprise devient adhérente active, reçoit son numéro d'adhérent et un message de bienvenue."
            ),
        ),
        StaffMove(
            name="refuser",
            label=_("Refuser"),
            run=lambda application, user, text: services.application_reject(
                application=application, acting_user=user, reason=text
            ),
            done=_("La demande de %(name)s est refusée ; le motif lui a été envoyé."),
            text_label=_("Motif du refus"),
            text_help=_("Envoyé par e-mail au candidat."),
            shown_for=(Application.Status.IN_REVIEW,),
        ),
    )
}
CHECKLIST_FIELDS = ("checked_location", "checked_quality", "checked_ethics", "staff_notes")


class ApplicationAdmin(ExportAdminMixin, StaffMovesAdmin):
    """The vetting queue; the change page is the review page, where only the checklist is edited."""

    export_filename = "demandes-adhesion"
    export_headers = (
        _("Entreprise"),
        _("SIRET"),
        _("Candidat"),
        _("E-mail du candidat"),
        _("Métiers"),
        _("Commune"),
        _("Intercommunalité"),
        _("Statut"),
        _("Déposée le"),
        _("Attente"),
        _("Décidée le"),
        _("Examinée par"),
    )

    moves = APPLICATION_MOVES
    # The SIRET is searched, the intercommunality shown under the commune: the waiting time fits 1280 px.
    list_display = (
        "company_name",
        "place",
        "status",
        "submitted_at",
        "waiting",
        "reviewer",
    )
    list_filter = ("status", "company__commune__epci", "company__sectors")
    date_hierarchy = "submitted_at"
    search_fields = ("company__legal_name", "company__trade_name", "company__siret", "company__commune__name")
    search_help_text = _("Raison sociale, nom commercial, SIRET ou commune.")
    # The queue: files waiting on someone first, oldest deposit first; then drafts; then closed ones.
    ordering = (
        Case(
            When(status__in=WAITING_STATUSES, then=Value(0)),
            When(status=Application.Status.DRAFT, then=Value(1)),
            default=Value(2),
        ).asc(),
        F("submitted_at").asc(nulls_last=True),
    )
    list_per_page = 50
    actions = ["start_review_action", "request_info_action", "accept_action", "reject_action"]
    fieldsets = ((_("Liste de vérification du comité"), {"fields": CHECKLIST_FIELDS}),)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        return (
            super()
            .get_queryset(request)
            .select_related("company__commune__epci", "reviewer", "applicant")
            .prefetch_related("company__sectors")
        )

    # Permissions: applications come from applicants and stay as history; staff vet them.

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_vet_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("members.vet_application")

    has_move_permission = has_vet_permission

    def move_subject(self, obj: Application) -> Company:
        return obj.company

    # The queue's columns.

    @admin.display(description=_("entreprise"), ordering="company__legal_name")
    def company_name(self, application: Application) -> str:
        return application.company.display_name

    @admin.display(description=_("SIRET"), ordering="company__siret")
    def siret(self, application: Application) -> str:
        return application.company.siret

    @admin.display(description=_("commune"), ordering="company__commune__name")
    def commune(self, application: Application) -> str:
        return application.company.commune.name if application.company.commune else ""

    @admin.display(description=_("intercommunalité"), ordering="company__commune__epci__name")
    def epci(self, application: Application) -> str:
        commune = application.company.commune
        return commune.epci.name if commune else ""

    @admin.display(description=_("commune"), ordering="company__commune__name")
    def place(self, application: Application) -> str:
        commune = application.company.commune
        if not commune:
            return ""
        return format_html("{}<br><small>{}</small>", commune.name, commune.epci.name)

    @admin.display(description=_("attente"), ordering="submitted_at")
    def waiting(self, application: Application) -> str:
        return waiting_time(application)

    def export_row(self, application: Application) -> list:
        company = application.company
        applicant = application.applicant
        return [
            company.display_name,
            company.siret,
            applicant.get_full_name() or applicant.email,
            applicant.email,
            ", ".join(sector.name for sector in company.sectors.all()),
            self.commune(application),
            self.epci(application),
            application.get_status_display(),
            application.submitted_at,
            waiting_time(application),
            application.decided_at,
            application.reviewer.get_full_name() if application.reviewer else "",
        ]

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # A SIRET typed with spaces, as printed on a Kbis: "123 456 789 00012".
        digits = search_term.replace(" ", "")
        if digits.isdigit() and len(digits) > 3:
            results |= queryset.filter(company__siret__contains=digits)
        return results, may_have_duplicates

    # The review page.

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        editable = (
            obj is not None
            and obj.status == Application.Status.IN_REVIEW
            and self.has_vet_permission(request)
        )
        return () if editable else CHECKLIST_FIELDS

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            editable = "checked_location" not in self.get_readonly_fields(request, obj)
            context.update(self.review_context(obj))
            context["show_save"] = context["show_save_and_continue"] = editable
            context["show_save_and_add_another"] = False
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_context(self, application: Application) -> dict:

        company = application.company
        signatures = list(company.signatures.select_related("version", "signer"))
        current = CharterVersion.objects.current()
        document_url = f"admin:{self.opts.app_label}_{self.opts.model_name}_document"
        return {
            "application": application,
            "company": company,
            "waiting": waiting_time(application),
            "documents": [
                (document, reverse(document_url, args=[application.pk, document.pk]))
                for document in application.documents.all()
            ],
            "signatures": signatures,
            "current_charter": current,
            "signed_current": current is None or any(s.version_id == current.pk for s in signatures),
            "representatives": company.roles.select_related("user"),
            "history": history_rows(application, dict(Application.Status.choices)),
        }

    def save_model(self, request: HttpRequest, obj: Application, form, change: bool) -> None:
        """The checklist is saved by its service; nothing else on this page is ever written."""
        data = form.cleaned_data
        if "checked_location" not in data:
            return
        try:
            services.application_update_checklist(
                application=obj,
                acting_user=request.user,
                location=data["checked_location"],
                quality=data["checked_quality"],
                ethics=data["checked_ethics"],
                notes=data["staff_notes"],
            )
        except MembershipError as error:
            request.checklist_refused = True
            self.message_user(request, str(error), messages.ERROR)

    def response_change(self, request: HttpRequest, obj: Application) -> HttpResponse:
        if getattr(request, "checklist_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def get_urls(self):
        info = (self.opts.app_label, self.opts.model_name)
        urls = [
            path(
                "<path:object_id>/justificatifs/<int:document_id>/",
                self.admin_site.admin_view(self.document_view),
                name="{}_{}_document".format(*info),
            )
        ]
        return urls + super().get_urls()

    def document_view(self, request: HttpRequest, object_id: str, document_id: int) -> FileResponse:
        """A supporting document, for staff allowed to see the application only."""
        application = self.get_object(request, unquote(object_id))
        if application is None:
            raise Http404
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        document = get_object_or_404(ApplicationDocument, pk=document_id, application=application)
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=f"{slugify(document.title) or 'justificatif'}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response

    # The list actions (the same moves as the buttons of the review page).

    @admin.action(description=_("Prendre en examen"), permissions=["vet"])
    def start_review_action(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "examen")

    @admin.action(description=_("Demander des informations"), permissions=["vet"])
    def request_info_action(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "informations")

    @admin.action(description=_("Accepter"), permissions=["vet"])
    def accept_action(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "accepter")

    @admin.action(description=_("Refuser"), permissions=["vet"])
    def reject_action(self, request, queryset):
        return self.run_move_on_selection(request, queryset, "refuser")
