"""Loading the reference data: the Jura's communes (current, delegated and associated) and intercommunalities,
and the curated trades.

Both loaders are idempotent upserts: rows are matched on a stable key (INSEE
code, SIREN, sector slug), created when missing, updated only when a value
differs, and never deleted: companies point at communes, and staff may add
sectors of their own in the admin.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils.text import slugify

from reference.models import Commune, Epci, FormerCommune, Sector

DATA_DIR = Path(__file__).resolve().parent / "data"
TERRITORY_FILE = DATA_DIR / "jura_territory.json"
SECTORS_FILE = DATA_DIR / "sectors.json"


@dataclass(frozen=True)
class LoadCounts:
    """How many reference rows were read, and how many of them changed the database."""

    total: int
    created: int
    updated: int


@dataclass(frozen=True)
class TerritoryCounts:
    epcis: LoadCounts
    communes: LoadCounts
    former_communes: LoadCounts


@transaction.atomic
def load_territory(*, path: Path = TERRITORY_FILE) -> TerritoryCounts:
    """Upsert the Jura's intercommunalities (by SIREN), communes and former communes (by INSEE code)."""
    data = json.loads(path.read_text(encoding="utf-8"))

    epci_rows = {e["siren"]: {"name": e["name"]} for e in data["epcis"]}
    _add_slugs(Epci, "siren", epci_rows)
    epcis = _upsert(Epci, "siren", epci_rows)

    epci_ids = dict(Epci.objects.filter(siren__in=epci_rows).values_list("siren", "pk"))
    commune_rows = {
        c["insee"]: {
            "name": c["name"],
            "postal_codes": c["postal_codes"],
            "population": c["population"],
            "epci_id": epci_ids[c["epci"]],
        }
        for c in data["communes"]
    }
    _add_slugs(Commune, "insee_code", commune_rows)
    communes = _upsert(Commune, "insee_code", commune_rows)

    commune_ids = dict(Commune.objects.filter(insee_code__in=commune_rows).values_list("insee_code", "pk"))
    former_rows = {
        f["insee"]: {"name": f["name"], "kind": f["kind"], "commune_id": commune_ids[f["commune"]]}
        for f in data.get("former_communes", [])
    }
    former_communes = _upsert(FormerCommune, "insee_code", former_rows)
    _changed(epcis, communes, former_communes)
    return TerritoryCounts(epcis=epcis, communes=communes, former_communes=former_communes)


@transaction.atomic
def load_sectors(*, path: Path = SECTORS_FILE) -> LoadCounts:
    """Create the curated trades that are missing; once created, a sector is staff's.

    Staff edit sectors in the admin (rename, describe, hide, reorder): a deploy
    or a `make run` reloading the file must never undo that, so existing
    sectors are left exactly as they are.
    """
    entries = json.loads(path.read_text(encoding="utf-8"))
    for entry in entries:
        if slugify(entry["slug"]) != entry["slug"]:
            raise ValueError(f"Invalid sector slug in {path.name}: {entry['slug']!r}")

    # A sector staff created under another slug may already carry a curated
    # name: it stands for the curated one (names are unique), so skip it.
    names_elsewhere = set(
        Sector.objects.exclude(slug__in=[e["slug"] for e in entries]).values_list(Lower("name"), flat=True)
    )
    existing = set(Sector.objects.values_list("slug", flat=True))
    rows, on_create = {}, {}
    for position, entry in enumerate(entries, start=1):
        if entry["name"].lower() in names_elsewhere or entry["slug"] in existing:
            continue
        rows[entry["slug"]] = {"name": entry["name"], "description": entry["description"]}
        on_create[entry["slug"]] = {"position": position * 10, "is_active": True}
    counts = _upsert(Sector, "slug", rows, on_create=on_create)
    _changed(counts)
    return LoadCounts(total=len(entries), created=counts.created, updated=counts.updated)


def _add_slugs(model: type[models.Model], key: str, rows: dict[str, dict[str, Any]]) -> None:
    """Give each row a unique slug from its name, suffixed by its key where two would clash."""
    wanted = {k: slugify(row["name"]) for k, row in rows.items()}
    # Slugs held by rows outside the reference file (say, a commune since merged
    # into another) stay theirs.
    taken = set(
        model.objects.exclude(**{f"{key}__in": rows})
        .filter(slug__in=wanted.values())
        .values_list("slug", flat=True)
    )
    seen: set[str] = set()
    for k, slug in wanted.items():
        if slug in taken or slug in seen:
            slug = f"{slug}-{slugify(k)}"
        seen.add(slug)
        rows[k]["slug"] = slug


def _changed(*counts: LoadCounts) -> None:
    """Bulk writes send no signal: a renamed commune or trade must show on the public pages at once."""
    if any(count.created or count.updated for count in counts):
        from jura_portal import pagecache

        pagecache.bump()


def _upsert(
    model: type[models.Model],
    key: str,
    rows: dict[str, dict[str, Any]],
    *,
    on_create: dict[str, dict[str, Any]] | None = None,
) -> LoadCounts:
    """Create the missing rows and update the changed ones, in a handful of queries."""
    on_create = on_create or {}
    existing = model.objects.in_bulk(list(rows), field_name=key)
    to_create, to_update = [], []
    for k, values in rows.items():
        obj = existing.get(k)
        if obj is None:
            to_create.append(model(**{key: k}, **values, **on_create.get(k, {})))
        elif any(getattr(obj, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(obj, field, value)
            to_update.append(obj)
    model.objects.bulk_create(to_create)
    if to_update:
        fields = sorted({field for values in rows.values() for field in values})
        model.objects.bulk_update(to_update, fields, batch_size=200)
    return LoadCounts(total=len(rows), created=len(to_create), updated=len(to_update))
