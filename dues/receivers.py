"""The dues follow the member: a new member receives its first invoice, a company that leaves owes
nothing for the years it will not be a member.

Runs inside the transaction that changed the company's status (members.signals).
"""

from django.dispatch import receiver

from dues import services
from members.models import Company
from members.signals import company_status_changed


@receiver(company_status_changed, dispatch_uid="dues.first_invoice_for_new_members")
def first_invoice_for_new_members(sender, *, company: Company, previous: str, actor=None, **kwargs) -> None:
    """Acceptance (an applicant becomes active): the first invoice, in the acceptance transaction."""
    if previous == Company.Status.APPLICANT and company.status == Company.Status.ACTIVE:
        services.invoice_issue_first(company=company, acting_user=actor)


@receiver(company_status_changed, dispatch_uid="dues.cancel_dues_of_years_not_started")
def cancel_dues_of_years_not_started(
    sender, *, company: Company, previous: str, actor=None, **kwargs
) -> None:
    if company.status in (Company.Status.RESIGNED, Company.Status.EXCLUDED):
        services.invoices_cancel_on_leaving(company=company, acting_user=actor)
