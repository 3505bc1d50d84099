"""The staff groups and what each may do in the admin."""

from django.contrib.auth.models import Group, Permission

VETTING_COMMITTEE = "Comité d'adhésion"
TREASURER = "Trésorerie"
EVENTS_TEAM = "Équipe événements"

# (app_label, codename) per group; later issues add theirs (dues, events).
GROUP_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    VETTING_COMMITTEE: [
        ("members", "view_application"),
        ("members", "change_application"),
        ("members", "vet_application"),
        ("members", "view_applicationdocument"),
        ("members", "view_company"),
        ("members", "change_company"),
        ("members", "view_companyrole"),
        ("members", "view_sector"),
        ("members", "change_sector"),
        ("members", "add_sector"),
        ("charter", "view_charterversion"),
        ("charter", "add_charterversion"),
        ("charter", "change_charterversion"),
        ("charter", "view_signature"),
        ("charter", "view_campaignreminder"),
        ("charter", "delete_charterversion"),
        ("jura_portal", "view_auditentry"),
    ],
    TREASURER: [
        ("members", "view_company"),
        ("members", "view_companyrole"),
        ("jura_portal", "view_auditentry"),
        ("dues", "view_feeschedule"),
        ("dues", "add_feeschedule"),
        ("dues", "change_feeschedule"),
        ("dues", "view_invoice"),
        ("dues", "manage_dues"),
        ("dues", "view_payment"),
        ("dues", "view_creditnote"),
        ("dues", "view_reminder"),
        # Background work (issue 11): the daily jobs (renewals, reminders...) and failed tasks.
        ("jura_portal", "view_jobrun"),
        ("jura_portal", "run_scheduled_jobs"),
        ("jura_portal", "view_backgroundtask"),
        ("jura_portal", "retry_backgroundtask"),
    ],
    EVENTS_TEAM: [
        ("members", "view_company"),
        ("members", "view_companyrole"),
    ],
}


def ensure_groups() -> list[Group]:
    """Create the groups and give them exactly their permissions (idempotent)."""
    groups = []
    for name, wanted in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted
        ]
        group.permissions.add(*permissions)
        groups.append(group)
    return groups
