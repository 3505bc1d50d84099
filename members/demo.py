"""Demo companies and applications (fictional), built through the services so their history is real."""

from datetime import timedelta

from django.utils import timezone
from stdnum import luhn

from charter import services as charter_services
from charter.models import CharterVersion
from jura_portal.demo import DEMO_MEMBER_PASSWORD, verified_person
from members import lifecycle, services
from members.models import Application, Company, User
from reference.models import Commune, Sector

CHARTER_TEXT = """\
## 1. Des produits et services de qualité

L'entreprise conçoit, fabrique ou transforme dans le Jura une part essentielle de ce qu'elle vend.
Elle garantit la qualité de ses produits et services, en informe loyalement ses clients et
accepte que l'association vérifie ses engagements.

## 2. Le respect des personnes

- **Envers les salariés** : conditions de travail dignes, formation, dialogue, égalité.
- **Envers les fournisseurs** : prix justes, délais de paiement tenus, relations durables.
- **Envers les clients** : transparence, service après-vente, respect des engagements.

## 3. L'ancrage dans le territoire

L'entreprise privilégie les fournisseurs et les savoir-faire du Jura, participe à la vie du réseau
et n'a aucun projet de délocalisation de sa production hors du territoire.

## 4. L'usage du logo

Le logo Made in Jura ne s'appose que sur les produits approuvés par l'association, pendant la durée
de la licence, dans le respect de la charte graphique.
"""

