"""Charter versions and signatures."""

from datetime import timedelta

import factory
from django.utils import timezone

from charter import services
from charter.models import CharterVersion, Signature


class CharterVersionFactory(factory.django.DjangoModelFactory):
    """A published version by default; `published_at=None` makes a draft."""

    class Meta:
        model = CharterVersion

    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"Charte qualité et éthique {o.number}")
    body = factory.LazyAttribute(
        lambda o: (
            f"## Nos engagements (version {o.number})\n\n"
            "1. Des produits de qualité, fabriqués dans le Jura.\n"
            "2. Le respect des salariés, des fournisseurs et des clients.\n"
            "3. Ne pas délocaliser notre production.\n\n"
            "Nous privilégions les **fournisseurs locaux**."
        )
    )
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))


def _owner(company):
    from tests.factories.members import owner_of

    return owner_of(company)


class SignatureFactory(factory.django.DjangoModelFactory):
    """A signature row, written directly (no email, no audit): the company signed long ago."""

    class Meta:
        model = Signature

    company = factory.SubFactory("tests.factories.members.CompanyFactory")
    version = factory.SubFactory(CharterVersionFactory)
    signer = factory.LazyAttribute(lambda o: _owner(o.company))
    full_name = factory.LazyAttribute(lambda o: o.signer.get_full_name() or "Camille Vuillet")
    text_sha256 = factory.LazyAttribute(lambda o: o.version.text_sha256)
    ip_address = "203.0.113.7"
    user_agent = "Mozilla/5.0 (Linux; Android 14) Firefox/140.0"


def current_charter() -> CharterVersion:
    """The version in force; version 1 is published first when there is none."""
    return CharterVersion.objects.current() or CharterVersionFactory(
        number=1, title="Charte qualité et éthique"
    )


def sign_current(company) -> Signature:
    """`company` has signed the version in force (a row, as if long ago)."""
    version = current_charter()
    return Signature.objects.filter(company=company, version=version).first() or SignatureFactory(
        company=company, version=version, full_name="Camille Vuillet"
    )


def publish_charter(staff, number: int, *, deadline_days: int = 30) -> CharterVersion:
    """Staff publish version `number`: the members have `deadline_days` to sign it."""
    version = CharterVersion.objects.create(
        number=number, title=f"Charte Made in Jura v{number}", body=f"# Charte\n\nVersion {number}."
    )
    return services.charter_publish(
        version=version,
        acting_user=staff,
        signing_deadline=timezone.localdate() + timedelta(days=deadline_days),
    )


def sign(company, user) -> None:
    """`user` signs the version in force for `company`, through the service."""
    services.charter_sign(
        company=company,
        version=CharterVersion.objects.current(),
        acting_user=user,
        full_name=user.get_full_name() or user.email,
        ip_address="127.0.0.1",
        user_agent="tests",
    )
