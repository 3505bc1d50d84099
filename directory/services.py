"""Writes of the directory: a member's listing, its search data, and the reviewed changes.

The name, logo and trades of a listing are what the public trusts the brand
for: a change to them waits for staff (`listing_change_request`, then
`listing_change_approve` or `listing_change_reject`). Everything else the
member edits (`listing_update`) goes live at once. Both are audited.
"""

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory import version
from directory.errors import DirectoryError
from directory.models import Listing, ListingChange, listed_companies_q
from directory.search import normalize
from jura_portal import audit
from jura_portal.files import delete_on_commit
from members.models import Application, Company, User
from members.notify import email_company
from reference.models import Sector

# What a member may change at once; the rest goes through ListingChange.
LIVE_COMPANY_FIELDS = ("description", "products", "website", "phone", "public_email")
LIVE_LISTING_FIELDS = ("is_listed", "show_phone", "show_email", "show_website", "show_address")


# --- Search data ---------------------------------------------------------------------------------


def search_fields(company: Company) -> dict[str, str | int | None]:
    """The normalized texts of a company, by weight (name, trades, products and place, description),
    and its commune and intercommunality (what the filters read)."""
    sectors = " ".join(sector.name for sector in company.sectors.all())
    place = ""
    if company.commune_id:
        # The former communes too: people still look for a maker « à Morez » (Hauts de Bienne).
        former = " ".join(f.name for f in company.commune.former_communes.all())
        place = f"{company.commune.name} {former} {company.commune.epci.name}"
    names = (
        company.display_name
        if company.display_name == company.legal_name
        else (f"{company.trade_name} {company.legal_name}")
    )
    return {
        "commune_id": company.commune_id,
        "epci_id": company.commune.epci_id if company.commune_id else None,
        "search_name": normalize(names),
        "search_trades": normalize(sectors),
        "search_products": normalize(f"{company.products} {place}"),
        "search_description": normalize(company.description),
    }


def listing_refresh_search(*, company: Company) -> None:
    """Write the listing's search columns from the company as it is now (nothing when it has none)."""
    company = (
        Company.objects.select_related("commune__epci")
        .prefetch_related("sectors", "commune__former_communes")
        .get(pk=company.pk)
    )
    if Listing.objects.filter(company=company).update(**search_fields(company), updated_at=timezone.now()):
        version.bump()  # its name, trades or commune may have changed, and the counts with them


def listings_refresh_search(*, companies: QuerySet[Company]) -> int:
    """Rewrite the search columns of many listings (a commune renamed, a trade renamed, a reindex)."""
    count = 0
    for company in (
        companies.select_related("commune__epci")
        .prefetch_related("sectors", "commune__former_communes")
        .filter(listing__isnull=False)
    ):
        Listing.objects.filter(company=company).update(**search_fields(company))
        count += 1
    if count:
        version.bump()
    return count


# --- Who the public sees ---------------------------------------------------------------------------
# Listing.is_public is listed_companies_q() written down, so that the public pages read a flag (and
# partial indexes) instead of evaluating the rule over companies, signatures and invoices on every
# view. Whatever changes one of the rule's inputs calls one of these (directory.receivers): a status
# change, a signature, a charter version published, an invoice issued, paid or cancelled, a listing
# edited; the daily `directory_reindex` (after `dues_lapse`) catches the one input that is time, the
# end of the dues' grace period.


def listing_refresh_public(*, company: Company) -> bool:
    """Show or hide the company's listing as the rule says now. Two queries; True when it changed."""
    public = Company.objects.filter(pk=company.pk).filter(listed_companies_q()).exists()
    changed = Listing.objects.filter(company_id=company.pk).exclude(is_public=public).update(is_public=public)
    if changed:
        version.bump()
    return bool(changed)


def listings_refresh_public(*, companies: QuerySet[Company] | None = None) -> int:
    """The same for the listings of `companies` (all when None); how many changed.

    Two UPDATEs, writing only the listings whose visibility changes (no churn for the daily run).
    """
    scope = Listing.objects.all() if companies is None else Listing.objects.filter(company__in=companies)
    public = Company.objects.filter(listed_companies_q()).values("pk")
    with transaction.atomic():
        shown = scope.filter(is_public=False, company__in=public).update(is_public=True)
        hidden = scope.filter(is_public=True).exclude(company__in=public).update(is_public=False)
    if shown + hidden:
        version.bump()
    return shown + hidden


