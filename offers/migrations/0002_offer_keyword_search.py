"""Offers get a keyword search: a normalized text (filled here for the existing offers) and its tsvector."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

SEARCHED_FIELDS = ("title", "description", "conditions", "discount")


def fill_search_text(apps, schema_editor):
    from directory.search import normalize

    Offer = apps.get_model("offers", "Offer")
    offers = list(Offer.objects.only("pk", *SEARCHED_FIELDS))
    for offer in offers:
        offer.search_text = normalize(" ".join(getattr(offer, name) for name in SEARCHED_FIELDS))
    Offer.objects.bulk_update(offers, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="search_text",
            field=models.TextField(blank=True, editable=False, verbose_name="texte (recherche)"),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.AddField(
            model_name="offer",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector("search_text", config="french"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="offer",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="offer_search_gin"),
        ),
    ]
