"""Staff read an offer's history in the admin in French, never as the codes the audit stores."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from offers import services
from tests.factories.members import company_of
from tests.factories.offers import OfferFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def test_the_offer_history_in_the_admin_shows_french_labels(client, staff, member):
    offer = OfferFactory(company=company_of(member))
    services.offer_hide(offer=offer, acting_user=staff, reason="Prix non indiqué.")
    services.offer_restore(offer=offer, acting_user=staff)
    client.force_login(staff)

    page = page_text(client.get(reverse("admin:offers_offer_change", args=[offer.pk])))

    assert "Offre masquée par l'équipe" in page
    assert "Offre rétablie par l'équipe" in page
    assert "offer.hidden" not in page and "offer.restored" not in page


@pytest.mark.parametrize("app_label", ["events", "offers"])
def test_every_action_an_app_records_has_a_french_label_on_its_app_config(app_label):
    config = apps.get_app_config(app_label)
    source = "\n".join(path.read_text() for path in Path(config.path).rglob("*.py") if path.name != "apps.py")
    recorded = set(re.findall(r'"((?:event|registration|speeddating|offer)\.[a-z_]+)"', source))

    assert recorded  # the pattern still finds what the services record
    assert recorded <= set(config.audit_labels)
