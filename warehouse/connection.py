"""Opening the warehouse file: readers never block a load, writers publish by swap.

DuckDB lets one process write a file, and a process holding it open blocks the
others. So a load never writes the live file: it copies it to a temporary file
beside it, works there, closes it and `os.replace`s it onto the live path (an
atomic rename). Readers open an in-memory database and ATTACH the live file
read-only; a swap gives the path a new inode, which `reader_key` notices.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

READER_ALIAS = "wh"


def reader_key(path: Path) -> tuple[int, int, int] | None:
    """Identity of the published file: changes on every publish. None when there is no warehouse yet."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def open_reader(path: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with the warehouse attached read-only as the default catalog.

    Queries name tables as `marts.meeting`. The attached file stays readable
    even if a load publishes a new one meanwhile (the old inode lives on until closed).
    """
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    con.execute(f"ATTACH '{_sql_path(path)}' AS {READER_ALIAS} (READ_ONLY)")
    con.execute(f"USE {READER_ALIAS}")
    return con


def reader_cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor for one thread or one query: cursors do not inherit `USE`, so set it again."""
    cur = con.cursor()
    cur.execute(f"USE {READER_ALIAS}")
    return cur


def open_writer(path: Path, spill: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-write connection on a private (temporary) file. Never call on the live path.

    The file is thrown away if anything fails before it is published, so automatic
    checkpoints mid-load buy nothing: one checkpoint happens before publishing. `spill`:
    the folder DuckDB may write to under a memory limit (the caller removes it).
    """
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False,
              "checkpoint_threshold": "16GB"}
    if spill is not None:
        config["temp_directory"] = str(spill)
    return duckdb.connect(str(path), config=config)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def fetch_one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """The first row of a query, with the result fully consumed.

    DuckDB 2 keeps a result open after `fetchone()`, and some calls (register) then refuse to run.
    """
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


class ArrowStream:
    """Hands a data frame to DuckDB through the Arrow C stream interface.

    DuckDB's own adapter for Polars goes through pyarrow, whose import (with numpy) costs
    about a second at every `chantiers load`; the C stream needs neither. Each scan asks
    for a fresh stream, so one registration serves several statements.
    """

    def __init__(self, frame) -> None:
        self.frame = frame

    def __arrow_c_stream__(self, requested_schema=None):
        return self.frame.__arrow_c_stream__(requested_schema)
