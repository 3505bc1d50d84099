"""The collective projects' part of a person's data (core.personal_data): the needs they reported
(with their supporting document) and the projects whose news they follow.

On erasure a reported need stays (it is the territory's, and may have become a project) without its
author; the person's follows, by account or by address, are deleted: no news reaches them again.
"""

from django.db.models import Q

from core.personal_data import Archive, row
from projects.models import Follower, Need


def export(user, *, company, archive: Archive) -> dict:
    needs = Need.objects.filter(author=user).order_by("pk")
    follows = (
        Follower.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .select_related("project")
        .order_by("followed_at")
    )
    return {
        "besoins_signales": [
            {
                **row(need, exclude=("evidence_document",)),
                "document_fichier": archive.add_file(need.evidence_document, "besoins"),
            }
            for need in needs
        ],
        "projets_suivis": [
            {"projet": follow.project.title, "email": follow.email, "suivi_depuis": follow.followed_at}
            for follow in follows
        ],
    }


def erase(user) -> dict:
    follows, _by_kind = Follower.objects.filter(Q(user=user) | Q(email__iexact=user.email)).delete()
    needs = Need.objects.filter(author=user).update(author=None)
    return {"projects_needs_unlinked": needs, "projects_follows_deleted": follows}
