-- One row per membership of a person in a chantier. Grain: member_id, chantier_id
-- Partition: chantier_id (a view: its rows for a chantier are that chantier's, so a partial refresh reads only those)
-- Personal data (full_name, email): coordinators only.
-- A membership runs from joined_on to left_on, both days included; no left_on means ongoing.
-- Derived: has_left, is_current (the membership covers today), membership_ended_on (left_on,
-- kept under an explicit name for readers), membership_days (to left_on or to today).
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
    joined_on <= current_date AND (left_on IS NULL OR left_on >= current_date) AS is_current,
    left_on AS membership_ended_on,
    date_diff('day', joined_on, coalesce(left_on, current_date)) AS membership_days,
    year(joined_on) AS joined_year,
    _file,
    _row
FROM raw.members
