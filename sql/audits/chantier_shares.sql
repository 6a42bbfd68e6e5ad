-- Audit: each agenda share of marts.chantier lies within [0, 1] and the reflection and production shares sum to at most 1.
SELECT chantier_id, reflection_share, production_share, other_share
FROM marts.chantier
WHERE reflection_share NOT BETWEEN 0 AND 1
   OR production_share NOT BETWEEN 0 AND 1
   OR other_share NOT BETWEEN 0 AND 1
   OR reflection_share + production_share > 1 + 1e-9
   OR abs(reflection_share + production_share + other_share - 1) > 1e-9
   -- shares exist exactly when agenda minutes do
   OR (reflection_share IS NULL) <> (coalesce(agenda_minutes, 0) = 0)
