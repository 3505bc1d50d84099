"""The applicant's journey at /adhesion/: six steps saved as a draft, then sent to the committee.

Thin views: a form validates, a service saves (members.services, charter.services),
a domain error becomes a French message. Everything is reached through
request.company, so nobody sees or changes another company's file.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from charter.errors import CharterError
from charter.models import CharterVersion
from charter.services import charter_sign
from jura_portal.clientip import client_ip
from members import forms, forms_answers, services
from members.errors import MembershipError
from members.models import Application, ApplicationDocument, Company
from members.views.space import ask_name_first
from reference.models import Commune, FormerCommune

Step = Application.Step
FILLED_STEPS = [s for s in Step if s != Step.REVIEW]
READ_ONLY_REASONS = {
    Application.Status.SUBMITTED: gettext_lazy(
        "Votre demande a été envoyée au comité d'adhésion : elle ne peut plus être modifiée. "
        "Si le comité a besoin de précisions, il vous le demandera et vous pourrez la compléter."
    ),
    Application.Status.IN_REVIEW: gettext_lazy(
        "Le comité d'adhésion examine votre demande : elle ne peut plus être modifiée pendant l'examen."
    ),
}


# --- Helpers ---------------------------------------------------------------------------


def _company(request: HttpRequest) -> Company | None:
    # request.company is lazy: `or None` turns a wrapped None into a real None.
    return request.company or None


def _open_application(request: HttpRequest) -> Application | None:
    company = _company(request)
    if company is None:
        return None
    return (
        Application.objects.filter(company_id=company.pk, status__in=Application.OPEN_STATUSES)
        .select_related("company__commune__epci", "company__former_commune")
        .first()
    )


def first_unfinished_step(application: Application) -> int:
    return next((s.value for s in FILLED_STEPS if s not in application.completed_steps), Step.REVIEW.value)


def _steps(application: Application | None, current: int) -> list[dict]:
    done = set(application.completed_steps) if application else set()
    return [
        {
            "number": s.value,
            "label": s.label,
            "done": s in done,
            "current": s == current,
            "url": reverse("members:apply_step", args=[s.value]) if application else None,
        }
        for s in Step
    ]


def _render_step(request, application: Application, step: int, template: str, **context) -> HttpResponse:
    return render(
        request,
        f"members/application/{template}",
        {
            "application": application,
            "company": application.company,
            "step": Step(step),
            "steps": _steps(application, step),
            "editable": application.is_editable,
            "read_only_reason": READ_ONLY_REASONS.get(application.status, ""),
            "next_url": reverse("members:apply_step", args=[min(step + 1, Step.REVIEW)]),
            "previous_url": reverse("members:apply_step", args=[step - 1]) if step > 1 else None,
            **context,
        },
    )


def _saved(request, step: int) -> HttpResponse:
    """After a save: stay on the step ("brouillon") or go on to the next one."""
    if "draft" in request.POST:
        messages.success(
            request, _("Brouillon enregistré. Vous pouvez revenir le compléter quand vous voulez.")
        )
        return redirect("members:apply_step", step)
    return redirect("members:apply_step", min(step + 1, Step.REVIEW))


def _draft(request: HttpRequest) -> bool:
    """The applicant pressed "Enregistrer le brouillon": keep what is typed, even incomplete."""
    return request.method == "POST" and "draft" in request.POST


def _refuse_if_locked(request, application: Application, step: int) -> HttpResponse | None:
    if application.is_editable:
        return None
    messages.error(
        request, READ_ONLY_REASONS.get(application.status, _("Cette demande ne peut plus être modifiée."))
    )
    return redirect("members:apply_step", step)


def _posted(request: HttpRequest):
    """The POST data to bind a form to (even when empty: a box left unticked is an answer)."""
    return request.POST if request.method == "POST" else None


def _communes() -> list[Commune]:
    return list(Commune.objects.order_by("name").only("id", "name", "postal_codes", "epci_id"))


def _former_communes() -> list[FormerCommune]:
    return list(
        FormerCommune.objects.select_related("commune")
        .order_by("name")
        .only("name", "commune__id", "commune__name", "commune__postal_codes", "commune__epci_id")
    )


# --- /adhesion/ ----------------------------------------------------------------------------


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The intro and the first step, or the way back to a file already begun."""
    asked = ask_name_first(request)
    if asked:
        return asked
    company = _company(request)
    if company is not None and company.is_member:
        return render(request, "members/application/already_member.html", {"company": company})
    application = _open_application(request)
    if application is not None:
        if application.status in (Application.Status.DRAFT,):
            return redirect("members:apply_step", first_unfinished_step(application))
        return redirect("members:apply_step", Step.REVIEW)

    initial = {}
    if company is not None:  # a file withdrawn or refused before: start again from what was known
        initial = forms.IdentityForm.initial_for(company)
    form = forms.IdentityForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.company_fields()
        try:
            services.application_start(
                siret=fields.pop("siret"),
                legal_name=fields.pop("legal_name"),
                acting_user=request.user,
                publish_phone=form.cleaned_data["publish_phone"],
                **fields,
            )
        except MembershipError as error:
            form.add_error("siret", str(error))
        else:
            messages.success(
                request, _("Votre demande d'adhésion est ouverte : elle est enregistrée en brouillon.")
            )
            next_step = Step.IDENTITY if "draft" in request.POST else Step.LOCATION
            return redirect("members:apply_step", next_step)
    return render(
        request,
        "members/application/start.html",
        {"form": form, "steps": _steps(None, Step.IDENTITY), "step": Step.IDENTITY},
    )


