"""Every change to an offer: one function per state change (see docs/architecture.md)."""

from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import is_active_member
from jura_portal import audit, emails
from jura_portal.files import delete_on_commit
from members.models import Company, User
from members.notify import email_company
from offers.errors import OfferError
from offers.models import Offer

EDITABLE_FIELDS = ("title", "description", "conditions", "discount", "valid_until", "event")


def _check_can_post(company: Company) -> None:
    if not is_active_member(company):
        raise OfferError(
            _("Seule une entreprise adhérente active peut publier des offres aux autres adhérents.")
        )


def _check_valid_until(valid_until: date) -> None:
    today = timezone.localdate()
    if valid_until < today:
        raise OfferError(_("La date de fin de validité est déjà passée."))
    if valid_until > today + timedelta(days=settings.OFFERS_MAX_VALIDITY_DAYS):
        raise OfferError(
            _("Une offre vaut au plus %(days)s jours : choisissez une date plus proche.")
            % {"days": settings.OFFERS_MAX_VALIDITY_DAYS}
        )


@transaction.atomic
def offer_create(
    *,
    company: Company,
    acting_user: User,
    title: str,
    description: str,
    valid_until: date,
    conditions: str = "",
    discount: str = "",
    event=None,
    photo: ContentFile | None = None,
) -> Offer:
    """A member company publishes an offer to the other members."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    _check_can_post(company)
    _check_valid_until(valid_until)
    live = Offer.objects.live().filter(company=company).count()
    if live >= settings.OFFERS_MAX_LIVE_PER_COMPANY:
        raise OfferError(
            _(
                "Votre entreprise a déjà %(count)s offres en cours, le maximum : retirez-en une "
                "avant d'en publier une nouvelle."
            )
            % {"count": live}
        )
    offer = Offer(
        company=company,
        created_by=acting_user,
        title=title,
        description=description,
        conditions=conditions,
        discount=discount,
        valid_until=valid_until,
        event=event,
    )
    if photo is not None:
        offer.photo.save(photo.name, photo, save=False)
    offer.save()
    audit.record(acting_user, "offer.published", offer, to_state=offer.status)
    return offer


@transaction.atomic
def offer_update(
    *, offer: Offer, acting_user: User, photo: ContentFile | None = None, remove_photo: bool = False, **fields
) -> Offer:
    """The company changes its offer (the fields of EDITABLE_FIELDS, the photo)."""
    offer = Offer.objects.select_for_update().select_related("company").get(pk=offer.pk)
    if offer.status == Offer.Status.HIDDEN:
        raise OfferError(
            _("Cette offre a été masquée par l'équipe : contactez l'association pour la modifier.")
        )
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "valid_until" in fields and fields["valid_until"] != offer.valid_until:
        _check_valid_until(fields["valid_until"])
    changed = [name for name, value in fields.items() if getattr(offer, name) != value]
    for name in changed:
        setattr(offer, name, fields[name])
    old_photo = offer.photo.name if offer.photo else ""
    if photo is not None:
        offer.photo.save(photo.name, photo, save=False)
        changed.append("photo")
    elif remove_photo and offer.photo:
        offer.photo = ""
        changed.append("photo")
    if not changed:
        return offer
    offer.save(update_fields=[*changed, "updated_at"])
    if "photo" in changed:
        delete_on_commit(offer.photo.storage, old_photo)
    audit.record(acting_user, "offer.updated", offer, details={"fields": changed})
    return offer


@transaction.atomic
def offer_withdraw(*, offer: Offer, acting_user: User) -> Offer:
    """The company takes its offer down (it stays in its own list)."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != Offer.Status.PUBLISHED:
        raise OfferError(_("Seule une offre publiée peut être retirée."))
    offer.status = Offer.Status.WITHDRAWN
    offer.save(update_fields=["status", "updated_at"])
    audit.record(acting_user, "offer.withdrawn", offer, from_state="published", to_state=offer.status)
    return offer


