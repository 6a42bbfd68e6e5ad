-- One row per agenda segment of a meeting. Grain: meeting_id, item
-- kind is reflection, production or other. item is text ("1", "2a"); item_number is its
-- numeric value when it has one, to sort segments in their natural order.
SELECT
    meeting_id,
    item,
    kind,
    minutes,
    notes,
    try_cast(item AS INTEGER) AS item_number,
    _file,
    _row
FROM raw.agenda
