-- One row per rejected cell (or row, when column_name is empty) of the current version of each
-- file, with the reason in French and English. Grain: file_name, sheet, row_number, column_name, reason_code
SELECT DISTINCT
    r.batch_id,
    r.source,
    r.file_name,
    coalesce(r.sheet, '') AS sheet,
    r.row_number,
    coalesce(r.column_name, '') AS column_name,
    r.value,
    coalesce(r.reason_code, '') AS reason_code,
    r.message_fr,
    r.message_en
FROM audit.rejects AS r
