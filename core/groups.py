"""The staff groups, and the sync that gives each exactly the permissions the apps declare for it.

Each app declares, on its AppConfig, what each group may do with its own models:

    class EventsConfig(AppConfig):
        staff_groups = {EVENTS_TEAM: ["view_event", "change_event", ...]}

(codenames of the app's own permissions). `ensure_groups` collects them from every installed app:
a new app, or a new page for a group, adds its line in its own apps.py and nothing here. This
module imports no model at load time, so that apps.py files can import the group names.
"""

from django.apps import apps

VETTING_COMMITTEE = "Comité d'adhésion"
TREASURER = "Trésorerie"
EVENTS_TEAM = "Équipe événements"
PROJECTS_COMMITTEE = "Comité projets"
STAFF_GROUPS = [VETTING_COMMITTEE, TREASURER, EVENTS_TEAM]


def declared_permissions() -> dict[str, list[tuple[str, str]]]:
    """(app_label, codename) per group, from every app's `staff_groups`."""
    wanted: dict[str, list[tuple[str, str]]] = {name: [] for name in STAFF_GROUPS}
    for config in apps.get_app_configs():
        for group, codenames in getattr(config, "staff_groups", {}).items():
            wanted.setdefault(group, []).extend((config.label, codename) for codename in codenames)
    return wanted


def ensure_groups() -> list:
    """Create the groups and give them exactly their declared permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    groups = []
    for name, wanted in declared_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted
        ]
        group.permissions.set(permissions)
        groups.append(group)
    return groups
