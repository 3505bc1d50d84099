"""The public "Adhérer" page: who may join, what it commits to, what it costs this year, how it goes.

What it costs comes from the dues app, through members.join_sections.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from charter.models import CharterVersion
from members import join_sections


@require_safe
def join(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "members/join.html",
        {
            "sections": [section(request) for section in join_sections.SECTIONS],
            "review_weeks": settings.MEMBERSHIP_REVIEW_WEEKS,
            "charter": CharterVersion.objects.current(),
        },
    )
