-- One row per quarantined record: a record waiting for a reference that is not loaded yet (e.g.
-- the attendance of a meeting not loaded yet), re-checked on every load; record_key shows its
-- natural key (the source's key columns, ' · ' between them).
-- Grain: source, file_name, sheet, row_number, record_key
-- A file row is not enough: a wide survey export turns one row into one record per answer.
-- No DISTINCT: the quarantine holds each natural key once, so a repeated row is a fault to see.
SELECT * FROM (
    SELECT 'chantiers' AS source, _file AS file_name, coalesce(_sheet, '') AS sheet, _row AS row_number,
           coalesce(CAST(chantier_id AS VARCHAR), '∅') AS record_key, _reason_fr AS reason_fr, _reason_en AS reason_en, _batch_id AS batch_id
    FROM quarantine.chantiers
    UNION ALL
    SELECT 'members' AS source, _file AS file_name, coalesce(_sheet, '') AS sheet, _row AS row_number,
           coalesce(CAST(member_id AS VARCHAR), '∅') || ' · ' || coalesce(CAST(chantier_id AS VARCHAR), '∅') AS record_key, _reason_fr AS reason_fr, _reason_en AS reason_en, _batch_id AS batch_id
    FROM quarantine.members
    UNION ALL
    SELECT 'meetings' AS source, _file AS file_name, coalesce(_sheet, '') AS sheet, _row AS row_number,
           coalesce(CAST(meeting_id AS VARCHAR), '∅') AS record_key, _reason_fr AS reason_fr, _reason_en AS reason_en, _batch_id AS batch_id
    FROM quarantine.meetings
    UNION ALL
    SELECT 'agenda' AS source, _file AS file_name, coalesce(_sheet, '') AS sheet, _row AS row_number,
           coalesce(CAST(meeting_id AS VARCHAR), '∅') || ' · ' || coalesce(CAST(item AS VARCHAR), '∅') AS record_key, _reason_fr AS reason_fr, _reason_en AS reason_en, _batch_id AS batch_id
    FROM quarantine.agenda
    UNION ALL
    SELECT 'attendance' AS source, _file AS file_name, coalesce(_sheet, '') AS sheet, _row AS row_number,
           coalesce(CAST(meeting_id AS VARCHAR), '∅') || ' · ' || coalesce(CAST(member_id AS VARCHAR), '∅') AS record_key, _reason_fr AS reason_fr, _reason_en AS reason_en, _batch_id AS batch_id
    FROM quarantine.attendance
    UNION ALL
    SELECT 'deliverables' AS source, _file AS file_name, coalesce(_sheet, '') AS sheet, _row AS row_number,
           coalesce(CAST(deliverable_id AS VARCHAR), '∅') AS record_key, _reason_fr AS reason_fr, _reason_en AS reason_en, _batch_id AS batch_id
    FROM quarantine.deliverables
    UNION ALL
    SELECT 'diffusion' AS source, _file AS file_name, coalesce(_sheet, '') AS sheet, _row AS row_number,
           coalesce(CAST(deliverable_id AS VARCHAR), '∅') || ' · ' || coalesce(CAST(observed_on AS VARCHAR), '∅') || ' · ' || coalesce(CAST(channel AS VARCHAR), '∅') || ' · ' || coalesce(CAST(region AS VARCHAR), '∅') || ' · ' || coalesce(CAST(metric AS VARCHAR), '∅') AS record_key, _reason_fr AS reason_fr, _reason_en AS reason_en, _batch_id AS batch_id
    FROM quarantine.diffusion
    UNION ALL
    SELECT 'surveys' AS source, _file AS file_name, coalesce(_sheet, '') AS sheet, _row AS row_number,
           coalesce(CAST(survey_id AS VARCHAR), '∅') AS record_key, _reason_fr AS reason_fr, _reason_en AS reason_en, _batch_id AS batch_id
    FROM quarantine.surveys
    UNION ALL
    SELECT 'responses' AS source, _file AS file_name, coalesce(_sheet, '') AS sheet, _row AS row_number,
           coalesce(CAST(survey_id AS VARCHAR), '∅') || ' · ' || coalesce(CAST(respondent_id AS VARCHAR), '∅') || ' · ' || coalesce(CAST(question_id AS VARCHAR), '∅') AS record_key, _reason_fr AS reason_fr, _reason_en AS reason_en, _batch_id AS batch_id
    FROM quarantine.responses
)
