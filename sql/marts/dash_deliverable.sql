-- One row per deliverable: its production and release dates, reach (views + downloads +
-- participants), uptake, satisfied survey respondents and its follow-up dates. Grain: deliverable_id
-- Partition: chantier_id (its rows for a chantier read only that chantier's data; a load refreshes those it touched)
WITH followup AS (
    SELECT
        d.deliverable_id,
        min(d.observed_on) FILTER (WHERE d.observed_on >= date_trunc('month', dl.released_on)) AS first_followup_on,
        max(d.observed_on) AS last_followup_on,
        count(DISTINCT d.observed_on) AS n_followup_dates
    FROM staging.diffusion AS d
    LEFT JOIN staging.deliverables AS dl ON dl.deliverable_id = d.deliverable_id
    GROUP BY d.deliverable_id
),
respondent AS (  -- each respondent's mean score over the surveys about a deliverable
    SELECT s.deliverable_id, r.survey_id, r.respondent_id, avg(r.score) AS mean_score
    FROM staging.responses AS r
    JOIN staging.surveys AS s ON s.survey_id = r.survey_id
    WHERE s.deliverable_id IS NOT NULL AND r.score IS NOT NULL
    GROUP BY s.deliverable_id, r.survey_id, r.respondent_id
),
satisfied AS (
    SELECT deliverable_id, count(*) AS n_respondents, count(*) FILTER (WHERE mean_score >= 4) AS n_satisfied
    FROM respondent
    GROUP BY deliverable_id
)
SELECT
    u.deliverable_id,
    u.chantier_id,
    c.name AS chantier_name,
    u.title,
    u.type,
    u.production_started_on,
    u.released_on,
    coalesce(u.views, 0) AS views,
    coalesce(u.downloads, 0) AS downloads,
    coalesce(u.participants, 0) AS participants,
    coalesce(u.views, 0) + coalesce(u.downloads, 0) + coalesce(u.participants, 0) AS reach,
    coalesce(u.uses_reported, 0) AS uses_reported,
    coalesce(u.adaptations, 0) AS adaptations,
    u.satisfaction_mean,
    coalesce(u.n_satisfaction, 0) AS n_satisfaction,
    coalesce(s.n_respondents, 0) AS n_survey_respondents,
    coalesce(s.n_satisfied, 0) AS n_satisfied,
    f.first_followup_on,
    f.last_followup_on,
    coalesce(f.n_followup_dates, 0) AS n_followup_dates
FROM marts.deliverable_uptake AS u
LEFT JOIN marts.chantier AS c ON c.chantier_id = u.chantier_id
LEFT JOIN followup AS f ON f.deliverable_id = u.deliverable_id
LEFT JOIN satisfied AS s ON s.deliverable_id = u.deliverable_id
