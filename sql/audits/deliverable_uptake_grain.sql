-- Audit: marts.deliverable_uptake has one row per deliverable_id (no duplicate, no missing key).
SELECT deliverable_id, count(*) AS n_rows
FROM marts.deliverable_uptake
GROUP BY deliverable_id
HAVING count(*) > 1 OR deliverable_id IS NULL
