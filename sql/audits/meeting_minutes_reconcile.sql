-- Audit: marts.meeting has every meeting of staging.meetings, and its minutes by kind equal the agenda's, kind by kind.
WITH agenda AS (
    SELECT
        meeting_id,
        sum(minutes) FILTER (WHERE kind = 'reflection') AS reflection_minutes,
        sum(minutes) FILTER (WHERE kind = 'production') AS production_minutes,
        sum(minutes) FILTER (WHERE kind = 'other') AS other_minutes,
        sum(minutes) AS agenda_minutes
    FROM staging.agenda
    GROUP BY meeting_id
)
SELECT
    coalesce(s.meeting_id, m.meeting_id) AS meeting_id,
    CASE WHEN m.meeting_id IS NULL THEN 'missing from marts.meeting'
         WHEN s.meeting_id IS NULL THEN 'not in staging.meetings'
         ELSE 'minutes differ from the agenda' END AS problem,
    a.reflection_minutes AS agenda_reflection,
    m.reflection_minutes,
    a.production_minutes AS agenda_production,
    m.production_minutes,
    a.other_minutes AS agenda_other,
    m.other_minutes
FROM staging.meetings AS s
FULL JOIN marts.meeting AS m ON m.meeting_id = s.meeting_id
LEFT JOIN agenda AS a ON a.meeting_id = coalesce(s.meeting_id, m.meeting_id)
WHERE m.meeting_id IS NULL
   OR s.meeting_id IS NULL
   OR coalesce(a.reflection_minutes, 0) IS DISTINCT FROM coalesce(m.reflection_minutes, 0)
   OR coalesce(a.production_minutes, 0) IS DISTINCT FROM coalesce(m.production_minutes, 0)
   OR coalesce(a.other_minutes, 0) IS DISTINCT FROM coalesce(m.other_minutes, 0)
   OR a.agenda_minutes IS DISTINCT FROM m.agenda_minutes
   OR m.reflection_minutes + m.production_minutes + m.other_minutes IS DISTINCT FROM m.agenda_minutes