# (legal name, trade name, person e-mail or None, commune INSEE code, sectors, description, products, target state)
DEMO_COMPANIES = [
    (
        "Fromagerie des Rousses SAS",
        "Fromagerie des Rousses",
        "claire.vuillermoz@fromagerie-des-rousses.test",
        "39470",
        ["fromagerie-et-affinage-de-comte"],
        "Affineurs de comté et de morbier depuis trois générations, au pied de la station des Rousses.",
        "Comté AOP 18 et 24 mois, morbier, bleu de Gex, visites de caves.",
        "active",
    ),
    (
        "Lunetterie Grandclément SARL",
        "Lunettes Grandclément",
        "julien.grandclement@lunettes-morez.test",
        "39368",
        ["lunetterie"],
        "Montures en acétate et en titane dessinées et assemblées à Morez.",
        "Montures optiques et solaires, réparations, séries limitées.",
        "submitted",
    ),
    (
        "Scierie du Risoux",
        "Bois du Risoux",
        "sophie.bourgeois@bois-du-risoux.test",
        "39228",
        ["scierie-et-bois", "charpente-et-construction-bois"],
        "Scierie familiale qui transforme l'épicéa du massif du Risoux en bois de charpente et de résonance.",
        "Bois de charpente, lames de bardage, bois de lutherie.",
        "info_requested",
    ),
    (
        "Jouets Cretin et Fils",
        "Atelier du Jouet de Moirans",
        "marc.cretin@jouets-moirans.test",
        "39333",
        ["jouet-et-tabletterie", "boissellerie-et-objets-en-bois"],
        "Jouets en bois et en matériaux biosourcés conçus à Moirans-en-Montagne, capitale du jouet.",
        "Jeux d'éveil, toupies, jeux de société en hêtre du Jura.",
        "draft",
    ),
    (
        "Domaine Jacquet",
        "Domaine Jacquet",
        "amandine.jacquet@vins-arbois.test",
        "39013",
        ["viticulture-et-vins-du-jura"],
        "Vignerons à Arbois : savagnin, trousseau et poulsard, vin jaune élevé sous voile.",
        "Vin jaune, crémant du Jura, macvin, visites et dégustations.",
        "in_review",
    ),
    (
        "Perrard Plasturgie SAS",
        "Perrard Plasturgie",
        "thomas.perrard@plasturgie-oyonnax.test",
        "39475",
        ["plasturgie"],
        "Injection plastique de précision et moules pour l'industrie, avec 40 % de matière recyclée.",
        "Pièces techniques injectées, outillages, éco-conception.",
        "suspended",
    ),
    (
        "Salaisons du Haut-Doubs et du Jura",
        "Salaisons Vuillet",
        None,
        "39097",
        ["salaisons-et-charcuterie"],
        "Saucisses de Morteau et jambons fumés au tuyé, bois de résineux du Jura.",
        "Saucisse fumée, jambon du Haut-Jura, brési.",
        "active",
    ),
    (
        "Menuiserie Jeunet",
        "Menuiserie Jeunet",
        None,
        "39300",
        ["menuiserie", "ebenisterie-et-meuble"],
        "Menuiserie intérieure et extérieure sur mesure en chêne et en frêne jurassiens.",
        "Fenêtres, escaliers, agencement de cuisines.",
        "active",
    ),
    (
        "Horlogerie Bailly",
        "Horloges Bailly",
        None,
        "39367",
        ["horlogerie"],
        "Fabrication et restauration d'horloges comtoises à Morbier.",
        "Horloges comtoises neuves, restauration de mouvements.",
        "active",
    ),
    (
        "Distillerie de Poligny",
        "Distillerie de Poligny",
        None,
        "39434",
        ["distillerie-et-liqueurs"],
        "Liqueurs et eaux-de-vie de fruits du Jura, distillées à l'alambic.",
        "Liqueur de sapin, eau-de-vie de gentiane, marc du Jura.",
        "lapsed",
    ),
    (
        "Brasserie de la Seille",
        "Brasserie de la Seille",
        None,
        "39056",
        ["brasserie-artisanale"],
        "Bières artisanales brassées avec l'orge de la Bresse jurassienne.",
        "Blonde, ambrée, bière au comté, visites de la brasserie.",
        "active",
    ),
    (
        "Pierres et Diamants de Saint-Claude",
        "Atelier Lacroix",
        None,
        "39478",
        ["taille-de-pierres-diamant-et-bijouterie"],
        "Taille de pierres fines et bijouterie, un savoir-faire de Saint-Claude depuis le XIXe siècle.",
        "Bijoux sur mesure, taille de pierres, réparation.",
        "resigned",
    ),
    (
        "Pipes Chapuis",
        "Pipes Chapuis",
        None,
        "39478",
        ["pipe-et-tournerie-sur-bois"],
        "Pipes de bruyère tournées et finies à la main à Saint-Claude.",
        "Pipes de bruyère, blagues à tabac, réparation.",
        "active",
    ),
    (
        "Miellerie du Revermont",
        "Miellerie du Revermont",
        None,
        "39475",
        ["apiculture-et-produits-de-la-ruche"],
        "Apiculteurs transhumants entre Revermont et Petite Montagne.",
        "Miels de sapin et d'acacia, pain d'épices, bougies.",
        "active",
    ),
    (
        "Savonnerie des Salines",
        "Savonnerie des Salines",
        None,
        "39500",
        ["cosmetiques-et-savonnerie"],
        "Savons saponifiés à froid au sel de Salins-les-Bains.",
        "Savons, sels de bain, coffrets cadeaux.",
        "excluded",
    ),
    (
        "Chocolaterie Dolois",
        "Chocolats de Dole",
        None,
        "39198",
        ["boulangerie-patisserie-et-chocolaterie"],
        "Chocolatier à Dole : ganaches au macvin et pralinés aux noisettes.",
        "Tablettes, bonbons de chocolat, bûches de Noël.",
        "active",
    ),
]


def make_siret(seed: int) -> str:
    """A valid, obviously fictional SIRET (SIREN 9xx… with Luhn keys), stable for a given seed."""
    siren_body = f"9{seed:07d}"
    siren = siren_body + luhn.calc_check_digit(siren_body)
    nic_body = siren + "0001"
    return nic_body + luhn.calc_check_digit(nic_body)


def load_charter() -> str:
    version, _ = CharterVersion.objects.get_or_create(
        number=1,
        defaults={
            "title": "Charte qualité et éthique Made in Jura",
            "body": CHARTER_TEXT,
            "published_at": timezone.now() - timedelta(days=400),
        },
    )
    return f"charte v{version.number}"


