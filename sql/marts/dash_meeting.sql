-- One row per meeting, numbered in its chantier's order, with what the health flags and the
-- reflection/production charts need: attendance, minutes by kind (and running totals), founders.
-- Grain: meeting_id
-- has_attendance: attendance is recorded for the meeting; without it attendance_rate and
-- n_founding_present are NULL (not measured, not zero) and the charts leave the meeting out.
-- Partition: chantier_id (its rows for a chantier read only that chantier's data; a load refreshes those it touched)
WITH meeting AS (
    SELECT
        m.meeting_id, m.chantier_id, m.held_on, m.duration_minutes,
        coalesce(m.reflection_minutes, 0) AS reflection_minutes,
        coalesce(m.production_minutes, 0) AS production_minutes,
        coalesce(m.other_minutes, 0) AS other_minutes,
        m.members_enrolled, m.members_present, m.attendance_rate, m.has_attendance,
        m.stage, m.format
    FROM marts.meeting AS m
),
first_meeting AS (
    SELECT chantier_id, min(held_on) AS first_held_on FROM marts.meeting GROUP BY chantier_id
),
founder AS (  -- a founder joined no later than the chantier's first meeting
    SELECT mb.member_id, mb.chantier_id, mb.left_on
    FROM staging.members AS mb
    JOIN first_meeting AS f ON f.chantier_id = mb.chantier_id
    WHERE mb.joined_on <= f.first_held_on
),
founders_at_meeting AS (
    SELECT
        m.meeting_id,
        count(*) AS n_founding,
        count(*) FILTER (WHERE fo.left_on IS NULL OR fo.left_on >= m.held_on) AS n_founding_enrolled,
        count(a.member_id) AS n_founding_present
    FROM meeting AS m
    JOIN founder AS fo ON fo.chantier_id = m.chantier_id
    LEFT JOIN staging.attendance AS a
        ON a.meeting_id = m.meeting_id AND a.member_id = fo.member_id AND a.status = 'present'
    GROUP BY m.meeting_id
),
ordered AS (
    SELECT
        m.*,
        m.reflection_minutes + m.production_minutes + m.other_minutes AS agenda_minutes,
        row_number() OVER w AS meeting_seq,
        CAST(sum(m.reflection_minutes) OVER w AS DOUBLE) AS cum_reflection_minutes,
        CAST(sum(m.production_minutes) OVER w AS DOUBLE) AS cum_production_minutes,
        CAST(sum(m.other_minutes) OVER w AS DOUBLE) AS cum_other_minutes
    FROM meeting AS m
    WINDOW w AS (PARTITION BY m.chantier_id ORDER BY m.held_on, m.meeting_id
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT
    o.meeting_id,
    o.chantier_id,
    c.name AS chantier_name,
    o.held_on,
    o.meeting_seq,
    o.stage,
    o.format,
    o.duration_minutes,
    o.reflection_minutes,
    o.production_minutes,
    o.other_minutes,
    o.agenda_minutes,
    o.reflection_minutes / nullif(o.agenda_minutes, 0) AS reflection_share,
    o.production_minutes / nullif(o.agenda_minutes, 0) AS production_share,
    o.cum_reflection_minutes,
    o.cum_production_minutes,
    o.cum_production_minutes
        / nullif(o.cum_reflection_minutes + o.cum_production_minutes + o.cum_other_minutes, 0)
        AS cum_production_share,
    o.members_enrolled,
    o.members_present,
    o.attendance_rate,
    o.has_attendance,
    coalesce(fm.n_founding, 0) AS n_founding,
    coalesce(fm.n_founding_enrolled, 0) AS n_founding_enrolled,
    CASE WHEN o.has_attendance THEN coalesce(fm.n_founding_present, 0) END AS n_founding_present,
    c.started_on AS chantier_started_on,
    date_diff('day', coalesce(c.started_on, f.first_held_on), o.held_on) AS days_since_start
FROM ordered AS o
LEFT JOIN marts.chantier AS c ON c.chantier_id = o.chantier_id
LEFT JOIN first_meeting AS f ON f.chantier_id = o.chantier_id
LEFT JOIN founders_at_meeting AS fm ON fm.meeting_id = o.meeting_id
