-- One row per meeting and dimension: the diversity of perspectives among the members present,
-- as the Blau index (1 - sum of squared shares; 0 = all alike) and its value relative to the
-- most even spread over the categories seen (evenness). Grain: meeting_id, dimension
-- Partition: chantier_id (its rows for a chantier read only that chantier's data; a load refreshes those it touched)
WITH totals AS (
    SELECT meeting_id, dimension, sum(n_present) AS n_present, count(*) AS n_categories
    FROM marts.dash_meeting_composition
    GROUP BY meeting_id, dimension
)
SELECT
    c.meeting_id,
    any_value(c.chantier_id) AS chantier_id,
    any_value(c.held_on) AS held_on,
    c.dimension,
    any_value(t.n_present) AS n_present,
    any_value(t.n_categories) AS n_categories,
    1 - sum(power(c.n_present / t.n_present, 2)) AS blau_index,
    CASE WHEN any_value(t.n_categories) > 1
         THEN (1 - sum(power(c.n_present / t.n_present, 2))) / (1 - 1.0 / any_value(t.n_categories))
         ELSE 0 END AS evenness
FROM marts.dash_meeting_composition AS c
JOIN totals AS t ON t.meeting_id = c.meeting_id AND t.dimension = c.dimension
GROUP BY c.meeting_id, c.dimension
