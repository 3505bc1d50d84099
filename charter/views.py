"""The charter's pages: read it (public), sign it, download the signature's receipt."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from charter import receipts
from charter.errors import CharterError
from charter.forms import SignatureForm
from charter.models import CharterVersion, Signature
from charter.services import charter_sign
from jura_portal.clientip import client_ip


def _history():
    # Only what the list shows: the bodies of old versions can be long.
    return CharterVersion.objects.published().only("number", "title", "published_at").order_by("-number")


def current(request: HttpRequest) -> HttpResponse:
    """The version in force, in full, with the list of published versions."""
    version = CharterVersion.objects.current()
    return render(
        request,
        "charter/current.html",
        {"version": version, "history": list(_history()) if version else [], "is_current": True},
    )


def version(request: HttpRequest, number: int) -> HttpResponse:
    """A published version, current or past (an unpublished one does not exist for the public)."""
    shown = get_object_or_404(CharterVersion.objects.published(), number=number)
    history = list(_history())
    return render(
        request,
        "charter/current.html",
        {"version": shown, "history": history, "is_current": history[0].number == shown.number},
    )


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("members:space")


@login_required
def sign(request: HttpRequest) -> HttpResponse:
    """The company's representative reads the current version and signs it."""
    company = request.company or None
    version = CharterVersion.objects.current()
    context = {"company": company, "version": version, "next": _next_url(request)}
    if company is None or version is None:
        return render(request, "charter/sign.html", context)

    signature = company.signatures.filter(version=version).select_related("signer").first()
    previous = (
        CharterVersion.objects.published()
        .filter(number__lt=version.number)
        .only("number", "title")
        .order_by("-number")
        .first()
    )
    form = (
        SignatureForm(request.POST or None, initial={"full_name": request.user.get_full_name()})
        if signature is None
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        read = CharterVersion.objects.published().filter(number=form.cleaned_data["version"]).first()
        try:
            if read is None:
                raise CharterError(_("Cette version de la charte n'existe pas : rechargez la page."))
            charter_sign(
                company=company,
                version=read,
                acting_user=request.user,
                full_name=form.cleaned_data["full_name"],
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except CharterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Merci : la charte (version %(n)s) est signée au nom de %(company)s.")
                % {"n": read.number, "company": company.display_name},
            )
            return redirect(_next_url(request))
    context.update({"signature": signature, "previous": previous, "form": form})
    return render(request, "charter/sign.html", context)


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The signature's receipt as a PDF, for the company that signed only."""
    company = request.company or None
    if company is None:
        raise Http404
    signature = get_object_or_404(
        Signature.objects.select_related("company", "version", "signer"), pk=pk, company=company
    )
    response = HttpResponse(receipts.receipt_pdf(signature), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipts.receipt_filename(signature)}"'
    patch_cache_control(response, private=True, no_store=True)
    return response
