"""The needs', projects' and roles' places and trades point at the `reference` app (same tables: state only).

See reference.0001: the territory and the trades moved out of `members` without touching the data.
"""

import django.db.models.deletion
from django.db import migrations, models


def place(related_name: str, to: str, verbose_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        blank=True,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to=to,
        verbose_name=verbose_name,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_commitment_withdrawn"),
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="need", name="commune", field=place("+", "reference.commune", "commune")
                ),
                migrations.AlterField(
                    model_name="need",
                    name="epci",
                    field=place("territory_needs", "reference.epci", "intercommunalité"),
                ),
                migrations.AlterField(
                    model_name="need",
                    name="trades",
                    field=models.ManyToManyField(
                        blank=True, related_name="territory_needs", to="reference.sector", verbose_name="métiers"
                    ),
                ),
                migrations.AlterField(
                    model_name="project", name="commune", field=place("+", "reference.commune", "commune")
                ),
                migrations.AlterField(
                    model_name="project",
                    name="epci",
                    field=place("collective_projects", "reference.epci", "intercommunalité"),
                ),
                migrations.AlterField(
                    model_name="role", name="commune", field=place("+", "reference.commune", "où (commune)")
                ),
                migrations.AlterField(
                    model_name="role",
                    name="trades",
                    field=models.ManyToManyField(
                        blank=True, related_name="project_roles", to="reference.sector", verbose_name="métiers"
                    ),
                ),
            ],
        ),
    ]
