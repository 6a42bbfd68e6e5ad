"""Transactional loads: a whole load is published at once, or not at all.

`writing()` takes the writers' lock, copies the live file to a private temporary
file beside it, hands out a connection on the copy, and on success closes it and
renames it onto the live path. A process killed at any point leaves the live file
untouched (the orphaned copy is removed by the next load). Readers, which attach
the live file read-only, never wait for a load.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from warehouse.connection import ArrowStream, fetch_one, open_writer
from warehouse.schema import PROVENANCE


class WarehouseBusy(Exception):
    """Another load holds the writers' lock."""


def new_batch_id() -> str:
    """`20261128-131926-123-a1b2c3`: ids sort as their loads (and builds) ran, to the millisecond; the
    check for loads whose models were skipped compares them (warehouse.models.unbuilt_loads)."""
    now = datetime.now()
    return now.strftime("%Y%m%d-%H%M%S-") + f"{now.microsecond // 1000:03d}-" + uuid.uuid4().hex[:6]


def lock_path(live: Path) -> Path:
    return live.with_name(live.name + ".lock")


def _fault(stage: str) -> None:
    """Test hook: CHANTIERS_FAULT=kill:<stage> kills the process, pause:<stage>:<s> sleeps, at that stage."""
    spec = os.environ.get("CHANTIERS_FAULT", "")
    if spec == f"kill:{stage}":
        os.kill(os.getpid(), 9)
    if spec.startswith(f"pause:{stage}:"):
        time.sleep(float(spec.rsplit(":", 1)[1]))


