"""The audit trail as staff read it: each entry about an object, newest first, in French.

Each app declares, on its AppConfig, the labels of what it records and of the details it
stores, and which details hold another object's id (shown as that object's name):

    class LicensingConfig(AppConfig):
        audit_labels = {"licence.granted": _("Licence créée"), ...}
        audit_detail_labels = {"credit_note": _("avoir")}
        audit_detail_objects = {"company": "members.Company"}

A new app adds its lines in its own apps.py and nothing here.
"""

from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from core.formats import euros
from jura_portal import audit

# Details any app may record, with the same meaning everywhere.
COMMON_DETAIL_LABELS = {
    "title": _("intitulé"),
    "email": _("e-mail"),
    "version": _("version"),
    "ip": _("adresse IP"),
    "year": _("année"),
    "number": _("numéro"),
    "reference": _("référence"),
    "fields": _("champs modifiés"),
    "parts": _("éléments"),
    "deadline": _("échéance"),
    "manual": _("envoyée à la main"),
    "recipients": _("destinataires"),
    "by_staff": _("par l'équipe"),
    "before": _("avant"),
    "after": _("après"),
}


@cache
def declared_labels() -> tuple[dict, dict, dict]:
    """(action labels, detail labels, detail objects) gathered from every installed app."""
    actions: dict = {}
    details: dict = dict(COMMON_DETAIL_LABELS)
    objects: dict = {}
    for config in apps.get_app_configs():
        actions.update(getattr(config, "audit_labels", {}))
        details.update(getattr(config, "audit_detail_labels", {}))
        objects.update(getattr(config, "audit_detail_objects", {}))
    return actions, details, objects


def action_label(action: str) -> str:
    return declared_labels()[0].get(action, action)


def object_names(entries: list, objects: dict) -> dict[tuple[str, int], str]:
    """The names of the objects the entries' details point to: one query per kind of object."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        for key, model in objects.items():
            if isinstance(entry.details.get(key), int):
                wanted.setdefault(model, set()).add(entry.details[key])
    names = {}
    for model, ids in wanted.items():
        for obj in apps.get_model(model).objects.filter(pk__in=ids):
            names[(model, obj.pk)] = getattr(obj, "display_name", None) or str(obj)
    return names


def history_rows(target, status_labels: dict[str, str]) -> list[dict]:
    """The audit entries about `target`, newest first, with French labels."""
    actions, detail_labels, objects = declared_labels()
    entries = list(audit.history(target))
    names = object_names(entries, objects)

    def field_label(name) -> str:
        """A field of the object by its French name ("capacity" -> "places"), else as recorded."""
        try:
            return str(target._meta.get_field(name).verbose_name)
        except (AttributeError, TypeError, FieldDoesNotExist):
            return str(name)

    def detail(key: str, value) -> str:
        if key == "fields" and isinstance(value, list):
            return ", ".join(field_label(name) for name in value)
        if isinstance(value, dict):  # an edit's values before or after, field by field
            return " ; ".join(
                f"{field_label(name)} : {item if item != '' else '—'}" for name, item in value.items()
            )
        if isinstance(value, bool):
            return _("oui") if value else _("non")
        if key in objects and isinstance(value, int):
            return names.get((objects[key], value), _("objet supprimé"))
        if key.endswith("_cents") and isinstance(value, int):
            return euros(value)
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        return str(value)

    return [
        {
            "entry": entry,
            "action": actions.get(entry.action, entry.action),
            "from_state": status_labels.get(entry.from_state, entry.from_state),
            "to_state": status_labels.get(entry.to_state, entry.to_state),
            "details": ", ".join(
                f"{detail_labels.get(key, key)} : {detail(key, value)}"
                for key, value in entry.details.items()
                if key != "sha256"
            ),
        }
        for entry in entries
    ]
