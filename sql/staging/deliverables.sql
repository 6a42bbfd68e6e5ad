-- One row per deliverable. Grain: deliverable_id
-- Partition: chantier_id (a view: its rows for a chantier are that chantier's, so a partial refresh reads only those)
-- is_released: a release date that is reached (a future date is a planned release).
-- production_days: from the start of production to the release, when both are known.
SELECT
    deliverable_id,
    chantier_id,
    title,
    type,
    audience,
    production_started_on,
    released_on,
    released_on IS NOT NULL AND released_on <= current_date AS is_released,
    year(released_on) AS released_year,
    date_diff('day', production_started_on, released_on) AS production_days,
    _file,
    _row
FROM raw.deliverables
