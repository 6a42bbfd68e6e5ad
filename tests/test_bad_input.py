"""Every bad-input rule of the contract: rejected rows, refused files, quarantine, warnings."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.load import load_paths
from tests.filemaker import CHANTIERS, MEETINGS, MEMBERS, write_basics, write_csv, write_xlsx

MEET_HEAD = ["meeting_id", "chantier_id", "held_on", "duration_minutes", "format"]


# (case, file name, rows, expected rejects as (row, column, reason_code), fragment of the French message)
REJECT_CASES = [
    ("impossible date", "meetings.csv", [MEET_HEAD, ["R1", "C1", "31/02/2015", "60", ""]],
     {(2, "held_on", "impossible_date")}, "31/02/2015"),
    ("month-first date", "meetings.csv", [MEET_HEAD, ["R1", "C1", "03/27/2015", "60", ""]],
     {(2, "held_on", "month_first_date")}, "jour/mois/année"),
    ("unreadable date", "meetings.csv", [MEET_HEAD, ["R1", "C1", "mars 2015", "60", ""]],
     {(2, "held_on", "bad_date")}, "mars 2015"),
    ("date out of range", "meetings.csv", [MEET_HEAD, ["R1", "C1", "27/03/1915", "60", ""]],
     {(2, "held_on", "date_out_of_range")}, "1915"),
    ("missing required", "meetings.csv", [MEET_HEAD, ["R1", "", "2015-03-27", "60", ""]],
     {(2, "chantier_id", "missing_value")}, "manquante"),
    ("infinite", "meetings.csv", [MEET_HEAD, ["R1", "C1", "2015-03-27", "inf", ""]],
     {(2, "duration_minutes", "not_finite")}, "inf"),
    ("beyond a whole number", "meetings.csv", [MEET_HEAD, ["R1", "C1", "2015-03-27", "99999999999", ""]],
     {(2, "duration_minutes", "bad_integer")}, "99999999999"),
    ("not a number", "diffusion.csv",
     [["deliverable_id", "observed_on", "channel", "metric", "value"], ["L1", "2017-03", "web", "views", "NaN"]],
     {(2, "value", "not_finite")}, "NaN"),
    ("not a whole number", "meetings.csv", [MEET_HEAD, ["R1", "C1", "2015-03-27", "90,5", ""]],
     {(2, "duration_minutes", "bad_integer")}, "90,5"),
    ("text for a number", "meetings.csv", [MEET_HEAD, ["R1", "C1", "2015-03-27", "deux heures", ""]],
     {(2, "duration_minutes", "bad_integer")}, "deux heures"),
    ("negative", "meetings.csv", [MEET_HEAD, ["R1", "C1", "2015-03-27", "-30", ""]],
     {(2, "duration_minutes", "negative")}, "-30"),
    ("zero duration", "meetings.csv", [MEET_HEAD, ["R1", "C1", "2015-03-27", "0", ""]],
     {(2, "duration_minutes", "not_positive")}, "zéro"),
    ("unknown vocabulary", "meetings.csv", [MEET_HEAD, ["R1", "C1", "2015-03-27", "60", "Zoom"]],
     {(2, "format", "bad_vocab")}, "présentiel, virtuel, hybride"),
    ("several errors on one row", "meetings.csv", [MEET_HEAD, ["R1", "", "2015-13-01", "x", ""]],
     {(2, "chantier_id", "missing_value"), (2, "held_on", "impossible_date"),
      (2, "duration_minutes", "bad_integer")}, "manquante"),
    ("conflicting duplicates", "meetings.csv",
     [MEET_HEAD, ["R1", "C1", "2015-03-27", "60", ""], ["R2", "C1", "2015-04-27", "60", ""],
      ["R1", "C1", "2015-03-27", "90", ""]],
     {(2, "meeting_id", "conflict"), (4, "meeting_id", "conflict")},
     "lignes 2, 4 avec des valeurs différentes en duration_minutes"),
    ("a key repeated by a rejected row", "meetings.csv",
     [MEET_HEAD, ["R1", "C1", "2015-03-27", "60", ""], ["R2", "C1", "2015-04-27", "60", ""],
      ["R1", "C1", "2015-03-27", "60", "Zoom"]],
     {(2, "meeting_id", "conflict"), (4, "format", "bad_vocab"), (4, "meeting_id", "conflict")},
     "lignes 2, 4, dont une rejetée pour une de ses cellules : toutes rejetées"),
    ("left before joined", "members.csv",
     [["member_id", "chantier_id", "joined_on", "left_on"], ["M9", "C1", "2014-01-01", "2013-01-01"]],
     {(2, "left_on", "left_before_joined")}, "départ"),
    ("bad region", "members.csv",
     [["member_id", "chantier_id", "joined_on", "region"], ["M9", "C1", "2014-01-01", "Ontario"]],
     {(2, "region", "bad_vocab")}, "Ontario"),
    ("bad period", "diffusion.csv",
     [["deliverable_id", "observed_on", "channel", "metric", "value"], ["L1", "printemps", "web", "views", "3"]],
     {(2, "observed_on", "bad_period")}, "printemps"),
    ("impossible period", "diffusion.csv",
     [["deliverable_id", "observed_on", "channel", "metric", "value"], ["L1", "2017-13", "web", "views", "3"]],
     {(2, "observed_on", "impossible_period")}, "2017-13"),
    ("unknown channel in French", "diffusion.csv",
     [["livrable", "période", "canal", "mesure", "valeur"], ["L1", "2017-03", "Balado", "vues", "3"]],
     {(2, "canal (channel)", "bad_vocab")}, "infolettre, atelier, réseau des membres"),
]


def _load(tmp_path: Path, *paths: Path, dry_run: bool = False):
    return load_paths(list(paths), tmp_path / "wh" / "w.duckdb", dry_run=dry_run, build_models=False)


def _q(tmp_path: Path, sql: str):
    con = duckdb.connect(str(tmp_path / "wh" / "w.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("case, name, rows, expected, fragment", REJECT_CASES, ids=[c[0] for c in REJECT_CASES])
def test_bad_rows_are_rejected_with_file_row_column_and_reason(tmp_path, case, name, rows, expected, fragment):
    base = write_basics(tmp_path / "base")
    (base / name).unlink(missing_ok=True)
    _load(tmp_path, base)
    bad = write_csv(tmp_path / "in" / name, rows, delimiter=";")
    report = _load(tmp_path, bad)
    (f,) = report.files
    assert f.status == "loaded" and f.reconciles()
    assert f.rejected == len({r for r, _, _ in expected})
    got = _q(tmp_path, "SELECT row_number, column_name, reason_code, message_fr, message_en, file_name "
                       "FROM audit.rejects")
    assert {(r, c, code) for r, c, code, *_ in got} == expected
    assert all(file_name == name for *_, file_name in got)
    assert any(fragment in fr for _, _, _, fr, _, _ in got)
    assert all(en and en != fr for _, _, _, fr, en, _ in got)  # an English reason too


REFUSED_CASES = [
    ("empty file", "meetings.csv", b"", "vide"),
    ("header only blanks", "meetings.csv", b"\r\n;;\r\n\r\n", "vide"),
    ("missing required column", "meetings.csv",
     "meeting_id;chantier_id;date\r\nR1;C1;2015-03-27\r\n".encode(), "duration_minutes"),
    ("ambiguous columns", "meetings.csv",
     "meeting_id,chantier_id,date,date_rencontre,duree\r\nR1,C1,2015-03-27,2015-03-27,60\r\n".encode(), "held_on"),
    ("unknown source", "budget.csv", b"a,b\r\n1,2\r\n", "nom du fichier"),
    ("wrong format", "meetings.pdf", b"%PDF-1.4 ...", "pdf"),
    ("corrupt workbook", "meetings.xlsx", b"PK\x03\x04 not really a zip", "illisible"),
    ("binary renamed csv", "meetings.csv", b"PK\x03\x04\x00\x00\x08\x00binary", "pas un fichier texte"),
    ("wide responses without survey id", "responses.csv", b"Horodateur,Q1\r\n2016-01-01,Oui\r\n", "sondage"),
]


def test_ambiguous_columns_are_quoted_as_each_language_quotes(tmp_path):
    path = tmp_path / "in" / "meetings.csv"
    path.parent.mkdir()
    path.write_bytes("meeting_id,chantier_id,date,date_rencontre,duree\r\nR1,C1,2015-03-27,2015-03-27,60\r\n".encode())
    refused = _load(tmp_path, path).files[0]
    assert "les colonnes « date », « date_rencontre » désignent toutes « held_on »" in refused.message_fr
    assert "columns 'date', 'date_rencontre' all mean 'held_on'" in refused.message_en and "«" not in refused.message_en


@pytest.mark.parametrize("case, name, content, fragment", REFUSED_CASES, ids=[c[0] for c in REFUSED_CASES])
def test_unreadable_file_is_refused_whole_and_the_load_goes_on(tmp_path, case, name, content, fragment):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(content)
    good = write_csv(folder / "chantiers.csv", CHANTIERS)
    report = _load(tmp_path, folder / name, good)
    statuses = {Path(f.path).name: f for f in report.files}
    assert statuses[name].status == "refused"
    assert fragment.lower() in statuses[name].message_fr.lower()
    assert name in statuses[name].message_fr and name in statuses[name].message_en
    assert statuses["chantiers.csv"].status == "loaded"
    assert _q(tmp_path, "SELECT count(*) FROM raw.chantiers") == [(2,)]
    assert _q(tmp_path, "SELECT status FROM audit.files WHERE file_name = ?".replace("?", f"'{name}'")) == [
        ("refused",)]


AGENDA_HEAD = "Rencontre;Point;Nature;Durée;Remarques\n"
# (case, file content, row named by the refusal). A blank line, or a short row, sends a file another way.
OPEN_QUOTES = [
    ("quote never closed", AGENDA_HEAD + 'R1;1;Autre;15;"Salle 3\nR1;2;Autre;15;ok\nR1;3;Autre;15;ok\n', 2),
    ("quote never closed, after a blank line", AGENDA_HEAD + '\nR1;1;Autre;15;ok\nR1;2;Autre;15;"Salle 3\n'
     'R1;3;Autre;15;ok\n', 4),
    ("quote never closed, after a short row", AGENDA_HEAD + 'R1;1;Autre;15\nR1;2;Autre;15;"Salle 3\n'
     'R1;3;Autre;15;ok\n', 3),
    ("quote never closed on the last line, with a BOM", "\ufeff" + AGENDA_HEAD + 'R1;1;Autre;15;ok\n'
     'R1;2;Autre;15;"Salle 3', 3),
    # two quotes left open pair up: the second closes the first, rows below, with text after it
    ("quote closed by another cell's quote", AGENDA_HEAD + 'R1;1;Autre;15;"Voir le doc\r\nR1;2;Autre;60;\r\n'
     'R2;1;Autre;90;"Suite\r\n', 2),
    ("the same after a short row", AGENDA_HEAD + 'R1;1;Autre\nR1;2;Autre;15;"Voir le doc\nR1;3;Autre;60;\n'
     'R2;1;Autre;90;"Suite\n', 3),
]


@pytest.mark.parametrize("case, content, row", OPEN_QUOTES, ids=[c[0] for c in OPEN_QUOTES])
def test_a_quote_never_closed_refuses_the_file_naming_row_and_column(tmp_path, case, content, row):
    # Read as a spreadsheet would, a quote never closed swallows every row below it into one cell: the
    # rows must not vanish (nor the load stop), the file is refused and says where to look.
    folder = write_basics(tmp_path / "in")
    (folder / "agenda.csv").write_text(content, encoding="utf-8")
    report = _load(tmp_path, folder)
    files = {Path(f.path).name: f for f in report.files}
    assert files["agenda.csv"].status == "refused"
    assert f"ligne {row}, colonne « Remarques », qui ne se ferme pas" in files["agenda.csv"].message_fr
    assert f"row {row}, column 'Remarques', does not close" in files["agenda.csv"].message_en
    assert all(f.status == "loaded" for name, f in files.items() if name != "agenda.csv")
    assert _q(tmp_path, "SELECT count(*) FROM raw.agenda") == [(0,)]


@pytest.mark.parametrize("extra", ["", "\n", "R2;1;Autre;15\n"], ids=["plain", "blank line", "short row"])
def test_quotes_a_spreadsheet_keeps_as_written_load_alike_whichever_way_the_file_is_read(tmp_path, extra):
    # `Écran 5"` (a quote inside a cell), `"Citation" de Marie` (text after the closing quote) and `"ok" `
    # (a space after it) are read as a spreadsheet reads them, by each reader: DuckDB's, Polars', Python's.
    folder = write_basics(tmp_path / "in")
    (folder / "agenda.csv").write_text(AGENDA_HEAD + extra + 'R1;1;Autre;15;Écran 5" et câble\n'
                                       'R1;2;Autre;15;"Citation" de Marie\nR1;3;Autre;15;"ok" \n', encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    report = load_paths([folder], wh, build_models=False)
    assert not report.refused, [f.message_fr for f in report.refused]
    con = duckdb.connect(str(wh), read_only=True)
    rows = con.execute("SELECT item, notes, _row FROM raw.agenda WHERE meeting_id = 'R1' ORDER BY item").fetchall()
    con.close()
    shift = 1 if extra else 0
    assert rows == [("1", 'Écran 5" et câble', 2 + shift), ("2", "Citation de Marie", 3 + shift),
                    ("3", "ok", 4 + shift)]


def test_a_quote_never_closed_in_a_file_without_header_names_is_said_by_number(tmp_path):
    path = tmp_path / "agenda.csv"
    path.write_text('meeting_id;item;kind;minutes;\nR1;1;Autre;15;"Salle 3\nR1;2;Autre;15;ok\n', encoding="utf-8")
    (f,) = _load(tmp_path, path).files
    assert f.status == "refused" and "colonne n° 5" in f.message_fr and "column 5," in f.message_en
    # in the header itself: its cells are not names (the rest of the file would be the last one)
    path.write_text('meeting_id;item;kind;"minutes\nR1;1;Autre;15\nR1;2;Autre;15\n', encoding="utf-8")
    (f,) = _load(tmp_path, path).files
    assert f.status == "refused" and "ligne 1, colonne n° 4" in f.message_fr and len(f.message_fr) < 400


@pytest.mark.parametrize("ending", ["", "\n", "\r\n", "\r"], ids=["none", "LF", "CRLF", "CR"])
def test_a_file_without_a_final_line_end_reads_whichever_way(tmp_path, ending):
    # Many tools write no line end after the last row; a short row sends the file to the slower readers.
    folder = write_basics(tmp_path / "in")
    rows = ["meeting_id,item,kind,minutes,notes", "R1,1,réflexion,120", 'R1,2,autre,60,"x"']
    (folder / "agenda.csv").write_bytes((("\r" if ending == "\r" else "\n").join(rows) + ending).encode())
    report = _load(tmp_path, folder)
    assert not report.refused, [f.message_fr for f in report.refused]
    assert _q(tmp_path, "SELECT item, notes, _row FROM raw.agenda ORDER BY item") == [("1", None, 2), ("2", "x", 3)]


@pytest.mark.parametrize("lines", [
    ["meeting_id;chantier_id;held_on;duration_minutes", "R1;C1;2012-11-20;180", "R2;C1;31/02/2013;240"],
    ["meeting_id;chantier_id;held_on;duration_minutes", "R1;C1;2012-11-20;180", "", "R2;C1;31/02/2013;240"],
    ["", "meeting_id;chantier_id;held_on;duration_minutes", "R1;C1;2012-11-20;180", "R2;C1;31/02/2013;240"],
    # a cell holding a line break (Alt+Enter: LF inside the quotes), then a blank line
    ["meeting_id;chantier_id;held_on;duration_minutes;notes", 'R1;C1;2012-11-20;180;"a\nb"', "",
     "R2;C1;31/02/2013;240;"],
], ids=["plain", "blank line inside", "blank first line", "line break in a cell"])
def test_a_file_with_old_mac_line_ends_is_read_with_its_row_numbers(tmp_path, lines):
    # "CSV (Macintosh)" ends lines with CR alone: each is still a row, numbered as a spreadsheet shows it.
    folder = write_basics(tmp_path / "in")
    (folder / "meetings.csv").write_bytes("\r".join(lines + [""]).encode())
    report = _load(tmp_path, folder)
    assert not report.refused, [f.message_fr for f in report.refused]
    r1, r2 = (next(i + 1 for i, line in enumerate(lines) if line.startswith(m)) for m in ("R1;", "R2;"))
    assert _q(tmp_path, "SELECT meeting_id, _row FROM raw.meetings") == [("R1", r1)]
    assert _q(tmp_path, "SELECT row_number, column_name FROM audit.rejects") == [(r2, "held_on")]


def test_an_identical_repeat_counts_where_the_row_it_repeats_goes(tmp_path):
    # Two identical rows count once in the warehouse; as rows of the file, both are accepted, or both
    # wait when their meeting is not loaded yet (never "1 accepted" with nothing in the warehouse).
    folder = write_basics(tmp_path / "in")
    write_csv(folder / "attendance.csv", [["meeting_id", "member_id", "status"], ["R9", "M1", "présent"],
                                          ["R9", "M1", "présent"], ["R9", "M2", "absent"], ["R1", "M2", "présent"],
                                          ["R1", "M2", "présent"]])
    report = _load(tmp_path, folder)
    (f,) = [f for f in report.files if f.source == "attendance"]
    assert (f.rows_read, f.accepted, f.rejected, f.quarantined, f.duplicates) == (5, 2, 0, 3, 2)
    assert _q(tmp_path, "SELECT count(*) FROM raw.attendance") == [(1,)]
    assert _q(tmp_path, "SELECT count(*) FROM quarantine.attendance") == [(2,)]
    assert "2 ligne(s) répétée(s) à l'identique, comptée(s) une fois" in f.message_fr
    assert "2 row(s) repeated identically, counted once" in f.message_en


def test_unknown_reference_waits_in_quarantine_and_is_released_later(tmp_path):
    folder = tmp_path / "in"
    write_csv(folder / "chantiers.csv", CHANTIERS)
    write_csv(folder / "members.csv", MEMBERS)
    att = write_csv(folder / "presences.csv", [["meeting_id", "member_id", "status"],
                                               ["R1", "M1", "present"], ["R1", "M9", "present"]])
    report = _load(tmp_path, folder)
    f = next(f for f in report.files if f.source == "attendance")
    assert (f.rows_read, f.accepted, f.rejected, f.quarantined) == (2, 0, 0, 2)
    reasons = _q(tmp_path, "SELECT member_id, _reason_fr FROM quarantine.attendance ORDER BY 1")
    assert "R1" in reasons[0][1] and "rencontre" in reasons[0][1]
    # meetings arrive: R1/M1 is released; M9 is still unknown in C1, with a new reason
    report = _load(tmp_path, write_csv(tmp_path / "later" / "rencontres.csv", MEETINGS))
    assert report.released == 1 and report.released_from == {"presences.csv": 1}  # which file's rows, said
    assert _q(tmp_path, "SELECT meeting_id, member_id, _file, _row FROM raw.attendance") == [
        ("R1", "M1", "presences.csv", 2)]
    left = _q(tmp_path, "SELECT member_id, _reason_fr FROM quarantine.attendance")
    assert left[0][0] == "M9" and "membre" in left[0][1]
    # the attendance file itself is unchanged on reload, and nothing moves
    assert {f.status for f in _load(tmp_path, att).files} == {"unchanged"}


def test_warnings_do_not_reject_rows(tmp_path):
    folder = write_basics(tmp_path / "in")
    # agenda of R1 now exceeds its 180 minutes; M2 (left 2014-06-30) present at R3 (2014-09-10)
    write_csv(folder / "agenda.csv", [["meeting_id", "item", "kind", "minutes"],
                                      ["R1", "1", "reflection", "150"], ["R1", "2", "production", "60"]])
    write_csv(folder / "attendance.csv", [["meeting_id", "member_id", "status"], ["R3", "M2", "present"]])
    write_csv(folder / "deliverables.csv", [["deliverable_id", "chantier_id", "title", "type",
                                             "production_started_on", "released_on"],
                                            ["L1", "C1", "Guide", "guide", "2015-05-01", "2015-01-01"]])
    report = _load(tmp_path, folder)
    assert all(f.rejected == 0 and f.quarantined == 0 for f in report.files)
    codes = _q(tmp_path, "SELECT source, reason_code, row_number FROM audit.warnings ORDER BY 1")
    assert codes == [("attendance", "present_outside_membership", 2), ("deliverables", "released_before_production", 2),
                     ("meetings", "agenda_over_duration", 2)]
    assert report.warnings == 3


def test_reloading_the_same_file_changes_nothing_and_a_corrected_file_replaces_its_keys(tmp_path):
    folder = write_basics(tmp_path / "in")
    _load(tmp_path, folder)
    before = _q(tmp_path, "SELECT * EXCLUDE (_batch_id) FROM raw.meetings ORDER BY meeting_id")
    report = _load(tmp_path, folder)
    assert {f.status for f in report.files} == {"unchanged"}
    assert _q(tmp_path, "SELECT * EXCLUDE (_batch_id) FROM raw.meetings ORDER BY meeting_id") == before
    fixed = [MEETINGS[0], ["R1", "C1", "2012-11-21", "200"], ["R9", "C1", "2015-01-10", "120"]]
    write_csv(folder / "meetings.csv", fixed)
    _load(tmp_path, folder / "meetings.csv")
    got = _q(tmp_path, "SELECT meeting_id, held_on::VARCHAR, duration_minutes FROM raw.meetings ORDER BY 1")
    assert got == [("E1", "2013-11-05", 120), ("R1", "2012-11-21", 200), ("R2", "2013-02-12", 240),
                   ("R3", "2014-09-10", 180), ("R9", "2015-01-10", 120)]


def test_rows_replaced_from_another_file_are_said_in_the_report(tmp_path):
    # Two attendance exports that overlap: the later file wins, and its report says whose rows it replaced.
    folder = write_basics(tmp_path / "in")
    (folder / "attendance.csv").unlink()
    write_csv(folder / "presences-a.csv", [["meeting_id", "member_id", "status"], ["R1", "M1", "absente"],
                                           ["R1", "M2", "présent"]])
    write_csv(folder / "presences-b.csv", [["meeting_id", "member_id", "status"], ["R1", "M1", "présente"],
                                           ["R2", "M1", "présente"]])
    report = _load(tmp_path, folder)
    by_name = {Path(f.path).name: f for f in report.files}
    assert by_name["presences-a.csv"].replaced == 0
    later = by_name["presences-b.csv"]
    assert later.replaced == 1
    assert "1 ligne(s) de presences-a.csv remplacée(s)" in later.message_fr
    assert "1 row(s) of presences-a.csv replaced" in later.message_en
    assert report.to_json()["files"][[f.path for f in report.files].index(later.path)][
        "replaced_from_other_files"] == 1
    assert _q(tmp_path, "SELECT status, _file FROM raw.attendance WHERE meeting_id = 'R1' AND member_id = 'M1'") \
        == [("present", "presences-b.csv")]
    # A corrected version of the same file replaces its own rows: nothing to say.
    write_csv(folder / "presences-b.csv", [["meeting_id", "member_id", "status"], ["R1", "M1", "excusée"],
                                           ["R2", "M1", "présente"]])
    again = _load(tmp_path, folder / "presences-b.csv").files[0]
    assert again.replaced == 0 and "remplacée" not in again.message_fr
    # A cumulative export: rows with changed values are replaced, rows repeated as they were are taken over
    # (the file holds them now: a split or renamed file says where its rows went).
    write_csv(folder / "presences-cumul.csv", [["meeting_id", "member_id", "status"], ["R1", "M1", "excusée"],
                                               ["R1", "M2", "absent"], ["R2", "M1", "présente"]])
    cumulative = _load(tmp_path, folder / "presences-cumul.csv").files[0]
    assert cumulative.replaced == 1 and "1 ligne(s) de presences-a.csv remplacée(s)" in cumulative.message_fr
    assert cumulative.taken_over == 2 and "2 ligne(s) de presences-b.csv reprise(s) telles quelles" in cumulative.message_fr
    assert "2 row(s) of presences-b.csv taken over unchanged" in cumulative.message_en
    assert "presences-b.csv remplacée" not in cumulative.message_fr
    assert report.to_json()["files"][0]["taken_over_from_other_files"] == 0


def test_rows_replaced_from_another_sheet_of_the_same_workbook_are_said(tmp_path):
    folder = write_basics(tmp_path / "in")
    (folder / "attendance.csv").unlink()
    header = ["meeting_id", "member_id", "status"]
    write_xlsx(folder / "presences.xlsx", {"presences-hiver": [header, ["R1", "M1", "absente"]],
                                           "presences-printemps": [header, ["R1", "M1", "présente"]]})
    report = _load(tmp_path, folder)
    sheets = {f.sheet: f for f in report.files if f.source == "attendance"}
    assert sheets["presences-hiver"].replaced == 0
    assert sheets["presences-printemps"].replaced == 1
    assert "presences.xlsx [presences-hiver]" in sheets["presences-printemps"].message_fr


def test_a_corrected_file_clears_its_old_rejects(tmp_path):
    folder = write_basics(tmp_path / "in")
    write_csv(folder / "meetings.csv", MEETINGS + [["R4", "C1", "31/02/2015", "60"]])
    _load(tmp_path, folder)
    assert _q(tmp_path, "SELECT count(*) FROM audit.rejects") == [(1,)]
    write_csv(folder / "meetings.csv", MEETINGS + [["R4", "C1", "28/02/2015", "60"]])
    _load(tmp_path, folder / "meetings.csv")
    assert _q(tmp_path, "SELECT count(*) FROM audit.rejects") == [(0,)]
    assert _q(tmp_path, "SELECT count(*) FROM raw.meetings WHERE meeting_id = 'R4'") == [(1,)]


def test_an_excel_unicode_text_export_loads_as_its_utf8_twin(tmp_path):
    # "Texte Unicode (*.txt)" renamed .csv: UTF-16 with a BOM, tab-separated, French headers.
    rows = [["Rencontre", "Chantier", "Date", "Durée (minutes)"], ["R9", "C1", "27/03/2015", "90"],
            ["R10", "C1", "31/02/2015", "90"]]
    folder = write_basics(tmp_path / "in")
    _load(tmp_path, folder)
    report = _load(tmp_path, write_csv(tmp_path / "u" / "rencontres-unicode.csv", rows, encoding="utf-16",
                                       delimiter="\t")).files[0]
    assert (report.status, report.accepted, report.rejected) == ("loaded", 1, 1)
    assert _q(tmp_path, "SELECT meeting_id, held_on::VARCHAR, duration_minutes FROM raw.meetings WHERE meeting_id = 'R9'") \
        == [("R9", "2015-03-27", 90)]
    assert _q(tmp_path, "SELECT row_number, column_name FROM audit.rejects") == [(3, "Date (held_on)")]


def test_dry_run_reports_the_same_and_writes_nothing(tmp_path):
    folder = write_basics(tmp_path / "in")
    dry = _load(tmp_path, folder, dry_run=True)
    assert not (tmp_path / "wh").exists()  # no warehouse, and no folder or lock file left for it
    real = _load(tmp_path, folder)
    strip = lambda r: [(f.path, f.status, f.rows_read, f.accepted, f.rejected, f.quarantined) for f in r.files]
    assert strip(dry) == strip(real)


def test_sources_load_in_dependency_order_whatever_the_order_given(tmp_path):
    folder = write_basics(tmp_path / "in")
    order = [folder / n for n in ("attendance.csv", "agenda.csv", "meetings.csv", "members.csv", "chantiers.csv")]
    report = _load(tmp_path, *order)
    assert [f.source for f in report.files] == ["chantiers", "members", "meetings", "agenda", "attendance"]
    assert all(f.quarantined == 0 and f.rejected == 0 for f in report.files)


def test_xlsx_sheet_without_required_column_is_refused_alone(tmp_path):
    path = write_xlsx(tmp_path / "in" / "classeur.xlsx", {
        "chantiers": CHANTIERS,
        "rencontres": [["rencontre", "chantier"], ["R1", "C1"]],
    })
    report = _load(tmp_path, path)
    by_sheet = {f.sheet: f for f in report.files}
    assert by_sheet["chantiers"].status == "loaded"
    assert by_sheet["rencontres"].status == "refused"
    assert "held_on" in by_sheet["rencontres"].message_fr and "[rencontres]" in by_sheet["rencontres"].message_fr


def test_two_files_of_the_same_name_in_one_load_are_refused_and_the_others_load(tmp_path):
    # One folder per year (or per chantier) with the same file names: a file is identified by its name, so
    # each would replace the other's rejects and waiting rows as its "new version". Both are refused.
    a = write_csv(tmp_path / "2019" / "chantiers.csv", [CHANTIERS[0], ["A1", "A", "01/02/2015"]])
    b = write_csv(tmp_path / "2020" / "chantiers.csv", [CHANTIERS[0], ["B1", "B", "31/04/2015"]])
    members = write_csv(tmp_path / "2020" / "membres.csv", [MEMBERS[0], MEMBERS[1]])
    report = _load(tmp_path, tmp_path / "2019", tmp_path / "2020")
    status = {f.path: f for f in report.files}
    assert status[str(a)].status == status[str(b)].status == "refused"
    assert str(b) in status[str(a)].message_fr and str(a) in status[str(b)].message_fr
    assert "même nom" in status[str(a)].message_fr and "same name" in status[str(a)].message_en
    assert status[str(members)].status == "loaded"  # waits for its chantier, as any member of an unknown one
    assert _q(tmp_path, "SELECT count(*) FROM raw.chantiers") == [(0,)]
    assert _q(tmp_path, "SELECT count(*) FROM audit.rejects") == [(0,)]


def test_a_file_given_twice_is_loaded_once(tmp_path):
    a = write_csv(tmp_path / "in" / "chantiers.csv", [CHANTIERS[0], CHANTIERS[1]])
    (tmp_path / "link").mkdir()
    (tmp_path / "link" / "chantiers.csv").hardlink_to(a)  # the same file by another path
    report = _load(tmp_path, a, tmp_path / "in", tmp_path / "link")
    assert [f.status for f in report.files] == ["loaded"]


def test_a_missing_or_unknown_file_is_refused_for_what_it_is_not_as_a_twin(tmp_path):
    real = write_csv(tmp_path / "2020" / "chantiers.csv", [CHANTIERS[0], CHANTIERS[1]])
    write_csv(tmp_path / "a" / "notes.csv", [["x"], ["1"]])
    write_csv(tmp_path / "b" / "notes.csv", [["x"], ["2"]])
    report = _load(tmp_path, tmp_path / "typo" / "chantiers.csv", real, tmp_path / "a", tmp_path / "b")
    status = {Path(f.path).parent.name + "/" + Path(f.path).name: f for f in report.files}
    assert status["2020/chantiers.csv"].status == "loaded"
    assert "introuvable" in status["typo/chantiers.csv"].message_fr
    assert all("même nom" not in f.message_fr for f in report.files)


def test_a_new_version_of_a_file_supersedes_the_rows_its_old_version_left_waiting(tmp_path):
    folder = write_basics(tmp_path / "in")
    _load(tmp_path, folder)
    att = write_csv(tmp_path / "p" / "presences-2015.csv",
                    [["meeting_id", "member_id", "status"], ["R1", "M9", "present"]])  # typo: no member M9
    assert _load(tmp_path, att).files[0].quarantined == 1
    write_csv(att, [["meeting_id", "member_id", "status"], ["R3", "M3", "present"]])  # fixed in the same file
    _load(tmp_path, att)
    assert _q(tmp_path, "SELECT count(*) FROM quarantine.attendance") == [(0,)]
    # a member M9 arriving later must not bring the typo back
    write_csv(tmp_path / "m" / "membres-2016.csv", [MEMBERS[0], ["M9", "C1", "2012-10-01", "", "", "", ""]])
    _load(tmp_path, tmp_path / "m")
    assert _q(tmp_path, "SELECT meeting_id, member_id FROM raw.attendance WHERE _file = 'presences-2015.csv'") == [
        ("R3", "M3")]


def test_a_new_version_whose_row_now_waits_keeps_the_loaded_version_and_its_dependents_until_released(tmp_path):
    folder = write_basics(tmp_path / "in")
    _load(tmp_path, folder)
    # R1 moved to chantier C9, not loaded yet (or a typo): the row waits, and R1's agenda and
    # attendance must not be left pointing at a meeting that is no longer in raw.
    write_csv(folder / "meetings.csv", [MEETINGS[0], ["R1", "C9", "2012-11-20", "180"], *MEETINGS[2:]])
    report = _load(tmp_path, folder / "meetings.csv")
    assert (report.files[0].accepted, report.files[0].quarantined) == (3, 1)
    assert "1 ligne(s) en attente gardent dans l'entrepôt" in report.files[0].message_fr
    assert "absente" not in report.files[0].message_fr  # R1 is in this version: waiting, not removed
    assert _q(tmp_path, "SELECT chantier_id FROM raw.meetings WHERE meeting_id = 'R1'") == [("C1",)]
    assert _q(tmp_path, "SELECT count(*) FROM raw.attendance a ANTI JOIN raw.meetings m USING (meeting_id)") == [(0,)]
    # Another file bringing R1 meanwhile replaces one row of meetings.csv, not two (kept and waiting)
    other = load_paths([write_csv(tmp_path / "b" / "rencontres-b.csv", [MEETINGS[0], ["R1", "C1", "2012-11-20", "150"]])],
                       tmp_path / "wh" / "w.duckdb", dry_run=True).files[0]
    assert "1 ligne(s) de meetings.csv remplacée(s)" in other.message_fr
    # C9 arrives: the waiting version is released and replaces the one kept meanwhile
    write_csv(folder / "chantiers.csv", CHANTIERS + [["C9", "Nouveau", "2012-10-01"]])
    released = load_paths([folder / "chantiers.csv"], tmp_path / "wh" / "w.duckdb")
    assert released.released == 1 and {"C1", "C9"} <= released.touched
    # its attendance rests on C9's members now: none of R1's two members is one, both wait; no audit fails
    assert released.requarantined == 2 and released.build.ok
    assert _q(tmp_path, "SELECT chantier_id FROM raw.meetings WHERE meeting_id = 'R1'") == [("C9",)]
    assert _q(tmp_path, "SELECT count(*) FROM quarantine.meetings") == [(0,)]
    with duckdb.connect(str(tmp_path / "wh" / "w.duckdb"), read_only=True) as con:  # the models follow the move
        assert con.execute("SELECT chantier_id FROM marts.meeting WHERE meeting_id = 'R1'").fetchall() == [("C9",)]


def test_attendance_of_a_meeting_moved_to_another_chantier_is_checked_again(tmp_path):
    # R1 moves from C1 to C2: M1 belongs to both, M2 to C1 only. M2's presence no longer has a member
    # in the meeting's chantier: it waits, as it would in a fresh load of the same files.
    folder = write_basics(tmp_path / "in")
    _load(tmp_path, folder)
    assert _q(tmp_path, "SELECT member_id FROM raw.attendance WHERE meeting_id = 'R1' ORDER BY 1") == [("M1",), ("M2",)]
    write_csv(folder / "meetings.csv", [MEETINGS[0], ["R1", "C2", "2012-11-20", "180"], *MEETINGS[2:]])
    report = _load(tmp_path, folder / "meetings.csv")
    assert report.requarantined == 1 and report.to_json()["sent_back_to_quarantine"] == 1
    assert _q(tmp_path, "SELECT member_id FROM raw.attendance WHERE meeting_id = 'R1'") == [("M1",)]
    assert _q(tmp_path, "SELECT member_id, _file, _reason_en FROM quarantine.attendance") == [
        ("M2", "attendance.csv", "member (of the meeting's chantier) 'R1 / M2' not known yet: the row waits for it to be loaded")]
    # M2 joins C2: the presence is released
    write_csv(tmp_path / "m" / "membres-c2.csv", [MEMBERS[0], ["M2", "C2", "2012-10-01", "", "", "", ""]])
    assert _load(tmp_path, tmp_path / "m").released == 1
    assert _q(tmp_path, "SELECT count(*) FROM raw.attendance WHERE meeting_id = 'R1'") == [(2,)]


def _sql_with(tmp_path: Path, monkeypatch, models: dict[str, str]) -> None:
    """The loads of this test read the project's sql/ plus `models` ({"marts/x.sql": text})."""
    import shutil

    from pipelines import load as load_module

    sql = tmp_path / "sql"
    shutil.copytree(Path(load_module.SQL_DIR), sql)
    for name, text in models.items():
        (sql / name).write_text(text)
    monkeypatch.setattr(load_module, "SQL_DIR", sql)


