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

@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("value", [0, 7, 999, 1000, 1023, 1_824_957, -4_321, 12.5, 0.004, -0.004, 1234.567, 1e7 + 0.25])
def test_a_cell_is_written_as_the_headline_figures_write_it(value, lang):
    assert ui._format_number(value, lang, "count", 0) == number(round(value), lang)
    assert ui._format_number(value, lang, "decimal", 2) == number(value, lang, 2).replace("-0,00", "0,00").replace(
        "-0.00", "0.00")
    assert ui._format_number(value / 1000, lang, "share", 1) == percent(value / 1000, lang, 1).replace(
        "-0,0", "0,0").replace("-0.0", "0.0")


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

def test_quality_counts_are_written_in_the_page_language_and_sort_as_numbers(tmp_path, monkeypatch):
    rows = dashboard_fixtures.many_chantiers(n=170)  # 170 x 2 meetings x 3 members, and one more meeting
    warehouse = dashboard_fixtures.build_warehouse(tmp_path / "w.duckdb", rows_by_source=rows)
    for lang, written in (("fr", "1\u00a0023"), ("en", "1,023")):
        at = open_app(warehouse, monkeypatch, lang, "app_pages/quality.py")
        table = at.dataframe[0]
        rows_column = table.value.columns[1]
        assert 1023 in table.value[rows_column].to_list()  # a number: a click on its header sorts numbers
        assert written in shown(table)[rows_column].to_list()


def test_rates_read_as_percents_and_scores_with_a_decimal_comma(warehouse_file, monkeypatch):  # noqa: F811
    for lang, comma in (("fr", ","), ("en", ".")):
        at = open_app(warehouse_file, monkeypatch, lang, "app_pages/participation.py")
        rates = next(d for d in at.dataframe if d.value.columns[-1] in ("Taux de présence", "Attendance rate"))
        cells = [c for c in shown(rates).iloc[:, -1] if c]
        values = rates.value.iloc[:, -1].dropna()
        assert cells and all(c.endswith("%") for c in cells), cells
        assert values.between(0, 1).all()  # the data stays the share
        # Each cell is its value as a percent with one decimal, in the page's language.
        assert [c for c in shown(rates).iloc[:, -1] if c] == [percent(v, lang, 1) for v in values]
        at = open_app(warehouse_file, monkeypatch, lang, "app_pages/surveys.py")
        scores = next(d for d in at.dataframe if any("(1" in c for c in d.value.columns))
        column = next(c for c in scores.value.columns if "(1" in c)
        written = [c for c in shown(scores)[column] if c]
        assert written and all(len(c.split(comma)[-1]) == 2 for c in written), written


def small_and_big_tables():
    """A table with a missing count, drawn as a page would, then again past STYLED_CELLS."""
    import polars as pl
    import streamlit as st

    from dashboard import components as ui

    frame = pl.DataFrame({"n_rows": [1023, None, 5], "attendance_rate": [0.5, 0.25, None],
                          "row_number": [33245, 7, 8], "full_name": ["A", None, "C"]})
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
    cells = shown(small)
    assert cells.iloc[:, 0].to_list() == [number(1023, lang), "", "5"]
    assert cells.iloc[:, 1].to_list() == [percent(0.5, lang, 1), percent(0.25, lang, 1), ""]
    assert cells.iloc[:, 2].to_list() == ["33245", "7", "8"]
    assert small.value.iloc[:, 0].isna().to_list() == [False, True, False]  # still numbers underneath
    assert small.proto.placeholder == big.proto.placeholder == ""  # a missing value drawn blank, not "None"
    # Past STYLED_CELLS the table formats its numbers itself: grouped as the page's language groups them.
    formats = column_formats(big)
    titles = big.value.columns
    assert formats == {titles[0]: "%'\u00a0,d" if lang == "fr" else "%,d", titles[1]: "percent", titles[2]: "%d"}


def test_a_big_page_table_groups_counts_but_not_row_numbers(warehouse_file, monkeypatch):  # noqa: F811
    monkeypatch.setattr(ui, "STYLED_CELLS", 0)  # every table is "big"
    at = open_app(warehouse_file, monkeypatch, "fr", "app_pages/quality.py")
    assert not at.exception
    sources, rejects = at.dataframe[0], at.dataframe[2]
    assert column_formats(sources)[sources.value.columns[1]] == "%'\u00a0,d"
    assert column_formats(rejects)[rejects.value.columns[2]] == "%d", (rejects.value.columns, rejects.proto.columns)


def test_composition_table_names_categories_in_words(warehouse_file, monkeypatch):  # noqa: F811
    at = open_app(warehouse_file, monkeypatch, "fr", "app_pages/participation.py")
    table = next(d for d in at.dataframe if "Catégorie" in d.value.columns)
    categories = set(table.value["Catégorie"])
    assert categories and categories <= {"Professionnel", "Citoyen", "Gestionnaire", "Chercheur", "Élu", "Autre",
                                         "Non précisé"}, categories
