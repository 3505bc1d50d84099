"""Reads of the re-signing campaign that span companies and signatures (the admin and the job)."""

from datetime import date, timedelta

from django.conf import settings

from charter.models import CharterVersion
from charter.standing import charter_in_good_standing
from members.models import Application, Company


def applicants_to_resign(version: CharterVersion):
    """Companies whose application is under way and that signed an older version than `version`."""
    return (
        Company.objects.filter(
            status=Company.Status.APPLICANT,
            applications__status__in=Application.OPEN_STATUSES,
            signatures__isnull=False,
        )
        .exclude(signatures__version=version)
        .distinct()
    )


def unsigned_members(version: CharterVersion):
    """Active members that have not signed `version`."""
    return Company.objects.filter(status=Company.Status.ACTIVE).exclude(signatures__version=version)


def out_of_standing_members(today: date):
    """Active members whose signature no longer counts (charter.standing): to suspend."""
    return Company.objects.filter(status=Company.Status.ACTIVE).exclude(charter_in_good_standing(today))


def reminder_dates(version: CharterVersion) -> list[date]:
    """When the reminders of a campaign go out (for the staff's information)."""
    if version.signing_deadline is None:
        return []
    return [
        version.signing_deadline - timedelta(days=days)
        for days in sorted(settings.CHARTER_REMINDER_DAYS, reverse=True)
    ]
