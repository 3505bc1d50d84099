"""The listing's place and trades now point at the `reference` app's models (same tables: state only).

See reference.0001: the territory and the trades moved out of `members` without touching the data.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_media_file_name_indexes"),
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="listing",
                    name="commune",
                    field=models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="reference.commune",
                    ),
                ),
                migrations.AlterField(
                    model_name="listing",
                    name="epci",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="reference.epci",
                    ),
                ),
                migrations.AlterField(
                    model_name="listingchange",
                    name="sectors",
                    field=models.ManyToManyField(
                        blank=True, related_name="+", to="reference.sector", verbose_name="métiers proposés"
                    ),
                ),
            ],
        ),
    ]
