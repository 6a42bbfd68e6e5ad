"""The model runner: dependency inference, ordering, building, audits, reporting.

Each test writes a tiny sql/ folder of its own; the project's real models are
tested in test_marts.py. The last tests check conventions on the real sql/ folder.
"""

from __future__ import annotations

import re

import duckdb
import pytest

from tests.filemaker import write_models
from warehouse import models
from warehouse.models import ModelGraphError, build, discover, infer_dependencies, model_sql, order


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("CREATE SCHEMA raw; CREATE TABLE raw.events AS SELECT * FROM range(10) AS t(n)")
    yield con
    con.close()


# --- dependency inference ------------------------------------------------------------

DEPENDENCY_CASES = [
    ("plain", "SELECT * FROM raw.meetings", {"raw.meetings"}),
    ("join", "SELECT * FROM staging.meetings m JOIN staging.agenda a USING (meeting_id)",
     {"staging.meetings", "staging.agenda"}),
    ("cte name is not a table",
     "WITH meetings AS (SELECT * FROM staging.meetings) SELECT * FROM meetings", {"staging.meetings"}),
    ("cte named like a model", "WITH chantier AS (SELECT 1 AS x) SELECT * FROM chantier JOIN marts.meeting ON true",
     {"marts.meeting"}),
    ("recursive cte",
     "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) "
     "SELECT * FROM t JOIN raw.members ON true", {"raw.members"}),
    ("read_csv is not a table", "SELECT * FROM read_csv('regions.csv')", set()),
    ("read_csv next to a table", "SELECT * FROM read_csv('x.csv') AS r JOIN raw.members USING (member_id)",
     {"raw.members"}),
    ("generate_series", "SELECT * FROM generate_series(1, 3), staging.meetings", {"staging.meetings"}),
    ("upper case", "SELECT * FROM Staging.Members", {"staging.members"}),
    ("quoted upper case", 'SELECT * FROM "MARTS"."Meeting"', {"marts.meeting"}),
    ("catalog qualified", "SELECT * FROM wh.marts.chantier", {"marts.chantier"}),
    ("other schemas do not count", "SELECT * FROM audit.files, main.t, quarantine.members, t", set()),
    ("subqueries", "SELECT (SELECT max(n) FROM raw.a) AS m FROM raw.b WHERE EXISTS (SELECT 1 FROM raw.c) "
     "AND n IN (SELECT n FROM raw.d)", {"raw.a", "raw.b", "raw.c", "raw.d"}),
    ("union", "SELECT 1 FROM staging.a UNION ALL SELECT 1 FROM intermediate.b", {"staging.a", "intermediate.b"}),
    ("from first", "FROM raw.meetings SELECT meeting_id", {"raw.meetings"}),
    ("pivot statement", "PIVOT raw.diffusion ON metric USING sum(value)", {"raw.diffusion"}),
    ("pivot subquery", "SELECT * FROM (PIVOT raw.diffusion ON metric USING sum(value))", {"raw.diffusion"}),
    ("lateral", "SELECT * FROM staging.meetings m, LATERAL (SELECT * FROM staging.agenda a "
     "WHERE a.meeting_id = m.meeting_id)", {"staging.meetings", "staging.agenda"}),
]


@pytest.mark.parametrize("sql, expected", [c[1:] for c in DEPENDENCY_CASES], ids=[c[0] for c in DEPENDENCY_CASES])
def test_infer_dependencies(sql, expected):
    assert infer_dependencies(sql) == expected


# --- discovery and order -------------------------------------------------------------

def test_discover_names_kinds_and_header(tmp_path):
    sql_dir = write_models(tmp_path, {
        "staging/Events.sql": "-- One row per event. Grain: n\nSELECT n FROM raw.events;\n",
        "intermediate/doubled.sql": "-- One row per event. Grain: n\nSELECT n, 2 * n AS d FROM staging.events",
        "marts/summary.sql": "-- One row. Grain: total\nSELECT sum(d) AS total FROM intermediate.doubled",
        "audits/positive.sql": "-- Audit: totals are positive.\nSELECT * FROM marts.summary WHERE total < 0",
        "elsewhere/ignored.sql": "SELECT 1",
        "marts/notes.md": "not a model",
    })
    found = {m.name: m for m in discover(sql_dir)}
    assert sorted(found) == ["audits.positive", "intermediate.doubled", "marts.summary", "staging.events"]
    assert [found[n].kind for n in sorted(found)] == ["audit", "view", "table", "view"]
    assert found["staging.events"].grain == ("n",)
    assert found["audits.positive"].header.startswith("Audit:")
    assert found["staging.events"].body.endswith("FROM raw.events")  # trailing ';' dropped
    assert found["intermediate.doubled"].depends_on == {"staging.events"}


