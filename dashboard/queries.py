"""The dashboard's only door to the warehouse: named queries over `marts.*`, cached.

The warehouse file is attached read-only in an in-memory DuckDB
(`warehouse.connection.open_reader`), cached as a resource under the file's
identity (`reader_key`: inode, mtime, size). A load publishes a new file by
atomic rename, so the next rerun sees a new key, opens the new file and
misses the old query cache: the pages show new data without a restart, and
keep reading the old file while a load is still running.

Every function returns a `Result`: the frame and the SQL that produced it
(shown to analysts under each chart). Filters travel as named parameters.

Marts are tables: a column computed there from the day's date is frozen at the
last build. Whatever depends on the day the page is read (days since a load,
deliverables released so far, meetings held so far) is computed here, with
today's date passed as the `$today` parameter, so it also keys the cache: a
server left running does not show yesterday's figure.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from dashboard.metrics import REACH_METRICS
from warehouse.connection import open_reader, reader_cursor, reader_key
from warehouse.settings import Settings

MART = re.compile(r'\bmarts\."?(\w+)"?')


@dataclass(frozen=True)
class Filters:
    """The global filters. Empty tuples and None mean "all"."""

    chantier_ids: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    regions: tuple[str, ...] = ()

    def on_chantiers(self, chantier_ids) -> Filters:
        """The same filters on these chantiers only (None: unchanged). For the pages' per-chantier
        charts, which at scale draw a few chantiers out of many (`metrics.Charted.ids`)."""
        return self if chantier_ids is None else replace(self, chantier_ids=tuple(sorted(chantier_ids)))


@dataclass(frozen=True)
class Result:
    frame: pl.DataFrame
    sql: str
    params: dict = field(default_factory=dict)

    @property
    def marts(self) -> list[str]:
        """The marts the query reads, e.g. ["marts.meeting"] (for "the SQL behind")."""
        return sorted({f"marts.{m}" for m in MART.findall(self.sql)})


def today() -> dt.date:
    """The day the page is read (the dashboard's "now"; tests move it)."""
    return dt.date.today()


def warehouse_path() -> Path:
    return Settings.from_env().warehouse


@st.cache_resource(max_entries=3, show_spinner=False, on_release=lambda con: con.close())
def _connection(path: str, key: tuple) -> duckdb.DuckDBPyConnection:
    return open_reader(Path(path))


@st.cache_data(max_entries=500, show_spinner=False)
def _fetch(sql: str, params: tuple, path: str, key: tuple) -> pl.DataFrame:
    cursor = reader_cursor(_connection(path, key))
    try:
        return cursor.sql(sql, params=dict(params) or None).pl()
    finally:
        cursor.close()


def run(sql: str, params: dict | None = None) -> Result:
    """Run one query on the published warehouse (cached on sql, params and the file's identity)."""
    path = warehouse_path()
    key = reader_key(path)
    if key is None:
        raise FileNotFoundError(path)
    params = params or {}
    frame = _fetch(sql, tuple(sorted(params.items(), key=lambda kv: kv[0])), str(path), key)
    return Result(frame, sql, params)


def clear() -> None:
    """Forget cached results and connections (after a load from the upload page)."""
    _fetch.clear()
    _connection.clear()


@st.cache_data(max_entries=20, show_spinner=False)
def _failed_models(path: str, key: tuple) -> list[str]:
    from warehouse.models import failed_models

    cursor = reader_cursor(_connection(path, key))
    try:
        return failed_models(cursor)
    finally:
        cursor.close()


def failed_models() -> list[str]:
    """The models whose last build failed: the pages reading them show older data, or none (the
    warehouse's build state, not a mart: read through `warehouse.models`)."""
    path = warehouse_path()
    key = reader_key(path)
    return [] if key is None else _failed_models(str(path), key)


def status() -> str:
    """"missing" (no file), "empty" (no chantier or no marts yet) or "ready"."""
    path = warehouse_path()
    if reader_key(path) is None:
        return "missing"
    try:
        n = run("SELECT count(*) AS n FROM marts.chantier").frame["n"][0]
    except duckdb.Error:
        return "empty"
    return "ready" if n else "empty"


# --- filters as SQL -------------------------------------------------------------------------------

# Follow-ups are added up by month (month_on, the month's first day): a period starting mid-month
# keeps that month's figures, as the charts by month show it.
MONTH_START = "CAST(date_trunc('month', CAST($start AS DATE)) AS DATE)"


def _where(f: Filters, *, chantier: str | None = "chantier_id", on: str | None = None, month: str | None = None,
           region: str | None = None, undated: bool = False) -> tuple[str, dict]:
    """A WHERE clause applying the filters to the named columns, and its parameters. `on`: a date
    column within the period; `month`: a month column (its first day), kept from the month the
    period starts in. `undated`: rows whose date is missing are kept whatever the period."""
    if on and month:
        raise ValueError("on= or month=, not both")
    clauses, params = ["TRUE"], {}
    if chantier and f.chantier_ids:
        clauses.append(f"list_contains($chantiers, {chantier})")
        params["chantiers"] = list(f.chantier_ids)
    period = []
    if (on or month) and f.start:
        period.append(f"{on} >= $start" if on else f"{month} >= {MONTH_START}")
        params["start"] = f.start
    if (on or month) and f.end:
        period.append(f"{on or month} <= $end")
        params["end"] = f.end
    if period:
        within = " AND ".join(period)
        clauses.append(f"({on or month} IS NULL OR ({within}))" if undated else within)
    if region and f.regions:
        clauses.append(f"list_contains($regions, {region})")
        params["regions"] = list(f.regions)
    return "WHERE " + " AND ".join(clauses), params


# --- reference lists (filters' choices) -----------------------------------------------------------

# Chantiers are shown by their label: the name, followed by the id when another chantier bears the same
# name (a funder's hundreds of chantiers share names), so namesakes stay apart in charts, legends and
# pickers. Computed when reading, from every chantier of marts.chantier: a new namesake relabels a
# chantier the load did not touch, and a warehouse built by an earlier version needs nothing new.
# A chantier without a name shows its id; a name written like another chantier's label ("A (C5)" beside
# two "A") makes both add their own id once more, so no two chantiers ever share a label.
# LABELS: chantier_id, label. Over a relation aliased `c` with chantier_id (and chantier_name):
# LABELLED joins the labels, LABEL is the label, LABELLED_ROWS every column of `c` with chantier_name
# made the label.
LABELS = """(SELECT chantier_id,
        CASE WHEN count(*) OVER (PARTITION BY first) > 1 THEN coalesce(name, chantier_id) || ' (' || chantier_id || ')'
             ELSE first END AS label
    FROM (SELECT chantier_id, name,
                 CASE WHEN name IS NULL THEN chantier_id
                      WHEN count(*) OVER (PARTITION BY name) > 1 THEN name || ' (' || chantier_id || ')'
                      ELSE name END AS first
          FROM marts.chantier))"""
LABELLED = f"LEFT JOIN {LABELS} AS l USING (chantier_id)"
LABEL = "l.label"
LABELLED_ROWS = f"c.* REPLACE ({LABEL} AS chantier_name)"


def chantiers() -> Result:
    """chantier_id, name (the chantier's label: see LABELS), kind, started_on, ended_on."""
    return run(f"SELECT c.chantier_id, {LABEL} AS name, c.kind, c.started_on, c.ended_on "
               f"FROM marts.chantier AS c {LABELLED} ORDER BY c.started_on, name")


def regions() -> Result:
    return run("SELECT DISTINCT region FROM marts.dash_membership WHERE region IS NOT NULL "
               "UNION SELECT DISTINCT region FROM marts.dash_diffusion WHERE region <> 'unspecified' "
               "ORDER BY region")


def date_span() -> Result:
    """The first and last dates the data speaks of (meetings, releases, follow-ups)."""
    return run("""SELECT min(d) AS first_on, max(d) AS last_on FROM (
        SELECT held_on AS d FROM marts.meeting
        UNION ALL SELECT released_on FROM marts.deliverable_uptake
        UNION ALL SELECT month_on FROM marts.dash_diffusion)""")


# --- analyses: every mart, those an analyst adds included ------------------------------------------

def analysis_marts() -> Result:
    """The columns of every table and view of `marts` but the pages' own (`dash_*`), in order."""
    return run("""SELECT table_name AS mart, column_name, data_type FROM duckdb_columns()
                  WHERE database_name = current_database() AND schema_name = 'marts'
                    AND NOT starts_with(table_name, 'dash_')
                  ORDER BY table_name, column_index""")


# Dates of events, in the order a mart's period is read from: a meeting held, a deliverable released,
# a survey fielded, a month of follow-ups.
EVENT_DATES = ("held_on", "released_on", "fielded_on", "month_on")


@dataclass(frozen=True)
class MartFilters:
    """Which of a mart's columns the global filters apply to (None: the mart has none)."""

    chantier: str | None = None
    on: str | None = None  # a date column, within the period
    month: str | None = None  # a month column (its first day), from the month the period starts in
    region: str | None = None

    @classmethod
    def of(cls, columns: dict[str, str]) -> MartFilters:
        """From a mart's columns (name -> DuckDB type): chantier_id, region, and the first date of an
        event (EVENT_DATES) for the period. Other dates (a chantier's start, a member's arrival) are
        not when something happened in the period: filtering on them would drop what ran through it."""
        dated = next((c for c in EVENT_DATES if str(columns.get(c)).startswith(("DATE", "TIMESTAMP"))), None)
        return cls(chantier="chantier_id" if "chantier_id" in columns else None,
                   on=dated if dated != "month_on" else None, month="month_on" if dated == "month_on" else None,
                   region="region" if "region" in columns else None)


def _mart_sql(mart: str, f: Filters, applies: MartFilters) -> tuple[str, dict]:
    """`FROM marts."<mart>" WHERE …` and its parameters. The name is one `analysis_marts` lists (a hand-made
    table may hold accents or capitals: quoted). Rows without an event date are kept whatever the period
    (a deliverable still in production): the period drops only rows dated outside it."""
    if mart not in set(analysis_marts().frame["mart"].to_list()):
        raise KeyError(mart)
    where, params = _where(f, chantier=applies.chantier, on=applies.on, month=applies.month, region=applies.region,
                           undated=True)
    quoted = '"' + mart.replace('"', '""') + '"'
    return f"FROM marts.{quoted} {where}", params


def mart_rows(mart: str, f: Filters, applies: MartFilters, limit: int | None = None) -> Result:
    """The rows of `marts.<mart>` the filters keep, or their first `limit`."""
    sql, params = _mart_sql(mart, f, applies)
    return run(f"SELECT * {sql}" + (f" LIMIT {int(limit)}" if limit else ""), params)


def mart_count(mart: str, f: Filters, applies: MartFilters) -> int:
    sql, params = _mart_sql(mart, f, applies)
    return int(run(f"SELECT count(*) AS n {sql}", params).frame["n"][0])


# --- overview --------------------------------------------------------------------------------------

def headline(f: Filters) -> Result:
    """Per chantier: meetings, hours, members, active members, deliverables released, reach."""
    meet_where, p1 = _where(f, chantier="m.chantier_id", on="m.held_on")
    member_where, p2 = _where(f, chantier="mb.chantier_id", region="mb.region")
    deliv_where, p3 = _where(f, chantier="d.chantier_id", on="d.released_on")
    reach_where, p4 = _where(f, chantier="x.chantier_id", month="x.month_on", region="x.region")
    # The grid holds members of each meeting's chantier only (its grain): the memberships are joined
    # to keep the regions chosen, not otherwise (at scale, a join of a hundred thousand rows).
    active_join, active_where = "", _where(f, chantier="g.chantier_id")[0]
    if f.regions:
        active_join = "JOIN marts.dash_membership AS mb ON mb.member_id = g.member_id AND mb.chantier_id = g.chantier_id"
        active_where = member_where
    sql = f"""
WITH meetings AS (
    SELECT m.chantier_id, count(*) AS n_meetings, sum(m.duration_minutes) / 60.0 AS hours
    FROM marts.dash_meeting AS m {meet_where} GROUP BY m.chantier_id
),
last_held AS (  -- the last meeting up to the period's end, in it or before (the no-meeting flag's)
    SELECT m.chantier_id, max(m.held_on) AS last_meeting_on
    FROM marts.dash_meeting AS m {_where(f, chantier="m.chantier_id")[0]} AND ($end IS NULL OR m.held_on <= $end)
    GROUP BY m.chantier_id
),
members AS (  -- memberships that overlap the period
    SELECT mb.chantier_id, count(DISTINCT mb.member_id) AS n_members
    FROM marts.dash_membership AS mb {member_where}
      AND ($end IS NULL OR mb.joined_on <= $end) AND ($start IS NULL OR mb.membership_ended_on IS NULL OR mb.membership_ended_on >= $start)
    GROUP BY mb.chantier_id
),
active AS (  -- engaged members: present at one of the chantier's last four meetings of the period
    -- held so far with attendance recorded; latest first, ties by the latest meeting_id (as marts.chantier)
    SELECT g.chantier_id, count(DISTINCT g.member_id) AS n_active_members
    FROM marts.dash_attendance_grid AS g
    JOIN (SELECT m.meeting_id,
                 row_number() OVER (PARTITION BY m.chantier_id ORDER BY m.held_on DESC, m.meeting_id DESC)
                     AS recency
          FROM marts.dash_meeting AS m {meet_where} AND m.held_on <= $today AND m.has_attendance) AS recent
      ON recent.meeting_id = g.meeting_id AND recent.recency <= 4
    {active_join}
    {active_where} AND g.status = 'present'
    GROUP BY g.chantier_id
),
released AS (
    SELECT d.chantier_id, count(*) AS n_deliverables_released
    FROM marts.dash_deliverable AS d {deliv_where} AND d.released_on IS NOT NULL
      AND d.released_on <= $today
    GROUP BY d.chantier_id
),
reach AS (
    SELECT x.chantier_id, sum(x.value) AS reach
    FROM marts.dash_diffusion AS x {reach_where} AND x.metric IN {tuple(REACH_METRICS)}
    GROUP BY x.chantier_id
)
SELECT c.chantier_id, {LABEL} AS name, c.kind,
       coalesce(m.n_meetings, 0) AS n_meetings, coalesce(m.hours, 0) AS hours,
       coalesce(mb.n_members, 0) AS n_members, coalesce(a.n_active_members, 0) AS n_active_members,
       coalesce(r.n_deliverables_released, 0) AS n_deliverables_released, coalesce(x.reach, 0) AS reach,
       lh.last_meeting_on, c.started_on, c.ended_on
FROM marts.chantier AS c
{LABELLED}
LEFT JOIN meetings AS m ON m.chantier_id = c.chantier_id
LEFT JOIN last_held AS lh ON lh.chantier_id = c.chantier_id
LEFT JOIN members AS mb ON mb.chantier_id = c.chantier_id
LEFT JOIN active AS a ON a.chantier_id = c.chantier_id
LEFT JOIN released AS r ON r.chantier_id = c.chantier_id
LEFT JOIN reach AS x ON x.chantier_id = c.chantier_id
{_where(f, chantier="c.chantier_id")[0]}
ORDER BY c.started_on, name"""
    params = {**p1, **p2, **p3, **p4, "start": f.start, "end": f.end, "today": today()}
    return run(sql, params)


def member_count(f: Filters) -> Result:
    """Distinct people (a person in two chantiers counts once) whose membership overlaps the period."""
    where, params = _where(f, region="region")
    return run(f"""SELECT count(DISTINCT member_id) AS n_members FROM marts.dash_membership {where}
        AND ($end IS NULL OR joined_on <= $end) AND ($start IS NULL OR membership_ended_on IS NULL OR membership_ended_on >= $start)""",
               {**params, "start": f.start, "end": f.end})


def chantier_activity(f: Filters) -> Result:
    """chantier_id, chantier_name, n_meetings: meetings per chantier in the filters (the "most active");
    n_with_agenda, n_with_attendance: those of them with agenda minutes, with attendance recorded."""
    where, params = _where(f, on="held_on")
    return run(f"SELECT chantier_id, any_value({LABEL}) AS chantier_name, count(*) AS n_meetings, "
               "count(*) FILTER (WHERE agenda_minutes > 0) AS n_with_agenda, "
               "count(*) FILTER (WHERE has_attendance) AS n_with_attendance "
               f"FROM marts.dash_meeting AS c {LABELLED} {where} GROUP BY chantier_id ORDER BY chantier_id", params)


def meetings(f: Filters) -> Result:
    """One row per meeting in the filters (health, attendance, minutes by kind)."""
    where, params = _where(f, on="held_on")
    return run(f"SELECT {LABELLED_ROWS} FROM marts.dash_meeting AS c {LABELLED} {where} ORDER BY chantier_id, held_on",
               params)


def _deliverables_where(f: Filters) -> tuple[str, dict]:
    """Deliverables (aliased `c`) of the filtered chantiers whose production or release touches the
    period, or followed up in it: the deliverables whose follow-ups the period's reach counts."""
    where, params = _where(f, chantier="c.chantier_id")
    period = ("AND (($end IS NULL OR coalesce(c.production_started_on, c.released_on) <= $end) "
              "AND ($start IS NULL OR c.released_on IS NULL OR c.released_on >= $start) "
              "OR EXISTS (SELECT 1 FROM marts.dash_diffusion AS x WHERE x.deliverable_id = c.deliverable_id "
              f"AND ($start IS NULL OR x.month_on >= {MONTH_START}) AND ($end IS NULL OR x.month_on <= $end)))")
    return f"{where} {period}", {**params, "start": f.start, "end": f.end}


def deliverables(f: Filters) -> Result:
    """Deliverables of the filtered chantiers whose production or release touches the period, or
    followed up in it."""
    where, params = _deliverables_where(f)
    return run(f"SELECT {LABELLED_ROWS} FROM marts.dash_deliverable AS c {LABELLED} {where} ORDER BY chantier_id, "
               "coalesce(production_started_on, released_on)", params)


# The health flags (dashboard.health) read these two: only the columns they need, so that at scale
# tens of thousands of meetings travel (and sit in the cache) as six narrow columns.
def meeting_health(f: Filters) -> Result:
    """The meetings of `meetings(f)` as the health flags read them, in date order (then chantier_id
    and meeting_id): chantier_id, held_on, attendance_rate, members_present, reflection_share,
    days_since_start."""
    where, params = _where(f, on="held_on")
    return run("SELECT chantier_id, held_on, attendance_rate, members_present, reflection_share, days_since_start "
               f"FROM marts.dash_meeting {where} ORDER BY held_on, chantier_id, meeting_id", params)


def deliverable_followups(f: Filters) -> Result:
    """The deliverables of the filtered chantiers released by the period's end, in it or before (a guide
    never followed up is still late at the end of a later period): chantier_id, title, released_on,
    first_followup_on."""
    where, params = _where(f, chantier="c.chantier_id")
    return run(f"SELECT chantier_id, title, released_on, first_followup_on FROM marts.dash_deliverable AS c {where} "
               "AND released_on IS NOT NULL AND ($end IS NULL OR released_on <= $end) "
               "ORDER BY chantier_id, coalesce(production_started_on, released_on), deliverable_id",
               {**params, "end": f.end})


def minutes_by_stage(f: Filters) -> Result:
    """Agenda minutes by stage and kind over the meetings in the filters with an agenda, as
    `metrics.kind_totals(meetings, "stage")`: stage ("—" when none), kind, minutes, first_on."""
    where, params = _where(f, on="held_on")
    return run(f"""
WITH agenda AS (
    SELECT coalesce(stage, '—') AS stage, held_on, reflection_minutes, production_minutes, other_minutes
    FROM marts.dash_meeting {where} AND agenda_minutes > 0
)
SELECT stage, 'reflection' AS kind, CAST(coalesce(sum(reflection_minutes), 0) AS DOUBLE) AS minutes,
       min(held_on) AS first_on
FROM agenda GROUP BY stage
UNION ALL
SELECT stage, 'production', CAST(coalesce(sum(production_minutes), 0) AS DOUBLE), min(held_on)
FROM agenda GROUP BY stage
UNION ALL
SELECT stage, 'other', CAST(coalesce(sum(other_minutes), 0) AS DOUBLE), min(held_on)
FROM agenda GROUP BY stage""",
               params)


# --- participation ---------------------------------------------------------------------------------

def memberships(f: Filters) -> Result:
    """Memberships (no names) of the filtered chantiers and regions that overlap the period."""
    where, params = _where(f, region="region")
    period = ("AND ($end IS NULL OR joined_on <= $end) "
              "AND ($start IS NULL OR membership_ended_on IS NULL OR membership_ended_on >= $start)")
    return run(f"SELECT {LABELLED_ROWS} FROM marts.dash_membership AS c {LABELLED} {where} {period} "
               "ORDER BY chantier_id, joined_on",
               {**params, "start": f.start, "end": f.end})


def composition(f: Filters, dimension: str, chantier_id: str) -> Result:
    """Who is around the table at each meeting of one chantier (the chart shows one at a time)."""
    where, params = _where(Filters((chantier_id,), f.start, f.end, f.regions), on="held_on")
    return run(f"SELECT * FROM marts.dash_meeting_composition {where} AND dimension = $dimension "
               "ORDER BY held_on", {**params, "dimension": dimension})


def diversity(f: Filters, dimension: str | None = None) -> Result:
    """Diversity around the table at each meeting, along one `dimension` (None: all four)."""
    where, params = _where(f, on="held_on")
    if dimension is not None:
        where, params = f"{where} AND dimension = $dimension", {**params, "dimension": dimension}
    return run(f"SELECT * FROM marts.dash_meeting_diversity {where} ORDER BY held_on", params)


def attendance_grid(f: Filters, chantier_id: str) -> Result:
    """The member by meeting grid of one chantier, keyed on meeting_id and member_id (names and
    dates are labels only). Personal: names, shown to the coordinator, never exported."""
    where, params = _where(Filters((chantier_id,), f.start, f.end), on="held_on")
    return run(f"SELECT meeting_id, meeting_seq, held_on, member_id, full_name, status, is_enrolled "
               f"FROM marts.dash_attendance_grid {where} ORDER BY meeting_seq, meeting_id, member_id", params)


# --- deliverables and uptake -----------------------------------------------------------------------

def diffusion(f: Filters, deliverable_id: str | None = None) -> Result:
    """Follow-up figures by month, channel, region and metric in the filters (of one deliverable)."""
    where, params = _where(f, month="month_on", region="region")
    if deliverable_id is not None:
        where, params = f"{where} AND deliverable_id = $deliverable", {**params, "deliverable": deliverable_id}
    return run(f"SELECT * FROM marts.dash_diffusion {where} ORDER BY month_on", params)


DIFFUSION_GROUPS = ("channel", "region", "month_on")


def diffusion_totals(f: Filters, by: str) -> Result:
    """The figures of `diffusion(f)` added up by `by` (channel, region or month_on) and metric:
    `by`, metric, value. At scale the follow-ups number a hundred thousand rows; their sums, a few."""
    if by not in DIFFUSION_GROUPS:
        raise ValueError(f"diffusion_totals: by must be one of {DIFFUSION_GROUPS}, not {by!r}")
    where, params = _where(f, month="month_on", region="region")
    return run(f"SELECT {by}, metric, coalesce(sum(value), 0) AS value FROM marts.dash_diffusion {where} "
               f"GROUP BY {by}, metric ORDER BY {by}, metric", params)


# --- surveys -------------------------------------------------------------------------------------

def survey_items(f: Filters) -> Result:
    """Scored questions of surveys about the filtered chantiers (or their deliverables), or about none."""
    params: dict = {"start": f.start, "end": f.end}
    chantier = "TRUE"
    if f.chantier_ids:
        chantier = ("(list_contains($chantiers, coalesce(s.chantier_id, d.chantier_id)) "
                    "OR coalesce(s.chantier_id, d.chantier_id) IS NULL)")
        params["chantiers"] = list(f.chantier_ids)
    sql = f"""
SELECT s.survey_id, s.survey_title, s.audience, s.fielded_on, coalesce(s.chantier_id, d.chantier_id) AS chantier_id,
       {LABEL} AS chantier_name, s.deliverable_id, s.question_id, s.question, s.n, s.mean_score, s.share_agree,
       s.n_score_1, s.n_score_2, s.n_score_3, s.n_score_4, s.n_score_5
FROM marts.survey_item AS s
LEFT JOIN marts.deliverable_uptake AS d ON d.deliverable_id = s.deliverable_id
LEFT JOIN {LABELS} AS l ON l.chantier_id = coalesce(s.chantier_id, d.chantier_id)
WHERE s.n > 0 AND {chantier}
  AND ($start IS NULL OR s.fielded_on IS NULL OR s.fielded_on >= $start)
  AND ($end IS NULL OR s.fielded_on IS NULL OR s.fielded_on <= $end)
ORDER BY s.fielded_on, s.survey_id, s.question_number, s.question_id"""
    return run(sql, params)


def survey_texts(survey_id: str) -> Result:
    """Answers of one survey's questions never scored (free text, or a choice: see the mart).
    Personal: for the coordinator only."""
    return run("SELECT question_id, question, respondent_id, answer, choice FROM marts.dash_survey_text "
               "WHERE survey_id = $survey ORDER BY question_id, respondent_id", {"survey": survey_id})


# --- data quality --------------------------------------------------------------------------------

def freshness() -> Result:
    """Each source's counts and last load; days_since_load counted on the day the page is read."""
    return run("SELECT *, date_diff('day', CAST(last_loaded_at AS DATE), $today) AS days_since_load "
               "FROM marts.dash_source_freshness ORDER BY source_order", {"today": today()})


def ledger() -> Result:
    return run("SELECT * FROM marts.dash_file_ledger ORDER BY batch_id DESC, file_name, sheet")


# The three lists of rows to fix are stored already sorted (see their marts): at scale they hold
# tens of thousands of rows, and sorting them again at every read took most of the page's time.
# Read without ORDER BY, a table comes in the order it was stored, and LIMIT keeps its first rows.
# The page fetches only the rows it shows (`limit`) and counts them all (`rows_to_fix_counts`);
# a download fetches them all when it is clicked.
def _first_rows(sql: str, limit: int | None) -> Result:
    return run(sql) if limit is None else run(f"{sql} LIMIT $limit", {"limit": limit})


def rejects(limit: int | None = None) -> Result:
    """Rows rejected at load with their reasons, in the order the page lists them: the first
    `limit` (all of them when None)."""
    return _first_rows("SELECT * FROM marts.dash_rejects", limit)


def quarantine(limit: int | None = None) -> Result:
    """Rows waiting in quarantine with their reasons: the first `limit` (all when None)."""
    return _first_rows("SELECT * FROM marts.dash_quarantine", limit)


def warnings(limit: int | None = None) -> Result:
    """Plausibility warnings: the first `limit` (all when None)."""
    return _first_rows("SELECT * FROM marts.dash_warnings", limit)


def rows_to_fix_counts() -> Result:
    """n_rejects, n_quarantined, n_warnings: how many rows each list holds; n_rejected_rows: the rows
    of files the rejects are about (a row rejected for two cells is two rejects). One row."""
    return run("SELECT (SELECT count(*) FROM marts.dash_rejects) AS n_rejects, "
               "(SELECT count(DISTINCT (file_name, sheet, sha256, row_number)) FROM marts.dash_rejects) "
               "AS n_rejected_rows, "
               "(SELECT count(*) FROM marts.dash_quarantine) AS n_quarantined, "
               "(SELECT count(*) FROM marts.dash_warnings) AS n_warnings")
