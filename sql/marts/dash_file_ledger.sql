-- One row per file (or workbook sheet) handed to a load: the ledger, newest first, with the
-- counts and the message of each file. Grain: batch_id, path, sheet
SELECT
    f.batch_id,
    -- the batch being built has no audit.batches row yet: its id starts with its local start time
    coalesce(b.started_at, try_strptime(left(f.batch_id, 15), '%Y%m%d-%H%M%S')) AS started_at,
    f.path,
    f.file_name,
    coalesce(f.sheet, '') AS sheet,
    f.source,
    f.status,
    coalesce(f.rows_read, 0) AS rows_read,
    coalesce(f.accepted, 0) AS accepted,
    coalesce(f.rejected, 0) AS rejected,
    coalesce(f.quarantined, 0) AS quarantined,
    coalesce(f.duplicates, 0) AS duplicates,
    f.message_fr,
    f.message_en
FROM audit.files AS f
LEFT JOIN audit.batches AS b ON b.batch_id = f.batch_id
