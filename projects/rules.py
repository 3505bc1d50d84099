"""The committee's rules, in one place: who sits, what makes a quorum, what a Go needs.

- The committee is the staff group PROJECTS_COMMITTEE (« Comité projets »); only its members declare
  conflicts, score and decide. Its local-authority representatives are the members who are also in
  LOCAL_AUTHORITY_SEATS (« Comité projets — collectivités »), a group with no permission of its own.
- Quorum: at least GATE_QUORUM committee members have scored every criterion of the gate, and at least
  one of them holds a local-authority seat (the Émergence committee: entrepreneurs + one local authority).
  A member who declared a conflict cannot score, so never counts.
- Go needs each must-meet criterion's mean score at or above MUST_MEET_THRESHOLD (out of 5); at the
  opportunity gate every critical role a confirmed (or delivered) commitment; at the feasibility gate a
  project holder (holder_hand_over).
"""

from django.conf import settings

from core.groups import PROJECTS_COMMITTEE

LOCAL_AUTHORITY_SEATS = "Comité projets — collectivités"

GATE_QUORUM: int = getattr(settings, "PROJECTS_GATE_QUORUM", 3)
MUST_MEET_THRESHOLD: int = getattr(settings, "PROJECTS_MUST_MEET_THRESHOLD", 3)
SCORE_MAX = 5

# The cooperative's target funding mix (percent per source), shown on the funding dashboard.
FUNDING_TARGET_PERCENT: dict[str, int] = getattr(
    settings,
    "PROJECTS_FUNDING_TARGET_PERCENT",
    {"public_subsidy": 40, "services_sold": 40, "members_partners": 20},
)

__all__ = ["LOCAL_AUTHORITY_SEATS", "PROJECTS_COMMITTEE"]


def is_committee_member(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_staff:
        return False
    return user.groups.filter(name=PROJECTS_COMMITTEE).exists()
