-- Audit: every attendance rate lies within [0, 1] and is NULL exactly when it was not measured: no attendance recorded (not measured is not zero) or nobody enrolled (marts.meeting, marts.member_participation, marts.chantier).
WITH chantier_base AS (  -- seats of the meetings whose attendance is recorded
    SELECT chantier_id, sum(members_enrolled) FILTER (WHERE has_attendance) AS enrolled_recorded
    FROM marts.meeting
    GROUP BY chantier_id
)
SELECT 'marts.meeting' AS mart, meeting_id AS id, attendance_rate,
       CASE WHEN attendance_rate IS NULL THEN 'NULL although measured'
            WHEN NOT has_attendance THEN 'a rate without any attendance record'
            ELSE 'outside [0, 1]' END AS problem
FROM marts.meeting
WHERE attendance_rate < 0 OR attendance_rate > 1 OR isnan(attendance_rate)
   OR (attendance_rate IS NULL) <> (NOT has_attendance OR members_enrolled = 0)
UNION ALL
SELECT 'marts.member_participation', member_id || ' @ ' || chantier_id, attendance_rate,
       CASE WHEN (attendance_rate IS NULL) <> (meetings_recorded = 0) THEN 'NULL exactly when no recorded meeting: broken'
            WHEN meetings_recorded > meetings_eligible THEN 'more recorded meetings than eligible'
            ELSE 'outside [0, 1]' END
FROM marts.member_participation
WHERE attendance_rate < 0 OR attendance_rate > 1 OR isnan(attendance_rate)
   OR (attendance_rate IS NULL) <> (meetings_recorded = 0)
   OR meetings_recorded > meetings_eligible
UNION ALL
SELECT 'marts.chantier', c.chantier_id, c.attendance_rate,
       CASE WHEN (c.attendance_rate IS NULL) <> (coalesce(b.enrolled_recorded, 0) = 0)
            THEN 'NULL exactly when no recorded meeting with members: broken'
            ELSE 'outside [0, 1]' END
FROM marts.chantier AS c
LEFT JOIN chantier_base AS b ON b.chantier_id = c.chantier_id
WHERE c.attendance_rate < 0 OR c.attendance_rate > 1 OR isnan(c.attendance_rate)
   OR (c.attendance_rate IS NULL) <> (coalesce(b.enrolled_recorded, 0) = 0)