@pytest.mark.parametrize("text, grain", [
    ("-- One row per meeting. Grain: meeting_id\nSELECT 1", ("meeting_id",)),
    ("-- One row per member and chantier. Grain: member_id, chantier_id\n-- notes, more notes\nSELECT 1",
     ("member_id", "chantier_id")),
    ("-- One row per meeting and dimension: a long description that\n-- goes on. Grain: Meeting_ID, dimension\n"
     "SELECT 1", ("meeting_id", "dimension")),
    ("-- One row per thing, no grain named\nSELECT 1", ()),
    ("SELECT 1 -- Grain: x", ()),
], ids=["one column", "two columns, next line not read", "second line", "none", "not in the opening comment"])
def test_grain_is_read_from_the_opening_comment(tmp_path, text, grain):
    sql_dir = write_models(tmp_path, {"marts/x.sql": text})
    assert discover(sql_dir)[0].grain == grain


def test_order_puts_each_model_after_what_it_reads(tmp_path):
    # Alphabetical and folder order both disagree with the dependencies here.
    sql_dir = write_models(tmp_path, {
        "marts/a_last.sql": "-- Grain: n\nSELECT * FROM marts.b_middle",
        "marts/b_middle.sql": "-- Grain: n\nSELECT * FROM marts.c_first",
        "marts/c_first.sql": "-- Grain: n\nSELECT * FROM intermediate.z",
        "intermediate/z.sql": "-- Grain: n\nSELECT * FROM raw.events",
    })
    names = [m.name for m in order(discover(sql_dir))]
    assert names == ["intermediate.z", "marts.c_first", "marts.b_middle", "marts.a_last"]


@pytest.mark.parametrize("files, in_message", [
    ({"marts/a.sql": "SELECT * FROM marts.b", "marts/b.sql": "SELECT * FROM marts.a"}, ["marts.a", "marts.b"]),
    ({"staging/x.sql": "SELECT * FROM marts.y", "marts/y.sql": "SELECT * FROM intermediate.w",
      "intermediate/w.sql": "SELECT * FROM STAGING.X"}, ["staging.x", "marts.y", "intermediate.w"]),
    ({"marts/self.sql": "SELECT * FROM marts.self"}, ["marts.self"]),
], ids=["two", "three", "self"])
def test_cycle_is_a_clear_error_naming_the_models(tmp_path, con, files, in_message):
    sql_dir = write_models(tmp_path, files)
    with pytest.raises(ModelGraphError) as caught:
        build(con, sql_dir)
    message = str(caught.value)
    assert "circulaire" in message and "Circular" in message
    for name in in_message:
        assert name in message


# --- build -----------------------------------------------------------------------------

def test_build_materializes_by_folder_and_records_runs(tmp_path, con):
    sql_dir = write_models(tmp_path, {
        "staging/events.sql": "-- One row per event. Grain: n\nSELECT n FROM raw.events;",
        "intermediate/doubled.sql": "-- One row per event. Grain: n\nSELECT n, 2 * n AS d FROM staging.events\n"
                                    "-- a trailing comment\n",
        "marts/summary.sql": "-- One row. Grain: total\nSELECT sum(d) AS total FROM intermediate.doubled; -- done",
        "audits/positive.sql": "-- Audit: totals are positive.\nSELECT * FROM marts.summary WHERE total < 0",
    })
    report = build(con, sql_dir, batch_id="b1")
    assert report.ok and report.models_ok and report.audit_failures == 0
    assert [r.status for r in report.results] == ["ok"] * 4
    types = dict(con.execute(
        "SELECT table_schema || '.' || table_name, table_type FROM information_schema.tables "
        "WHERE table_schema IN ('staging', 'intermediate', 'marts')").fetchall())
    assert types == {"staging.events": "VIEW", "intermediate.doubled": "VIEW", "marts.summary": "BASE TABLE"}
    assert con.execute("SELECT total FROM marts.summary").fetchone() == (90,)
    runs = con.execute("SELECT batch_id, model, kind, status FROM audit.model_runs ORDER BY model").fetchall()
    assert runs == [("b1", "audits.positive", "audit", "ok"), ("b1", "intermediate.doubled", "view", "ok"),
                    ("b1", "marts.summary", "table", "ok"), ("b1", "staging.events", "view", "ok")]
    # Building again replaces everything and adds a second set of runs.
    assert build(con, sql_dir, batch_id="b2").ok
    assert con.execute("SELECT count(*) FROM audit.model_runs").fetchone() == (8,)


