"""The member's space (/espace/): where an applicant or a member sees where they stand.

Every object is reached through `request.company`, the company the signed-in person acts
for; the owner manages representatives and may resign, representatives only read.
"""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from charter.models import CharterVersion
from core import space_cards
from core.access import company_required
from jura_portal import ratelimit
from jura_portal.models import AuditEntry
from members import forms as forms_members
from members import invitations, lifecycle, services
from members.errors import InvitationError, MembershipError
from members.models import Application, Company, CompanyRole, User

# How many events of the history the page shows: enough for years of membership,
# and a page whose size does not grow without end.
TIMELINE_LENGTH = 60


# --- Forms (validation only) --------------------------------------------------------------


class InvitationForm(forms_members.NameForm):
    """The colleague's name and address: the invitation greets them, and their account is named."""

    email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail de votre collègue"),
        help_text=gettext_lazy(
            "Elle doit être celle de son compte sur le portail (ou du compte qu'il créera)."
        ),
    )

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        self.fields["first_name"].label = gettext_lazy("Prénom de votre collègue")
        self.fields["last_name"].label = gettext_lazy("Nom de votre collègue")
        self.order_fields(["first_name", "last_name", "email"])

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if self.company.roles.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(_("Cette personne représente déjà votre entreprise."))
        return email


class ResignForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Pourquoi quittez-vous le réseau ? (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Votre réponse aide l'association à s'améliorer ; elle reste interne."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Je confirme la démission de mon entreprise du réseau Made in Jura."),
        error_messages={"required": gettext_lazy("Cochez la case pour confirmer la démission.")},
    )


# --- Access ---------------------------------------------------------------------------------


def is_owner(request) -> bool:
    return CompanyRole.objects.filter(
        company=request.company, user=request.user, role=CompanyRole.Role.OWNER
    ).exists()


def owner_required(request) -> None:
    if not is_owner(request):
        raise PermissionDenied(_("Seul le responsable de l'entreprise peut faire cela."))


# --- The timeline ---------------------------------------------------------------------------

# What each audited action means for the company, in plain French. Actions missing here
# (staff's internal checklist, later apps' own records) are not shown in the space.
SENTENCES: dict[str, str] = {
    "application.started": gettext_lazy("Demande d'adhésion commencée"),
    "application.document_added": gettext_lazy("Justificatif ajouté : « %(title)s »"),
    "application.document_removed": gettext_lazy("Justificatif retiré : « %(title)s »"),
    "application.submitted": gettext_lazy("Dossier envoyé au comité d'adhésion"),
    "application.review_started": gettext_lazy("Le comité a commencé l'examen du dossier"),
    "application.info_requested": gettext_lazy("Le comité demande des informations complémentaires"),
    "application.accepted": gettext_lazy("Demande d'adhésion acceptée"),
    "application.rejected": gettext_lazy("Demande d'adhésion refusée"),
    "application.withdrawn": gettext_lazy("Demande d'adhésion retirée"),
    "company.activated": gettext_lazy("L'entreprise devient adhérente de Made in Jura"),
    "company.suspended": gettext_lazy("Adhésion suspendue"),
    "company.reactivated": gettext_lazy("Adhésion de nouveau active"),
    "company.lapsed": gettext_lazy("Cotisation impayée : adhésion en défaut"),
    "company.resigned": gettext_lazy("Démission du réseau enregistrée"),
    "company.excluded": gettext_lazy("Exclusion du réseau"),
    "company.representative_invited": gettext_lazy("Invitation envoyée à %(email)s"),
    "company.representative_added": gettext_lazy("%(email)s devient représentant de l'entreprise"),
    "company.representative_removed": gettext_lazy("%(email)s n'est plus représentant de l'entreprise"),
    "company.owner_handed_over": gettext_lazy("%(email)s devient responsable de l'entreprise"),
    "charter.signed": gettext_lazy("Charte (version %(version)s) signée"),
    "charter.reminder_sent": gettext_lazy("Rappel : la charte (version %(version)s) reste à signer"),
}
RESUBMITTED = gettext_lazy("Dossier complété et renvoyé au comité")


@dataclass(frozen=True)
class TimelineEvent:
    when: datetime
    sentence: str
    who: str
    comment: str
    by_committee: bool


