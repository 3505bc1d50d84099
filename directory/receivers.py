"""Keep each listing's search data in step with its company, wherever the change comes from
(the member's edits, staff in the admin, the membership's moves, renamed reference data)."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from directory import services
from directory.models import Listing
from members.models import Commune, Company, Epci, Sector
from members.signals import company_status_changed


@receiver(company_status_changed)
def listing_follows_membership(sender, company: Company, previous: str, actor, **kwargs) -> None:
    """A new member gets its listing (listed by default); every move refreshes it."""
    if company.member_number:
        services.listing_ensure(company=company)


@receiver(post_save, sender=Company)
def company_saved(sender, instance: Company, raw: bool = False, **kwargs) -> None:
    if not raw and Listing.objects.filter(company_id=instance.pk).exists():
        services.listing_refresh_search(company=instance)


@receiver(m2m_changed, sender=Company.sectors.through)
def company_trades_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # a sector's companies changed
        services.refresh_listings(Company.objects.filter(pk__in=pk_set or []))
    elif Listing.objects.filter(company_id=instance.pk).exists():
        services.listing_refresh_search(company=instance)


@receiver(post_save, sender=Sector)
def sector_saved(sender, instance: Sector, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        services.refresh_listings(Company.objects.filter(sectors=instance))


@receiver(post_save, sender=Commune)
def commune_saved(sender, instance: Commune, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        services.refresh_listings(Company.objects.filter(commune=instance))


@receiver(post_save, sender=Epci)
def epci_saved(sender, instance: Epci, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        services.refresh_listings(Company.objects.filter(commune__epci=instance))
