"""What the seed document says: the four chantiers and their stage plans, meeting notes, annex 2's deliverables."""

from __future__ import annotations

from datetime import date


_DEMO_CHANTIERS = (
    # id, name, theme, kind, first meeting, meeting months, stage plan
    ("PRAT", "Chantier sur l'évolution des pratiques",
     "Le développement territorial intersectoriel et la collaboration avec les élus municipaux", "chantier",
     date(2012, 10, 11), (10, 1, 3, 5),
     (("État de situation", 2), ("Compréhension commune", 2), ("Ciblage", 2), ("Production", 7), ("Prétest", 2),
      ("Diffusion", 1)), date(2016, 6, 17)),
    ("COMP", "Chantier sur le développement des compétences",
     "Les compétences essentielles à l'agir-ensemble et leur prise de conscience", "chantier",
     date(2012, 10, 25), (10, 12, 3, 5),
     (("État de situation", 2), ("Compréhension commune", 3), ("Ciblage", 1), ("Production", 5),
      ("Expérimentation", 4), ("Diffusion", 1)), date(2016, 6, 22)),
    ("COND", "Chantier sur les conditions favorables au développement collectif",
     "L'engagement, condition fondamentale du développement collectif", "chantier",
     date(2012, 11, 8), (11, 2, 4, 6),
     (("État de situation", 3), ("Compréhension commune", 4), ("Ciblage", 3), ("Portraits d'initiatives", 3),
      ("Production", 5), ("Prétest", 2)), None),
    ("EVAL", "Groupe de travail sur l'évaluation",
     "L'évaluation utile aux démarches collectives : l'exploration pré-évaluative", "groupe_de_travail",
     date(2013, 10, 17), (10, 1, 3, 5),
     (("État de situation", 3), ("Compréhension commune", 3), ("Ciblage", 2), ("Production", 6), ("Prétest", 2)),
     None),
)
_REFLECTION_STAGES = {"État de situation", "Compréhension commune", "Ciblage", "Portraits d'initiatives"}
FUNDER = "Fonds québécois d'initiatives sociales"


_NOTES = {
    "PRAT": {
        "reflection": (
            "Tour de table : réalités régionales du développement territorial intersectoriel",
            "État de situation : avantages du développement territorial intersectoriel",
            "Enjeux et défis de l'intersectorialité",
            "Acteurs plus difficiles à rejoindre : élus, citoyens, secteur économique",
            "Débat : sur quels acteurs concentrer nos efforts?",
            "Ciblage : la collaboration avec les élus municipaux",
            "Ce qui favorise ou freine la contribution des élus",
        ),
        "retour": (
            "Lecture croisée des résultats du sondage",
            "Apprentissages tirés des groupes de discussion",
            "Retour réflexif sur le chemin parcouru",
        ),
        "production": (
            "Élaboration du questionnaire destiné aux élus municipaux",
            "Plan de diffusion du sondage avec les associations municipales",
            "Analyse des résultats du sondage (368 élus répondants)",
            "Rédaction du rapport de résultats du sondage",
            "Scénarimage de la vidéo d'animation",
            "Validation de la vidéo « La participation des élus au développement collectif »",
            "Rédaction du guide d'animation de l'atelier",
            "Prétest de l'atelier « Les clés pour se démarquer auprès des élus »",
            "Ajustements au guide à la suite du prétest",
            "Stratégie de diffusion et rôle de passeur des membres",
            "Mise en place du mécanisme pilote de suivi post-diffusion",
        ),
    },
    "COMP": {
        "reflection": (
            "État de situation sur le développement des compétences",
            "Les fonctions de l'agir-ensemble",
            "Identification des compétences essentielles",
            "Débat : manque d'offre ou manque de prise de conscience?",
            "Besoins des acteurs pour développer leurs compétences",
            "Ciblage : la prise de conscience des compétences",
        ),
        "retour": (
            "Retour sur l'expérimentation dans les démarches collectives",
            "Observation des effets de l'activité sur les groupes",
            "Retour réflexif sur le chemin parcouru",
        ),
        "production": (
            "Rédaction du document sur les compétences essentielles",
            "Validation de la version synthèse du document",
            "Diffusion du document et sondage de satisfaction",
            "Conception de l'activité de révélation des compétences",
            "Recrutement des huit démarches collectives pour l'expérimentation",
            "Suivi de l'expérimentation dans huit régions",
            "Bilan de l'expérimentation terrain",
            "Bonification du guide d'animation de l'activité",
            "Plan de diffusion du guide d'animation",
        ),
    },
    "COND": {
        "reflection": (
            "État de situation : conditions déterminantes du développement collectif",
            "Tour de table sur les conditions vécues dans nos milieux",
            "Débat sur les conditions à prioriser",
            "Ciblage : l'engagement, condition la plus significative",
            "Ce qui favorise l'engagement des acteurs",
            "Ce qui fait obstacle à l'engagement",
            "Portraits d'initiatives sur le terrain",
            "Analyse croisée des portraits d'initiatives",
            "Synthèse des apprentissages sur l'engagement",
            "Précision de l'angle de travail",
            "Retour sur l'équilibre entre réflexion et action",
        ),
        "retour": (
            "Synthèse des apprentissages sur l'engagement",
            "Précision de l'angle de travail",
            "Retour sur l'équilibre entre réflexion et action",
        ),
        "production": (
            "Structure de l'outil pratique sur l'engagement",
            "Rédaction des balises pour susciter et maintenir l'engagement",
            "Scénarimage de la vidéo introductive sur l'engagement",
            "Conception de l'activité d'animation de l'outil",
            "Préparation du test de l'activité (printemps 2017)",
            "Révision graphique de l'outil",
        ),
    },
    "EVAL": {
        "reflection": (
            "État de situation : l'évaluation dans les démarches collectives",
            "Préparation du sondage sur les pratiques d'évaluation",
            "Analyse des résultats du sondage (188 répondants)",
            "Groupes de discussion : huit démarches collectives témoignent",
            "Recherche documentaire sur les approches d'évaluation",
            "Débat : qu'est-ce qu'une évaluation utile?",
            "Ciblage : l'exploration pré-évaluative",
        ),
        "retour": (
            "Débat : qu'est-ce qu'une évaluation utile?",
            "Retour sur les besoins exprimés par les démarches collectives",
            "Retour réflexif sur le chemin parcouru",
        ),
        "production": (
            "Rédaction de la recension des pratiques d'évaluation",
            "Structure de l'outil de pré-évaluation",
            "Rédaction des fiches de l'outil",
            "Prétest de l'outil auprès de démarches collectives",
            "Ajustements à l'outil à la suite du prétest",
            "Plan de diffusion de l'outil (hiver 2018)",
        ),
    },
}
_OTHER_NOTES_OPEN = ("Accueil et tour de table", "Accueil et nouvelles des membres", "Mot de bienvenue et ordre du jour")
_OTHER_NOTES_CLOSE = ("Prochaines étapes et calendrier", "Bilan de la rencontre", "Suivis et prochaine rencontre")

