-- One row per source: how many rows the warehouse holds, waiting in quarantine, rejected and
-- flagged, and when a file of that source was last loaded (not counting files loaded unchanged).
-- Grain: source
-- No "days since load" here: a mart is a table, so anything computed from current_date would be
-- frozen at build time (always 0 right after a load). The dashboard computes it when it reads.
WITH counts AS (  -- per source, rows held and waiting (a view the warehouse generates from the contract)
    SELECT source, source_order, n_rows, n_quarantined FROM audit.source_rows
),
loaded AS (
    -- the loader records its batch before building the models, so the current load is here too
    SELECT f.source, max(f.loaded_at) AS last_loaded_at, count(DISTINCT (f.file_name, f.sheet)) AS n_files,
           -- the files of one load share its time: the last is the last recorded (merged)
           arg_max(f.file_name, (f.loaded_at, f.file_order)) AS last_file_name
    FROM (
        SELECT fi.*, fi.rowid AS file_order, b.finished_at AS loaded_at
        FROM audit.files AS fi
        JOIN audit.batches AS b ON b.batch_id = fi.batch_id
    ) AS f
    WHERE f.status = 'loaded'
    GROUP BY f.source
),
-- Rows of files, not rejects: a row rejected for two cells counts once (as the load's report counts it).
rejects AS (SELECT source, count(DISTINCT (file_name, coalesce(sheet, ''), sha256, row_number)) AS n_rejects
            FROM audit.rejects GROUP BY source),
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
