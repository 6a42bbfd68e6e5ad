-- Audit: marts.survey_item has one row per survey_id, question_id (no duplicate, no missing key).
SELECT survey_id, question_id, count(*) AS n_rows
FROM marts.survey_item
GROUP BY survey_id, question_id
HAVING count(*) > 1 OR survey_id IS NULL OR question_id IS NULL
