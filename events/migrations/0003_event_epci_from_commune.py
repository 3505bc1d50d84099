"""An event's intercommunality is its commune's: align the events where the two were typed apart."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def epci_from_commune(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Commune = apps.get_model("members", "Commune")
    Event.objects.filter(commune__isnull=False).update(
        epci_id=Subquery(Commune.objects.filter(pk=OuterRef("commune_id")).values("epci_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("events", "0002_speeddating_schedule_options"), ("members", "0004_former_communes")]

    operations = [migrations.RunPython(epci_from_commune, migrations.RunPython.noop)]
