"""Licensing pages: the public verification page and the member's licence, kit and labels.

Every member-owned object is reached through `request.company` (404 otherwise).
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from core.access import company_required, is_active_member
from jura_portal import pagecache, ratelimit
from licensing import kit, services
from licensing.errors import LicensingError
from licensing.forms import LabelRequestForm
from licensing.models import LogoLicense, ProductLabel, format_code, normalize_code
from members.models import Company

# --- Public verification -----------------------------------------------------------------------


@pagecache.public_page  # a page served from the store costs no rate-limit count: it names a known code
@require_safe  # GET, and HEAD for link checkers and some QR scanners
def verify(request, code: str):
    """What a consumer sees after scanning a product's QR code: valid, or not valid, and nothing more."""
    if not ratelimit.hit(request, "licence-verify", settings.LICENCE_VERIFY_RATE):
        return ratelimit.too_many_requests(request)
    wanted = normalize_code(code)
    if wanted != code:  # typed in lower case or with dashes: one canonical address per code
        return (
            redirect("licensing:verify", code=wanted, permanent=True)
            if wanted
            else redirect("licensing:lookup")
        )
    today = timezone.localdate()
    licence = (
        LogoLicense.objects.filter(code=wanted)
        .started(today)
        .select_related("company", "company__commune")
        .order_by("-year")
        .first()
    )
    context = {"code": format_code(wanted), "today": today}
    if licence is not None and licence.is_valid_on(today):
        context.update(
            licence=licence,
            company=licence.company,
            labels=list(ProductLabel.objects.approved().filter(company_id=licence.company_id)),
        )
        return render(request, "licensing/verify_valid.html", context)
    if licence is None:
        context["state"] = "unknown"
    elif licence.status == LogoLicense.Status.REVOKED:
        context["state"] = "revoked"
    elif licence.status == LogoLicense.Status.EXPIRED or licence.valid_until < today:
        context["state"] = "expired"
    else:
        context["state"] = "suspended"
    # Nothing about the company: an invalid code tells only that it is not valid, and why in one word.
    return render(request, "licensing/verify_invalid.html", context, status=404 if licence is None else 200)


@require_safe
def lookup(request):
    """A form to type the code printed under a QR code; it leads to /licence/<code>/."""
    code = normalize_code(request.GET.get("code", ""))
    error = ""
    if "code" in request.GET:
        if code:
            return redirect("licensing:verify", code=code)
        error = _("Saisissez le code imprimé sous le QR code, par exemple ABCD-EFGH-JKMN.")
    return render(request, "licensing/lookup.html", {"error": error, "typed": request.GET.get("code", "")})


# --- The member's space: licence and kit --------------------------------------------------------


def _shown_licence(company: Company) -> LogoLicense | None:
    """The licence of the year under way (whatever its status), for the space."""
    return LogoLicense.objects.filter(company=company).started().order_by("-year").first()


def _label_count(status: str) -> Subquery:
    labels = (
        ProductLabel.objects.filter(company=OuterRef("company"), status=status)
        .order_by()
        .values("company")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(labels, output_field=IntegerField()), 0)


def space_card(request, company: Company) -> str:
    """The /espace/ side card: licence status, code, validity, kit, labels. One query (two without a licence)."""
    if company.status == Company.Status.APPLICANT:
        return ""
    Label = ProductLabel.Status
    licence = (
        LogoLicense.objects.filter(company=company)
        .started()
        .annotate(
            approved_labels=_label_count(Label.APPROVED),
            requested_labels=_label_count(Label.REQUESTED),
            rejected_labels=_label_count(Label.REJECTED),
        )
        .order_by("-year")
        .first()
    )
    if licence is not None:
        counts = {
            "approved": licence.approved_labels,
            "requested": licence.requested_labels,
            "rejected": licence.rejected_labels,
        }
    else:
        counts = ProductLabel.objects.filter(company=company).aggregate(
            approved=Count("pk", filter=Q(status=Label.APPROVED)),
            requested=Count("pk", filter=Q(status=Label.REQUESTED)),
            rejected=Count("pk", filter=Q(status=Label.REJECTED)),
        )
        if not any(counts.values()):
            return ""
    return render_to_string(
        "licensing/space/card.html",
        {"licence": licence, "counts": counts, "Status": LogoLicense.Status},
        request=request,
    )