# deliverables of annex 2: id, chantier, title, type, audience, production start, release (None: not yet)
_DEMO_DELIVERABLES = (
    ("PRAT-L1", "PRAT", "Résultats du sondage auprès des élus municipaux sur leur perception du développement collectif",
     "survey_report", "Acteurs du développement collectif et élus municipaux", date(2014, 1, 20), date(2014, 10, 20)),
    ("PRAT-L2", "PRAT", "La participation des élus au développement collectif (vidéo d'animation)",
     "video", "Tous les acteurs du développement collectif", date(2014, 11, 3), date(2015, 9, 24)),
    ("PRAT-L3", "PRAT", "Les clés pour se démarquer auprès des élus (guide d'animation de l'atelier)",
     "guide", "Praticiens et démarches collectives", date(2015, 3, 16), date(2016, 2, 15)),
    ("COMP-L1", "COMP", "Les compétences essentielles à l'agir-ensemble",
     "document", "Acteurs du développement collectif", date(2013, 10, 7), date(2014, 11, 27)),
    ("COMP-L2", "COMP", "Activité de révélation des compétences (guide d'animation)",
     "activity", "Démarches collectives", date(2015, 1, 12), date(2016, 6, 13)),
    ("COND-L1", "COND", "Outil pratique sur l'engagement",
     "tool", "Démarches et projets collectifs locaux, régionaux et nationaux", date(2016, 2, 8), None),
    ("COND-L2", "COND", "L'engagement : condition essentielle pour mener des changements collectifs (vidéo introductive)",
     "video", "Acteurs du développement collectif", date(2016, 9, 12), None),
    ("COND-L3", "COND", "Activité d'animation de l'outil d'engagement",
     "activity", "Démarches collectives", date(2016, 11, 7), None),
    ("EVAL-L1", "EVAL", "Recension des pratiques d'évaluation : sondage, groupes de discussion et documentation",
     "survey_report", "Démarches collectives et bailleurs de fonds", date(2014, 9, 8), date(2015, 6, 11)),
    ("EVAL-L2", "EVAL", "Outil pratique pour soutenir les démarches collectives dans les étapes menant à l'évaluation",
     "tool", "Démarches collectives", date(2016, 4, 18), None),
)
