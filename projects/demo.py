"""Demo data for `make run` (see jura_portal.demo): the bottle-reuse story, and a few other needs and projects.

Built through the services (the audit trail reads as it would have), then dated back to when things
happened. Idempotent: a project or need already there (by its slug or title) is left as it is.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from jura_portal.demo import DEMO_STAFF_PASSWORD, verified_person
from members.models import Company, User
from projects import rules, services
from projects.models import Commitment, Funding, Gate, Need, Phase, Project, Stakeholder, Unit
from reference.models import Commune, Sector

COMMITTEE = [
    # (email, first name, last name, local-authority seat)
    ("helene.marechal@jura-agglo.test", "Hélène", "Maréchal", True),
    ("paul.bourgeois@comite-projets.test", "Paul", "Bourgeois", False),
    ("nadia.faivre@comite-projets.test", "Nadia", "Faivre", False),
]
BOTTLES = "reemploi-des-bouteilles-du-jura"
CANNERY = "conserverie-pour-la-restauration-collective"
WOOD = "atelier-partage-de-decoupe-du-bois"


def _at(year: int, month: int, day: int = 15) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def _committee() -> list[User]:
    committee_group = Group.objects.get_or_create(name=rules.PROJECTS_COMMITTEE)[0]
    seats = Group.objects.get_or_create(name=rules.LOCAL_AUTHORITY_SEATS)[0]
    members = []
    for email, first, last, local in COMMITTEE:
        user = verified_person(email, first, last, DEMO_STAFF_PASSWORD, is_staff=True)
        user.groups.add(committee_group, *([seats] if local else []))
        members.append(user)
    return members


def _need(title: str, author: User, insee: str, trades: list[str], **fields) -> Need:
    need = Need.objects.filter(title=title).first()
    if need is not None:
        return need
    commune = Commune.objects.filter(insee_code=insee).first()
    return services.need_report(
        acting_user=author,
        title=title,
        commune=commune,
        trades=Sector.objects.filter(slug__in=trades),
        **fields,
    )


def _qualify(need: Need, staff: User, *, public: bool = True) -> Need:
    return services.need_qualify(
        need=need,
        acting_user=staff,
        in_territory=True,
        collective_interest=True,
        not_already_covered=True,
        is_public=public,
    )


def _gate(
    project: Project, members: list[User], *, values: list[int], outcome: str | None, when, **decision
) -> Gate:
    """Open the gate of the project's phase, every member scores, decide (when outcome), date it back."""
    gate = services.gate_open(project=project, acting_user=members[0])
    for criterion in gate.criteria.all():
        for member, value in zip(members, values, strict=False):
            services.score_record(criterion=criterion, acting_user=member, value=value, comment="")
    if outcome:
        services.gate_decide(gate=gate, acting_user=members[1], outcome=outcome, **decision)
        Gate.objects.filter(pk=gate.pk).update(opened_at=when - datetime.timedelta(days=21), decided_at=when)
        Project.objects.filter(pk=project.pk).update(phase_started_at=when)
    project.refresh_from_db()
    return gate


def _stake(project, staff, role, name, *, kind="organisation", org_type="other", company=None, email=""):
    if company is not None:
        return services.stakeholder_add(
            project=project, acting_user=staff, kind=Stakeholder.Kind.MEMBER, company=company, role=role
        )
    return services.stakeholder_add(
        project=project,
        acting_user=staff,
        kind=kind,
        name=name,
        organisation_type=org_type if kind == "organisation" else "",
        contact_email=email,
        role=role,
    )


def _commit(stakeholder, role, staff, kind, unit, quantity, *, status="confirmed", note=""):
    commitment = services.commitment_pledge(
        stakeholder=stakeholder,
        role=role,
        acting_user=staff,
        kind=kind,
        unit=unit,
        quantity=Decimal(quantity),
        note=note,
    )
    if status in ("confirmed", "delivered"):
        services.commitment_confirm(commitment=commitment, acting_user=staff)
    if status == "delivered":
        services.commitment_deliver(commitment=commitment, acting_user=staff)
    return commitment


