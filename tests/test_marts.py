"""The project's SQL models on a small hand-made warehouse: literal given/expected rows.

The fixture (all values picked so the expected figures can be computed by hand):

Chantier C1 (started 2014-01-01), five members:
  a joined 2014-01-01; b joined 2014-01-01 and left 2015-01-15; c joined 2014-01-01;
  d joined 2014-06-01; e joined 2015-02-01.
Five meetings of C1 (P present, E excused, A absent, - nothing recorded):

  meeting  held_on     min  agenda (refl/prod/other)  a  b  c  d  e   enrolled  present  rate
  M1       2015-01-10  120  90 / 30 / 0               P  P  P  E  .   4 (a-d)   3        0.75
  M2       2015-01-15   60  20 / 20 / 20              P  P  A  -  .   4 (b's last day counts) 2  0.5
  M3       2015-03-01   90  no agenda                 P  P* E  -  P   4 (a,c,d,e) 3        0.5
  M4       2015-06-01  150  0 / 100 / 30              P  .  -  -  -   4         1        0.25
  M5       2015-09-01   90  60 / 30 / 0               -  .  -  P  P   4         2        0.5
  M7       2015-12-01   60  no agenda                 -  .  -  -  -   4         0        NULL

  * b had left: present but not enrolled (counts in members_present, not in the rate).
  M7's attendance is not loaded yet (no record at all): not measured, so its rate is NULL, not 0,
  and it counts in no pooled rate (C1's, the members').
Chantier C2 (started 2015-01-01): one meeting M6 on 2015-02-01 (60 min, no agenda) before
  its members joined (f 2015-03-01, a 2016-01-01): nobody enrolled, rate NULL.
Deliverables of C1: D1 (guide, released 2015-09-15, with follow-ups and two surveys),
  D2 (video, no release date), D3 (tool, release planned next year).
Surveys: S1 and S3 about D1, S2 about C1 (members).
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import polars as pl
import pytest

from pipelines.contract import SOURCES, raw_columns, source_keys
from warehouse import models
from warehouse.models import build, discover
from warehouse.schema import create_tables

D = date.fromisoformat
NEXT_YEAR = date.today() + timedelta(days=365)

GIVEN: dict[str, list[dict]] = {
    "chantiers": [
        dict(chantier_id="C1", name="Petite enfance", started_on=D("2014-01-01"), kind="chantier"),
        dict(chantier_id="C2", name="Habitation", started_on=D("2015-01-01"), kind="groupe_de_travail"),
    ],
    "members": [
        dict(member_id="a", chantier_id="C1", joined_on=D("2014-01-01"), region="06", function="citizen"),
        dict(member_id="b", chantier_id="C1", joined_on=D("2014-01-01"), left_on=D("2015-01-15")),
        dict(member_id="c", chantier_id="C1", joined_on=D("2014-01-01")),
        dict(member_id="d", chantier_id="C1", joined_on=D("2014-06-01")),
        dict(member_id="e", chantier_id="C1", joined_on=D("2015-02-01")),
        dict(member_id="f", chantier_id="C2", joined_on=D("2015-03-01")),
        dict(member_id="a", chantier_id="C2", joined_on=D("2016-01-01")),
    ],
    "meetings": [
        dict(meeting_id="M1", chantier_id="C1", held_on=D("2015-01-10"), duration_minutes=120),
        dict(meeting_id="M2", chantier_id="C1", held_on=D("2015-01-15"), duration_minutes=60),
        dict(meeting_id="M3", chantier_id="C1", held_on=D("2015-03-01"), duration_minutes=90),
        dict(meeting_id="M4", chantier_id="C1", held_on=D("2015-06-01"), duration_minutes=150),
        dict(meeting_id="M5", chantier_id="C1", held_on=D("2015-09-01"), duration_minutes=90),
        dict(meeting_id="M6", chantier_id="C2", held_on=D("2015-02-01"), duration_minutes=60),
        dict(meeting_id="M7", chantier_id="C1", held_on=D("2015-12-01"), duration_minutes=60),
    ],
    "agenda": [
        dict(meeting_id=m, item=str(i), kind=k, minutes=n)
        for m, items in {
            "M1": [("reflection", 90), ("production", 30)],
            "M2": [("reflection", 20), ("production", 20), ("other", 20)],
            "M4": [("other", 30), ("production", 60), ("production", 40)],
            "M5": [("reflection", 45), ("reflection", 15), ("production", 30)],
        }.items()
        for i, (k, n) in enumerate(items, start=1)
    ],
    "attendance": [
        dict(meeting_id=m, member_id=p, status=s)
        for m, p, s in [
            ("M1", "a", "present"), ("M1", "b", "present"), ("M1", "c", "present"), ("M1", "d", "excused"),
            ("M2", "a", "present"), ("M2", "b", "present"), ("M2", "c", "absent"),
            ("M3", "a", "present"), ("M3", "b", "present"), ("M3", "c", "excused"), ("M3", "e", "present"),
            ("M4", "a", "present"),
            ("M5", "d", "present"), ("M5", "e", "present"),
        ]
    ],
    "deliverables": [
        dict(deliverable_id="D1", chantier_id="C1", title="Guide", type="guide",
             production_started_on=D("2015-03-01"), released_on=D("2015-09-15")),
        dict(deliverable_id="D2", chantier_id="C1", title="Vidéo", type="video"),
        dict(deliverable_id="D3", chantier_id="C1", title="Outil", type="tool", released_on=NEXT_YEAR),
    ],
    "diffusion": [
        dict(deliverable_id="D1", observed_on=D(o), channel=c, metric=m, value=v, region=r)
        for o, c, m, v, r in [
            ("2015-10-01", "web", "views", 100.0, "06"),
            ("2015-11-01", "web", "views", 50.0, "06"),
            ("2015-10-01", "newsletter", "downloads", 30.0, None),
            ("2015-10-01", "workshop", "participants", 25.0, "03"),
            ("2016-01-01", "member_network", "uses_reported", 4.0, "03"),
        ]
    ],
    "surveys": [
        dict(survey_id="S1", title="Utilité du guide", audience="users", deliverable_id="D1"),
        dict(survey_id="S2", title="Bilan des membres", audience="members", chantier_id="C1"),
        dict(survey_id="S3", title="Guide, 2e vague", audience="users", deliverable_id="D1"),
    ],
    "responses": [
        dict(survey_id=s, respondent_id=r, question_id=q, answer=a, question=t, score=k)
        for s, r, q, a, t, k in [
            ("S1", "r1", "q1", "Tout à fait d'accord", "Le guide est utile", 5),
            ("S1", "r1", "q2", "Très clair", "Commentaires", None),
            ("S1", "r2", "q1", "4", "Le guide est utile", 4),
            ("S1", "r2", "q2", "Rien à ajouter", "Commentaires", None),
            ("S1", "r3", "q1", "Plutôt en désaccord", "Le guide est utile", 2),
            ("S1", "r3", "q2", "oui", "Commentaires", None),
            ("S1", "r4", "q2", "à revoir", "Commentaires", None),
            ("S2", "r1", "q1", "Pas du tout d'accord", "Je me sens écouté", 1),
            ("S3", "r1", "q1", "Neutre", "Le guide est utile", 3),  # r1 of S3 is not r1 of S1
        ]
    ],
}

# Expected rows of the public marts: the interface columns, computed by hand (see the docstring).
EXPECTED: dict[str, list[dict]] = {
    "marts.meeting": [
        dict(meeting_id=m, chantier_id=c, held_on=D(h), duration_minutes=dur, reflection_minutes=rf,
             production_minutes=pr, other_minutes=ot, members_enrolled=en, members_present=pres,
             attendance_rate=rate, has_attendance=recorded)
        for m, c, h, dur, rf, pr, ot, en, pres, rate, recorded in [
            ("M1", "C1", "2015-01-10", 120, 90, 30, 0, 4, 3, 0.75, True),
            ("M2", "C1", "2015-01-15", 60, 20, 20, 20, 4, 2, 0.5, True),
            ("M3", "C1", "2015-03-01", 90, None, None, None, 4, 3, 0.5, True),
            ("M4", "C1", "2015-06-01", 150, 0, 100, 30, 4, 1, 0.25, True),
            ("M5", "C1", "2015-09-01", 90, 60, 30, 0, 4, 2, 0.5, True),
            ("M6", "C2", "2015-02-01", 60, None, None, None, 0, 0, None, False),
            ("M7", "C1", "2015-12-01", 60, None, None, None, 4, 0, None, False),  # not measured, not 0
        ]
    ],
    "marts.chantier": [
        # Agenda minutes of C1: reflection 170, production 180, other 50, of 400.
        # Last four meetings M3, M4, M5, M7: present a, b, e, d (c only came to M1) -> 4 active.
        # Pooled rate over the meetings with attendance (M1-M5): 10 / 20, M7's 4 seats left out.
        dict(chantier_id="C1", name="Petite enfance", n_meetings=6, hours=9.5, n_members=5, n_active_members=4,
             reflection_share=0.425, production_share=0.45, n_deliverables_released=1,
             members_current=4, other_share=0.125, attendance_rate=10 / 20, n_deliverables=3,
             first_meeting_on=D("2015-01-10"), last_meeting_on=D("2015-12-01")),
        dict(chantier_id="C2", name="Habitation", n_meetings=1, hours=1.0, n_members=2, n_active_members=0,
             reflection_share=None, production_share=None, n_deliverables_released=0,
             members_current=2, other_share=None, attendance_rate=None, n_deliverables=0,
             first_meeting_on=D("2015-02-01"), last_meeting_on=D("2015-02-01")),
    ],
    "marts.member_participation": [
        dict(member_id=mb, chantier_id=c, meetings_eligible=el, meetings_present=pr, attendance_rate=rate,
             first_present_on=first and D(first), last_present_on=last and D(last), meetings_recorded=rec)
        # M7 (attendance not loaded) is eligible but not recorded: it is not an absence.
        for mb, c, el, pr, rate, first, last, rec in [
            ("a", "C1", 6, 4, 0.8, "2015-01-10", "2015-06-01", 5),
            ("a", "C2", 0, 0, None, None, None, 0),
            ("b", "C1", 2, 3, 1.0, "2015-01-10", "2015-03-01", 2),  # M3 after leaving: not in the rate
            ("c", "C1", 6, 1, 0.2, "2015-01-10", "2015-01-10", 5),
            ("d", "C1", 6, 1, 0.2, "2015-09-01", "2015-09-01", 5),  # excused at M1 is not present
            ("e", "C1", 4, 2, 2 / 3, "2015-03-01", "2015-09-01", 3),
            ("f", "C2", 0, 0, None, None, None, 0),
        ]
    ],
    "marts.deliverable_uptake": [
        # D1's scored answers: S1 5, 4, 2 and S3 3 -> mean 3.5 from 4 respondents (S1/r4 only wrote text).
        dict(deliverable_id="D1", chantier_id="C1", type="guide", released_on=D("2015-09-15"), views=150.0,
             downloads=30.0, participants=25.0, uses_reported=4.0, adaptations=None, satisfaction_mean=3.5,
             n_satisfaction=4, title="Guide", production_started_on=D("2015-03-01"), n_followups=5,
             last_observed_on=D("2016-01-01"), n_channels=4, n_regions=2, n_surveys=2),
        dict(deliverable_id="D2", chantier_id="C1", type="video", released_on=None, views=None, downloads=None,
             participants=None, uses_reported=None, adaptations=None, satisfaction_mean=None, n_satisfaction=0,
             title="Vidéo", production_started_on=None, n_followups=0, last_observed_on=None, n_channels=0,
             n_regions=0, n_surveys=0),
        dict(deliverable_id="D3", chantier_id="C1", type="tool", released_on=NEXT_YEAR, views=None,
             downloads=None, participants=None, uses_reported=None, adaptations=None, satisfaction_mean=None,
             n_satisfaction=0, title="Outil", production_started_on=None, n_followups=0, last_observed_on=None,
             n_channels=0, n_regions=0, n_surveys=0),
    ],
    "marts.survey_item": [
        dict(survey_id=s, question_id=q, question=t, n=n, mean_score=mean, share_agree=agree, n_score_1=k1,
             n_score_2=k2, n_score_3=k3, n_score_4=k4, n_score_5=k5, n_answers=na)
        for s, q, t, n, mean, agree, k1, k2, k3, k4, k5, na in [
            ("S1", "q1", "Le guide est utile", 3, 11 / 3, 2 / 3, 0, 1, 0, 1, 1, 3),
            ("S1", "q2", "Commentaires", 0, None, None, 0, 0, 0, 0, 0, 4),
            ("S2", "q1", "Je me sens écouté", 1, 1.0, 0.0, 1, 0, 0, 0, 0, 1),
            ("S3", "q1", "Le guide est utile", 1, 3.0, 0.0, 0, 0, 1, 0, 0, 1),
        ]
    ],
}

# The fixed interface of the public marts (extra columns may follow, never renames).
INTERFACE = {
    "marts.meeting": ["meeting_id", "chantier_id", "held_on", "duration_minutes", "reflection_minutes",
                      "production_minutes", "other_minutes", "members_enrolled", "members_present",
                      "attendance_rate"],
    "marts.chantier": ["chantier_id", "name", "n_meetings", "hours", "n_members", "n_active_members",
                       "reflection_share", "production_share", "n_deliverables_released"],
    "marts.member_participation": ["member_id", "chantier_id", "meetings_eligible", "meetings_present",
                                   "attendance_rate", "first_present_on", "last_present_on"],
    "marts.deliverable_uptake": ["deliverable_id", "chantier_id", "type", "released_on", "views", "downloads",
                                 "participants", "uses_reported", "adaptations", "satisfaction_mean",
                                 "n_satisfaction"],
    "marts.survey_item": ["survey_id", "question_id", "question", "n", "mean_score", "share_agree",
                          "n_score_1", "n_score_2", "n_score_3", "n_score_4", "n_score_5"],
}

RAW_COLUMNS = raw_columns()


def load_raw(con: duckdb.DuckDBPyConnection, given: dict[str, list[dict]]) -> None:
    """Create the warehouse tables and insert the given rows (one frame per source, not row by row)."""
    create_tables(con, RAW_COLUMNS, source_keys())
    for source, rows in given.items():
        names = [name for name, _ in RAW_COLUMNS[source]]
        frame = pl.DataFrame([{n: row.get(n) for n in names} for row in rows], infer_schema_length=None)
        con.register("given_rows", frame)
        con.execute(f"INSERT INTO raw.{source} BY NAME SELECT *, 'test' AS _batch_id FROM given_rows")
        con.unregister("given_rows")


def fetch(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


@pytest.fixture(scope="module")
def built():
    """A warehouse built from GIVEN with every model of sql/: (connection, report)."""
    con = duckdb.connect()
    load_raw(con, GIVEN)
    report = build(con, models.SQL_DIR, batch_id="fixture")
    yield con, report
    con.close()


@pytest.fixture
def fresh():
    """A warehouse of its own, for tests that break it on purpose."""
    con = duckdb.connect()
    load_raw(con, GIVEN)
    assert build(con, models.SQL_DIR).models_ok
    yield con
    con.close()


MINE = [m for m in discover(models.SQL_DIR) if not m.name.startswith("marts.dash_")]
ALL_TABLES = [m for m in discover(models.SQL_DIR) if m.kind != "audit"]
GRAINS = {m.name: m.grain for m in ALL_TABLES}


@pytest.mark.parametrize("model", MINE, ids=lambda m: m.name)
def test_model_builds_and_audit_passes_on_the_fixture(built, model):
    _, report = built
    result = report.result(model.name)
    assert result.status == "ok", result.message("en") + f" {result.sample}"


def test_whole_sql_folder_builds_and_passes_its_audits(built):
    # Includes the dashboard's marts (marts/dash_*.sql), written by another engineer.
    _, report = built
    assert report.ok, report.summary("en")


@pytest.mark.parametrize("mart", sorted(EXPECTED))
def test_public_mart_rows(built, mart):
    con, _ = built
    key = ", ".join(GRAINS[mart])
    columns = sorted({c for row in EXPECTED[mart] for c in row})
    actual = fetch(con, f"SELECT {', '.join(columns)} FROM {mart} ORDER BY {key}")
    assert len(actual) == len(EXPECTED[mart])
    for got, want in zip(actual, EXPECTED[mart], strict=True):
        assert got == pytest.approx(want), f"{mart} row {want}"


@pytest.mark.parametrize("mart", sorted(INTERFACE))
def test_public_mart_interface_columns(built, mart):
    con, _ = built
    columns = [d[0] for d in con.execute(f"SELECT * FROM {mart} LIMIT 0").description]
    assert columns[: len(INTERFACE[mart])] == INTERFACE[mart]


@pytest.mark.parametrize("model", ALL_TABLES, ids=lambda m: m.name)
def test_declared_grain_is_unique_and_exists(built, model):
    con, report = built
    if report.result(model.name).status != "ok":
        pytest.skip(f"{model.name} did not build")
    assert model.grain, f"{model.display_path} declares no grain"
    key = ", ".join(model.grain)
    duplicates = fetch(con, f"SELECT {key}, count(*) AS n FROM {model.name} GROUP BY ALL HAVING count(*) > 1")
    assert duplicates == []


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_staging_keeps_every_raw_column(built, source):
    # Other models and the dashboard's marts read staging.* under the raw column names.
    con, _ = built
    columns = [d[0] for d in con.execute(f"SELECT * FROM staging.{source.name} LIMIT 0").description]
    assert [name for name, _ in RAW_COLUMNS[source.name]] == columns[: len(RAW_COLUMNS[source.name])]


def test_an_empty_warehouse_builds_and_passes_its_audits():
    with duckdb.connect() as con:
        create_tables(con, RAW_COLUMNS, source_keys())
        report = build(con, models.SQL_DIR)
        assert all(r.status == "ok" for r in report.results if not r.model.startswith("marts.dash_")), \
            report.summary("en")


# Each case breaks the built warehouse in one way; the named audit must catch it.
BREAKAGES = [
    ("INSERT INTO marts.meeting SELECT * FROM marts.meeting WHERE meeting_id = 'M1'", "audits.meeting_grain"),
    ("INSERT INTO marts.chantier SELECT * FROM marts.chantier WHERE chantier_id = 'C2'", "audits.chantier_grain"),
    ("UPDATE marts.member_participation SET chantier_id = NULL WHERE member_id = 'f'",
     "audits.member_participation_grain"),
    ("INSERT INTO marts.deliverable_uptake SELECT * FROM marts.deliverable_uptake WHERE deliverable_id = 'D2'",
     "audits.deliverable_uptake_grain"),
    ("INSERT INTO marts.survey_item SELECT * FROM marts.survey_item WHERE survey_id = 'S2'",
     "audits.survey_item_grain"),
    ("UPDATE marts.meeting SET attendance_rate = 1.5 WHERE meeting_id = 'M1'", "audits.attendance_rate_range"),
    ("UPDATE marts.member_participation SET attendance_rate = -0.1 WHERE member_id = 'c'",
     "audits.attendance_rate_range"),
    # not measured is not zero: a rate where no attendance is recorded, or none where it is
    ("UPDATE marts.meeting SET attendance_rate = 0 WHERE meeting_id = 'M7'", "audits.attendance_rate_range"),
    ("UPDATE marts.meeting SET attendance_rate = NULL WHERE meeting_id = 'M1'", "audits.attendance_rate_range"),
    ("UPDATE marts.member_participation SET attendance_rate = 0 WHERE member_id = 'f'",
     "audits.attendance_rate_range"),
    ("UPDATE marts.chantier SET attendance_rate = 0 WHERE chantier_id = 'C2'", "audits.attendance_rate_range"),
    ("UPDATE marts.meeting SET reflection_minutes = 0 WHERE meeting_id = 'M1'", "audits.meeting_minutes_reconcile"),
    ("DELETE FROM marts.meeting WHERE meeting_id = 'M6'", "audits.meeting_minutes_reconcile"),
    ("UPDATE marts.chantier SET reflection_share = 0.7 WHERE chantier_id = 'C1'", "audits.chantier_shares"),
    ("UPDATE marts.chantier SET n_meetings = 9 WHERE chantier_id = 'C1'", "audits.chantier_reconcile"),
    ("UPDATE marts.chantier SET n_active_members = 9 WHERE chantier_id = 'C1'", "audits.chantier_reconcile"),
    ("DELETE FROM marts.member_participation WHERE member_id = 'a'", "audits.member_participation_reconcile"),
    ("UPDATE raw.responses SET score = 7 WHERE respondent_id = 'r2' AND question_id = 'q1'",
     "audits.survey_scores"),
    ("UPDATE marts.survey_item SET n_score_5 = 0 WHERE survey_id = 'S1' AND question_id = 'q1'",
     "audits.survey_scores"),
    ("UPDATE marts.deliverable_uptake SET views = 1 WHERE deliverable_id = 'D1'",
     "audits.deliverable_uptake_reconcile"),
    ("UPDATE raw.diffusion SET value = -5 WHERE metric = 'views' AND observed_on = DATE '2015-11-01'",
     "audits.deliverable_uptake_reconcile"),
]


@pytest.mark.parametrize("breakage, audit", BREAKAGES, ids=[f"{a}-{i}" for i, (_, a) in enumerate(BREAKAGES)])
def test_audit_catches_a_broken_warehouse(fresh, breakage, audit):
    fresh.execute(breakage)
    report = build(fresh, models.SQL_DIR, only=["audits"])
    result = report.result(audit)
    assert result.status == "failed" and result.n_failing >= 1 and result.sample


def test_views_resolve_when_the_warehouse_is_attached_read_only(tmp_path):
    path = tmp_path / "wh.duckdb"
    with duckdb.connect(str(path)) as con:
        load_raw(con, GIVEN)
        report = build(con, models.SQL_DIR)
        built_ok = [r.model for r in report.results if r.status == "ok" and r.kind != "audit"]
        expected = {name: con.execute(f"SELECT count(*) FROM {name}").fetchone() for name in built_ok}
    with duckdb.connect() as mem:
        mem.execute(f"ATTACH '{path}' AS wh (READ_ONLY)")
        for name, count in expected.items():
            assert mem.execute(f"SELECT count(*) FROM wh.{name}").fetchone() == count, name


# --- the quality marts (rows to fix on the dashboard's quality page) ----------------------------------

QUALITY_ROWS = [
    # A wide survey export for a survey not loaded yet: one file row, one waiting record per answer.
    *[f"""INSERT INTO quarantine.responses (survey_id, respondent_id, question_id, answer, _batch_id, _file, _sheet,
          _row, _reason_fr, _reason_en)
          VALUES ('S9', 'ligne-2', '{q}', '4', 'b1', 'reponses_S9.csv', NULL, 2, 'sondage inconnu', 'unknown survey')"""
      for q in ("Q1", "Q2", "Q3")],
    # Two follow-ups of a deliverable not loaded yet that differ by region only (region is in the key).
    *[f"""INSERT INTO quarantine.diffusion (deliverable_id, observed_on, channel, region, metric, value, _batch_id,
          _file, _sheet, _row, _reason_fr, _reason_en)
          VALUES ('D9', DATE '2016-01-01', 'web', '{r}', 'views', 10, 'b1', 'diffusion.csv', NULL, {n},
                  'livrable inconnu', 'unknown deliverable')""" for n, r in ((2, "06"), (3, "03"))],
    # The same reject and the same warning written twice (a loader fault the marts must not hide).
    *["""INSERT INTO audit.rejects VALUES ('b1', 'meetings', 'meetings.csv', NULL, 'abc', 4, 'held_on',
          'pas une date', 'bad_date', 'pas une date', 'not a date', 'R9')"""] * 2,
    *["""INSERT INTO audit.warnings VALUES ('meetings', 'meetings.csv', NULL, 5, 'duration_minutes', '30',
          'agenda_over_duration', 'trop long', 'too long')"""] * 2,
]


@pytest.fixture(scope="module")
def quality():
    con = duckdb.connect()
    load_raw(con, GIVEN)
    for sql in QUALITY_ROWS:
        con.execute(sql)
    build(con, models.SQL_DIR, only=["marts.dash_quarantine", "marts.dash_rejects", "marts.dash_warnings"])
    yield con
    con.close()


def duplicates_of(con, mart: str) -> list[dict]:
    key = ", ".join(GRAINS[mart])
    return fetch(con, f"SELECT {key}, count(*) AS n FROM {mart} GROUP BY ALL HAVING count(*) > 1")


def test_quarantine_grain_holds_for_a_wide_survey_row(quality):
    rows = fetch(quality, "SELECT row_number, record_key FROM marts.dash_quarantine "
                          "WHERE source = 'responses' ORDER BY record_key")
    assert [r["record_key"] for r in rows] == ["S9 · ligne-2 · Q1", "S9 · ligne-2 · Q2", "S9 · ligne-2 · Q3"]
    assert {r["row_number"] for r in rows} == {2}
    assert duplicates_of(quality, "marts.dash_quarantine") == []


def test_quarantine_record_key_of_a_follow_up_names_its_region(quality):
    keys = [r["record_key"] for r in fetch(quality, "SELECT record_key FROM marts.dash_quarantine "
                                                    "WHERE source = 'diffusion' ORDER BY row_number")]
    assert keys == ["D9 · 2016-01-01 · web · 06 · views", "D9 · 2016-01-01 · web · 03 · views"]


@pytest.mark.parametrize("mart", ["marts.dash_rejects", "marts.dash_warnings"])
def test_quality_marts_show_a_repeated_row_so_the_grain_test_can_fail(quality, mart):
    assert fetch(quality, f"SELECT count(*) AS n FROM {mart}") == [{"n": 2}]
    assert len(duplicates_of(quality, mart)) == 1


def test_dashboard_meetings_leave_unmeasured_attendance_empty(built):
    # M7's attendance is not loaded: no rate and no founders present (not 0), so the dashboard's
    # charts and critical-mass flag leave it out.
    con, _ = built
    rows = fetch(con, "SELECT meeting_id, has_attendance, attendance_rate, members_present, n_founding, "
                      "n_founding_present FROM marts.dash_meeting WHERE meeting_id IN ('M5', 'M7') ORDER BY 1")
    assert rows == [
        dict(meeting_id="M5", has_attendance=True, attendance_rate=0.5, members_present=2, n_founding=4,
             n_founding_present=1),
        dict(meeting_id="M7", has_attendance=False, attendance_rate=None, members_present=0, n_founding=4,
             n_founding_present=None),
    ]

