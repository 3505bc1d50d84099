"""Keep each listing in step with its company, wherever the change comes from (the member's edits,
staff in the admin, the membership's moves, the charter, the dues, renamed reference data):
its search data, and whether the public sees it (Listing.is_public, see directory.services)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from charter.models import CharterVersion, Signature
from directory import services, version
from directory.models import Listing
from dues.signals import invoice_cancelled, invoice_issued, invoice_paid
from jura_portal import pagecache
from members.models import Company
from members.signals import company_status_changed
from reference.models import Commune, Epci, FormerCommune, Sector

# Whatever a public page shows of a member, its listing, its trades or its place: saved or deleted,
# the stored public pages are rendered again (listing rows changed in bulk move it via version.bump).
pagecache.watch(Company, Listing, Sector, Commune, FormerCommune, Epci)


@receiver(company_status_changed)
def listing_for_new_members(sender, company: Company, previous: str, actor, **kwargs) -> None:
    """A new member gets its listing (listed by default). Later moves save the company, and
    `company_saved` below refreshes the listing then: doing it here too would do it twice."""
    if company.member_number and not Listing.objects.filter(company_id=company.pk).exists():
        services.listing_ensure(company=company)


@receiver(post_save, sender=Company)
def company_saved(sender, instance: Company, raw: bool = False, **kwargs) -> None:
    if not raw and Listing.objects.filter(company_id=instance.pk).exists():
        services.listing_refresh_search(company=instance)
        services.listing_refresh_public(company=instance)  # its status may have changed (admin, lifecycle)


@receiver(post_save, sender=Listing)
def listing_saved(sender, instance: Listing, raw: bool = False, **kwargs) -> None:
    """A listing saved (created, or edited by staff in the admin): its choice to be listed is an input."""
    if not raw:
        services.listing_refresh_public(company=instance.company)


@receiver(post_delete, sender=Listing)
def listing_deleted(sender, instance: Listing, **kwargs) -> None:
    version.bump()


@receiver([post_save, post_delete], sender=Signature)
def signature_changed(sender, instance: Signature, raw: bool = False, **kwargs) -> None:
    """Signing the charter in force lists the member again (deleting a signature, staff only, unlists)."""
    if not raw:
        services.listing_refresh_public(company=instance.company)


@receiver([post_save, post_delete], sender=CharterVersion)
def charter_version_changed(sender, instance: CharterVersion, raw: bool = False, **kwargs) -> None:
    """A version published becomes the one to sign: every listing is decided again (two UPDATEs)."""
    if not raw and (instance.published_at is not None or kwargs.get("signal") is post_delete):
        services.listings_refresh_public()


def _invoice_changed(sender, invoice, **kwargs) -> None:
    services.listing_refresh_public(company=invoice.company)


for name, dues_signal in (
    ("issued", invoice_issued),
    ("paid", invoice_paid),
    ("cancelled", invoice_cancelled),
):
    dues_signal.connect(_invoice_changed, dispatch_uid=f"directory-invoice-{name}")


@receiver(m2m_changed, sender=Company.sectors.through)
def company_trades_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # a sector's companies changed
        services.listings_refresh_search(companies=Company.objects.filter(pk__in=pk_set or []))
    elif Listing.objects.filter(company_id=instance.pk).exists():
        services.listing_refresh_search(company=instance)


@receiver(post_save, sender=Sector)
def sector_saved(sender, instance: Sector, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        services.listings_refresh_search(companies=Company.objects.filter(sectors=instance))


@receiver(post_save, sender=Commune)
def commune_saved(sender, instance: Commune, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        services.listings_refresh_search(companies=Company.objects.filter(commune=instance))


@receiver([post_save, post_delete], sender=FormerCommune)
def former_commune_changed(sender, instance: FormerCommune, raw: bool = False, **kwargs) -> None:
    """A former commune added, renamed or removed (the commune's admin page): the listings of its
    commune are searched by it, and their member pages name it (« Morez (Hauts de Bienne) »)."""
    if not raw:
        services.listings_refresh_search(companies=Company.objects.filter(commune_id=instance.commune_id))


@receiver(post_save, sender=Epci)
def epci_saved(sender, instance: Epci, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        services.listings_refresh_search(companies=Company.objects.filter(commune__epci=instance))
