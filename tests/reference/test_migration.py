"""The territory and the trades moved from `members` to `reference` without losing a row or a permission.

The database is taken back to the state before the move (the models in `members`), filled as a
deployed portal was, and migrated forward again.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reference.models import Commune, Epci, FormerCommune, Sector

MOVE = ("reference", "0001_initial")


def migrate_back_before_the_move():
    """Undo reference.0001 and what depends on it; the models as they were (in `members`)."""
    executor = MigrationExecutor(connection)
    executor.migrate([("reference", None)])
    graph = executor.loader.graph
    moved = set(graph.backwards_plan(MOVE))  # the move and every migration after it
    before = {node for leaf in graph.leaf_nodes() for node in graph.forwards_plan(leaf) if node not in moved}
    return executor.loader.project_state(list(before)).apps


def migrate_to_the_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def before_the_move(transactional_db):
    try:
        yield migrate_back_before_the_move()
    finally:
        migrate_to_the_latest()


def test_the_move_keeps_the_rows_the_permissions_and_the_admin_history(before_the_move):
    old = before_the_move
    epci = old.get_model("members", "Epci").objects.create(
        siren="200071629", name="Haut-Jura", slug="haut-jura"
    )
    commune = old.get_model("members", "Commune").objects.create(
        insee_code="39478", name="Morbier", slug="morbier", postal_codes=["39400"], epci=epci
    )
    old.get_model("members", "FormerCommune").objects.create(
        insee_code="39367", name="Morez", kind="deleguee", commune=commune
    )
    sector = old.get_model("members", "Sector").objects.create(name="Lunetterie", slug="lunetterie")
    # The content type and its permissions, as post_migrate made them on the deployed portal.
    sector_type, _ = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="members", model="sector"
    )
    permission, _ = old.get_model("auth", "Permission").objects.get_or_create(
        content_type=sector_type, codename="change_sector", defaults={"name": "Can change métier / secteur"}
    )
    committee = old.get_model("auth", "Group").objects.create(name="Comité d'adhésion")
    committee.permissions.add(permission)
    staff = old.get_model("members", "User").objects.create(email="comite@example.org", is_staff=True)
    entry = old.get_model("admin", "LogEntry").objects.create(
        user=staff,
        content_type=sector_type,
        object_id=str(sector.pk),
        object_repr="Lunetterie",
        action_flag=2,
    )

    migrate_to_the_latest()

    assert Commune.objects.get(insee_code="39478").epci.name == "Haut-Jura"
    assert FormerCommune.objects.get(insee_code="39367").commune.name == "Morbier"
    assert Epci.objects.filter(siren="200071629").exists()
    assert Sector.objects.get(slug="lunetterie").pk == sector.pk
    moved = ContentType.objects.get(pk=sector_type.pk)
    assert (moved.app_label, moved.model) == ("reference", "sector")
    assert LogEntry.objects.get(pk=entry.pk).get_edited_object() == Sector.objects.get(slug="lunetterie")
    assert list(
        Group.objects.get(name="Comité d'adhésion").permissions.values_list("codename", flat=True)
    ) == ["change_sector"]
