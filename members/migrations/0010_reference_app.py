"""The territory and the trades now belong to the `reference` app (see reference.0001).

State only: the company's fields point at `reference`'s models, which sit on the very tables
`members` created; then `members` forgets its four models. No table is dropped, no row copied.
The other apps re-point their fields first (directory.0007, events.0005, projects.0003): a model leaves the
state only once nothing points at it.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_reference_app"),
        ("events", "0005_reference_app"),
        ("members", "0009_media_file_name_indexes"),
        ("projects", "0003_reference_app"),
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="company",
                    name="commune",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="companies",
                        to="reference.commune",
                        verbose_name="commune",
                    ),
                ),
                migrations.AlterField(
                    model_name="company",
                    name="former_commune",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="reference.formercommune",
                        verbose_name="commune déléguée ou associée",
                    ),
                ),
                migrations.AlterField(
                    model_name="company",
                    name="sectors",
                    field=models.ManyToManyField(
                        blank=True, related_name="companies", to="reference.sector", verbose_name="métiers"
                    ),
                ),
                migrations.DeleteModel(name="FormerCommune"),
                migrations.DeleteModel(name="Commune"),
                migrations.DeleteModel(name="Epci"),
                migrations.DeleteModel(name="Sector"),
            ],
        ),
    ]
