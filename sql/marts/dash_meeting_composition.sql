-- One row per meeting, dimension (function, level, region, practice_field) and category:
-- how many of the members present bring that perspective. Grain: meeting_id, dimension, category
-- Partition: chantier_id (its rows for a chantier read only that chantier's data; a load refreshes those it touched)
WITH present AS (
    SELECT a.meeting_id, mb.function, mb.level, mb.region, nullif(trim(mb.practice_field), '') AS practice_field
    FROM staging.attendance AS a
    JOIN marts.meeting AS m ON m.meeting_id = a.meeting_id
    JOIN staging.members AS mb ON mb.member_id = a.member_id AND mb.chantier_id = m.chantier_id
    WHERE a.status = 'present'
),
long AS (
    SELECT meeting_id, 'function' AS dimension, coalesce(function, 'unspecified') AS category FROM present
    UNION ALL
    SELECT meeting_id, 'level', coalesce(level, 'unspecified') FROM present
    UNION ALL
    SELECT meeting_id, 'region', coalesce(region, 'unspecified') FROM present
    UNION ALL
    SELECT meeting_id, 'practice_field', coalesce(practice_field, 'unspecified') FROM present
)
SELECT
    l.meeting_id,
    m.chantier_id,
    m.held_on,
    l.dimension,
    l.category,
    count(*) AS n_present
FROM long AS l
JOIN marts.meeting AS m ON m.meeting_id = l.meeting_id
GROUP BY l.meeting_id, m.chantier_id, m.held_on, l.dimension, l.category
