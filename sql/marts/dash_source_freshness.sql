-- One row per source: how many rows the warehouse holds, waiting in quarantine, rejected and
-- flagged, and when a file of that source was last loaded (not counting files loaded unchanged).
-- Grain: source
-- No "days since load" here: a mart is a table, so anything computed from current_date would be
-- frozen at build time (always 0 right after a load). The dashboard computes it when it reads.
WITH counts AS (
    SELECT 'chantiers' AS source, 1 AS source_order, (SELECT count(*) FROM staging.chantiers) AS n_rows,
           (SELECT count(*) FROM quarantine.chantiers) AS n_quarantined
    UNION ALL
    SELECT 'members' AS source, 2 AS source_order, (SELECT count(*) FROM staging.members) AS n_rows,
           (SELECT count(*) FROM quarantine.members) AS n_quarantined
    UNION ALL
    SELECT 'meetings' AS source, 3 AS source_order, (SELECT count(*) FROM staging.meetings) AS n_rows,
           (SELECT count(*) FROM quarantine.meetings) AS n_quarantined
    UNION ALL
    SELECT 'agenda' AS source, 4 AS source_order, (SELECT count(*) FROM staging.agenda) AS n_rows,
           (SELECT count(*) FROM quarantine.agenda) AS n_quarantined
    UNION ALL
    SELECT 'attendance' AS source, 5 AS source_order, (SELECT count(*) FROM staging.attendance) AS n_rows,
           (SELECT count(*) FROM quarantine.attendance) AS n_quarantined
    UNION ALL
    SELECT 'deliverables' AS source, 6 AS source_order, (SELECT count(*) FROM staging.deliverables) AS n_rows,
           (SELECT count(*) FROM quarantine.deliverables) AS n_quarantined
    UNION ALL
    SELECT 'diffusion' AS source, 7 AS source_order, (SELECT count(*) FROM staging.diffusion) AS n_rows,
           (SELECT count(*) FROM quarantine.diffusion) AS n_quarantined
    UNION ALL
    SELECT 'surveys' AS source, 8 AS source_order, (SELECT count(*) FROM staging.surveys) AS n_rows,
           (SELECT count(*) FROM quarantine.surveys) AS n_quarantined
    UNION ALL
    SELECT 'responses' AS source, 9 AS source_order, (SELECT count(*) FROM staging.responses) AS n_rows,
           (SELECT count(*) FROM quarantine.responses) AS n_quarantined
),
loaded AS (
    -- the batch being built has no audit.batches row yet: its id starts with its local start time
    SELECT f.source, max(f.loaded_at) AS last_loaded_at, count(DISTINCT (f.file_name, f.sheet)) AS n_files,
           arg_max(f.file_name, f.loaded_at) AS last_file_name
    FROM (
        SELECT fi.*, coalesce(b.finished_at, try_strptime(left(fi.batch_id, 15), '%Y%m%d-%H%M%S')) AS loaded_at
        FROM audit.files AS fi
        LEFT JOIN audit.batches AS b ON b.batch_id = fi.batch_id
    ) AS f
    WHERE f.status = 'loaded'
    GROUP BY f.source
),
rejects AS (SELECT source, count(*) AS n_rejects FROM audit.rejects GROUP BY source),
warnings AS (SELECT source, count(*) AS n_warnings FROM audit.warnings GROUP BY source)
SELECT
    c.source,
    c.source_order,
    c.n_rows,
    c.n_quarantined,
    coalesce(r.n_rejects, 0) AS n_rejects,
    coalesce(w.n_warnings, 0) AS n_warnings,
    coalesce(l.n_files, 0) AS n_files,
    l.last_file_name,
    l.last_loaded_at
FROM counts AS c
LEFT JOIN loaded AS l ON l.source = c.source
LEFT JOIN rejects AS r ON r.source = c.source
LEFT JOIN warnings AS w ON w.source = c.source
