-- Audit: no two chantiers share a label in marts.chantier_label (the dashboard tells chantiers apart by it;
-- only a name written like another chantier's label, "Petite enfance (C1)", could make two meet).
SELECT label, count(*) AS n_chantiers
FROM marts.chantier_label
GROUP BY label
HAVING count(*) > 1
