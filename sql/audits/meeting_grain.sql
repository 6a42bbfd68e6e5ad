-- Audit: marts.meeting has one row per meeting_id (no duplicate, no missing key).
SELECT meeting_id, count(*) AS n_rows
FROM marts.meeting
GROUP BY meeting_id
HAVING count(*) > 1 OR meeting_id IS NULL
