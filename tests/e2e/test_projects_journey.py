"""From a territory's need to a project on /projets/: a citizen reports a need, staff qualify it and open
a project in the admin, a matched member company pledges pallet space from its space, the committee
decides Go at the opportunity gate with the criteria met, and the public reads the project with its
roles and its impact chart. The new pages pass axe-core."""

import re
from datetime import date
from decimal import Decimal

from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from core.groups import ensure_groups
from projects import services
from projects.models import Commitment, Gate, Need, Phase, Project, Unit
from tests.browser import enter_second_factor, screenshot
from tests.factories.directory import listed_company
from tests.factories.members import owner_of
from tests.factories.projects import committee, dole, scored_gate
from tests.factories.reference import sector


def log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Courriel").fill(email)
    page.get_by_label(re.compile(r"Mot de passe\W*$")).fill(password)
    page.get_by_role("button", name="Se connecter").click()


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def new_page(browser, live_server) -> Page:
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_a_citizen_s_need_becomes_a_project_a_member_pledges_and_the_committee_says_go(
    browser, live_server, verified_user, password
):
    ensure_groups()
    place = dole()
    logistics = sector("Transport et logistique")
    haulier = listed_company("Transports Jeunet", trades=("Transport et logistique",), place=place)
    members = committee(3)
    chair = members[0]
    EmailAddress.objects.create(user=chair, email=chair.email, verified=True, primary=True)

    # A citizen reports the need.
    citizen = new_page(browser, live_server)
    citizen.goto(reverse("projects:list"))
    citizen.get_by_role("link", name="Signaler un besoin du territoire").click()
    log_in(citizen, verified_user.email, password)
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Signaler un besoin du territoire")
    assert_accessible(citizen)
    citizen.get_by_label("Le besoin en une phrase").fill(
        "Les bouteilles de vin partent à la refonte à 200 km"
    )
    citizen.get_by_label("Décrivez le besoin").fill(
        "Dix millions de bouteilles par an, 70 % bues dans le Jura."
    )
    citizen.get_by_label("Commune concernée").fill("Dole")
    citizen.get_by_label("Transport et logistique").check()
    citizen.get_by_role("button", name="Envoyer le besoin").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Mes besoins signalés")
    expect(citizen.get_by_text("en cours d'examen par l'équipe projets")).to_be_visible()
    assert_accessible(citizen)
    need = Need.objects.get()

    # Staff qualify it and open a project, in the admin.
    staff = new_page(browser, live_server)
    staff.goto(reverse("admin:projects_need_change", args=[need.pk]))
    log_in(staff, chair.email, password)
    enter_second_factor(staff)
    staff.goto(reverse("admin:projects_need_change", args=[need.pk]))
    staff.get_by_role("link", name="Qualifier (recevable)").click()
    staff.get_by_role("button", name="Qualifier (recevable)").click()
    expect(staff.get_by_text("est qualifié")).to_be_visible()
    staff.goto(reverse("admin:projects_need_changelist"))
    staff.locator("input[name=_selected_action]").first.check()
    staff.locator("select[name=action]").select_option(
        label="Ouvrir un projet à partir des besoins sélectionnés"
    )
    staff.get_by_role("button", name="Exécuter").click()
    staff.get_by_label("Titre du projet").fill("Réemploi des bouteilles du Jura")
    staff.get_by_role("button", name="Ouvrir un projet").click()
    expect(staff.get_by_text("Projet « Réemploi des bouteilles du Jura » ouvert")).to_be_visible()

    # The diagnosis passed (as staff record it), the value chain defined, the project published.
    project = Project.objects.get()
    Project.objects.filter(pk=project.pk).update(phase=Phase.OPPORTUNITY, commune=place, epci=place.epci)
    project.refresh_from_db()
    storage = services.role_add(
        project=project,
        acting_user=chair,
        name="Stockage",
        is_critical=True,
        trades=[logistics],
        commune=place,
        quantity_sought=Decimal(20),
        unit=Unit.PALLET_PLACES,
    )
    services.role_add(project=project, acting_user=chair, name="Lavage des bouteilles")
    services.project_set_published(project=project, acting_user=chair, is_published=True)

    # The member company is matched in its space and pledges pallet places.
    member = new_page(browser, live_server)
    member.goto(reverse("members:space"))
    log_in(member, owner_of(haulier).email, password)
    card = member.get_by_role("region", name="Projets collectifs qui cherchent des partenaires comme vous")
    expect(card).to_contain_text("Réemploi des bouteilles du Jura")
    expect(card).to_contain_text("20 places de palettes à Dole")
    card.get_by_role("link", name="Proposer votre aide, voir vos engagements").click()
    assert_accessible(member)
    member.get_by_role("link", name="Proposer un engagement — Réemploi des bouteilles du Jura").click()
    expect(member.get_by_label("Pour quel rôle ?")).to_have_value(str(storage.pk))
    member.get_by_label("espace").check()
    member.get_by_label("Combien ?").fill("20")
    member.get_by_label("Unité").select_option(label="places de palettes")
    member.get_by_label("Précision (facultatif)").fill("Entrepôt de Dole")
    assert_accessible(member)
    member.get_by_role("button", name="Enregistrer ma proposition").click()
    expect(member.get_by_text("Votre engagement est enregistré comme promis")).to_be_visible()
    expect(member.get_by_role("table")).to_contain_text("20 places de palettes (Entrepôt de Dole)")
    pledged = Commitment.objects.get()
    assert (pledged.stakeholder.company, pledged.status) == (haulier, "pledged")

    # Staff confirm the pledge; the committee scores the opportunity gate and decides Go from its page.
    services.commitment_confirm(commitment=pledged, acting_user=chair)
    gate = scored_gate(project, members)
    staff.goto(reverse("admin:projects_gate_change", args=[gate.pk]))
    staff.get_by_label("Go", exact=True).check()
    staff.get_by_label("Motivation").fill("La chaîne tient : stockage couvert, lavage en vue.")
    staff.get_by_label("Résumé public").fill("Go : la filière de réemploi passe à l'étude de faisabilité.")
    staff.get_by_label("Note interne du comité").fill("Vérifier la trésorerie du laveur.")
    staff.get_by_role("button", name="Décider").click()
    gate.refresh_from_db()
    assert (gate.status, gate.outcome) == (Gate.Status.DECIDED, "go")

    # Impact recorded by staff; the public reads the project, its roles and its chart.
    bottles = services.indicator_add(
        project=project,
        acting_user=chair,
        name="Bouteilles réemployées",
        unit="bouteilles",
        target=Decimal(500_000),
    )
    for month, value in ((1, 40_000), (2, 55_000), (3, 70_000)):
        services.indicator_value_record(
            indicator=bottles, acting_user=chair, period=date(2026, month, 1), value=Decimal(value)
        )
    visitor = new_page(browser, live_server)
    visitor.goto(reverse("projects:list"))
    projects = visitor.get_by_role("region", name="Projets en cours")
    expect(projects).to_contain_text("Réemploi des bouteilles du Jura")
    expect(projects).to_contain_text("On cherche : Lavage des bouteilles")
    expect(visitor.get_by_role("region", name="Les dernières décisions")).to_contain_text(
        "Go : la filière de réemploi"
    )
    expect(visitor.get_by_role("region", name="L'impact à ce jour")).to_contain_text(
        re.compile(r"70\W000 bouteilles")
    )
    assert_accessible(visitor)
    projects.get_by_role("link", name="Réemploi des bouteilles du Jura").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Réemploi des bouteilles du Jura")
    expect(visitor.locator('[aria-current="step"]')).to_contain_text("Faisabilité et porteur de projet")
    expect(visitor.get_by_role("img", name="Bouteilles réemployées (bouteilles)")).to_be_visible()
    expect(visitor.get_by_role("region", name="La chaîne de valeur")).to_contain_text(
        "20 / 20 places de palettes"
    )
    assert "trésorerie du laveur" not in visitor.content()
    visitor.get_by_text("Voir les chiffres").click()
    expect(visitor.get_by_role("table", name="Bouteilles réemployées (bouteilles)")).to_be_visible()
    screenshot(visitor, "projects-detail")
    assert_accessible(visitor)
