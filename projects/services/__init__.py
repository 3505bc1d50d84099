"""Every change in the projects domain, one function per arrow (`<thing>_<verb>`, keyword-only, `acting_user`).

Order inside each: lock, check, change, save(update_fields), audit, emails on commit. Refusals raise
ProjectError with a French message for the person. Lock order: project, then gate, then the rest, so two
services never wait on each other crosswise. Import from here: `from projects import services`.
"""

from projects.services.chain import (
    commitment_confirm,
    commitment_deliver,
    commitment_pledge,
    commitments_withdraw_for_company,
    role_add,
    stakeholder_add,
    stakeholder_express_interest,
    stakeholder_invite,
)
from projects.services.gates import conflict_declare, gate_decide, gate_open, score_record
from projects.services.impact import (
    funding_record,
    indicator_add,
    indicator_value_record,
    project_follow,
    project_unfollow,
)
from projects.services.needs import (
    need_close,
    need_qualify,
    need_report,
    need_set_public,
    needs_group_into_project,
    project_open_from_needs,
)
from projects.services.projects import (
    holder_hand_over,
    project_archive,
    project_resume,
    project_set_published,
)

__all__ = [
    "commitment_confirm",
    "commitment_deliver",
    "commitment_pledge",
    "commitments_withdraw_for_company",
    "conflict_declare",
    "funding_record",
    "gate_decide",
    "gate_open",
    "holder_hand_over",
    "indicator_add",
    "indicator_value_record",
    "need_close",
    "need_qualify",
    "need_report",
    "need_set_public",
    "needs_group_into_project",
    "project_archive",
    "project_follow",
    "project_open_from_needs",
    "project_resume",
    "project_set_published",
    "project_unfollow",
    "role_add",
    "score_record",
    "stakeholder_add",
    "stakeholder_express_interest",
    "stakeholder_invite",
]
