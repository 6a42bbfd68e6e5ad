"""Rows are checked inside DuckDB (pipelines.bulk): exactly what Polars' validate would give.

Each case loads the same files twice, once as a load does (plain CSV files read by DuckDB, the
others by Polars, every row checked in DuckDB) and once all in Polars (read, validate), and
compares everything a user or a model can see: the load report, raw and quarantine rows,
rejects with their messages.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipelines import bulk
from pipelines.contract import LOAD_ORDER
from pipelines.load import load_paths
from pipelines.validate import check_rows
from tests.filemaker import CHANTIERS, MEETINGS, MEMBERS, write_basics, write_csv

DEMO = Path(__file__).resolve().parents[1] / "demo"


def _contents(wh: Path) -> dict[str, list]:
    con = duckdb.connect(str(wh), read_only=True)
    try:
        out = {f"{schema}.{source}": con.execute(
            f"SELECT * EXCLUDE (_batch_id) FROM {schema}.{source} ORDER BY ALL").fetchall()
            for source in LOAD_ORDER for schema in ("raw", "quarantine")}
        out["rejects"] = con.execute("SELECT * EXCLUDE (batch_id) FROM audit.rejects ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


def _load_both(tmp_path: Path, monkeypatch, *loads: list[Path]) -> dict[str, bool]:
    """Run the loads both ways and check they agree; which files DuckDB checked (path -> True)."""
    used: dict[str, bool] = {}
    real = bulk.check_csv

    def spy(con, item, digest, warehouse):
        result = real(con, item, digest, warehouse)
        used[item.path.name] = result is not None
        return result

    def polars(con, prepared, source):
        return check_rows(prepared.rows(source), source, prepared.is_excel, prepared.note, prepared.headers)

    results = []
    for name, reader, checker in (("duckdb", spy, bulk.check_frame), ("polars", lambda *args: None, polars)):
        monkeypatch.setattr(bulk, "check_csv", reader)
        monkeypatch.setattr(bulk, "check_frame", checker)
        wh = tmp_path / f"{name}.duckdb"
        reports = []
        for paths in loads:
            report = load_paths(paths, wh, build_models=False).to_json()
            report.pop("batch_id")
            reports.append(report)
        results.append((reports, _contents(wh)))
    monkeypatch.undo()
    (fast_reports, fast), (slow_reports, slow) = results
    assert fast_reports == slow_reports
    for table in fast:
        assert fast[table] == slow[table], table
    return used


def test_the_demo_files_give_the_same_warehouse_both_ways(tmp_path, monkeypatch):
    used = _load_both(tmp_path, monkeypatch, [DEMO / "data"], [DEMO / "messy"])
    assert used["presences-2012-2014.csv"] and used["membres.csv"]  # the big ones go through DuckDB


def test_real_world_csv_habits_give_the_same_rows_and_rejects(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    write_csv(folder / "chantiers.csv", [CHANTIERS[0] + ["theme", "kind", "ended_on"]]
              + [row + ["", "", ""] for row in CHANTIERS[1:]]
              + [["C3", "Fin avant début", "2015-01-01", "", "", "2014-01-01"],
                 ["C3", "Fin avant début", "2015-01-01", "", "", "2013-01-01"]], encoding="cp1252")
    members = [MEMBERS[0] + ["Note libre", ""]] + [row + ["", ""] for row in MEMBERS[1:]] + [
        ["M4", "C1", "2013-01-15", "Zoé \u00a0Lévesque\u00a0", "  Estrie ", "élue", "2012-01-01", "« cité » \\ / \"x\"", "z"],
        ["M5", "C1", "15/01/2013", "René L’Heureux €", "Hors Québec", "Chercheuse", "", "", ""],
        ["M6", "C1", "2013-13-45", "Mauvaise date", "Mars", "astronaute", "", "", ""],
        [None, None, None, None, None, None, None, None, None],  # a row of delimiters only
        ["member_id", "chantier_id", "joined_on", "full_name", "region", "function", "left_on", "Note libre", ""],
        ["M2", "C1", "2012-10-01", "Loïc Bérubé", "03", "chercheur", "2014-06-30", "", ""],  # identical repeat
        ["M3", "C1", "2013-01-16", "Anaïs Gagné", "Montérégie", "gestionnaire", "", "", ""],  # conflicting repeat
    ]
    write_csv(folder / "membres.csv", members, encoding="cp1252", delimiter=";")
    write_csv(folder / "rencontres.csv", MEETINGS + [
        ["R4", "C1", "27/03/2015", "1 234,0"], ["R5", "C1", "03/27/2015", "90"], ["R6", "C9", "2015-04-01", "60"],
        ["R7", "C1", "2015-05-01", "deux heures"], ["R8", "", "2015-05-01", "-5"],
        ["R9", "C1", "2015-06-01", '"120"'],
        ["R4", "C1", "27/03/2015", "une heure"]], encoding="utf-8-sig", delimiter=";")  # R4 repeated, rejected
    (folder / "presences.csv").write_text(
        "meeting_id\tmember_id\tstatus\r\nR1\tM1\tPrésente\r\nR1\tM3\t\"Absent,\ncar malade\"\r\n"
        "R2\tM1\r\nR6\tM1\tprésent\r\nR1\tM9\texcusée\r\n", encoding="utf-8")
    write_csv(folder / "reponses.csv", [
        ["survey_id", "respondent_id", "question_id", "answer", "question"],
        ["S1", "P1", "Q1", "Tout à fait d'accord", "Le climat"], ["S1", "P1", "Q2", "4", "Le temps"],
        ["S1", "P2", "Q1", "En désaccord", ""], ["S1", "P2", "Q3", "Une réponse libre", "Commentaires"],
        ["S1", "P2", "Q1", "En désaccord", ""], ["S9", "P3", "Q1", "3", ""]])
    write_csv(folder / "sondages.csv", [["survey_id", "title", "chantier_id"], ["S1", "Bilan", "C1"]])
    used = _load_both(tmp_path, monkeypatch, [folder])
    assert all(used.values()), used


def test_extra_columns_named_alike_but_for_case_are_both_kept(tmp_path, monkeypatch):
    # Two notes columns a coordinator added by hand, `Remarque` and `remarque`: neither is refused or lost.
    folder = tmp_path / "in"
    write_csv(folder / "chantiers.csv", [CHANTIERS[0] + ["Remarque", "remarque"]]
              + [row + [f"a{i}", f"b{i}"] for i, row in enumerate(CHANTIERS[1:])], delimiter=";")
    used = _load_both(tmp_path, monkeypatch, [folder])
    assert used["chantiers.csv"]
    con = duckdb.connect(str(tmp_path / "duckdb.duckdb"), read_only=True)
    extras = [json.loads(e) for (e,) in con.execute("SELECT extra FROM raw.chantiers ORDER BY chantier_id").fetchall()]
    con.close()
    assert extras == [{"Remarque": "a0", "remarque_": "b0"}, {"Remarque": "a1", "remarque_": "b1"}]


def test_files_duckdb_would_read_differently_go_through_polars(tmp_path, monkeypatch):
    folder = write_basics(tmp_path / "in")
    # an empty line (DuckDB skips it: the row numbers after it would shift)
    (folder / "meetings.csv").write_text("meeting_id,chantier_id,held_on,duration_minutes\r\nR1,C1,2012-11-20,180\r\n"
                                         "\r\nR2,C1,31/02/2013,240\r\n", encoding="utf-8")
    # a row wider than its header: the stray cell is kept as an extra column
    (folder / "agenda.csv").write_text("meeting_id;item;kind;minutes\nR1;1;réflexion;120;oups\nR2;1;autre;60\n",
                                       encoding="utf-8")
    used = _load_both(tmp_path, monkeypatch, [folder])
    assert used["meetings.csv"] is False and used["agenda.csv"] is False
    assert used["chantiers.csv"] is True


@pytest.mark.parametrize("rows", [
    # identical answers repeated over three rows of one respondent, each row with a new answer too
    [["S1", "R", "Oui", ""], ["S1", "R", "Oui", "Non"], ["S1", "R", "", "Non"]],
    # a conflict on Q1 and an identical repeat on Q2 in the same two rows
    [["S1", "R", "Oui", "Non"], ["S1", "R", "Non", "Non"]],
])
@pytest.mark.parametrize("survey_first", [True, False])
def test_repeated_answers_of_a_wide_export_are_dropped_one_by_one(tmp_path, monkeypatch, rows, survey_first):
    # A wide export's row holds several answers: a repeat is dropped as an answer, not as a whole row.
    folder = write_basics(tmp_path / "in")
    survey = tmp_path / "sondage" / "sondages.csv"
    write_csv(survey, [["survey_id", "title", "audience"], ["S1", "Sondage", "membres"]])
    answers = write_csv(tmp_path / "wide" / "reponses.csv",
                        [["survey_id", "repondant", "Q1. Utile ?", "Q2. Clair ?"], *rows])
    loads = [[folder, survey, answers]] if survey_first else [[folder, answers], [survey]]
    _load_both(tmp_path, monkeypatch, *loads)
    report = load_paths([folder, answers], tmp_path / "check.duckdb", build_models=False)
    f = next(f for f in report.files if f.path.endswith("reponses.csv"))
    # The survey is unknown yet: every answer waits, an identical repeat with the answer it repeats
    # (nothing is said accepted that is not in the warehouse); a conflicting pair is rejected.
    assert f.reconciles() and f.accepted == 0
    assert (f.rows_read, f.rejected, f.quarantined, f.duplicates) == ((4, 0, 4, 2) if len(rows) == 3 else (4, 2, 2, 1))


@pytest.mark.parametrize("offset", [-3, -2, -1, 0, 1])
@pytest.mark.parametrize("boundary", [1 << 16, (1 << 16) + bulk.CHUNK])
def test_an_empty_line_is_found_wherever_the_file_is_cut_for_reading(tmp_path, boundary, offset):
    # The file is scanned in pieces; an empty line split between two of them sends it the Polars way too.
    header, row_end = "meeting_id,chantier_id,held_on,duration_minutes\r\n", ",C1,2012-11-20,180\r\n"
    long_id = "R" * (boundary + offset - len(header) - len(row_end))  # the empty line starts at boundary + offset
    text = header + long_id + row_end + "\r\nR0,C1,2012-11-20,1\r\n"
    path = tmp_path / "rencontres.csv"
    path.write_bytes(text.encode())
    assert bulk._prescan(path) is None
    path.write_bytes(text.replace("\r\n\r\n", "\r\n").encode())
    assert bulk._prescan(path) == ("utf-8", ",", 4)


def test_a_file_refused_for_its_columns_is_refused_the_same_way(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    write_csv(folder / "chantiers.csv", CHANTIERS)
    write_csv(folder / "rencontres.csv", [["Rencontre", "Chantier"], ["R1", "C1"]])  # no date
    write_csv(folder / "membres.csv", [["membre", "id_membre", "chantier", "arrivée"], ["M1", "M1", "C1", "2012-10-01"]])
    _load_both(tmp_path, monkeypatch, [folder])


def test_a_corrected_file_and_released_rows_behave_the_same(tmp_path, monkeypatch):
    first = tmp_path / "a"
    write_csv(first / "presences.csv", [["meeting_id", "member_id", "status"], ["R1", "M1", "présente"],
                                        ["R2", "M2", "présent"]])
    second = write_basics(tmp_path / "b")
    fixed = tmp_path / "c"
    write_csv(fixed / "presences.csv", [["meeting_id", "member_id", "status"], ["R1", "M1", "absente"]])
    _load_both(tmp_path, monkeypatch, [first], [second], [fixed])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_row_numbers_count_the_header_as_row_one_in_every_encoding(tmp_path, encoding):
    path = write_csv(tmp_path / "in" / "rencontres.csv", MEETINGS + [["R9", "C1", "31/02/2015", "60"]],
                     encoding=encoding, delimiter=";")
    report = load_paths([path], tmp_path / "w.duckdb", build_models=False)
    assert report.files[0].rejects[0]["row_number"] == len(MEETINGS) + 1


def test_a_windows_1252_file_leaves_no_copy_beside_the_warehouse(tmp_path):
    path = write_csv(tmp_path / "in" / "membres.csv", MEMBERS, encoding="cp1252", delimiter=";")
    wh = tmp_path / "wh" / "w.duckdb"
    report = load_paths([path], wh, build_models=False)
    assert report.files[0].status == "loaded" and report.files[0].quarantined == len(MEMBERS) - 1
    assert sorted(p.name for p in wh.parent.iterdir()) == ["w.duckdb", "w.duckdb.lock"]
