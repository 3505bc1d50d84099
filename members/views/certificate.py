"""The membership certificate: an active member downloads it from /espace/, anyone checks it by its link."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import company_required, is_active_member
from members import certificate
from members.models import Company


@company_required
def certificate_pdf(request: HttpRequest) -> HttpResponse:
    company = request.company
    if not is_active_member(company):
        messages.error(
            request, _("L'attestation d'adhésion est réservée aux entreprises adhérentes actives.")
        )
        return redirect("members:space")
    year = timezone.localdate().year
    response = HttpResponse(certificate.certificate_pdf(company), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{certificate.certificate_filename(company, year)}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def certificate_verify(request: HttpRequest, token: str) -> HttpResponse:
    """Whether the certificate is genuine, and whether its company is a member today."""
    found = certificate.read_token(token)
    company = (
        Company.objects.select_related("commune").filter(pk=found[0]).exclude(member_number=None).first()
        if found
        else None
    )
    context = {
        "company": company,
        "year": found[1] if found else None,
        "active": is_active_member(company),
        "today": timezone.localdate(),
    }
    return render(request, "members/certificate_verify.html", context, status=200 if company else 404)
