-- One row per chantier. Grain: chantier_id
-- hours: sum of meeting durations / 60. n_members: distinct members ever;
-- members_current: memberships covering the build date.
-- n_active_members: distinct members recorded 'present' at least once at one of the
--   chantier's last four meetings whose attendance is recorded, held up to the build date
--   (latest held_on first, ties by the latest meeting_id: held_on DESC, meeting_id DESC, as the
--   dashboard's headline). A meeting whose attendance is not loaded yet does not hide the members.
-- reflection_share, production_share, other_share: of the agenda minutes of the chantier's
--   meetings that have an agenda; NULL when no agenda is loaded. They sum to 1.
-- attendance_rate: pooled over the meetings whose attendance is recorded (has_attendance),
--   enrolled members present / members enrolled; NULL when none is recorded. A meeting
--   without any attendance record was not measured and does not count as 0.
-- Columns computed from the build date (members_current, n_active_members,
--   n_deliverables_released, is_ongoing) are as of the last build, not of the day read.
-- n_deliverables_released: deliverables whose release date is reached.
-- Partition: chantier_id (its rows for a chantier read only that chantier's data; a load refreshes those it touched)
-- Dated: staging.members.joined_on, staging.members.membership_ended_on, staging.deliverables.released_on, staging.chantiers.ended_on, marts.meeting.held_on
--   (the dates today's date is compared with: a new day refreshes only the chantiers holding one since the last build)
WITH meetings AS (
    SELECT
        chantier_id,
        count(*) AS n_meetings,
        coalesce(sum(duration_minutes), 0)::DOUBLE / 60 AS hours,
        min(held_on) AS first_meeting_on,
        max(held_on) AS last_meeting_on,
        sum(agenda_minutes)::BIGINT AS agenda_minutes,
        sum(reflection_minutes)::BIGINT AS reflection_minutes,
        sum(production_minutes)::BIGINT AS production_minutes,
        sum(other_minutes)::BIGINT AS other_minutes,
        sum(members_present_enrolled) FILTER (WHERE has_attendance)
            / nullif(sum(members_enrolled) FILTER (WHERE has_attendance), 0) AS attendance_rate
    FROM marts.meeting
    GROUP BY chantier_id
),
last_four AS (
    SELECT meeting_id, chantier_id
    FROM marts.meeting
    WHERE held_on <= current_date AND has_attendance
    QUALIFY row_number() OVER (PARTITION BY chantier_id ORDER BY held_on DESC, meeting_id DESC) <= 4
),
active AS (
    SELECT l.chantier_id, count(DISTINCT a.member_id) AS n_active_members
    FROM last_four AS l
    JOIN staging.attendance AS a ON a.meeting_id = l.meeting_id AND a.is_present
    GROUP BY l.chantier_id
),
members AS (
    SELECT
        chantier_id,
        count(DISTINCT member_id) AS n_members,
        count(DISTINCT member_id) FILTER (WHERE is_current) AS members_current
    FROM staging.members
    GROUP BY chantier_id
),
deliverables AS (
    SELECT
        chantier_id,
        count(*) AS n_deliverables,
        count(*) FILTER (WHERE is_released) AS n_deliverables_released
    FROM staging.deliverables
    GROUP BY chantier_id
)
SELECT
    c.chantier_id,
    c.name,
    coalesce(m.n_meetings, 0) AS n_meetings,
    coalesce(m.hours, 0) AS hours,
    coalesce(mb.n_members, 0) AS n_members,
    coalesce(a.n_active_members, 0) AS n_active_members,
    m.reflection_minutes / nullif(m.agenda_minutes, 0) AS reflection_share,
    m.production_minutes / nullif(m.agenda_minutes, 0) AS production_share,
    coalesce(d.n_deliverables_released, 0) AS n_deliverables_released,
    -- extra columns
    c.kind,
    c.theme,
    c.funder,
    c.started_on,
    c.ended_on,
    c.is_ongoing,
    m.first_meeting_on,
    m.last_meeting_on,
    coalesce(mb.members_current, 0) AS members_current,
    m.other_minutes / nullif(m.agenda_minutes, 0) AS other_share,
    m.agenda_minutes,
    m.attendance_rate,
    coalesce(d.n_deliverables, 0) AS n_deliverables
FROM staging.chantiers AS c
LEFT JOIN meetings AS m ON m.chantier_id = c.chantier_id
LEFT JOIN members AS mb ON mb.chantier_id = c.chantier_id
LEFT JOIN active AS a ON a.chantier_id = c.chantier_id
LEFT JOIN deliverables AS d ON d.chantier_id = c.chantier_id
