"""The query module: marts only, filters as parameters, new data seen after a load without a
restart, and answers while a load is running."""

import csv
import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dashboard import queries, server
from tests.dashboard_fixtures import build_warehouse, warehouse_file, write_csv_files  # noqa: F401
from warehouse import store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def use(monkeypatch):
    def _use(path):
        monkeypatch.setenv("CHANTIERS_WAREHOUSE", str(path))
    return _use


def test_status(tmp_path, use, warehouse_file):  # noqa: F811
    use(tmp_path / "none.duckdb")
    assert queries.status() == "missing"
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    use(empty)
    assert queries.status() == "empty"
    use(warehouse_file)
    assert queries.status() == "ready"


def test_headline_without_filters_matches_marts_chantier(use, warehouse_file):  # noqa: F811
    use(warehouse_file)
    head = queries.headline(queries.Filters()).frame.sort("chantier_id")
    con = duckdb.connect(str(warehouse_file), read_only=True)
    marts = con.sql("SELECT * FROM marts.chantier ORDER BY chantier_id").pl()
    con.close()
    for column in ("n_meetings", "hours", "n_members", "n_deliverables_released"):
        assert head[column].to_list() == marts[column].to_list(), column
    assert head.height == marts.height


def test_filters_travel_as_parameters(use, warehouse_file):  # noqa: F811
    use(warehouse_file)
    result = queries.meetings(queries.Filters(chantier_ids=("CH-EVA",)))
    assert set(result.frame["chantier_id"]) == {"CH-EVA"}
    assert "CH-EVA" not in result.sql and result.params["chantiers"] == ["CH-EVA"]
    assert result.marts == ["marts.chantier", "marts.dash_meeting"]  # chantiers shown by their label
    members = queries.memberships(queries.Filters(regions=("06",))).frame
    assert set(members["region"]) == {"06"}


