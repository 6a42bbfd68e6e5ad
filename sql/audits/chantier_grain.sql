-- Audit: marts.chantier has one row per chantier_id (no duplicate, no missing key).
SELECT chantier_id, count(*) AS n_rows
FROM marts.chantier
GROUP BY chantier_id
HAVING count(*) > 1 OR chantier_id IS NULL
