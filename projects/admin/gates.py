"""The gate page: criteria, scores, conflicts, quorum, role coverage, and the committee's forms.

Scoring, conflicts and the decision are POSTs to views calling score_record, conflict_declare and
gate_decide; nothing of a gate's status is edited in a form. Committee scores, private notes and
conflict declarations are shown to staff holding the gate permissions (the committee) only.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Prefetch, Q, Sum
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from projects import rules, services
from projects.admin.moves import HistoryMixin
from projects.errors import ProjectError
from projects.models import (
    PHASE_SEQUENCE,
    Commitment,
    ConflictDeclaration,
    Gate,
    GateCriterion,
    Phase,
    Role,
    Score,
)
from projects.services.gates import quorum, sitting_scores


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Décision"), choices=Gate.Outcome.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 4}))
    public_summary = forms.CharField(
        label=_("Résumé public"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Publié sur /projets/ et envoyé aux abonnés du projet."),
    )
    private_note = forms.CharField(
        label=_("Note interne du comité"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recycle_to = forms.ChoiceField(
        label=_("Retour à la phase (à retravailler)"), required=False, choices=[("", "—"), *Phase.choices]
    )
    lessons_learned = forms.CharField(
        label=_("Enseignements (abandon ou à retravailler)"),
        required=False,
        help_text=_(
            "Publiés sur la page publique du projet une fois le projet abandonné ou archivé : "
            "ce qui est confidentiel va dans la note interne."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConflictForm(forms.Form):
    description = forms.CharField(
        label=_("Nature du conflit d'intérêts"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CriterionInline(admin.TabularInline):
    model = GateCriterion
    extra = 0
    fields = ("kind", "label", "position")

    def has_change_permission(self, request, obj=None) -> bool:
        return (
            obj is not None and obj.status == Gate.Status.OPEN and super().has_change_permission(request, obj)
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return obj is not None and obj.status == Gate.Status.OPEN and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)


@admin.register(Gate)
class GateAdmin(HistoryMixin, admin.ModelAdmin):
    change_form_template = "admin/projects/gate/change_form.html"
    list_display = ("project", "phase", "status", "outcome", "opened_at", "decided_at")
    list_filter = ("status", "outcome", "phase")
    list_select_related = ("project",)
    search_fields = ("project__title",)
    date_hierarchy = "opened_at"
    inlines = [CriterionInline]
    readonly_fields = (
        "project",
        "phase",
        "status",
        "outcome",
        "recycle_to",
        "rationale",
        "public_summary",
        "private_note",
        "opened_at",
        "opened_by",
        "decided_at",
        "decided_by",
    )

    def has_add_permission(self, request) -> bool:
        return False  # a gate opens from its project (gate_open)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        own = [
            path("<path:object_id>/noter/", view(require_POST(self.score_view)), name="projects_gate_score"),
            path(
                "<path:object_id>/conflit/",
                view(require_POST(self.conflict_view)),
                name="projects_gate_conflict",
            ),
            path(
                "<path:object_id>/decider/", view(require_POST(self.decide_view)), name="projects_gate_decide"
            ),
        ]
        return own + super().get_urls()

    # --- What the page gathers ---------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        gate = self.get_object(request, unquote(object_id))
        if gate is None:
            raise Http404
        extra = {**(extra_context or {}), **self.gate_context(request, gate)}
        return super().change_view(request, object_id, form_url, extra)

    def gate_context(self, request, gate: Gate, decision_form: DecisionForm | None = None) -> dict:
        user = request.user
        is_member = rules.is_committee_member(user)
        criteria = list(
            gate.criteria.prefetch_related(
                Prefetch("scores", queryset=Score.objects.select_related("member"))
            )
        )
        # The means the decision uses: scores of members still sitting (see services.gates.sitting_scores).
        means = dict(
            sitting_scores(gate)
            .values("criterion")
            .annotate(mean=Avg("value"))
            .values_list("criterion", "mean")
        )
        for criterion in criteria:
            criterion.mean = means.get(criterion.pk)
            criterion.below = criterion.kind == GateCriterion.Kind.MUST and (
                criterion.mean is None or criterion.mean < rules.MUST_MEET_THRESHOLD
            )
            criterion.mine = next((s for s in criterion.scores.all() if s.member_id == user.pk), None)
        conflicts = list(gate.conflicts.select_related("member"))
        scorers, local_authority = quorum(gate)
        roles = (
            Role.objects.filter(project_id=gate.project_id)
            .annotate(
                confirmed=Count("commitments", filter=Q(commitments__status__in=Commitment.COUNTED_STATUSES)),
                pledged=Count("commitments", filter=Q(commitments__status=Commitment.Status.PLEDGED)),
                confirmed_quantity=Sum(
                    "commitments__quantity", filter=Q(commitments__status__in=Commitment.COUNTED_STATUSES)
                ),
            )
            .select_related("commune")
        )
        return {
            "gate": gate,
            "criteria": criteria,
            "conflicts": conflicts,
            "i_declared": any(c.member_id == user.pk for c in conflicts),
            "is_committee_member": is_member,
            "scorers": scorers,
            "local_authority": local_authority,
            "quorum": rules.GATE_QUORUM,
            "threshold": rules.MUST_MEET_THRESHOLD,
            "roles": roles,
            "score_choices": range(rules.SCORE_MAX + 1),
            "decision_form": decision_form or DecisionForm(),
            "is_open": gate.status == Gate.Status.OPEN,
            "phases": PHASE_SEQUENCE,
        }

    # --- The committee's forms -------------------------------------------------------------------

    def _gate_for_committee(self, request, object_id) -> Gate:
        gate = self.get_object(request, unquote(object_id))
        if gate is None:
            raise Http404
        if not request.user.has_perm("projects.decide_gate"):
            raise PermissionDenied
        return gate

    def _back(self, gate: Gate) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:projects_gate_change", args=[gate.pk]))

    def score_view(self, request, object_id):
        gate = self._gate_for_committee(request, object_id)
        recorded = 0
        for criterion in gate.criteria.all():
            raw = request.POST.get(f"score-{criterion.pk}", "")
            if raw == "":
                continue
            try:
                services.score_record(
                    criterion=criterion,
                    acting_user=request.user,
                    value=int(raw),
                    comment=request.POST.get(f"comment-{criterion.pk}", ""),
                )
            except (ProjectError, ValueError) as error:
                self.message_user(
                    request,
                    str(error) if isinstance(error, ProjectError) else _("Note invalide."),
                    messages.ERROR,
                )
                return self._back(gate)
            recorded += 1
        self.message_user(request, _("%(n)d note(s) enregistrée(s).") % {"n": recorded}, messages.SUCCESS)
        return self._back(gate)

    def conflict_view(self, request, object_id):
        gate = self._gate_for_committee(request, object_id)
        form = ConflictForm(request.POST)
        if not form.is_valid():
            self.message_user(request, _("Décrivez le conflit d'intérêts."), messages.ERROR)
            return self._back(gate)
        try:
            services.conflict_declare(
                gate=gate, acting_user=request.user, description=form.cleaned_data["description"]
            )
        except ProjectError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request, _("Conflit d'intérêts déclaré : vous ne notez pas ce jalon."), messages.SUCCESS
            )
        return self._back(gate)

    def decide_view(self, request, object_id):
        gate = self._gate_for_committee(request, object_id)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            self.message_user(request, _("Choisissez une décision et motivez-la."), messages.ERROR)
            return self._back(gate)
        try:
            services.gate_decide(gate=gate, acting_user=request.user, **form.cleaned_data)
        except ProjectError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            gate.refresh_from_db()
            self.message_user(
                request,
                _("Décision enregistrée : %(outcome)s.") % {"outcome": gate.get_outcome_display()},
                messages.SUCCESS,
            )
        return self._back(gate)


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ("gate", "member", "declared_at")
    list_select_related = ("gate__project", "member")
    readonly_fields = ("gate", "member", "description", "declared_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ("criterion", "member", "value", "scored_at")
    list_filter = ("value",)
    list_select_related = ("criterion__gate__project", "member")
    readonly_fields = ("criterion", "member", "value", "comment", "scored_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
