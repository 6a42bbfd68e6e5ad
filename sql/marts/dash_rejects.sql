-- One row per rejected cell (or row, when column_name is empty) of the current version of each
-- file, with the reason in French and English.
-- Grain: file_name, sheet, sha256, row_number, column_name, reason_code, value
-- Stored in the order the quality page lists it (DuckDB scans a table in insertion order),
-- so reading it needs no sort. No DISTINCT: the loader writes each reject once, so a repeated row here is a fault to see, not
-- to hide. sha256 tells apart two files of the same name loaded together (two folders); value
-- tells apart the answers of one row of a wide survey export (e.g. each key conflict).
SELECT
    r.batch_id,
    r.source,
    r.file_name,
    coalesce(r.sheet, '') AS sheet,
    r.sha256,
    r.row_number,
    coalesce(r.column_name, '') AS column_name,
    r.value,
    coalesce(r.reason_code, '') AS reason_code,
    r.message_fr,
    r.message_en
FROM audit.rejects AS r
ORDER BY file_name, sheet, row_number, column_name
