-- One row per deliverable. Grain: deliverable_id
-- views, downloads, participants, uses_reported, adaptations: sums of the follow-up values of
--   each metric over all periods, channels and regions. Each figure counts what happened
--   in its own period, so figures add up. NULL when the metric was never observed (not
--   measured is not zero).
-- satisfaction_mean: mean of the scored (1-5) answers, all questions together, of the surveys
--   whose deliverable_id is this deliverable; n_satisfaction: distinct respondents with at
--   least one scored answer (a respondent is a survey_id + respondent_id).
-- Partition: chantier_id (its rows for a chantier read only that chantier's data; a load refreshes those it touched)
-- Dated: staging.deliverables.released_on (is_released: a new day refreshes only the chantiers with a
--   release date between the last build and today)
WITH followups AS (
    SELECT
        deliverable_id,
        sum(value) FILTER (WHERE metric = 'views') AS views,
        sum(value) FILTER (WHERE metric = 'downloads') AS downloads,
        sum(value) FILTER (WHERE metric = 'participants') AS participants,
        sum(value) FILTER (WHERE metric = 'uses_reported') AS uses_reported,
        sum(value) FILTER (WHERE metric = 'adaptations') AS adaptations,
        count(*) AS n_followups,
        min(observed_on) AS first_observed_on,
        max(observed_on) AS last_observed_on,
        count(DISTINCT channel) AS n_channels,
        count(DISTINCT region) AS n_regions
    FROM staging.diffusion
    GROUP BY deliverable_id
),
satisfaction AS (
    SELECT
        s.deliverable_id,
        avg(r.score) AS satisfaction_mean,
        count(DISTINCT (r.survey_id, r.respondent_id)) AS n_satisfaction,
        count(*) AS n_satisfaction_scores
    FROM staging.surveys AS s
    JOIN staging.responses AS r ON r.survey_id = s.survey_id
    WHERE s.deliverable_id IS NOT NULL AND r.is_scored
    GROUP BY s.deliverable_id
),
surveys AS (
    SELECT deliverable_id, count(*) AS n_surveys
    FROM staging.surveys
    WHERE deliverable_id IS NOT NULL
    GROUP BY deliverable_id
)
SELECT
    d.deliverable_id,
    d.chantier_id,
    d.type,
    d.released_on,
    f.views,
    f.downloads,
    f.participants,
    f.uses_reported,
    f.adaptations,
    s.satisfaction_mean,
    coalesce(s.n_satisfaction, 0) AS n_satisfaction,
    -- extra columns
    d.title,
    d.audience,
    d.production_started_on,
    d.is_released,
    coalesce(f.n_followups, 0) AS n_followups,
    f.first_observed_on,
    f.last_observed_on,
    coalesce(f.n_channels, 0) AS n_channels,
    coalesce(f.n_regions, 0) AS n_regions,
    coalesce(sv.n_surveys, 0) AS n_surveys,
    coalesce(s.n_satisfaction_scores, 0) AS n_satisfaction_scores
FROM staging.deliverables AS d
LEFT JOIN followups AS f ON f.deliverable_id = d.deliverable_id
LEFT JOIN satisfaction AS s ON s.deliverable_id = d.deliverable_id
LEFT JOIN surveys AS sv ON sv.deliverable_id = d.deliverable_id
