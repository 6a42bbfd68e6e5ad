-- One row per membership (a member in one chantier): when they came and left, who they are
-- around the table (no name, no e-mail) and how often they came. Grain: member_id, chantier_id
-- Partition: chantier_id (its rows for a chantier read only that chantier's data; a load refreshes those it touched)
WITH first_meeting AS (
    SELECT chantier_id, min(held_on) AS first_held_on FROM marts.meeting GROUP BY chantier_id
)
SELECT
    mb.member_id,
    mb.chantier_id,
    c.name AS chantier_name,
    mb.joined_on,
    mb.left_on,
    mb.membership_ended_on,  -- left_on, or the chantier's end: the membership overlaps periods until then
    mb.region,
    mb.level,
    mb.function,
    nullif(trim(mb.practice_field), '') AS practice_field,
    mb.joined_on <= coalesce(f.first_held_on, c.started_on, mb.joined_on) AS is_founding,
    coalesce(p.meetings_eligible, 0) AS meetings_eligible,
    coalesce(p.meetings_present, 0) AS meetings_present,
    p.attendance_rate,
    p.first_present_on,
    p.last_present_on
FROM staging.members AS mb
LEFT JOIN marts.chantier AS c ON c.chantier_id = mb.chantier_id
LEFT JOIN first_meeting AS f ON f.chantier_id = mb.chantier_id
LEFT JOIN marts.member_participation AS p
    ON p.member_id = mb.member_id AND p.chantier_id = mb.chantier_id
