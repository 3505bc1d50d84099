"""The member's side of the directory: the card in /espace/ and the listing editor /espace/annuaire/."""

from django.contrib import messages
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import company_required
from directory import services
from directory.errors import DirectoryError
from directory.forms import ListingForm
from directory.models import Listing, ListingChange, listed_companies_q
from members.models import Company


def _can_edit(company: Company) -> bool:
    """Members (active, suspended or lapsed) keep their listing; applicants and former members have none."""
    return bool(company.member_number) and company.is_member


def _listing_state(company: Company) -> dict:
    """The listing, whether the public sees it now, and the change waiting for staff. Three queries."""
    listing = Listing.objects.filter(company=company).first()
    visible = Company.objects.filter(listed_companies_q(), pk=company.pk).exists() if listing else False
    pending = ListingChange.objects.pending().filter(company=company).prefetch_related("sectors").first()
    return {"listing": listing, "visible": visible, "pending": pending}


def space_card(request: HttpRequest, company: Company) -> str:
    """The card in /espace/: is the company in the directory, and a link to edit its listing. One query."""
    if not _can_edit(company):
        return ""
    pending = ListingChange.objects.pending().filter(company=OuterRef("company_id"))
    listing = (
        Listing.objects.filter(company=company)
        .annotate(
            visible=Exists(Company.objects.filter(listed_companies_q(), pk=OuterRef("company_id"))),
            pending_pk=Subquery(pending.values("pk")[:1]),
        )
        .first()
    )
    context = {"company": company, "listing": listing, "visible": bool(listing and listing.visible)}
    context["has_pending"] = bool(listing and listing.pending_pk)
    return render_to_string("directory/space_card.html", context, request=request)


@company_required
def listing_edit(request: HttpRequest) -> HttpResponse:
    company = request.company
    if not _can_edit(company):
        return render(request, "directory/edit_unavailable.html", {"company": company})
    listing = services.listing_ensure(company=company)
    form = ListingForm(
        request.POST or None, request.FILES or None, initial=ListingForm.initial_for(company, listing)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(company=company, acting_user=request.user, changes=form.live_changes())
            change = services.listing_change_request(
                company=company,
                acting_user=request.user,
                trade_name=form.cleaned_data["trade_name"],
                logo=form.cleaned_data["logo"],
                sectors=list(form.cleaned_data["sectors"]),
            )
        except DirectoryError as error:
            form.add_error(None, str(error))
        else:
            if change is not None:
                messages.success(
                    request,
                    _(
                        "Vos modifications sont enregistrées. Le changement de %(parts)s sera visible "
                        "dès que l'équipe l'aura validé."
                    )
                    % {"parts": change.summary},
                )
            else:
                messages.success(request, _("Votre fiche est à jour : les modifications sont déjà en ligne."))
            return redirect("directory:edit")
    company.refresh_from_db()
    return render(
        request,
        "directory/edit.html",
        {"company": company, "form": form, **_listing_state(company), "recent": _recent_decisions(company)},
    )


def _recent_decisions(company: Company) -> list[ListingChange]:
    return list(
        ListingChange.objects.filter(
            company=company, status__in=[ListingChange.Status.APPROVED, ListingChange.Status.REJECTED]
        ).order_by("-decided_at")[:3]
    )


@require_POST
@company_required
def change_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(ListingChange, pk=pk, company=request.company)
    try:
        services.listing_change_cancel(change=change, acting_user=request.user)
    except DirectoryError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("La modification en attente est annulée : votre fiche reste telle quelle.")
        )
    return redirect("directory:edit")
