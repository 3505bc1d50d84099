"""Demo data for `make run` (see jura_portal.demo): the demo members' listings. Idempotent.

Listings come with membership (directory.receivers); this loader makes sure
each demo member has one and completes what a real member would have filled in
(public e-mail, website, a fuller presentation), without overwriting anything
somebody changed by hand: only blank fields are filled.
"""

from directory import services
from directory.models import Listing
from members.models import Company

# By SIRET-independent trade name: what each demo member tells the public.
DETAILS = {
    "Fromagerie des Rousses": {
        "description": (
            "Affineurs de comté et de morbier depuis trois générations, au pied de la station des Rousses. "
            "Nos meules reposent de 12 à 36 mois dans les caves d'altitude du fort, sur des planches d'épicéa."
        ),
        "products": "Comté AOP 12, 18, 24 et 36 mois ; morbier ; bleu de Gex ; raclette fumée ; visites de caves.",
        "website": "https://fromagerie-des-rousses.example",
    },
}
DEFAULT_WEBSITE = "https://{slug}.example"


def load_directory() -> str:
    created = 0
    for company in Company.objects.members().select_related("commune"):
        if not Listing.objects.filter(company=company).exists():
            created += 1
        details = DETAILS.get(company.display_name, {})
        fields = []
        for field in ("description", "products", "website"):
            if not getattr(company, field) and details.get(field):
                setattr(company, field, details[field])
                fields.append(field)
        if not company.public_email:
            company.public_email = f"contact@{company.slug}.example"
            fields.append("public_email")
        if not company.website:
            company.website = DEFAULT_WEBSITE.format(slug=company.slug)
            fields.append("website")
        if fields:
            company.save(update_fields=[*fields, "updated_at"])
        services.listing_ensure(company=company)
    listed = Listing.objects.listed().count()
    return f"annuaire : {listed} fiches publiques ({created} nouvelles)"