@pytest.mark.parametrize("how", ["interrupt", "sigint"])
def test_an_interrupted_build_stops_instead_of_reporting_the_model_failed(tmp_path, con, how, monkeypatch):
    # Ctrl+C during a slow model interrupts its query: that is the user's stop, not the model's error;
    # reported as one, the load went on and published (exit 0). DuckDB raises InterruptException when
    # interrupt() is called from another thread, and RuntimeError("Query interrupted") on a real SIGINT
    # (a terminal's Ctrl+C; checked by hand: when DuckDB notices it depends on the query, so a test
    # sending one would be timing-dependent): that one is raised here as DuckDB raises it.
    import threading

    sql_dir = write_models(tmp_path, {
        "marts/slow.sql": "-- One row. Grain: total\nSELECT sum(i) AS total FROM range(100000000000) t(i)"})
    done = threading.Event()
    if how == "sigint":
        def run_one(*args, **kwargs):
            raise RuntimeError("Query interrupted")
        monkeypatch.setattr(models, "_run_one", run_one)
    else:
        def interrupt():
            while not done.wait(0.1):  # until the build stops (an interrupt before the query starts is lost)
                con.interrupt()
        threading.Thread(target=interrupt, daemon=True).start()
    try:
        with pytest.raises(KeyboardInterrupt):
            build(con, sql_dir, batch_id="b1")
    finally:
        done.set()


def test_a_long_build_names_its_slowest_models(tmp_path, con):
    sql_dir = write_models(tmp_path, {"marts/a.sql": "-- Grain: n\nSELECT n FROM raw.events",
                                      "marts/b.sql": "-- Grain: n\nSELECT n FROM raw.events"})
    report = build(con, sql_dir, batch_id="b1")
    assert "Les plus longs" not in report.summary("fr")  # a quick build says nothing of it
    report.result("marts.b").seconds = models.SLOW_BUILD_SECONDS + 2.5
    assert "Les plus longs : marts.b 12,5 s, marts.a " in report.summary("fr")
    assert "Slowest: marts.b 12.5 s, marts.a " in report.summary("en")