def _who(entry: AuditEntry, user: User) -> tuple[str, bool]:
    if entry.actor_id is None:
        return _("le système"), False
    if entry.actor_id == user.pk:
        return _("vous"), False
    if entry.actor.is_staff:
        if entry.action.startswith("application."):
            return _("le comité"), True
        return _("l'association"), True
    return str(entry.actor), False


def timeline(entries: list[AuditEntry], user: User) -> list[TimelineEvent]:
    """The audit entries a company may read, as sentences, newest first."""
    events = []
    for entry in entries:
        sentence = SENTENCES.get(entry.action)
        if sentence is None:
            continue
        if entry.action == "application.submitted" and entry.from_state == Application.Status.INFO_REQUESTED:
            sentence = RESUBMITTED
        details = {"title": "", "email": "", "version": "", **(entry.details or {})}
        if details.get("name"):  # a person is shown by name, the address alongside
            details["email"] = f"{details['name']} ({details['email']})"
        who, by_committee = _who(entry, user)
        events.append(
            TimelineEvent(
                when=entry.created_at,
                sentence=str(sentence) % details if "%(" in str(sentence) else str(sentence),
                who=who,
                comment=entry.comment,
                by_committee=by_committee,
            )
        )
    return events


def _history_entries(company: Company, application: Application | None) -> list[AuditEntry]:
    """The company's and its current application's audit entries, in one query."""
    about = Q(target_type=ContentType.objects.get_for_model(Company), target_id=str(company.pk))
    if application is not None:
        about |= Q(target_type=ContentType.objects.get_for_model(Application), target_id=str(application.pk))
    return list(AuditEntry.objects.filter(about).select_related("actor")[:TIMELINE_LENGTH])


# --- Views ------------------------------------------------------------------------------------


def ask_name_first(request) -> HttpResponse | None:
    """Accounts made before names were asked: once, the name page, then back where they were going."""
    if request.user.has_name:
        return None
    return redirect(f"{reverse('members:name')}?{urlencode({'next': request.get_full_path()})}")


