-- One row per meeting that has at least one agenda segment. Grain: meeting_id
-- Agenda minutes by kind. A meeting with no agenda loaded has no row here (its minutes
-- are unknown, not zero); a kind with no segment in a loaded agenda counts 0.
-- agenda_minutes may differ from the meeting's duration_minutes (breaks, overruns).
SELECT
    meeting_id,
    count(*) AS n_agenda_items,
    sum(minutes)::BIGINT AS agenda_minutes,
    coalesce(sum(minutes) FILTER (WHERE kind = 'reflection'), 0)::BIGINT AS reflection_minutes,
    coalesce(sum(minutes) FILTER (WHERE kind = 'production'), 0)::BIGINT AS production_minutes,
    coalesce(sum(minutes) FILTER (WHERE kind = 'other'), 0)::BIGINT AS other_minutes
FROM staging.agenda
GROUP BY meeting_id