def test_a_broken_sql_folder_does_not_stop_the_data_from_loading(tmp_path, monkeypatch):
    _sql_with(tmp_path, monkeypatch, {"marts/loop_a.sql": "-- One row per x. Grain: x\nSELECT * FROM marts.loop_b\n",
                                      "marts/loop_b.sql": "-- One row per x. Grain: x\nSELECT * FROM marts.loop_a\n"})
    report = load_paths([write_basics(tmp_path / "in")], tmp_path / "wh" / "w.duckdb")
    assert report.build is None and "loop_a" in report.build_error
    assert report.to_json()["models_ok"] is False
    assert _q(tmp_path, "SELECT count(*) FROM raw.meetings") == [(4,)]


def test_the_json_report_names_the_models_that_failed(tmp_path, monkeypatch):
    _sql_with(tmp_path, monkeypatch, {
        "marts/broken.sql": "-- Grain: x\nSELECT no_such_column FROM marts.chantier\n",
        "audits/never_empty.sql": "-- Audit: always fails\nSELECT chantier_id FROM marts.chantier\n"})
    out = load_paths([write_basics(tmp_path / "in")], tmp_path / "wh" / "w.duckdb").to_json("en")
    assert out["models_ok"] is False
    (failed,) = out["models_failed"]
    assert failed["model"] == "marts.broken" and failed["status"] == "error" and "no_such_column" in failed["message"]
    assert out["audits_failed"] == [{"model": "audits.never_empty", "path": "sql/audits/never_empty.sql",
                                     "n_failing": 2}]


