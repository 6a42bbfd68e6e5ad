-- One row per deliverable, month, channel, region and metric: follow-up figures added up by
-- month (a region left blank is 'unspecified'). Grain: deliverable_id, month_on, channel, region, metric
-- Partition: chantier_id (its rows for a chantier read only that chantier's data; a load refreshes those it touched)
SELECT
    d.deliverable_id,
    dl.chantier_id,
    CAST(date_trunc('month', d.observed_on) AS DATE) AS month_on,
    d.channel,
    coalesce(d.region, 'unspecified') AS region,
    d.metric,
    sum(d.value) AS value
FROM staging.diffusion AS d
LEFT JOIN staging.deliverables AS dl ON dl.deliverable_id = d.deliverable_id
GROUP BY d.deliverable_id, dl.chantier_id, CAST(date_trunc('month', d.observed_on) AS DATE),
         d.channel, coalesce(d.region, 'unspecified'), d.metric
