"""Reading files as people make them: CSV in UTF-8, Windows-1252 or UTF-16, any of three delimiters; XLSX.

Everything is read as text; typing happens in `pipelines.validate`, where every
failure gets a reason. A file that cannot be read at all raises `FileRefused`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.contract import Source, source_for_stem
from pipelines.messages import Message, table_label

ROW = "_row"  # the row number as the user sees it (header = row 1 in a CSV)
SUPPORTED = {".csv", ".tsv", ".xlsx", ".xlsm"}


class FileRefused(Exception):
    """The whole file (or sheet) cannot be loaded; `message` says why in French and English."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.message = message


@dataclass
class Table:
    """One readable table: a CSV file or an XLSX sheet, as text, header row already taken out."""

    path: Path
    sheet: str | None
    source: Source | None
    headers: list[str]  # original header texts, in file order
    rows: pl.DataFrame  # one Utf8 column per header position ("c0", "c1", ...) plus ROW
    is_excel: bool
    sha256: str
    skipped: int = 0  # blank rows and repeated headers dropped

    @property
    def label(self) -> str:
        return table_label(self.path.name, self.sheet)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files given and files inside folders given (recursively), supported kinds only, sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED
                              and not f.name.startswith((".", "~$"))))
        else:
            out.append(p)
    return out


@dataclass(frozen=True)
class Planned:
    """One table to load: a CSV file, or one sheet of a workbook, and the source it holds."""

    path: Path
    sheet: str | None
    source: Source

    @property
    def label(self) -> str:
        return table_label(self.path.name, self.sheet)


def plan(path: Path) -> list[Planned]:
    """What a file holds, without reading its rows. Raises FileRefused for a file that holds nothing we know."""
    if not path.exists():
        raise FileRefused(Message("file_missing", path=path.name))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise FileRefused(Message("file_format", path=path.name, suffix=suffix or "?"))
    if suffix in (".xlsx", ".xlsm"):
        return [Planned(path, sheet, source) for sheet, source in _plan_workbook(path)]
    source = source_for_stem(path.stem)
    if source is None:
        raise FileRefused(Message("file_unknown_source", path=path.name))
    return [Planned(path, None, source)]


def read_planned(item: Planned, digest: str | None = None) -> Table:
    """The rows of one planned table, as text. Raises FileRefused."""
    digest = digest or sha256_of(item.path)
    if item.sheet is None:
        return _read_csv(item.path, item.source, digest)
    return _read_sheet(item.path, item.sheet, item.source, digest)


def read_tables(path: Path) -> list[Table | tuple[str | None, FileRefused]]:
    """All tables of one file; a refused sheet comes back as (sheet, FileRefused), the file itself raises."""
    digest = sha256_of(path) if path.exists() else None
    out: list[Table | tuple[str | None, FileRefused]] = []
    for item in plan(path):
        try:
            out.append(read_planned(item, digest))
        except FileRefused as refused:
            if item.sheet is None:
                raise
            out.append((item.sheet, refused))
    return out


# --- CSV ---------------------------------------------------------------------

def sniff_delimiter(header_line: str) -> str:
    """The delimiter the header line uses most, outside quotes: ';', ',' or tab."""
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ","


BLANK = b"\xef\xbb\xbf \t\r\n;,"
# A cell may hold a long text (and a quote left open takes in the rest of the file): no 128 KiB limit.
csv.field_size_limit(2**31 - 1)


def refuse_bad_quotes(label: str, text: str, delimiter: str) -> None:
    """Raises FileRefused when a quote opens a cell and does not close it at the cell's end: never
    closed (`"Salle 3`), or closed rows further down by another cell's quote (`"Voir le doc` …
    `"Suite`); the rows between would be read as the text of that one cell. Quotes a spreadsheet
    keeps as written pass: a quote inside a cell (`Écran 5"`), text after a closing quote
    (`"Citation" de Marie`). For files a fast reader could not read (a regular expression's pass)."""
    fault = _quote_fault(text, delimiter)
    if fault is not None:
        row, cell = fault
        header = next((r for r in records(text, delimiter) if any(c.strip() for c in r)), []) if row > 1 else []
        name = header[cell].strip() if cell < len(header) else ""
        if name and len(name) <= 80 and not any(c in name for c in "\r\n"):
            raise FileRefused(Message("file_open_quote", path=label, row=row, column=name))
        raise FileRefused(Message("file_open_quote_nth", path=label, row=row, n=cell + 1))


def records(text: str, delimiter: str) -> Iterator[list[str]]:
    """A CSV text's records as a spreadsheet reads them (Python's csv module, lenient)."""
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True,
                      strict=False)


