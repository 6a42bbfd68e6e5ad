"""Every form of the data contract is read into the same typed rows (table-driven)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from pipelines.read import read_tables
from pipelines.validate import validate
from tests.filemaker import write_csv, write_xlsx

MEMBERS_FR = [
    ["Membre", "Chantier", "Date d'arrivée", "Nom complet", "Région", "Fonction", "Palier", "Champ de pratique"],
    ["M1", "C1", "01/10/2012", "Hélène Côté", "Lanaudière", "Citoyenne", "Régional", "Santé publique"],
    ["M2", "C1", "15-01-2013", "Loïc Bérubé", "03", "CHERCHEUR", "national", "Éducation"],
]
EXPECTED_MEMBERS = [
    {"member_id": "M1", "chantier_id": "C1", "joined_on": dt.date(2012, 10, 1), "full_name": "Hélène Côté",
     "region": "14", "function": "citizen", "level": "regional", "practice_field": "Santé publique"},
    {"member_id": "M2", "chantier_id": "C1", "joined_on": dt.date(2013, 1, 15), "full_name": "Loïc Bérubé",
     "region": "03", "function": "researcher", "level": "national", "practice_field": "Éducation"},
]


def _validated(path: Path, sheet: str | None = None):
    tables = [t for t in read_tables(path) if not isinstance(t, tuple)]
    table = next(t for t in tables if sheet is None or t.sheet == sheet)
    return table, validate(table)


def _rows(frame: pl.DataFrame, columns: list[str]) -> list[dict]:
    return frame.select(columns).to_dicts()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])  # utf-16: Excel's "Texte Unicode"
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_delimiters_read_the_same(tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "membres.csv", MEMBERS_FR, encoding=encoding, delimiter=delimiter)
    table, v = _validated(path)
    assert table.source.name == "members"
    assert v.rejects.height == 0, v.rejects.to_dicts()
    assert _rows(v.accepted, list(EXPECTED_MEMBERS[0])) == EXPECTED_MEMBERS
    assert v.accepted.get_column("_row").to_list() == [2, 3]


def test_xlsx_one_source_per_file_with_excel_date_cells(tmp_path):
    rows = [["Rencontre", "Chantier", "Date", "Durée (minutes)"],
            ["R1", "C1", dt.date(2015, 3, 27), 180], ["R2", "C1", "27/03/2015", 90.0]]
    table, v = _validated(write_xlsx(tmp_path / "rencontres_2015.xlsx", {"Feuil1": rows}))
    assert table.source.name == "meetings" and table.is_excel
    assert _rows(v.accepted, ["meeting_id", "held_on", "duration_minutes"]) == [
        {"meeting_id": "R1", "held_on": dt.date(2015, 3, 27), "duration_minutes": 180},
        {"meeting_id": "R2", "held_on": dt.date(2015, 3, 27), "duration_minutes": 90}]


def test_xlsx_workbook_with_one_sheet_per_source_and_true_row_numbers(tmp_path):
    path = write_xlsx(tmp_path / "suivi.xlsx", {
        "livrables": [["livrable", "chantier", "titre", "type", "date_diffusion"],
                      ["L1", "C1", "Guide d'animation", "Guide", dt.date(2016, 5, 2)]],
        "suivis": [["livrable", "période", "canal", "mesure", "valeur", "région"],
                   ["L1", "2016-05", "Web", "Téléchargements", "1 234", "Estrie"],
                   ["L1", "2016-06", "Infolettre", "vues", "12,5", None]],
        "notes": [["whatever"], ["this sheet is not a source"]],
    }, start_row=2)
    tables = [t for t in read_tables(path) if not isinstance(t, tuple)]
    assert sorted(t.source.name for t in tables) == ["deliverables", "diffusion"]
    _, v = _validated(path, "suivis")
    assert _rows(v.accepted, ["observed_on", "channel", "metric", "value", "region", "_row"]) == [
        {"observed_on": dt.date(2016, 5, 1), "channel": "web", "metric": "downloads", "value": 1234.0,
         "region": "05", "_row": 4},
        {"observed_on": dt.date(2016, 6, 1), "channel": "newsletter", "metric": "views", "value": 12.5,
         "region": None, "_row": 5}]


@pytest.mark.parametrize("band", ["formatted", "empty formula", "attributes reordered", "empty inline string"])
@pytest.mark.parametrize("blank_rows", [1, 2])
def test_xlsx_row_numbers_skip_formatted_but_empty_rows_above_the_header(tmp_path, blank_rows, band):
    # A band above the header whose cells hold nothing (formatted, or a formula giving ""): Excel still
    # numbers its rows. Another writer may put a cell's attributes in another order (s before r).
    import xlsxwriter

    path = tmp_path / "rencontres.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Feuil1")
    fill = wb.add_format({"bold": True, "bg_color": "#DDDDDD"})
    for r in range(blank_rows):
        for c in range(5):
            if band == "empty formula":
                ws.write_formula(r, c, '=""', fill, "")
            else:
                ws.write_blank(r, c, None, fill)
    ws.write_row(blank_rows, 0, ["Rencontre", "Chantier", "Date", "Durée"], fill)
    ws.write_row(blank_rows + 1, 0, ["R1", "C1", "2015-03-27", "180"])
    ws.write_row(blank_rows + 2, 0, ["R2", "C1", "31/02/2015", "90"])
    wb.close()
    if band == "attributes reordered":
        _rewrite_sheet(path, rb'<c r="([A-Z]+\d+)" s="(\d+)"', rb'<c s="\2" r="\1"')
    if band == "empty inline string":  # as streaming writers write an empty text cell: a row calamine keeps
        _rewrite_sheet(path, rb'<c r="([A-Z]+\d+)" s="(\d+)"/>', rb'<c r="\1" s="\2" t="inlineStr"><is><t></t></is></c>')
    _, v = _validated(path, "Feuil1")
    assert _rows(v.accepted, ["meeting_id", "_row"]) == [{"meeting_id": "R1", "_row": blank_rows + 2}]
    assert v.rejects.get_column("row_number").to_list() == [blank_rows + 3]


def _rewrite_sheet(path: Path, pattern: bytes, replacement: bytes) -> None:
    """Rewrite the workbook's first sheet as another writer would (e.g. <c s="1" r="A1">)."""
    import re
    import zipfile

    members = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            members[name] = zf.read(name)
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet], n = re.subn(pattern, replacement, members[sheet])
    assert n
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