def load_companies() -> str:
    staff = User.objects.get(is_superuser=True, email__endswith="@madeinjura.test")
    charter = CharterVersion.objects.current()
    created = 0
    for seed, entry in enumerate(DEMO_COMPANIES, start=1):
        legal_name, trade_name, email, insee, sector_slugs, description, products, target = entry
        siret = make_siret(seed)
        if Company.objects.filter(siret=siret).exists():
            continue
        person = User.objects.filter(email=email).first() if email else None
        if person is None:
            local = legal_name.split()[0].lower()
            person = verified_person(
                f"contact{seed}@{local}.test", "Contact", legal_name, DEMO_MEMBER_PASSWORD
            )
        commune = Commune.objects.get(insee_code=insee)
        application = services.application_start(
            siret=siret,
            legal_name=legal_name,
            acting_user=person,
            trade_name=trade_name,
            legal_form=Company.LegalForm.SAS,
            size_band=Company.SizeBand.MICRO,
            phone="03 84 00 00 00",
            website="",
        )
        created += 1
        if target == "draft":
            continue
        services.application_update(
            application=application,
            acting_user=person,
            step=Application.Step.LOCATION,
            company_fields={
                "address": "1 rue de la Gare",
                "postal_code": commune.postal_codes[0],
                "commune": commune,
            },
        )
        services.application_update(
            application=application,
            acting_user=person,
            step=Application.Step.ACTIVITY,
            company_fields={
                "description": description,
                "products": products,
                "quality_evidence": "Membre d'une filière AOP / label local.",
            },
            sectors=list(Sector.objects.filter(slug__in=sector_slugs)),
        )
        services.application_update(
            application=application,
            acting_user=person,
            step=Application.Step.COMMITMENTS,
            application_fields={
                "ethics_employees": "Salariés en CDI, formation chaque année, intéressement aux résultats.",
                "ethics_suppliers": "Fournisseurs jurassiens payés à 30 jours, contrats pluriannuels.",
                "ethics_customers": "Prix affichés, garantie et réparation de nos produits.",
                "local_anchoring": "Atelier et emplois dans le Jura depuis la création.",
                "local_sourcing": "Plus de la moitié des matières achetées dans le Jura.",
                "no_relocation": True,
            },
        )
        if charter is not None:
            company = Company.objects.get(pk=application.company_id)
            charter_services.charter_sign(
                company=company,
                version=charter,
                acting_user=person,
                full_name=person.get_full_name() or legal_name,
                ip_address="127.0.0.1",
                user_agent="démo",
            )
        services.application_submit(application=application, acting_user=person)
        if target == "submitted":
            continue
        services.application_start_review(application=application, acting_user=staff)
        if target == "in_review":
            continue
        if target == "info_requested":
            services.application_request_info(
                application=application,
                acting_user=staff,
                message="Pouvez-vous joindre votre certificat PEFC et préciser la part de bois du Jura ?",
            )
            continue
        application.refresh_from_db()
        services.application_update_checklist(
            application=application,
            acting_user=staff,
            location=True,
            quality=True,
            ethics=True,
            notes="Visite faite.",
        )
        company = services.application_accept(application=application, acting_user=staff)
        if target == "suspended":
            lifecycle.company_suspend(
                company=company, acting_user=staff, reason="Réclamation client en cours d'examen."
            )
        elif target == "lapsed":
            lifecycle.company_lapse(
                company=company, acting_user=None, reason="Cotisation impayée après le délai de grâce."
            )
        elif target == "resigned":
            lifecycle.company_resign(company=company, acting_user=person, reason="Départ à la retraite.")
        elif target == "excluded":
            lifecycle.company_exclude(
                company=company, acting_user=staff, reason="Production délocalisée hors du Jura."
            )
    return f"{Company.objects.count()} entreprises ({created} nouvelles)"
