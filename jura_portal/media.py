"""/media/<name>: every uploaded file, served only to whoever may see what it shows.

Nothing serves the storage directly (no folder behind the web server, no public
bucket): this view finds the object a file belongs to and decides.
- public: the logo of a company whose directory listing is public; the photo of
  an approved product label of a company whose licence is valid or whose listing
  is public. Answered to anyone, cacheable by proxies for MEDIA_PUBLIC_MAX_AGE.
- private: a logo waiting for review or of a company not (or no longer) listed,
  a label photo not approved, every offer photo (offers are for members only).
  Answered to the company's own people, to staff holding the model's view
  permission, and for a live offer to any member company; `private, no-store`.
- anything else (unknown name, not allowed): 404, so that a name reveals nothing.
"""

import mimetypes

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from django.views.decorators.http import require_safe

PUBLIC, PRIVATE = "public", "private"


def _acts_for(request: HttpRequest, company_id: int) -> bool:
    company = request.company  # lazy: read only when the file is not public
    return bool(company) and company.pk == company_id


def _logo(request: HttpRequest, name: str) -> str | None:
    from directory.models import Listing, ListingChange
    from members.models import Company

    company_id = Company.objects.filter(logo=name).values_list("pk", flat=True).first()
    if company_id is not None:
        if Listing.objects.filter(company_id=company_id, is_public=True).exists():
            return PUBLIC
        if _acts_for(request, company_id) or request.user.has_perm("members.view_company"):
            return PRIVATE
    change = ListingChange.objects.filter(logo=name).values("company_id").first()
    if change is not None and (
        _acts_for(request, change["company_id"]) or request.user.has_perm("directory.view_listingchange")
    ):
        return PRIVATE
    return None


def _label_photo(request: HttpRequest, name: str) -> str | None:
    from directory.models import Listing
    from licensing.models import LogoLicense, ProductLabel

    label = ProductLabel.objects.filter(photo=name).values("company_id", "status").first()
    if label is None:
        return None
    company_id = label["company_id"]
    if label["status"] == ProductLabel.Status.APPROVED and (
        LogoLicense.objects.valid_on(timezone.localdate()).filter(company_id=company_id).exists()
        or Listing.objects.filter(company_id=company_id, is_public=True).exists()
    ):
        return PUBLIC
    if _acts_for(request, company_id) or request.user.has_perm("licensing.view_productlabel"):
        return PRIVATE
    return None


def _offer_photo(request: HttpRequest, name: str) -> str | None:
    from core.access import is_active_member
    from offers.models import Offer

    offer = Offer.objects.filter(photo=name).values("pk", "company_id").first()
    if offer is None or not request.user.is_authenticated:
        return None
    if _acts_for(request, offer["company_id"]) or request.user.has_perm("offers.view_offer"):
        return PRIVATE
    company = request.company
    if is_active_member(company) and Offer.objects.live().filter(pk=offer["pk"]):
        return PRIVATE
    return None


# The folder of a file (its upload_to) says which object it belongs to.
RULES = {"logos": _logo, "labels": _label_photo, "offers": _offer_photo}


@require_safe
def media(request: HttpRequest, name: str) -> FileResponse:
    folder, _, rest = name.partition("/")
    rule = RULES.get(folder)
    if rule is None or not rest or "/" in rest or "\x00" in name:
        raise Http404
    access = rule(request, name)
    if access is None:
        raise Http404
    try:
        file = default_storage.open(name, "rb")
        file.size  # noqa: B018 - a missing object (file or bucket key) fails here, as a 404
    except (OSError, ClientError) as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(file, content_type=content_type)
    if access == PUBLIC:
        response["Cache-Control"] = f"public, max-age={settings.MEDIA_PUBLIC_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