def test_a_release_cascades_to_rows_waiting_for_the_released_rows(tmp_path):
    folder = tmp_path / "in"
    write_csv(folder / "meetings.csv", MEETINGS)  # waits for its chantiers
    write_csv(folder / "members.csv", MEMBERS)  # waits for its chantiers
    write_csv(folder / "attendance.csv", [["meeting_id", "member_id", "status"], ["R1", "M1", "present"]])
    first = _load(tmp_path, folder)
    assert sum(f.quarantined for f in first.files) == 4 + 4 + 1
    second = _load(tmp_path, write_csv(tmp_path / "c" / "chantiers.csv", CHANTIERS))
    assert second.released == 9
    assert _q(tmp_path, "SELECT count(*) FROM raw.attendance") == [(1,)]


def test_a_warehouse_made_when_rows_carried_their_file_hash_still_loads_and_releases(tmp_path):
    from tests.filemaker import ATTENDANCE

    folder = tmp_path / "in"
    write_csv(folder / "chantiers.csv", CHANTIERS)
    write_csv(folder / "members.csv", MEMBERS)
    write_csv(folder / "attendance.csv", ATTENDANCE)  # waits for its meetings
    _load(tmp_path, folder)
    con = duckdb.connect(str(tmp_path / "wh" / "w.duckdb"))
    for schema in ("raw", "quarantine"):  # the columns of earlier versions stay in existing warehouses
        for source in ("meetings", "attendance"):
            con.execute(f"ALTER TABLE {schema}.{source} ADD COLUMN _sha256 VARCHAR")
    con.close()
    report = _load(tmp_path, write_csv(tmp_path / "m" / "rencontres.csv", MEETINGS))
    assert report.released == len(ATTENDANCE) - 1
    assert _q(tmp_path, "SELECT count(*), count(_sha256) FROM raw.attendance") == [(len(ATTENDANCE) - 1, 0)]


