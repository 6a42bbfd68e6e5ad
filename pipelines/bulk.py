"""Rows read and checked inside DuckDB: the rules of `validate`, at DuckDB's speed and in bounded memory.

Polars read a whole file into memory and checked it there; at a funder's scale (millions of
attendance rows) that cost several times DuckDB's own CSV load, in time and in memory. Now:

- a plain CSV file (UTF-8 or Windows-1252, no empty line, no row wider than its header) is read
  by DuckDB into a temporary table (`check_csv`);
- any other table (a workbook sheet, an unusual CSV file) is read by Polars (`read`,
  `validate.prepare`) and handed to DuckDB; a wide survey export is melted there (`check_frame`).

Then each distinct value of a typed column is parsed once, by `validate`'s own parsers; rows are
typed, checked and deduplicated in SQL; only rejected and repeated rows come back to Python, for
their messages. `validate.check_rows` stays the reference: `tests/test_bulk.py` checks that
both give the same rows, rejects, messages and counts. CSV files DuckDB would read differently
(it skips empty lines, which would shift the row numbers people see) go the Polars way.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl

from pipelines.contract import SQL_TYPES, Column, Source
from pipelines.read import BLANK, ROW, Planned, Table, refuse_bad_quotes, sniff_delimiter
from pipelines.validate import (
    UNIT,
    Prepared,
    Validated,
    Wide,
    _collect_rejects,
    _deduplicate,
    _require,
    likert_score,
    map_headers,
    parse_column,
    with_every_column,
)
from warehouse.connection import ArrowStream, fetch_one

CHUNK = 1 << 20
# What Polars' strip_chars() takes off both ends of a cell: Unicode White_Space (RE2 syntax:
# the separators \pZ and the control characters \t \n \v \f \r and U+0085).
_SPACE = r"[\t\n\x0B\f\r\x{85}\pZ]"
STRIP = f"^{_SPACE}+|{_SPACE}+$"
# One search, faster than two `in` tests (a line break every ~50 bytes); `\r\r`: an empty line of a
# file saved with old Mac line ends (CR alone).
_EMPTY_LINE = re.compile(rb"\n\r?\n|\r\r")
# A CSV file's records, header included, one row each (its rowid: its number, the header's being 0), their
# cells trimmed; a frame's data rows (blank rows and repeated headers left out), with their numbers.
CELLS = "_bulk_cells"
CHECKED = "_bulk_checked"  # typed values, their reason codes and the cells they came from
ACCEPTED = "_bulk_accepted"  # a view: what merges into raw (typed columns, extra, _row)
REPEATED = "_bulk_repeated"  # the keys more than one accepted row holds


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _trim(cell: str) -> str:
    """SQL: the cell without surrounding white space, NULL when nothing is left.

    Most cells start and end with a printable ASCII character and need no regular expression.
    """
    return (f"CASE WHEN ord({cell}[1]) BETWEEN 33 AND 126 AND ord({cell}[-1]) BETWEEN 33 AND 126 THEN {cell} "
            f"ELSE nullif(regexp_replace({cell}, {_sql_text(STRIP)}, '', 'g'), '') END")


def _prescan(path: Path) -> tuple[str, str, int] | None:
    """(encoding, delimiter, header width) of a file DuckDB can read as we would, else None.

    One streaming pass: strict UTF-8 or else Windows-1252, and no empty line (a quoted cell
    holding one sends the file the other way too, which is only slower).
    """
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
        if not head.strip(BLANK) or b"\x00" in head:
            return None  # empty, or not text: `read` says so
        first = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
        if first.startswith((b"\n", b"\r")):
            return None
        first_line = next((line for line in first.decode("utf-8", errors="replace").splitlines()
                           if line.strip(" \t;,")), "")
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        encoding = "utf-8"
        tail = b""
        chunk = head
        while chunk:
            edge = tail + chunk[:2]  # a line break split across two chunks
            if _EMPTY_LINE.search(chunk) or _EMPTY_LINE.search(edge):
                return None
            tail = (tail + chunk)[-2:] if len(chunk) < 2 else chunk[-2:]
            if encoding == "utf-8":
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    encoding = "cp1252"
            chunk = fh.read(CHUNK)
        if encoding == "utf-8":
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                encoding = "cp1252"
    delimiter = sniff_delimiter(first_line)
    return encoding, delimiter, _header_width(first_line, delimiter)


@contextlib.contextmanager
def _utf8_copy(path: Path, encoding: str, warehouse: Path) -> Iterator[Path]:
    """The file as DuckDB can read it: Windows-1252 is re-encoded (as `read` decodes it) to a temporary copy.

    The copy sits beside the warehouse, named like the load's own private copy, so a load
    killed meanwhile leaves nothing the next load does not remove (store.writing).
    """
    if encoding == "utf-8":
        yield path
        return
    fd, name = tempfile.mkstemp(prefix=f"{warehouse.name}.tmp-{os.getpid()}-", suffix=".csv", dir=warehouse.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
            for chunk in iter(lambda: src.read(CHUNK), b""):
                out.write(chunk.decode("cp1252", errors="replace").encode("utf-8"))
        yield Path(name)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def _header_width(line: str, delimiter: str) -> int:
    width, quoted = 1, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            width += 1
    return width


def _read(con: duckdb.DuckDBPyConnection, path: Path, delimiter: str, width: int, label: str) -> bool:
    """The file's records into CELLS, as trimmed text. False when DuckDB's reader refuses the file;
    FileRefused when a quote is never closed.

    Trimmed as they are read: the table keeps the file's order (DuckDB preserves insertion order), so a
    row's rowid is its record's number, and no untrimmed copy is stored."""
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    base = (f"read_csv({_sql_text(str(path))}, header = false, auto_detect = false, columns = {columns}, "
            f"delim = {_sql_text(delimiter)}, quote = '\"', escape = '\"', encoding = 'utf-8'")
    trimmed = ", ".join(f"{_trim(f'c{i}')} AS c{i}" for i in range(width))
    # Short rows (a cell missing at the end) are padded, which the parallel reader cannot do
    # when a quoted cell holds a line break: try the fast way first.
    for options in ("", ", null_padding = true, parallel = false"):
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {CELLS} AS SELECT {trimmed} FROM {base}{options})")
            return True
        except (duckdb.OutOfMemoryException, duckdb.InterruptException):  # not the file's fault
            raise  # out of memory: the load runs again unbounded; interrupted: the load stops
        except duckdb.Error:
            if not options:
                # The padding reader stops at a quote never closed, keeping the rows above it and
                # saying nothing of those below: such a file is refused before it is tried.
                with open(path, encoding="utf-8-sig", newline="") as text:
                    refuse_bad_quotes(label, text.read(), delimiter)
            continue
    return False


def check_csv(con: duckdb.DuckDBPyConnection, item: Planned, digest: str, warehouse: Path) -> Validated | None:
    """Read and check one CSV file in DuckDB; its accepted rows are left in the view ACCEPTED (see cleanup).

    Returns None when the file must go through `read` and `validate` instead. Raises
    FileRefused exactly as they would (missing or ambiguous columns).
    """
    scanned = _prescan(item.path)
    if scanned is None:
        return None
    encoding, delimiter, width = scanned
    with _utf8_copy(item.path, encoding, warehouse) as readable:
        if not _read(con, readable, delimiter, width, item.path.name):
            return None
    try:
        checked = _check(con, item, digest)
    except BaseException:
        cleanup(con)
        raise
    if checked is None:
        cleanup(con)
    return checked


def cleanup(con: duckdb.DuckDBPyConnection) -> None:
    """Drop what `check_csv` left for the merge."""
    con.execute(f"DROP VIEW IF EXISTS {ACCEPTED}")
    for table in (CELLS, CHECKED):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def _check(con: duckdb.DuckDBPyConnection, item: Planned, digest: str) -> Validated | None:
    width = len(con.execute(f"SELECT * FROM {CELLS} LIMIT 0").description)
    header = con.execute(f"SELECT * FROM {CELLS} WHERE rowid = 0").fetchall()
    if not header or all(h is None for h in header[0]):
        return None  # blank rows above the header: `read` finds it
    headers = [h or "" for h in header[0]]
    values = f"(SELECT * FROM {CELLS} WHERE rowid > 0)"
    # A column with neither a header nor any value is a blank column: left out.
    unnamed = [i for i, h in enumerate(headers) if not h]
    empty: set[int] = set()
    if unnamed:
        counts = fetch_one(con, f"SELECT {', '.join(f'count(c{i})' for i in unnamed)} FROM {values}")
        empty = {i for i, n in zip(unnamed, counts) if n == 0}
    kept = [i for i in range(width) if i not in empty]
    headers = [headers[i] for i in kept]
    # Blank rows are not data, nor is a header repeated mid-file (two exports pasted together).
    blank = " AND ".join(f"c{i} IS NULL" for i in range(width))
    same = " AND ".join(f"lower(coalesce(c{i}, '')) = {_sql_text(h.strip().lower())}" for i, h in zip(kept, headers))
    rows = f"(SELECT rowid + 1 AS {ROW}, * FROM {CELLS} WHERE rowid > 0 AND NOT ({blank}) AND NOT ({same}))"
    table = Table(path=item.path, sheet=None, source=item.source, headers=headers, rows=pl.DataFrame(),
                  is_excel=False, sha256=digest)
    source = item.source
    mapped, extras = map_headers(table)  # raises FileRefused, as `validate` does
    if source.name == "responses" and not {"question_id", "answer"} <= mapped.keys():
        return None  # a wide export: `validate` melts it
    _require(table, set(mapped), source.required)
    cell = {name: f"c{kept[int(c[1:])]}" for name, c in mapped.items()}  # file cell -> stage column
    labels = {name: headers[int(c[1:])] for name, c in mapped.items()}
    if extras:
        fields = ", ".join(f"{_ident(h)} := s.c{kept[int(c[1:])]}" for h, c in extras.items())
        extra = f"to_json(struct_pack({fields}))::VARCHAR"
    else:
        extra = "NULL::VARCHAR"
    return _check_cells(con, source, cell, extra, f"s.{ROW}::BIGINT", False, None, None, labels, rows, values)


def check_frame(con: duckdb.DuckDBPyConnection, prepared: Prepared, source: Source) -> Validated:
    """A prepared table (a workbook sheet, a wide survey export, an unusual CSV file) checked in DuckDB.

    The same checks as a plain CSV file's, on the rows `validate.prepare` made; a wide export is
    melted here, in SQL, as `validate.melt` would. The frame is handed to DuckDB and let go
    (`prepared` holds no rows afterwards): the rows' work is done there.
    """
    if prepared.wide is not None:
        rows_read = _melt(con, prepared.wide, source)
        prepared.wide = None
        unit = UNIT
    else:
        frame, prepared.frame = with_every_column(prepared.frame, source), None
        unit = UNIT if UNIT in frame.columns else ROW
        rows_read = frame.height
        _temp_table(con, CELLS, frame.select([ROW, *([UNIT] if unit == UNIT else []), "extra", *source.column_names]))
        del frame
    try:
        return _check_cells(con, source, {name: _ident(name) for name in source.column_names}, "s.extra",
                            f"s.{unit}::BIGINT", prepared.is_excel, rows_read, prepared.note, prepared.headers)
    except BaseException:
        cleanup(con)
        raise


def _melt(con: duckdb.DuckDBPyConnection, wide: Wide, source: Source) -> int:
    """CELLS: a wide export's answers, one row each, as `validate.melt` makes them; how many.

    An answer's UNIT is its row's number times the number of questions plus its question's:
    unique, as `melt`'s, without sorting every answer to number them."""
    _temp_table(con, "_bulk_wide", wide.base)
    n = len(wide.questions)
    questions = pl.DataFrame({"_q": [f"q{i}" for i in range(n)], "_i": list(range(n)),
                              "question_id": wide.question_ids, "question": wide.questions})
    _temp_table(con, "_bulk_questions", questions)
    answers = ", ".join(f"q{i}" for i in range(len(wide.questions)))
    others = [c.name for c in source.columns if c.name not in ("survey_id", "respondent_id", "question_id",
                                                                 "question", "answer")]
    try:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE {CELLS} AS
                        SELECT a.{ROW}, (a.{ROW}::BIGINT * {n} + q._i)::BIGINT AS {UNIT},
                               a.extra, a.survey_id, a.respondent_id, q.question_id, q.question, a.answer
                               {''.join(f', NULL::VARCHAR AS {_ident(o)}' for o in others)}
                        FROM (UNPIVOT _bulk_wide ON {answers} INTO NAME _q VALUE answer) AS a
                        JOIN _bulk_questions AS q USING (_q)""")
    finally:
        con.execute("DROP TABLE IF EXISTS _bulk_wide")
        con.execute("DROP TABLE IF EXISTS _bulk_questions")
    return fetch_one(con, f"SELECT count(*) FROM {CELLS}")[0]


def _check_cells(con: duckdb.DuckDBPyConnection, source: Source, cell: dict[str, str], extra: str, unit: str,
                 is_excel: bool, rows_read: int | None, note, labels: dict[str, str], rows: str = CELLS,
                 values: str = CELLS) -> Validated:
    """The rows typed and checked; the accepted rows left in the view ACCEPTED.

    `rows`: the data rows (CELLS, or a query over it); `values`: where each column's distinct values
    are taken from (the same rows, or more: a value no row holds is parsed for nothing). `cell`:
    contract column -> its column there; `extra`, `unit`: SQL over a row `s`. `rows_read`: None to
    count the rows checked.
    """
    _type_and_check(con, source, cell, extra, unit, is_excel, rows, values)
    con.execute(f"DROP TABLE {CELLS}")
    if rows_read is None:
        rows_read = fetch_one(con, f"SELECT count(*) FROM {CHECKED}")[0]
    rejects = _rejects(con, source, cell, labels)
    columns = ", ".join(_ident(c) for c in source.column_names + (["score"] if source.name == "responses" else []))
    con.execute(f"CREATE OR REPLACE TEMP VIEW {ACCEPTED} AS SELECT {columns}, extra, {ROW}, {UNIT} FROM {CHECKED} "
                f"WHERE NOT ({_failing(source)})")
    conflicts, repeats = _deduplicate_in_place(con, source, labels)
    if conflicts.height:
        rejects = pl.concat([rejects, conflicts])
    rejected = rejects.get_column(UNIT).n_unique()
    # One entry per faulty cell: a respondent's missing survey id is one mistake, not one per answer.
    shown = rejects.drop(UNIT).unique(maintain_order=True).sort("row_number", maintain_order=True)
    return Validated(source=source, accepted=ACCEPTED, rejects=shown, rows_read=rows_read, rejected=rejected,
                     note=note, repeats=repeats)


def _mapping(con: duckdb.DuckDBPyConnection, column: Column, cell: str, is_excel: bool, values: str) -> str:
    """A temporary table of each distinct value of the column, parsed: (r, v, e)."""
    name = f"_bulk_map_{column.name}"
    distinct = pl.DataFrame(con.sql(f"SELECT DISTINCT {cell} AS r FROM {values} WHERE {cell} IS NOT NULL"))
    if distinct.height == 0:
        distinct = pl.DataFrame({"r": []}, schema={"r": pl.String})
    value, error = parse_column(column, pl.col("r"), is_excel)
    return _temp_table(con, name, distinct.with_columns(value.alias("v"), error.alias("e")))


def _type_and_check(con: duckdb.DuckDBPyConnection, source: Source, cell: dict[str, str], extra: str, unit: str,
                    is_excel: bool, rows: str, values: str) -> None:
    """CHECKED: per column its typed value (NULL when failing), reason code and cell text."""
    selects, joins, maps = [], [], []
    for column in source.columns:
        raw = f"s.{cell[column.name]}" if column.name in cell else "NULL::VARCHAR"
        if column.name not in cell:
            value, error = f"NULL::{SQL_TYPES.get(column.kind, 'VARCHAR')}", "NULL::VARCHAR"
        elif column.kind in ("id", "text", "answer"):
            value, error = raw, "NULL::VARCHAR"
        else:
            table = _mapping(con, column, cell[column.name], is_excel, values)
            maps.append(table)
            alias = f"m_{column.name}"
            joins.append(f"LEFT JOIN {table} AS {alias} ON {alias}.r = {raw}")
            value, error = f"{alias}.v", f"{alias}.e"
        if column.required:
            error = f"CASE WHEN {raw} IS NULL THEN 'missing_value' ELSE {error} END"
        selects += [f"CASE WHEN ({error}) IS NULL THEN {value} END AS {_ident(column.name)}",
                    f"{error} AS {_ident('_err_' + column.name)}"]
        if _keeps_text(column, cell):  # a parsed column keeps the text it came from, for its messages
            selects.append(f"{raw} AS {_ident('_raw_' + column.name)}")
    if source.name == "responses" and "answer" in cell:  # a Likert answer's score, from its distinct labels
        table = _scores(con, cell["answer"], values)
        maps.append(table)
        joins.append(f"LEFT JOIN {table} AS m_score ON m_score.a = s.{cell['answer']}")
        selects.append("m_score.s::TINYINT AS score")
    elif source.name == "responses":
        selects.append("NULL::TINYINT AS score")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {CHECKED} AS
                    SELECT s.{ROW}, {unit} AS {UNIT}, {extra} AS extra, {', '.join(selects)}
                    FROM {rows} AS s {' '.join(joins)}""")
    for table in maps:
        con.execute(f"DROP TABLE {table}")
    # Rules across columns of one row, recorded on the later column (as validate._row_rules).
    rules = {"chantiers": ("started_on", "ended_on", "ended_before_start"),
             "members": ("joined_on", "left_on", "left_before_joined")}
    if source.name in rules:
        start, end, code = rules[source.name]
        con.execute(f"""UPDATE {CHECKED} SET "_err_{end}" = '{code}', "{end}" = NULL
                        WHERE "_err_{end}" IS NULL AND "{end}" < "{start}" """)


