-- One row per meeting and member enrolled in its chantier on that day. Grain: meeting_id, member_id
-- Partition: chantier_id (a view: its rows for a chantier are that chantier's, so a partial refresh reads only those)
-- Enrolled: joined_on <= held_on and (left_on is null or left_on >= held_on), both days
-- included. status comes from attendance and is NULL when nothing was recorded for the
-- member; is_present is true only for 'present' (excused and absent are not present).
-- has_attendance: the meeting has at least one attendance record (for anyone). A meeting
-- whose attendance is not loaded yet has none: its rates are unknown, not zero.
WITH recorded AS (
    SELECT DISTINCT meeting_id FROM staging.attendance
)
SELECT
    m.meeting_id,
    mb.member_id,
    m.chantier_id,
    m.held_on,
    a.status,
    coalesce(a.status = 'present', false) AS is_present,
    r.meeting_id IS NOT NULL AS has_attendance
FROM staging.meetings AS m
JOIN staging.members AS mb
    ON mb.chantier_id = m.chantier_id
    AND mb.joined_on <= m.held_on
    AND (mb.left_on IS NULL OR mb.left_on >= m.held_on)
LEFT JOIN staging.attendance AS a
    ON a.meeting_id = m.meeting_id
    AND a.member_id = mb.member_id
LEFT JOIN recorded AS r ON r.meeting_id = m.meeting_id
