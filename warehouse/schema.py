"""DDL of the warehouse's own tables: raw sources, quarantine, ledger, rejects, warnings.

`warehouse` does not import `pipelines`: the raw column list is handed in as plain
(name, SQL type) pairs by the caller (see `pipelines.contract`), and the schema
below is what every other layer reads.

Schemas:
- raw.<source>: every accepted row, typed, with `extra` (JSON of the extra columns)
  and provenance `_batch_id, _file, _sheet, _row` (the file's sha256 is in audit.files, once per
  file: on every row it weighed 64 bytes, a hundred megabytes at a funder's scale).
- quarantine.<source>: same columns plus `_reason_fr, _reason_en`: rows waiting for
  a reference (re-checked on every load).
- quarantine.records, audit.source_rows: views over every source (all waiting rows with their
  key; rows held and waiting per source), generated from the source list so nothing lists the
  sources by hand.
- audit.batches, audit.files: the ledger. audit.rejects: rejected rows with reasons.
  audit.warnings: implausible but possible facts, recomputed after each load.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import duckdb

PROVENANCE: tuple[tuple[str, str], ...] = (
    ("extra", "VARCHAR"),
    ("_batch_id", "VARCHAR"),
    ("_file", "VARCHAR"),
    ("_sheet", "VARCHAR"),
    ("_row", "INTEGER"),
)
QUARANTINE_EXTRA: tuple[tuple[str, str], ...] = (("_reason_fr", "VARCHAR"), ("_reason_en", "VARCHAR"))

LEDGER_DDL = """
CREATE SCHEMA IF NOT EXISTS audit;
CREATE TABLE IF NOT EXISTS audit.batches (
    batch_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    n_files INTEGER,
    n_refused INTEGER,
    rows_read BIGINT,
    accepted BIGINT,
    rejected BIGINT,
    quarantined BIGINT,
    released BIGINT,
    models_ok BOOLEAN,
    audit_failures INTEGER
);
CREATE TABLE IF NOT EXISTS audit.files (
    batch_id VARCHAR,
    path VARCHAR,
    file_name VARCHAR,
    sheet VARCHAR,
    sha256 VARCHAR,
    source VARCHAR,
    status VARCHAR,
    rows_read BIGINT,
    accepted BIGINT,
    rejected BIGINT,
    quarantined BIGINT,
    duplicates BIGINT,
    message_fr VARCHAR,
    message_en VARCHAR
);
CREATE TABLE IF NOT EXISTS audit.rejects (
    batch_id VARCHAR,
    source VARCHAR,
    file_name VARCHAR,
    sheet VARCHAR,
    sha256 VARCHAR,
    row_number INTEGER,
    column_name VARCHAR,
    value VARCHAR,
    reason_code VARCHAR,
    message_fr VARCHAR,
    message_en VARCHAR,
    record_key VARCHAR  -- the row's natural key (ids joined by ' · '), when known: a later file can settle it
);
-- Warehouses made before rejects carried their key.
ALTER TABLE audit.rejects ADD COLUMN IF NOT EXISTS record_key VARCHAR;
CREATE TABLE IF NOT EXISTS audit.warnings (
    source VARCHAR,
    file_name VARCHAR,
    sheet VARCHAR,
    row_number INTEGER,
    column_name VARCHAR,
    value VARCHAR,
    reason_code VARCHAR,
    message_fr VARCHAR,
    message_en VARCHAR
);
CREATE TABLE IF NOT EXISTS audit.model_state (
    model VARCHAR PRIMARY KEY,
    fingerprint VARCHAR,
    built_batch VARCHAR,
    built_on DATE  -- the day a table computed with today's date is as of (NULL: not known)
);
-- Warehouses made before tables knew the day they are as of (their next build is whole).
ALTER TABLE audit.model_state ADD COLUMN IF NOT EXISTS built_on DATE;
CREATE TABLE IF NOT EXISTS audit.sql_cache (
    key VARCHAR PRIMARY KEY,
    text VARCHAR,
    reads VARCHAR[]
);
CREATE TABLE IF NOT EXISTS audit.model_runs (
    batch_id VARCHAR,
    model VARCHAR,
    kind VARCHAR,
    status VARCHAR,
    seconds DOUBLE,
    n_failing BIGINT,
    message VARCHAR
);
"""


LEDGER_TABLES = ("audit.batches", "audit.files", "audit.rejects", "audit.warnings", "audit.model_state",
                 "audit.model_runs")


def relations_written(raw: Iterable[str], quarantine: Iterable[str], rejects: bool) -> set[str]:
    """What a load may have changed, for the models to know what to rebuild.

    `raw`, `quarantine`: sources whose rows in those schemas changed; `rejects`: whether
    audit.rejects did. The views over every source follow their tables; the rest of the
    ledger (batches, files, warnings, model runs) is written by every load.
    """
    raw, quarantine = set(raw), set(quarantine)
    out = {name for name in LEDGER_TABLES if name != "audit.rejects" or rejects}
    out |= {f"raw.{source}" for source in raw} | {f"quarantine.{source}" for source in quarantine}
    if quarantine:
        out.add("quarantine.records")
    if raw or quarantine:
        out.add("audit.source_rows")
    return out


def _columns_sql(columns: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f'"{name}" {sql_type}' for name, sql_type in columns)


def create_tables(con: duckdb.DuckDBPyConnection, raw_columns: dict[str, Sequence[tuple[str, str]]],
                  keys: dict[str, Sequence[str]]) -> None:
    """Create (if missing) every warehouse table, and the views over all sources.

    `raw_columns`: source -> [(column, SQL type)], in load order; `keys`: source -> natural key.
    """
    con.execute("CREATE SCHEMA IF NOT EXISTS raw; CREATE SCHEMA IF NOT EXISTS quarantine;")
    con.execute(LEDGER_DDL)
    for source, columns in raw_columns.items():
        cols = list(columns) + list(PROVENANCE)
        con.execute(f"CREATE TABLE IF NOT EXISTS raw.{source} ({_columns_sql(cols)})")
        con.execute(
            f"CREATE TABLE IF NOT EXISTS quarantine.{source} ({_columns_sql(cols + list(QUARANTINE_EXTRA))})"
        )
    con.execute(_records_view(keys))
    con.execute(_source_rows_view(list(raw_columns)))


def _record_key(key: Sequence[str]) -> str:
    return " || ' · ' || ".join(f"""coalesce(CAST("{k}" AS VARCHAR), '∅')""" for k in key)


def _records_view(keys: dict[str, Sequence[str]]) -> str:
    """quarantine.records: every waiting row of every source, with its natural key as text."""
    parts = [f"""SELECT '{source}' AS source, _file AS file_name, coalesce(_sheet, '') AS sheet,
                        _row AS row_number, {_record_key(key)} AS record_key, _reason_fr AS reason_fr,
                        _reason_en AS reason_en, _batch_id AS batch_id
                 FROM quarantine.{source}""" for source, key in keys.items()]
    return "CREATE OR REPLACE VIEW quarantine.records AS " + "\nUNION ALL\n".join(parts)


def _source_rows_view(sources: list[str]) -> str:
    """audit.source_rows: per source, rows held in raw and rows waiting, in load order."""
    parts = [f"""SELECT '{source}' AS source, {i} AS source_order,
                        (SELECT count(*) FROM raw.{source}) AS n_rows,
                        (SELECT count(*) FROM quarantine.{source}) AS n_quarantined"""
             for i, source in enumerate(sources, start=1)]
    return "CREATE OR REPLACE VIEW audit.source_rows AS " + "\nUNION ALL\n".join(parts)
