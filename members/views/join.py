"""The public "Adhérer" page: who may join, what it commits to, what it costs this year, how it goes."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from charter.models import CharterVersion
from core.formats import euros
from dues.models import FeeSchedule
from members.models import Company


@require_safe
def join(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    # This year's fees; before staff set them (early January), the latest earlier year that has some.
    shown_year = (
        FeeSchedule.objects.filter(year__lte=year).order_by("-year").values_list("year", flat=True).first()
    )
    amounts = dict(FeeSchedule.objects.filter(year=shown_year).values_list("size_band", "amount_cents"))
    fees = [
        {"band": label, "amount": euros(amounts[band])}
        for band, label in Company.SizeBand.choices
        if band in amounts
    ]
    return render(
        request,
        "members/join.html",
        {
            "fees": fees,
            "fees_year": shown_year,
            "prorated": settings.DUES_PRORATION == "quarter",
            "review_weeks": settings.MEMBERSHIP_REVIEW_WEEKS,
            "charter": CharterVersion.objects.current(),
        },
    )
