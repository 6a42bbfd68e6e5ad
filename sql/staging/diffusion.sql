-- One row per follow-up figure. Grain: deliverable_id, observed_on, channel, region, metric
-- region may be NULL (a figure not broken down by region), so the grain holds NULLs.
-- value counts what happened during the period starting on observed_on (a month or a day),
-- so figures of successive periods add up.
SELECT
    deliverable_id,
    observed_on,
    channel,
    metric,
    value,
    region,
    year(observed_on) AS observed_year,
    date_trunc('month', observed_on)::DATE AS observed_month,
    _file,
    _row
FROM raw.diffusion
