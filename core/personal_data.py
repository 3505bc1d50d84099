"""Personal data (RGPD): the registry through which the members app's export, erasure and retention
purge reach what every other app holds about a person, without importing those apps.

An app that keeps personal data names a module of its own on its AppConfig,
`personal_data = "events.privacy"`, which defines any of:

- `export(user, *, company, archive) -> dict`: its part of the export's `donnees.json` (top-level
  keys; a dict under a key already there, such as "entreprise", is merged into it). `company` is
  the company the person owns, or None; `archive.add_file(file, folder)` copies an uploaded file
  into the ZIP and returns its path there.
- `erase(user) -> dict`: deletes or anonymises what identifies the person there, inside the
  erasure's transaction; returns what staff read in the erasure's summary.
- `keeps_company(company) -> bool`: True when the app holds records the law keeps (invoices) that
  forbid deleting an applicant company's file as a whole.
- `purge(*, now) -> dict[str, int]`: the daily retention purge of the app's own data (counts).
"""

import logging
import zipfile
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.db.models import Model
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)

# What an erased or anonymised person is called wherever a name must stay (registrations, audit).
ERASED_NAME = "Personne effacée"


def erased_email(user_id: int) -> str:
    """The address an erased account keeps (unique, never deliverable)."""
    return f"compte-efface-{user_id}@efface.invalid"


def row(obj: Model, exclude: tuple[str, ...] = ()) -> dict:
    """A model row as the export shows it: every concrete field, a file as its name."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude or field.generated:
            continue
        value = getattr(obj, field.attname)
        data[field.name] = (value.name or None) if isinstance(value, FieldFile) else value
    return data


class Archive:
    """The export's ZIP, to which each app adds the files uploaded for the person."""

    def __init__(self, archive: zipfile.ZipFile):
        self.zip = archive

    def add_file(self, file: FieldFile, folder: str) -> str | None:
        """Copy an uploaded file into the archive (read through the storage); its path there, or None."""
        if not file:
            return None
        path = f"fichiers/{folder}/{file.name.rsplit('/', 1)[-1]}"
        try:
            with file.storage.open(file.name, "rb") as source:
                self.zip.writestr(path, source.read())
        except OSError:
            logger.warning("Export: file %s is missing from the storage", file.name)
            return None
        return path


def modules(hook: str) -> list[ModuleType]:
    """The personal-data modules of the installed apps that define `hook`, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        name = getattr(config, "personal_data", None)
        if name:
            module = import_module(name)
            if hasattr(module, hook):
                found.append(module)
    return found
