"""The `chantiers` command as a coordinator uses it."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from pipelines.cli import main
from tests.filemaker import CHANTIERS, MEETINGS, write_basics, write_csv, write_models


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_load_json_report_and_exit_codes(tmp_path):
    folder = write_basics(tmp_path / "in")
    (folder / "notes.csv").write_text("a,b\n1,2\n")
    wh = tmp_path / "w.duckdb"
    result = run("load", str(folder), "--warehouse", str(wh), "--json")
    assert result.exit_code == 1  # notes.csv names no source: refused
    report = json.loads(result.stdout)
    assert set(report) >= {"batch_id", "files"}
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert by_name["notes.csv"]["status"] == "refused" and "notes.csv" in by_name["notes.csv"]["message"]
    for f in report["files"]:
        assert set(f) >= {"path", "source", "status", "rows_read", "accepted", "rejected", "quarantined", "message"}
        if f["status"] == "loaded":
            assert f["rows_read"] == f["accepted"] + f["rejected"] + f["quarantined"]
    (folder / "notes.csv").unlink()
    again = json.loads(run("load", str(folder), "--warehouse", str(wh), "--json").stdout)
    assert {f["status"] for f in again["files"]} == {"unchanged"}
    assert run("load", str(folder), "--warehouse", str(wh)).exit_code == 0


def test_usage_error_exits_2(tmp_path):
    assert run("load").exit_code == 2
    assert run("load", "--bogus", str(tmp_path)).exit_code == 2
    # a mistyped path: nothing is loaded, and no refused file is left in the ledger for good
    typo = run("load", str(tmp_path / "presences-2021.csv"), "--warehouse", str(tmp_path / "w.duckdb"))
    assert typo.exit_code == 2 and "introuvable" in typo.output and not (tmp_path / "w.duckdb").exists()


def test_readable_summary_in_french_then_english(tmp_path):
    folder = write_basics(tmp_path / "in")
    write_csv(folder / "meetings.csv", MEETINGS + [["R9", "C1", "31/02/2015", "60"]])
    wh = str(tmp_path / "w.duckdb")
    fr = run("load", str(folder), "--warehouse", wh, "--dry-run").stdout
    assert "ligne 6" in fr and "date impossible" in fr and "Simulation" in fr
    en = run("load", str(folder), "--warehouse", wh, "--lang", "en").stdout
    assert "row 6" in en and "impossible date" in en and "Batch" in en
    # Loaded again unchanged: the file says so; its rejects were listed at its load, not again as "more".
    again = run("load", str(folder), "--warehouse", wh).stdout
    assert "meetings.csv : déjà chargé" in again and "autre(s) rejet(s)" not in again
    assert "le total ne compte pas les fichiers inchangés" in again  # its line shows counts, the total 0


def test_a_load_says_its_own_files_warnings_not_the_warehouses(tmp_path):
    folder = write_basics(tmp_path / "in")
    write_csv(folder / "agenda.csv", [["meeting_id", "item", "kind", "minutes"], ["R1", "1", "réflexion", "400"]])
    wh = str(tmp_path / "w.duckdb")
    assert "1 avertissement(s)" in run("load", str(folder), "--warehouse", wh).stdout  # 400 min in a 180-min meeting
    write_csv(folder / "chantiers.csv", CHANTIERS + [["C3", "Nouveau", "2016-01-01"]])
    later = run("load", str(folder / "chantiers.csv"), "--warehouse", wh).stdout
    assert "avertissement" not in later


def test_summary_groups_counts_as_each_language_does(tmp_path):
    folder = write_basics(tmp_path / "in")
    write_csv(folder / "meetings.csv", MEETINGS + [[f"X{i}", "C1", "2015-02-31", "60"] for i in range(1206)])
    wh = str(tmp_path / "w.duckdb")
    fr = run("load", str(folder), "--warehouse", wh, "--dry-run").stdout
    assert "… 1\u00a0201 autre(s) rejet(s) : chantiers rejects" in fr  # 1,206 rejected, the first 5 listed
    line = next(x for x in fr.splitlines() if x.endswith("meetings.csv"))
    assert [x for x in line.split(" ") if x][1:] == ["1\u00a0210", "4", "1\u00a0206", "0", "meetings.csv"]
    en = run("load", str(folder), "--warehouse", wh, "--lang", "en").stdout
    assert "… 1,201 more reject(s): chantiers rejects" in en and ("Batch" in en and " s)" in en)


def test_summary_and_rejects_count_rows_and_their_reasons_apart(tmp_path):
    # Six rows rejected, the first for two cells: seven rejects. The summary shows five and says two
    # more are to be seen (not one: the sixth row and the first row's second reason).
    folder = write_basics(tmp_path / "in")
    bad = [["X1", "C1", "2015-02-31", "soixante"]] + [[f"X{i}", "C1", "2015-02-31", "60"] for i in range(2, 7)]
    write_csv(folder / "meetings.csv", MEETINGS + bad)
    wh = str(tmp_path / "w.duckdb")
    fr = run("load", str(folder), "--warehouse", wh).stdout
    listed = [x for x in fr.splitlines() if x.strip().startswith("ligne ")]
    assert len(listed) == 5 and "… 2 autre(s) rejet(s) : chantiers rejects" in fr
    rejects = run("rejects", "--warehouse", wh).stdout
    assert "Lignes rejetées : 6 (7 raisons)" in rejects
    assert len([x for x in rejects.splitlines() if "meetings.csv, ligne " in x]) == 7
    en = run("rejects", "--warehouse", wh, "--lang", "en").stdout
    assert "Rejected rows: 6 (7 reasons)" in en
    # English punctuation: no space before a colon, straight quotes around the cell's value
    assert 'meetings.csv, row 6, held_on = "2015-02-31": ' in en and " : " not in en
    summary = run("load", str(folder), "--warehouse", wh, "--lang", "en", "--dry-run").stdout
    assert sum(line.startswith("unchanged ") for line in summary.splitlines()) == 5 and " : " not in summary


def test_rejects_lists_rejected_and_waiting_rows_with_file_row_column_value(tmp_path):
    folder = write_basics(tmp_path / "in")
    write_csv(folder / "meetings.csv", MEETINGS + [["R9", "C1", "31/02/2015", "60"]])
    write_csv(folder / "attendance.csv", [["meeting_id", "member_id", "status"], ["R8", "M1", "present"]])
    wh = str(tmp_path / "w.duckdb")
    run("load", str(folder), "--warehouse", wh)
    text = run("rejects", "--warehouse", wh).stdout
    assert "meetings.csv, ligne 6, held_on = « 31/02/2015 »" in text
    assert "attendance.csv, ligne 2" in text and "R8" in text
    data = json.loads(run("rejects", "--warehouse", wh, "--json").stdout)
    assert [(r["file_name"], r["row_number"], r["column_name"], r["value"]) for r in data["rejected"]] == [
        ("meetings.csv", 6, "held_on", "31/02/2015")]
    assert [(r["file_name"], r["row_number"]) for r in data["quarantined"]] == [("attendance.csv", 2)]


def test_rejects_lists_each_lists_first_rows_unless_all_and_counts_waiting_answers_as_the_load(tmp_path):
    from pipelines.cli import REJECTS_LISTED

    folder = write_basics(tmp_path / "in")
    bad = [[f"X{i}", "C1", "2015-02-31", "60"] for i in range(REJECTS_LISTED + 5)]
    write_csv(folder / "meetings.csv", MEETINGS + bad)
    # a wide survey export for a survey not loaded yet: each row waits once per answer
    write_csv(folder / "responses_BILAN-2016.csv", [["Horodateur", "Q1. Confiance", "Q2. Temps"],
                                                    ["2016-05-02 10:00", "Neutre", "Oui"]])
    wh = str(tmp_path / "w.duckdb")
    load = json.loads(run("load", str(folder), "--warehouse", wh, "--json").stdout)
    waiting = sum(f["quarantined"] for f in load["files"])
    text = run("rejects", "--warehouse", wh).stdout
    assert f"Lignes rejetées : {REJECTS_LISTED + 5}" in text
    assert len([x for x in text.splitlines() if "meetings.csv, ligne " in x]) == REJECTS_LISTED
    assert "… 5 autre(s) : chantiers rejects --all" in text
    everything = run("rejects", "--warehouse", wh, "--all").stdout
    assert len([x for x in everything.splitlines() if "meetings.csv, ligne " in x]) == REJECTS_LISTED + 5
    assert "autre(s)" not in everything
    # waiting: counted as the load counts them, each answer's line told apart by its key
    assert waiting == 2 and f"Lignes en attente (quarantaine) : {waiting}\n" in text
    lines = [x.strip() for x in text.splitlines() if "responses_BILAN-2016.csv, ligne 2" in x]
    assert len(lines) == 2 and len(set(lines)) == 2 and all("BILAN-2016 · " in x for x in lines)
    data = json.loads(run("rejects", "--warehouse", wh, "--json").stdout)  # everything, streamed
    assert len(data["rejected"]) == REJECTS_LISTED + 5 and len(data["quarantined"]) == 2


def test_rejects_lists_the_files_refused_at_their_latest_load(tmp_path):
    # A refused file has no row anywhere: its reason must be found again after the load's summary.
    folder = write_basics(tmp_path / "in")
    (folder / "rencontres_juin.csv").write_text("Rencontre;Chantier;Durée\nR9;C1;60\n", encoding="utf-8")
    wh = str(tmp_path / "w.duckdb")
    run("load", str(folder), "--warehouse", wh)
    text = run("rejects", "--warehouse", wh).stdout
    assert "Fichiers refusés à leur dernier chargement : 1" in text
    assert "rencontres_juin.csv : colonne(s) obligatoire(s) absente(s)" in text
    assert "Files refused at their latest load: 1" in run("rejects", "--warehouse", wh, "--lang", "en").stdout
    assert [r["file_name"] for r in json.loads(run("rejects", "--warehouse", wh, "--json").stdout)["refused"]] == [
        "rencontres_juin.csv"]
    # Corrected and loaded again: no longer listed.
    (folder / "rencontres_juin.csv").write_text("Rencontre;Chantier;Date;Durée\nR9;C1;2015-06-01;60\n",
                                                encoding="utf-8")
    run("load", str(folder / "rencontres_juin.csv"), "--warehouse", wh)
    assert "refusés" not in run("rejects", "--warehouse", wh).stdout


def test_status_shows_ledger_and_freshness(tmp_path):
    wh = str(tmp_path / "w.duckdb")
    run("load", str(write_basics(tmp_path / "in")), "--warehouse", wh)
    text = run("status", "--warehouse", wh).stdout
    assert "Registre des chargements" in text and "rencontres" in text and "jamais chargée" in text
    assert "5 fichier(s), " in text and "0 refusé(s)" in text and "/file(s)" not in text
    today = dt.date.today()
    months = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
    assert f"{today.day} {months[today.month - 1]} {today.year}, " in text and f"{today:%Y-%m-%d}" not in text
    en = run("status", "--warehouse", wh, "--lang", "en").stdout
    assert "5 file(s), " in en and "meetings" in en and f"{today:%b} {today.day}, {today.year}, " in en


def test_status_names_the_last_file_of_a_source_loaded(tmp_path):
    # Files of one load share its time: the last one merged (in name order) is the last loaded.
    wh = str(tmp_path / "w.duckdb")
    folder = write_basics(tmp_path / "in")
    (folder / "attendance.csv").rename(folder / "presences-2012.csv")
    write_csv(folder / "presences-2013.csv", [["meeting_id", "member_id", "status"], ["R3", "M1", "présente"]])
    run("load", str(folder), "--warehouse", wh)
    line = next(x for x in run("status", "--warehouse", wh).stdout.splitlines() if x.strip().startswith("présences"))
    assert line.endswith("presences-2013.csv")
    with duckdb.connect(wh, read_only=True) as con:  # the quality page's table says the same
        assert con.execute("SELECT last_file_name FROM marts.dash_source_freshness WHERE source = 'attendance'"
                           ).fetchall() == [("presences-2013.csv",)]


def test_warehouse_path_from_environment(tmp_path):
    wh = tmp_path / "env.duckdb"
    result = run("load", str(write_basics(tmp_path / "in")), env={"CHANTIERS_WAREHOUSE": str(wh)})
    assert result.exit_code == 0 and wh.exists()


def test_missing_warehouse_says_how_to_load(tmp_path):
    result = run("status", "--warehouse", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1 and "chantiers load" in result.stderr


@pytest.mark.skipif(not shutil.which("chantiers", path=str(Path(sys.executable).parent)),
                    reason="the chantiers command is installed by `make setup`")
def test_installed_command_runs(tmp_path):
    exe = shutil.which("chantiers", path=str(Path(sys.executable).parent))
    out = subprocess.run([exe, "load", str(write_basics(tmp_path / "in")), "--json"], capture_output=True,
                         text=True, env={**os.environ, "CHANTIERS_WAREHOUSE": str(tmp_path / "w.duckdb")})
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["files"]) == 5


MISSING = "marts.dash_source_freshness"  # a mart the dashboard reads


def _as_built_before(wh: Path, mart: str = MISSING) -> None:
    """The warehouse as an earlier version of the product left it: without that mart."""
    import duckdb

    con = duckdb.connect(str(wh))
    con.execute(f"DROP TABLE {mart}")
    con.execute("DELETE FROM audit.model_state WHERE model = ?", [mart])
    con.close()


def _served(monkeypatch) -> dict:
    """Stands in for the dashboard: records whether it opened, and on a warehouse holding MISSING."""
    import duckdb

    seen: dict = {}

    def serve(warehouse, port, headless, lang):
        seen["lang"] = lang
        con = duckdb.connect(str(warehouse), read_only=True)
        schema, table = MISSING.split(".")
        seen["has_mart"] = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? "
                                       "AND table_name = ?", [schema, table]).fetchone()[0] == 1
        con.close()
        return 0

    monkeypatch.setattr("dashboard.server.serve", serve)
    return seen


def _loaded(tmp_path: Path) -> Path:
    wh = tmp_path / "w.duckdb"
    assert run("load", str(write_basics(tmp_path / "in")), "--warehouse", str(wh)).exit_code == 0
    return wh


def test_build_with_a_cycle_in_sql_says_so_without_a_traceback(tmp_path, monkeypatch):
    from warehouse.settings import Settings

    wh = _loaded(tmp_path)
    cycle = write_models(tmp_path, {"marts/a.sql": "-- Grain: x\nSELECT * FROM marts.b\n",
                                    "marts/b.sql": "-- Grain: x\nSELECT * FROM marts.a\n"})
    monkeypatch.setattr("pipelines.cli.Settings.from_env", lambda warehouse: Settings(warehouse=wh, sql_dir=cycle))
    result = run("build")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Dépendance circulaire entre modèles" in result.stderr and "marts.a" in result.stderr


def test_serve_first_builds_the_models_the_warehouse_lacks(tmp_path, monkeypatch):
    # A product update (or an analyst) adds a mart the dashboard reads: serving the warehouse loaded
    # before it must not open pages on a missing table.
    wh = _loaded(tmp_path)
    _as_built_before(wh)
    seen = _served(monkeypatch)
    result = run("serve", "--warehouse", str(wh))
    assert result.exit_code == 0 and seen["has_mart"]
    assert MISSING in result.stderr and "construction" in result.stderr
    again = run("serve", "--warehouse", str(wh))  # nothing left to build: it says nothing
    assert again.exit_code == 0 and "marts." not in again.stderr and seen["lang"] == "fr"
    assert run("serve", "--warehouse", str(wh), "--lang", "en").exit_code == 0 and seen["lang"] == "en"


def test_serve_during_a_load_or_on_a_read_only_warehouse_opens_the_dashboard_and_says_why(tmp_path, monkeypatch):
    from warehouse.store import writing

    wh = _loaded(tmp_path)
    _as_built_before(wh)
    seen = _served(monkeypatch)
    with writing(wh, publish=False):  # a load holds the writers' lock
        result = run("serve", "--warehouse", str(wh), env={"CHANTIERS_LANG": "en"})
    assert result.exit_code == 0 and seen["has_mart"] is False and "A load is running" in result.stderr
    seen.clear()
    monkeypatch.setattr("pipelines.cli._writable", lambda path: False)  # a viewer's copy of a shared warehouse
    result = run("serve", "--warehouse", str(wh))
    assert result.exit_code == 0 and "has_mart" in seen and not seen["has_mart"]
    assert "lecture seule" in result.stderr and MISSING in result.stderr


def test_serve_opens_the_dashboard_when_the_models_cannot_be_checked(tmp_path, monkeypatch, capsys):
    from pipelines.cli import _build_out_of_date
    from warehouse.settings import Settings

    wh = _loaded(tmp_path)
    cycle = tmp_path / "sql"
    (cycle / "marts").mkdir(parents=True)
    (cycle / "marts" / "a.sql").write_text("-- Grain: x\nSELECT * FROM marts.b\n")
    (cycle / "marts" / "b.sql").write_text("-- Grain: x\nSELECT * FROM marts.a\n")
    _build_out_of_date(Settings(warehouse=wh, sql_dir=cycle))  # a cycle in sql/: said, not raised
    assert "marts.a" in capsys.readouterr().err
    junk = tmp_path / "not-a-warehouse.duckdb"  # the dashboard says what it can of a file that is no warehouse
    junk.write_text("prénom;nom\n")
    opened = []
    monkeypatch.setattr("dashboard.server.serve", lambda warehouse, port, headless, lang: opened.append(warehouse) or 0)
    result = run("serve", "--warehouse", str(junk))
    assert result.exit_code == 0 and opened == [junk.resolve()]
    assert "SQL" in result.stderr


def test_a_model_that_fails_is_not_built_again_at_every_start(tmp_path, monkeypatch):
    import duckdb

    from pipelines.cli import _build_out_of_date
    from warehouse.models import out_of_date
    from warehouse.settings import SQL_DIR, Settings

    wh = _loaded(tmp_path)
    sql = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql)
    (sql / "marts" / "broken.sql").write_text("-- One row. Grain: n\nSELECT 1 / 0 AS n, no_such_column\n")
    settings = Settings(warehouse=wh, sql_dir=sql)

    def stale() -> list[str]:
        con = duckdb.connect(str(wh), read_only=True)
        try:
            return out_of_date(con, sql)
        finally:
            con.close()

    assert stale() == ["marts.broken"]
    _build_out_of_date(settings)  # tried once, fails: reported
    assert stale() == []
    before = wh.stat().st_ino
    _build_out_of_date(settings)  # the same SQL: not tried again, nothing republished
    assert wh.stat().st_ino == before
    (sql / "marts" / "broken.sql").write_text("-- One row. Grain: n\nSELECT 1 AS n\n")
    assert stale() == ["marts.broken"]  # edited: built at the next start
    _build_out_of_date(settings)
    assert stale() == []


def test_serve_after_a_load_without_models_builds_them_all(tmp_path, monkeypatch):
    # A chantier loaded with --no-build is in no mart; serving builds what is out of date (here a new
    # mart that fails) and must not let that partial build pass for the build the load skipped.
    import duckdb

    from pipelines.cli import _build_out_of_date
    from warehouse.settings import SQL_DIR, Settings

    wh = _loaded(tmp_path)
    write_csv(tmp_path / "more" / "chantiers_2.csv", [["chantier_id", "name", "started_on"],
                                                     ["C3", "Habitation", "2015-01-01"]])
    assert run("load", str(tmp_path / "more"), "--warehouse", str(wh), "--no-build").exit_code == 0

    def in_marts() -> set[str]:
        con = duckdb.connect(str(wh), read_only=True)
        try:
            return {r[0] for r in con.execute("SELECT chantier_id FROM marts.chantier").fetchall()}
        finally:
            con.close()

    assert in_marts() == {"C1", "C2"}
    sql = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql)
    (sql / "marts" / "broken.sql").write_text("-- One row. Grain: n\nSELECT no_such_column AS n\n")
    _build_out_of_date(Settings(warehouse=wh, sql_dir=sql))
    assert in_marts() == {"C1", "C2", "C3"}
    write_csv(tmp_path / "later" / "chantiers_3.csv", [["chantier_id", "name", "started_on"],
                                                      ["C4", "Transport", "2016-01-01"]])
    assert run("load", str(tmp_path / "later"), "--warehouse", str(wh)).exit_code == 0
    assert in_marts() == {"C1", "C2", "C3", "C4"}


def test_batch_ids_sort_as_they_ran():
    import time

    from warehouse.store import new_batch_id

    ids = []
    for _ in range(5):
        ids.append(new_batch_id())
        time.sleep(0.002)
    assert ids == sorted(ids) and len(set(ids)) == 5


def test_serve_on_a_machine_new_to_streamlit_opens_the_browser_without_asking_anything(tmp_path):
    # The README's `chantiers serve` (a browser is opened, not --headless) as a coordinator first runs it:
    # Streamlit has never run under this HOME. Its newsletter prompt ("Email:", in English) would stop
    # the server before it listens, waiting for an answer on the terminal.
    import socket
    import time
    import urllib.request

    home, bin_dir = tmp_path / "home", tmp_path / "bin"
    home.mkdir()
    bin_dir.mkdir()
    opened = tmp_path / "opened.txt"
    browser = bin_dir / "xdg-open"  # stands for the desktop's browser: records the address it is given
    browser.write_text(f"#!/bin/sh\nprintf '%s' \"$1\" > '{opened}'\n")
    browser.chmod(0o755)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "HOME": str(home), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("CHANTIERS_LANG", None)
    process = subprocess.Popen([sys.executable, "-m", "pipelines.cli", "serve", "--warehouse",
                                str(tmp_path / "w.duckdb"), "--port", str(port)], env=env,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        answered = False
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=1)
                answered = True
                break
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.2)
        for _ in range(50):  # the browser is opened once the server listens
            if opened.exists():
                break
            time.sleep(0.1)
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl+C: to the command and the server it started
        try:
            output = process.communicate(timeout=20)[0].decode()
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output = process.communicate(timeout=20)[0].decode()
    assert answered, output
    assert "Email" not in output and "Welcome" not in output, output
    assert opened.read_text().startswith(f"http://localhost:{port}")


def test_clicks_own_words_speak_the_commands_language(tmp_path):
    # Help pages and usage errors are Click's: "Usage:", "Error: No such option" in English on a
    # French command line unless given their French.
    fr = run("load", "--bogus", env={"CHANTIERS_LANG": "fr"})
    assert fr.exit_code == 2
    assert "Utilisation : " in fr.stderr and " load [OPTIONS] PATHS..." in fr.stderr
    assert "load --help » pour l'aide." in fr.stderr
    assert "Erreur : Option inconnue : '--bogus'." in fr.stderr and "Error" not in fr.stderr
    assert "Erreur : Argument manquant 'PATHS...'." in run("load", env={"CHANTIERS_LANG": "fr"}).stderr
    help_fr = run("--help", env={"CHANTIERS_LANG": "fr"}).stdout
    assert "Commandes:" in help_fr and "Afficher cette aide et quitter." in help_fr and "Usage" not in help_fr
    en = run("load", "--bogus", env={"CHANTIERS_LANG": "en"})
    assert "Usage: " in en.stderr and "Error: No such option '--bogus'." in en.stderr
    # --lang en on the command line: the process's own arguments say it
    result = subprocess.run([sys.executable, "-m", "pipelines.cli", "load", "--lang", "en"], capture_output=True,
                            text=True, env={**os.environ, "CHANTIERS_LANG": "fr"})
    assert result.returncode == 2 and "Error: Missing argument 'PATHS...'." in result.stderr


def test_a_release_from_quarantine_names_the_files_it_releases(tmp_path):
    folder = write_basics(tmp_path / "in")
    (folder / "meetings.csv").unlink()  # attendance waits for its meetings
    wh = str(tmp_path / "w.duckdb")
    run("load", str(folder), "--warehouse", wh)
    later = write_csv(tmp_path / "later" / "meetings.csv", MEETINGS)
    out = run("load", str(later), "--warehouse", wh).stdout
    released = next(line for line in out.splitlines() if "sortie(s) de la quarantaine" in line)
    assert "attendance.csv (" in released and "agenda.csv (" in released
    report = json.loads(run("load", str(later), "--warehouse", wh, "--json").stdout)
    assert report["released_by_file"] == {}  # loaded again unchanged: nothing more to release
