"""/offres/: the members' offers. Members only; a company edits only its own offers."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import active_member_required, inactive_reason, is_active_member
from jura_portal.ratelimit import hit, too_many_requests
from members.models import Company
from offers import services
from offers.errors import OfferError
from offers.forms import ContactForm, FilterForm, OfferForm
from offers.models import Offer

# --- Access ---------------------------------------------------------------------------------


def _refusal(company: Company | None) -> str:
    """Why a person who is not with an active member may not see the offers: core.access's reason,
    in the offers' own words for a company that never was, or no longer is, a member."""
    if company and company.status not in (*Company.MEMBER_STATUSES, Company.Status.APPLICANT):
        return _("Les offres sont réservées aux entreprises adhérentes de Made in Jura.")
    return inactive_reason(company)


def members_only(view):
    """Signed in (else the login page), and acting for an active member company (else a 403 saying why).

    Staff who moderate the offers may browse too.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        moderator = request.user.is_staff and request.user.has_perm("offers.view_offer")
        if not (moderator or is_active_member(request.company)):
            return render(
                request, "core/members_only.html", {"reason": _refusal(request.company)}, status=403
            )
        return view(request, *args, **kwargs)

    return wrapper


def company_member_only(view):
    """Like members_only, and the person must act for an active member (staff who moderate post nothing)."""
    return members_only(active_member_required(view))


# --- Browsing -------------------------------------------------------------------------------


@members_only
def offer_list(request):
    filters = FilterForm(request.GET or None)
    offers = Offer.objects.live().for_listing()
    if filters.is_valid():
        offers = offers.filter_by(
            sector=filters.cleaned_data["metier"],
            epci=filters.cleaned_data["territoire"],
            christmas_market=filters.cleaned_data["marche"],
        )
        if filters.cleaned_data["q"].strip():
            offers = offers.search(filters.cleaned_data["q"])
    page = Paginator(offers.order_by("-created_at", "-pk"), settings.OFFERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "offers/list.html",
        {
            "filters": filters,
            "page": page,
            "offers": page.object_list,
            "query": query.urlencode(),
            "can_post": is_active_member(request.company),
        },
    )


def _visible_offer(request, pk: int) -> Offer:
    """A live offer, or one of the person's own company's offers (whatever its state)."""
    visible = Q(pk__in=Offer.objects.live().values("pk"))
    if request.company:
        visible |= Q(company=request.company.pk)
    # The listing carries the contact choices the offer follows (phone, e-mail, website).
    return get_object_or_404(
        Offer.objects.for_listing().select_related("company__listing").filter(visible), pk=pk
    )


@members_only
def offer_detail(request, pk: int):
    offer = _visible_offer(request, pk)
    own = bool(request.company) and offer.company_id == request.company.pk
    return render(
        request,
        "offers/detail.html",
        {"offer": offer, "own": own, "contact_form": None if own else ContactForm()},
    )


@require_POST
@members_only
def offer_contact(request, pk: int):
    offer = _visible_offer(request, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        if not hit(request, "offers-contact", settings.OFFERS_CONTACT_RATE, key=f"user-{request.user.pk}"):
            return too_many_requests(request)
        try:
            services.offer_contact(
                offer=offer,
                sender=request.user,
                sender_company=request.company or None,
                message=form.cleaned_data["message"],
            )
        except OfferError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Votre message est envoyé à %(company)s : sa réponse arrivera à %(email)s.")
                % {"company": offer.company.display_name, "email": request.user.email},
            )
            return redirect(offer)
    own = bool(request.company) and offer.company_id == request.company.pk
    return render(
        request, "offers/detail.html", {"offer": offer, "own": own, "contact_form": form}, status=400
    )


# --- The company's own offers ---------------------------------------------------------------


@company_member_only
def my_offers(request):
    offers = Offer.objects.filter(company=request.company).select_related("event").order_by("-created_at")
    return render(request, "offers/mine.html", {"offers": offers})


@company_member_only
def offer_create(request):
    form = OfferForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offer = services.offer_create(
                company=request.company,
                acting_user=request.user,
                title=data["title"],
                description=data["description"],
                conditions=data["conditions"],
                discount=data["discount"],
                valid_until=data["valid_until"],
                event=data["event"],
                photo=data["photo"],
            )
        except OfferError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Votre offre est en ligne : les autres adhérents la voient dès maintenant.")
            )
            return redirect(offer)
    return render(request, "offers/form.html", {"form": form, "offer": None})


@company_member_only
def offer_edit(request, pk: int):
    offer = get_object_or_404(Offer, pk=pk, company=request.company)
    form = OfferForm(request.POST or None, request.FILES or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.offer_update(
                offer=offer,
                acting_user=request.user,
                photo=data["photo"],
                remove_photo=data.get("remove_photo", False),
                **{name: data[name] for name in services.EDITABLE_FIELDS},
            )
        except OfferError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Votre offre est mise à jour."))
            return redirect(offer)
    return render(request, "offers/form.html", {"form": form, "offer": offer})


@require_POST
@company_member_only
def offer_withdraw(request, pk: int):
    offer = get_object_or_404(Offer, pk=pk, company=request.company)
    try:
        services.offer_withdraw(offer=offer, acting_user=request.user)
    except OfferError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("L'offre « %(title)s » est retirée.") % {"title": offer.title})
    return redirect("offers:mine")


@require_POST
@company_member_only
def offer_republish(request, pk: int):
    offer = get_object_or_404(Offer, pk=pk, company=request.company)
    try:
        services.offer_republish(offer=offer, acting_user=request.user)
    except OfferError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("L'offre « %(title)s » est de nouveau en ligne.") % {"title": offer.title}
        )
    return redirect("offers:mine")


# --- The card of /espace/ -------------------------------------------------------------------


def space_card(request, company: Company) -> str:
    """ "Mes offres": how many offers are online, links to post and manage them (one query)."""
    if not is_active_member(company):
        return ""
    live = Offer.objects.live().filter(company=company).count()
    return render_to_string("offers/space_card.html", {"live": live}, request=request)
