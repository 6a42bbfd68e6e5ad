"""The dashboard reads only marts, through one module; its marts state a grain that holds."""

import re
from pathlib import Path

import duckdb
import pytest

from tests.dashboard_fixtures import warehouse_file  # noqa: F401
from warehouse.models import discover

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "dashboard"
OTHER_SCHEMAS = re.compile(r"\b(raw|staging|intermediate|audit|quarantine|main|information_schema)\.[a-z_]+", re.I)
DASH_MARTS = sorted((ROOT / "sql" / "marts").glob("dash_*.sql"))


@pytest.mark.parametrize("path", sorted(DASHBOARD.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_dashboard_names_no_schema_but_marts(path):
    text = path.read_text(encoding="utf-8")
    hits = [m.group(0) for m in OTHER_SCHEMAS.finditer(text)
            if not m.group(0).startswith(("warehouse.", "pipelines."))]
    assert not hits, hits


def test_only_queries_module_names_marts_or_opens_duckdb():
    for path in DASHBOARD.rglob("*.py"):
        if path.name == "queries.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "FROM marts." not in text and "JOIN marts." not in text, path
        assert "duckdb.connect" not in text and "open_reader" not in text, path


@pytest.mark.parametrize("path", DASH_MARTS, ids=lambda p: p.name)
def test_dash_marts_state_their_grain_and_read_allowed_schemas(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("-- One row per"), path.name
    assert re.search(r"Grain:\s*\w+", text), path.name
    schemas = set(re.findall(r"\b(?:FROM|JOIN)\s+([a-z_]+)\.", text, flags=re.I))
    assert schemas <= {"staging", "intermediate", "marts", "audit", "quarantine"}, schemas
    assert "raw." not in text


@pytest.mark.parametrize("model", [m for m in discover() if m.name.startswith("marts.dash_")], ids=lambda m: m.name)
def test_dash_mart_grain_is_unique(model, warehouse_file):  # noqa: F811
    grain = ", ".join(model.grain)
    con = duckdb.connect(str(warehouse_file), read_only=True)
    try:
        duplicates = con.execute(
            f"SELECT {grain}, count(*) FROM {model.name} GROUP BY ALL HAVING count(*) > 1 LIMIT 5").fetchall()
        rows = con.execute(f"SELECT count(*) FROM {model.name}").fetchall()[0][0]
    finally:
        con.close()
    assert not duplicates, duplicates
    assert rows > 0 or model.name in {"marts.dash_warnings"}, f"{model.name} is empty on the fixture"


def test_server_never_looks_up_its_public_address():
    """Headless Streamlit fetches the machine's public IP for its welcome message: no fetch at run time."""
    from dashboard.server import command

    cmd = command(8501, headless=True)
    assert cmd[cmd.index("--logger.hideWelcomeMessage") + 1] == "true"
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"