def test_a_load_is_seen_without_restart_and_reads_go_on_during_a_load(tmp_path, use):
    live = build_warehouse(tmp_path / "live.duckdb")
    use(live)
    assert queries.chantiers().frame.height == 3
    folder = tmp_path / "more"
    folder.mkdir()
    with (folder / "chantiers.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["chantier_id", "name", "started_on"], ["CH-NEW", "Nouveau", "2016-01-01"]])
    with store.writing(live) as con:  # a load in progress: the dashboard still reads the published file
        con.execute("SELECT 1").fetchall()
        assert queries.chantiers().frame.height == 3
    from pipelines.load import load_paths

    load_paths([folder / "chantiers.csv"], live)
    assert queries.chantiers().frame.height == 4  # new file identity: new connection, new cache entries
    shutil.rmtree(folder)


def test_server_command_runs_streamlit_quietly(tmp_path):
    command = server.command(port=8600, headless=True)
    assert command[1:4] == ["-m", "streamlit", "run"] and command[4].endswith("dashboard/app.py")
    flags = dict(zip(command[5::2], command[6::2]))
    assert flags["--server.port"] == "8600" and flags["--server.headless"] == "true"
    assert flags["--browser.gatherUsageStats"] == "false" and flags["--client.toolbarMode"] == "viewer"
    assert flags["--client.disableDataExport"] == "true"  # no built-in table download
    env = server.environment(tmp_path / "w.duckdb")
    assert env["CHANTIERS_WAREHOUSE"] == str((tmp_path / "w.duckdb").resolve())
    assert server.environment(tmp_path / "w.duckdb", "en")["CHANTIERS_LANG"] == "en"  # chantiers serve --lang en


def write_files(folder: Path, tables: dict[str, list[list[str]]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for source, rows in tables.items():
        path = folder / f"{source}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
        paths.append(path)
    return paths


def test_days_since_load_is_counted_when_the_page_is_read(use, warehouse_file, monkeypatch):  # noqa: F811
    # A mart is a table: a day count computed there is frozen at the build (always 0 after a load).
    use(warehouse_file)
    con = duckdb.connect(str(warehouse_file), read_only=True)
    columns = [d[0] for d in con.execute("SELECT * FROM marts.dash_source_freshness LIMIT 0").description]
    con.close()
    assert "days_since_load" not in columns
    now = queries.freshness().frame.filter(pl.col("last_loaded_at").is_not_null())
    assert now.height and now["days_since_load"].to_list() == [
        (dt.date.today() - loaded.date()).days for loaded in now["last_loaded_at"]]
    monkeypatch.setattr(queries, "today", lambda: dt.date.today() + dt.timedelta(days=10))
    later = queries.freshness().frame.filter(pl.col("last_loaded_at").is_not_null())
    assert later["days_since_load"].to_list() == [d + 10 for d in now["days_since_load"]]


def test_headline_and_marts_break_ties_among_the_last_four_meetings_alike(tmp_path, use):
    # R1 and R2 share a day at the edge of the last four: held_on DESC, meeting_id DESC keeps R2
    # (y and w present) and leaves R1 (x) out, in marts.chantier as in the headline.
    meetings = [["R1", "2015-01-10"], ["R2", "2015-01-10"], ["R3", "2015-02-10"], ["R4", "2015-03-10"],
                ["R5", "2015-04-10"]]
    present = [["R1", "x"], ["R2", "y"], ["R2", "w"], ["R3", "z"], ["R4", "z"], ["R5", "z"]]
    files = write_files(tmp_path / "files", {
        "chantiers": [["chantier_id", "name", "started_on"], ["C", "Chantier", "2014-01-01"]],
        "members": [["member_id", "chantier_id", "joined_on"]] + [[m, "C", "2014-01-01"] for m in "xywz"],
        "meetings": [["meeting_id", "chantier_id", "held_on", "duration_minutes"]]
        + [[m, "C", d, "60"] for m, d in meetings],
        "attendance": [["meeting_id", "member_id", "status"]] + [[m, p, "present"] for m, p in present],
    })
    from pipelines.load import load_paths

    warehouse = tmp_path / "ties.duckdb"
    load_paths(files, warehouse)
    use(warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    in_marts = con.execute("SELECT n_active_members FROM marts.chantier").fetchall()[0][0]
    con.close()
    assert in_marts == 3
    assert queries.headline(queries.Filters()).frame["n_active_members"].to_list() == [3]


def test_grid_query_is_keyed_on_meeting_and_member(use, warehouse_file):  # noqa: F811
    use(warehouse_file)
    grid = queries.attendance_grid(queries.Filters(), "CH-PRA").frame
    assert {"meeting_id", "meeting_seq", "member_id"} <= set(grid.columns)
    assert grid.select("meeting_id", "member_id").is_duplicated().sum() == 0
    assert grid["meeting_seq"].is_sorted()


# Public-mart columns computed from the build date: "as of the last build", not "today".
BUILD_TIME = re.compile(r"\b(current_date|current_timestamp|now\(\)|today\(\)|is_current|members_current|"
                        r"is_ongoing|is_released|membership_days|days_since_load)\b", re.I)


@pytest.mark.parametrize("path", sorted((ROOT / "sql" / "marts").glob("dash_*.sql")), ids=lambda p: p.name)
def test_dashboard_marts_hold_nothing_computed_from_the_build_date(path):
    code = "\n".join(line.split("--")[0] for line in path.read_text(encoding="utf-8").splitlines())
    assert not BUILD_TIME.findall(code)


def test_dashboard_queries_read_no_build_date_column():
    # What depends on the day read is computed in queries.py with $today (days_since_load is an alias).
    code = (ROOT / "dashboard" / "queries.py").read_text(encoding="utf-8")
    assert [m for m in BUILD_TIME.findall(code) if m.lower() != "days_since_load"] == []


def test_rows_to_fix_come_in_the_order_the_page_lists_them(use, tmp_path):
    # Stored sorted by their marts and read without ORDER BY (a sort per read was most of the page's time).
    from pipelines.load import load_paths

    demo = Path(__file__).resolve().parents[1] / "demo"
    wh = tmp_path / "w.duckdb"
    load_paths([demo / "messy"], wh)  # messy files first: most of their rows wait or are rejected
    load_paths([demo / "data"], wh)
    use(wh)
    counts = queries.rows_to_fix_counts().frame.row(0, named=True)
    for query, keys, total in ((queries.rejects, ["file_name", "sheet", "row_number", "column_name"], "n_rejects"),
                               (queries.quarantine, ["source", "file_name", "row_number", "record_key"],
                                "n_quarantined")):
        frame = query().frame.select(keys)
        assert frame.height > 5
        assert frame.equals(frame.sort(keys, nulls_last=True, maintain_order=True))
        # The page fetches the first rows only, the ones a full read starts with, and counts them all.
        assert query(5).frame.select(keys).equals(frame.head(5))
        assert counts[total] == frame.height
    assert counts["n_warnings"] == queries.warnings().frame.height


FILTERS = [queries.Filters(), queries.Filters(chantier_ids=("CH-EVA", "CH-COM")),
           queries.Filters(start=dt.date(2014, 1, 1), end=dt.date(2015, 12, 31))]


@pytest.mark.parametrize("f", FILTERS, ids=["all", "two chantiers", "a period"])
def test_health_flags_read_the_same_meetings_and_deliverables_as_the_pages(use, warehouse_file, f):  # noqa: F811
    # The overview's flags read narrow queries; the flags are those of the meetings and deliverables shown.
    from dashboard import health

    use(warehouse_file)
    head = queries.headline(f).frame
    for th in (health.Thresholds(), health.Thresholds(0.9, 10, 1, 0.5, 1, 0, 1, 1)):
        as_of = f.end or dt.date(2020, 1, 1)
        narrow = health.all_flags(queries.meeting_health(f).frame, head, queries.deliverable_followups(f).frame,
                                  as_of, th)
        # deliverables released by the period's end, in it or before: a late one stays late
        wide = health.all_flags(queries.meetings(f).frame, head,
                                queries.deliverables(dataclasses.replace(f, start=None)).frame, as_of, th)
        assert narrow == wide and narrow


@pytest.mark.parametrize("f", FILTERS, ids=["all", "two chantiers", "a period"])
def test_minutes_by_stage_are_summed_in_sql_as_metrics_would(use, warehouse_file, f):  # noqa: F811
    from dashboard import metrics

    use(warehouse_file)
    in_sql = metrics.shares(queries.minutes_by_stage(f).frame, "stage")
    in_polars = metrics.share_by_group(queries.meetings(f).frame, "stage")
    assert in_sql.equals(in_polars.select(in_sql.columns)) and in_sql.height > 0


def test_filters_on_a_few_chantiers(use, warehouse_file):  # noqa: F811
    use(warehouse_file)
    f = queries.Filters(start=dt.date(2014, 1, 1), regions=("06",))
    assert f.on_chantiers(None) is f
    narrowed = f.on_chantiers({"CH-EVA", "CH-COM"})
    assert narrowed == queries.Filters(("CH-COM", "CH-EVA"), dt.date(2014, 1, 1), None, ("06",))
    activity = queries.chantier_activity(f).frame
    assert set(queries.meetings(narrowed).frame["chantier_id"]) == {"CH-COM", "CH-EVA"}
    with_agenda = dict(zip(activity["chantier_id"], activity["n_with_agenda"]))
    meetings = queries.meetings(f).frame
    assert with_agenda == {cid: meetings.filter((pl.col("chantier_id") == cid) & (pl.col("agenda_minutes") > 0)).height
                           for cid in activity["chantier_id"]}
    by_dimension = queries.diversity(f, "region").frame
    assert set(by_dimension["dimension"]) == {"region"}
    every = queries.diversity(f).frame.filter(pl.col("dimension") == "region")
    assert by_dimension.sort("meeting_id").equals(every.sort("meeting_id")) and by_dimension.height


@pytest.mark.parametrize("f", [*FILTERS, queries.Filters(regions=("06",))],
                         ids=["all", "two chantiers", "a period", "a region"])
def test_reach_is_added_up_in_sql_as_the_rows_would_be(use, warehouse_file, f):  # noqa: F811
    use(warehouse_file)
    rows = queries.diffusion(f).frame
    assert rows.height > 0
    for by in queries.DIFFUSION_GROUPS:
        in_sql = queries.diffusion_totals(f, by).frame
        in_polars = rows.group_by(by, "metric").agg(pl.col("value").sum()).sort(by, "metric")
        assert in_sql.equals(in_polars), by
    deliverable = rows["deliverable_id"][0]
    own = queries.diffusion(f, deliverable).frame
    assert own.sort("month_on", "channel", "region", "metric").equals(
        rows.filter(pl.col("deliverable_id") == deliverable).sort("month_on", "channel", "region", "metric"))
    with pytest.raises(ValueError):
        queries.diffusion_totals(f, "value; DROP TABLE x")


@pytest.mark.parametrize("f", [*FILTERS, queries.Filters(regions=("06", "03")),
                               queries.Filters(chantier_ids=("CH-PRA",), regions=("14",))],
                         ids=["all", "two chantiers", "a period", "two regions", "a chantier and a region"])
def test_engaged_members_were_present_at_one_of_the_last_four_meetings(use, warehouse_file, f):  # noqa: F811
    use(warehouse_file)
    con = duckdb.connect(str(warehouse_file), read_only=True)
    meetings, grid, members = (con.sql(f"SELECT * FROM marts.{name}").pl()
                               for name in ("dash_meeting", "dash_attendance_grid", "dash_membership"))
    con.close()
    keep = pl.lit(True) if not f.chantier_ids else pl.col("chantier_id").is_in(list(f.chantier_ids))
    held = meetings.filter(keep, pl.col("has_attendance"), pl.col("held_on") <= queries.today(),
                           pl.col("held_on") >= (f.start or dt.date.min), pl.col("held_on") <= (f.end or dt.date.max))
    last_four = held.sort("held_on", "meeting_id", descending=True).group_by("chantier_id").head(4)
    members = members.filter(pl.col("region").is_in(list(f.regions))) if f.regions else members
    expected = (grid.filter(pl.col("status") == "present")
                .join(last_four.select("meeting_id"), on="meeting_id")
                .join(members.select("member_id", "chantier_id"), on=["member_id", "chantier_id"])
                .group_by("chantier_id").agg(pl.col("member_id").n_unique()))
    shown = queries.headline(f).frame
    assert dict(zip(shown["chantier_id"], shown["n_active_members"])) == {
        cid: dict(expected.iter_rows()).get(cid, 0) for cid in shown["chantier_id"]}
    assert expected.height > 0


def test_namesake_chantiers_are_told_apart_everywhere_the_dashboard_names_them(tmp_path, use):
    # Two chantiers with one name: charts colour and list chantiers by their label, so namesakes
    # drawn under one name would be merged into one line or one bar.
    from tests.dashboard_fixtures import many_chantiers

    from pipelines.load import load_paths

    rows = many_chantiers(n=3)
    rows["chantiers"][0]["name"] = rows["chantiers"][1]["name"] = "Santé mentale des jeunes"
    rows["surveys"] = [{"survey_id": f"S{i}", "title": "Bilan", "audience": "members", "chantier_id": f"CH-0{i}",
                        "deliverable_id": "", "fielded_on": "2016-01-01"} for i in (1, 2, 3)]
    rows["responses"] = [{"survey_id": f"S{i}", "respondent_id": "R1", "question_id": "Q1", "question": "Utile ?",
                          "answer": "4"} for i in (1, 2, 3)]
    live = build_warehouse(tmp_path / "namesakes.duckdb", rows_by_source=rows)
    use(live)
    f = queries.Filters()
    expected = {"CH-01": "Santé mentale des jeunes (CH-01)", "CH-02": "Santé mentale des jeunes (CH-02)",
                "CH-03": "Chantier 03"}

    def shown() -> list[tuple[str, dict]]:
        return [(result.sql, dict(result.frame.select("chantier_id", column).unique().iter_rows()))
                for result, column in [
                    (queries.chantiers(), "name"), (queries.headline(f), "name"),
                    (queries.chantier_activity(f), "chantier_name"), (queries.meetings(f), "chantier_name"),
                    (queries.memberships(f), "chantier_name"), (queries.deliverables(f), "chantier_name"),
                    (queries.survey_items(f), "chantier_name")]]

    for sql, labels in shown():
        assert labels == expected, sql
    # Filters still apply to the labelled rows.
    one = queries.meetings(queries.Filters(chantier_ids=("CH-02",))).frame
    assert set(one["chantier_name"]) == {"Santé mentale des jeunes (CH-02)"}
    # A later load brings a namesake of Chantier 03: the chantier already there is relabelled too,
    # though the load refreshed only the new chantier's rows.
    more = write_csv_files(tmp_path / "more", rows_by_source={"chantiers": [
        {"chantier_id": "CH-09", "name": "Chantier 03", "started_on": "2016-01-01", "kind": "chantier", "theme": ""}]})
    assert load_paths(more, live).build.models_ok
    assert queries.chantiers().frame.filter(pl.col("chantier_id").is_in(["CH-03", "CH-09"]))["name"].sort().to_list() \
        == ["Chantier 03 (CH-03)", "Chantier 03 (CH-09)"]
    for sql, labels in shown()[1:]:
        assert labels["CH-03"] == "Chantier 03 (CH-03)", sql


def test_labels_stay_unique_with_no_name_or_a_name_like_another_label():
    con = duckdb.connect()
    con.execute("CREATE SCHEMA marts")
    con.execute("""CREATE TABLE marts.chantier AS SELECT * FROM (VALUES
        ('C1', 'A'), ('C5', 'A'), ('C9', 'A (C5)'), ('C2', NULL), ('C3', NULL), ('X', 'C2'), ('C7', 'Seul'))
        AS t(chantier_id, name)""")
    labels = dict(con.execute(f"SELECT chantier_id, label FROM {queries.LABELS}").fetchall())
    con.close()
    assert labels["C7"] == "Seul" and labels["C1"] == "A (C1)"
    assert labels["C2"] != labels["C3"] and labels["X"] != labels["C2"]  # no name: its id, told apart
    assert len(set(labels.values())) == len(labels) and None not in labels.values()


def test_health_flags_of_a_short_period_look_before_it(tmp_path, use):
    # The demo: EVAL met on 2017-05-16 and released EVAL-L1 on 2015-06-11 without ever following it up.
    from dashboard import health
    from pipelines.load import load_paths

    wh = tmp_path / "demo.duckdb"
    load_paths([Path(__file__).resolve().parents[1] / "demo" / "data"], wh)
    use(wh)
    th = health.Thresholds()

    def flags(start: dt.date, end: dt.date) -> dict[tuple[str, str], dt.date]:
        f = queries.Filters(start=start, end=end)
        found = health.all_flags(queries.meeting_health(f).frame, queries.headline(f).frame,
                                 queries.deliverable_followups(f).frame, end, th)
        return {(flag.chantier_id, flag.kind): flag.since for flag in found if flag.status == "active"}

    # Two weeks without a meeting of EVAL's: its last one, 28 days before the end, is not four months old.
    june = flags(dt.date(2017, 6, 1), dt.date(2017, 6, 13))
    assert ("EVAL", "inactivity") not in june
    # A summer without meetings: the flag says since when, from the last meeting before the period.
    summer = flags(dt.date(2014, 7, 1), dt.date(2014, 9, 30))
    assert summer[("PRAT", "inactivity")] == dt.date(2014, 5, 20) and ("COND", "inactivity") not in summer
    # A guide released before the period and never followed up is still late at its end.
    assert ("EVAL", "followup") in flags(dt.date(2015, 7, 1), dt.date(2017, 6, 13))


def test_an_analysts_month_column_filters_the_period_whether_date_or_timestamp():
    # date_trunc('month', held_on) is a TIMESTAMP in DuckDB: still the month an event happened in
    for kind in ("DATE", "TIMESTAMP"):
        assert queries.MartFilters.of({"chantier_id": "VARCHAR", "month_on": kind, "n": "BIGINT"}) == \
            queries.MartFilters(chantier="chantier_id", month="month_on")
    assert queries.MartFilters.of({"started_on": "DATE"}) == queries.MartFilters()  # not an event date


def test_a_membership_ends_with_its_chantier(tmp_path, use):
    # The demo: PRAT and COMP ended in June 2016; most of their members never wrote a departure date.
    from pipelines.load import load_paths

    wh = tmp_path / "demo.duckdb"
    load_paths([Path(__file__).resolve().parents[1] / "demo" / "data"], wh)
    use(wh)
    f = queries.Filters(start=dt.date(2017, 1, 1), end=dt.date(2017, 6, 13))
    members = dict(queries.headline(f).frame.select("chantier_id", "n_members").iter_rows())
    assert members["PRAT"] == members["COMP"] == 0 and members["COND"] > 0 and members["EVAL"] > 0
    with duckdb.connect(str(wh), read_only=True) as con:
        running = con.execute("""SELECT count(DISTINCT member_id) FROM raw.members WHERE chantier_id IN ('COND', 'EVAL')
                                 AND joined_on <= DATE '2017-06-13'
                                 AND (left_on IS NULL OR left_on >= DATE '2017-01-01')""").fetchone()[0]
        never_left = con.execute("SELECT count(*) FROM raw.members WHERE chantier_id = 'PRAT' AND left_on IS NULL"
                                 ).fetchone()[0]
        current = con.execute("SELECT count(*) FILTER (WHERE is_current) FROM marts.member_participation "
                              "WHERE chantier_id = 'PRAT'").fetchone()[0]
    assert queries.member_count(f).frame["n_members"][0] == running
    assert never_left > 0 and current == 0  # still members of a chantier that ended, said no one


def test_a_period_starting_mid_month_keeps_that_months_follow_ups(use, warehouse_file):  # noqa: F811
    # Follow-ups are added up by month: from the 10th to the 20th still holds that month's figures.
    use(warehouse_file)
    month = queries.diffusion_totals(queries.Filters(), "month_on").frame["month_on"].min()
    f = queries.Filters(start=month + dt.timedelta(days=9), end=month + dt.timedelta(days=19))
    totals = queries.diffusion_totals(f, "month_on").frame
    assert totals["month_on"].unique().to_list() == [month]
    reach = totals.filter(pl.col("metric").is_in(["views", "downloads", "participants"]))["value"].sum()
    assert reach > 0 and queries.headline(f).frame["reach"].sum() == reach
    assert queries.deliverables(f).frame.height > 0  # the deliverables followed up that month are listed