def _bottles(staff: User, members: list[User]) -> None:
    winegrower = User.objects.filter(email="amandine.jacquet@vins-arbois.test").first() or staff
    need = _need(
        "Les bouteilles de vin du Jura partent à la refonte à 200 km",
        winegrower,
        "39013",
        ["viticulture-et-vins-du-jura", "transport-et-logistique"],
        description=(
            "Le vignoble du Jura utilise 10 millions de bouteilles par an ; 70 % sont bues dans le Jura, "
            "puis jetées et refondues à 200 km. Une filière de réemploi locale éviterait ce transport et "
            "ferait baisser le prix des bouteilles."
        ),
        affected="Les vignerons, les cavistes et les habitants qui trient leur verre.",
        evidence="Étude 2015 : 52 % des vignerons intéressés ; 95 % des étiquettes posées avec une colle insoluble.",
    )
    _qualify(need, staff)
    project = services.project_open_from_needs(
        needs=[need],
        acting_user=staff,
        title="Réemploi des bouteilles du Jura",
        summary=(
            "Collecter les bouteilles vides, les laver dans le Jura et les revendre 20 à 25 % moins cher aux "
            "vignerons : environ 2 emplois locaux pour 500 000 bouteilles."
        ),
        commune=Commune.objects.filter(insee_code="39198").first(),
    )
    Project.objects.filter(pk=project.pk).update(slug=BOTTLES, target_own_revenue_percent=60)
    project.refresh_from_db()
    _gate(
        project,
        members,
        values=[4, 4, 5],
        outcome="go",
        when=_at(2015, 3),
        rationale="Le besoin est chiffré.",
        public_summary="Le besoin est confirmé : l'étude d'opportunité commence.",
    )
    _gate(
        project,
        members,
        values=[2, 3, 2],
        outcome="recycle",
        when=_at(2016, 1),
        recycle_to=Phase.DIAGNOSIS,
        rationale="Les étiquettes collées avec une colle insoluble rendent le lavage trop coûteux.",
        public_summary="Le projet est remis à l'étude : il faut d'abord une colle d'étiquette hydrosoluble.",
        lessons_learned="95 % des étiquettes tiennent avec une colle insoluble : sans colle hydrosoluble, pas de lavage rentable.",
    )
    _gate(
        project,
        members,
        values=[4, 5, 4],
        outcome="go",
        when=_at(2021, 4),
        rationale="Les imprimeurs d'étiquettes proposent une colle hydrosoluble.",
        public_summary="Relance en 2021 avec des étiquettes hydrosolubles.",
    )

    place = {c.insee_code: c for c in Commune.objects.filter(insee_code__in=["39198", "39300", "39013"])}
    trades = {s.slug: s for s in Sector.objects.all()}

    def role(name, critical, slugs=(), insee=None, quantity=None, unit="", description=""):
        return services.role_add(
            project=project,
            acting_user=staff,
            name=name,
            is_critical=critical,
            description=description,
            trades=[trades[s] for s in slugs if s in trades],
            commune=place.get(insee),
            quantity_sought=Decimal(quantity) if quantity else None,
            unit=unit,
        )

    collection = role("Collecte des bouteilles", True, (), "39300", description="Points de dépôt et tri.")
    pallets = role(
        "Places de palettes en magasin",
        True,
        ("commerce-et-produits-du-terroir",),
        "39198",
        40,
        Unit.PALLET_PLACES,
    )
    logistics = role("Logistique inverse", True, ("transport-et-logistique",), "39198", 60, Unit.DAYS)
    washer = role(
        "Laveuse de bouteilles",
        True,
        (),
        "39198",
        description="Une station de lavage pour 1 M de bouteilles/an.",
    )
    glue = role(
        "R&D colle hydrosoluble avec les imprimeurs d'étiquettes", False, ("imprimerie-et-arts-graphiques",)
    )
    buyers = role(
        "Acheteurs : vignerons", True, ("viticulture-et-vins-du-jura",), "39013", 500000, Unit.UNITS_PER_YEAR
    )

    ecla = _stake(
        project,
        staff,
        collection,
        "Espace Communautaire Lons Agglomération",
        org_type="local_authority",
        email="dechets@ecla.test",
    )
    _commit(
        ecla,
        collection,
        staff,
        Commitment.Kind.MONEY,
        Unit.EUROS,
        "15000",
        status="delivered",
        note="Bacs de collecte.",
    )
    shop = _stake(
        project,
        staff,
        pallets,
        "Épicerie coopérative de Dole",
        org_type="retailer",
        email="contact@epicerie-dole.test",
    )
    _commit(shop, pallets, staff, Commitment.Kind.SPACE, Unit.PALLET_PLACES, "20")
    carrier = _stake(
        project,
        staff,
        logistics,
        "Transports Comtois (hors réseau)",
        org_type="other",
        email="exploitation@transports-comtois.test",
    )
    _commit(carrier, logistics, staff, Commitment.Kind.TIME, Unit.DAYS, "60")
    holder = _stake(
        project, staff, washer, "Juliette Grandjean", kind="person", email="juliette.grandjean@exemple.test"
    )
    _commit(
        holder,
        washer,
        staff,
        Commitment.Kind.TIME,
        Unit.DAYS,
        "200",
        note="Porteuse de la station de lavage.",
    )
    lab = _stake(
        project,
        staff,
        glue,
        "Laboratoire Chrono-environnement (Besançon)",
        org_type="lab",
        email="labo@univ.test",
    )
    _commit(lab, glue, staff, Commitment.Kind.TIME, Unit.DAYS, "30", status="pledged")
    jacquet = Company.objects.filter(legal_name="Domaine Jacquet").first()
    if jacquet is not None and jacquet.is_member:
        wine = _stake(project, staff, buyers, "", company=jacquet)
        _commit(wine, buyers, staff, Commitment.Kind.PURCHASE, Unit.UNITS_PER_YEAR, "20000")
    else:
        wine = _stake(project, staff, buyers, "Syndicat des vignerons (démo)", org_type="association")
        _commit(wine, buyers, staff, Commitment.Kind.PURCHASE, Unit.UNITS_PER_YEAR, "20000")

    _gate(
        project,
        members,
        values=[4, 4, 3],
        outcome="go",
        when=_at(2022, 6),
        rationale="Chaque rôle critique a un engagement confirmé.",
        public_summary="La chaîne de valeur tient : place à la faisabilité et à la recherche d'un porteur.",
    )
    services.holder_hand_over(project=project, acting_user=staff, holder_name="Juliette Grandjean")
    _gate(
        project,
        members,
        values=[4, 4, 4],
        outcome="go",
        when=_at(2023, 9),
        rationale="La porteuse reprend le projet ; le modèle est viable à 1 M de bouteilles.",
        public_summary="Juliette Grandjean lance la station de lavage : le projet entre en incubation.",
    )
    Project.objects.filter(pk=project.pk).update(handed_over_at=_at(2023, 7))

    reused = services.indicator_add(
        project=project,
        acting_user=staff,
        name="Bouteilles réemployées",
        unit="bouteilles",
        baseline=Decimal(0),
        target=Decimal(1_000_000),
    )
    jobs = services.indicator_add(
        project=project,
        acting_user=staff,
        name="Emplois créés",
        unit="ETP",
        baseline=Decimal(0),
        target=Decimal(4),
    )
    for year, bottles, fte in ((2024, 180_000, 1), (2025, 420_000, 2), (2026, 610_000, 3)):
        services.indicator_value_record(
            indicator=reused, acting_user=staff, period=datetime.date(year, 1, 1), value=Decimal(bottles)
        )
        services.indicator_value_record(
            indicator=jobs, acting_user=staff, period=datetime.date(year, 1, 1), value=Decimal(fte)
        )
    for year, public, sold, partners in (
        (2024, 60_000, 15_000, 10_000),
        (2025, 40_000, 45_000, 12_000),
        (2026, 25_000, 80_000, 15_000),
    ):
        for source, euros in (
            (Funding.Source.PUBLIC_SUBSIDY, public),
            (Funding.Source.SERVICES_SOLD, sold),
            (Funding.Source.MEMBERS_PARTNERS, partners),
        ):
            services.funding_record(
                project=project, acting_user=staff, year=year, source=source, amount_cents=euros * 100
            )
    services.project_set_published(project=project, acting_user=staff, is_published=True)