def _keeps_text(column: Column, cell: dict[str, str]) -> bool:
    """Whether CHECKED holds a `_raw_` copy of the column: text columns are their own text (and
    fail only when empty), so a copy would double the biggest strings of the load."""
    return column.name in cell and column.kind not in ("id", "text", "answer")


def _failing(source: Source) -> str:
    return " OR ".join(f'"_err_{c.name}" IS NOT NULL' for c in source.columns)


def _rejects(con: duckdb.DuckDBPyConnection, source: Source, cell: dict[str, str], labels: dict[str, str]
             ) -> pl.DataFrame:
    """The rejects of the failing rows, with `validate`'s messages (they come back to Python, few as they are)."""
    columns = [ROW, UNIT] + [f"{p}{c.name}" for c in source.columns for p in ("_err_", "_raw_")]
    texts = {c.name for c in source.columns if not _keeps_text(c, cell)}
    selected = [f"CAST({_ident(name[5:])} AS VARCHAR) AS {_ident(name)}"
                if name.startswith("_raw_") and name[5:] in texts else _ident(name) for name in columns]
    failing = pl.DataFrame(con.sql(f"SELECT {', '.join(selected)} FROM {CHECKED} "
                                   f"WHERE {_failing(source)} ORDER BY {ROW}"))
    failing = failing.with_columns(pl.col(ROW).cast(pl.Int64), pl.col(UNIT).cast(pl.Int64),
                                   *[pl.col(c).cast(pl.String) for c in columns[2:]])
    return _collect_rejects(failing, source, labels)


