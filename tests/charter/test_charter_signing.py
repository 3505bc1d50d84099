"""Signing the charter at /charte/signer/: the proof kept, the refusals, where the signer lands."""

import pytest
from django.urls import reverse

from charter.models import Signature
from charter.services import charter_sign
from members.models import Company
from tests.factories.charter import CharterVersionFactory, SignatureFactory
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Android 14; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0"


def sign(client, version, full_name="Camille Vuillet", commitment=True, **extra):
    data = {"version": version.number, "full_name": full_name}
    if commitment:
        data["commitment"] = "on"
    data.update(extra.pop("data", {}))
    return client.post(
        reverse("charter:sign"), data, HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="198.51.100.23", **extra
    )


def test_signing_asks_to_log_in_first(client):
    CharterVersionFactory(number=1)

    response = client.get(reverse("charter:sign"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_page_shows_the_current_text_the_changes_and_the_form(client, member):
    CharterVersionFactory(number=1, title="Première charte")
    CharterVersionFactory(
        number=2, title="Charte révisée", changes="L'article 3 parle désormais des emballages."
    )
    client.force_login(member)

    page = client.get(reverse("charter:sign")).content.decode()

    assert "Charte révisée" in page
    assert "Ce qui change depuis la version 1" in page
    assert "désormais des emballages" in page
    assert "J&#x27;ai lu la charte et j&#x27;engage mon entreprise à la respecter." in page
    assert 'name="full_name"' in page


def test_signing_records_the_version_the_fingerprint_the_signer_the_address_and_the_browser(
    client, member_company, member
):
    version = CharterVersionFactory(number=1)
    client.force_login(member)

    response = sign(client, version, full_name="  Camille   Vuillet ")

    assert response.status_code == 302
    assert response["Location"] == reverse("members:space")
    signature = Signature.objects.get(company=member_company)
    assert signature.version == version
    assert signature.text_sha256 == version.text_sha256
    assert signature.signer == member
    assert signature.full_name == "Camille Vuillet"
    assert signature.ip_address == "198.51.100.23"
    assert signature.user_agent == FIREFOX


def test_signing_says_thank_you_on_the_next_page(client, member):
    version = CharterVersionFactory(number=1)
    client.force_login(member)

    response = sign(client, version)

    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("la charte (version 1) est signée" in message for message in messages)


def test_signing_refuses_without_the_commitment_and_keeps_the_name_typed(client, member_company, member):
    version = CharterVersionFactory(number=1)
    client.force_login(member)

    response = sign(client, version, full_name="Camille Vuillet", commitment=False)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Cochez cette case pour signer la charte." in page
    assert 'value="Camille Vuillet"' in page
    assert not Signature.objects.exists()


def test_signing_refuses_an_empty_name(client, member):
    version = CharterVersionFactory(number=1)
    client.force_login(member)

    response = sign(client, version, full_name="   ")

    assert "Saisissez votre nom complet pour signer." in response.content.decode()
    assert not Signature.objects.exists()


def test_a_company_that_signed_sees_its_signature_and_its_receipt_instead_of_the_form(
    client, member_company, member
):
    version = CharterVersionFactory(number=1)
    signature = SignatureFactory(company=member_company, version=version, full_name="Camille Vuillet")
    client.force_login(member)

    page = client.get(reverse("charter:sign")).content.decode()

    assert "sous le nom de Camille Vuillet" in page
    assert reverse("charter:receipt", args=[signature.pk]) in page
    assert 'name="full_name"' not in page


def test_signing_twice_is_refused(client, member_company, member):
    version = CharterVersionFactory(number=1)
    SignatureFactory(company=member_company, version=version)
    client.force_login(member)

    sign(client, version)

    assert Signature.objects.filter(company=member_company).count() == 1


def test_the_service_refuses_a_second_signature_of_the_same_version(member_company, member):
    from charter.errors import CharterError

    version = CharterVersionFactory(number=1)
    charter_sign(
        company=member_company,
        version=version,
        acting_user=member,
        full_name="A B",
        ip_address=None,
        user_agent="",
    )

    with pytest.raises(CharterError, match="déjà signé"):
        charter_sign(
            company=member_company,
            version=version,
            acting_user=member,
            full_name="A B",
            ip_address=None,
            user_agent="",
        )


def test_signing_a_version_that_was_replaced_meanwhile_is_refused_and_nothing_typed_is_lost(
    client, member_company, member
):
    old = CharterVersionFactory(number=1)
    CharterVersionFactory(number=2, title="Charte révisée")
    client.force_login(member)

    # The page was read while v1 was current; v2 came out before the click.
    response = sign(client, old, full_name="Camille Vuillet")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Une version plus récente de la charte a été publiée" in page
    assert 'value="Camille Vuillet"' in page
    assert 'name="version" value="2"' in page
    assert not Signature.objects.exists()


def test_a_person_without_a_company_is_told_to_apply_first(client, verified_user):
    version = CharterVersionFactory(number=1)
    client.force_login(verified_user)

    page = client.get(reverse("charter:sign")).content.decode()
    response = sign(client, version)

    assert "votre compte doit représenter une entreprise" in page
    assert reverse("members:apply") in page
    assert response.status_code == 200
    assert not Signature.objects.exists()


def test_nothing_to_sign_when_no_version_is_published(client, member):
    CharterVersionFactory(number=1, published_at=None)
    client.force_login(member)

    page = client.get(reverse("charter:sign")).content.decode()

    assert "il n'y a rien à signer" in page


def test_the_signer_goes_back_to_a_safe_next_page(client, member):
    version = CharterVersionFactory(number=1)
    client.force_login(member)
    target = reverse("charter:current")

    response = sign(client, version, data={"next": target})

    assert response["Location"] == target


def test_an_outside_next_page_is_ignored(client, member):
    version = CharterVersionFactory(number=1)
    client.force_login(member)

    response = sign(client, version, data={"next": "https://evil.example/"})

    assert response["Location"] == reverse("members:space")


def test_a_forged_forwarded_address_is_ignored_when_not_behind_a_proxy(
    client, member_company, member, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    version = CharterVersionFactory(number=1)
    client.force_login(member)

    sign(client, version, HTTP_X_FORWARDED_FOR="10.9.8.7")

    assert Signature.objects.get(company=member_company).ip_address == "198.51.100.23"


def test_behind_a_proxy_the_address_the_proxy_saw_is_kept_not_the_forged_one(
    client, member_company, member, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    version = CharterVersionFactory(number=1)
    client.force_login(member)

    # The client typed "X-Forwarded-For: 10.9.8.7"; the proxy appended the address it was reached from.
    sign(client, version, HTTP_X_FORWARDED_FOR="10.9.8.7, 2001:db8::5")

    assert Signature.objects.get(company=member_company).ip_address == "2001:db8::5"


def test_signing_lifts_a_suspension_for_the_charter(client, member_company, member):
    version = CharterVersionFactory(number=1)
    Company.objects.filter(pk=member_company.pk).update(
        status=Company.Status.SUSPENDED, suspended_for_charter=True
    )
    client.force_login(member)

    page = client.get(reverse("charter:sign")).content.decode()
    sign(client, version)

    assert "suspendue faute de signature" in page
    member_company.refresh_from_db()
    assert member_company.status == Company.Status.ACTIVE
    assert member_company.suspended_for_charter is False


def test_a_representative_signs_for_the_company_too(client, member_company):
    from members.models import CompanyRole

    colleague = UserFactory()
    CompanyRole.objects.create(company=member_company, user=colleague, role=CompanyRole.Role.REPRESENTATIVE)
    version = CharterVersionFactory(number=1)
    client.force_login(colleague)

    sign(client, version)

    assert Signature.objects.get(company=member_company).signer == colleague
