from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("jura_portal", "0003_cached_public_pages")]

    operations = [
        migrations.CreateModel(
            name="RateLimitCounter",
            fields=[
                ("key", models.CharField(max_length=250, primary_key=True, serialize=False)),
                ("hits", models.PositiveIntegerField(default=0)),
                ("expires_at", models.DateTimeField(db_index=True)),
            ],
            options={
                "verbose_name": "compteur de limite de fréquence",
                "verbose_name_plural": "compteurs de limite de fréquence",
            },
        ),
    ]
