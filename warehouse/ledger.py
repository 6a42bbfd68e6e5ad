"""Read-only views of the ledger for the CLI: batches, source freshness, rejects.

They attach the published file read-only, so they work while a load runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warehouse.connection import fetch_one, open_reader, reader_cursor


def _dicts(con, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _raw_sources(con) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'raw' "
        "ORDER BY table_name").fetchall()]


def ledger(path: Path, limit: int = 20) -> list[dict]:
    """The latest batches, newest first."""
    con = open_reader(path)
    try:
        return _dicts(con, "SELECT * FROM audit.batches ORDER BY batch_id DESC LIMIT ?", [limit])
    finally:
        con.close()


def freshness(path: Path) -> list[dict]:
    """Per source: rows in raw, rows waiting in quarantine, when and from which file it was last loaded."""
    con = open_reader(path)
    try:
        out = []
        for source in _raw_sources(con):
            rows = fetch_one(con, f"SELECT count(*) FROM raw.{source}")[0]
            waiting = fetch_one(con, f"SELECT count(*) FROM quarantine.{source}")[0]
            last = fetch_one(con, """
                SELECT b.finished_at, f.file_name FROM audit.files f JOIN audit.batches b USING (batch_id)
                WHERE f.source = ? AND f.status = 'loaded' ORDER BY b.finished_at DESC, f.rowid DESC LIMIT 1""",
                [source])
            out.append({"source": source, "rows": rows, "quarantined": waiting,
                        "last_loaded_at": last[0] if last else None, "last_file": last[1] if last else None})
        return out
    finally:
        con.close()


# The lists `chantiers rejects` prints: SQL over the ledger, in the order they are listed.
PROBLEM_SQL = {
    # Files whose latest load refused them (a later load of the same name, loaded or unchanged, ends it).
    "refused": """
        WITH latest AS (SELECT file_name, max(batch_id) AS batch_id FROM audit.files GROUP BY file_name)
        SELECT f.source, f.file_name, f.sheet, f.message_fr, f.message_en, f.batch_id
        FROM audit.files AS f JOIN latest AS l USING (file_name, batch_id)
        WHERE f.status = 'refused' ORDER BY f.file_name, f.sheet""",
    # Rejected rows (current version of each file): a row rejected for two cells is listed twice.
    "rejected": """SELECT source, file_name, sheet, row_number, column_name, value, reason_code,
                          message_fr, message_en, batch_id, replace(record_key, chr(31), ' · ') AS record_key
                   FROM audit.rejects ORDER BY file_name, sheet, row_number, column_name""",
    # Waiting rows, one per waiting record (an answer of a wide survey export: its key tells them apart).
    "quarantined": """
        SELECT source, file_name, nullif(sheet, '') AS sheet, row_number, NULL AS column_name, record_key AS value,
               'unknown_reference' AS reason_code, reason_fr AS message_fr, reason_en AS message_en, batch_id,
               record_key
        FROM quarantine.records ORDER BY file_name, sheet, row_number, record_key""",
    "warnings": """SELECT source, file_name, sheet, row_number, column_name, value, reason_code,
                          message_fr, message_en FROM audit.warnings
                   ORDER BY file_name, sheet, row_number""",
}
PROBLEM_KINDS = tuple(PROBLEM_SQL)


class Problems:
    """The lists of `chantiers rejects`, read from the published file without holding them in memory
    (a funder's warehouse holds millions of rejected or waiting rows). Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.con = open_reader(path)

    def __enter__(self) -> Problems:
        return self

    def __exit__(self, *exc) -> None:
        self.con.close()

    def count(self, kind: str) -> tuple[int, int]:
        """(entries, rows of files): a row listed once per bad cell counts once among the rows."""
        rows = "count(*)" if kind == "refused" else "count(DISTINCT (file_name, sheet, row_number))"
        return fetch_one(self.con, f"SELECT count(*), {rows} FROM ({PROBLEM_SQL[kind]})")

    def rows(self, kind: str, limit: int | None = None, chunk: int = 10_000) -> Iterator[dict]:
        """The entries of a list, in order, fetched `chunk` at a time; the first `limit` of them."""
        cur = reader_cursor(self.con)  # a cursor of its own: counts may run while rows are fetched
        try:
            sql = PROBLEM_SQL[kind] + (f" LIMIT {int(limit)}" if limit is not None else "")
            cur.execute(sql)
            names = [d[0] for d in cur.description]
            while batch := cur.fetchmany(chunk):
                yield from (dict(zip(names, row)) for row in batch)
        finally:
            cur.close()
