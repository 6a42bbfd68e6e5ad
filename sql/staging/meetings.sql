-- One row per meeting. Grain: meeting_id
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
