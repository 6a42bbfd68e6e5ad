-- Audit: marts.chantier agrees with marts.meeting (meetings, hours; no meeting of an unknown chantier) and its counts are consistent (active <= ever, current <= ever, released <= all).
WITH meetings AS (
    SELECT chantier_id, count(*) AS n_meetings, coalesce(sum(duration_minutes), 0) / 60.0 AS hours
    FROM marts.meeting
    GROUP BY chantier_id
)
SELECT
    coalesce(c.chantier_id, m.chantier_id) AS chantier_id,
    c.n_meetings,
    m.n_meetings AS meetings_in_marts_meeting,
    c.hours,
    m.hours AS hours_in_marts_meeting,
    c.n_members,
    c.n_active_members,
    c.members_current,
    c.n_deliverables_released,
    c.n_deliverables
FROM marts.chantier AS c
FULL JOIN meetings AS m ON m.chantier_id = c.chantier_id
WHERE c.chantier_id IS NULL
   OR c.n_meetings <> coalesce(m.n_meetings, 0)
   OR abs(c.hours - coalesce(m.hours, 0)) > 1e-9
   OR c.n_active_members > c.n_members
   OR c.members_current > c.n_members
   OR c.n_deliverables_released > c.n_deliverables