@login_required
def name(request):
    """The person's first and last name (asked once of accounts that have none; editable later)."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("members:space")
    form = forms_members.NameForm(
        request.POST or None,
        initial={"first_name": request.user.first_name, "last_name": request.user.last_name},
    )
    if request.method == "POST" and form.is_valid():
        services.user_set_name(user=request.user, **form.cleaned_data)
        messages.success(request, _("Merci, %(name)s.") % {"name": form.cleaned_data["first_name"]})
        return redirect(next_url)
    return render(
        request,
        "members/space/name.html",
        {"form": form, "next": next_url, "first_time": not request.user.has_name},
    )


@login_required
def home(request):
    asked = ask_name_first(request)
    if asked:
        return asked
    company = request.company
    if not company:
        return render(request, "members/space/no_company.html")

    roles = list(company.roles.select_related("user").order_by("role", "user__email"))
    owner = any(role.user_id == request.user.pk and role.role == CompanyRole.Role.OWNER for role in roles)
    # The open application if there is one, otherwise the latest.
    application = (
        company.applications.annotate(
            closed=Case(
                When(status__in=Application.OPEN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed", "-created_at")
        .first()
    )
    current_charter = CharterVersion.objects.current()
    signatures = list(company.signatures.select_related("version").order_by("-signed_at"))
    signed_current = current_charter is not None and any(
        signature.version_id == current_charter.pk for signature in signatures
    )
    context = {
        "company": company,
        "Status": Company.Status,
        "ApplicationStatus": Application.Status,
        "is_owner": owner,
        "roles": roles,
        "application": application,
        "events": timeline(_history_entries(company, application), request.user),
        "current_charter": current_charter,
        "signed_current": signed_current,
        "signatures": signatures,
        "campaign_open": bool(
            company.is_member
            and current_charter is not None
            and current_charter.signing_deadline is not None
            and not signed_current
        ),
    }
    context["main_cards"] = space_cards.render_cards(space_cards.MAIN, request, company)
    context["side_cards"] = space_cards.render_cards(space_cards.SIDE, request, company)
    if application is not None:
        context["can_withdraw"] = application.status in Application.WITHDRAWABLE_STATUSES
        if application.status == Application.Status.DRAFT:
            context["missing_steps"] = services.missing_steps(application)
    return render(request, "members/space/home.html", context)


@company_required
def representatives(request):
    company = request.company
    owner = is_owner(request)
    form = InvitationForm(company=company)
    if request.method == "POST":
        owner_required(request)
        form = InvitationForm(request.POST, company=company)
        if form.is_valid() and not ratelimit.hit(
            request, "invitation", settings.INVITATION_RATE, key=f"company-{company.pk}"
        ):
            # Invitations are emails sent in the association's name: a stolen session must not spam.
            form.add_error(
                None,
                _("Vous avez envoyé beaucoup d'invitations aujourd'hui : réessayez demain ou écrivez-nous."),
            )
        elif form.is_valid():
            email = form.cleaned_data["email"]
            with transaction.atomic():
                invitations.invitation_send(
                    company=company,
                    email=email,
                    inviter=request.user,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
            messages.success(
                request,
                _(
                    "Invitation envoyée à %(name)s (%(email)s) : le lien est valable %(days)s jours. "
                    "Votre collègue doit se connecter avec cette adresse pour l'accepter."
                )
                % {
                    "name": f"{form.cleaned_data['first_name']} {form.cleaned_data['last_name']}",
                    "email": email,
                    "days": invitations.max_age().days,
                },
            )
            return redirect("members:representatives")
    roles = company.roles.select_related("user").order_by("role", "user__email")
    return render(
        request,
        "members/space/representatives.html",
        {
            "company": company,
            "roles": roles,
            "is_owner": owner,
            "form": form,
            "valid_days": invitations.max_age().days,
            "Role": CompanyRole.Role,
        },
    )


@require_POST
@company_required
def representative_remove(request, pk: int):
    owner_required(request)
    role = get_object_or_404(
        CompanyRole.objects.select_related("user", "company"), pk=pk, company=request.company
    )
    try:
        lifecycle.company_remove_representative(role=role, acting_user=request.user)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s ne représente plus votre entreprise.") % {"name": role.user.display_name},
        )
    return redirect("members:representatives")


def invitation_accept(request, token: str):
    try:
        invitation = invitations.invitation_read(token)
    except InvitationError as error:
        return render(
            request,
            "members/space/invitation_invalid.html",
            {"message": str(error), "expired": error.expired},
            status=410 if error.expired else 400,
        )

    context = {"invitation": invitation, "company": invitation.company, "token": token}
    if not request.user.is_authenticated:
        context["next"] = request.get_full_path()
        return render(request, "members/space/invitation_login.html", context)
    if not invitations.is_for(invitation, request.user):
        return render(request, "members/space/invitation_wrong_account.html", context, status=403)
    current = request.company
    if current and current.pk == invitation.company.pk:
        messages.info(request, _("Vous représentez déjà %(name)s.") % {"name": invitation.company})
        return redirect("members:space")
    if current:
        context["error"] = _(
            "Votre compte représente déjà l'entreprise %(name)s : une personne représente une seule entreprise."
        ) % {"name": current}
        return render(request, "members/space/invitation_confirm.html", context, status=409)

    if request.method == "POST":
        try:
            with transaction.atomic():
                lifecycle.company_add_representative(
                    company=invitation.company, user=request.user, acting_user=request.user
                )
                if not request.user.has_name and invitation.first_name and invitation.last_name:
                    services.user_set_name(
                        user=request.user, first_name=invitation.first_name, last_name=invitation.last_name
                    )
        except MembershipError as error:
            context["error"] = str(error)
            return render(request, "members/space/invitation_confirm.html", context, status=409)
        messages.success(
            request,
            _("Bienvenue : vous représentez désormais %(name)s sur le portail.")
            % {"name": invitation.company},
        )
        return redirect("members:space")
    return render(request, "members/space/invitation_confirm.html", context)


@company_required
def resign(request):
    owner_required(request)
    company = request.company
    if not company.is_member:
        return render(request, "members/space/resign.html", {"company": company, "not_member": True})
    form = ResignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.company_resign(
                company=company, acting_user=request.user, reason=form.cleaned_data["reason"].strip()
            )
        except MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "La démission de %(name)s est enregistrée. Merci pour ces années dans le réseau : "
                    "vous pourrez adhérer à nouveau quand vous le souhaiterez."
                )
                % {"name": company},
            )
            return redirect(reverse("members:space"))
    return render(request, "members/space/resign.html", {"company": company, "form": form})
