"""Downloads are safe from formula injection and open in a spreadsheet."""

import io

import polars as pl
import pytest

from dashboard.export import file_name, neutralize, to_csv, to_xlsx


@pytest.mark.parametrize("cell, expected", [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("Montréal", "Montréal"), ("a=b", "a=b"), (None, None),
])
def test_text_cells_that_look_like_formulas_are_neutralized(cell, expected):
    assert neutralize(pl.DataFrame({"c": [cell]}, schema={"c": pl.String}))["c"][0] == expected


def test_numbers_stay_numbers():
    assert neutralize(pl.DataFrame({"n": [-3, 4]}))["n"].to_list() == [-3, 4]


def test_csv_has_a_bom_and_neutralized_cells():
    data = to_csv(pl.DataFrame({"Réponse": ["=1+1", "ok"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert "'=1+1" in data.decode("utf-8-sig")


def test_xlsx_reads_back():
    data = to_xlsx(pl.DataFrame({"Réponse": ["@x", "ok"], "n": [1, 2]}))
    back = pl.read_excel(io.BytesIO(data))
    assert back["Réponse"].to_list() == ["'@x", "ok"]


def test_file_name():
    assert file_name("Présence par rencontre", "csv") == "présence-par-rencontre.csv"
    assert file_name("../../etc/passwd", "xlsx") == "etc-passwd.xlsx"