@company_required
@require_GET
def space_licence(request):
    company = request.company
    licences = list(LogoLicense.objects.filter(company=company).order_by("-year"))
    today = timezone.localdate()
    current = next((lic for lic in licences if lic.valid_from <= today), None)
    pay_url = ""
    if current is not None and current.status == LogoLicense.Status.SUSPENDED:
        # The way back to an active licence: the invoice left to pay, or the dues page.
        invoices = company.invoices
        unpaid = invoices.filter(status=invoices.model.Status.ISSUED).order_by("due_on").first()
        pay_url = reverse("dues:pay", args=[unpaid.pk]) if unpaid else reverse("dues:invoices")
    context = {
        "company": company,
        "licence": current,
        "pay_url": pay_url,
        "licences": licences,
        "Status": LogoLicense.Status,
        "verification_url": kit.verification_url(current) if current else "",
        "qr_svg": kit.qr_code(current).svg_inline(scale=4, border=2) if current and current.is_valid else "",
        "variants": kit.artwork.variants(),
        "sizes": kit.artwork.sizes(),
    }
    return render(request, "licensing/space/licence.html", context)


def _active_licence_or_refusal(request):
    licence = (
        LogoLicense.objects.valid_on()
        .filter(company=request.company)
        .select_related("company")
        .order_by("-year")
        .first()
    )
    if licence is None:
        shown = _shown_licence(request.company)
        response = render(
            request,
            "licensing/space/kit_refused.html",
            {"licence": shown, "Status": LogoLicense.Status},
            status=403,
        )
        return None, response
    return licence, None


@company_required
@require_GET
def kit_download(request):
    """The logo kit (ZIP), only while the company's licence is active."""
    licence, refusal = _active_licence_or_refusal(request)
    if refusal:
        return refusal
    response = FileResponse(kit.kit_file(licence), as_attachment=True, filename=kit.kit_filename(licence))
    response["Cache-Control"] = "private, no-store"
    return response


@company_required
@require_GET
def qr_download(request, fmt: str):
    """The licence's QR code alone, PNG or SVG (printers ask for one or the other)."""
    licence, refusal = _active_licence_or_refusal(request)
    if refusal:
        return refusal
    if fmt == "svg":
        response = HttpResponse(kit.qr_svg(licence), content_type="image/svg+xml")
    else:
        response = HttpResponse(kit.qr_png(licence), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="qr-verification-{licence.code}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- The member's space: product labels ---------------------------------------------------------


@company_required
def labels(request):
    company = request.company
    form = LabelRequestForm()
    if request.method == "POST":
        form = LabelRequestForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.label_request(
                    company=company,
                    acting_user=request.user,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    photo=form.cleaned_data["photo"],
                    quality_reason=form.cleaned_data["quality_reason"],
                )
            except LicensingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Votre demande de label est envoyée : l'équipe vous répondra par e-mail."),
                )
                return redirect("licensing:labels")
    context = {
        "company": company,
        "labels": list(ProductLabel.objects.filter(company=company).select_related("decided_by")),
        "form": form,
        "can_request": is_active_member(company),
        "LabelStatus": ProductLabel.Status,
        "has_valid_licence": LogoLicense.objects.valid_on().filter(company=company).exists(),
    }
    return render(request, "licensing/space/labels.html", context, status=400 if form.errors else 200)


@company_required
@require_POST
def label_withdraw(request, pk: int):
    label = get_object_or_404(ProductLabel, pk=pk, company=request.company)
    try:
        services.label_withdraw(label=label, acting_user=request.user)
    except LicensingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("« %(name)s » ne porte plus le logo Made in Jura.") % {"name": label.name}
        )
    return redirect(reverse("licensing:labels"))
