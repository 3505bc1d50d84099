"""Registrations follow their person: a name given after registering replaces the address shown so far
(attendee lists, check-in, speed-dating schedules read the registration's name)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from events.models import Registration
from members.models import User


@receiver(post_save, sender=User, dispatch_uid="events.registrations_follow_the_name")
def registrations_follow_the_name(
    sender, instance: User, raw: bool = False, update_fields=None, **kwargs
) -> None:
    if raw or not instance.has_name:
        return
    if update_fields is not None and not {"first_name", "last_name"} & set(update_fields):
        return  # a login (last_login) or a password change: nothing to follow
    # Only the registrations that showed the address for lack of a name: a name typed by staff stays.
    Registration.objects.filter(user=instance, name__iexact=instance.email).update(name=instance.display_name)