def test_a_reject_is_settled_when_another_file_brings_its_key(tmp_path):
    # A bad row of membres.csv, sent again right in a small correction file: the reject is no longer to fix.
    folder = write_basics(tmp_path / "in")
    write_csv(folder / "members.csv", MEMBERS + [["M9", "C1", "31/02/2013", "Zoé Roy", "Estrie", "élue", ""],
                                                 ["M8", "C1", "2013-02-01", "Léa Roy", "Estrie", "élue", "pas une date"]])
    _load(tmp_path, folder)
    assert _q(tmp_path, "SELECT record_key FROM audit.rejects ORDER BY 1") == [("M8\x1fC1",), ("M9\x1fC1",)]
    fix = write_csv(tmp_path / "fix" / "membres-correction.csv",
                    [MEMBERS[0], ["M9", "C1", "2013-02-28", "Zoé Roy", "Estrie", "élue", ""]])
    report = _load(tmp_path, fix)
    assert "1 ligne(s) rejetée(s) de members.csv réglée(s)" in report.files[0].message_fr
    assert "1 rejected row(s) of members.csv settled" in report.files[0].message_en
    assert report.to_json()["files"][0]["settled_from_other_files"] == 1
    assert _q(tmp_path, "SELECT file_name, record_key FROM audit.rejects") == [("members.csv", "M8\x1fC1")]
    assert "réglée" in _q(tmp_path, "SELECT message_fr FROM audit.files WHERE file_name = 'membres-correction.csv'")[0][0]
    # A reject of the correction file itself is never settled by the file's own rows.
    write_csv(fix, [MEMBERS[0], ["M9", "C1", "2013-02-28", "Zoé Roy", "Estrie", "élue", ""],
                    ["M7", "C1", "jamais", "Ève Roy", "Estrie", "élue", ""]])
    _load(tmp_path, fix)
    assert _q(tmp_path, "SELECT file_name, record_key FROM audit.rejects ORDER BY 1, 2") == [
        ("members.csv", "M8\x1fC1"), ("membres-correction.csv", "M7\x1fC1")]
    # members.csv reloaded later, still with the bad M9 row: the later word on M9 is a reject, listed again
    # (as a valid row would have replaced the correction's).
    write_csv(folder / "members.csv", MEMBERS + [["M9", "C1", "31/02/2013", "Zoé Roy", "Estrie", "élu", ""]])
    again = _load(tmp_path, folder / "members.csv").files[0]
    assert again.rejected == 1 and "réglée" not in again.message_fr
    assert _q(tmp_path, "SELECT file_name FROM audit.rejects ORDER BY 1") == [("members.csv",),
                                                                             ("membres-correction.csv",)]


