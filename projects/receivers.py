"""What the projects do when something happens elsewhere in the portal."""

from django.dispatch import receiver

from members.models import Company
from members.signals import company_status_changed
from projects.services.chain import LEFT_THE_NETWORK, commitments_withdraw_for_company


@receiver(company_status_changed, dispatch_uid="projects-company-left")
def withdraw_pledges_of_a_company_that_left(sender, company: Company, previous: str, actor, **kwargs) -> None:
    """A member company resigned or was excluded: its pledges not yet confirmed are withdrawn (in the same
    transaction as the status). Matching already leaves it out (it reads the listed companies only)."""
    if company.status in LEFT_THE_NETWORK and previous not in LEFT_THE_NETWORK:
        commitments_withdraw_for_company(company=company, acting_user=actor)
