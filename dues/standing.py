"""Whether a company's dues are in order: the directory's "listed" rule and the licence use it."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone


def dues_in_good_standing(today: date | None = None) -> Q:
    """A filter on Company: no unpaid (issued, not cancelled) invoice past its due date plus the grace period."""
    from dues.models import Invoice

    today = today or timezone.localdate()
    limit = today - timedelta(days=settings.DUES_GRACE_DAYS)
    overdue = Invoice.objects.filter(company=OuterRef("pk"), status=Invoice.Status.ISSUED, due_on__lt=limit)
    return Q(~Exists(overdue))