@transaction.atomic
def offer_republish(*, offer: Offer, acting_user: User) -> Offer:
    """The company puts a withdrawn offer back online (still within its validity)."""
    offer = Offer.objects.select_for_update().select_related("company").get(pk=offer.pk)
    if offer.status != Offer.Status.WITHDRAWN:
        raise OfferError(_("Seule une offre retirée peut être remise en ligne."))
    _check_can_post(offer.company)
    if offer.is_expired():
        raise OfferError(
            _("Cette offre a expiré : changez sa date de fin de validité avant de la remettre en ligne.")
        )
    offer.status = Offer.Status.PUBLISHED
    offer.save(update_fields=["status", "updated_at"])
    audit.record(acting_user, "offer.republished", offer, from_state="withdrawn", to_state=offer.status)
    return offer


@transaction.atomic
def offer_hide(*, offer: Offer, acting_user: User, reason: str) -> Offer:
    """Staff moderation: the offer disappears for members; the company is told why by email."""
    if not reason.strip():
        raise OfferError(_("Indiquez le motif : il est envoyé à l'entreprise."))
    offer = Offer.objects.select_for_update().select_related("company").get(pk=offer.pk)
    if offer.status == Offer.Status.HIDDEN:
        raise OfferError(_("Cette offre est déjà masquée."))
    previous = offer.status
    offer.status = Offer.Status.HIDDEN
    offer.hidden_reason = reason.strip()
    offer.hidden_at = timezone.now()
    offer.hidden_by = acting_user
    offer.save(update_fields=["status", "hidden_reason", "hidden_at", "hidden_by", "updated_at"])
    audit.record(
        acting_user, "offer.hidden", offer, from_state=previous, to_state=offer.status, comment=reason
    )
    email_company(offer.company, "offer_hidden", {"offer": offer})
    return offer


@transaction.atomic
def offer_restore(*, offer: Offer, acting_user: User) -> Offer:
    """Staff lift a moderation: the offer goes back to where it was (published, or withdrawn by its company)."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != Offer.Status.HIDDEN:
        raise OfferError(_("Seule une offre masquée peut être rétablie."))
    hidden = audit.history(offer).filter(action="offer.hidden").first()
    withdrawn = hidden is not None and hidden.from_state == Offer.Status.WITHDRAWN
    offer.status = Offer.Status.WITHDRAWN if withdrawn else Offer.Status.PUBLISHED
    offer.hidden_reason = ""
    offer.hidden_at = None
    offer.hidden_by = None
    offer.save(update_fields=["status", "hidden_reason", "hidden_at", "hidden_by", "updated_at"])
    audit.record(acting_user, "offer.restored", offer, from_state="hidden", to_state=offer.status)
    return offer


def offer_contact(*, offer: Offer, sender: User, sender_company: Company | None, message: str) -> None:
    """A member writes to the offering company: the message goes to its contacts, replies go to the sender."""
    if not offer.is_live():
        raise OfferError(_("Cette offre n'est plus en ligne."))
    if sender_company is not None and sender_company.pk == offer.company_id:
        raise OfferError(_("C'est une offre de votre propre entreprise."))
    recipients = offer.company.contact_emails()
    if not recipients:
        raise OfferError(
            _("Cette entreprise n'a pas encore de contact : utilisez ses coordonnées publiques.")
        )
    context = {
        "site_url": settings.SITE_URL,
        "association": settings.ASSOCIATION,
        "offer": offer,
        "sender": sender,
        "sender_company": sender_company,
        "message": message,
    }
    emails.enqueue(
        to=recipients,
        subject=f"[Made in Jura] {emails.render_subject('offer_contact', context)}",
        body=render_to_string("emails/offer_contact-body.txt", context),
        html=render_to_string("emails/offer_contact-body.html", context),
        reply_to=[sender.email],
    )
