"""The default criteria of each phase's gate, copied onto a gate when it opens (staff may add more)."""

from django.utils.translation import gettext_lazy as _

from projects.models import GateCriterion, Phase

MUST = GateCriterion.Kind.MUST
SHOULD = GateCriterion.Kind.SHOULD

DEFAULT_CRITERIA: dict[str, list[tuple[str, str]]] = {
    Phase.DIAGNOSIS: [
        (MUST, _("Le besoin est confirmé par des chiffres ou des témoignages")),
        (MUST, _("Le besoin n'est pas déjà couvert par un acteur du territoire")),
        (SHOULD, _("Plusieurs acteurs du territoire sont prêts à s'impliquer")),
    ],
    Phase.OPPORTUNITY: [
        (MUST, _("La chaîne de valeur est plausible")),
        (MUST, _("Chaque rôle critique a une partie prenante engagée")),
        (MUST, _("Les emplois et le gain environnemental sont estimés")),
        (SHOULD, _("Un premier modèle économique se dessine")),
    ],
    Phase.FEASIBILITY: [
        (MUST, _("Un porteur de projet reprend le projet")),
        (MUST, _("Le modèle économique est viable")),
        (SHOULD, _("Les financements de démarrage sont identifiés")),
    ],
    Phase.INCUBATION: [
        (MUST, _("L'activité est autonome (clients, équipe, trésorerie)")),
        (SHOULD, _("Les indicateurs d'impact sont suivis")),
    ],
}
