"""The query module: marts only, filters as parameters, new data seen after a load without a
restart, and answers while a load is running."""

import csv
import shutil

import duckdb
import pytest

from dashboard import queries, server
from tests.dashboard_fixtures import build_warehouse, warehouse_file  # noqa: F401
from warehouse import store


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
    assert result.marts == ["marts.dash_meeting"]
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
    env = server.environment(tmp_path / "w.duckdb")
    assert env["CHANTIERS_WAREHOUSE"] == str((tmp_path / "w.duckdb").resolve())
