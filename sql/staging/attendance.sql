-- One row per member at a meeting. Grain: meeting_id, member_id
-- status is present, absent or excused; only present counts as attending (excused is not present).
SELECT
    meeting_id,
    member_id,
    status,
    status = 'present' AS is_present,
    _file,
    _row
FROM raw.attendance
