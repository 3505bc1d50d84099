"""Create the staff groups (vetting committee, treasurer, events team) with exactly their permissions."""

from django.core.management.base import BaseCommand

from core.groups import ensure_groups


class Command(BaseCommand):
    help = "Crée les groupes du personnel et leur donne leurs permissions (peut être relancée sans risque)."

    def handle(self, *args, **options) -> None:
        for group in ensure_groups():
            self.stdout.write(f"{group.name} : {group.permissions.count()} permissions")