def unique_listing_slug(company: Company) -> str:
    """A readable slug from the public name; the commune, then a number, tells homonyms apart."""
    base = slugify(company.display_name)[:180] or "entreprise"
    candidates = [base]
    if company.commune_id:
        candidates.append(f"{base}-{company.commune.slug}"[:210])
    candidates += [f"{base}-{n}" for n in range(2, 1000)]
    taken = set(
        Listing.objects.filter(slug__in=candidates).exclude(company=company).values_list("slug", flat=True)
    )
    return next(candidate for candidate in candidates if candidate not in taken)


@transaction.atomic
def listing_ensure(*, company: Company) -> Listing:
    """The company's listing, created with its search data the first time (idempotent)."""
    listing = Listing.objects.filter(company=company).first()
    if listing is None:
        company = Company.objects.select_related("commune").get(pk=company.pk)
        try:
            with transaction.atomic():
                listing = Listing.objects.create(
                    company=company, slug=unique_listing_slug(company), **_contact_choices(company)
                )
        except IntegrityError:  # created meanwhile by a concurrent request
            listing = Listing.objects.get(company=company)
    listing_refresh_search(company=company)
    listing_refresh_public(company=company)
    listing.refresh_from_db()
    return listing


def _contact_choices(company: Company) -> dict[str, bool]:
    """What the applicant chose to make public in its (latest) application; private without one."""
    choice = (
        Application.objects.filter(company=company)
        .order_by("-created_at")
        .values("publish_phone", "publish_address")
        .first()
    )
    if choice is None:
        return {"show_phone": False, "show_address": False}
    return {
        "show_phone": choice["publish_phone"],
        "show_address": choice["publish_address"],
        "contact_choices_confirmed_at": timezone.now(),
    }


# --- The member's edits ----------------------------------------------------------------------------


@transaction.atomic
def listing_update(*, company: Company, acting_user: User, changes: dict) -> Listing:
    """Apply the member's live edits (texts, contact details, visibility choices); audited."""
    listing_ensure(company=company)
    company = Company.objects.select_for_update().get(pk=company.pk)
    listing = Listing.objects.select_for_update().get(company=company)
    unknown = set(changes) - set(LIVE_COMPANY_FIELDS) - set(LIVE_LISTING_FIELDS)
    if unknown:
        raise DirectoryError(_("Ces champs passent par la validation de l'équipe : %s.") % ", ".join(unknown))
    changed_company = [f for f in LIVE_COMPANY_FIELDS if f in changes and getattr(company, f) != changes[f]]
    changed_listing = [f for f in LIVE_LISTING_FIELDS if f in changes and getattr(listing, f) != changes[f]]
    if listing.contact_choices_confirmed_at is None and {"show_phone", "show_address"} <= set(changes):
        listing.contact_choices_confirmed_at = timezone.now()  # the editor showed both choices: now chosen
        listing.save(update_fields=["contact_choices_confirmed_at"])
    if not changed_company and not changed_listing:
        return listing
    for field in changed_company:
        setattr(company, field, changes[field])
    for field in changed_listing:
        setattr(listing, field, changes[field])
    if changed_company:
        company.save(update_fields=[*changed_company, "updated_at"])
    if changed_listing:
        listing.save(update_fields=[*changed_listing, "updated_at"])
        listing_refresh_public(company=company)  # is_listed is one of the rule's inputs
    audit.record(
        acting_user,
        "listing.updated",
        company,
        details={"fields": [*changed_company, *changed_listing]},
    )
    listing_refresh_search(company=company)
    return listing


