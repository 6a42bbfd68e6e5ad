-- One row per meeting. Grain: meeting_id
-- Minutes by kind come from the agenda; they are NULL when the meeting has no agenda loaded.
-- members_enrolled: members of the chantier on the meeting day (joined_on <= held_on and
--   left_on is null or >= held_on).
-- members_present: people recorded 'present' (excused is not present), head count.
-- members_present_enrolled: those of them enrolled that day; attendance_rate =
--   members_present_enrolled / members_enrolled, NULL when nobody is enrolled or when no
--   attendance is recorded for the meeting (has_attendance below). The two
--   present counts differ only when a record falls outside the membership dates
--   (members_present_unenrolled).
-- has_attendance: at least one attendance record (present, excused or absent) exists for
--   the meeting. Without any, attendance was not measured (the attendance file often comes
--   after the meetings file): attendance_rate is NULL, not 0; the counts stay 0.
-- Partition: chantier_id (its rows for a chantier read only that chantier's data; a load refreshes those it touched)
WITH enrolment AS (
    SELECT
        meeting_id,
        count(*) AS members_enrolled,
        count(*) FILTER (WHERE is_present) AS members_present_enrolled
    FROM intermediate.meeting_enrolment
    GROUP BY meeting_id
),
recorded AS (
    SELECT
        meeting_id,
        count(*) FILTER (WHERE is_present) AS members_present,
        count(*) FILTER (WHERE is_present AND NOT is_enrolled) AS members_present_unenrolled,
        count(*) FILTER (WHERE status = 'excused') AS members_excused,
        count(*) FILTER (WHERE status = 'absent') AS members_absent
    FROM intermediate.attendance_membership
    GROUP BY meeting_id
)
SELECT
    m.meeting_id,
    m.chantier_id,
    m.held_on,
    m.duration_minutes,
    mm.reflection_minutes,
    mm.production_minutes,
    mm.other_minutes,
    coalesce(e.members_enrolled, 0) AS members_enrolled,
    coalesce(r.members_present, 0) AS members_present,
    CASE WHEN r.meeting_id IS NOT NULL
         THEN e.members_present_enrolled / nullif(e.members_enrolled, 0) END AS attendance_rate,
    -- extra columns
    r.meeting_id IS NOT NULL AS has_attendance,
    m.year,
    m.format,
    m.stage,
    mm.agenda_minutes,
    coalesce(mm.n_agenda_items, 0) AS n_agenda_items,
    coalesce(e.members_present_enrolled, 0) AS members_present_enrolled,
    coalesce(r.members_present_unenrolled, 0) AS members_present_unenrolled,
    coalesce(r.members_excused, 0) AS members_excused,
    coalesce(r.members_absent, 0) AS members_absent
FROM staging.meetings AS m
LEFT JOIN intermediate.meeting_minutes AS mm ON mm.meeting_id = m.meeting_id
LEFT JOIN enrolment AS e ON e.meeting_id = m.meeting_id
LEFT JOIN recorded AS r ON r.meeting_id = m.meeting_id
