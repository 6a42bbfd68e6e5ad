-- One row per chantier (workgroup). Grain: chantier_id
-- Partition: chantier_id (a view: its rows for a chantier are that chantier's, so a partial refresh reads only those)
-- The raw columns as loaded, plus: is_ongoing (no end date, or an end date not reached yet)
-- and started_year.
SELECT
    chantier_id,
    name,
    started_on,
    theme,
    kind,
    ended_on,
    funder,
    ended_on IS NULL OR ended_on >= current_date AS is_ongoing,
    year(started_on) AS started_year,
    _file,
    _row
FROM raw.chantiers
