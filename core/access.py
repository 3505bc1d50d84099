"""Who may open a page of the member's space.

`request.company` (set by members' middleware) is the company the signed-in person acts for.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

ACTIVE = "active"  # Company.Status.ACTIVE, named here so that core imports no domain app


def company_required(view):
    """Signed in and acting for a company; without one, the space's home explains what to do."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.company:
            return redirect("members:space")
        return view(request, *args, **kwargs)

    return wrapper


def is_active_member(company) -> bool:
    """The rule "an active member may use this", written once."""
    # request.company is a lazy object: "no company" is a falsy wrapper around None, never None itself.
    return bool(company) and company.status == ACTIVE


def inactive_reason(company) -> str:
    """Why a company that is not an active member is refused, in plain French."""
    if not company:
        return _(
            "Votre compte n'est rattaché à aucune entreprise : déposez une demande d'adhésion, "
            "ou demandez au responsable de votre entreprise de vous inviter."
        )
    reasons = {
        "applicant": _(
            "Cette page est réservée aux entreprises adhérentes. Votre demande d'adhésion n'est pas "
            "encore acceptée : vous y aurez accès dès votre entrée dans le réseau."
        ),
        "lapsed": _(
            "Votre cotisation n'est pas réglée : cette page vous sera de nouveau ouverte dès son "
            "paiement, depuis votre espace."
        ),
        "suspended": _(
            "L'adhésion de votre entreprise est suspendue : cette page vous sera de nouveau ouverte "
            "à la levée de la suspension."
        ),
    }
    return reasons.get(
        company.status, _("Cette page est réservée aux entreprises adhérentes de Made in Jura.")
    )


def active_member_required(view):
    """Signed in and acting for an active member company; otherwise a 403 page that says why."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_active_member(request.company):
            return render(
                request, "core/members_only.html", {"reason": inactive_reason(request.company)}, status=403
            )
        return view(request, *args, **kwargs)

    return wrapper
