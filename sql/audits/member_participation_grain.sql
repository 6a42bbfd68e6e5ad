-- Audit: marts.member_participation has one row per member_id, chantier_id (no duplicate, no missing key).
SELECT member_id, chantier_id, count(*) AS n_rows
FROM marts.member_participation
GROUP BY member_id, chantier_id
HAVING count(*) > 1 OR member_id IS NULL OR chantier_id IS NULL
