-- One row per survey. Grain: survey_id
-- A survey may be about a chantier (chantier_id) and/or a deliverable (deliverable_id).
SELECT
    survey_id,
    title,
    audience,
    chantier_id,
    deliverable_id,
    fielded_on,
    year(fielded_on) AS fielded_year,
    _file,
    _row
FROM raw.surveys
