"""Collective projects: territory needs, projects and their phases, gates, the value chain, impact and funding.

Split by theme (each module under ~200 lines); import from `projects.models` only.
"""

from projects.models.chain import Commitment, Role, Stakeholder, Unit
from projects.models.gates import ConflictDeclaration, Gate, GateCriterion, Score
from projects.models.impact import Follower, Funding, Indicator, IndicatorValue
from projects.models.needs import Need
from projects.models.projects import PHASE_SEQUENCE, Phase, PhaseName, Project

__all__ = [
    "PHASE_SEQUENCE",
    "Commitment",
    "ConflictDeclaration",
    "Follower",
    "Funding",
    "Gate",
    "GateCriterion",
    "Indicator",
    "IndicatorValue",
    "Need",
    "Phase",
    "PhaseName",
    "Project",
    "Role",
    "Score",
    "Stakeholder",
    "Unit",
]
