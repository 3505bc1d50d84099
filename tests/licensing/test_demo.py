"""The demo loader shows every licence state and label decision, and runs twice without duplicates."""

import pytest
from django.core.management import call_command

from jura_portal.demo import load_people
from licensing.demo import load_licensing
from licensing.models import LogoLicense, ProductLabel
from members.demo import load_charter, load_companies

pytestmark = pytest.mark.django_db


def test_the_demo_shows_licences_in_several_states_and_labels_to_review():
    call_command("load_reference", verbosity=0)
    load_people()
    load_charter()
    load_companies()
    summary = load_licensing()
    statuses = set(LogoLicense.objects.values_list("status", flat=True))
    assert statuses == {"active", "suspended", "expired", "revoked"}
    assert set(ProductLabel.objects.values_list("status", flat=True)) == {"approved", "requested", "rejected"}
    counts = (LogoLicense.objects.count(), ProductLabel.objects.count())
    assert load_licensing() == summary
    assert (LogoLicense.objects.count(), ProductLabel.objects.count()) == counts
    assert "produits labellisés" in summary
