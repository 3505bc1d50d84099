"""How django-allauth fits the portal: its emails leave through our background task."""

from allauth.account.adapter import DefaultAccountAdapter

from jura_portal import emails


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        emails.enqueue_message(message)
