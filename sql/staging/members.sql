-- One row per membership of a person in a chantier. Grain: member_id, chantier_id
-- Partition: chantier_id (a view: its rows for a chantier are that chantier's, so a partial refresh reads only those)
-- Personal data (full_name, email): coordinators only.
-- A membership runs from joined_on to left_on, both days included; no left_on means ongoing, until
-- the chantier ends: a member of a chantier that ended is no longer one.
-- Derived: has_left (the member left: left_on), membership_ended_on (left_on, or the chantier's
-- ended_on when earlier or left_on is missing), is_current (the membership covers today),
-- membership_days (to membership_ended_on or to today).
SELECT
    member_id,
    chantier_id,
    joined_on,
    full_name,
    email,
    organisation,
    region,
    level,
    function,
    practice_field,
    left_on,
    left_on IS NOT NULL AS has_left,
    joined_on <= current_date AND (membership_ended_on IS NULL OR membership_ended_on >= current_date) AS is_current,
    membership_ended_on,
    date_diff('day', joined_on, coalesce(membership_ended_on, current_date)) AS membership_days,
    year(joined_on) AS joined_year,
    _file,
    _row
FROM (
    SELECT mb.*, least(mb.left_on, c.ended_on) AS membership_ended_on  -- least() skips a missing date
    FROM raw.members AS mb
    LEFT JOIN raw.chantiers AS c ON c.chantier_id = mb.chantier_id
)
