"""Demo data for `make run` (see jura_portal.demo): the members' offers, most of them for the
Christmas market. Idempotent: an offer is created once (by company and title), never overwritten."""

from datetime import timedelta

from django.utils import timezone

from events.models import Event
from members.models import Company, CompanyRole
from offers.models import Offer

# (words in the company's legal name, title, discount, description, conditions, days valid, Christmas market?)
DEMO_OFFERS = [
    (
        "Fromagerie des Rousses",
        "Coffrets comté et morbier pour vos clients",
        "-15 %",
        "Coffret en épicéa du Risoux : comté AOP 18 mois (400 g), morbier (250 g) et une carte de vœux "
        "à votre nom. Idéal pour remercier vos clients et vos salariés.",
        "À partir de 10 coffrets, commande avant le 10 décembre, retrait à la fromagerie ou livraison "
        "groupée à Lons-le-Saunier.",
        40,
        True,
    ),
    (
        "Fromagerie des Rousses",
        "Visite des caves d'affinage pour vos équipes",
        "gratuite",
        "Une heure dans nos caves avec un affineur, dégustation de trois âges de comté comprise.",
        "Groupes de 8 à 25 personnes, du lundi au vendredi, sur réservation.",
        150,
        False,
    ),
    (
        "Salaisons",
        "Paniers de saucisses de Morteau et jambon fumé",
        "-10 %",
        "Saucisses de Morteau IGP, jambon fumé au tuyé et brési en panier garni pour les fêtes.",
        "Commande minimale : 5 paniers. Livraison offerte dans le Haut-Doubs et le Haut-Jura.",
        35,
        True,
    ),
    (
        "Menuiserie Jeunet",
        "Présentoirs en bois du Jura pour vos stands",
        "-20 %",
        "Présentoirs et étagères démontables en épicéa et hêtre massifs, fabriqués à l'atelier, "
        "aux dimensions de votre stand de marché de Noël.",
        "Délai de fabrication : 3 semaines. Devis gratuit sur simple message.",
        30,
        True,
    ),
    (
        "Horlogerie Bailly",
        "Révision de vos horloges comtoises",
        "-25 %",
        "Révision complète du mouvement, nettoyage et réglage, à l'atelier ou chez vous.",
        "Déplacement offert dans un rayon de 30 km autour de Morez.",
        120,
        False,
    ),
    (
        "Brasserie de la Seille",
        "Bières de Noël en fût pour vos événements",
        "tireuse prêtée",
        "Notre bière de Noël aux épices en fût de 20 litres, avec la tireuse et les gobelets réutilisables.",
        "Caution de 150 € pour la tireuse, consigne des fûts.",
        45,
        True,
    ),
    (
        "Pipes Chapuis",
        "Pipes gravées au nom de votre entreprise",
        "-10 %",
        "Pipes de bruyère tournées à Saint-Claude, gravure de votre logo sur le fourneau : un cadeau "
        "d'affaires qui ne se jette pas.",
        "À partir de 6 pièces ; gravure offerte dès 12 pièces.",
        60,
        True,
    ),
    (
        "Miellerie du Revermont",
        "Miel de sapin et pains d'épices en coffret",
        "-12 %",
        "Miel de sapin du Jura, miel de fleurs du Revermont et pain d'épices maison, en coffret carton recyclé.",
        "Commande avant le 12 décembre.",
        40,
        True,
    ),
    (
        "Chocolaterie Dolois",
        "Ballotins de chocolats au vin jaune",
        "-15 %",
        "Ganaches au vin jaune et au macvin, pralinés aux noisettes : ballotins de 250 g et 500 g.",
        "Personnalisation du ruban à votre nom à partir de 20 ballotins.",
        35,
        True,
    ),
]


def load_offers() -> str:
    today = timezone.localdate()
    market = Event.objects.filter(kind=Event.Kind.CHRISTMAS_MARKET).order_by("starts_at").first()
    created = 0
    for words, title, discount, description, conditions, days, for_market in DEMO_OFFERS:
        company = Company.objects.filter(status=Company.Status.ACTIVE, legal_name__icontains=words).first()
        if company is None or Offer.objects.filter(company=company, title=title).exists():
            continue
        owner = CompanyRole.objects.filter(company=company, role=CompanyRole.Role.OWNER).first()
        Offer.objects.create(
            company=company,
            created_by=owner.user if owner else None,
            title=title,
            discount=discount,
            description=description,
            conditions=conditions,
            valid_until=today + timedelta(days=days),
            event=market if for_market else None,
        )
        created += 1
    return f"{created} offres entre adhérents" if created else ""
