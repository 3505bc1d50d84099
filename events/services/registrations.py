"""Every change to a registration: taken by a member, a guest or staff, confirmed, cancelled, checked in.

Each service that takes or frees a seat locks the event's row first (see events.services.seats).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import is_active_member
from events.errors import EventError
from events.models import Event, Registration
from events.services import seats
from jura_portal import audit
from members.models import Company, CompanyRole, User


@transaction.atomic
def registration_create_for_member(
    *, event: Event, acting_user: User, people: list[User] | None = None
) -> list[Registration]:
    """A member registers themself and/or colleagues of their company, in one go.

    Each person gets a seat while there are some, then a place on the waiting list.
    """
    role = CompanyRole.objects.select_related("company").filter(user=acting_user).first()
    if role is None or not is_active_member(role.company):
        raise EventError(_("Seules les entreprises adhérentes peuvent inscrire leurs équipes."))
    company = role.company
    people = people or [acting_user]
    colleague_ids = set(CompanyRole.objects.filter(company=company).values_list("user_id", flat=True))
    if any(person.pk not in colleague_ids for person in people):
        raise EventError(_("Vous ne pouvez inscrire que des personnes de votre entreprise."))
    event = seats.lock_event(event)
    _require_open(event)
    taken = event.registrations.active().exclude(status=Registration.Status.PENDING).filter(company=company)
    if taken.count() + len(people) > event.per_company_limit:
        raise EventError(
            _("Cet événement accepte au plus %(limit)s personne(s) par entreprise.")
            % {"limit": event.per_company_limit}
        )
    return [
        _add(
            event,
            user=person,
            company=company,
            name=person.display_name,
            email=person.email,
            acting_user=acting_user,
        )
        for person in people
    ]


@transaction.atomic
def registration_create_by_staff(
    *,
    event: Event,
    acting_user: User,
    name: str,
    email: str,
    user: User | None = None,
    company: Company | None = None,
) -> Registration:
    """Staff add someone, even after the deadline or beyond a company's limit (never beyond the seats)."""
    event = seats.lock_event(event)
    if event.status != Event.Status.PUBLISHED:
        raise EventError(_("On ne peut inscrire quelqu'un qu'à un événement publié."))
    if user is not None and company is None:
        role = CompanyRole.objects.filter(user=user).select_related("company").first()
        company = role.company if role else None
    return _add(
        event,
        user=user,
        company=company,
        name=name or (user.get_full_name() if user else "") or email,
        email=(user.email if user else email),
        acting_user=acting_user,
        by_staff=True,
    )


@transaction.atomic
def registration_create_for_guest(
    *, event: Event, name: str, email: str, organisation: str = ""
) -> Registration:
    """A guest (no account) asks for a seat at a public event; they confirm through the emailed link.

    The same answer whether the address is new or already registered: the page never
    tells a stranger who comes to an event. A known address is sent its link again.
    """
    event = seats.lock_event(event)
    if not event.is_public:
        raise EventError(_("Cet événement est réservé aux adhérents."))
    _require_open(event)
    email = email.strip()
    existing = event.registrations.active().filter(email__iexact=email).first()
    if existing is not None:
        if existing.status == Registration.Status.PENDING:
            seats.email_guest_confirmation(existing)
        else:
            seats.email_registration(existing)
        return existing
    registration = Registration.objects.create(
        event=event,
        name=name.strip(),
        email=email,
        guest_organisation=organisation.strip(),
        is_guest=True,
        status=Registration.Status.PENDING,
    )
    audit.record(None, "registration.requested", registration, to_state=registration.status)
    seats.email_guest_confirmation(registration)
    return registration


