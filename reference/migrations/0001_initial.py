"""The territory and the trades move from `members` to `reference`: the tables stay as they are.

Django's recipe for moving a model between apps (SeparateDatabaseAndState): this migration only
tells the migration state that `reference` now owns the four models, on the tables `members`
created (Meta.db_table). `members.0010` re-points the company's fields and forgets the models, in
the state only as well: not one row is copied or dropped.

The content types move too (app label members -> reference): the permissions given to staff groups
(the vetting committee's `change_sector`...) and the admin's log entries point at them, and keep
working.
"""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models

MOVED = ["epci", "commune", "formercommune", "sector"]


def move_content_types(from_label: str, to_label: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for model in MOVED:
            old = ContentType.objects.using(db).filter(app_label=from_label, model=model)
            if not old.exists():
                continue  # a new database: post_migrate creates the content types afterwards
            # After a migration backwards and forwards, post_migrate may have created empty
            # twins under the other label: the old rows carry the groups' permissions and the
            # admin's history, so they win.
            ContentType.objects.using(db).filter(app_label=to_label, model=model).delete()
            old.update(app_label=to_label)

    return move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0009_media_file_name_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Epci',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('siren', models.CharField(max_length=9, unique=True, verbose_name='SIREN')),
                        ('name', models.CharField(max_length=200, verbose_name='nom')),
                        ('slug', models.SlugField(max_length=200, unique=True, verbose_name="identifiant d'URL")),
                    ],
                    options={
                        'verbose_name': 'intercommunalité',
                        'verbose_name_plural': 'intercommunalités',
                        'db_table': 'members_epci',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Sector',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, unique=True, verbose_name='nom')),
                        ('slug', models.SlugField(max_length=120, unique=True, verbose_name="identifiant d'URL")),
                        ('description', models.CharField(blank=True, max_length=300, verbose_name='description')),
                        ('is_active', models.BooleanField(default=True, verbose_name='proposé')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='ordre')),
                    ],
                    options={
                        'verbose_name': 'métier / secteur',
                        'verbose_name_plural': 'métiers / secteurs',
                        'db_table': 'members_sector',
                        'ordering': ['position', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='Commune',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('insee_code', models.CharField(max_length=5, unique=True, verbose_name='code INSEE')),
                        ('name', models.CharField(max_length=200, verbose_name='nom')),
                        ('slug', models.SlugField(max_length=200, unique=True, verbose_name="identifiant d'URL")),
                        ('postal_codes', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=5), default=list, verbose_name='codes postaux')),
                        ('population', models.PositiveIntegerField(blank=True, null=True, verbose_name='population')),
                        ('epci', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='communes', to='reference.epci', verbose_name='intercommunalité')),
                    ],
                    options={
                        'verbose_name': 'commune',
                        'verbose_name_plural': 'communes',
                        'db_table': 'members_commune',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='FormerCommune',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('insee_code', models.CharField(max_length=5, unique=True, verbose_name='code INSEE')),
                        ('name', models.CharField(max_length=200, verbose_name='nom')),
                        ('kind', models.CharField(choices=[('deleguee', 'commune déléguée'), ('associee', 'commune associée')], max_length=10, verbose_name='statut')),
                        ('commune', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='former_communes', to='reference.commune', verbose_name='commune actuelle')),
                    ],
                    options={
                        'verbose_name': 'commune déléguée ou associée',
                        'verbose_name_plural': 'communes déléguées ou associées',
                        'db_table': 'members_formercommune',
                        'ordering': ['name'],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            move_content_types("members", "reference"), move_content_types("reference", "members")
        ),
    ]
