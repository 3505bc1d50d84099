"""The export and the erasure reach each app's personal data through its AppConfig
(`personal_data = "<app>.privacy"`, core.personal_data), the members app importing none of them."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from members import privacy
from offers.models import Offer
from tests.factories.directory import listed_company
from tests.factories.members import UserFactory, owner_of

pytestmark = pytest.mark.django_db


def exported(user) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(privacy.personal_data_export(user=user)))
    return json.loads(archive.read("donnees.json"))


def offer(company, author, title: str) -> Offer:
    return Offer.objects.create(
        company=company,
        created_by=author,
        title=title,
        description="Un coffret de comté 18 mois pour vos clients.",
        valid_until=timezone.localdate() + timedelta(days=30),
    )


def test_every_app_holding_personal_data_declares_its_module_on_its_app_config():
    declared = {
        config.label: config.personal_data
        for config in apps.get_app_configs()
        if getattr(config, "personal_data", None)
    }

    assert declared == {
        "charter": "charter.privacy",
        "dues": "dues.privacy",
        "directory": "directory.privacy",
        "licensing": "licensing.privacy",
        "events": "events.privacy",
        "offers": "offers.privacy",
    }


def test_the_export_holds_the_owned_companys_offers_and_listing_choices_beside_its_own_fields():
    company = listed_company("Fromagerie Vermot")
    owner = owner_of(company)
    offer(company, owner, "Coffret de Noël")

    data = exported(owner)

    assert [row["title"] for row in data["offres"]] == ["Coffret de Noël"]
    assert data["entreprise"]["legal_name"] == "Fromagerie Vermot SARL"  # members' part, kept
    assert data["entreprise"]["annuaire"]["is_listed"] is True  # the directory's, merged into it


def test_a_representative_exports_the_offers_they_wrote_but_not_the_companys_listing():
    company = listed_company("Fromagerie Vermot")
    colleague = UserFactory()
    company.roles.create(user=colleague, role="representative")
    offer(company, colleague, "Plateau de fromages")
    offer(company, owner_of(company), "Coffret de Noël")

    data = exported(colleague)

    assert [row["title"] for row in data["offres"]] == ["Plateau de fromages"]
    assert "entreprise" not in data


def test_erasure_removes_the_person_as_author_of_the_offers_they_wrote(staff):
    company = listed_company("Fromagerie Vermot")
    colleague = UserFactory()
    company.roles.create(user=colleague, role="representative")
    written = offer(company, colleague, "Plateau de fromages")

    summary = privacy.user_erase(user=colleague, acting_user=staff)

    written.refresh_from_db()
    assert written.created_by is None and written.company == company
    assert summary["registrations_anonymised"] == 0  # the events' part ran too
