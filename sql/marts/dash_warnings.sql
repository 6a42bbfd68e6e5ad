-- One row per warning: a fact that is possible but implausible (recomputed after each load),
-- with its reason in French and English. Grain: source, file_name, sheet, row_number, column_name, reason_code
SELECT DISTINCT
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