@contextlib.contextmanager
def writing(live: Path, *, publish: bool = True, wait_seconds: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection on a private copy of the warehouse, published onto `live` when the block succeeds.

    `publish=False` (a dry run) throws the copy away. Raises WarehouseBusy if another
    load holds the lock for longer than `wait_seconds`.
    """
    if not publish and not live.exists():
        # A dry run before any load reads nothing and publishes nothing: it takes no lock and leaves
        # nothing beside the path (no folder, no .lock file).
        with tempfile.TemporaryDirectory(prefix="chantiers-dry-run-") as folder:
            with _working_copy(live, Path(folder) / live.name, publish=False) as con:
                yield con
        return
    live.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(live), "a+") as lock:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(str(live)) from None
                time.sleep(0.2)
        _remove_stale_copies(live)
        work = live.with_name(f"{live.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:6]}")
        with _working_copy(live, work, publish=publish) as con:
            yield con


@contextlib.contextmanager
def _working_copy(live: Path, work: Path, *, publish: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection on `work`, a copy of `live` (if any), renamed onto `live` when `publish`."""
    try:
        if live.exists():
            shutil.copyfile(live, work)
        con = open_writer(work, spill_directory(work))
        try:
            yield con
            _fault("before_checkpoint")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        if publish:
            _fsync(work)
            _fault("before_publish")
            os.replace(work, live)
            _fsync(live.parent)
    finally:
        for leftover in (work, work.with_name(work.name + ".wal"), spill_directory(work)):
            _remove(leftover)


def spill_directory(work: Path) -> Path:
    """Where DuckDB writes what does not fit in a load's memory limit (see open_writer)."""
    return work.with_name(work.name + ".spill")


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _remove_stale_copies(live: Path) -> None:
    """Copies (and spill folders) left by a killed load (we hold the lock, so nobody else is writing them)."""
    for stale in live.parent.glob(f"{live.name}.tmp-*"):
        _remove(stale)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- merging validated rows --------------------------------------------------------

@dataclass(frozen=True)
class ReferenceCheck:
    """How to tell that a staged row's reference is known.

    `join` is SQL joining the target to the staged row aliased `s` (LEFT JOINs on unique keys,
    so rows are never multiplied); `known` is true over those joins when the reference exists.
    `reason_fr` / `reason_en` are SQL expressions (over `s`) saying what is missing.
    """

    join: str
    known: str
    reason_fr: str
    reason_en: str


@dataclass(frozen=True)
class Provenance:
    batch_id: str
    file_name: str
    sheet: str | None
    sha256: str


def _stored(columns: Sequence[str]) -> str:
    """The columns a raw or quarantine row holds: the source's, then `extra` and the provenance."""
    return ", ".join(f'"{c}"' for c in [*columns, *(name for name, _ in PROVENANCE)])


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def _quoted_in(alias: str, names: Sequence[str]) -> str:
    return ", ".join(f'{alias}."{n}"' for n in names)


def _key_match(left: str, right: str, key: Sequence[str]) -> str:
    return " AND ".join(f'{left}."{k}" IS NOT DISTINCT FROM {right}."{k}"' for k in key)


MERGE_LOG = "_load"  # the schema of a load's merge log, in its private copy only (see end_merge_log)


def merged_table(source: str) -> str:
    """The table listing the keys of `source` a load merged or released (see start_merge_log)."""
    return f"{MERGE_LOG}.merged_{source}"


def start_merge_log(con: duckdb.DuckDBPyConnection, keys: dict[str, Sequence[str]]) -> None:
    """Empty key lists per source: what this load brings, so only rows waiting for it are re-checked.

    Tables of the private copy, not temporary ones: the load merges on more than one connection."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {MERGE_LOG}")
    for source, key in keys.items():
        con.execute(f"CREATE OR REPLACE TABLE {merged_table(source)} AS SELECT {_quoted(key)} FROM raw.{source} "
                    "LIMIT 0")


def end_merge_log(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the merge log before the copy is published: the warehouse never holds it."""
    con.execute(f"DROP SCHEMA IF EXISTS {MERGE_LOG} CASCADE")


@dataclass(frozen=True)
class Merged:
    published: int  # rows now in raw
    quarantined: int  # rows now waiting
    quarantine_changed: bool  # rows added to or removed from quarantine
    waiting_copies: int = 0  # identical repeats dropped from the file whose kept row is now waiting
    # (other file, sheet) -> its rows replaced with other values; its rejected rows settled
    replaced: dict[tuple[str, str | None], int] = field(default_factory=dict)
    settled: dict[tuple[str, str | None], int] = field(default_factory=dict)
    waiting_kept: int = 0  # rows now waiting whose key keeps in raw the version an earlier load brought
    taken_over: dict[tuple[str, str | None], int] = field(default_factory=dict)  # same keys, same values


def merge_rows(con: duckdb.DuckDBPyConnection, source: str, key: Sequence[str], columns: Sequence[str],
               frame: pl.DataFrame | str, provenance: Provenance, checks: Sequence[ReferenceCheck],
               row_column: str = "_row", keyed_rejects: bool = False, repeats: pl.DataFrame | None = None
               ) -> Merged:
    """Upsert `frame` (or the rows of the table it names) into raw.<source> by natural key.

    The rows are unique by key (validation kept one of identical repeats). Rows with an
    unknown reference go to quarantine. Rows with the same key already in raw or in
    quarantine are replaced (a corrected file wins). A frame is read straight
    from Arrow by each statement: no intermediate copy. The keys are added to the merge
    log when there is one. With `keyed_rejects` (the source's rejects carry their record_key), the
    rejects other files left earlier for the keys this file brings to raw are settled (deleted):
    the later word on a key wins, whether a valid row or a reject. `repeats` (key columns, `_copies`):
    the rows identical to one of the frame's, dropped from the file, counted in `waiting_copies` when
    theirs waits.
    """
    values = _quoted_in("s", columns)
    all_cols = _stored(columns)
    selected = _quoted([*columns, "extra", row_column])
    if isinstance(frame, str):
        con.execute(f"CREATE OR REPLACE TEMP VIEW _incoming AS SELECT {selected} FROM {frame}")
    else:
        con.register("_incoming", ArrowStream(frame.select([*columns, "extra", row_column])))
    removed = 0
    replaced: dict[tuple[str, str | None], int] = {}
    taken_over: dict[tuple[str, str | None], int] = {}
    try:
        # The references are checked once: the rows whose reference is unknown (few, if any) are
        # kept whole with their reasons, for quarantine; the others go to raw without joining anything.
        waiting = 0
        if checks:
            con.execute(f"""CREATE OR REPLACE TEMP TABLE _unknown AS
                            SELECT s.*,
                                   {_first_failing(checks, "reason_fr")} AS _reason_fr,
                                   {_first_failing(checks, "reason_en")} AS _reason_en
                            FROM _incoming s {_joins(checks)} WHERE NOT ({_known(checks)})""")
            waiting = fetch_one(con, "SELECT count(*) FROM _unknown")[0]
        # A row that now waits replaces nothing in raw: the version there stays (and the rows that
        # depend on it stay valid) until the waiting row is released, as a rejected row replaces nothing.
        arriving = "_incoming"
        if waiting:
            con.execute(f"CREATE OR REPLACE TEMP VIEW _arriving AS SELECT * FROM _incoming s "
                        f"WHERE NOT EXISTS (SELECT 1 FROM _unknown u WHERE {_key_match('u', 's', key)})")
            arriving = "_arriving"
        waiting_kept = 0
        matched = False
        for schema, rows in (("raw", arriving), ("quarantine", "_incoming")):  # a corrected file replaces its keys
            if _may_hold_keys(con, f"{schema}.{source}", key):
                # Rows another file (or sheet) brought are replaced too: the later one wins. Noted here,
                # counted below by key (a key may have a kept version in raw and a waiting one).
                differ = f"({_quoted_in('t', columns)}) IS DISTINCT FROM ({_quoted_in('s', columns)})"
                con.execute(f"{'INSERT INTO _matched' if matched else 'CREATE OR REPLACE TEMP TABLE _matched AS'} "
                            f"SELECT t._file, t._sheet, {_quoted_in('s', key)}, {differ} AS differs "
                            f"FROM {schema}.{source} t JOIN {rows} s ON {_key_match('t', 's', key)} "
                            "WHERE t._file IS DISTINCT FROM ? OR t._sheet IS DISTINCT FROM ?",
                            [provenance.file_name, provenance.sheet])
                matched = True
                if schema == "raw" and waiting:
                    waiting_kept = fetch_one(con, f"SELECT count(*) FROM raw.{source} t SEMI JOIN _unknown u "
                                                  f"ON {_key_match('t', 'u', key)}")[0]
                deleted = fetch_one(con, f"DELETE FROM {schema}.{source} t USING {rows} s "
                                         f"WHERE {_key_match('t', 's', key)}")[0]
                removed += deleted if schema == "quarantine" else 0
        if matched:
            # Per other file, its keys whose values change (replaced: said, as a correction is news) and
            # those repeated as they were (taken over: a file split in two, or saved under another name,
            # holds them now).
            for name, sheet, n, same in con.execute(
                    f"SELECT _file, _sheet, count(*) FILTER (WHERE differs), count(*) FILTER (WHERE NOT differs) "
                    f"FROM (SELECT _file, _sheet, bool_or(differs) AS differs FROM _matched "
                    f"GROUP BY _file, _sheet, {_quoted(key)}) GROUP BY ALL").fetchall():
                for counts, k in ((replaced, n), (taken_over, same)):
                    if k:
                        counts[(name, sheet)] = k
        # Rows an earlier version of this same file left waiting are superseded by this version: a typo
        # fixed in the file must not come back when its wrong reference appears one day.
        removed += fetch_one(con, f"DELETE FROM quarantine.{source} WHERE _file = ? AND _sheet IS NOT DISTINCT FROM ? "
                                  "AND _batch_id <> ?", [provenance.file_name, provenance.sheet,
                                                         provenance.batch_id])[0]
        params = [provenance.batch_id, provenance.file_name, provenance.sheet]
        select = f"""SELECT {values}, s.extra, ?, ?, ?, s."{row_column}"::INTEGER"""
        waiting_copies = _waiting_copies(con, key, repeats) if waiting and repeats is not None else 0
        if waiting:
            published = fetch_one(con, f"INSERT INTO raw.{source} ({all_cols}) {select} FROM _arriving s", params)[0]
            quarantined = fetch_one(con, f"""INSERT INTO quarantine.{source} ({all_cols}, _reason_fr, _reason_en)
                                             {select}, s._reason_fr, s._reason_en FROM _unknown s""", params)[0]
        else:
            published = fetch_one(con, f"INSERT INTO raw.{source} ({all_cols}) {select} FROM _incoming s", params)[0]
            quarantined = 0
        if _has_merge_log(con, source):
            con.execute(f"INSERT INTO {merged_table(source)} SELECT {_quoted(key)} FROM _incoming")
        settled = _settle_rejects(con, source, key, provenance, waiting) if keyed_rejects else {}
    finally:
        con.execute("DROP TABLE IF EXISTS _matched")
        con.execute("DROP VIEW IF EXISTS _arriving")
        con.execute("DROP TABLE IF EXISTS _unknown")
        if isinstance(frame, str):
            con.execute("DROP VIEW _incoming")
        else:
            con.unregister("_incoming")
    return Merged(published, quarantined, bool(removed or quarantined), waiting_copies, _sorted(replaced),
                  _sorted(settled), waiting_kept, _sorted(taken_over))


def _waiting_copies(con: duckdb.DuckDBPyConnection, key: Sequence[str], repeats: pl.DataFrame) -> int:
    """The identical repeats whose kept row waits in _unknown (quarantine): they wait with it."""
    if not repeats.height:
        return 0
    con.register("_repeats", ArrowStream(repeats))
    try:
        return fetch_one(con, f"SELECT coalesce(sum(r._copies), 0)::BIGINT FROM _repeats r "
                              f"SEMI JOIN _unknown u ON {_key_match('r', 'u', key)}")[0]
    finally:
        con.unregister("_repeats")


def _sorted(by_table: dict[tuple[str, str | None], int]) -> dict[tuple[str, str | None], int]:
    return dict(sorted(by_table.items(), key=lambda item: (item[0][0], item[0][1] or "")))


# The rejects of a source that other files (or sheets) than this one left, with their key: a later
# file's word on the key (a valid row or a reject) replaces them.
_OTHER_REJECTS = ("FROM audit.rejects r WHERE r.source = ? AND r.record_key IS NOT NULL "
                  "AND (r.file_name IS DISTINCT FROM ? OR r.sheet IS DISTINCT FROM ?)")


def _delete_rejects(con: duckdb.DuckDBPyConnection, chosen: str, params: list) -> dict[tuple[str, str | None], int]:
    """Delete the rejects `chosen` selects (SQL giving reject_rowid, file_name, sheet, row_number);
    returns (file, sheet) -> its rejected rows deleted."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _gone_rejects AS {chosen}", params)
    try:
        found = {(name, sheet): n for name, sheet, n in con.execute(
            "SELECT file_name, sheet, count(DISTINCT row_number) FROM _gone_rejects GROUP BY ALL").fetchall()}
        if found:
            con.execute("DELETE FROM audit.rejects WHERE rowid IN (SELECT reject_rowid FROM _gone_rejects)")
        return _sorted(found)
    finally:
        con.execute("DROP TABLE _gone_rejects")


def _settle_rejects(con: duckdb.DuckDBPyConnection, source: str, key: Sequence[str], provenance: Provenance,
                    waiting: int) -> dict[tuple[str, str | None], int]:
    """Delete the rejects other files (or sheets) left for the keys _incoming brings to raw (rows
    still waiting settle nothing); returns (file, sheet) -> rejected rows settled."""
    params = [source, provenance.file_name, provenance.sheet]  # for _OTHER_REJECTS
    if not fetch_one(con, f"SELECT count(*) {_OTHER_REJECTS}", params)[0]:
        return {}
    waits = f"AND NOT EXISTS (SELECT 1 FROM _unknown u WHERE {_key_match('u', 's', key)})" if waiting else ""
    return _delete_rejects(con, f"""SELECT r.rowid AS reject_rowid, r.file_name, r.sheet, r.row_number
                                    FROM (SELECT r.rowid, r.* {_OTHER_REJECTS}) r
                                    JOIN _incoming s ON {_record_key_match('r', 's', key)} WHERE true {waits}""",
                           params)


def _may_hold_keys(con: duckdb.DuckDBPyConnection, table: str, key: Sequence[str]) -> bool:
    """Whether `table` may hold some key of _incoming: it holds a value of the key's first column.

    Much cheaper than the delete it spares: files of new meetings or new surveys share no key
    with what is loaded, and most loads bring only such files.
    """
    if not fetch_one(con, f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT 1)")[0]:
        return False  # empty (quarantine, mostly; raw on a first load): nothing to read of _incoming
    first = f'"{key[0]}"'
    return bool(fetch_one(con, f"SELECT count(*) FROM (SELECT DISTINCT {first} FROM _incoming) AS s "
                               f"SEMI JOIN {table} AS t ON t.{first} IS NOT DISTINCT FROM s.{first}")[0])


def _has_merge_log(con: duckdb.DuckDBPyConnection, source: str) -> bool:
    return bool(fetch_one(con, "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
                          merged_table(source).split("."))[0])


def _joins(checks: Sequence[ReferenceCheck]) -> str:
    return " ".join(c.join for c in checks)


def _known(checks: Sequence[ReferenceCheck]) -> str:
    return " AND ".join(f"({c.known})" for c in checks) or "true"


def _first_failing(checks: Sequence[ReferenceCheck], field: str) -> str:
    if not checks:
        return "NULL::VARCHAR"
    whens = " ".join(f"WHEN NOT ({c.known}) THEN {getattr(c, field)}" for c in checks)
    return f"CASE {whens} END"


def requarantine(con: duckdb.DuckDBPyConnection, source: str, key: Sequence[str], columns: Sequence[str],
                 checks: Sequence[ReferenceCheck], rows: str) -> int:
    """Move to quarantine the rows of raw.<source> chosen by `rows` (SQL over a row `s`) whose references
    no longer hold (their meeting moved to a chantier the member is not in): the rows they rested on
    changed since they were checked. They wait, with their reason, as a new row would. Returns how many;
    `_requarantined` holds them for the caller until the next call."""
    all_cols = _stored(columns)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _requarantined AS
                    SELECT {", ".join(f's.{c}' for c in all_cols.split(", "))},
                           {_first_failing(checks, "reason_fr")} AS _reason_fr,
                           {_first_failing(checks, "reason_en")} AS _reason_en
                    FROM raw.{source} s {_joins(checks)} WHERE ({rows}) AND NOT ({_known(checks)})""")
    moved = fetch_one(con, "SELECT count(*) FROM _requarantined")[0]
    if moved:
        con.execute(f"INSERT INTO quarantine.{source} BY NAME SELECT * FROM _requarantined")
        con.execute(f"DELETE FROM raw.{source} t USING _requarantined w WHERE {_key_match('t', 'w', key)}")
    return moved


