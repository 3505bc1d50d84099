"""/espace/mes-donnees/: a person downloads their personal data and may ask for erasure (RGPD)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from members import privacy
from members.models import ErasureRequest


class ErasureForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Un mot pour l'équipe (facultatif)"),
        required=False,
        max_length=ErasureRequest._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Je demande l'effacement de mon compte et de mes données personnelles."),
        error_messages={"required": gettext_lazy("Cochez la case pour confirmer votre demande.")},
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    pending = ErasureRequest.objects.filter(user=request.user, status=ErasureRequest.Status.REQUESTED).first()
    return render(request, "members/space/my_data.html", {"form": ErasureForm(), "pending": pending})


@require_GET
@login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    archive = privacy.personal_data_export(user=request.user)
    response = HttpResponse(archive, content_type="application/zip")
    name = f"mes-donnees-made-in-jura-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def erasure_request(request: HttpRequest) -> HttpResponse:
    form = ErasureForm(request.POST)
    if not form.is_valid():
        return render(request, "members/space/my_data.html", {"form": form, "pending": None}, status=400)
    privacy.erasure_request_create(
        user=request.user, acting_user=request.user, message=form.cleaned_data["message"]
    )
    messages.success(
        request,
        _(
            "Votre demande d'effacement est enregistrée. L'équipe la traite dans un délai d'un mois "
            "et vous écrit une fois l'effacement fait."
        ),
    )
    return redirect("members:my_data")
