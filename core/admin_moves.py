"""Staff moves: every change of status made in the admin goes through a domain service.

A ModelAdmin lists its moves; each becomes a button on the object's page and an action on the
list, with an intermediate page when staff must type a reason. Any `PortalError` the service
raises is shown to staff as an error, whichever app raised it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from core.errors import PortalError

# --- Staff moves: every change of status goes through a service ---------------------------------


@dataclass(frozen=True)
class StaffMove:
    """A button (on the object's page) and an action (on the list) that call one service."""

    name: str
    label: str
    run: Callable[[Any, Any, str], object]  # (object, acting user, text)
    done: str  # success message, formatted with %(name)s and %(number)s
    text_label: str = ""  # when set, staff type a text (a message, a reason) on an intermediate page
    text_required: bool = True
    text_help: str = ""
    shown_for: tuple[str, ...] = ()  # statuses where the button makes sense (the service decides anyway)
    confirm: str = ""


def subject_name(subject) -> str:
    return getattr(subject, "display_name", None) or str(subject)


class MoveForm(forms.Form):
    """The intermediate page's form: at most one text, the message or reason the service needs."""

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6, "cols": 70}))

    def __init__(self, move: StaffMove, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if move.text_label:
            self.fields["text"].label = move.text_label
            self.fields["text"].required = move.text_required
            self.fields["text"].help_text = move.text_help
        else:
            del self.fields["text"]


class StaffMovesAdmin(admin.ModelAdmin):
    """Buttons and list actions that call services, with an intermediate form when a text is needed."""

    moves: dict[str, StaffMove] = {}
    move_template = "admin/members/move_form.html"

    def has_move_permission(self, request: HttpRequest) -> bool:
        raise NotImplementedError

    def move_subject(self, obj):
        """What a move is about, named in the messages (a company, a project...)."""
        raise NotImplementedError

    def get_urls(self):
        info = (self.opts.app_label, self.opts.model_name)
        urls = [
            path(
                "<path:object_id>/etat/<slug:move>/",
                self.admin_site.admin_view(self.move_view),
                name="{}_{}_move".format(*info),
            )
        ]
        # Before the defaults: their "<path:object_id>/" would swallow these.
        return urls + super().get_urls()

    def available_moves(self, request: HttpRequest, obj) -> list[tuple[StaffMove, str]]:
        if not self.has_move_permission(request):
            return []
        url_name = f"admin:{self.opts.app_label}_{self.opts.model_name}_move"
        return [
            (move, reverse(url_name, args=[obj.pk, move.name]))
            for move in self.moves.values()
            if obj.status in move.shown_for
        ]

    def move_view(self, request: HttpRequest, object_id: str, move: str) -> HttpResponse:
        staff_move = self.moves.get(move)
        obj = self.get_object(request, unquote(object_id))
        if staff_move is None or obj is None:
            raise Http404
        if not self.has_move_permission(request):
            raise PermissionDenied
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        form = MoveForm(staff_move, request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            self.apply_move(request, staff_move, obj, form.cleaned_data.get("text", ""), prefix=False)
            return HttpResponseRedirect(change_url)
        return self.render_move_form(request, staff_move, form, [obj], cancel_url=change_url)

    def run_move_on_selection(
        self, request: HttpRequest, queryset: QuerySet, name: str
    ) -> HttpResponse | None:
        """A list action: ask for the text if needed, then call the service once per selected object."""
        staff_move = self.moves[name]
        form = MoveForm(staff_move, request.POST if "apply" in request.POST else None)
        if staff_move.text_label and not (form.is_bound and form.is_valid()):
            cancel_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            return self.render_move_form(
                request, staff_move, form, list(queryset), cancel_url=cancel_url, from_list=True
            )
        text = form.cleaned_data.get("text", "") if form.is_bound else ""
        for obj in queryset:
            self.apply_move(request, staff_move, obj, text, prefix=True)
        return None

    def apply_move(self, request: HttpRequest, move: StaffMove, obj, text: str, *, prefix: bool) -> bool:
        subject = self.move_subject(obj)
        try:
            move.run(obj, request.user, text)
        except PortalError as error:
            message = f"{subject_name(subject)} : {error}" if prefix else str(error)
            self.message_user(request, message, messages.ERROR)
            return False
        if hasattr(subject, "member_number"):  # a company's number is given at acceptance
            subject.refresh_from_db(fields=["member_number"])
        self.message_user(
            request,
            move.done
            % {"name": subject_name(subject), "number": getattr(subject, "member_number", "") or ""},
            messages.SUCCESS,
        )
        return True

    def render_move_form(
        self,
        request: HttpRequest,
        move: StaffMove,
        form: MoveForm,
        objects: list,
        *,
        cancel_url: str,
        from_list=False,
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": move.label,
            "opts": self.opts,
            "move": move,
            "form": form,
            "objects": objects,
            "subjects": [self.move_subject(obj) for obj in objects],
            "from_list": from_list,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "cancel_url": cancel_url,
        }
        return TemplateResponse(request, self.move_template, context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["staff_moves"] = self.available_moves(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)