def release_quarantine(con: duckdb.DuckDBPyConnection, source: str, key: Sequence[str], columns: Sequence[str],
                       checks: Sequence[ReferenceCheck], affected: str = "true",
                       before_replace: Callable[[str], None] | None = None) -> tuple[int, int]:
    """Move quarantined rows whose references are now known into raw; refresh the others' reasons.

    `affected`: SQL over a waiting row `s`, true when it may now be released (it references a
    key this load brought); the other rows wait for the same thing as before and are not read.
    Returns (rows moved, rows whose reason changed). What still waits may wait for something else
    now (its meeting arrived, its member did not), hence the new reasons. Moved keys join the merge log,
    so rows waiting for them are released in turn.
    """
    if not checks or not fetch_one(con, f"SELECT count(*) FROM quarantine.{source}")[0]:
        return 0, 0
    all_cols = _stored(columns)
    # Only rows whose reason changed are rewritten (released rows among them): most rows still
    # wait for the same thing.
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _waiting AS
                    SELECT * FROM (
                        SELECT {", ".join(f's.{c}' for c in all_cols.split(", "))},
                               {_first_failing(checks, "reason_fr")} AS _reason_fr,
                               {_first_failing(checks, "reason_en")} AS _reason_en,
                               s._reason_fr AS _was_fr, s._reason_en AS _was_en
                        FROM quarantine.{source} s {_joins(checks)} WHERE {affected})
                    WHERE _reason_fr IS DISTINCT FROM _was_fr OR _reason_en IS DISTINCT FROM _was_en""")
    rechecked = fetch_one(con, "SELECT count(*) FROM _waiting")[0]
    # _released stays for the caller (what the release touched), until the next release replaces it.
    con.execute("CREATE OR REPLACE TEMP TABLE _released AS SELECT * FROM _waiting WHERE _reason_fr IS NULL")
    if not rechecked:
        con.execute("DROP TABLE _waiting")
        return 0, 0
    moved = fetch_one(con, "SELECT count(*) FROM _released")[0]
    if moved:
        # A released row is newer than raw's row of its key (a merge into raw removes the key's waiting
        # row): it replaces it. `before_replace` sees _released while raw still holds the old rows.
        if before_replace is not None:
            before_replace("_released")
        con.execute(f"DELETE FROM raw.{source} t USING _released w WHERE {_key_match('t', 'w', key)}")
        con.execute(f"INSERT INTO raw.{source} ({all_cols}) SELECT {all_cols} FROM _released")
    con.execute(f"DELETE FROM quarantine.{source} s USING _waiting w WHERE {_key_match('s', 'w', key)}")
    con.execute(f"INSERT INTO quarantine.{source} BY NAME SELECT * EXCLUDE (_was_fr, _was_en) FROM _waiting "
                "WHERE _reason_fr IS NOT NULL")
    con.execute("DROP TABLE _waiting")
    if moved and _has_merge_log(con, source):
        con.execute(f"INSERT INTO {merged_table(source)} SELECT {_quoted(key)} FROM _released")
    return moved, rechecked


# --- the ledger ---------------------------------------------------------------------

def latest_sha(con: duckdb.DuckDBPyConnection, file_name: str, sheet: str | None) -> tuple[str, dict] | None:
    """The sha256 and counts of the last loaded version of this file (and sheet), if any."""
    row = fetch_one(con, """
        SELECT sha256, batch_id, rows_read, accepted, rejected, quarantined, duplicates FROM audit.files
        WHERE file_name = ? AND sheet IS NOT DISTINCT FROM ? AND status = 'loaded'
        ORDER BY batch_id DESC LIMIT 1""", [file_name, sheet])
    if row is None:
        return None
    names = ["batch_id", "rows_read", "accepted", "rejected", "quarantined", "duplicates"]
    return row[0], dict(zip(names, row[1:]))


def replace_rejects(con: duckdb.DuckDBPyConnection, provenance: Provenance, source: str,
                    rejects: pl.DataFrame, keyed: bool = False) -> tuple[bool, dict[tuple[str, str | None], int]]:
    """The current rejects of a file are those of its latest version: drop those of older loads.

    (Rejects this load recorded under the name are kept; a load holds one file of a name, as
    `load.plan_all` refuses two.) With `keyed` (the rejects carry their record_key), the rejects
    other files (or sheets) left for the keys this file rejects are replaced too: the later word on
    a key wins, a reject as a valid row (a file split in two, or saved under another name, does not
    list its bad rows twice). Returns whether audit.rejects changed, and (file, sheet) -> rejected
    rows of other files so replaced.
    """
    deleted = fetch_one(con, "DELETE FROM audit.rejects WHERE file_name = ? AND sheet IS NOT DISTINCT FROM ? "
                             "AND batch_id <> ?", [provenance.file_name, provenance.sheet, provenance.batch_id])[0]
    superseded: dict[tuple[str, str | None], int] = {}
    if rejects.height:
        frame = rejects.with_columns(
            pl.lit(provenance.batch_id).alias("batch_id"), pl.lit(source).alias("source"),
            pl.lit(provenance.file_name).alias("file_name"), pl.lit(provenance.sheet, dtype=pl.String).alias("sheet"),
            pl.lit(provenance.sha256).alias("sha256"))
        con.register("_rejects", ArrowStream(frame))
        try:
            if keyed:
                superseded = _supersede_rejects(con, source, provenance)
            con.execute("""INSERT INTO audit.rejects BY NAME SELECT batch_id, source, file_name, sheet, sha256,
                           row_number::INTEGER AS row_number, column_name, value, reason_code, message_fr, message_en,
                           record_key FROM _rejects""")
        finally:
            con.unregister("_rejects")
    return bool(deleted or rejects.height), superseded


def _supersede_rejects(con: duckdb.DuckDBPyConnection, source: str, provenance: Provenance
                       ) -> dict[tuple[str, str | None], int]:
    """Delete the rejects of other files (or sheets) whose record_key _rejects rejects again."""
    return _delete_rejects(con, f"""SELECT r.rowid AS reject_rowid, r.file_name, r.sheet, r.row_number
                                    {_OTHER_REJECTS}
                                      AND r.record_key IN (SELECT record_key FROM _rejects WHERE record_key IS NOT NULL)""",
                           [source, provenance.file_name, provenance.sheet])


RECORD_KEY_SEPARATOR = "\x1f"  # between the ids of a reject's record_key (the unit separator: never in an id)


def _record_key_match(reject: str, row: str, key: Sequence[str]) -> str:
    """SQL: the reject `reject`'s record_key names the row `row` (each part against its key column)."""
    separator = f"chr({ord(RECORD_KEY_SEPARATOR)})"
    return " AND ".join(f'{row}."{k}" = string_split({reject}.record_key, {separator})[{i}]'
                        for i, k in enumerate(key, start=1))


