"""The demo's survey answers: three long surveys and the members' wide export."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import polars as pl

from pipelines.contract import REGIONS
from pipelines.generate.demo_document import _DEMO_CHANTIERS
from pipelines.generate.questionnaire import (
    AGREE_FR, MEMBER_SURVEY_CHANTIER_Q, MEMBER_SURVEY_LIKERT, MEMBER_SURVEY_OPEN, OPEN_IMPROVE, OPEN_SUCCESS,
    OPEN_USE, SATIS_FR,
)
from pipelines.generate.streams import _choice


def _likert(rng: np.random.Generator, mean: float, n: int) -> np.ndarray:
    return np.clip(np.rint(mean + rng.normal(0, 0.75, n)), 1, 5).astype(int)


def _demo_responses(rng: np.random.Generator, people: list[dict], members: list[dict]) -> tuple[list[dict], pl.DataFrame]:
    long: list[dict] = []

    def add(sid, rid, qid, question, answer):
        if answer is not None and answer != "":
            long.append(dict(survey_id=sid, respondent_id=rid, question_id=qid, answer=str(answer), question=question))

    # elected officials (368): fielded by the évolution des pratiques chantier
    muni = ("Municipalité de moins de 2 000 habitants", "Municipalité de 2 000 à 10 000 habitants",
            "Ville de plus de 10 000 habitants", "MRC")
    roles = ("Maire ou mairesse", "Conseiller ou conseillère", "Préfet ou préfète")
    brakes = ("Manque de temps", "Méconnaissance des démarches collectives", "Sollicitations trop nombreuses",
              "Démarches perçues comme éloignées des priorités municipales", "Manque de reconnaissance du rôle des élus")
    for i in range(368):
        rid = f"E{i + 1:03d}"
        add("elus2014", rid, "Q1", "Type de municipalité", muni[int(_choice(rng, 1, (0.45, 0.3, 0.15, 0.1))[0])])
        add("elus2014", rid, "Q2", "Votre fonction", roles[int(_choice(rng, 1, (0.3, 0.62, 0.08))[0])])
        add("elus2014", rid, "Q3", "Le développement collectif fait partie du rôle des élus municipaux (1 à 5).",
            int(_likert(rng, 3.9, 1)[0]))
        add("elus2014", rid, "Q4", "Principal frein à votre participation aux démarches de développement collectif",
            brakes[int(_choice(rng, 1, (0.32, 0.26, 0.18, 0.14, 0.10))[0])] if rng.random() < 0.93 else None)
        add("elus2014", rid, "Q5", "Région administrative", REGIONS[str(rng.choice(list(REGIONS)))])
    # evaluation practices (188)
    orgs = ("Organisme communautaire", "Table de concertation", "Réseau de la santé", "Municipalité ou MRC",
            "Fondation ou bailleur de fonds", "Autre")
    needs = ("Préciser nos questions d'évaluation", "Choisir une approche adaptée", "Trouver des ressources",
             "Utiliser les résultats", "Impliquer les partenaires dans l'évaluation")
    for i in range(188):
        rid = f"V{i + 1:03d}"
        add("evaluation2014", rid, "Q1", "Type d'organisation", orgs[int(_choice(rng, 1, (0.34, 0.26, 0.14, 0.1, 0.08, 0.08))[0])])
        did = rng.random() < 0.58
        add("evaluation2014", rid, "Q2", "Votre démarche a-t-elle réalisé une évaluation au cours des trois dernières années?",
            "Oui" if did else "Non")
        if did:
            add("evaluation2014", rid, "Q3", "L'évaluation a été utile pour faire progresser la démarche.",
                AGREE_FR[int(_likert(rng, 3.5, 1)[0]) - 1])
        add("evaluation2014", rid, "Q4", "Principal besoin en matière d'évaluation",
            needs[int(_choice(rng, 1, (0.3, 0.22, 0.2, 0.16, 0.12))[0])])
    # satisfaction with the competences document (users)
    for i in range(74):
        rid = f"U{i + 1:03d}"
        add("competences2015", rid, "Q1", "Satisfaction globale à l'égard du document", SATIS_FR[int(_likert(rng, 4.2, 1)[0]) - 1])
        add("competences2015", rid, "Q2", "Le contenu est pertinent pour ma pratique.", AGREE_FR[int(_likert(rng, 4.3, 1)[0]) - 1])
        used = ("Oui", "Non", "Pas encore")[int(_choice(rng, 1, (0.55, 0.15, 0.30))[0])]
        add("competences2015", rid, "Q3", "Avez-vous utilisé le document dans votre démarche collective?", used)
        if used == "Oui" and rng.random() < 0.6:
            add("competences2015", rid, "Q4", "Comment l'avez-vous utilisé?", OPEN_USE[int(rng.integers(0, len(OPEN_USE)))])

    # the members' end-of-cycle survey, exported wide by the survey tool
    fielded = datetime(2016, 11, 14, 8, 30)
    active = {}
    for mb in members:
        if mb["left_on"] is None or mb["left_on"] > date(2016, 6, 1):
            active.setdefault(mb["member_id"], mb)
    eligible = [p for p in people if p["member_id"] in active]
    chosen = rng.choice(len(eligible), size=41, replace=False).tolist()  # in order of answering
    names = {c[0]: c[1] for c in _DEMO_CHANTIERS}
    offsets = np.sort(rng.choice(21 * 24 * 3600, size=len(chosen), replace=False))
    means = {"confiance": 4.4, "temps": 3.9, "responsabilite": 4.0, "diversite": 4.6, "leadership": 4.5,
             "equilibre": 3.5, "utilite": 4.1}
    table: dict[str, list] = {"Horodateur": [], "Nom": [], "Courriel": [], MEMBER_SURVEY_CHANTIER_Q: []}
    for _, q in MEMBER_SURVEY_LIKERT:
        table[q] = []
    for q in MEMBER_SURVEY_OPEN:
        table[q] = []
    for off, idx in zip(offsets.tolist(), chosen):
        p = eligible[idx]
        mb = active[p["member_id"]]
        table["Horodateur"].append((fielded + timedelta(seconds=int(off))).strftime("%Y-%m-%d %H:%M:%S"))
        table["Nom"].append(mb["full_name"] if rng.random() < 0.9 else "")
        table["Courriel"].append(mb["email"])
        table[MEMBER_SURVEY_CHANTIER_Q].append(names[p["primary"]])
        person = rng.normal(0, 0.35)
        for key, q in MEMBER_SURVEY_LIKERT:
            mean = means[key] + person
            if p["primary"] == "COND" and key in ("equilibre", "utilite"):
                mean -= 0.9 if key == "equilibre" else 0.5
            if rng.random() < 0.03:
                table[q].append("")
            else:
                table[q].append(AGREE_FR[int(_likert(rng, mean, 1)[0]) - 1])
        table[MEMBER_SURVEY_OPEN[0]].append(OPEN_SUCCESS[int(rng.integers(0, len(OPEN_SUCCESS)))] if rng.random() < 0.65 else "")
        table[MEMBER_SURVEY_OPEN[1]].append(OPEN_IMPROVE[int(rng.integers(0, len(OPEN_IMPROVE)))] if rng.random() < 0.5 else "")
    return long, pl.DataFrame(table)
