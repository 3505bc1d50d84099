"""An event's place now points at the `reference` app's models (same tables: state only).

See reference.0001: the territory and the trades moved out of `members` without touching the data.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_event_ics_sequence"),
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="commune",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="reference.commune",
                        verbose_name="commune",
                    ),
                ),
                migrations.AlterField(
                    model_name="event",
                    name="epci",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Obligatoire pour une soirée de territoire : ses acteurs économiques sont invités.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="reference.epci",
                        verbose_name="intercommunalité",
                    ),
                ),
            ],
        ),
    ]
