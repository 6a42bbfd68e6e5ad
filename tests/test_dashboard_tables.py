"""Tables on screen: numbers written as the page's language writes them, still sorted as numbers;
missing ones blank; codes as words."""

import json
import math

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import components as ui
from dashboard.i18n import number, percent
from tests import dashboard_fixtures
from tests.dashboard_fixtures import open_app, warehouse_file  # noqa: F401


def shown(element) -> pd.DataFrame:
    """The text a table draws in its cells (its Styler's display values)."""
    styler = element.proto.arrow_data.styler
    assert styler.display_values, "the table is not drawn with its own text"
    return pa.ipc.open_stream(styler.display_values).read_all().to_pandas()


def column_formats(element) -> dict[str, str]:
    """The number format each column of a table without Styler is given."""
    return {name: conf["type_config"]["format"] for name, conf in json.loads(element.proto.columns).items()
            if "format" in conf.get("type_config", {})}


# --- one number --------------------------------------------------------------------------------

def test_a_tiny_negative_value_does_not_read_minus_zero():
    assert number(-0.001, "fr", 2) == "0,00" and percent(-0.00001, "en", 1) == "0.0%"
    assert number(float("-inf"), "en", 2).startswith("-")
    assert number(-0.5, "fr", 0) == "0"  # rounded to even, as babel rounds
    assert number(-1.5, "fr", 0) == "-2" and percent(-0.25, "fr") == "-25\u00a0%"


@pytest.mark.parametrize("share", [109 / 400, 0.5075, 0.0025, 0.35, 0.655])
def test_the_browsers_percents_are_rounded_as_the_headline_figures(share):
    # The table's own formats round half away from zero, in binary: the cells are rounded first,
    # on their decimal digits, half to even, as babel rounds headline figures.
    rounded = pl.DataFrame({"x": [share]}).select(ui._rounded("x", 1, 100)).item()
    assert f"{rounded:.1f}%" == percent(share, "en", 1)
    french = pl.DataFrame({"x": [share]}).select(ui._rounded("x", 3, 1)).item()
    assert f"{french * 100:.1f}".replace(".", ",") + "\u00a0%" == percent(share, "fr", 1)


def test_numbers_that_name_something_are_not_grouped_and_missing_ones_are_blank():
    assert ui._format_number(33245, "fr", "plain", 0) == "33245"
    assert ui._format_number(math.nan, "fr", "count", 0) == ""
    assert ui._format_number(None, "en", "share", 1) == ""


def test_kinds_follow_the_column_names():
    assert ui.number_kind("row_number", pl.Int32) == "plain"
    assert ui.number_kind("n_rows", pl.Int64) == "count"
    assert ui.number_kind("attendance_rate", pl.Float64) == "share"
    assert ui.number_kind("founders_present_share", pl.Float64) == "share"
    assert ui.number_kind("share_agree", pl.Float64) == "share"
    assert ui.number_kind("mean_score", pl.Float64) == "decimal"
    assert ui.number_kind("hours", pl.Float64) == "decimal:1"
    assert ui.number_kind("full_name", pl.String) is None
    assert ui.number_kind("attendance_recorded", pl.Boolean) is None


# --- on the pages ------------------------------------------------------------------------------

# The formats a table gives Streamlit (sprintf-js): digits grouped as each language groups them.
GROUPED = {"fr": "%'\u00a0,d", "en": "%,d"}
PERCENT = {"fr": "percent", "en": "%,.1f%%"}  # French: the browser's (see components.STYLED_CELLS)


def test_quality_counts_are_written_in_the_page_language_and_sort_as_numbers(tmp_path, monkeypatch):
    rows = dashboard_fixtures.many_chantiers(n=170)  # 170 x 2 meetings x 3 members, and one more meeting
    warehouse = dashboard_fixtures.build_warehouse(tmp_path / "w.duckdb", rows_by_source=rows)
    for lang in ("fr", "en"):
        at = open_app(warehouse, monkeypatch, lang, "app_pages/quality.py")
        table = at.dataframe[0]
        rows_column = table.value.columns[1]
        assert 1023 in table.value[rows_column].to_list()  # a number: a click on its header sorts numbers
        assert column_formats(table)[rows_column] == GROUPED[lang]  # 1 023 / 1,023


def test_rates_read_as_percents_and_scores_with_the_languages_decimal_mark(warehouse_file, monkeypatch):  # noqa: F811
    at = open_app(warehouse_file, monkeypatch, "fr", "app_pages/participation.py")
    rates = next(d for d in at.dataframe if d.value.columns[-1] == "Taux de présence")
    values = rates.value.iloc[:, -1].dropna()
    assert len(values) and values.between(0, 1).all()  # the data stays the share
    # Each cell is its value as a percent with one decimal, with a decimal comma.
    assert [c for c in shown(rates).iloc[:, -1] if c] == [percent(v, "fr", 1) for v in values]
    at = open_app(warehouse_file, monkeypatch, "en", "app_pages/participation.py")
    rates = next(d for d in at.dataframe if d.value.columns[-1] == "Attendance rate")
    assert column_formats(rates)[rates.value.columns[-1]] == PERCENT["en"]  # 83.3%
    # Percents on screen, rounded as the headline figures round them.
    on_screen = rates.value.iloc[:, -1].dropna()
    assert [percent(v / 100, "en", 1) for v in on_screen] == [percent(v, "en", 1) for v in values]
    assert rates.value.iloc[:, -1].dropna().to_list() == pytest.approx([v * 100 for v in values], abs=0.05)
    for lang in ("fr", "en"):
        at = open_app(warehouse_file, monkeypatch, lang, "app_pages/surveys.py")
        scores = next(d for d in at.dataframe if any("(1" in c for c in d.value.columns))
        column = next(c for c in scores.value.columns if "(1" in c)
        if lang == "fr":
            written = [c for c in shown(scores)[column] if c]
            assert written and all(len(c.split(",")[-1]) == 2 and "." not in c for c in written), written
        else:
            assert column_formats(scores)[column] == "%,.2f"


