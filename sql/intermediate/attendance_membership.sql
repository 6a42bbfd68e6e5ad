-- One row per attendance record, with its meeting and membership. Grain: meeting_id, member_id
-- Partition: chantier_id (a view: its rows for a chantier are that chantier's, so a partial refresh reads only those)
-- is_enrolled says whether the member's membership covered the meeting's date. A record
-- outside the membership (e.g. present before the recorded joined_on) still counts in
-- head counts of people present, but not in attendance rates (whose base is the enrolled).
SELECT
    a.meeting_id,
    a.member_id,
    m.chantier_id,
    m.held_on,
    a.status,
    a.is_present,
    coalesce(mb.joined_on <= m.held_on AND (mb.left_on IS NULL OR mb.left_on >= m.held_on), false)
        AS is_enrolled
FROM staging.attendance AS a
JOIN staging.meetings AS m ON m.meeting_id = a.meeting_id
LEFT JOIN staging.members AS mb
    ON mb.member_id = a.member_id
    AND mb.chantier_id = m.chantier_id