def _quote_fault(text: str, delimiter: str) -> tuple[int, int] | None:
    """(row, cell index) of the first quoted cell that does not close at its cell's end, else None.

    A quoted cell starts with a quote at the start of a cell and ends at the next lone quote; what
    follows must be the delimiter or the end of the line (spaces aside). Text after it is kept as
    written, unless the quoted part spans lines: then the quote closing it belongs to a cell further
    down. Rows are records (a line break inside quotes is not a row), the header being row 1."""
    d = re.escape(delimiter)
    quoted = re.compile(rf'(?:\A|(?<=[{d}\n\r]))"((?:[^"]+|"")*)("|\Z)')
    closed_well = re.compile(rf'[ \t]*(?:[{d}\n\r]|\Z)')
    row, cell, done = 1, 0, 0
    for match in quoted.finditer(text):
        between = text[done:match.start()]  # unquoted text since the last quoted cell
        breaks = between.count("\n") + between.count("\r") - between.count("\r\n")
        if breaks:
            row += breaks
            cell = between.count(delimiter, max(between.rfind("\n"), between.rfind("\r")) + 1)
        else:
            cell += between.count(delimiter)
        inside = match.group(1)
        if not match.group(2):
            return row, cell  # never closed
        if not closed_well.match(text, match.end()) and ("\n" in inside or "\r" in inside):
            return row, cell  # closed rows further down, by a quote that opened another cell
        done = match.end()
    return None


def _read_csv(path: Path, source: Source, digest: str) -> Table:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Texte Unicode (*.txt)" saved as .csv: UTF-16 with its byte order mark, tab-separated.
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise FileRefused(Message("file_not_text", path=path.name)) from None
    if not data[:1 << 16].strip(BLANK) and not data.strip(BLANK):
        raise FileRefused(Message("file_empty", path=path.name))
    if b"\x00" in data[:1 << 16]:  # a spreadsheet or a PDF renamed .csv
        raise FileRefused(Message("file_not_text", path=path.name))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\r\n" not in data and data.count(b"\r") > data.count(b"\n"):
        # "CSV (Macintosh)": lines end with CR alone, which Polars' reader does not split (an LF left is
        # a line break inside a cell, Alt+Enter in Excel).
        data = data.replace(b"\r", b"\n")
    # The delimiter from the first non-blank line; only the file's head is decoded for that.
    head = data[:1 << 16].decode("utf-8", errors="replace")
    first_line = next((line for line in head.splitlines() if line.strip(" \t;,")), "")
    delimiter = sniff_delimiter(first_line)
    try:
        data.decode("utf-8")  # strict: a Windows-1252 file fails here
    except UnicodeDecodeError:
        data = data.decode("cp1252", errors="replace").encode("utf-8")
    try:
        frame = pl.read_csv(io.BytesIO(data), has_header=False, infer_schema=False, separator=delimiter,
                            quote_char='"', raise_if_empty=False)
    except pl.exceptions.ComputeError:
        # Lines longer than the first one (a stray delimiter at a row's end, blank lines above the
        # header): read again as wide as the longest line. Cells beyond the header become extra
        # columns, kept with the row; columns that stay empty are dropped later.
        width = max(line.count(delimiter.encode()) for line in data.splitlines()) + 1
        try:
            frame = pl.read_csv(io.BytesIO(data), has_header=False, separator=delimiter, quote_char='"',
                                schema={f"column_{i}": pl.String for i in range(width)}, missing_columns="insert",
                                raise_if_empty=False)
        except (pl.exceptions.ComputeError, pl.exceptions.SchemaError):
            # Quotes Polars will not read: one never closed refuses the file (row and cell named); a
            # quote inside a cell (`écran 5"`) or after a closing one is read in Python, as a spreadsheet
            # keeps it.
            text = data.decode("utf-8")
            refuse_bad_quotes(path.name, text, delimiter)
            read = list(records(text, delimiter))
            width = max((len(r) for r in read), default=0)
            frame = pl.DataFrame([[r[i] if i < len(r) and r[i] != "" else None for r in read]
                                  for i in range(width)], schema={f"column_{i}": pl.String for i in range(width)},
                                 orient="col")
    return _to_table(path, None, source, frame, first_row=1, is_excel=False, digest=digest)


# --- XLSX ------------------------------------------------------------------

def _open_workbook(path: Path):
    import fastexcel

    try:
        return fastexcel.read_excel(str(path))
    except Exception as exc:  # calamine raises its own error types for corrupt or encrypted files
        raise FileRefused(Message("workbook_unreadable", path=path.name)) from exc


