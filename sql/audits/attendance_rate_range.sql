-- Audit: every attendance rate lies within [0, 1] (marts.meeting, marts.member_participation, marts.chantier).
SELECT 'marts.meeting' AS mart, meeting_id AS id, attendance_rate
FROM marts.meeting
WHERE attendance_rate < 0 OR attendance_rate > 1 OR isnan(attendance_rate)
UNION ALL
SELECT 'marts.member_participation', member_id || ' @ ' || chantier_id, attendance_rate
FROM marts.member_participation
WHERE attendance_rate < 0 OR attendance_rate > 1 OR isnan(attendance_rate)
UNION ALL
SELECT 'marts.chantier', chantier_id, attendance_rate
FROM marts.chantier
WHERE attendance_rate < 0 OR attendance_rate > 1 OR isnan(attendance_rate)