@transaction.atomic
def listing_change_request(
    *,
    company: Company,
    acting_user: User,
    trade_name: str | None = None,
    logo: ContentFile | None = None,
    sectors: list[Sector] | None = None,
) -> ListingChange | None:
    """Propose a new name, logo or trades for staff review; replaces a change still pending. None if no change."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    change_name = trade_name is not None and trade_name.strip() != company.trade_name
    current_sectors = set(company.sectors.values_list("pk", flat=True))
    change_sectors = sectors is not None and {sector.pk for sector in sectors} != current_sectors
    if not (change_name or logo is not None or change_sectors):
        return None
    if change_sectors and not sectors:
        raise DirectoryError(_("Choisissez au moins un métier."))
    change = ListingChange.objects.select_for_update().filter(company=company).pending().first()
    if change is None:
        change = ListingChange(company=company, requested_by=acting_user)
    change.requested_by = acting_user
    if change_name:
        change.change_name, change.trade_name = True, trade_name.strip()
    if logo is not None:
        replaced = change.logo.name  # a pending logo proposed again: the first one is shown nowhere
        change.change_logo = True
        change.logo.save("logo.png", logo, save=False)
        delete_on_commit(change.logo.storage, replaced)
    change.save()
    if change_sectors:
        change.change_sectors = True
        change.save(update_fields=["change_sectors"])
        change.sectors.set(sectors)
    audit.record(
        acting_user,
        "listing.change_requested",
        company,
        to_state=ListingChange.Status.PENDING,
        details={"parts": change.summary},
    )
    return change


@transaction.atomic
def listing_change_cancel(*, change: ListingChange, acting_user: User) -> ListingChange:
    """The member withdraws a change that staff have not decided yet."""
    change = _lock_pending(change, _("Seule une modification en attente peut être annulée."))
    change.status = ListingChange.Status.CANCELLED
    change.decided_at = timezone.now()
    _drop_logo(change)
    change.save(update_fields=["status", "decided_at", "logo"])
    audit.record(
        acting_user,
        "listing.change_cancelled",
        change.company,
        from_state=ListingChange.Status.PENDING,
        to_state=change.status,
    )
    return change


@transaction.atomic
def listing_change_approve(*, change: ListingChange, acting_user: User, reason: str = "") -> ListingChange:
    """Staff approve: the proposed name, logo and trades go live."""
    change = _lock_pending(change, _("Seule une modification en attente peut être approuvée."))
    company = Company.objects.select_for_update().get(pk=change.company_id)
    fields = []
    if change.change_name:
        company.trade_name = change.trade_name
        fields.append("trade_name")
    if change.change_logo and change.logo:
        delete_on_commit(company.logo.storage, company.logo.name)  # the replaced logo
        company.logo.name = change.logo.name  # the re-encoded file becomes the live logo
        fields.append("logo")
    if fields:
        company.save(update_fields=[*fields, "updated_at"])
    if change.change_sectors:
        company.sectors.set(change.sectors.all())
    _decide(change, ListingChange.Status.APPROVED, acting_user, reason)
    audit.record(
        acting_user,
        "listing.change_approved",
        company,
        from_state=ListingChange.Status.PENDING,
        to_state=change.status,
        comment=reason,
        details={"parts": change.summary},
    )
    listing_refresh_search(company=company)
    _email(company, "directory/listing_change_approved", change)
    return change


@transaction.atomic
def listing_change_reject(*, change: ListingChange, acting_user: User, reason: str) -> ListingChange:
    """Staff refuse, with a reason the member reads; the listing stays as it was."""
    if not reason.strip():
        raise DirectoryError(_("Le motif du refus est obligatoire : l'adhérent le lira."))
    change = _lock_pending(change, _("Seule une modification en attente peut être refusée."))
    _drop_logo(change)
    _decide(change, ListingChange.Status.REJECTED, acting_user, reason)
    audit.record(
        acting_user,
        "listing.change_rejected",
        change.company,
        from_state=ListingChange.Status.PENDING,
        to_state=change.status,
        comment=reason,
        details={"parts": change.summary},
    )
    _email(change.company, "directory/listing_change_rejected", change)
    return change


def _lock_pending(change: ListingChange, message: str) -> ListingChange:
    change = ListingChange.objects.select_for_update().select_related("company").get(pk=change.pk)
    if change.status != ListingChange.Status.PENDING:
        raise DirectoryError(message)
    return change


def _drop_logo(change: ListingChange) -> None:
    """A refused or cancelled change's logo goes nowhere: delete the file (kept if the commit fails)."""
    delete_on_commit(change.logo.storage, change.logo.name)
    change.logo = ""


def _decide(change: ListingChange, status: str, acting_user: User, reason: str) -> None:
    change.status = status
    change.decision_reason = reason
    change.decided_by = acting_user
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decision_reason", "decided_by", "decided_at", "logo"])


def _email(company: Company, name: str, change: ListingChange) -> None:
    email_company(company, name, {"change": change})