def test_a_model_whose_file_left_sql_is_dropped_from_the_warehouse(tmp_path, con):
    # An analyst deletes (or renames) a mart that listed names and e-mails: its table must not stay behind.
    sql_dir = write_models(tmp_path, {
        "staging/events.sql": "-- One row per event. Grain: n\nSELECT n FROM raw.events;",
        "marts/contacts.sql": "-- One row per event. Grain: n\nSELECT n, 'ana@example.org' AS email FROM staging.events",
        "marts/summary.sql": "-- One row. Grain: total\nSELECT sum(n) AS total FROM staging.events"})
    con.execute("CREATE SCHEMA marts; CREATE TABLE marts.by_hand AS SELECT 1 AS x")  # not a model's: never dropped
    assert build(con, sql_dir, batch_id="b1").ok
    (sql_dir / "marts" / "contacts.sql").unlink()
    assert models.out_of_date(con, sql_dir) == ["marts.contacts"]  # so `chantiers serve` builds first
    report = build(con, sql_dir, batch_id="b2")
    assert report.ok and report.removed == ["marts.contacts"]
    assert "RETIRÉ marts.contacts" in report.summary("fr") and "REMOVED marts.contacts" in report.summary("en")
    tables = {r[0] for r in con.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables()").fetchall()}
    assert "marts.contacts" not in tables and {"marts.summary", "marts.by_hand"} <= tables
    assert models.out_of_date(con, sql_dir) == [] and build(con, sql_dir, batch_id="b3").removed == []


def test_failing_model_is_reported_with_its_file_and_its_dependents_skipped(tmp_path, con):
    sql_dir = write_models(tmp_path, {
        "staging/events.sql": "-- Grain: n\nSELECT n FROM raw.events",
        "intermediate/broken.sql": "-- Grain: n\nSELECT no_such_column FROM staging.events",
        "marts/downstream.sql": "-- Grain: n\nSELECT * FROM intermediate.broken",
        "marts/further.sql": "-- Grain: n\nSELECT * FROM marts.downstream",
        "marts/independent.sql": "-- Grain: n\nSELECT * FROM staging.events",
        "audits/downstream_check.sql": "-- Audit: x\nSELECT * FROM marts.downstream WHERE false",
    })
    report = build(con, sql_dir)  # must not raise
    status = {r.model: r.status for r in report.results}
    assert status == {"staging.events": "ok", "intermediate.broken": "error", "marts.downstream": "skipped",
                      "marts.further": "skipped", "marts.independent": "ok", "audits.downstream_check": "skipped"}
    broken = report.result("intermediate.broken")
    assert "sql/intermediate/broken.sql" in broken.error and "no_such_column" in broken.error
    assert report.result("marts.further").blocked_by == "marts.downstream"
    assert not report.ok and not report.models_ok
    assert [r.model for r in report.errors][:1] == ["intermediate.broken"]
    for lang, word in (("fr", "ERREUR"), ("en", "ERROR")):
        text = report.summary(lang)
        assert word in text and "sql/intermediate/broken.sql" in text and "marts.downstream" in text
    assert "dépend de intermediate.broken" in report.summary("fr")
    assert "depends on intermediate.broken" in report.summary("en")
    # The build's seconds with the language's decimal mark: "(0,1 s)." / "(0.1 s)."
    assert re.search(r"\(\d+,\d s\)\.$", report.summary("fr").splitlines()[0])
    assert re.search(r"\(\d+\.\d s\)\.$", report.summary("en").splitlines()[0])
    recorded = dict(con.execute("SELECT model, message FROM audit.model_runs WHERE status = 'error'").fetchall())
    assert "sql/intermediate/broken.sql" in recorded["intermediate.broken"]
    # what the dashboard warns about: the models that failed or were skipped (audits hold no rows)
    assert models.failed_models(con) == ["intermediate.broken", "marts.downstream", "marts.further"]


@pytest.mark.parametrize("sql, in_error", [
    ("SELECT * FROM raw.no_such_table", ["sql/marts/reader.sql", "no_such_table", "table introuvable", "table not found"]),
    ("SELECT * FROM staging.no_such_model", ["sql/marts/reader.sql", "staging.no_such_model", "no file"]),
    ("SELECT 1; SELECT 2", ["sql/marts/reader.sql", "one query per file"]),
    ("-- Grain: n\n", ["sql/marts/reader.sql", "empty"]),
    ("SELECT FROM WHERE (", ["sql/marts/reader.sql"]),
], ids=["missing raw table", "missing model", "two statements", "empty", "syntax"])
def test_model_reading_what_does_not_exist_is_a_clear_error(tmp_path, con, sql, in_error):
    sql_dir = write_models(tmp_path, {
        "marts/reader.sql": sql,
        "marts/after.sql": "-- Grain: n\nSELECT * FROM marts.reader",
        "marts/fine.sql": "-- Grain: n\nSELECT n FROM raw.events",
    })
    report = build(con, sql_dir)
    reader = report.result("marts.reader")
    assert reader.status == "error"
    for part in in_error:
        assert part in reader.error
    assert report.result("marts.fine").status == "ok"
    if "FROM" in sql and ";" not in sql and "(" not in sql:  # parseable: the dependent is known and skipped
        assert report.result("marts.after").status == "skipped"
    else:
        assert report.result("marts.after").status in ("skipped", "error")


@pytest.mark.parametrize("audit_sql, status, n_failing", [
    ("SELECT n FROM raw.events WHERE n >= 7", "failed", 3),
    ("SELECT n, n * 10 AS ten FROM raw.events", "failed", 10),
    ("SELECT n FROM raw.events WHERE n > 100", "ok", 0),
], ids=["three offending rows", "more rows than the sample", "clean"])
def test_audit_with_offending_rows_is_reported_failed(tmp_path, con, audit_sql, status, n_failing):
    sql_dir = write_models(tmp_path, {"audits/check.sql": f"-- Audit: events are small.\n{audit_sql}\n"})
    report = build(con, sql_dir, batch_id="b1")
    result = report.result("audits.check")
    assert (result.status, result.n_failing) == (status, n_failing)
    assert len(result.sample) == min(n_failing, models.SAMPLE_ROWS)
    assert report.models_ok  # an audit that finds rows still ran
    assert report.ok is (status == "ok")
    assert report.audit_failures == (status == "failed")
    if status == "failed":
        assert result.sample[0]["n"] in range(10)
        assert "AUDIT ÉCHOUÉ audits.check" in report.summary() and f"{n_failing} ligne(s)" in report.summary()
        assert "AUDIT FAILED audits.check" in report.summary("en")
    assert con.execute("SELECT status, n_failing FROM audit.model_runs").fetchall() == [(status, n_failing)]
    # An audit is never materialized.
    assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'check'").fetchone() == (0,)


def test_only_runs_the_named_models_or_layers(tmp_path, con):
    sql_dir = write_models(tmp_path, {
        "staging/events.sql": "-- Grain: n\nSELECT n FROM raw.events",
        "marts/summary.sql": "-- Grain: total\nSELECT count(*) AS total FROM staging.events",
        "audits/check.sql": "-- Audit: x\nSELECT * FROM marts.summary WHERE total <> 10",
    })
    build(con, sql_dir)
    assert [r.model for r in build(con, sql_dir, only=["Marts.Summary"]).results] == ["marts.summary"]
    assert [r.model for r in build(con, sql_dir, only="audits").results] == ["audits.check"]
    with pytest.raises(ModelGraphError, match="marts.nope"):
        build(con, sql_dir, only=["marts.nope"])


def test_model_sql_returns_the_file_text(tmp_path):
    text = "-- One row. Grain: total\nSELECT 1 AS total\n"
    sql_dir = write_models(tmp_path, {"marts/summary.sql": text})
    assert model_sql("marts.summary", sql_dir) == text
    assert model_sql("MARTS.summary", sql_dir) == text
    with pytest.raises(KeyError):
        model_sql("marts.nope", sql_dir)


def test_views_still_resolve_when_the_file_is_attached_read_only(tmp_path):
    # The dashboard opens the warehouse as `ATTACH ... AS wh (READ_ONLY)` from an in-memory
    # connection: views stored in the file must bind to the file's tables, not to `memory`.
    sql_dir = write_models(tmp_path, {
        "staging/events.sql": "-- Grain: n\nSELECT n FROM raw.events",
        "intermediate/doubled.sql": "-- Grain: n\nSELECT n, 2 * n AS d FROM staging.events",
        "marts/summary.sql": "-- Grain: total\nSELECT sum(d) AS total FROM intermediate.doubled",
    })
    path = tmp_path / "wh.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA raw; CREATE TABLE raw.events AS SELECT * FROM range(10) AS t(n)")
        assert build(con, sql_dir).ok
    with duckdb.connect() as mem:
        # A same-named table in memory must not capture the views.
        mem.execute("CREATE SCHEMA raw; CREATE TABLE raw.events AS SELECT 1000 AS n")
        mem.execute(f"ATTACH '{path}' AS wh (READ_ONLY)")
        assert mem.execute("SELECT sum(n) FROM wh.staging.events").fetchone() == (45,)
        assert mem.execute("SELECT sum(d) FROM wh.intermediate.doubled").fetchone() == (90,)
        assert mem.execute("SELECT total FROM wh.marts.summary").fetchone() == (90,)


