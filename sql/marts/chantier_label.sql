-- One row per chantier: the label the dashboard shows for it. Grain: chantier_id
-- label: the chantier's name, followed by its id in parentheses when another chantier bears the
--   same name (a funder's hundreds of chantiers share names: "Chantier sur la santé mentale des
--   jeunes" in several regions). Charts, legends and pickers tell chantiers apart by their label,
--   so two namesakes are never drawn as one. Not partitioned by chantier: a new namesake changes the
--   label of the chantier already there, so the table is rebuilt whole when the chantiers change.
SELECT
    chantier_id,
    CASE
        WHEN name IS NULL THEN chantier_id
        WHEN count(*) OVER (PARTITION BY name) > 1 THEN name || ' (' || chantier_id || ')'
        ELSE name
    END AS label
FROM staging.chantiers
