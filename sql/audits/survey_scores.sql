-- Audit: scores lie within 1-5, and marts.survey_item's counts and statistics are consistent (n = sum of n_score_k <= n_answers, mean in [1, 5], share_agree in [0, 1]).
SELECT survey_id, question_id, 'score outside 1-5' AS problem, score::DOUBLE AS value
FROM staging.responses
WHERE score NOT BETWEEN 1 AND 5
UNION ALL
SELECT survey_id, question_id, 'n differs from the sum of n_score_k', n
FROM marts.survey_item
WHERE n <> n_score_1 + n_score_2 + n_score_3 + n_score_4 + n_score_5
UNION ALL
SELECT survey_id, question_id, 'n greater than n_answers', n
FROM marts.survey_item
WHERE n > n_answers
UNION ALL
SELECT survey_id, question_id, 'mean_score outside [1, 5]', mean_score
FROM marts.survey_item
WHERE mean_score NOT BETWEEN 1 AND 5 OR (mean_score IS NULL) <> (n = 0)
UNION ALL
SELECT survey_id, question_id, 'share_agree outside [0, 1]', share_agree
FROM marts.survey_item
WHERE share_agree NOT BETWEEN 0 AND 1 OR (share_agree IS NULL) <> (n = 0)