@pytest.mark.parametrize("correction, settled", [("membres_correction.csv", True), ("membres-correction.csv", False)])
def test_in_one_load_the_later_file_has_the_last_word_on_a_key(tmp_path, correction, settled):
    # Files of one source merge in name order, and the later one wins a key, valid row or reject alike:
    # membres_correction.csv comes after membres.csv ('_' > '.'), membres-correction.csv before ('-' < '.').
    folder = write_basics(tmp_path / "in")
    (folder / "members.csv").unlink()
    write_csv(folder / "membres.csv", MEMBERS + [["M9", "C1", "31/02/2013", "Zoé Roy", "Estrie", "élue", ""]])
    write_csv(folder / correction, [MEMBERS[0], ["M9", "C1", "2013-02-28", "Zoé Roy", "Estrie", "élue", ""]])
    report = _load(tmp_path, folder)
    assert _q(tmp_path, "SELECT count(*) FROM audit.rejects") == [(0 if settled else 1,)]
    assert _q(tmp_path, "SELECT _file FROM raw.members WHERE member_id = 'M9'") == [(correction,)]
    fixed = next(f for f in report.files if f.path.endswith(correction))
    assert ("1 ligne(s) rejetée(s) de membres.csv réglée(s)" in fixed.message_fr) is settled


