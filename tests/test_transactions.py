"""A load commits whole or not at all, and readers keep reading while it runs (real processes)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.load import load_paths
from tests.filemaker import MEETINGS, write_basics, write_csv
from warehouse.connection import open_reader, reader_cursor, reader_key
from warehouse.store import WarehouseBusy, writing

ROOT = Path(__file__).resolve().parents[1]


def _load_process(paths: list[Path], wh: Path, fault: str | None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if fault:
        env["CHANTIERS_FAULT"] = fault
    code = ("import sys; from pathlib import Path; from pipelines.load import load_paths; "
            "load_paths([Path(p) for p in sys.argv[2:]], Path(sys.argv[1]), build_models=False)")
    return subprocess.Popen([sys.executable, "-c", code, str(wh), *map(str, paths)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _snapshot(wh: Path) -> list:
    con = open_reader(wh)
    try:
        out = []
        for table in ("raw.chantiers", "raw.meetings", "raw.attendance", "audit.files", "audit.batches"):
            out.append(con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall())
        return out
    finally:
        con.close()


@pytest.mark.parametrize("stage", ["before_checkpoint", "before_publish"])
def test_a_load_killed_midway_leaves_the_warehouse_exactly_as_before(tmp_path, stage):
    wh = tmp_path / "w.duckdb"
    load_paths([write_basics(tmp_path / "first")], wh, build_models=False)
    before = _snapshot(wh)
    more = write_csv(tmp_path / "second" / "meetings.csv", MEETINGS + [["R7", "C1", "2016-01-12", "120"]])
    proc = _load_process([more], wh, f"kill:{stage}")
    proc.wait(timeout=120)
    assert proc.returncode == -9, proc.stderr.read().decode()
    assert _snapshot(wh) == before  # it still opens, and nothing moved
    assert list(tmp_path.glob("w.duckdb.tmp-*"))  # the killed load's private copy is left behind...
    report = load_paths([more], wh, build_models=False)  # ...until the next load, which works
    assert not list(tmp_path.glob("w.duckdb.tmp-*"))
    assert report.files[0].accepted == 5
    assert _snapshot(wh) != before


def test_readers_keep_working_while_a_load_runs_in_another_process(tmp_path):
    wh = tmp_path / "w.duckdb"
    load_paths([write_basics(tmp_path / "first")], wh, build_models=False)
    key_before = reader_key(wh)
    more = write_csv(tmp_path / "second" / "meetings.csv", MEETINGS + [["R7", "C1", "2016-01-12", "120"]])
    proc = _load_process([more], wh, "pause:before_publish:4")
    try:
        seen = []
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            con = open_reader(wh)  # a new reader, opened while the writer works
            seen.append(reader_cursor(con).execute("SELECT count(*) FROM raw.meetings").fetchall()[0][0])
            con.close()
            time.sleep(0.2)
        assert proc.wait(timeout=60) == 0, proc.stderr.read().decode()
    finally:
        proc.kill()
    # old data without an error during the whole load, then the new data once published: never a mix
    assert seen.count(4) >= 5 and set(seen) <= {4, 5} and seen == sorted(seen)
    assert reader_key(wh) != key_before  # the publish is visible to the next reader
    con = open_reader(wh)
    assert con.execute("SELECT count(*) FROM raw.meetings").fetchall() == [(5,)]
    con.close()


def test_a_reader_opened_before_a_publish_keeps_its_snapshot(tmp_path):
    wh = tmp_path / "w.duckdb"
    load_paths([write_basics(tmp_path / "first")], wh, build_models=False)
    con = open_reader(wh)
    load_paths([write_csv(tmp_path / "s" / "meetings.csv", MEETINGS + [["R7", "C1", "2016-01-12", "120"]])], wh,
               build_models=False)
    assert con.execute("SELECT count(*) FROM raw.meetings").fetchall() == [(4,)]
    con.close()


def test_a_second_writer_is_told_the_warehouse_is_busy(tmp_path):
    wh = tmp_path / "w.duckdb"
    with writing(wh):
        with pytest.raises(WarehouseBusy):
            load_paths([write_basics(tmp_path / "in")], wh, build_models=False)


def test_a_load_under_a_small_memory_limit_completes_and_leaves_no_spill_folder(tmp_path, monkeypatch):
    """16 MB is too little for the wide survey export: the load runs again without a limit."""
    from pipelines import load as load_module

    demo = Path(__file__).resolve().parents[1] / "demo" / "data"
    wh = tmp_path / "wh" / "w.duckdb"
    wh.parent.mkdir()
    stale = wh.parent / "w.duckdb.tmp-999-abcdef.spill"  # left by a load killed while spilling
    stale.mkdir()
    (stale / "duckdb_temp_block-1.block").write_bytes(b"x" * 100)
    monkeypatch.setattr(load_module, "LOAD_MEMORY_LIMIT", "16MB")
    report = load_module.load_paths([demo], wh)
    assert report.totals()["accepted"] > 4000 and report.build.models_ok
    assert sorted(p.name for p in wh.parent.iterdir()) == ["w.duckdb", "w.duckdb.lock"]


@pytest.mark.parametrize("where", ["first statements", "inside a model"])
def test_a_model_build_that_outgrows_its_memory_limit_runs_the_load_again_unbounded(tmp_path, monkeypatch, where):
    from pipelines import load as load_module
    from warehouse import models

    demo = Path(__file__).resolve().parents[1] / "demo" / "data"
    if where == "first statements":
        monkeypatch.setattr(load_module, "BUILD_MEMORY_LIMIT", "1MB")  # the build cannot even start within it
    else:  # a model that runs out of memory is not a broken model: the load must run again, not publish
        real_run = models._run_one

        def short_of_memory_once(con, model, *args):
            if model.name == "marts.meeting" and not getattr(short_of_memory_once, "done", False):
                short_of_memory_once.done = True
                raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block")
            return real_run(con, model, *args)

        monkeypatch.setattr(models, "_run_one", short_of_memory_once)
    runs = []
    real = load_module._load_paths

    def counted(*args, **kwargs):
        runs.append(kwargs["memory_limit"])
        return real(*args, **kwargs)

    monkeypatch.setattr(load_module, "_load_paths", counted)
    wh = tmp_path / "wh" / "w.duckdb"
    report = load_module.load_paths([demo], wh)
    assert runs == [load_module.LOAD_MEMORY_LIMIT, None]
    assert report.build.models_ok and report.totals()["accepted"] == report.totals()["rows_read"] > 4000
    con = duckdb.connect(str(wh), read_only=True)
    try:  # one load recorded, not two: the first attempt was thrown away whole
        assert con.execute("SELECT count(*) FROM audit.batches").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM marts.meeting").fetchone()[0] > 0
    finally:
        con.close()
    assert sorted(p.name for p in wh.parent.iterdir()) == ["w.duckdb", "w.duckdb.lock"]


def test_a_load_short_of_memory_even_unbounded_says_so_and_writes_nothing(tmp_path):
    # Both attempts run out of memory (simulated in the child process): a clear message, no traceback.
    wh = tmp_path / "w.duckdb"
    result = subprocess.run(
        [sys.executable, "-c", "import sys, duckdb, pipelines.load as L, pipelines.cli as c\n"
         "def f(*a, **k): raise duckdb.OutOfMemoryException('Out of Memory Error')\n"
         "L._load_paths = f\nsys.argv = ['chantiers', 'load', sys.argv[1], '--warehouse', sys.argv[2]]\nc.main()",
         str(write_basics(tmp_path / "in")), str(wh)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "Mémoire insuffisante" in result.stderr and "Traceback" not in result.stderr
    assert not wh.exists()


@pytest.mark.parametrize("failing", ["merge", "check"])
def test_a_failure_while_the_next_file_is_checked_publishes_nothing_and_leaves_no_thread(tmp_path, monkeypatch,
                                                                                         failing):
    # Each file is checked on a second connection while the one before merges (pipelines.load._checked_ahead).
    import threading

    from pipelines import load as load_module

    wh = tmp_path / "w.duckdb"
    load_paths([write_basics(tmp_path / "first")], wh, build_models=False)
    before = _snapshot(wh)
    folder = write_basics(tmp_path / "second")  # unchanged files, then two new ones
    write_csv(folder / "meetings_more.csv", MEETINGS + [["R7", "C1", "2016-01-12", "120"]])
    write_csv(folder / "meetings_more2.csv", MEETINGS + [["R8", "C1", "2016-02-12", "120"]])
    real = load_module._merge_validated if failing == "merge" else load_module._check_planned
    calls = []

    started = threading.Event()  # the long check below has started its query

    def fails(*args, **kwargs):  # the first merge (the next file's check runs meanwhile), or the second check
        calls.append(1)
        if len(calls) == (1 if failing == "merge" else 2):
            if failing == "merge":
                started.wait(timeout=60)
            raise RuntimeError("disque plein")
        return real(*args, **kwargs)

    monkeypatch.setattr(load_module, "_merge_validated" if failing == "merge" else "_check_planned", fails)
    if failing == "merge":  # the check running meanwhile is long: it is interrupted, not waited for
        from pipelines import bulk

        real_check, outcome, checks = bulk.check_csv, [], []

        def slow_check(con, item, *args):
            checks.append(item.path.name)
            if len(checks) == 2:  # meetings_more2.csv, checked while meetings_more.csv merges (and fails)
                try:
                    started.set()
                    con.execute("SELECT count(*) FROM range(3000000000) t(i) WHERE hash(i) % 7 = 3").fetchall()
                    outcome.append("finished")
                except duckdb.InterruptException:
                    outcome.append("interrupted")
                    raise
            return real_check(con, item, *args)

        monkeypatch.setattr(bulk, "check_csv", slow_check)
    with pytest.raises(RuntimeError, match="disque plein"):
        load_paths([folder], wh, build_models=False)
    if failing == "merge":
        assert outcome == ["interrupted"]
    assert _snapshot(wh) == before
    assert not [t for t in threading.enumerate() if t.name.startswith("chantiers-check")]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("w.duckdb")) == ["w.duckdb",
                                                                                          "w.duckdb.lock"]


def test_the_published_warehouse_holds_no_merge_log(tmp_path):
    wh = tmp_path / "w.duckdb"
    load_paths([write_basics(tmp_path / "first")], wh, build_models=False)
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = '_load'").fetchone()[0] == 0
    finally:
        con.close()
