"""The benchmark scripts keep working: each runs at a tiny scale with --check, which checks its
results (every mart timed, every page's queries answered, every page rendered...), never its times.

The scripts run as child processes, as `make bench` runs them, with CHANTIERS_BENCH_OUT pointing at
a temporary folder shared by this module (the generated input and the warehouses are made once and
reused) and BENCHMARKS.md left untouched (--check).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from warehouse.models import discover

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
CHROMIUM = Path("/usr/lib/chromium/chromium")
SCALE = "1"  # about the demo's size: a few seconds to generate and load
SMALL = "0.5"
PAGES = ["overview", "participation", "reflection", "deliverables", "surveys", "analyses", "quality", "upload"]


@pytest.fixture(scope="module")
def bench_out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bench-out")


def run(bench_out: Path, script: str, *args: str, timeout: int = 300) -> str:
    before = (ROOT / "BENCHMARKS.md").read_bytes() if (ROOT / "BENCHMARKS.md").exists() else None
    result = subprocess.run([sys.executable, str(BENCH / script), *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=timeout, env={**os.environ, "CHANTIERS_BENCH_OUT": str(bench_out)})
    assert result.returncode == 0, f"{script} failed:\n{result.stdout}\n{result.stderr}"
    after = (ROOT / "BENCHMARKS.md").read_bytes() if (ROOT / "BENCHMARKS.md").exists() else None
    assert before == after, "--check must leave BENCHMARKS.md alone"
    return result.stdout


def table_rows(output: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in output.splitlines()
            if line.startswith("|") and not line.startswith("|---")]


def test_ingest(bench_out):
    out = run(bench_out, "bench_ingest.py", "--scale", SCALE, "--check")
    loads = [row[0] for row in table_rows(out)]
    assert {"DuckDB read_csv (bare)", "DuckDB: cells as text, trimmed, rows numbered (no rule checked)",
            "chantiers load --no-build",
            "chantiers load (with models and audits)"} <= set(loads)
    assert "counts reconcile: True" in out
    assert (bench_out / f"input-scale-{SCALE}" / ".complete").exists()


def test_incremental(bench_out):
    out = run(bench_out, "bench_incremental.py", "--scale", SCALE, "--small-scale", SMALL, "--repeats", "1",
              "--check")
    rows = table_rows(out)
    scales = {row[0] for row in rows}
    assert {SCALE, SMALL} <= scales
    assert "ratio" in out
    # the first load of a day does refresh chantiers whose dates the day passed
    refreshed = rows[0].index("chantiers the day refreshed")
    assert all(int(row[refreshed]) >= 1 for row in rows[1:])


def test_models(bench_out):
    out = run(bench_out, "bench_models.py", "--scale", SCALE, "--repeat", "1", "--check")
    rows = {row[0]: row for row in table_rows(out)}
    for model in discover():
        assert model.name in rows, f"{model.name} not timed"
        assert rows[model.name][2] in ("ok", "audit failed", "failed"), rows[model.name]
        float(rows[model.name][3])
    assert {"marts", "intermediate", "staging", "audits"} <= set(rows)
    assert "errors: 0" in out
    assert (bench_out / "models" / f"scale-{SCALE}.duckdb").exists()


def test_dashboard_queries(bench_out):
    out = run(bench_out, "bench_dashboard_queries.py", "--scale", SCALE, "--repeat", "2", "--check")
    rows = table_rows(out)
    header = rows[0]
    assert header[:4] == ["page", "queries", "median ms", "p95 ms"]
    per_page = {row[0]: row for row in rows[1:len(PAGES) + 1]}
    assert list(per_page) == PAGES
    for page, row in per_page.items():
        assert int(row[1]) >= 1 and float(row[3]) > 0, row
    queries = {(row[0], row[1].split("(")[0]) for row in rows[len(PAGES) + 2:]}
    for needed in [("overview", "headline"), ("participation", "attendance_grid"), ("deliverables", "diffusion"),
                   ("surveys", "survey_items"), ("analyses", "mart_rows"), ("quality", "rejects"), ("upload", "status")]:
        assert needed in queries, needed


def test_dashboard_pages(bench_out):
    out = run(bench_out, "bench_dashboard_pages.py", "--scale", SCALE, "--repeat", "1", "--langs", "fr",
              "--check", timeout=600)
    rows = {row[0]: row for row in table_rows(out)[1:]}
    assert list(rows) == PAGES
    for row in rows.values():
        assert row[1] == "fr" and float(row[2]) > 0 and float(row[3]) > 0 and float(row[4]) > 0, row
    assert "8 page renders compared" in out


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Debian chromium is not installed at {CHROMIUM} "
                    "(`make test-setup` installs it with apt-get)")
@pytest.mark.skipif(importlib.util.find_spec("playwright") is None, reason="playwright is not installed")
def test_cold_start(bench_out):
    out = run(bench_out, "bench_cold_start.py", "--scale", SCALE, "--repeat", "1", "--check")
    rows = {row[0]: row for row in table_rows(out)[1:]}
    assert set(rows) == {"1", "median"}
    health, shell, title, chart = map(float, rows["1"][1:])
    assert 0 < health <= shell <= title <= chart
    assert "drawn with its chart in every run (1)" in out


def test_run_all(bench_out):
    """The runner, on two benchmarks whose warehouses the tests above already made."""
    out = run(bench_out, "run_all.py", "--scale", SCALE, "--small-scale", SMALL, "--check",
              "--only", "models", "dashboard_queries")
    summary = out.split("=== summary", 1)[1]
    assert "models" in summary and "dashboard_queries" in summary and "FAILED" not in summary
    assert "ingest" not in summary
