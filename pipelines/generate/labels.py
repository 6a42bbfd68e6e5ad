"""Vocabulary labels as coordinators write them (French, gendered, region names or codes)."""

from __future__ import annotations

from pipelines.contract import REGIONS


FR = {
    "agenda_kind": {"reflection": "Réflexion", "production": "Production", "other": "Autre"},
    "level": {"local": "Local", "regional": "Régional", "national": "National"},
    "deliverable_type": {
        "guide": "Guide", "video": "Vidéo", "tool": "Outil", "document": "Document",
        "workshop": "Atelier", "activity": "Activité", "survey_report": "Rapport de sondage",
    },
    "channel": {
        "web": "Web", "newsletter": "Infolettre", "workshop": "Atelier", "member_network": "Réseau des membres",
        "conference": "Conférence", "social_media": "Médias sociaux", "other": "Autre",
    },
    "metric": {
        "views": "Vues", "downloads": "Téléchargements", "participants": "Participants",
        "uses_reported": "Utilisations", "adaptations": "Adaptations",
    },
    "survey_audience": {"members": "Membres", "external": "Externe", "users": "Utilisateurs"},
    "chantier_kind": {"chantier": "Chantier", "groupe_de_travail": "Groupe de travail"},
    "meeting_format": {"presentiel": "Présentiel", "virtuel": "Virtuel", "hybride": "Hybride"},
}
FR_GENDERED = {  # vocabulary -> canonical -> (masculine, feminine)
    "attendance_status": {"present": ("Présent", "Présente"), "absent": ("Absent", "Absente"),
                          "excused": ("Excusé", "Excusée")},
    "function": {"professional": ("Professionnel", "Professionnelle"), "citizen": ("Citoyen", "Citoyenne"),
                 "manager": ("Gestionnaire", "Gestionnaire"), "researcher": ("Chercheur", "Chercheuse"),
                 "elected": ("Élu", "Élue"), "other": ("Autre", "Autre")},
}
REGION_NAMES = {**REGIONS, "national": "Ensemble du Québec", "outside": "Hors Québec"}
REGION_CODES = {**{c: c for c in REGIONS}, "national": "National", "outside": "Hors Québec"}
