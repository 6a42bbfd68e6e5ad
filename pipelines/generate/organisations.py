"""Practice fields and the organisation names of members, by field, level and region."""

from __future__ import annotations

from pipelines.contract import REGIONS
from pipelines.generate.labels import REGION_NAMES


_DEMO_FIELDS = ("Santé publique", "Environnement", "Développement territorial", "Lutte contre la pauvreté",
                "Participation citoyenne", "Philanthropie", "Développement communautaire", "Éducation")
_ORGS = {
    "Santé publique": ("Centre de santé et de services sociaux", "Direction régionale de santé publique",
                       "Réseau provincial en santé publique"),
    "Environnement": ("Comité environnemental local", "Conseil régional de l'environnement",
                      "Regroupement provincial en environnement"),
    "Développement territorial": ("Municipalité", "MRC, service de développement du territoire",
                                  "Réseau provincial de développement territorial"),
    "Lutte contre la pauvreté": ("Table locale de lutte contre la pauvreté", "Alliance régionale pour la solidarité",
                                 "Collectif provincial pour la solidarité"),
    "Participation citoyenne": ("Comité de citoyens", "Forum citoyen régional", "Institut de la participation citoyenne"),
    "Philanthropie": ("Fonds communautaire local", "Fondation communautaire régionale",
                      "Fondation privée à vocation sociale"),
    "Développement communautaire": ("Corporation de développement communautaire",
                                    "Table régionale des organismes communautaires",
                                    "Réseau provincial de développement communautaire"),
    "Éducation": ("Centre de services scolaire", "Instance régionale de concertation en persévérance scolaire",
                  "Université, équipe de recherche en éducation"),
}
_LEVEL_INDEX = {"local": 0, "regional": 1, "national": 2}


def _org_name(field: str, level: str, region: str, function: str, female: bool = False) -> str | None:
    if function == "citizen":
        return None
    if function == "other":
        return "Travailleuse autonome (consultation)" if female else "Travailleur autonome (consultation)"
    if function == "researcher":
        return "Université, chaire de recherche en développement des communautés" + (
            f" ({REGION_NAMES[region]})" if region in REGIONS else "")
    if function == "elected":
        return f"Municipalité ({REGION_NAMES[region]})"
    base = _ORGS[field][_LEVEL_INDEX[level]]
    return base if level == "national" or region not in REGIONS else f"{base} ({REGION_NAMES[region]})"
