-- Audit: marts.deliverable_uptake's follow-up sums equal staging.diffusion's, figures are never negative, and satisfaction_mean lies within [1, 5].
WITH diffusion AS (
    SELECT deliverable_id, sum(value) AS total, count(*) AS n_followups, min(value) AS min_value
    FROM staging.diffusion
    GROUP BY deliverable_id
)
SELECT
    u.deliverable_id,
    CASE WHEN d.min_value < 0 THEN 'negative follow-up figure'
         WHEN u.satisfaction_mean NOT BETWEEN 1 AND 5 THEN 'satisfaction_mean outside [1, 5]'
         ELSE 'sums differ from staging.diffusion' END AS problem,
    d.total AS diffusion_total,
    coalesce(u.views, 0) + coalesce(u.downloads, 0) + coalesce(u.participants, 0)
        + coalesce(u.uses_reported, 0) + coalesce(u.adaptations, 0) AS uptake_total,
    u.satisfaction_mean
FROM marts.deliverable_uptake AS u
LEFT JOIN diffusion AS d ON d.deliverable_id = u.deliverable_id
WHERE d.min_value < 0
   OR u.satisfaction_mean NOT BETWEEN 1 AND 5
   OR coalesce(u.n_followups, 0) <> coalesce(d.n_followups, 0)
   OR abs(coalesce(d.total, 0) - (coalesce(u.views, 0) + coalesce(u.downloads, 0) + coalesce(u.participants, 0)
        + coalesce(u.uses_reported, 0) + coalesce(u.adaptations, 0))) > 1e-6 * greatest(1, abs(coalesce(d.total, 0)))