def _cannery(staff: User, members: list[User]) -> None:
    author = User.objects.filter(email="claire.vuillermoz@fromagerie-des-rousses.test").first() or staff
    need = _need(
        "Des légumes locaux dans les cantines toute l'année",
        author,
        "39300",
        ["elevage-et-agriculture", "restauration"],
        description="Les cantines du Jura voudraient servir des légumes du Jura en hiver : il faudrait une conserverie.",
        affected="Les collèges, les écoles et les maraîchers.",
    )
    _qualify(need, staff)
    project = services.project_open_from_needs(
        needs=[need],
        acting_user=staff,
        title="Conserverie pour la restauration collective",
        summary="Transformer les surplus des maraîchers en conserves pour les cantines du Jura.",
    )
    Project.objects.filter(pk=project.pk).update(slug=CANNERY)
    project.refresh_from_db()
    _gate(
        project,
        members,
        values=[4, 3, 4],
        outcome="go",
        when=_at(2023, 2),
        rationale="Besoin exprimé par trois collèges.",
        public_summary="L'étude d'opportunité commence.",
    )
    _gate(
        project,
        members,
        values=[1, 2, 1],
        outcome="kill",
        when=_at(2024, 1),
        rationale="Volumes maraîchers insuffisants ; cantines liées par des marchés pluriannuels.",
        public_summary="Le projet est arrêté : les volumes ne permettent pas une activité viable. Ses enseignements restent.",
        lessons_learned="Vérifier les volumes de production et les marchés publics en cours avant l'étude d'opportunité.",
    )
    services.project_set_published(project=project, acting_user=staff, is_published=True)