def _plan_workbook(path: Path) -> list[tuple[str, Source]]:
    """Sheets named after sources; else, for a workbook named after a source, its first non-empty sheet."""
    reader = _open_workbook(path)
    sheets = list(reader.sheet_names)
    named = [(s, source_for_stem(s)) for s in sheets if source_for_stem(s) is not None]
    if named:  # other sheets (notes, lists of values) are left alone
        return named
    stem_source = source_for_stem(path.stem)
    if stem_source is None:
        raise FileRefused(Message("workbook_unknown_source", path=path.name, sheets=", ".join(sheets)))
    # A workbook named after a source (rencontres.xlsx with a sheet per year): every non-empty sheet.
    filled = [(sheet, stem_source) for sheet in sheets if _sheet_frame(reader, sheet).height]
    return filled or [(sheets[0], stem_source)]


def _read_sheet(path: Path, sheet: str, source: Source, digest: str) -> Table:
    frame = _sheet_frame(_open_workbook(path), sheet)
    if frame.height == 0:
        raise FileRefused(Message("sheet_empty", path=path.name, sheet=sheet))
    return _to_table(path, sheet, source, frame, first_row=_first_rows(path).get(sheet, 1),
                     is_excel=True, digest=digest)


def _sheet_frame(reader, sheet: str) -> pl.DataFrame:
    frame = reader.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
    return frame.rename({c: f"x{i}" for i, c in enumerate(frame.columns)})


def _first_rows(path: Path) -> dict[str, int]:
    """Sheet name -> the spreadsheet row number of its first non-empty cell.

    calamine drops leading empty rows; we want row numbers as Excel shows them.
    """
    out: dict[str, int] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            workbook = zf.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            targets = dict(re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
            targets.update({k: v for v, k in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
            for name, rid in re.findall(r'<sheet[^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', workbook):
                target = targets.get(rid, "")
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                with zf.open(member) as fh:
                    head = fh.read(1 << 20).decode("utf-8", "replace")
                # The first cell holding a value, as calamine reads it: a formatted empty cell (`<c r="A1"
                # s="1"/>`, a coloured band left blank) or a formula whose result is empty (`<v></v>`) holds
                # none, and calamine skips its row; an inline string, even empty, counts. The attributes
                # may come in any order.
                match = re.search(r'<c\b[^>]*?\br="[A-Z]+(\d+)"[^>]*?(?<!/)>(?:(?!</c>).)*?'
                                  r'(?:<v>[^<]|<is>)', head, re.S)
                out[_xml_unescape(name)] = int(match.group(1)) if match else 1
    except (KeyError, zipfile.BadZipFile, OSError):
        pass
    return out


def _xml_unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


# --- common --------------------------------------------------------------

def _to_table(path: Path, sheet: str | None, source: Source, frame: pl.DataFrame, *, first_row: int,
              is_excel: bool, digest: str) -> Table:
    """Find the header (first non-blank row), drop blank rows, blank columns and repeated headers."""
    cells = [f"c{i}" for i in range(frame.width)]
    frame = frame.select(
        pl.int_range(first_row, first_row + pl.len(), dtype=pl.Int64).alias(ROW),
        *[pl.col(c).str.strip_chars().replace("", None).alias(cell) for c, cell in zip(frame.columns, cells)])
    n_all = frame.height
    if cells:
        blank = pl.all_horizontal([pl.col(c).is_null() for c in cells])
        if frame.select(blank.any()).item():
            frame = frame.filter(~blank)
    if frame.height == 0 or not cells:
        raise FileRefused(Message("file_empty", path=table_label(path.name, sheet)))
    header_row = frame.row(0, named=True)
    headers = [header_row[c] or "" for c in cells]
    body = frame.slice(1)
    # A column with neither a header nor any value is a blank column: drop it.
    keep = [c for c, h in zip(cells, headers) if h or body.get_column(c).null_count() < body.height]
    headers = [h for c, h in zip(cells, headers) if c in keep]
    body = body.select([ROW, *keep]).rename({c: f"c{i}" for i, c in enumerate(keep)})
    # A header repeated mid-file (two exports pasted together) is not data. The first column
    # says cheaply whether any row could be one.
    if headers and body.height:
        same = [pl.col(f"c{i}").fill_null("").str.to_lowercase() == h.strip().lower() for i, h in enumerate(headers)]
        if body.select(same[0].any()).item():
            body = body.filter(~pl.all_horizontal(same))
    return Table(path=path, sheet=sheet, source=source, headers=headers, rows=body, is_excel=is_excel,
                 sha256=digest, skipped=n_all - 1 - body.height)
