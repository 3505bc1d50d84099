from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from members.models import Application, Company


@pytest.fixture
def reference(db):
    call_command("load_reference", stdout=StringIO())


def test_the_demo_data_covers_every_membership_and_application_state(reference, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())

    assert set(Company.objects.values_list("status", flat=True)) == set(Company.Status.values)
    application_states = set(Application.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "in_review", "info_requested", "accepted"} <= application_states
    assert Company.objects.exclude(member_number=None).count() >= 10


def test_loading_the_demo_twice_changes_nothing(reference, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    before = (Company.objects.count(), Application.objects.count())

    out = StringIO()
    call_command("load_demo", stdout=out)

    assert (Company.objects.count(), Application.objects.count()) == before
    assert "(0 nouvelles)" in out.getvalue()


def test_the_demo_is_refused_in_production_mode(reference, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("load_demo", stdout=StringIO())
