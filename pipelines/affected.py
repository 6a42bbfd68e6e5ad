"""Which chantiers a load touched, so the models refresh only those (see `Partition:` in sql/).

For each source, a query maps rows (given by their natural keys in a registered relation
`_touched`) to the chantiers they belong to. It runs on the warehouse before a merge (the
rows' old chantiers: a meeting moved to another chantier changes both) and after it.
"""

from __future__ import annotations

import duckdb
import polars as pl

from pipelines.contract import SOURCE_BY_NAME
from warehouse.connection import ArrowStream

# source -> SQL selecting chantier_id for the rows of raw.<source> whose keys are in _touched (k)
_VIA = {
    "chantiers": "SELECT k.chantier_id FROM _touched k",
    "members": "SELECT t.chantier_id FROM raw.members t JOIN _touched k USING (member_id, chantier_id)",
    "meetings": "SELECT t.chantier_id FROM raw.meetings t JOIN _touched k USING (meeting_id)",
    "agenda": "SELECT m.chantier_id FROM raw.meetings m JOIN (SELECT DISTINCT meeting_id FROM _touched) k "
              "USING (meeting_id)",
    "attendance": "SELECT m.chantier_id FROM raw.meetings m JOIN (SELECT DISTINCT meeting_id FROM _touched) k "
                  "USING (meeting_id)",
    "deliverables": "SELECT t.chantier_id FROM raw.deliverables t JOIN _touched k USING (deliverable_id)",
    "diffusion": "SELECT d.chantier_id FROM raw.deliverables d JOIN (SELECT DISTINCT deliverable_id FROM _touched) k "
                 "USING (deliverable_id)",
    # a survey counts for its chantier and for the chantier of the deliverable it assesses
    "surveys": "SELECT s.chantier_id FROM raw.surveys s JOIN _touched k USING (survey_id) UNION "
               "SELECT d.chantier_id FROM raw.surveys s JOIN _touched k USING (survey_id) "
               "JOIN raw.deliverables d ON d.deliverable_id = s.deliverable_id",
    "responses": "SELECT s.chantier_id FROM raw.surveys s JOIN (SELECT DISTINCT survey_id FROM _touched) k "
                 "USING (survey_id) UNION SELECT d.chantier_id FROM raw.surveys s "
                 "JOIN (SELECT DISTINCT survey_id FROM _touched) k USING (survey_id) "
                 "JOIN raw.deliverables d ON d.deliverable_id = s.deliverable_id",
}

# Rows that belong to their chantier through another source's row (a meeting, a deliverable, a
# survey): merging them does not move them, so where they were is where they are now.
THROUGH_PARENT = frozenset({"agenda", "attendance", "diffusion", "responses"})


def chantiers_of(con: duckdb.DuckDBPyConnection, source: str, keys: pl.DataFrame | str) -> set[str]:
    """The chantiers of the rows with these keys, as the warehouse holds them now.

    `keys`: a frame holding the source's key columns, or the name of a table that does.
    """
    columns = list(SOURCE_BY_NAME[source].key)
    if isinstance(keys, str):
        con.execute(f"CREATE OR REPLACE TEMP VIEW _touched AS SELECT {', '.join(columns)} FROM {keys}")
    else:
        con.register("_touched", ArrowStream(keys.select(columns)))
    try:
        rows = con.execute(f"SELECT DISTINCT chantier_id FROM ({_VIA[source]}) WHERE chantier_id IS NOT NULL"
                           ).fetchall()
    finally:
        if isinstance(keys, str):
            con.execute("DROP VIEW _touched")
        else:
            con.unregister("_touched")
    return {r[0] for r in rows}
