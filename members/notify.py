"""Writing to a company: the one way every app emails a member or applicant company.

The recipients are the people who act for it (`Company.contact_emails`: its owner first, then its
representatives); the message is one of the templated emails (`emails/<name>-subject.txt`...), sent
after commit by a background task.
"""

from jura_portal import emails
from members.models import Company


def email_company(company: Company, name: str, context: dict | None = None) -> bool:
    """Email `name` to the company's owner and representatives; False when nobody acts for it.

    The template finds the company as `company`, next to the given context.
    """
    recipients = company.contact_emails()
    if recipients:
        emails.send_templated(name, to=recipients, context={"company": company, **(context or {})})
    return bool(recipients)