def test_a_file_split_in_two_does_not_list_its_bad_rows_twice(tmp_path):
    # presences.csv split into two files: their rejects of the same keys replace the old file's,
    # which no other file could ever settle (a reject settles only when a valid row arrives).
    folder = write_basics(tmp_path / "in")
    head = ["meeting_id", "member_id", "status"]
    write_csv(folder / "attendance.csv", [head, ["R1", "M1", "présente"], ["R1", "M2", "peut-être"],
                                          ["R2", "M1", "présente"], ["R2", "M3", "bof"], ["R2", "", "absente"]])
    _load(tmp_path, folder)
    assert _q(tmp_path, "SELECT count(*) FROM audit.rejects") == [(3,)]
    split = tmp_path / "split"
    write_csv(split / "attendance-r1.csv", [head, ["R1", "M1", "présente"], ["R1", "M2", "peut-être"]])
    write_csv(split / "attendance-r2.csv", [head, ["R2", "M1", "présente"], ["R2", "M3", "bof"]])
    report = _load(tmp_path, split)
    assert _q(tmp_path, "SELECT file_name, record_key FROM audit.rejects ORDER BY 1") == [
        ("attendance-r1.csv", "R1\x1fM2"), ("attendance-r2.csv", "R2\x1fM3"),
        ("attendance.csv", None)]  # a row without its key cannot be matched: it stays to fix
    assert all("1 ligne(s) rejetée(s) de attendance.csv remplacée(s) par les rejets de ce fichier-ci"
               in f.message_fr for f in report.files)
    assert "1 rejected row(s) of attendance.csv replaced by this file's rejects" in report.files[0].message_en