# --- conventions on the real sql/ folder ---------------------------------------------

REAL_MODELS = discover(models.SQL_DIR)
PUBLIC_MARTS = ["marts.meeting", "marts.chantier", "marts.member_participation", "marts.deliverable_uptake",
                "marts.survey_item"]


def test_the_real_folder_has_models():
    names = {m.name for m in REAL_MODELS}
    assert set(PUBLIC_MARTS) <= names
    assert {f"staging.{s}" for s in ("chantiers", "members", "meetings", "agenda", "attendance", "deliverables",
                                     "diffusion", "surveys", "responses")} <= names


@pytest.mark.parametrize("model", REAL_MODELS, ids=lambda m: m.name)
def test_every_model_file_states_its_grain_or_check(model):
    first_line = model.sql.splitlines()[0] if model.sql else ""
    if model.kind == "audit":
        assert re.match(r"-- Audit: \S", first_line), f"{model.display_path}: first line must be '-- Audit: ...'"
    else:
        assert first_line.startswith("-- One row per "), f"{model.display_path}: first line must state the grain"
        assert model.grain, f"{model.display_path}: the header must name the grain columns ('Grain: a, b')"


@pytest.mark.parametrize("model", REAL_MODELS, ids=lambda m: m.name)
def test_every_model_file_is_plain_sql_that_parses(model):
    assert model.problem is None, model.problem
    assert "{{" not in model.sql and "{%" not in model.sql, "no templating in sql/"
    assert re.fullmatch(r"[a-z][a-z0-9_]*", model.path.stem), "file names are lower_snake_case"


@pytest.mark.parametrize("mart", PUBLIC_MARTS)
def test_every_public_mart_has_a_grain_audit(mart):
    audit = next((m for m in REAL_MODELS if m.name == f"audits.{mart.split('.')[1]}_grain"), None)
    assert audit is not None and mart in audit.depends_on


def test_audit_that_cannot_run_is_an_error_not_a_pass(tmp_path, con):
    sql_dir = write_models(tmp_path, {"audits/check.sql": "-- Audit: x\nSELECT no_such_column FROM raw.events"})
    report = build(con, sql_dir)
    result = report.result("audits.check")
    assert result.status == "error" and "sql/audits/check.sql" in result.error and "LINE 2" in result.error
    assert not report.models_ok and not report.ok
