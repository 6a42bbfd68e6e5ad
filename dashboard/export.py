"""Downloads of a chart's data: CSV and XLSX, safe from formula injection, without personal data.

A cell starting with = + - @ (or a tab / carriage return) could run as a formula
when the file is opened in a spreadsheet; such text cells get a leading
apostrophe. Numbers stay numbers (a negative number is not text).

Downloads leave the coordination team, so they carry no personal data: names,
e-mails (the contract's personal columns) and open-text answers are shown on
screen to the coordinator only. `public` drops them; every download goes
through it (`components.download_buttons`).
"""

from __future__ import annotations

import io
import re

import polars as pl

from pipelines.contract import SOURCES

DANGEROUS = re.compile(r"^[=+\-@\t\r]")

# Columns never exported: the contract's personal columns (full_name, email), open-text answers,
# and the grid's member label (a name).
PERSONAL_COLUMNS: frozenset[str] = frozenset(
    {c.name for s in SOURCES for c in s.columns if c.personal} | {"answer", "member_label"})


# An analyst's mart may rename them: a column whose name says e-mail or full name is personal too.
PERSONAL_NAME = re.compile(r"e_?mail|courriel|full_?name|nom_complet", re.IGNORECASE)


def is_personal(column: str) -> bool:
    return column in PERSONAL_COLUMNS or bool(PERSONAL_NAME.search(column))


def public(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` without its personal columns (apply before the columns are translated)."""
    return frame.drop([c for c in frame.columns if is_personal(c)])


def neutralize(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would read as a formula, prefixed with an apostrophe."""
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(DANGEROUS.pattern)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c, dtype in frame.schema.items() if dtype == pl.String)


def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested columns (lists, structs) as text: neither CSV nor XLSX holds them."""
    return frame.with_columns(pl.col(c).map_elements(str, return_dtype=pl.String)
                              for c, dtype in frame.schema.items() if isinstance(dtype, (pl.List, pl.Struct)))


def _as_read(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Yes/no in the file's language (not `true`), and a column of whole numbers held as decimals
    (sums of follow-up values) without its `,0`: `22234`, not `22234,0`."""
    yes, no = ("oui", "non") if lang == "fr" else ("yes", "no")
    floats = [c for c, dtype in frame.schema.items() if dtype.is_float()]
    whole = []
    if floats:
        v = pl.col(floats)  # one expression per float column, each keeping its name
        checks = frame.select((v.is_null() | (v.is_finite() & (v.round(0) == v) & (v.abs() < 2**53))).all())
        whole = [c for c, is_whole in checks.row(0, named=True).items() if is_whole]
    return frame.with_columns(
        *[pl.when(pl.col(c)).then(pl.lit(yes)).when(~pl.col(c)).then(pl.lit(no)).alias(c)
          for c, dtype in frame.schema.items() if dtype == pl.Boolean],
        *[pl.col(c).cast(pl.Int64) for c in whole])


def to_csv(frame: pl.DataFrame, lang: str = "fr") -> bytes:
    """UTF-8 with a BOM so Excel opens accents correctly; in French, as French Excel reads a CSV:
    semicolons between cells and a decimal comma."""
    french = lang == "fr"
    text = neutralize(_as_read(_plain(frame), lang)).write_csv(separator=";" if french else ",", decimal_comma=french)
    return "\ufeff".encode() + text.encode("utf-8")


EXCEL_ROWS = 1_048_575  # rows below the header a worksheet holds


def to_xlsx(frame: pl.DataFrame, sheet: str = "data") -> bytes:
    """The workbook of a download; its sheet named like the file (`grille-des-presences`), within
    Excel's 31 characters and without the characters Excel refuses in a sheet name. Past a sheet's
    million rows (an analyst's mart at attendance grain), the rows go on in more sheets (`-2`, `-3`…)."""
    from xlsxwriter import Workbook

    buffer = io.BytesIO()
    name = re.sub(r"[\[\]:*?/\\]", "-", sheet)[:31] or "data"
    rows = neutralize(_plain(frame))
    parts = range(0, max(rows.height, 1), EXCEL_ROWS)
    with Workbook(buffer) as workbook:
        for i, start in enumerate(parts, start=1):
            title = name if len(parts) == 1 else f"{name[:31 - len(str(i)) - 1]}-{i}"
            rows.slice(start, EXCEL_ROWS).write_excel(workbook, worksheet=title, autofit=rows.height <= 100_000)
    return buffer.getvalue()


def file_name(stem: str, extension: str) -> str:
    """A safe file name from a translated stem: `présence-par-rencontre.csv`."""
    cleaned = re.sub(r"[^\w\-]+", "-", stem.strip().lower(), flags=re.UNICODE).strip("-")
    return f"{cleaned or 'donnees'}.{extension}"