def test_a_new_file_with_a_bad_row_for_a_loaded_key_keeps_its_reject(tmp_path):
    # The warehouse has R1 from meetings.csv; a new file's R1 is rejected: that update failed and stays listed.
    folder = write_basics(tmp_path / "in")
    _load(tmp_path, folder)
    update = _load(tmp_path, write_csv(tmp_path / "m" / "rencontres-maj.csv", [MEETINGS[0], ["R1", "C1", "2015-03-27", "-5"]]))
    assert update.files[0].rejected == 1
    assert _q(tmp_path, "SELECT file_name, record_key FROM audit.rejects") == [("rencontres-maj.csv", "R1")]


def test_a_row_still_waiting_settles_no_reject(tmp_path):
    # The correction's row waits for its member: the original reject stays until the row is accepted.
    folder = write_basics(tmp_path / "in")
    (folder / "attendance.csv").unlink()
    write_csv(folder / "presences.csv", [["meeting_id", "member_id", "status"], ["R3", "M1", "peut-être"]])
    _load(tmp_path, folder)
    correction = write_csv(tmp_path / "fix" / "presences-correction.csv",
                           [["meeting_id", "member_id", "status"], ["R3", "M9", "présent"], ["R3", "M1", "présente"]])
    write_csv(folder / "presences.csv", [["meeting_id", "member_id", "status"], ["R3", "M1", "peut-être"],
                                         ["R3", "M9", "peut-être"]])
    _load(tmp_path, folder / "presences.csv")
    report = _load(tmp_path, correction).files[0]
    assert report.quarantined == 1 and "1 ligne(s) rejetée(s) de presences.csv réglée(s)" in report.message_fr
    # R3 · M1 is settled by its accepted row; R3 · M9's row waits for its member: its reject stays.
    assert _q(tmp_path, "SELECT file_name, record_key FROM audit.rejects") == [("presences.csv", "R3\x1fM9")]


