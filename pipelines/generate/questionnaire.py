"""Survey wording: answer scales, the members' survey questions, open answers."""

from __future__ import annotations


AGREE_FR = ("Pas du tout d'accord", "Plutôt en désaccord", "Neutre", "Plutôt d'accord", "Tout à fait d'accord")
SATIS_FR = ("Très insatisfait", "Insatisfait", "Neutre", "Satisfait", "Très satisfait")

MEMBER_SURVEY_LIKERT = (
    ("confiance", "Le climat de confiance au sein du chantier m'a permis d'exprimer librement mes points de vue."),
    ("temps", "Nous avons disposé du temps nécessaire pour avancer ensemble, à notre rythme."),
    ("responsabilite", "La responsabilité des travaux a été partagée entre les membres."),
    ("diversite", "La diversité des membres et des savoirs a enrichi les travaux."),
    ("leadership", "L'animation et le soutien de l'équipe de coordination ont été de qualité."),
    ("equilibre", "L'équilibre entre la réflexion et l'action a été adéquat."),
    ("utilite", "Les productions du chantier sont utiles pour la pratique."),
)
MEMBER_SURVEY_OPEN = (
    "Selon vous, qu'est-ce qui a le plus contribué à la réussite du chantier?",
    "Que faudrait-il améliorer pour une prochaine génération de chantiers?",
)
MEMBER_SURVEY_CHANTIER_Q = "Dans quel chantier avez-vous été le plus impliqué(e)?"
OPEN_SUCCESS = (
    "La diversité des membres et la qualité des échanges.",
    "Le climat de confiance qui s'est installé au fil des rencontres.",
    "Une animation rigoureuse qui laissait beaucoup de place au groupe.",
    "Le fait de partir des besoins concrets du terrain.",
    "Des rencontres régulières, environ quatre par année, qui donnaient un rythme.",
    "La liberté de choisir collectivement notre angle de travail.",
    "Le soutien de l'équipe de coordination entre les rencontres.",
    "Le croisement des savoirs entre chercheurs, praticiens et citoyens.",
    "La possibilité de remettre en question, de réviser et de s'ajuster.",
    "Une synergie entre des personnes de milieux très différents mais aux valeurs proches.",
    "La présence de personnes de différents paliers d'intervention.",
    "Le sentiment de construire quelque chose d'utile, ensemble.",
)
OPEN_IMPROVE = (
    "Préciser davantage la thématique de départ pour passer plus vite à l'action.",
    "Prévoir plus de temps et de ressources pour la mise en forme des productions.",
    "Planifier la diffusion dès le début de la production.",
    "Mieux accueillir les nouveaux membres sans refaire tout le chemin parcouru.",
    "Nous avons passé beaucoup de temps en réflexion; un échéancier plus clair aurait aidé.",
    "Suivre l'utilisation des outils après leur diffusion.",
    "Plus de rencontres en présentiel : le virtuel est moins riche.",
    "S'entendre plus tôt sur la propriété des contenus et le rôle de chacun dans la diffusion.",
    "Une présentation graphique plus soignée des documents.",
    "Prévoir un accompagnement pour l'appropriation des outils dans les milieux.",
)
OPEN_USE = (
    "Utilisé lors d'une rencontre de notre table de concertation.",
    "Nous l'avons adapté pour un atelier avec nos partenaires.",
    "Lecture en équipe pour faire le point sur nos compétences.",
    "Partagé avec les membres de notre comité de coordination.",
    "Utile pour préparer l'accueil de nouveaux partenaires.",
    "Pas encore utilisé, mais prévu cet automne.",
    "Très clair, nous l'avons présenté à notre conseil d'administration.",
    "Il manque des exemples concrets pour les milieux ruraux.",
)
