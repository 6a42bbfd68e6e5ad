-- Audit: marts.member_participation agrees with marts.meeting, chantier by chantier (seats enrolled, presences), and no member is present more often than eligible.
WITH by_member AS (
    SELECT
        chantier_id,
        sum(meetings_eligible) AS eligible,
        sum(meetings_present) AS present,
        sum(meetings_present_eligible) AS present_eligible
    FROM marts.member_participation
    GROUP BY chantier_id
),
by_meeting AS (
    SELECT
        chantier_id,
        sum(members_enrolled) AS eligible,
        sum(members_present) AS present,
        sum(members_present_enrolled) AS present_eligible
    FROM marts.meeting
    GROUP BY chantier_id
)
SELECT
    coalesce(p.chantier_id, m.chantier_id) AS chantier_id,
    NULL AS member_id,
    'totals differ from marts.meeting' AS problem
FROM by_member AS p
FULL JOIN by_meeting AS m ON m.chantier_id = p.chantier_id
WHERE coalesce(p.eligible, 0) <> coalesce(m.eligible, 0)
   OR coalesce(p.present, 0) <> coalesce(m.present, 0)
   OR coalesce(p.present_eligible, 0) <> coalesce(m.present_eligible, 0)
UNION ALL
SELECT chantier_id, member_id, 'present more often than eligible'
FROM marts.member_participation
WHERE meetings_present_eligible > meetings_eligible
   OR first_present_on > last_present_on
