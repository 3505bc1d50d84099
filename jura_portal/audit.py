"""Write and read the audit trail. Every state change of every app goes through `record`."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from jura_portal.models import AuditEntry


def record(
    actor: Any,
    action: str,
    target: models.Model | None = None,
    *,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    details: dict | None = None,
) -> AuditEntry:
    """Record that `actor` (a user, or None for the system) did `action` to `target`."""
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_person else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        from_state=str(from_state),
        to_state=str(to_state),
        comment=comment,
        details=details or {},
    )


def history(target: models.Model) -> models.QuerySet[AuditEntry]:
    """The entries about `target`, newest first, with their authors."""
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
