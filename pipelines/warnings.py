"""Implausible but possible facts: recorded as warnings, never a reason to reject a row.

Recomputed over the whole warehouse after each load, since a later file can
create or resolve a warning (the agenda of a meeting arrives after the meeting).
"""

from __future__ import annotations

import duckdb

from warehouse.connection import fetch_one

from pipelines.messages import CATALOG


def _template(code: str, lang: int, **params: str) -> str:
    sql = "'" + CATALOG[code][lang].replace("'", "''") + "'"
    for name, expr in params.items():
        sql = f"replace({sql}, '{{{name}}}', ({expr})::VARCHAR)"
    return sql


def _messages(code: str, **params: str) -> str:
    return f"{_template(code, 0, **params)} AS message_fr, {_template(code, 1, **params)} AS message_en"


WARNINGS_SQL = f"""
INSERT INTO audit.warnings BY NAME
SELECT 'meetings' AS source, m._file AS file_name, m._sheet AS sheet, m._row AS row_number,
       'duration_minutes' AS column_name, m.duration_minutes::VARCHAR AS value,
       'agenda_over_duration' AS reason_code,
       {_messages("agenda_over_duration", agenda="a.total", duration="m.duration_minutes")}
FROM raw.meetings m
JOIN (SELECT meeting_id, sum(minutes) AS total FROM raw.agenda GROUP BY meeting_id) a USING (meeting_id)
WHERE a.total > m.duration_minutes
UNION ALL BY NAME
SELECT 'attendance' AS source, a._file AS file_name, a._sheet AS sheet, a._row AS row_number,
       'status' AS column_name, a.member_id || ' @ ' || strftime(mt.held_on, '%Y-%m-%d') AS value,
       'present_outside_membership' AS reason_code,
       {_messages("present_outside_membership")}
FROM raw.attendance a
JOIN raw.meetings mt USING (meeting_id)
JOIN raw.members m ON m.member_id = a.member_id AND m.chantier_id = mt.chantier_id
WHERE a.status = 'present' AND (mt.held_on < m.joined_on OR mt.held_on > m.left_on)
UNION ALL BY NAME
SELECT 'deliverables' AS source, d._file AS file_name, d._sheet AS sheet, d._row AS row_number,
       'released_on' AS column_name, strftime(d.released_on, '%Y-%m-%d') AS value,
       'released_before_production' AS reason_code,
       {_messages("released_before_production")}
FROM raw.deliverables d
WHERE d.released_on < d.production_started_on
"""


def refresh_warnings(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute audit.warnings; returns how many there are."""
    con.execute("DELETE FROM audit.warnings")
    con.execute(WARNINGS_SQL)
    return fetch_one(con, "SELECT count(*) FROM audit.warnings")[0]