@transaction.atomic
def registration_confirm_by_guest(*, registration: Registration) -> Registration:
    """The guest clicked the link in their email: a seat if one is free, else the waiting list."""
    event = seats.lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.PENDING:
        return registration  # clicked twice: nothing more to do
    if event.status != Event.Status.PUBLISHED:
        raise EventError(_("Cet événement n'est plus ouvert aux inscriptions."))
    if timezone.now() >= event.starts_at or registration.created_at >= event.closes_at:
        raise EventError(_("Les inscriptions à cet événement sont closes."))
    seats.seat_or_wait(event, registration)
    audit.record(
        None,
        "registration.confirmed_by_guest",
        registration,
        from_state="pending_confirmation",
        to_state=registration.status,
    )
    seats.email_registration(registration)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, acting_user: User | None) -> Registration:
    """Someone gives up their seat (or place in line); the first person waiting takes the seat."""
    event = seats.lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.ATTENDED:
        raise EventError(
            _("%(name)s est déjà pointé(e) présent(e) : son inscription ne peut plus être annulée.")
            % {"name": registration.name}
        )
    if registration.status not in (
        Registration.Status.PENDING,
        Registration.Status.CONFIRMED,
        Registration.Status.WAITLISTED,
    ):
        raise EventError(_("Cette inscription est déjà annulée."))
    if event.ends_at < timezone.now():
        raise EventError(_("Cet événement est passé : l'inscription ne peut plus être annulée."))
    previous = registration.status
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if previous == Registration.Status.CONFIRMED:
        event.confirmed_count -= 1
    elif previous == Registration.Status.WAITLISTED:
        event.waitlisted_count -= 1
    event.save(update_fields=["confirmed_count", "waitlisted_count"])
    audit.record(
        acting_user, "registration.cancelled", registration, from_state=previous, to_state="cancelled"
    )
    if previous != Registration.Status.PENDING:
        seats.email_registration(registration, "event_registration_cancelled")
    if previous == Registration.Status.CONFIRMED:
        seats.promote_waiting(event, acting_user)
    return registration


@transaction.atomic
def registration_check_in(*, registration: Registration, acting_user: User) -> Registration:
    """Staff tick a person present on the day."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.ATTENDED:
        return registration
    if registration.status != Registration.Status.CONFIRMED:
        raise EventError(_("Seule une personne inscrite (place confirmée) peut être pointée présente."))
    registration.status = Registration.Status.ATTENDED
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = acting_user
    registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
    audit.record(
        acting_user, "registration.checked_in", registration, from_state="confirmed", to_state="attended"
    )
    return registration


@transaction.atomic
def registration_check_in_undo(*, registration: Registration, acting_user: User) -> Registration:
    """A tick by mistake: the person is registered again, not present."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.ATTENDED:
        raise EventError(_("Cette personne n'est pas pointée présente."))
    registration.status = Registration.Status.CONFIRMED
    registration.checked_in_at = None
    registration.checked_in_by = None
    registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
    audit.record(
        acting_user, "registration.check_in_undone", registration, from_state="attended", to_state="confirmed"
    )
    return registration


# --- Inside -----------------------------------------------------------------------------


def _require_open(event: Event) -> None:
    if event.status != Event.Status.PUBLISHED:
        raise EventError(_("Cet événement n'est pas ouvert aux inscriptions."))
    if timezone.now() >= event.closes_at:
        raise EventError(_("Les inscriptions à cet événement sont closes."))


def _add(
    event: Event,
    *,
    user: User | None,
    company: Company | None,
    name: str,
    email: str,
    acting_user: User | None,
    by_staff: bool = False,
) -> Registration:
    """Create a member's (or staff-added) registration: a seat if one is free, else the waiting list."""
    if event.registrations.active().filter(email__iexact=email).exists():
        raise EventError(_("%(name)s est déjà inscrit(e) à cet événement.") % {"name": name})
    registration = Registration(
        event=event,
        user=user,
        company=company,
        name=name,
        email=email,
        registered_by=acting_user,
        added_by_staff=by_staff,
    )
    try:
        with transaction.atomic():
            seats.seat_or_wait(event, registration)
    except IntegrityError as error:  # the constraint speaks when the check above was raced
        raise EventError(_("%(name)s est déjà inscrit(e) à cet événement.") % {"name": name}) from error
    audit.record(
        acting_user,
        "registration.created",
        registration,
        to_state=registration.status,
        details={"by_staff": by_staff},
    )
    seats.email_registration(registration)
    return registration
