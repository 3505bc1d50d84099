"""Whether a company's charter signature is in good standing: the one charter part of "listed".

A new version never removes anyone before its deadline. A signature of version N counts as
long as every version published after N is still in its re-signing campaign (its deadline not
passed: the deadline day itself is still a day to sign). So, during the campaign of version
N+1, the signers of N stay listed and licensed; from the day after its deadline, only the
signers of N+1 do (`charter_campaign` suspends the others that morning). A version published
without a deadline (never through the admin) asks everyone at once.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from charter.models import CharterVersion, Signature


def charter_in_good_standing(today: date | None = None) -> Q:
    """A filter on Company: it signed a published version whose signature still counts on `today`."""
    today = today or timezone.localdate()
    closed = (
        CharterVersion.objects.published()
        .filter(Q(signing_deadline__isnull=True) | Q(signing_deadline__lt=today))
        .order_by("-number")
        .values("number")[:1]
    )
    floor = Coalesce(Subquery(closed), 0)
    signed = Signature.objects.filter(
        company=OuterRef("pk"),
        version__published_at__isnull=False,
        version__published_at__lte=timezone.now(),
        version__number__gte=floor,
    )
    return Q(Exists(signed))