@pytest.mark.parametrize("text, expected", [
    ("2015-03-27", dt.date(2015, 3, 27)),
    ("27/03/2015", dt.date(2015, 3, 27)),
    ("27-03-2015", dt.date(2015, 3, 27)),
    ("7/3/2015", dt.date(2015, 3, 7)),
    ("27.03.2015", dt.date(2015, 3, 27)),
    ("2015-03-27 00:00:00", dt.date(2015, 3, 27)),
    ("27/03/2015 00:00", dt.date(2015, 3, 27)),  # French Excel's date-time cell saved as CSV
    ("27/03/2015 14:30:00", dt.date(2015, 3, 27)),
])
def test_day_first_and_iso_dates(tmp_path, text, expected):
    path = write_csv(tmp_path / "meetings.csv", [["meeting_id", "chantier_id", "held_on", "duration_minutes"],
                                                 ["R1", "C1", text, "60"]])
    _, v = _validated(path)
    assert v.accepted.get_column("held_on").to_list() == [expected]


@pytest.mark.parametrize("text, expected", [
    ("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5), ("12,5", 12.5), ("1.234,56", 1234.56),
    ("1,234.5", 1234.5), ("1234.5", 1234.5), ("42", 42.0),
])
def test_decimal_comma_and_thousands(tmp_path, text, expected):
    path = write_csv(tmp_path / "suivis.csv", [["livrable", "date", "canal", "mesure", "valeur"],
                                               ["L1", "03/2016", "web", "vues", text]], delimiter=";")
    _, v = _validated(path)
    assert v.accepted.get_column("value").to_list() == [expected]
    assert v.accepted.get_column("observed_on").to_list() == [dt.date(2016, 3, 1)]


@pytest.mark.parametrize("source_file, header, text, expected", [
    ("presences.csv", "statut", "Présente", "present"),
    ("presences.csv", "statut", "EXCUSÉE", "excused"),
    ("presences.csv", "statut", "  absente ", "absent"),
    ("ordre_du_jour.csv", "nature", " Réflexion ", "reflection"),
    ("ordre_du_jour.csv", "nature", "PRODUCTION", "production"),
    ("ordre_du_jour.csv", "nature", "Autre", "other"),
])
def test_vocabularies_in_french_any_case_and_accents(tmp_path, source_file, header, text, expected):
    if source_file == "presences.csv":
        rows = [["rencontre", "membre", header], ["R1", "M1", text]]
    else:
        rows = [["rencontre", "point", header, "durée"], ["R1", "1", text, "30"]]
    _, v = _validated(write_csv(tmp_path / source_file, rows, delimiter=";"))
    column = "status" if source_file == "presences.csv" else "kind"
    assert v.accepted.get_column(column).to_list() == [expected]


@pytest.mark.parametrize("text, code", [
    ("Bas-Saint-Laurent", "01"), ("Bas-St-Laurent", "01"), ("01", "01"), ("1", "01"),
    ("Saguenay–Lac-Saint-Jean", "02"), ("gaspesie iles de la madeleine", "11"), ("MONTRÉAL", "06"),
    ("hors Québec", "outside"), ("National", "national"),
])
def test_regions_by_name_or_code(tmp_path, text, code):
    rows = [["member_id", "chantier_id", "joined_on", "region"], ["M1", "C1", "2012-10-01", text]]
    _, v = _validated(write_csv(tmp_path / "members.csv", rows))
    assert v.accepted.get_column("region").to_list() == [code]


def test_headers_any_case_accents_spaces_and_extra_columns_kept(tmp_path):
    rows = [["  RENCONTRE ", "id_chantier", "Date de la rencontre", "DURÉE (minutes)", "Animatrice", ""],
            ["R1", "C1", "2015-03-27", "180", "Julie", ""]]
    _, v = _validated(write_csv(tmp_path / "rencontres.csv", rows))
    row = v.accepted.row(0, named=True)
    assert (row["meeting_id"], row["duration_minutes"]) == ("R1", 180)
    assert json.loads(row["extra"]) == {"Animatrice": "Julie"}


def test_blank_rows_blank_columns_and_repeated_header_are_not_data(tmp_path):
    rows = [["meeting_id", "", "member_id", "status"], ["R1", "", "M1", "present"], ["", "", "", ""],
            ["meeting_id", "", "member_id", "status"], ["R1", "", "M2", "absent"], ["", "", "", ""], ["", "", "", ""]]
    table, v = _validated(write_csv(tmp_path / "attendance.csv", rows))
    assert table.headers == ["meeting_id", "member_id", "status"]
    assert v.rows_read == 2 and v.rejected == 0
    assert v.accepted.get_column("_row").to_list() == [2, 5]


LIKERT = [("Tout à fait d'accord", 5), ("Plutôt d'accord", 4), ("Neutre", 3), ("Plutôt en désaccord", 2),
          ("Pas du tout d'accord", 1), ("Strongly agree", 5), ("Disagree", 2), ("Très satisfaite", 5),
          ("Insatisfait", 2), ("Very dissatisfied", 1), ("4", 4), ("Oui", None), ("Un espace de confiance", None)]


def test_long_responses_score_likert_labels_and_keep_other_text(tmp_path):
    rows = [["sondage", "répondant", "question_id", "réponse"]] + [
        ["S1", f"r{i}", "Q1", label] for i, (label, _) in enumerate(LIKERT)]
    _, v = _validated(write_csv(tmp_path / "reponses.csv", rows, delimiter=";", encoding="cp1252"))
    assert v.accepted.get_column("score").to_list() == [score for _, score in LIKERT]
    assert v.accepted.get_column("answer").to_list() == [label for label, _ in LIKERT]


def test_wide_survey_export_melts_to_one_row_per_answer(tmp_path):
    rows = [["Horodateur", "Nom", "Courriel", "Q1. La confiance régnait", "Q2. Commentaires"],
            ["2016-05-02 10:00", "Hélène Côté", "h@example.org", "Tout à fait d'accord", "Un bel espace"],
            ["2016-05-03 11:00", "Loïc Bérubé", "l@example.org", "Neutre", ""]]
    table, v = _validated(write_csv(tmp_path / "responses_BILAN-2016.csv", rows))
    assert table.source.name == "responses"
    got = _rows(v.accepted, ["survey_id", "respondent_id", "question_id", "question", "answer", "score"])
    assert got == [
        {"survey_id": "BILAN-2016", "respondent_id": "2016-05-02 10:00", "question_id": "Q1",
         "question": "Q1. La confiance régnait", "answer": "Tout à fait d'accord", "score": 5},
        {"survey_id": "BILAN-2016", "respondent_id": "2016-05-02 10:00", "question_id": "Q2",
         "question": "Q2. Commentaires", "answer": "Un bel espace", "score": None},
        {"survey_id": "BILAN-2016", "respondent_id": "2016-05-03 11:00", "question_id": "Q1",
         "question": "Q1. La confiance régnait", "answer": "Neutre", "score": 3}]
    # name and e-mail are kept (personal data, never a question)
    assert json.loads(v.accepted.get_column("extra")[0]) == {"Nom": "Hélène Côté", "Courriel": "h@example.org"}


def test_wide_export_with_survey_id_column_and_xlsx(tmp_path):
    rows = [["survey_id", "respondent_id", "Le contenu est utile", "J'ai utilisé l'outil"],
            ["S2", "a", "Satisfait", "Oui"], ["S2", "b", 5, "Non"]]
    _, v = _validated(write_xlsx(tmp_path / "reponses.xlsx", {"Réponses": rows}))
    assert v.accepted.height == 4
    assert v.accepted.get_column("score").to_list() == [4, None, 5, None]
    assert v.accepted.get_column("question_id").unique().sort().to_list() == [
        "j_ai_utilise_l_outil", "le_contenu_est_utile"]


def test_wide_export_same_second_different_people_are_two_respondents(tmp_path):
    rows = [["Horodateur", "Q1. Confiance"], ["2016-05-02 10:00:00", "Neutre"], ["2016-05-02 10:00:00", "Oui"],
            ["2016-05-03 09:00:00", "Neutre"], ["2016-05-03 09:00:00", "Neutre"]]
    _, v = _validated(write_csv(tmp_path / "responses_S1.csv", rows))
    assert v.rejected == 0 and v.duplicates == 1  # the exact repeat counts once
    assert v.accepted.get_column("respondent_id").to_list() == [
        "2016-05-02 10:00:00 ligne-2", "2016-05-02 10:00:00 ligne-3", "2016-05-03 09:00:00"]


def test_ragged_rows_and_blank_lines_above_the_header_lose_nothing(tmp_path):
    path = tmp_path / "chantiers.csv"
    path.write_bytes(b"\r\n\r\nchantier_id;name;started_on\r\nC1;A;2012-10-01;oubli\r\nC2;B;2013-10-01\r\n")
    table, v = _validated(path)
    assert table.headers == ["chantier_id", "name", "started_on", ""]
    assert v.rejected == 0 and v.accepted.get_column("_row").to_list() == [4, 5]
    assert json.loads(v.accepted.get_column("extra")[0]) == {"colonne_4": "oubli"}  # the stray cell is kept


def test_wide_grid_questions_sharing_a_long_prefix_stay_distinct(tmp_path):
    stem = "Dans quelle mesure êtes-vous d'accord avec les énoncés suivants sur le fonctionnement du chantier ?"
    rows = [["Horodateur", f"{stem} [Le temps]", f"{stem} [La confiance]", f"{stem} [Le leadership]"],
            ["2016-05-02 10:00", "Plutôt en accord", "Tout à fait en accord", "Ni en accord ni en désaccord"],
            ["2016-05-02 11:00", "Plutôt d'accord", "Neutre", "Plutôt en désaccord"]]
    _, v = _validated(write_csv(tmp_path / "responses_S1.csv", rows))
    assert (v.rows_read, v.rejected) == (6, 0)
    assert v.accepted.get_column("question_id").n_unique() == 3
    assert v.accepted.get_column("score").to_list() == [4, 5, 3, 4, 3, 2]


def test_wide_export_counts_answers_and_one_reject_per_faulty_cell(tmp_path):
    rows = [["sondage", "Horodateur", "Q1. Temps", "Q2. Confiance", "Q3. Utilité"],
            ["S1", "2016-05-02 10:00", "Neutre", "Neutre", "Neutre"],
            ["", "2016-05-02 11:00", "Neutre", "Neutre", "Neutre"]]
    _, v = _validated(write_csv(tmp_path / "reponses_bilan.csv", rows))
    assert (v.rows_read, v.rejected, v.accepted.height) == (6, 3, 3)  # answers are what is counted
    assert v.rejects.select("row_number", "column_name", "reason_code").rows() == [
        (3, "sondage (survey_id)", "missing_value")]


@pytest.mark.parametrize("header", ["Adresse e-mail", "Adresse de messagerie", "Email Address", "Prénom",
                                    "Numéro de téléphone", "Heure de début", "Heure de fin",
                                    # five words, but three that count: an e-mail read as an answer otherwise
                                    "Adresse de courriel du répondant", "Numéro de téléphone du répondant",
                                    "Heure de la fin", "ID du collecteur"])
def test_survey_tool_columns_about_the_respondent_are_not_questions(tmp_path, header):
    rows = [["Horodateur", header, "Q1. La confiance régnait"], ["2016-05-02 10:00", "x@example.org", "Neutre"]]
    _, v = _validated(write_csv(tmp_path / "responses_S1.csv", rows))
    assert v.accepted.get_column("question_id").to_list() == ["Q1"]
    assert json.loads(v.accepted.get_column("extra")[0]) == {header: "x@example.org"}


def test_a_question_that_mentions_a_name_stays_a_question(tmp_path):
    rows = [["Horodateur", "Quel est le nom de l'outil que vous avez le plus utilisé dans votre milieu ?"],
            ["2016-05-02 10:00", "Le guide d'animation"]]
    _, v = _validated(write_csv(tmp_path / "responses_S1.csv", rows))
    assert v.accepted.get_column("answer").to_list() == ["Le guide d'animation"]


def test_workbook_named_after_a_source_loads_every_sheet(tmp_path):
    head = ["Rencontre", "Chantier", "Date", "Durée"]
    path = write_xlsx(tmp_path / "rencontres.xlsx", {"2015": [head, ["R1", "C1", dt.date(2015, 3, 1), 60]],
                                                    "2016": [head, ["R2", "C1", dt.date(2016, 3, 1), 90]],
                                                    "vide": []})
    tables = [t for t in read_tables(path) if not isinstance(t, tuple)]
    assert [(t.sheet, t.source.name) for t in tables] == [("2015", "meetings"), ("2016", "meetings")]


def test_headers_with_or_without_small_words(tmp_path):
    # "Date de début" as a coordinator types it, though the contract says date_debut.
    rows = [["Chantier", "Nom du chantier", "Date de début", "Date de fin", "Bailleur"],
            ["C1", "Jeunes et écrans", "2015-03-27", "31/12/2017", "Fondation X"]]
    _, v = _validated(write_csv(tmp_path / "chantiers.csv", rows))
    row = v.accepted.row(0, named=True)
    assert (row["chantier_id"], row["name"], row["started_on"], row["ended_on"]) == (
        "C1", "Jeunes et écrans", dt.date(2015, 3, 27), dt.date(2017, 12, 31))
    assert row["extra"] is None
    rows = [["Livrable", "Chantier", "Titre", "Type", "Début de la production", "Date de diffusion"],
            ["L1", "C1", "Guide", "guide", "2016-01-10", "2016-09-01"]]
    _, v = _validated(write_csv(tmp_path / "livrables.csv", rows))
    row = v.accepted.row(0, named=True)
    assert (row["production_started_on"], row["released_on"]) == (dt.date(2016, 1, 10), dt.date(2016, 9, 1))


def test_small_words_at_either_end_of_a_header_stay(tmp_path):
    # diffuse_le is released_on's alias: a yes/no column "Diffusé" beside it is not a second release date.
    rows = [["Livrable", "Chantier", "Titre", "Type", "Date de diffusion", "Diffusé"],
            ["L1", "C1", "Guide", "guide", "2016-09-01", "oui"]]
    _, v = _validated(write_csv(tmp_path / "livrables.csv", rows))
    row = v.accepted.row(0, named=True)
    assert row["released_on"] == dt.date(2016, 9, 1)
    assert json.loads(row["extra"]) == {"Diffusé": "oui"}


def test_no_two_columns_of_a_source_differ_only_by_small_words():
    from pipelines.contract import SOURCES, header_key, normalize_token

    for source in SOURCES:
        owner: dict[str, str] = {}
        for column in source.columns:
            for spelling in (column.name, *column.aliases):
                key = header_key(spelling)
                assert owner.setdefault(key, column.name) == column.name, (source.name, spelling)
                # and none shrinks to fewer than two words (to a word another column's header may be)
                assert key.count("_") >= min(1, normalize_token(spelling).count("_")), spelling
