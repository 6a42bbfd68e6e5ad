"""A load refreshes only the chantiers it touched, and ends exactly where a full rebuild would."""

from __future__ import annotations

import contextlib
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from pipelines.load import load_paths
from tests.filemaker import write_csv, write_models
from warehouse import store
from warehouse.models import UNDECLARED, build, changed_by_day, day_dependence, discover
from warehouse.settings import SQL_DIR
from warehouse.store import writing

DEMO = Path(__file__).resolve().parents[1] / "demo" / "data"
PARTITIONED = [m.name for m in discover(SQL_DIR) if m.kind == "table" and m.partition]
TABLES = [m.name for m in discover(SQL_DIR) if m.kind == "table"]
# What a new meeting changes: the marts reading meetings, agenda or attendance.
MEETING_MARTS = {"marts.meeting", "marts.member_participation", "marts.chantier", "marts.dash_meeting",
                 "marts.dash_attendance_grid", "marts.dash_meeting_composition", "marts.dash_meeting_diversity"}


def _tables(path: Path, names: list[str]) -> dict[str, list]:
    """Every row of each table; floating sums may differ in their last bits with the summing order."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {n: [tuple(round(v, 9) if isinstance(v, float) else v for v in row)
                    for row in con.execute(f"SELECT * FROM {n} ORDER BY ALL").fetchall()] for n in names}
    finally:
        con.close()


def _full_rebuild(path: Path, copy: Path) -> None:
    shutil.copyfile(path, copy)
    with writing(copy) as con:
        report = build(con, SQL_DIR)
    assert report.models_ok


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory) -> Path:
    wh = tmp_path_factory.mktemp("inc") / "w.duckdb"
    load_paths([DEMO], wh)
    return wh


def test_the_public_marts_that_can_are_refreshed_by_chantier():
    assert {"marts.meeting", "marts.chantier", "marts.member_participation"} <= set(PARTITIONED)


def test_a_new_meeting_refreshes_its_chantier_only_and_matches_a_full_rebuild(demo_warehouse, tmp_path):
    wh = tmp_path / "w.duckdb"
    shutil.copyfile(demo_warehouse, wh)
    before = _tables(wh, PARTITIONED)
    folder = tmp_path / "new"
    write_csv(folder / "rencontres_nouvelle.csv", [["Rencontre", "Chantier", "Date", "Durée (minutes)"],
                                                   ["PRAT-R99", "PRAT", "20/06/2017", "180"]], delimiter=";")
    write_csv(folder / "ordre_du_jour_nouvelle.csv", [["Rencontre", "Point", "Nature", "Durée"],
                                                      ["PRAT-R99", "1", "Production", "150"],
                                                      ["PRAT-R99", "2", "Autre", "30"]], delimiter=";")
    write_csv(folder / "presences_nouvelle.csv", [["Rencontre", "Membre", "Statut"], ["PRAT-R99", "M001", "Présente"],
                                                  ["PRAT-R99", "M002", "Absent"]], delimiter=";")
    report = load_paths([folder], wh)
    assert report.touched == {"PRAT"}
    modes = {r.model: r.refreshed for r in report.build.results if r.kind == "table"}
    assert all(modes[name] == "partial" for name in MEETING_MARTS)
    # nothing the deliverable and survey marts read changed: they are left as they were
    assert modes["marts.deliverable_uptake"] == modes["marts.survey_item"] == "unchanged"
    after = _tables(wh, TABLES)
    assert after["marts.meeting"] != before["marts.meeting"]  # the new meeting is there
    full = tmp_path / "full.duckdb"
    _full_rebuild(wh, full)
    assert _tables(full, TABLES) == after


def test_a_meeting_moved_to_another_chantier_refreshes_both(demo_warehouse, tmp_path):
    wh = tmp_path / "w.duckdb"
    shutil.copyfile(demo_warehouse, wh)
    con = duckdb.connect(str(wh), read_only=True)
    meeting, held_on, minutes = con.execute(
        "SELECT meeting_id, strftime(held_on, '%d/%m/%Y'), duration_minutes FROM raw.meetings "
        "WHERE chantier_id = 'COMP' ORDER BY held_on LIMIT 1").fetchall()[0]
    con.close()
    path = write_csv(tmp_path / "fix" / "rencontres_correction.csv",
                     [["Rencontre", "Chantier", "Date", "Durée (minutes)"], [meeting, "COND", held_on, str(minutes)]])
    report = load_paths([path], wh)
    assert report.touched == {"COMP", "COND"}
    full = tmp_path / "full.duckdb"
    _full_rebuild(wh, full)
    assert _tables(full, TABLES) == _tables(wh, TABLES)


def test_released_rows_refresh_their_chantier(demo_warehouse, tmp_path):
    wh = tmp_path / "w.duckdb"
    shutil.copyfile(demo_warehouse, wh)
    att = write_csv(tmp_path / "a" / "presences_r98.csv", [["Rencontre", "Membre", "Statut"],
                                                           ["EVAL-R98", "M010", "Présent"]])
    first = load_paths([att], wh)
    assert first.files[0].quarantined == 1 and first.touched == set()
    meeting = write_csv(tmp_path / "m" / "rencontres_r98.csv", [["Rencontre", "Chantier", "Date", "Durée"],
                                                                ["EVAL-R98", "EVAL", "01/06/2017", "120"]])
    second = load_paths([meeting], wh)
    assert second.released == 1 and second.touched == {"EVAL"}
    full = tmp_path / "full.duckdb"
    _full_rebuild(wh, full)
    assert _tables(full, TABLES) == _tables(wh, TABLES)


def test_meetings_whose_attendance_is_not_loaded_yet_do_not_hide_the_active_members(demo_warehouse, tmp_path):
    wh = tmp_path / "w.duckdb"
    shutil.copyfile(demo_warehouse, wh)
    before = _tables(wh, ["marts.chantier"])["marts.chantier"]
    rows = [["Rencontre", "Chantier", "Date", "Durée (minutes)"]] + [
        [f"PRAT-R9{i}", "PRAT", f"0{i}/07/2017", "120"] for i in range(1, 5)]
    load_paths([write_csv(tmp_path / "m" / "rencontres_ete.csv", rows)], wh)  # attendance to come
    con = duckdb.connect(str(wh), read_only=True)
    active = dict(con.execute("SELECT chantier_id, n_active_members FROM marts.chantier").fetchall())
    con.close()
    assert active == {row[0]: row[5] for row in before} and active["PRAT"] > 0


@pytest.mark.parametrize("name", PARTITIONED)
def test_a_partitioned_mart_carries_its_partition_column_never_empty(demo_warehouse, name):
    column = next(m.partition for m in discover(SQL_DIR) if m.name == name)
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    try:
        empty = con.execute(f"SELECT count(*) FILTER (WHERE {column} IS NULL), count(*) FROM {name}").fetchall()[0]
    finally:
        con.close()
    assert empty[0] == 0 and empty[1] > 0  # a NULL partition would never be refreshed


def _new_prat_meeting(folder: Path, meeting: str) -> Path:
    return write_csv(folder / f"rencontres_{meeting}.csv", [["Rencontre", "Chantier", "Date", "Durée (minutes)"],
                                                             [meeting, "PRAT", "20/06/2017", "180"]])


def test_after_a_load_that_skipped_the_models_the_next_build_is_whole(demo_warehouse, tmp_path):
    wh = tmp_path / "w.duckdb"
    shutil.copyfile(demo_warehouse, wh)
    comp = write_csv(tmp_path / "c" / "rencontres_comp.csv", [["Rencontre", "Chantier", "Date", "Durée"],
                                                              ["COMP-R99", "COMP", "20/06/2017", "120"]])
    load_paths([comp], wh, build_models=False)  # e.g. `chantiers load --no-build` of a big folder
    report = load_paths([_new_prat_meeting(tmp_path / "p", "PRAT-R99")], wh)
    assert report.touched == {"PRAT"}
    assert {r.refreshed for r in report.build.results if r.kind == "table"} == {"full"}
    full = tmp_path / "full.duckdb"
    _full_rebuild(wh, full)
    assert _tables(full, TABLES) == _tables(wh, TABLES)


def test_an_edited_model_is_rebuilt_whole_with_everything_above_it(demo_warehouse, tmp_path, monkeypatch):
    from pipelines import load as load_module

    sql = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql)
    staging = sql / "staging" / "meetings.sql"
    staging.write_text(staging.read_text().replace("FROM raw.meetings", "FROM raw.meetings WHERE duration_minutes > 0"))
    monkeypatch.setattr(load_module, "SQL_DIR", sql)
    wh = tmp_path / "w.duckdb"
    shutil.copyfile(demo_warehouse, wh)
    report = load_paths([_new_prat_meeting(tmp_path / "p", "PRAT-R98")], wh)
    modes = {r.model: r.refreshed for r in report.build.results if r.kind == "table"}
    assert modes["marts.meeting"] == modes["marts.member_participation"] == "full"
    again = load_paths([_new_prat_meeting(tmp_path / "q", "PRAT-R97")], wh)  # same SQL now: partial again
    assert {r.refreshed for r in again.build.results if r.model in MEETING_MARTS} == {"partial"}


def test_rows_waiting_for_something_else_are_not_rechecked_by_an_unrelated_load(demo_warehouse, tmp_path):
    wh = tmp_path / "w.duckdb"
    shutil.copyfile(demo_warehouse, wh)
    load_paths([write_csv(tmp_path / "a" / "presences_r98.csv", [["Rencontre", "Membre", "Statut"],
                                                                 ["EVAL-R98", "M010", "Présent"]])], wh)
    waiting = _tables(wh, ["quarantine.attendance"])
    report = load_paths([_new_prat_meeting(tmp_path / "p", "PRAT-R99")], wh)
    assert report.released == 0
    assert _tables(wh, ["quarantine.attendance"]) == waiting  # same row, same reason, same batch
    modes = {r.model: r.refreshed for r in report.build.results}
    assert modes["marts.dash_quarantine"] == "unchanged"
    full = tmp_path / "full.duckdb"
    _full_rebuild(wh, full)
    assert _tables(full, TABLES) == _tables(wh, TABLES)


def test_what_depends_on_the_day_is_found_by_column_and_declared_by_date():
    days = day_dependence(discover(SQL_DIR))
    members = {("staging.members", "joined_on"), ("staging.members", "membership_ended_on")}
    # is_current (staging.members) is read by these, which declare the dates it compares today with
    assert days["marts.member_participation"] == members
    assert days["marts.deliverable_uptake"] == {("staging.deliverables", "released_on")}
    assert members | {("marts.meeting", "held_on"), ("staging.chantiers", "ended_on")} <= days["marts.chantier"]
    # what reads marts.chantier follows it; what reads staging.members but none of its dated columns does not
    assert days["marts.dash_meeting"] == days["marts.chantier"]
    assert days["marts.meeting"] is None and days["marts.dash_meeting_composition"] is None
    assert days["staging.attendance"] is None


def _sql_dir(root: Path, models: dict[str, str]) -> Path:
    """write_models, with models named as the build names them (`marts.x`)."""
    return write_models(root, {f"{name.replace('.', '/')}.sql": sql for name, sql in models.items()})


def test_a_table_computed_with_the_day_without_a_declaration_is_rebuilt_whole_on_a_new_day(tmp_path):
    view = "-- Partition: chantier_id\nSELECT chantier_id, held_on, held_on <= current_date AS is_past FROM raw.meetings"
    days = day_dependence(discover(_sql_dir(tmp_path, {
        "staging.m": view,
        "staging.m_filtered": "SELECT chantier_id, held_on FROM raw.meetings WHERE held_on <= current_date",
        "marts.reads_flag": "-- Partition: chantier_id\nSELECT chantier_id, count(*) FILTER (WHERE is_past) AS n FROM staging.m GROUP BY 1",
        "marts.reads_star": "SELECT v.* FROM staging.m AS v",
        "marts.reads_other": "SELECT chantier_id, count(held_on) AS n FROM staging.m GROUP BY 1",
        "marts.reads_filtered": "SELECT chantier_id, count(*) AS n FROM staging.m_filtered GROUP BY 1",
        "marts.declared": "-- Partition: chantier_id\n-- Dated: staging.m.held_on\n"
                          "SELECT chantier_id, count(*) FILTER (WHERE is_past) AS n FROM staging.m GROUP BY 1",
        "marts.above": "-- Partition: chantier_id\nSELECT * FROM marts.declared",
        "marts.above_undeclared": "SELECT * FROM marts.reads_flag",
        # a comment is not SQL
        "marts.comment": "-- no current_date here\nSELECT chantier_id FROM raw.meetings",
    })))
    assert days["marts.reads_flag"] == days["marts.reads_star"] == days["marts.reads_filtered"] == UNDECLARED
    assert days["marts.above_undeclared"] == UNDECLARED
    assert days["marts.reads_other"] is None and days["marts.comment"] is None
    assert days["marts.declared"] == days["marts.above"] == {("staging.m", "held_on")}


@pytest.mark.parametrize("name", ["marts.alias_in_where", "marts.alias_reused", "marts.distinct", "marts.columns",
                                  "marts.row", "marts.using", "marts.natural", "marts.clock"])
def test_what_reads_the_day_in_any_form_is_never_taken_for_date_independent(tmp_path, name):
    past = "held_on <= current_date AS is_past"
    days = day_dependence(discover(_sql_dir(tmp_path, {
        "staging.m": f"SELECT chantier_id, meeting_id, held_on, {past} FROM raw.meetings",
        "staging.past": f"SELECT chantier_id, {past} FROM raw.meetings WHERE is_past",
        "staging.later": f"SELECT chantier_id, {past}, NOT is_past AS is_future FROM raw.meetings",
        "staging.dist": f"SELECT DISTINCT chantier_id, {past} FROM raw.meetings",
        "marts.alias_in_where": "SELECT chantier_id, count(*) AS n FROM staging.past GROUP BY 1",
        "marts.alias_reused": "SELECT chantier_id, count(*) FILTER (WHERE is_future) AS n FROM staging.later GROUP BY 1",
        "marts.distinct": "SELECT chantier_id, count(*) AS n FROM staging.dist GROUP BY 1",
        "marts.columns": "SELECT chantier_id, max(COLUMNS('is_.*')) FROM staging.m GROUP BY 1",
        "marts.row": "SELECT meeting_id, to_json(v) AS j FROM staging.m AS v",
        "marts.using": "SELECT chantier_id, count(*) AS n FROM staging.m JOIN (SELECT true AS is_past) USING (is_past) "
                       "GROUP BY 1",
        "marts.natural": "SELECT chantier_id, count(*) AS n FROM staging.m NATURAL JOIN (SELECT true AS is_past) GROUP BY 1",
        "marts.clock": "SELECT meeting_id, held_on <= transaction_timestamp()::DATE AS p FROM raw.meetings",
    })))
    assert days[name] == UNDECLARED


def test_a_dated_declaration_is_read_whole_or_refused(tmp_path):
    body = "SELECT chantier_id, count(*) FILTER (WHERE is_current) AS n FROM staging.members GROUP BY 1"
    models = {m.name: m for m in discover(_sql_dir(tmp_path, {
        "marts.wrapped": f"-- Dated: staging.members.joined_on,\n--   staging.members.left_on (is_current)\n{body}",
        "marts.remark": f"-- Dated: staging.members.joined_on (is_current,\n--   a remark), staging.members.left_on\n{body}",
        "marts.leading": f"-- Dated: staging.members.joined_on\n--   , staging.members.left_on\n{body}",
        "marts.unqualified": f"-- Dated: staging.members.joined_on, members.left_on\n{body}",
        "marts.typo": f"-- Dated: staging.member.joined_on\n{body}",
        "marts.twice": f"-- Dated: staging.members.joined_on\n-- Dated: staging.members.left_on\n{body}",
    }))}
    for name in ("marts.wrapped", "marts.remark", "marts.leading"):
        assert models[name].dated_by == {("staging.members", "joined_on"), ("staging.members", "left_on")}, name
        assert models[name].problem is None
    assert "Dated:" in models["marts.twice"].problem
    # a narrower list would leave chantiers unrefreshed: the model is reported instead, with its file
    assert "members.left_on" in models["marts.unqualified"].problem and not models["marts.unqualified"].dated_by
    assert "staging.member" in models["marts.typo"].problem


def test_declarations_open_their_comment_line(tmp_path):
    # A remark naming a declaration mid-sentence must not declare a partition on "a" or dates.
    body = "SELECT chantier_id, count(*) AS n FROM staging.members GROUP BY 1"
    models = {m.name: m for m in discover(_sql_dir(tmp_path, {
        "marts.remark": f"-- One row per chantier. Not Partition: a new one changes others.\n"
                        f"-- (see Dated: staging.members.joined_on in the README)\n{body}",
        "marts.declared": f"-- One row per chantier.\n--   Partition: chantier_id\n"
                          f"-- Dated: staging.members.joined_on\n{body}",
    }))}
    assert models["marts.remark"].partition is None and not models["marts.remark"].dated_by
    assert models["marts.remark"].problem is None
    assert models["marts.declared"].partition == "chantier_id"
    assert models["marts.declared"].dated_by == {("staging.members", "joined_on")}


def test_a_date_that_moves_every_day_cannot_be_declared(tmp_path):
    dated = "-- Partition: chantier_id\n-- Dated: staging.members.joined_on, staging.members.left_on\n"
    raw = "-- Partition: chantier_id\n-- Dated: raw.members.joined_on\n"
    days = day_dependence(discover(_sql_dir(tmp_path, {
        "staging.members": "SELECT chantier_id, joined_on, left_on, joined_on <= current_date AS is_current, "
                           "date_diff('day', joined_on, current_date) AS membership_days FROM raw.members",
        "marts.compared": f"{dated}SELECT chantier_id, count(*) FILTER (WHERE is_current) AS n FROM staging.members "
                          "GROUP BY 1",
        "marts.duration": f"{dated}SELECT chantier_id, sum(membership_days) AS d FROM staging.members GROUP BY 1",
        "marts.own_duration": f"{raw}SELECT chantier_id, max(date_diff('day', joined_on, current_date)) AS d "
                              "FROM raw.members GROUP BY 1",
        "marts.shifted": f"{raw}SELECT chantier_id, count(*) FILTER (WHERE joined_on >= current_date - 90) AS n "
                         "FROM raw.members GROUP BY 1",
        "marts.own_compared": f"{dated}SELECT chantier_id, count(*) FILTER (WHERE current_date >= joined_on) AS n "
                              "FROM staging.members GROUP BY 1",
    })))
    assert days["marts.compared"] == days["marts.own_compared"] == {("staging.members", "joined_on"),
                                                                    ("staging.members", "left_on")}
    # membership_days grows every day for every member: no date declared can say which chantiers moved
    assert days["marts.duration"] == days["marts.own_duration"] == days["marts.shifted"] == UNDECLARED


def test_a_date_compared_under_another_name_or_not_declared_rebuilds_whole(tmp_path):
    days = day_dependence(discover(_sql_dir(tmp_path, {
        "staging.members": "SELECT chantier_id, joined_on, left_on, "
                           "joined_on <= current_date AND (left_on IS NULL OR left_on >= current_date) AS is_current "
                           "FROM raw.members",
        # a date shifted under an alias, or in a CTE, is not the declared column's date
        "marts.alias": "-- Dated: raw.m.held_on\nSELECT chantier_id, held_on - 1 AS due, due <= current_date AS p "
                       "FROM raw.m",
        "marts.cte": "-- Dated: raw.m.held_on\nWITH s AS (SELECT chantier_id, held_on - 1 AS due FROM raw.m) "
                     "SELECT chantier_id, count(*) FILTER (WHERE due <= current_date) AS n FROM s GROUP BY 1",
        "marts.age": "-- Dated: raw.m.held_on\nSELECT chantier_id, max(age(held_on)) AS a FROM raw.m GROUP BY 1",
        # is_current compares today with joined_on and left_on: declaring one of them is not enough
        "marts.forgot": "-- Dated: staging.members.joined_on\n"
                        "SELECT chantier_id, count(*) FILTER (WHERE is_current) AS n FROM staging.members GROUP BY 1",
        "marts.whole": "-- Dated: staging.members.joined_on, staging.members.left_on\n"
                       "SELECT chantier_id, count(*) FILTER (WHERE is_current) AS n FROM staging.members GROUP BY 1",
    })))
    assert days["marts.alias"] == days["marts.cte"] == days["marts.age"] == days["marts.forgot"] == UNDECLARED
    assert days["marts.whole"] == {("staging.members", "joined_on"), ("staging.members", "left_on")}


def test_what_the_warehouse_keeps_of_the_analysis_gives_the_same_answer(tmp_path):
    cache: dict = {}
    first = day_dependence(discover(SQL_DIR), cache)
    assert cache and day_dependence(discover(SQL_DIR), cache) == first
    # the same query as a view and as a table: what a view computes is followed, a table's is declared
    same = "SELECT chantier_id, held_on <= current_date AS is_past FROM raw.meetings"
    reader = "SELECT chantier_id, count(*) FILTER (WHERE is_past) AS n FROM {} GROUP BY 1"
    as_table = discover(_sql_dir(tmp_path / "a", {"marts.m": same, "marts.r": reader.format("marts.m")}))
    as_view = discover(_sql_dir(tmp_path / "b", {"staging.m": same, "marts.r": reader.format("staging.m")}))
    assert day_dependence(as_table, cache)["marts.r"] == day_dependence(as_view, cache)["marts.r"] == UNDECLARED


def test_a_dated_timestamp_counts_its_whole_day(tmp_path):
    with duckdb.connect() as con:
        con.execute("CREATE TABLE m AS SELECT 'C1' AS chantier_id, current_date + INTERVAL 10 HOUR AS created_at "
                    "UNION ALL SELECT 'C2', current_date - INTERVAL 3 DAY")
        today = con.execute("SELECT current_date").fetchone()[0]
        assert changed_by_day(con, frozenset({("main.m", "created_at")}), "chantier_id",
                              today - timedelta(days=1), today) == {"C1"}


def test_a_dated_table_partitioned_by_another_column_than_the_loads_is_rebuilt_whole(tmp_path):
    yesterday, today = _two_days()
    root = _sql_dir(tmp_path / "sql", {
        "staging.d": "SELECT deliverable_id, title, released_on, released_on <= current_date AS is_released FROM raw.d",
        "marts.u": "-- Partition: deliverable_id\n-- Dated: staging.d.released_on\n"
                   "SELECT deliverable_id, title, is_released FROM staging.d"})
    with duckdb.connect() as con:
        con.execute("CREATE SCHEMA raw")
        con.execute("CREATE TABLE raw.d AS SELECT 'D1' AS deliverable_id, 'old' AS title, DATE '2020-01-01' AS released_on")
        con.execute(f"SET TimeZone = '{yesterday}'")
        build(con, root)
        con.execute(f"SET TimeZone = '{today}'")
        con.execute("UPDATE raw.d SET title = 'new'")
        report = build(con, root, partitions={"chantier_id": ["C1"]}, changed={"raw.d"})  # as a load calls it
        assert report.result("marts.u").refreshed == "full"
        assert con.execute("SELECT title FROM marts.u").fetchall() == [("new",)]


def _two_days() -> tuple[str, str]:
    """Two time zones whose dates are, right now, consecutive days (DuckDB's current_date follows its TimeZone)."""
    return ("Etc/GMT+12", "UTC") if datetime.now(UTC).hour < 11 else ("UTC", "Etc/GMT-14")


@contextlib.contextmanager
def _on_day(monkeypatch, zone: str):
    """Loads and builds run as if on the day `zone` has now."""
    opened = store.writing

    @contextlib.contextmanager
    def writing(*args, **kwargs):
        with opened(*args, **kwargs) as con:
            con.execute(f"SET TimeZone = '{zone}'")
            yield con

    with monkeypatch.context() as patch:
        patch.setattr(store, "writing", writing)
        with duckdb.connect() as con:
            con.execute(f"SET TimeZone = '{zone}'")
            yield con.execute("SELECT current_date").fetchone()[0]


def test_a_new_day_refreshes_only_the_chantiers_whose_dates_it_passes_and_matches_a_full_rebuild(
        demo_warehouse, tmp_path, monkeypatch):
    wh = tmp_path / "w.duckdb"
    shutil.copyfile(demo_warehouse, wh)
    yesterday_zone, today_zone = _two_days()
    with _on_day(monkeypatch, today_zone) as today:
        pass
    with _on_day(monkeypatch, yesterday_zone) as yesterday:
        assert (today - yesterday).days == 1
        day = today.strftime("%d/%m/%Y")
        folder = tmp_path / "cond"
        # COND: a member joining today, one who left yesterday, a meeting held today
        write_csv(folder / "membres_nouveaux.csv", [
            ["Membre", "Chantier", "Nom complet", "Courriel", "Organisme", "Région", "Palier", "Fonction",
             "Champ de pratique", "Date d'arrivée", "Date de départ"],
            ["M900", "COND", "Nouvelle Personne", "n@example.org", "Ville", "Montréal", "Local", "Élue",
             "Santé publique", day, ""],
            ["M901", "COND", "Ancienne Personne", "a@example.org", "Ville", "Montréal", "Local", "Élu",
             "Santé publique", "01/01/2015", yesterday.strftime("%d/%m/%Y")]], delimiter=";")
        write_csv(folder / "rencontres_cond.csv", [["Rencontre", "Chantier", "Date", "Durée (minutes)"],
                                                   ["COND-R99", "COND", day, "120"]])
        write_csv(folder / "presences_cond.csv", [["rencontre_id", "membre_id", "Présence"],
                                                  ["COND-R99", "M900", "Présente"]])
        first = load_paths([folder], wh)
        assert first.build.models_ok

    def current(member: str) -> bool:
        with duckdb.connect(str(wh), read_only=True) as con:
            return con.execute("SELECT is_current FROM marts.member_participation WHERE member_id = ? "
                               "AND chantier_id = 'COND'", [member]).fetchone()[0]

    def active() -> int:
        with duckdb.connect(str(wh), read_only=True) as con:
            return con.execute("SELECT n_active_members FROM marts.chantier WHERE chantier_id = 'COND'").fetchone()[0]

    assert (current("M900"), current("M901")) == (False, True)
    active_yesterday = active()
    with _on_day(monkeypatch, today_zone):
        report = load_paths([_new_prat_meeting(tmp_path / "p", "PRAT-R97")], wh)  # touches PRAT only
        assert report.touched == {"PRAT"}
        modes = {r.model: r.refreshed for r in report.build.results}
        for table in ("marts.chantier", "marts.member_participation", "marts.dash_meeting", "marts.meeting"):
            assert modes[table] == "partial", table
        # the day moved COND's rows too, though the load did not touch COND
        assert (current("M900"), current("M901")) == (True, False)
        assert active() != active_yesterday
        full = tmp_path / "full.duckdb"
        shutil.copyfile(wh, full)
        with store.writing(full) as con:
            con.execute("DELETE FROM audit.model_state")
            assert build(con, SQL_DIR).models_ok
        assert _tables(full, TABLES) == _tables(wh, TABLES)


def test_a_table_whose_day_is_unknown_is_rebuilt_whole(demo_warehouse, tmp_path):
    wh = tmp_path / "w.duckdb"
    shutil.copyfile(demo_warehouse, wh)
    with duckdb.connect(str(wh)) as con:  # as a warehouse made before tables knew their day finds them
        con.execute("UPDATE audit.model_state SET built_on = NULL")
    report = load_paths([_new_prat_meeting(tmp_path / "p", "PRAT-R96")], wh)
    modes = {r.model: r.refreshed for r in report.build.results}
    assert modes["marts.chantier"] == modes["marts.dash_meeting"] == "full"
    assert modes["marts.meeting"] == "partial"  # it does not depend on the day


def test_the_parsed_sql_kept_in_the_warehouse_follows_the_files(demo_warehouse, tmp_path, monkeypatch):
    from pipelines import load as load_module

    sql = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql)
    monkeypatch.setattr(load_module, "SQL_DIR", sql)
    wh = tmp_path / "w.duckdb"
    shutil.copyfile(demo_warehouse, wh)
    load_paths([_new_prat_meeting(tmp_path / "p", "PRAT-R98")], wh)

    def cached() -> set[str]:
        con = duckdb.connect(str(wh), read_only=True)
        try:
            return {key for (key,) in con.execute("SELECT key FROM audit.sql_cache").fetchall()}
        finally:
            con.close()

    before = cached()
    meetings = sql / "staging" / "meetings.sql"
    meetings.write_text(meetings.read_text().replace("FROM raw.meetings", "FROM raw.meetings WHERE duration_minutes > 0"))
    report = load_paths([_new_prat_meeting(tmp_path / "q", "PRAT-R97")], wh)
    assert report.build.models_ok
    after = cached()
    assert len(after - before) >= 1  # the edited file was parsed again
    assert len(before - after) >= 1  # and what was parsed from its old text is gone
    assert len(after) <= len(before) + 1