def _scores(con: duckdb.DuckDBPyConnection, cell: str, values: str) -> str:
    """A temporary table of each distinct answer and its Likert score (1-5, else NULL): (a, s)."""
    answers = pl.DataFrame(con.sql(f"SELECT DISTINCT {cell} AS a FROM {values} WHERE {cell} IS NOT NULL"))
    if answers.height == 0:
        answers = pl.DataFrame({"a": []}, schema={"a": pl.String})
    return _temp_table(con, "_bulk_scores", answers.with_columns(likert_score(pl.col("a")).alias("s")))


def _temp_table(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> str:
    """The frame copied into a temporary table of that name (replaced); the name."""
    con.register("_bulk_frame", ArrowStream(frame))
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _bulk_frame")
    finally:
        con.unregister("_bulk_frame")
    return name


def _deduplicate_in_place(con: duckdb.DuckDBPyConnection, source: Source, labels: dict[str, str]
                          ) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """`validate`'s rule on CHECKED: identical repeats of a key count once, differing ones are all
    rejected, a key repeated by a rejected row included.

    Only the rows whose key repeats come back to Python; returns (conflict rejects, identical repeats
    as `validate._deduplicate` gives them, or None when no key repeats).
    """
    key = ", ".join(_ident(k) for k in source.key)
    readable = " AND ".join(f'"_err_{k}" IS NULL' for k in source.key)
    # One grouping pass: the repeated keys (few) are kept, to fetch their rows without grouping again.
    con.execute(f"CREATE OR REPLACE TEMP TABLE {REPEATED} AS "
                f"SELECT {key} FROM {CHECKED} WHERE {readable} GROUP BY ALL HAVING count(*) > 1")
    try:
        if not fetch_one(con, f"SELECT count(*) FROM {REPEATED}")[0]:  # the usual case: nothing to fetch
            return pl.DataFrame(), None
        columns = ", ".join(f"a.{_ident(c)}" for c in source.column_names
                            + (["score"] if source.name == "responses" else []))
        repeated = f"""SELECT {columns}, a.extra, a.{ROW}, a.{UNIT}, ({_failing(source)}) AS _failing
                       FROM {CHECKED} AS a SEMI JOIN {REPEATED} AS d
                       ON {' AND '.join(f'a.{_ident(k)} IS NOT DISTINCT FROM d.{_ident(k)}' for k in source.key)}
                       WHERE {readable}"""
        rows = pl.DataFrame(con.sql(f"{repeated} ORDER BY {ROW}, {UNIT}")).with_columns(
            pl.col(ROW).cast(pl.Int64), pl.col(UNIT).cast(pl.Int64))
    finally:
        con.execute(f"DROP TABLE IF EXISTS {REPEATED}")
    kept, conflicts, repeats = _deduplicate(rows, source, labels)
    # By unit, not by row: a wide export's row holds several answers, some repeated, some not. Rows
    # failing their own checks are out of ACCEPTED already.
    dropped = rows.filter(~pl.col("_failing") & ~pl.col(UNIT).is_in(kept.get_column(UNIT).implode())).select(UNIT)
    con.register("_bulk_dropped", ArrowStream(dropped))
    try:
        con.execute(f"DELETE FROM {CHECKED} WHERE {UNIT} IN (SELECT {UNIT} FROM _bulk_dropped)")
    finally:
        con.unregister("_bulk_dropped")
    return conflicts, repeats