@login_required
def step(request: HttpRequest, step: int) -> HttpResponse:
    if step not in Step.values:
        raise Http404
    application = _open_application(request)
    if application is None:
        return redirect("members:apply")
    # The charter step stays open while the file is examined: a version published meanwhile is signed there.
    if request.method == "POST" and step not in (Step.REVIEW, Step.CHARTER):
        refused = _refuse_if_locked(request, application, step)
        if refused:
            return refused
    return STEP_VIEWS[step](request, application)


def _identity(request, application: Application) -> HttpResponse:
    company = application.company
    initial = {**forms.IdentityForm.initial_for(company), "publish_phone": application.publish_phone}
    form = forms.IdentityForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                application=application,
                acting_user=request.user,
                step=Step.IDENTITY,
                company_fields=form.company_fields(),
                application_fields={"publish_phone": form.cleaned_data["publish_phone"]},
            )
        except MembershipError as error:
            form.add_error("siret", str(error))
        else:
            return _saved(request, Step.IDENTITY)
    return _render_step(request, application, Step.IDENTITY, "identity.html", form=form)


def _location(request, application: Application) -> HttpResponse:
    company = application.company
    communes = _communes()
    initial = {
        "address": company.address,
        "postal_code": company.postal_code,
        "publish_address": application.publish_address,
    }
    if company.commune:
        code = company.postal_code if company.postal_code in company.commune.postal_codes else ""
        initial["commune"] = f"{company.place_name} ({code})" if code else company.place_name
    form = forms.LocationForm(
        _posted(request), initial=initial, communes=communes, former_communes=_former_communes()
    )
    if request.method == "POST" and form.is_valid():
        services.application_update(
            application=application,
            acting_user=request.user,
            step=Step.LOCATION,
            company_fields={k: v for k, v in form.cleaned_data.items() if k != "publish_address"},
            application_fields={"publish_address": form.cleaned_data["publish_address"]},
        )
        return _saved(request, Step.LOCATION)
    return _render_step(request, application, Step.LOCATION, "location.html", form=form)


