"""Staff screens for people: accounts (email as login; never deleted, an erasure request instead)
and the erasure requests (RGPD). Registered in members.admin."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from members import privacy
from members.errors import MembershipError
from members.models import ErasureRequest, User


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class UserAdmin(auth_admin.UserAdmin):
    """Django's user admin, with the email address as the login instead of a username."""

    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name")}),
        (
            _("Droits"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates importantes"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")},
        ),
    )
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    actions = ["request_erasure"]

    # A person is never deleted outright: invoices, signatures and the audit trail point to the
    # account (PROTECT). "Supprimer" opens an erasure request instead, carried out from its page.
    def get_actions(self, request: HttpRequest, action_location=ActionLocation.CHANGE_LIST) -> dict:
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request: HttpRequest, object_id: str, extra_context=None):
        if not request.user.has_perm("members.erase_personal_data"):
            return super().delete_view(request, object_id, extra_context)  # Django's own refusal
        user = get_object_or_404(User, pk=object_id)
        erasure = privacy.erasure_request_create(user=user, acting_user=request.user)
        self.message_user(
            request,
            _(
                "Un compte n'est jamais supprimé : une demande d'effacement (RGPD) est ouverte. "
                "Vérifiez ce qui sera gardé puis choisissez « Effectuer l'effacement »."
            ),
            messages.WARNING,
        )
        return HttpResponseRedirect(reverse("admin:members_erasurerequest_change", args=[erasure.pk]))

    @admin.action(description=_("Ouvrir une demande d'effacement (RGPD)"), permissions=["erase"])
    def request_erasure(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            privacy.erasure_request_create(user=user, acting_user=request.user)
        self.message_user(
            request,
            _("%(count)d demande(s) d'effacement ouverte(s) : traitez-les dans « Demandes d'effacement ».")
            % {"count": len(queryset)},
        )

    def has_erase_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("members.erase_personal_data")


class ErasureRequestAdmin(admin.ModelAdmin):
    """The erasure requests (RGPD): who asked, when, what was erased and what the law keeps."""

    list_display = ("user", "status", "requested_at", "decided_at", "decided_by")
    list_filter = ("status",)
    list_select_related = ("user", "decided_by")
    search_fields = ("user__email", "user__last_name")
    date_hierarchy = "requested_at"
    readonly_fields = (
        "user",
        "status",
        "message",
        "requested_at",
        "requested_by",
        "decided_at",
        "decided_by",
        "decision_reason",
        "summary",
    )
    actions = ["carry_out", "refuse"]

    def get_urls(self):
        refuse = self.admin_site.admin_view(self.refuse_view)
        return [
            path("<path:object_id>/refuser/", refuse, name="members_erasurerequest_refuse"),
            *super().get_urls(),
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # opened by the person (/espace/mes-donnees/) or from the user's page

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the proof that the request was handled

    def has_erase_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("members.erase_personal_data")

    @admin.action(description=_("Effectuer l'effacement"), permissions=["erase"])
    def carry_out(self, request: HttpRequest, queryset: QuerySet[ErasureRequest]) -> None:
        done = 0
        for erasure in queryset:
            try:
                privacy.erasure_request_carry_out(request=erasure, acting_user=request.user)
                done += 1
            except MembershipError as error:
                self.message_user(request, f"{erasure} : {error}", messages.ERROR)
        if done:
            self.message_user(request, _("%(count)d effacement(s) effectué(s).") % {"count": done})

    @admin.action(description=_("Refuser (avec un motif)"), permissions=["erase"])
    def refuse(self, request: HttpRequest, queryset: QuerySet[ErasureRequest]):
        if len(queryset) != 1:
            self.message_user(
                request, _("Refusez les demandes une par une : chacune a son motif."), messages.ERROR
            )
            return None
        return HttpResponseRedirect(reverse("admin:members_erasurerequest_refuse", args=[queryset[0].pk]))

    def refuse_view(self, request: HttpRequest, object_id: str):
        """The reason is sent to the person (e.g. identity not established)."""
        erasure = get_object_or_404(ErasureRequest, pk=object_id)
        if not self.has_erase_permission(request):
            raise PermissionDenied
        form = ErasureRefusalForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                privacy.erasure_request_refuse(
                    request=erasure, acting_user=request.user, reason=form.cleaned_data["reason"]
                )
            except MembershipError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, _("Demande refusée : la personne reçoit le motif par e-mail."))
            return HttpResponseRedirect(reverse("admin:members_erasurerequest_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Refuser la demande d'effacement"),
            "erasure": erasure,
            "form": form,
        }
        return TemplateResponse(request, "admin/members/erasurerequest/refuse.html", context)


class ErasureRefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif, envoyé à la personne"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
