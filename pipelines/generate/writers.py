"""Writers: CSV bytes and XLSX workbooks in the files' forms, and the Counts of what was written."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import polars as pl
import xlsxwriter

from pipelines.contract import SOURCE_BY_NAME
from pipelines.generate.forms import _Out, _render
from pipelines.generate.messy import _inject
from pipelines.generate.streams import _rng


WORKBOOK_CREATED = datetime(2017, 6, 15, 9, 0, 0)


class Counts(dict):
    """Rows written per source (a dict), plus what was injected.

    `bad`: rows per source that a correct loader must reject or quarantine
    (a conflicting duplicate counts its two rows; a missing or broken parent
    row also sends its children to quarantine, which is not counted here).
    `harmless`: rows per source carrying harmless mess (spaces, case, accents).
    `files`: the files written, relative to out_dir.
    For `responses`, a row is an answer (a non-empty cell of a wide export).
    """

    def __init__(self) -> None:
        super().__init__()
        self.bad: dict[str, int] = {}
        self.harmless: dict[str, int] = {}
        self.files: list[str] = []


def _csv_bytes(df: pl.DataFrame, out: _Out, blank_rows: int, repeat_header: bool) -> bytes:
    eol = "\r\n" if out.crlf else "\n"
    header_df = df.select([pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in df.columns])
    header_df = header_df.rename(out.headers)
    text = header_df.write_csv(None, separator=out.sep, null_value="", line_terminator=eol, quote_style="necessary")
    if repeat_header and df.height > 10:
        header_line = text[: text.index(eol) + len(eol)]
        cut = text.index(eol, len(text) // 2) + len(eol)
        text = text[:cut] + header_line + text[cut:]
    if blank_rows:
        text += (out.sep * (len(out.headers) - 1) + eol) * blank_rows
    if out.encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode(out.encoding)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _valid(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def _write_xlsx(path: Path, sheets: list[tuple[_Out, pl.DataFrame]]) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": path.stem, "author": "Coordination des chantiers partenariaux",
                       "company": "", "created": WORKBOOK_CREATED})
    bold = wb.add_format({"bold": True})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    dt_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for out, df in sheets:
        ws = wb.add_worksheet(out.sheet or path.stem[:31])
        kinds = {} if out.wide_questions else {c.name: c.kind for c in SOURCE_BY_NAME[out.source].columns}
        cols = list(out.headers)
        ws.write_row(0, 0, [out.headers[c] for c in cols], bold)
        for j, c in enumerate(cols):
            width = max([len(out.headers[c])] + [len(v) for v in df[c].head(200).to_list()])
            ws.set_column(j, j, min(max(width + 2, 10), 60))
        ws.freeze_panes(1, 0)
        for i, row in enumerate(df.select(cols).iter_rows(), start=1):
            for j, (c, v) in enumerate(zip(cols, row)):
                if v is None or v == "":
                    continue
                kind = kinds.get(c, "text")
                if kind == "date" and _ISO_DATE.match(v) and _valid(v, "%Y-%m-%d"):
                    ws.write_datetime(i, j, datetime.strptime(v, "%Y-%m-%d"), date_fmt)
                elif c in out.datetime_cols and _ISO_DATETIME.match(v) and _valid(v, "%Y-%m-%d %H:%M:%S"):
                    ws.write_datetime(i, j, datetime.strptime(v, "%Y-%m-%d %H:%M:%S"), dt_fmt)
                elif kind in ("integer", "number") and _NUMBER.match(v):
                    ws.write_number(i, j, float(v) if "." in v else int(v))
                else:
                    ws.write_string(i, j, v)
    wb.close()


def _write_all(out_dir: Path, outs: list[_Out], messy: float, seed: int) -> Counts:
    counts = Counts()
    for name in SOURCE_BY_NAME:
        counts[name] = 0
        counts.bad[name] = 0
        counts.harmless[name] = 0
    workbooks: dict[str, list[tuple[_Out, pl.DataFrame]]] = {}
    for out in outs:
        df = _render(out)
        df, bad, harmless = _inject(df, out, messy, _rng(seed, f"mess:{out.path}:{out.sheet}"))
        if out.wide_questions:
            rows = int(df.select([(pl.col(c) != "").sum() for c in out.wide_questions]).sum_horizontal().item())
        else:
            rows = df.height
        counts[out.source] += rows
        counts.bad[out.source] += bad
        counts.harmless[out.source] += harmless
        df = df.select(list(out.headers))
        if out.is_xlsx:
            workbooks.setdefault(out.path, []).append((out, df))
            continue
        blank = 2 if messy > 0 and out.mess else 0
        data = _csv_bytes(df, out, blank, out.repeat_header and messy > 0)
        (out_dir / out.path).write_bytes(data)
        counts.files.append(out.path)
    for path, sheets in workbooks.items():
        _write_xlsx(out_dir / path, sheets)
        counts.files.append(path)
    counts.files.sort()
    return counts
