-- One row per meeting and member of its chantier (enrolled that day, or recorded anyway):
-- the coordinator's member-by-meeting grid. Personal: carries full_name. Grain: meeting_id, member_id
-- Keyed on meeting_id and member_id: full_name is optional and namesakes exist, two meetings
-- can share a day; names, dates and meeting_seq (the meeting's number in its chantier, as in
-- dash_meeting) are labels only.
-- Partition: chantier_id (its rows for a chantier read only that chantier's data; a load refreshes those it touched)
SELECT
    m.meeting_id,
    m.chantier_id,
    m.held_on,
    dm.meeting_seq,
    mb.member_id,
    mb.full_name,
    coalesce(a.status, 'not_recorded') AS status,
    mb.joined_on <= m.held_on AND (mb.left_on IS NULL OR mb.left_on >= m.held_on) AS is_enrolled
FROM marts.meeting AS m
JOIN marts.dash_meeting AS dm ON dm.meeting_id = m.meeting_id
JOIN staging.members AS mb ON mb.chantier_id = m.chantier_id
LEFT JOIN staging.attendance AS a ON a.meeting_id = m.meeting_id AND a.member_id = mb.member_id
WHERE (mb.joined_on <= m.held_on AND (mb.left_on IS NULL OR mb.left_on >= m.held_on))
   OR a.status IS NOT NULL
