"""THE DEMO (scale 1): the seed document's four chantiers, as the files coordinators keep."""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.generate.demo_diffusion import _demo_diffusion
from pipelines.generate.demo_document import _DEMO_CHANTIERS, _DEMO_DELIVERABLES, FUNDER
from pipelines.generate.demo_meetings import _demo_agenda, _demo_attendance, _demo_meetings
from pipelines.generate.demo_people import _demo_members, _demo_people
from pipelines.generate.demo_responses import _demo_responses
from pipelines.generate.forms import _Out
from pipelines.generate.streams import _rng


DEMO_SNAPSHOT = date(2017, 6, 15)  # the demo is a picture of the files in June 2017
DEMO_WIDE_FILE = "responses_membres2016.xlsx"
DEMO_SURVEYS = {
    "membres2016": "members' end-of-cycle survey (wide export, responses_membres2016.xlsx)",
    "elus2014": "survey of municipal elected officials, 368 respondents (long, reponses.csv)",
    "evaluation2014": "survey on evaluation practices, 188 respondents (long, reponses.csv)",
    "competences2015": "satisfaction survey on the competences document (long, reponses.csv)",
}


def _frame(rows: list[dict], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def _demo_outs(seed: int) -> list[_Out]:
    meetings = _demo_meetings(_rng(seed, "demo:meetings"))
    agenda = _demo_agenda(_rng(seed, "demo:agenda"), meetings)
    people = _demo_people(_rng(seed, "demo:people"))
    members = _demo_members(_rng(seed, "demo:members"), people, meetings)
    attendance = _demo_attendance(_rng(seed, "demo:attendance"), members, meetings)
    diffusion = _demo_diffusion(_rng(seed, "demo:diffusion"))
    long, wide = _demo_responses(_rng(seed, "demo:responses"), people, members)

    chantiers = pl.DataFrame(
        [dict(chantier_id=c[0], name=c[1], theme=c[2], kind=c[3], started_on=c[4], ended_on=c[7], funder=FUNDER)
         for c in _DEMO_CHANTIERS],
        schema={"chantier_id": pl.Utf8, "name": pl.Utf8, "theme": pl.Utf8, "kind": pl.Utf8, "started_on": pl.Date,
                "ended_on": pl.Date, "funder": pl.Utf8})
    members_df = _frame(members, {"member_id": pl.Utf8, "chantier_id": pl.Utf8, "joined_on": pl.Date,
                                  "full_name": pl.Utf8, "email": pl.Utf8, "organisation": pl.Utf8, "region": pl.Utf8,
                                  "level": pl.Utf8, "function": pl.Utf8, "practice_field": pl.Utf8,
                                  "left_on": pl.Date, "_female": pl.Boolean})
    meetings_df = _frame([{k: v for k, v in m.items() if not k.startswith("_")} for m in meetings],
                         {"meeting_id": pl.Utf8, "chantier_id": pl.Utf8, "held_on": pl.Date,
                          "duration_minutes": pl.Int64, "format": pl.Utf8, "stage": pl.Utf8})
    agenda_df = _frame(agenda, {"meeting_id": pl.Utf8, "item": pl.Utf8, "kind": pl.Utf8, "minutes": pl.Int64,
                                "notes": pl.Utf8})
    att_df = _frame(attendance, {"meeting_id": pl.Utf8, "member_id": pl.Utf8, "status": pl.Utf8,
                                 "_female": pl.Boolean, "_year": pl.Int64})
    att_df = att_df.with_columns(
        (pl.col("meeting_id").str.slice(0, 6) + "99").alias("_next_meeting"))
    deliv_df = _frame([dict(deliverable_id=d[0], chantier_id=d[1], title=d[2], type=d[3], audience=d[4],
                            production_started_on=d[5], released_on=d[6]) for d in _DEMO_DELIVERABLES],
                      {"deliverable_id": pl.Utf8, "chantier_id": pl.Utf8, "title": pl.Utf8, "type": pl.Utf8,
                       "audience": pl.Utf8, "production_started_on": pl.Date, "released_on": pl.Date})
    diff_df = _frame(diffusion, {"deliverable_id": pl.Utf8, "observed_on": pl.Utf8, "channel": pl.Utf8,
                                 "metric": pl.Utf8, "value": pl.Float64, "region": pl.Utf8, "_dec": pl.Boolean,
                                 "_code": pl.Boolean})
    surveys_df = _frame([
        dict(survey_id="elus2014", title="Sondage auprès des élus municipaux sur leur perception du développement collectif",
             audience="external", chantier_id="PRAT", deliverable_id=None, fielded_on=date(2014, 4, 14)),
        dict(survey_id="evaluation2014", title="Sondage sur les pratiques d'évaluation des démarches collectives",
             audience="external", chantier_id="EVAL", deliverable_id=None, fielded_on=date(2014, 10, 20)),
        dict(survey_id="competences2015",
             title="Sondage de satisfaction : Les compétences essentielles à l'agir-ensemble",
             audience="users", chantier_id="COMP", deliverable_id="COMP-L1", fielded_on=date(2015, 2, 16)),
        dict(survey_id="membres2016", title="Sondage de fin de cycle auprès des membres des chantiers",
             audience="members", chantier_id=None, deliverable_id=None, fielded_on=date(2016, 11, 14)),
    ], {"survey_id": pl.Utf8, "title": pl.Utf8, "audience": pl.Utf8, "chantier_id": pl.Utf8,
        "deliverable_id": pl.Utf8, "fielded_on": pl.Date})
    long_df = _frame(long, {"survey_id": pl.Utf8, "respondent_id": pl.Utf8, "question_id": pl.Utf8,
                            "answer": pl.Utf8, "question": pl.Utf8})

    early = att_df.filter(pl.col("_year") <= 2014)
    late = att_df.filter(pl.col("_year") >= 2015)
    return [
        _Out("chantiers.csv", "chantiers", chantiers,
             {"chantier_id": "chantier_id", "name": "name", "theme": "theme", "kind": "kind",
              "started_on": "started_on", "ended_on": "ended_on", "funder": "funder"}, vocab="en"),
        _Out("membres.csv", "members", members_df,
             {"member_id": "Membre", "chantier_id": "Chantier", "full_name": "Nom complet", "email": "Courriel",
              "organisation": "Organisme", "region": "Région", "level": "Palier", "function": "Fonction",
              "practice_field": "Champ de pratique", "joined_on": "Date d'arrivée", "left_on": "Date de départ"},
             sep=";", encoding="cp1252", crlf=True, dates="dmy"),
        _Out("rencontres.xlsx", "meetings", meetings_df,
             {"meeting_id": "Rencontre", "chantier_id": "Chantier", "held_on": "Date",
              "duration_minutes": "Durée (minutes)", "format": "Modalité", "stage": "Étape"}, sheet="rencontres"),
        _Out("ordre_du_jour.csv", "agenda", agenda_df,
             {"meeting_id": "Rencontre", "item": "Point", "kind": "Nature", "minutes": "Durée", "notes": "Remarques"},
             sep=";", encoding="utf-8-sig", crlf=True),
        _Out("presences-2012-2014.csv", "attendance", early,
             {"meeting_id": "Rencontre", "member_id": "Membre", "status": "Statut"}, sep=";", crlf=True),
        _Out("presences-2015-2017.csv", "attendance", late,
             {"meeting_id": "rencontre_id", "member_id": "membre_id", "status": "Présence"}, sep="\t",
             orphans=True),
        _Out("suivi_livrables.xlsx", "deliverables", deliv_df,
             {"deliverable_id": "Livrable", "chantier_id": "Chantier", "title": "Titre", "type": "Type",
              "audience": "Public cible", "production_started_on": "Début de production",
              "released_on": "Date de diffusion"}, sheet="livrables"),
        _Out("suivi_livrables.xlsx", "diffusion", diff_df,
             {"deliverable_id": "Livrable", "observed_on": "Période", "channel": "Canal", "region": "Région",
              "metric": "Mesure", "value": "Valeur"}, sheet="suivis", regions="mixed", decimal_comma=True),
        _Out("suivi_livrables.xlsx", "surveys", surveys_df,
             {"survey_id": "Sondage", "title": "Titre", "audience": "Public", "chantier_id": "Chantier",
              "deliverable_id": "Livrable", "fielded_on": "Date de collecte"}, sheet="sondages"),
        _Out("reponses.csv", "responses", long_df,
             {"survey_id": "Sondage", "respondent_id": "Répondant", "question_id": "No question",
              "question": "Question", "answer": "Réponse"}),
        _Out(DEMO_WIDE_FILE, "responses", wide, {c: c for c in wide.columns}, sheet="Réponses au formulaire 1",
             wide_questions=tuple(c for c in wide.columns if c not in ("Horodateur", "Nom", "Courriel")),
             datetime_cols=("Horodateur",)),
    ]