def test_settled_and_kept_rejects_count_rows_not_cells(tmp_path):
    folder = write_basics(tmp_path / "in")
    write_csv(folder / "meetings.csv", MEETINGS + [["R4", "C1", "31/02/2015", "beaucoup"]])  # two bad cells, one row
    _load(tmp_path, folder)
    assert _q(tmp_path, "SELECT count(*) FROM audit.rejects") == [(2,)]
    fix = _load(tmp_path, write_csv(tmp_path / "fix" / "rencontres-r4.csv", [MEETINGS[0], ["R4", "C1", "28/02/2015", "60"]]))
    assert "1 ligne(s) rejetée(s) de meetings.csv réglée(s)" in fix.files[0].message_fr
    assert _q(tmp_path, "SELECT count(*) FROM audit.rejects") == [(0,)]


def test_a_warehouse_made_before_rejects_carried_their_key_still_loads(tmp_path):
    folder = write_basics(tmp_path / "in")
    write_csv(folder / "meetings.csv", MEETINGS + [["R4", "C1", "31/02/2015", "60"]])
    _load(tmp_path, folder)
    con = duckdb.connect(str(tmp_path / "wh" / "w.duckdb"))
    con.execute("ALTER TABLE audit.rejects DROP COLUMN record_key")  # as earlier versions made it
    con.close()
    fix = write_csv(tmp_path / "fix" / "rencontres-correction.csv", [MEETINGS[0], ["R4", "C1", "28/02/2015", "60"]])
    report = _load(tmp_path, fix)
    assert report.files[0].status == "loaded"
    # The old reject has no key: it stays until its own file is reloaded corrected.
    assert _q(tmp_path, "SELECT file_name, record_key FROM audit.rejects") == [("meetings.csv", None)]


def test_a_row_rejected_in_a_new_version_says_its_previous_version_stays(tmp_path):
    folder = write_basics(tmp_path / "in")
    _load(tmp_path, folder)
    # This month's export has a typo in R2's date: R2 keeps last month's row, and the report says so.
    write_csv(folder / "meetings.csv", [MEETINGS[0], ["R1", "C1", "2012-11-20", "180"],
                                        ["R2", "C1", "31/02/2013", "240"], ["R3", "C1", "2014-09-10", "180"],
                                        ["E1", "C2", "2013-11-05", "120"], ["R7", "C1", "jamais", "60"]])
    report = _load(tmp_path, folder / "meetings.csv").files[0]
    assert report.rejected == 2
    assert "1 ligne(s) rejetée(s) gardent dans l'entrepôt leur version du chargement précédent" in report.message_fr
    assert "1 rejected row(s) keep in the warehouse their version" in report.message_en
    assert _q(tmp_path, "SELECT held_on::VARCHAR FROM raw.meetings WHERE meeting_id = 'R2'") == [("2013-02-12",)]
    # A bad row beside a good row of the same key: a conflict (fixing the date would make them differ),
    # both rejected, and R2 keeps the version already loaded.
    write_csv(folder / "meetings.csv", [MEETINGS[0], ["R2", "C1", "31/02/2013", "240"], ["R2", "C1", "2013-02-13", "240"]])
    same = _load(tmp_path, folder / "meetings.csv").files[0]
    assert same.rejected == 2 and "2 ligne(s) rejetée(s) gardent dans l'entrepôt" in same.message_fr
    assert _q(tmp_path, "SELECT held_on::VARCHAR FROM raw.meetings WHERE meeting_id = 'R2'") == [("2013-02-12",)]
    # A first load of a file has no previous version to speak of.
    first = _load(tmp_path, write_csv(tmp_path / "other" / "rencontres-2016.csv",
                                      [MEETINGS[0], ["R8", "C1", "jamais", "60"]])).files[0]
    assert first.rejected == 1 and "version" not in first.message_fr


def test_counts_in_file_messages_are_written_as_each_language_writes_them():
    # A funder's attendance file has a million rows: "1 824 957 ligne(s)", not "1824957 ligne(s)".
    from pipelines.messages import Message

    loaded = Message("file_loaded", path="presences.csv", accepted=1_824_957, rejected=23_927, quarantined=56)
    assert loaded.fr == "presences.csv : 1\u00a0824\u00a0957 ligne(s) acceptée(s), 23\u00a0927 rejetée(s), 56 en attente."
    assert loaded.en == "presences.csv: 1,824,957 row(s) accepted, 23,927 rejected, 56 waiting."
    # A value quoted from a file is left as written.
    assert Message("bad_vocab", value="1000", allowed="a, b").fr.startswith("valeur inconnue « 1000 »")


def test_a_new_version_without_some_rows_says_they_stay_in_the_warehouse(tmp_path):
    # A coordinator deletes two attendance lines and reloads the file: the warehouse keeps them (a new
    # version replaces keys, it deletes nothing), and the report must say so rather than "17 accepted".
    folder = write_basics(tmp_path / "in")
    first = _load(tmp_path, folder)
    assert all(f.status == "loaded" for f in first.files)
    write_csv(folder / "attendance.csv", [["meeting_id", "member_id", "status"], ["R1", "M1", "present"]])
    (f,) = [f for f in _load(tmp_path, folder).files if f.source == "attendance"]
    before = _q(tmp_path, "SELECT count(*) FROM raw.attendance")[0][0]
    assert before > 1 and f.accepted == 1
    assert f"{before - 1} ligne(s) de la version précédente, absente(s) de celle-ci, reste(nt) dans l'entrepôt" \
        in f.message_fr
    assert f"{before - 1} row(s) of the previous version, absent from this one, stay in the warehouse" in f.message_en
    # A rejected row of the new version is said as kept, not as absent.
    write_csv(folder / "attendance.csv", [["meeting_id", "member_id", "status"], ["R1", "M1", "en retard"]])
    (g,) = [f for f in _load(tmp_path, folder).files if f.source == "attendance"]
    assert "1 ligne(s) rejetée(s) gardent" in g.message_fr and f"{before - 1} ligne(s) de la version" in g.message_fr