def _wood(staff: User, members: list[User]) -> None:
    author = User.objects.filter(email="sophie.bourgeois@bois-du-risoux.test").first() or staff
    need = _need(
        "Un atelier partagé de découpe du bois pour les artisans",
        author,
        "39478",
        ["scierie-et-bois", "menuiserie", "ebenisterie-et-meuble"],
        description="Les petits ateliers du Haut-Jura n'ont pas les moyens d'une machine de découpe numérique.",
        affected="Menuisiers, tourneurs et jouetiers du Haut-Jura.",
    )
    _qualify(need, staff)
    project = services.project_open_from_needs(
        needs=[need],
        acting_user=staff,
        title="Atelier partagé de découpe du bois",
        summary="Une machine de découpe numérique partagée entre artisans du Haut-Jura.",
        commune=Commune.objects.filter(insee_code="39478").first(),
    )
    Project.objects.filter(pk=project.pk).update(slug=WOOD)
    project.refresh_from_db()
    _gate(
        project,
        members,
        values=[4, 4, 4],
        outcome="go",
        when=_at(2026, 3),
        rationale="Douze ateliers intéressés.",
        public_summary="Le besoin est confirmé : l'étude d'opportunité commence.",
    )
    services.role_add(
        project=project,
        acting_user=staff,
        name="Scierie partenaire",
        is_critical=True,
        trades=Sector.objects.filter(slug="scierie-et-bois"),
        commune=project.commune,
    )
    services.role_add(
        project=project,
        acting_user=staff,
        name="Local de l'atelier",
        is_critical=True,
        quantity_sought=Decimal(200),
        unit=Unit.SQUARE_METRES,
        commune=project.commune,
    )
    # The opportunity gate is open, scored by two members so far: no quorum yet.
    _gate(project, members[1:], values=[3, 4], outcome=None, when=None)
    services.project_set_published(project=project, acting_user=staff, is_published=True)


def _loose_needs(staff: User) -> int:
    created = 0
    author = User.objects.filter(email="julien.grandclement@lunettes-morez.test").first() or staff
    if not Need.objects.filter(title="Une garde d'enfants aux horaires des ateliers à Morez").exists():
        _need(
            "Une garde d'enfants aux horaires des ateliers à Morez",
            author,
            "39368",
            [],
            description="Les ateliers commencent à 6 h : aucune crèche n'ouvre avant 7 h 30.",
            affected="Les salariés des lunetteries et leurs enfants.",
        )
        created += 1
    if not Need.objects.filter(title="Une recyclerie de skis").exists():
        need = _need(
            "Une recyclerie de skis",
            author,
            "39470",
            ["sports-et-loisirs-de-plein-air"],
            description="Les skis usés finissent en décharge.",
        )
        services.need_close(
            need=need,
            acting_user=staff,
            reason="Une filière nationale de reprise des skis existe déjà chez les magasins de sport.",
        )
        created += 1
    return created


@transaction.atomic
def load_projects() -> str:
    staff = User.objects.filter(is_superuser=True).order_by("pk").first()
    if staff is None:
        return ""
    members = _committee()
    created = 0
    for slug, build in ((BOTTLES, _bottles), (CANNERY, _cannery), (WOOD, _wood)):
        if not Project.objects.filter(slug=slug).exists():
            build(staff, members)
            created += 1
    needs = _loose_needs(staff)
    return f"{created} projets collectifs, {needs} besoins du territoire"