def small_and_big_tables():
    """A table with a missing count, drawn as a page would, then again past STYLED_CELLS."""
    import polars as pl
    import streamlit as st

    from dashboard import components as ui

    frame = pl.DataFrame({"n_rows": [1023, None, 5], "attendance_rate": [0.5, 0.0025, None],
                          "row_number": [33245, 7, 8], "mean_score": [3.5, None, 4.25], "full_name": ["A", None, "C"]})
    ui.table(frame, st.query_params.get("lang", "fr"))
    styled, ui.STYLED_CELLS = ui.STYLED_CELLS, 1
    try:
        ui.table(frame, st.query_params.get("lang", "fr"))
    finally:
        ui.STYLED_CELLS = styled


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_missing_number_is_a_blank_cell_and_big_tables_get_formats(lang):
    at = AppTest.from_function(small_and_big_tables)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    small, big = at.dataframe
    assert small.proto.placeholder == big.proto.placeholder == ""  # a missing value drawn blank, not "None"
    assert small.value.iloc[:, 0].isna().to_list() == [False, True, False]  # still numbers underneath
    formats = {"n_rows": GROUPED[lang], "attendance_rate": PERCENT[lang], "row_number": "%d",
               "mean_score": "localized" if lang == "fr" else "%,.2f"}
    if lang == "fr":  # a decimal comma: a Styler writes the cells
        cells = shown(small)
        assert cells.iloc[:, 0].to_list() == [number(1023, "fr"), "", "5"]
        assert cells.iloc[:, 1].to_list() == ["50,0\u00a0%", "0,2\u00a0%", ""]  # 0,25 rounded to even
        assert cells.iloc[:, 2].to_list() == ["33245", "7", "8"]
        assert cells.iloc[:, 3].to_list() == ["3,50", "", "4,25"]
        assert big.value.iloc[:, 1].to_list()[:2] == [0.5, 0.002]  # the browser's percent multiplies
    else:  # the table's own formats write English exactly
        assert column_formats(small) == dict(zip(small.value.columns, formats.values()))
        # Shares as percents, on screen only, rounded to even as the headline figures (0.25 % reads 0.2%).
        assert big.value.iloc[:, 1].to_list()[:2] == [50.0, 0.2]
    # Past STYLED_CELLS, the table's own formats (in French, decimals and percents by the browser).
    assert column_formats(big) == dict(zip(big.value.columns, formats.values()))
    if lang == "fr":  # with as many decimals as the Styler writes
        steps = {name: conf["type_config"].get("step") for name, conf in json.loads(big.proto.columns).items()
                 if "type_config" in conf}
        assert steps[big.value.columns[1]] == pytest.approx(0.001)
        assert steps[big.value.columns[3]] == pytest.approx(0.01)


def test_a_big_page_table_groups_counts_but_not_row_numbers(warehouse_file, monkeypatch):  # noqa: F811
    monkeypatch.setattr(ui, "STYLED_CELLS", 0)  # every table is "big"
    at = open_app(warehouse_file, monkeypatch, "fr", "app_pages/quality.py")
    assert not at.exception
    sources, rejects = at.dataframe[0], at.dataframe[2]
    assert column_formats(sources)[sources.value.columns[1]] == "%'\u00a0,d"
    assert column_formats(rejects)[rejects.value.columns[2]] == "%d", (rejects.value.columns, rejects.proto.columns)


def test_overview_hours_keep_one_decimal(warehouse_file, monkeypatch):  # noqa: F811
    # The per-chantier table is titled by the page itself (its `show`): its hours are said to be decimals.
    at = open_app(warehouse_file, monkeypatch, "fr", "app_pages/overview.py")
    hours = [c for c in shown(at.dataframe[0])["Heures"] if c]
    assert hours and all(len(h.split(",")[1]) == 1 for h in hours), hours


def test_composition_table_names_categories_in_words(warehouse_file, monkeypatch):  # noqa: F811
    at = open_app(warehouse_file, monkeypatch, "fr", "app_pages/participation.py")
    table = next(d for d in at.dataframe if "Catégorie" in d.value.columns)
    categories = set(table.value["Catégorie"])
    assert categories and categories <= {"Professionnel", "Citoyen", "Gestionnaire", "Chercheur", "Élu", "Autre",
                                         "Non précisé"}, categories
