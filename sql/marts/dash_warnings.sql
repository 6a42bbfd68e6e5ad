-- One row per warning: a fact that is possible but implausible (recomputed after each load),
-- with its reason in French and English.
-- Grain: source, file_name, sheet, row_number, column_name, reason_code, value
-- Stored in the order the quality page lists it (DuckDB scans a table in insertion order),
-- so reading it needs no sort. No DISTINCT: audit.warnings holds one row per raw row concerned, so a repeated row here is a
-- fault to see, not to hide. value (which names the record: duration, member @ date, release
-- date) is in the grain because an earlier version of a file can leave a row of the same
-- number in the warehouse.
SELECT
    w.source,
    w.file_name,
    coalesce(w.sheet, '') AS sheet,
    w.row_number,
    coalesce(w.column_name, '') AS column_name,
    w.value,
    coalesce(w.reason_code, '') AS reason_code,
    w.message_fr,
    w.message_en
FROM audit.warnings AS w
ORDER BY source, file_name, row_number, column_name
