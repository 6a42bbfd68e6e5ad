-- One row per answer to a question never scored: free text, or a choice (`choice`: at most half as
-- many different answers, ignoring case and spaces, as answers; canned free answers that repeat are
-- counted too). Personal: open text may identify people. Grain: survey_id, respondent_id, question_id
WITH question AS (
    SELECT survey_id, question_id,
           count(*) AS n_answers, count(DISTINCT lower(trim(answer))) AS n_distinct, count(score) AS n_scored
    FROM staging.responses
    WHERE answer IS NOT NULL AND trim(answer) <> ''
    GROUP BY survey_id, question_id
)
SELECT
    r.survey_id,
    s.title AS survey_title,
    s.chantier_id,
    r.respondent_id,
    r.question_id,
    r.question,
    trim(r.answer) AS answer,
    q.n_distinct * 2 <= q.n_answers AS choice
FROM staging.responses AS r
JOIN question AS q ON q.survey_id = r.survey_id AND q.question_id = r.question_id
LEFT JOIN staging.surveys AS s ON s.survey_id = r.survey_id
WHERE q.n_scored = 0
  AND r.answer IS NOT NULL AND trim(r.answer) <> ''
