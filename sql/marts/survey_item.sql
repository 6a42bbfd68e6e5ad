-- One row per survey question. Grain: survey_id, question_id
-- n: number of scored answers (Likert, 1-5); n_answers: all answers, scored or not.
-- mean_score: mean of the scored answers; share_agree: share of scores 4 or 5 among the
--   scored answers. Both NULL when n = 0 (a yes/no or open question).
-- question: the question's text (the smallest spelling when answers carry several).
SELECT
    r.survey_id,
    r.question_id,
    min(r.question) AS question,
    count(r.score) AS n,
    avg(r.score) AS mean_score,
    count(*) FILTER (WHERE r.score >= 4) / nullif(count(r.score), 0) AS share_agree,
    count(*) FILTER (WHERE r.score = 1) AS n_score_1,
    count(*) FILTER (WHERE r.score = 2) AS n_score_2,
    count(*) FILTER (WHERE r.score = 3) AS n_score_3,
    count(*) FILTER (WHERE r.score = 4) AS n_score_4,
    count(*) FILTER (WHERE r.score = 5) AS n_score_5,
    -- extra columns
    count(*) AS n_answers,
    try_cast(r.question_id AS INTEGER) AS question_number,
    any_value(s.title) AS survey_title,
    any_value(s.audience) AS audience,
    any_value(s.chantier_id) AS chantier_id,
    any_value(s.deliverable_id) AS deliverable_id,
    any_value(s.fielded_on) AS fielded_on
FROM staging.responses AS r
LEFT JOIN staging.surveys AS s ON s.survey_id = r.survey_id
GROUP BY r.survey_id, r.question_id