def _activity(request, application: Application) -> HttpResponse:
    company = application.company
    initial = {
        "sectors": list(company.sectors.values_list("pk", flat=True)),
        "description": company.description,
        "products": company.products,
        "quality_evidence": company.quality_evidence,
    }
    form = forms_answers.ActivityForm(
        _posted(request),
        request.FILES if request.method == "POST" else None,
        initial=initial,
        draft=_draft(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in ("description", "products", "quality_evidence")}
        if data["logo"] is False:  # "effacer" ticked
            fields["logo"] = ""
        elif data["logo"]:
            fields["logo"] = data["logo"]
        services.application_update(
            application=application,
            acting_user=request.user,
            step=Step.ACTIVITY,
            company_fields=fields,
            sectors=list(data["sectors"]),
            complete=form.is_complete(),
        )
        document = data["document"]
        try:
            if document:
                services.application_add_document(
                    application=application,
                    acting_user=request.user,
                    title=data["document_title"].strip(),
                    file=document,
                    size=document.size,
                )
        except MembershipError as error:
            form.add_error("document", str(error))
        else:
            if document:
                messages.success(
                    request, _("Justificatif « %(title)s » ajouté.") % {"title": data["document_title"]}
                )
                return redirect("members:apply_step", Step.ACTIVITY)
            return _saved(request, Step.ACTIVITY)
    documents = list(application.documents.all())
    return _render_step(request, application, Step.ACTIVITY, "activity.html", form=form, documents=documents)


def _commitments(request, application: Application) -> HttpResponse:
    form = forms_answers.CommitmentsForm(
        _posted(request), initial=forms_answers.application_initial(application), draft=_draft(request)
    )
    if request.method == "POST" and form.is_valid():
        services.application_update(
            application=application,
            acting_user=request.user,
            step=Step.COMMITMENTS,
            application_fields=form.cleaned_data,
            complete=form.is_complete(),
        )
        return _saved(request, Step.COMMITMENTS)
    return _render_step(request, application, Step.COMMITMENTS, "commitments.html", form=form)


def _charter(request, application: Application) -> HttpResponse:
    version = CharterVersion.objects.current()
    signature = (
        application.company.signatures.filter(version=version).select_related("signer").first()
        if version
        else None
    )
    form = None
    if version is not None and signature is None:
        user = request.user
        form = forms.CharterSignForm(_posted(request), initial={"full_name": user.get_full_name()})
    if request.method == "POST":
        if form is None and not application.is_editable:
            return _refuse_if_locked(request, application, Step.CHARTER)
        if form is None:
            # Nothing to sign (already signed, or no version published yet): the step is done.
            services.application_update(application=application, acting_user=request.user, step=Step.CHARTER)
            return _saved(request, Step.CHARTER)
        if form.is_valid():
            try:
                charter_sign(
                    company=application.company,
                    version=version,
                    acting_user=request.user,
                    full_name=form.cleaned_data["full_name"],
                    ip_address=client_ip(request),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                )
            except CharterError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Merci : la charte est signée au nom de votre entreprise."))
                return _saved(request, Step.CHARTER)
    return _render_step(
        request, application, Step.CHARTER, "charter.html", form=form, version=version, signature=signature
    )


def _review(request, application: Application, reply_form: forms.ReplyForm | None = None) -> HttpResponse:
    company = application.company
    if reply_form is None and application.status == Application.Status.INFO_REQUESTED:
        reply_form = forms.ReplyForm(
            initial={"reply": application.applicant_reply}, keep_key=f"reponse-{application.pk}"
        )
    version = CharterVersion.objects.current()
    return _render_step(
        request,
        application,
        Step.REVIEW,
        "review.html",
        missing=services.missing_steps(application) if application.is_editable else [],
        sectors=list(company.sectors.all()),
        documents=list(application.documents.all()),
        version=version,
        signature=company.signatures.filter(version=version).first() if version else None,
        reply_form=reply_form,
        activity_url=reverse("members:apply_step", args=[Step.ACTIVITY]),
        can_withdraw=application.status in Application.WITHDRAWABLE_STATUSES,
    )


STEP_VIEWS = {
    Step.IDENTITY: _identity,
    Step.LOCATION: _location,
    Step.ACTIVITY: _activity,
    Step.COMMITMENTS: _commitments,
    Step.CHARTER: _charter,
    Step.REVIEW: _review,
}


# --- Actions -------------------------------------------------------------------------------


@login_required
@require_POST
def submit(request: HttpRequest) -> HttpResponse:
    application = _open_application(request)
    if application is None:
        return redirect("members:apply")
    reply_form = None
    reply = ""
    if application.status == Application.Status.INFO_REQUESTED:
        draft = "draft" in request.POST
        reply_form = forms.ReplyForm(request.POST, draft=draft, keep_key=f"reponse-{application.pk}")
        if not reply_form.is_valid():
            return _review(request, application, reply_form)
        reply = reply_form.cleaned_data["reply"]
        # Kept first, in its own transaction: whatever happens next, what was typed is not lost.
        application = services.application_save_reply(
            application=application, acting_user=request.user, reply=reply
        )
        if draft:
            messages.success(
                request,
                _("Réponse enregistrée. Elle partira au comité quand vous renverrez votre demande."),
            )
            return redirect("members:apply_step", Step.REVIEW)
    try:
        services.application_submit(application=application, acting_user=request.user, reply=reply)
    except MembershipError as error:
        messages.error(request, str(error))
        return _review(request, application, reply_form)
    messages.success(
        request,
        _(
            "Votre demande d'adhésion est envoyée. Le comité d'adhésion l'examine et vous écrit "
            "par e-mail : vous suivez son avancement ici."
        ),
    )
    return redirect("members:space")


@login_required
def withdraw(request: HttpRequest) -> HttpResponse:
    application = _open_application(request)
    if application is None:
        return redirect("members:apply")
    form = forms.WithdrawForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(application=application, acting_user=request.user)
        except MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Votre demande d'adhésion est retirée. Vous pourrez en déposer une autre.")
            )
            return redirect("members:apply")
    return render(
        request,
        "members/application/withdraw.html",
        {
            "application": application,
            "form": form,
            "allowed": application.status in Application.WITHDRAWABLE_STATUSES,
        },
    )


def _own_document(request: HttpRequest, pk: int) -> ApplicationDocument:
    company = _company(request)
    if company is None:
        raise Http404
    return get_object_or_404(ApplicationDocument, pk=pk, application__company_id=company.pk)


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = _own_document(request, pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{slugify(document.title) or 'justificatif'}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # a private file: no shared or disk cache keeps it
    return response


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = _own_document(request, pk)
    title = document.title
    try:
        services.application_remove_document(document=document, acting_user=request.user)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Justificatif « %(title)s » retiré.") % {"title": title})
    return redirect("members:apply_step", Step.ACTIVITY)
