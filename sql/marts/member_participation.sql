-- One row per member and chantier (one membership). Grain: member_id, chantier_id
-- Personal data: coordinators only; funder views use aggregates of at least 5 people.
-- meetings_eligible: the chantier's meetings held while the membership ran (joined_on <=
--   held_on and left_on is null or >= held_on).
-- meetings_present: the chantier's meetings where the member was recorded 'present'.
-- attendance_rate: eligible meetings present / eligible meetings whose attendance is recorded
--   (meetings_recorded), NULL when there is none. An eligible meeting without any attendance
--   record (attendance file not loaded yet) was not measured: it does not count as an absence.
--   A 'present' outside the membership dates counts in meetings_present (and in
--   meetings_present_outside_membership) but not in the rate.
-- Partition: chantier_id (its rows for a chantier read only that chantier's data; a load refreshes those it touched)
-- Dated: staging.members.joined_on, staging.members.membership_ended_on (is_current: a new day refreshes
--   only the chantiers where a membership starts or ends between the last build and today)
WITH eligible AS (
    SELECT
        member_id,
        chantier_id,
        count(*) AS meetings_eligible,
        count(*) FILTER (WHERE has_attendance) AS meetings_recorded,
        count(*) FILTER (WHERE is_present) AS meetings_present_eligible
    FROM intermediate.meeting_enrolment
    GROUP BY member_id, chantier_id
),
recorded AS (
    SELECT
        member_id,
        chantier_id,
        count(*) FILTER (WHERE is_present) AS meetings_present,
        count(*) FILTER (WHERE is_present AND NOT is_enrolled) AS meetings_present_outside_membership,
        count(*) FILTER (WHERE status = 'excused') AS meetings_excused,
        min(held_on) FILTER (WHERE is_present) AS first_present_on,
        max(held_on) FILTER (WHERE is_present) AS last_present_on
    FROM intermediate.attendance_membership
    GROUP BY member_id, chantier_id
)
SELECT
    mb.member_id,
    mb.chantier_id,
    coalesce(e.meetings_eligible, 0) AS meetings_eligible,
    coalesce(r.meetings_present, 0) AS meetings_present,
    e.meetings_present_eligible / nullif(e.meetings_recorded, 0) AS attendance_rate,
    r.first_present_on,
    r.last_present_on,
    -- extra columns
    mb.joined_on,
    mb.left_on,
    mb.membership_ended_on,
    mb.is_current,
    mb.region,
    mb.level,
    mb.function,
    coalesce(e.meetings_present_eligible, 0) AS meetings_present_eligible,
    coalesce(r.meetings_present_outside_membership, 0) AS meetings_present_outside_membership,
    coalesce(r.meetings_excused, 0) AS meetings_excused,
    coalesce(e.meetings_recorded, 0) AS meetings_recorded
FROM staging.members AS mb
LEFT JOIN eligible AS e ON e.member_id = mb.member_id AND e.chantier_id = mb.chantier_id
LEFT JOIN recorded AS r ON r.member_id = mb.member_id AND r.chantier_id = mb.chantier_id
