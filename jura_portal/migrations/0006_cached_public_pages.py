from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("jura_portal", "0005_background_task_admin")]

    operations = [
        migrations.CreateModel(
            name="CachedPage",
            fields=[
                ("key", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("path", models.CharField(max_length=2000)),
                ("version", models.BigIntegerField()),
                ("fresh_until", models.DateTimeField()),
                ("etag", models.CharField(max_length=64)),
                ("content_type", models.CharField(max_length=100)),
                ("headers", models.JSONField(default=dict)),
                ("has_token", models.BooleanField(default=False)),
                ("body", models.TextField()),
                ("rendered_at", models.DateTimeField(db_index=True)),
            ],
            options={
                "verbose_name": "page publique en cache",
                "verbose_name_plural": "pages publiques en cache",
            },
        ),
        # The public pages' version (jura_portal.pagecache): a sequence, moved without a lock or a write
        # to a shared row by every change a public page shows.
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS public_pages_version",
            "DROP SEQUENCE IF EXISTS public_pages_version",
        ),
    ]
