"""Downloads are safe from formula injection, open in a spreadsheet, and carry no personal data."""

import io
import tomllib
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import export
from dashboard.components import translated
from dashboard.export import PERSONAL_COLUMNS, file_name, neutralize, public, to_csv, to_xlsx
from dashboard.i18n import t
from tests.dashboard_fixtures import population, warehouse_file  # noqa: F401


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
    # the sheet is named like the file (not "data"), within Excel's rules for sheet names
    named = to_xlsx(pl.DataFrame({"n": [1]}), sheet="grille-des-présences/2017: [brouillon] avec un nom bien trop long")
    (sheet,) = pl.read_excel(io.BytesIO(named), sheet_id=0)
    assert sheet == "grille-des-présences-2017- -bro" and len(sheet) == 31



def test_xlsx_goes_on_in_more_sheets_past_a_sheets_million_rows(monkeypatch):
    from dashboard import export

    monkeypatch.setattr(export, "EXCEL_ROWS", 3)  # the same rule as at 1,048,575 rows, on 7 rows
    sheets = pl.read_excel(io.BytesIO(to_xlsx(pl.DataFrame({"n": range(7)}), sheet="presences")), sheet_id=0)
    assert list(sheets) == ["presences-1", "presences-2", "presences-3"]
    assert [v for frame in sheets.values() for v in frame["n"].to_list()] == list(range(7))


def test_file_name():
    assert file_name("Présence par rencontre", "csv") == "présence-par-rencontre.csv"
    assert file_name("../../etc/passwd", "xlsx") == "etc-passwd.xlsx"


# --- no personal data in any download -----------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
PAGES_WITH_DOWNLOADS = ["app_pages/overview.py", "app_pages/participation.py", "app_pages/reflection.py",
                        "app_pages/deliverables.py", "app_pages/surveys.py", "app_pages/quality.py"]


def personal_values() -> set[str]:
    """The fixture's names, e-mails and open-text answers."""
    rows = population()
    texts = {r["answer"] for r in rows["responses"] if r["question_id"] == "Q9"}
    return {m["full_name"] for m in rows["members"]} | {m["email"] for m in rows["members"]} | texts


def test_public_drops_names_emails_and_open_text():
    frame = pl.DataFrame({"member_id": ["M1"], "full_name": ["Hélène Côté"], "email": ["h@x.org"],
                          "answer": ["Très bien"], "member_label": ["Hélène Côté"], "status": ["present"]})
    assert public(frame).columns == ["member_id", "status"]
    assert {"full_name", "email", "answer"} <= PERSONAL_COLUMNS


def test_streamlit_table_download_is_disabled():
    # st.dataframe's own download exports what is on screen (names, open text) without neutralizing
    # formulas: only our download buttons remain.
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


@pytest.mark.parametrize("lang", ["fr"])
def test_no_download_on_any_page_carries_personal_data(warehouse_file, monkeypatch, lang):  # noqa: F811
    # Files are written when a button is clicked; what they would hold is the frame that
    # export.public() hands to them, translated as the button does.
    payloads: list[tuple[pl.DataFrame, bytes]] = []
    real_public = export.public

    def public(frame):
        kept = real_public(frame)
        table = translated(kept, lang)
        payloads.append((table, export.to_csv(table, lang)))
        return kept

    monkeypatch.setattr(export, "public", public)
    monkeypatch.setenv("CHANTIERS_WAREHOUSE", str(warehouse_file))
    shown: list = []
    for page in PAGES_WITH_DOWNLOADS:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["lang"] = lang
        at.run()
        if not page.endswith("overview.py"):
            at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        shown += [d.value for d in at.dataframe]
    personal = personal_values()
    forbidden_headers = {"full_name", "email", "answer", "member_label",
                         t("field.full_name", lang), t("field.answer", lang)}
    assert len(payloads) >= 20  # every chart's data, the rows to fix, the ledger
    for frame, data in payloads:
        assert not set(frame.columns) & forbidden_headers, frame.columns
        text = data.decode("utf-8-sig")
        assert not [value for value in personal if value in text], frame.columns
    # The coordinator still sees the names on screen, in the attendance grid's table.
    names = {m["full_name"] for m in population()["members"]}
    assert any(set(map(str, table.to_numpy().ravel())) & names for table in shown)


def test_csv_reads_in_french_excel_in_french_and_plainly_in_english():
    frame = pl.DataFrame({"Chantier": ["Évaluation"], "Heures": [83.5]})
    assert to_csv(frame, "fr").decode("utf-8-sig").splitlines() == ["Chantier;Heures", "Évaluation;83,5"]
    assert to_csv(frame, "en").decode("utf-8-sig").splitlines() == ["Chantier,Heures", "Évaluation,83.5"]


def test_csv_writes_yes_no_and_whole_numbers_as_a_reader_expects_them():
    # "Présences notées: true" in a French file, and a sum of follow-ups written "22234,0".
    frame = pl.DataFrame({"Présences notées": [True, False, None], "Portée": [22234.0, 180.0, None],
                          "Taux": [0.8, 1.0, None], "Minutes": [90, 60, 30]})
    assert to_csv(frame, "fr").decode("utf-8-sig").splitlines() == [
        "Présences notées;Portée;Taux;Minutes", "oui;22234;0,8;90", "non;180;1,0;60", ";;;30"]
    assert to_csv(frame, "en").decode("utf-8-sig").splitlines()[1:3] == ["yes,22234,0.8,90", "no,180,1.0,60"]
