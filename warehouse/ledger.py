"""Read-only views of the ledger for the CLI: batches, source freshness, rejects.

They attach the published file read-only, so they work while a load runs.
"""

from __future__ import annotations

from pathlib import Path

from warehouse.connection import fetch_one, open_reader


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


def problems(path: Path) -> dict[str, list[dict]]:
    """Rejected rows (current version of each file), quarantined rows, warnings and files refused at their
    latest load, with reasons."""
    con = open_reader(path)
    try:
        rejected = _dicts(con, """SELECT source, file_name, sheet, row_number, column_name, value, reason_code,
                                         message_fr, message_en, batch_id
                                  FROM audit.rejects ORDER BY file_name, sheet, row_number, column_name""")
        quarantined = _dicts(con, """
            SELECT source, file_name, nullif(sheet, '') AS sheet, row_number, NULL AS column_name,
                   record_key AS value, 'unknown_reference' AS reason_code, reason_fr AS message_fr,
                   reason_en AS message_en, batch_id
            FROM quarantine.records ORDER BY file_name, sheet, row_number, record_key""")
        warnings = _dicts(con, """SELECT source, file_name, sheet, row_number, column_name, value, reason_code,
                                         message_fr, message_en FROM audit.warnings
                                  ORDER BY file_name, sheet, row_number""")
        # Files whose latest load refused them (a later load of the same name, loaded or unchanged, ends it).
        refused = _dicts(con, """
            WITH latest AS (SELECT file_name, max(batch_id) AS batch_id FROM audit.files GROUP BY file_name)
            SELECT f.source, f.file_name, f.sheet, f.message_fr, f.message_en, f.batch_id
            FROM audit.files AS f JOIN latest AS l USING (file_name, batch_id)
            WHERE f.status = 'refused' ORDER BY f.file_name, f.sheet""")
        return {"rejected": rejected, "quarantined": quarantined, "warnings": warnings, "refused": refused}
    finally:
        con.close()
