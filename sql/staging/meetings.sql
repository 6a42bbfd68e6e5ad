-- One row per meeting. Grain: meeting_id
-- Partition: chantier_id (a view: its rows for a chantier are that chantier's, so a partial refresh reads only those)
-- Derived: year, quarter and duration_hours, for grouping and display.
SELECT
    meeting_id,
    chantier_id,
    held_on,
    duration_minutes,
    format,
    stage,
    year(held_on) AS year,
    quarter(held_on) AS quarter,
    duration_minutes / 60.0 AS duration_hours,
    _file,
    _row
FROM raw.meetings
