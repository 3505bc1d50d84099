"""A charter revision as the association lives it: staff publish version 2 in the admin, the directory keeps
its members, one member re-signs from its space, and the day after the deadline the one who did not leaves."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from tests.browser import enter_second_factor, screenshot
from tests.factories.charter import CharterVersionFactory
from tests.factories.directory import listed_company
from tests.factories.members import owner_of


@pytest.fixture
def network(transactional_db):
    CharterVersionFactory(number=1, title="Charte qualité et éthique")
    draft = CharterVersionFactory(
        number=2,
        title="Charte qualité et éthique 2027",
        changes="Un engagement nouveau : des emballages recyclables.",
        published_at=None,
    )
    fruitiere = listed_company("Fruitière d'Arbois", trades=("Fromagerie",))
    listed_company("Menuiserie Jeunet", trades=("Menuiserie",))
    return draft, fruitiere


def log_in(page, email: str, password: str) -> None:
    page.goto(reverse("account_login"))
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_a_new_version_keeps_the_directory_until_its_deadline(
    browser: Browser, live_server, network, staff, password
):
    draft, fruitiere = network
    deadline = timezone.localdate() + timedelta(days=30)
    contexts = [browser.new_context(locale="fr-FR", base_url=live_server.url) for _ in range(3)]
    admin, member, public = (context.new_page() for context in contexts)
    try:
        public.goto(reverse("directory:list"))
        expect(public.get_by_role("heading", name="2 entreprises")).to_be_visible()

        # Staff publish version 2 from its admin page.
        log_in(admin, staff.email, password)
        enter_second_factor(admin)
        admin.goto(reverse("admin:charter_charterversion_change", args=[draft.pk]))
        admin.get_by_role("link", name="Publier cette version").click()
        expect(admin.get_by_role("main")).to_contain_text("la publication ne retire personne")
        admin.get_by_label("Date limite de signature").fill(deadline.isoformat())
        admin.get_by_role("button", name="Publier cette version").click()
        expect(admin.get_by_text("Version 2 publiée")).to_be_visible()

        # The directory keeps both members.
        public.reload()
        expect(public.get_by_role("heading", name="2 entreprises")).to_be_visible()

        # The Fruitière re-signs from its space.
        log_in(member, owner_of(fruitiere).email, password)
        member.goto(reverse("members:space"))
        banner = member.get_by_role(
            "region", name="Une nouvelle version de la charte (version 2) est à signer"
        )
        expect(banner).to_contain_text("reste dans l'annuaire")
        screenshot(member, "charter-revision-space")
        banner.get_by_role("link", name="Lire et signer la charte").click()
        member.get_by_label("J'ai lu la charte et j'engage mon entreprise à la respecter.").check()
        member.get_by_label("Votre nom complet").fill("Camille Vuillet")
        member.get_by_role("button", name="Signer la charte").click()
        expect(member.get_by_text("la charte (version 2) est signée")).to_be_visible()

        # The day after the deadline, the daily jobs run: only the Fruitière is left.
        with time_machine.travel(deadline + timedelta(days=1)):
            call_command("charter_campaign")
            call_command("directory_reindex", "--public-only")
            public.reload()
            expect(public.get_by_role("heading", name="1 entreprise")).to_be_visible()
            main = public.get_by_role("main")
            expect(main.get_by_role("link", name="Fruitière d'Arbois")).to_be_visible()
            expect(main).not_to_contain_text("Menuiserie Jeunet")
            screenshot(public, "charter-revision-directory-after-deadline")
    finally:
        for context in contexts:
            context.close()
