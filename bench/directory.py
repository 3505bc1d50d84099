"""The directory's share of the bench: 20,000 member companies with their listings, and its pages.

Later areas (dues, events, offers) reuse these companies: each has an owner
(the seeded users, one each, in order), a member number, a commune and trades;
most are active and have signed the charter in force, as in a real network.
"""

import random
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from bench.pages import Page, named
from bench.seed import BATCH_SIZE, batched, scaled
from charter.models import CharterVersion, Signature
from directory import services
from directory.models import Listing
from directory.search import normalize
from members.models import Company, CompanyRole, User
from reference.models import Commune, Sector

COMPANIES = 20_000
NAME_WORDS = [
    "Atelier",
    "Maison",
    "Ferme",
    "Domaine",
    "Établissements",
    "Fruitière",
    "Manufacture",
    "Scierie",
]
FAMILY_NAMES = [
    "Vuillet", "Cuenot", "Jeunet", "Prost", "Guyon", "Rousseau", "Mercier", "Girard", "Bourgeois", "Cretin",
    "Grandclément", "Vuillermoz", "Perrard", "Jacquet", "Lançon", "Chauvin", "Mignot", "Bailly",
]  # fmt: skip
PRODUCTS = [
    "comté AOP", "morbier", "bleu de Gex", "vin jaune", "crémant du Jura", "macvin", "fromages de chèvre",
    "saucisse de Morteau", "miel de sapin", "fenêtres en bois", "escaliers sur mesure", "charpentes",
    "planches d'épicéa", "montures de lunettes", "jouets en bois", "pipes de bruyère", "horloges comtoises",
    "savons au lait", "pièces décolletées", "moules pour la plasturgie", "bières artisanales", "meubles en chêne",
]  # fmt: skip
DESCRIPTIONS = [
    "{trade} installée à {commune} depuis {year}, fière de son savoir-faire jurassien.",
    "Entreprise familiale de {commune} : {trade_lower}, fabrication locale et service de proximité.",
    "Depuis {year}, nous travaillons à {commune} avec des fournisseurs du Jura.",
    "{trade} artisanale : conseils, fabrication et pose dans tout le département.",
]
STATUS_WEIGHTS = [("active", 90), ("suspended", 4), ("lapsed", 3), ("resigned", 3)]


def seed_companies(scale: float) -> int | None:
    """Member companies spread over the communes and trades, each with its owner, signature and listing."""
    communes = list(Commune.objects.select_related("epci").order_by("pk"))
    sectors = list(Sector.objects.order_by("pk"))
    owners = list(
        User.objects.filter(email__endswith="@bench.madeinjura.test")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not communes or not sectors or not owners:
        return None  # the reference data and the users come first
    rng = random.Random(20_002)
    count = min(scaled(COMPANIES, scale), len(owners))
    statuses = [status for status, weight in STATUS_WEIGHTS for _ in range(weight)]
    today = timezone.localdate()

    companies, trades_of = [], []
    for number in range(count):
        commune = rng.choice(communes)
        trades = rng.sample(sectors, rng.choice([1, 1, 2, 3]))
        name = f"{rng.choice(NAME_WORDS)} {rng.choice(FAMILY_NAMES)} {number:05d}"
        year = rng.randrange(1950, 2024)
        companies.append(
            Company(
                siret=f"39{number:012d}",
                legal_name=f"{name} SARL",
                trade_name=name,
                legal_form=Company.LegalForm.SARL,
                size_band=Company.SizeBand.MICRO,
                address=f"{rng.randrange(1, 80)} rue de la République",
                postal_code=(commune.postal_codes or ["39000"])[0],
                commune=commune,
                description=rng.choice(DESCRIPTIONS).format(
                    trade=trades[0].name, trade_lower=trades[0].name.lower(), commune=commune.name, year=year
                ),
                products=", ".join(rng.sample(PRODUCTS, 3)).capitalize() + ".",
                phone=f"03 84 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
                public_email=f"contact{number:05d}@bench.madeinjura.test",
                website=f"https://entreprise{number:05d}.example",
                status=rng.choice(statuses),
                member_number=f"MIJ-{number + 1:05d}",
                member_since=today - timedelta(days=rng.randrange(1, 15 * 365)),
                year_founded=year,
                slug=f"entreprise-{number:05d}",
            )
        )
        trades_of.append(trades)
    for batch in batched(companies):
        Company.objects.bulk_create(batch)

    links = Company.sectors.through
    links.objects.bulk_create(
        [
            links(company_id=c.pk, sector_id=s.pk)
            for c, trades in zip(companies, trades_of, strict=True)
            for s in trades
        ],
        batch_size=BATCH_SIZE,
    )
    CompanyRole.objects.bulk_create(
        [
            CompanyRole(company=c, user_id=owner, role=CompanyRole.Role.OWNER)
            for c, owner in zip(companies, owners, strict=False)
        ],
        batch_size=BATCH_SIZE,
    )
    version = CharterVersion.objects.current() or CharterVersion.objects.create(
        number=1, title="Charte Made in Jura", body="## Nos engagements", published_at=timezone.now()
    )
    Signature.objects.bulk_create(
        [
            Signature(
                company=c,
                version=version,
                signer_id=owner,
                full_name="Signataire",
                text_sha256=version.text_sha256,
            )
            for c, owner in zip(companies, owners, strict=False)
            if rng.random() < 0.97  # a few members have not signed the version in force
        ],
        batch_size=BATCH_SIZE,
    )
    Listing.objects.bulk_create(
        [
            Listing(
                company=c,
                slug=f"{c.slug}",
                is_listed=rng.random() < 0.95,
                commune_id=c.commune_id,
                epci_id=c.commune.epci_id,
                search_name=normalize(f"{c.trade_name} {c.legal_name}"),
                search_trades=normalize(" ".join(s.name for s in trades)),
                search_products=normalize(f"{c.products} {c.commune.name} {c.commune.epci.name}"),
                search_description=normalize(c.description),
            )
            for c, trades in zip(companies, trades_of, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )
    refresh_public()  # bulk inserts send no signal: who is public, in two UPDATEs
    return len(companies)


def refresh_public() -> None:
    """After every area's seed: the dues' invoices (seeded later) decide who is public too.

    The tables were just filled in bulk: without fresh statistics PostgreSQL may plan the rule's
    correlated subqueries as nested loops over thousands of rows (minutes instead of a second).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE members_company, directory_listing, charter_signature, charter_charterversion, dues_invoice"
        )
    services.listings_refresh_public()


def _listed_slug() -> str:
    listing = Listing.objects.listed().order_by("slug").first()
    return listing.get_absolute_url() if listing else "/annuaire/"


def _busiest_epci() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.slug FROM members_epci e JOIN members_commune c ON c.epci_id = e.id"
            " JOIN members_company co ON co.commune_id = c.id GROUP BY e.slug ORDER BY count(*) DESC LIMIT 1"
        )
        row = cursor.fetchone()
    return f"q=fromagerie&epci={row[0]}" if row else "q=fromagerie"


SEEDERS = [seed_companies]
AFTER_SEED = [refresh_public]
PAGES = [
    Page("directory", named("directory:list")),
    Page("directory search", named("directory:list", query="q=menuiserie")),
    # DESIGN's budget (p95 < 50 ms server time) is for any search, also one nobody made before.
    Page("directory search, never stored", named("directory:list", query="q=menuiserie"), new_each_time=True),
    Page("directory filtered search", lambda: named("directory:list", query=_busiest_epci())()),
    Page("directory page 5", named("directory:list", query="secteur=menuiserie&page=5")),
    Page("member page", _listed_slug),
]
