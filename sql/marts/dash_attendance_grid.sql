-- One row per meeting and member of its chantier (enrolled that day, or recorded anyway):
-- the coordinator's member-by-meeting grid. Personal: carries full_name. Grain: meeting_id, member_id
SELECT
    m.meeting_id,
    m.chantier_id,
    m.held_on,
    mb.member_id,
    mb.full_name,
    coalesce(a.status, 'not_recorded') AS status,
    mb.joined_on <= m.held_on AND (mb.left_on IS NULL OR mb.left_on >= m.held_on) AS is_enrolled
FROM marts.meeting AS m
JOIN staging.members AS mb ON mb.chantier_id = m.chantier_id
LEFT JOIN staging.attendance AS a ON a.meeting_id = m.meeting_id AND a.member_id = mb.member_id
WHERE (mb.joined_on <= m.held_on AND (mb.left_on IS NULL OR mb.left_on >= m.held_on))
   OR a.status IS NOT NULL
