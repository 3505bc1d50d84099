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
        "projects": "projects.privacy",
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


def test_the_export_holds_the_needs_a_person_reported_and_the_projects_they_follow(staff):
    from projects.models import Follower
    from tests.factories.projects import project_in, reported_need

    citizen = UserFactory()
    reported_need(author=citizen, title="Réemploi des bouteilles du Revermont")
    project = project_in(staff=staff, title="Bouteilles consignées du Jura")
    Follower.objects.create(project=project, email=citizen.email)

    data = exported(citizen)

    assert [need["title"] for need in data["besoins_signales"]] == ["Réemploi des bouteilles du Revermont"]
    assert [(follow["projet"], follow["email"]) for follow in data["projets_suivis"]] == [
        ("Bouteilles consignées du Jura", citizen.email)
    ]


def test_erasing_a_person_keeps_the_territorys_need_without_its_author_and_stops_every_project_news(staff):
    from projects.models import Follower, Need
    from tests.factories.projects import project_in, reported_need

    citizen = UserFactory()
    need = reported_need(author=citizen)
    project = project_in(staff=staff)
    Follower.objects.create(project=project, user=citizen, email=citizen.email)
    other = project_in(staff=staff)
    Follower.objects.create(project=other, email=citizen.email.upper())  # followed before signing in

    privacy.user_erase(user=citizen, acting_user=staff)

    need.refresh_from_db()
    assert need.author is None
    assert Need.objects.filter(pk=need.pk).exists()
    assert not Follower.objects.filter(project__in=[project, other]).exists()
