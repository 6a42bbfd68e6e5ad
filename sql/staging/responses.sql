-- One row per answer of a respondent to a survey question. Grain: survey_id, respondent_id, question_id
-- score is 1-5 for a Likert answer, NULL otherwise (yes/no, choices, open text).
-- Open-text answers may be personal data: coordinators only.
-- Derived: is_scored, is_agree (score 4 or 5).
SELECT
    survey_id,
    respondent_id,
    question_id,
    answer,
    question,
    score,
    score IS NOT NULL AS is_scored,
    score >= 4 AS is_agree,
    _file,
    _row
FROM raw.responses