def rejected_rows_kept(con: duckdb.DuckDBPyConnection, provenance: Provenance, source: str,
                       key: Sequence[str]) -> int:
    """How many of this file's rejected rows still have in raw the version an earlier load of the
    same file brought (a rejected row replaces nothing). Rejects without a record_key are not counted."""
    return fetch_one(con, f"""
        SELECT count(DISTINCT r.row_number) FROM audit.rejects r JOIN raw.{source} t
            ON {_record_key_match('r', 't', key)} AND t._file = r.file_name AND t._sheet IS NOT DISTINCT FROM r.sheet
        WHERE r.batch_id = ? AND r.source = ? AND r.file_name = ? AND r.sheet IS NOT DISTINCT FROM ?
              AND r.record_key IS NOT NULL AND t._batch_id <> r.batch_id""",
                     [provenance.batch_id, source, provenance.file_name, provenance.sheet])[0]


def previous_rows_absent(con: duckdb.DuckDBPyConnection, provenance: Provenance, source: str,
                         key: Sequence[str]) -> int:
    """How many rows an earlier version of this file brought that this version neither brings, rejects
    nor leaves waiting: they stay in raw (a file's new version replaces keys, it deletes nothing)."""
    return fetch_one(con, f"""
        SELECT count(*) FROM raw.{source} t
        WHERE t._file = ? AND t._sheet IS NOT DISTINCT FROM ? AND t._batch_id <> ?
          AND NOT EXISTS (SELECT 1 FROM audit.rejects r
                          WHERE r.batch_id = ? AND r.source = ? AND r.file_name = t._file
                            AND r.sheet IS NOT DISTINCT FROM t._sheet AND r.record_key IS NOT NULL
                            AND {_record_key_match('r', 't', key)})
          AND NOT EXISTS (SELECT 1 FROM quarantine.{source} q
                          WHERE q._batch_id = ? AND q._file = t._file AND q._sheet IS NOT DISTINCT FROM t._sheet
                            AND {_key_match('q', 't', key)})""",
                     [provenance.file_name, provenance.sheet, provenance.batch_id, provenance.batch_id, source,
                      provenance.batch_id])[0]


def record_file(con: duckdb.DuckDBPyConnection, batch_id: str, row: dict) -> None:
    columns = ["path", "file_name", "sheet", "sha256", "source", "status", "rows_read", "accepted", "rejected",
               "quarantined", "duplicates", "message_fr", "message_en"]
    con.execute(f"INSERT INTO audit.files (batch_id, {', '.join(columns)}) VALUES (?{', ?' * len(columns)})",
                [batch_id, *[row.get(c) for c in columns]])


def record_batch(con: duckdb.DuckDBPyConnection, row: dict) -> None:
    columns = list(row)
    con.execute(f"INSERT INTO audit.batches ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [row[c] for c in columns])
