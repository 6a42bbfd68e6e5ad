"""The input contract in code: sources, columns, aliases, vocabularies.

One place says what a coordinator's file may contain; readers, validation,
the warehouse DDL, the demo generator and the docs all derive from it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


def normalize_token(text: str) -> str:
    """Fold a header or a vocabulary value: no accents, lower case, words joined by '_'.

    `Durée (minutes)` -> `duree_minutes`; ` Réseau des membres ` -> `reseau_des_membres`.
    """
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


# --- vocabularies: canonical value -> accepted spellings (folded with normalize_token) ---

REGIONS: dict[str, str] = {
    "01": "Bas-Saint-Laurent",
    "02": "Saguenay–Lac-Saint-Jean",
    "03": "Capitale-Nationale",
    "04": "Mauricie",
    "05": "Estrie",
    "06": "Montréal",
    "07": "Outaouais",
    "08": "Abitibi-Témiscamingue",
    "09": "Côte-Nord",
    "10": "Nord-du-Québec",
    "11": "Gaspésie–Îles-de-la-Madeleine",
    "12": "Chaudière-Appalaches",
    "13": "Laval",
    "14": "Lanaudière",
    "15": "Laurentides",
    "16": "Montérégie",
    "17": "Centre-du-Québec",
}


def _region_spellings() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for code, name in REGIONS.items():
        folded = normalize_token(name)
        short = folded.replace("saint", "st").replace("sainte", "ste")
        out[code] = (code, str(int(code)), name, folded, short, f"{code}_{folded}")
    out["national"] = ("national", "nationale", "quebec", "ensemble_du_quebec", "tout_le_quebec")
    out["outside"] = ("outside", "hors_quebec", "outside_quebec", "hors_du_quebec", "exterieur")
    return out


VOCABULARIES: dict[str, dict[str, tuple[str, ...]]] = {
    "agenda_kind": {
        "reflection": ("reflection", "reflexion"),
        "production": ("production",),
        "other": ("other", "autre"),
    },
    "attendance_status": {
        "present": ("present", "presente"),
        "absent": ("absent", "absente"),
        "excused": ("excused", "excuse", "excusee"),
    },
    "level": {
        "local": ("local", "locale"),
        "regional": ("regional", "regionale"),
        "national": ("national", "nationale"),
    },
    "function": {
        "professional": ("professional", "professionnel", "professionnelle"),
        "citizen": ("citizen", "citoyen", "citoyenne"),
        "manager": ("manager", "gestionnaire"),
        "researcher": ("researcher", "chercheur", "chercheuse"),
        "elected": ("elected", "elu", "elue", "elected_official"),
        "other": ("other", "autre"),
    },
    "region": _region_spellings(),
    "deliverable_type": {
        "guide": ("guide",),
        "video": ("video",),
        "tool": ("tool", "outil"),
        "document": ("document",),
        "workshop": ("workshop", "atelier"),
        "activity": ("activity", "activite"),
        "survey_report": ("survey_report", "rapport_de_sondage", "rapport_sondage", "survey report"),
    },
    "channel": {
        "web": ("web", "site_web", "internet"),
        "newsletter": ("newsletter", "infolettre"),
        "workshop": ("workshop", "atelier"),
        "member_network": ("member_network", "reseau_des_membres", "reseau_membres"),
        "conference": ("conference",),
        "social_media": ("social_media", "medias_sociaux", "reseaux_sociaux"),
        "other": ("other", "autre"),
    },
    "metric": {
        "views": ("views", "vues", "visionnements"),
        "downloads": ("downloads", "telechargements"),
        "participants": ("participants", "participantes"),
        "uses_reported": ("uses_reported", "utilisations", "utilisations_rapportees"),
        "adaptations": ("adaptations",),
    },
    "survey_audience": {
        "members": ("members", "membres"),
        "external": ("external", "externe"),
        "users": ("users", "utilisateurs", "utilisatrices"),
    },
    "chantier_kind": {
        "chantier": ("chantier", "chantier_partenarial"),
        "groupe_de_travail": ("groupe_de_travail", "working_group", "workgroup", "groupe"),
    },
    "meeting_format": {
        "presentiel": ("presentiel", "in_person", "en_personne"),
        "virtuel": ("virtuel", "virtual", "en_ligne", "online"),
        "hybride": ("hybride", "hybrid"),
    },
}


def vocabulary_lookup(vocabulary: str) -> dict[str, str]:
    """Folded spelling -> canonical value, for one vocabulary."""
    return {
        normalize_token(spelling): canonical
        for canonical, spellings in VOCABULARIES[vocabulary].items()
        for spelling in (canonical, *spellings)
    }


# Likert labels scored 1-5 (folded). Feminine forms and the English scales included.
LIKERT_SCORES: dict[str, int] = {
    normalize_token(label): score
    for score, labels in {
        1: ("Pas du tout d'accord", "Tout à fait en désaccord", "Totalement en désaccord", "Strongly disagree",
            "Très insatisfait", "Très insatisfaite", "Very dissatisfied"),
        2: ("Plutôt en désaccord", "En désaccord", "Disagree", "Somewhat disagree",
            "Insatisfait", "Insatisfaite", "Dissatisfied"),
        3: ("Neutre", "Neutral", "Ni d'accord ni en désaccord", "Ni en accord ni en désaccord",
            "Neither agree nor disagree",
            "Ni satisfait ni insatisfait", "Ni satisfaite ni insatisfaite",
            "Neither satisfied nor dissatisfied"),
        4: ("Plutôt d'accord", "D'accord", "Plutôt en accord", "En accord", "Agree", "Somewhat agree",
            "Satisfait", "Satisfaite", "Satisfied"),
        5: ("Tout à fait d'accord", "Tout à fait en accord", "Totalement en accord", "Totalement d'accord",
            "Strongly agree", "Très satisfait", "Très satisfaite",
            "Very satisfied"),
    }.items()
    for label in labels
}


# --- sources ---------------------------------------------------------------

# Column kinds: text, id (text, trimmed, required to be non-empty when required),
# date, period (a date or a month alone), integer, number, vocab:<name>, answer.


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    personal: bool = False

    @property
    def vocabulary(self) -> str | None:
        return self.kind.split(":", 1)[1] if self.kind.startswith("vocab:") else None


@dataclass(frozen=True)
class Reference:
    """Rows whose `columns` do not match a known row of `target` wait in quarantine.

    `optional` references are checked only when the column has a value.
    """

    columns: tuple[str, ...]
    target: str
    target_columns: tuple[str, ...]
    optional: bool = False


@dataclass(frozen=True)
class Source:
    name: str
    label_fr: str
    stems: tuple[str, ...]  # file-stem prefixes and sheet names, folded
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    references: tuple[Reference, ...] = field(default=())

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


C = Column

SOURCES: tuple[Source, ...] = (
    Source(
        "chantiers", "chantiers", ("chantiers", "chantier", "workgroups"), ("chantier_id",),
        (
            C("chantier_id", "id", True, ("chantier", "id_chantier", "id")),
            C("name", "text", True, ("nom", "nom_du_chantier")),
            C("started_on", "date", True, ("date_debut", "debut")),
            C("theme", "text", False, ("theme", "thematique")),
            C("kind", "vocab:chantier_kind", False, ("type", "nature")),
            C("ended_on", "date", False, ("date_fin", "fin")),
            C("funder", "text", False, ("bailleur", "bailleur_de_fonds")),
        ),
    ),
    Source(
        "members", "membres", ("members", "membres", "member", "membre"), ("member_id", "chantier_id"),
        (
            C("member_id", "id", True, ("membre_id", "id_membre", "membre")),
            C("chantier_id", "id", True, ("chantier", "id_chantier")),
            C("joined_on", "date", True, ("date_arrivee", "arrivee", "date_d_arrivee")),
            C("full_name", "text", False, ("nom_complet", "nom"), personal=True),
            C("email", "text", False, ("courriel", "e_mail", "adresse_courriel"), personal=True),
            C("organisation", "text", False, ("organisme", "organization")),
            C("region", "vocab:region", False, ("region",)),
            C("level", "vocab:level", False, ("palier", "niveau")),
            C("function", "vocab:function", False, ("fonction",)),
            C("practice_field", "text", False, ("champ_de_pratique", "secteur")),
            C("left_on", "date", False, ("date_depart", "depart", "date_de_depart")),
        ),
        (Reference(("chantier_id",), "chantiers", ("chantier_id",)),),
    ),
    Source(
        "meetings", "rencontres", ("meetings", "rencontres", "meeting", "rencontre"), ("meeting_id",),
        (
            C("meeting_id", "id", True, ("rencontre_id", "id_rencontre", "rencontre")),
            C("chantier_id", "id", True, ("chantier", "id_chantier")),
            C("held_on", "date", True, ("date", "date_rencontre", "date_de_la_rencontre")),
            C("duration_minutes", "integer", True, ("duree_minutes", "duree", "duree_min")),
            C("format", "vocab:meeting_format", False, ("modalite",)),
            C("stage", "text", False, ("etape",)),
        ),
        (Reference(("chantier_id",), "chantiers", ("chantier_id",)),),
    ),
    Source(
        "agenda", "ordre du jour", ("agenda", "ordre_du_jour", "ordres_du_jour", "odj"), ("meeting_id", "item"),
        (
            C("meeting_id", "id", True, ("rencontre_id", "id_rencontre", "rencontre")),
            C("item", "id", True, ("point", "no_point", "numero")),
            C("kind", "vocab:agenda_kind", True, ("nature", "type")),
            C("minutes", "integer", True, ("duree_minutes", "duree", "duree_min")),
            C("notes", "text", False, ("remarques", "commentaires")),
        ),
        (Reference(("meeting_id",), "meetings", ("meeting_id",)),),
    ),
    Source(
        "attendance", "présences", ("attendance", "presences", "presence"), ("meeting_id", "member_id"),
        (
            C("meeting_id", "id", True, ("rencontre_id", "id_rencontre", "rencontre")),
            C("member_id", "id", True, ("membre_id", "id_membre", "membre")),
            C("status", "vocab:attendance_status", True, ("statut", "presence")),
        ),
        (
            Reference(("meeting_id",), "meetings", ("meeting_id",)),
            # A member is known to a meeting when they are a member of its chantier.
            Reference(("meeting_id", "member_id"), "members", ("meeting_id", "member_id")),
        ),
    ),
    Source(
        "deliverables", "livrables", ("deliverables", "livrables", "deliverable", "livrable"), ("deliverable_id",),
        (
            C("deliverable_id", "id", True, ("livrable_id", "id_livrable", "livrable")),
            C("chantier_id", "id", True, ("chantier", "id_chantier")),
            C("title", "text", True, ("titre",)),
            C("type", "vocab:deliverable_type", True, ("type_de_livrable",)),
            C("audience", "text", False, ("public", "public_cible")),
            C("production_started_on", "date", False, ("debut_production", "debut_de_production")),
            C("released_on", "date", False, ("date_diffusion", "diffuse_le", "date_de_diffusion")),
        ),
        (Reference(("chantier_id",), "chantiers", ("chantier_id",)),),
    ),
    Source(
        "diffusion", "suivis de diffusion", ("diffusion", "suivis", "suivi", "suivis_diffusion", "followups"),
        ("deliverable_id", "observed_on", "channel", "region", "metric"),
        (
            C("deliverable_id", "id", True, ("livrable_id", "id_livrable", "livrable")),
            C("observed_on", "period", True, ("date", "periode", "mois")),
            C("channel", "vocab:channel", True, ("canal",)),
            C("metric", "vocab:metric", True, ("mesure", "indicateur")),
            C("value", "number", True, ("valeur",)),
            C("region", "vocab:region", False, ("region",)),
        ),
        (Reference(("deliverable_id",), "deliverables", ("deliverable_id",)),),
    ),
    Source(
        "surveys", "sondages", ("surveys", "sondages", "survey", "sondage"), ("survey_id",),
        (
            C("survey_id", "id", True, ("sondage_id", "id_sondage", "sondage")),
            C("title", "text", True, ("titre",)),
            C("audience", "vocab:survey_audience", True, ("public", "public_cible")),
            C("chantier_id", "id", False, ("chantier", "id_chantier")),
            C("deliverable_id", "id", False, ("livrable_id", "id_livrable", "livrable")),
            C("fielded_on", "date", False, ("date", "date_sondage", "date_de_collecte")),
        ),
        (
            Reference(("chantier_id",), "chantiers", ("chantier_id",), optional=True),
            Reference(("deliverable_id",), "deliverables", ("deliverable_id",), optional=True),
        ),
    ),
    Source(
        "responses", "réponses", ("responses", "reponses", "response", "reponse"),
        ("survey_id", "respondent_id", "question_id"),
        (
            C("survey_id", "id", True, ("sondage_id", "id_sondage", "sondage")),
            C("respondent_id", "id", True, ("repondant_id", "id_repondant", "repondant")),
            C("question_id", "id", True, ("question_no", "no_question", "id_question")),
            C("answer", "answer", True, ("reponse",), personal=False),
            C("question", "text", False, ("libelle", "intitule", "texte_question")),
        ),
        (Reference(("survey_id",), "surveys", ("survey_id",)),),
    ),
)

SOURCE_BY_NAME: dict[str, Source] = {s.name: s for s in SOURCES}
LOAD_ORDER: tuple[str, ...] = tuple(s.name for s in SOURCES)

# Headers that survey tools add about the respondent, in wide response files.
# Words that mark a column about the respondent (personal data, never a question) in survey exports:
# "Adresse e-mail", "Adresse de messagerie", "Email Address", "Nom", "Prénom", "Téléphone"...
RESPONDENT_PERSONAL_TOKENS = {
    "nom", "prenom", "name", "courriel", "email", "mail", "messagerie", "telephone", "phone", "cellulaire",
}
# Columns survey tools add about the submission itself (not questions, not personal), as `header_key` folds them.
SUBMISSION_METADATA_HEADERS = {
    "heure_debut", "heure_fin", "start_time", "completion_time", "end_time", "adresse_ip", "ip_address",
    "collector_id", "collecteur", "id_collecteur", "derniere_modification", "last_modified_time",
}


def is_personal_header(folded: str) -> bool:
    """A survey export column about the respondent (`folded` by `header_key`, so "Adresse de courriel du
    répondant" counts three words): any of its words is a personal-data word."""
    words = folded.split("_")
    # A question may mention a name ("Quel est le nom de votre organisme ?"): only short headers count.
    return len(words) <= 4 and bool(set(words) & RESPONDENT_PERSONAL_TOKENS)


RESPONDENT_ID_HEADERS = {"respondent_id", "repondant_id", "id_repondant", "repondant", "id", "response_id"}
TIMESTAMP_HEADERS = {"horodateur", "horodatage", "timestamp", "date_soumission", "submitted_at",
                     "submitdate", "date"}


def source_for_stem(stem: str) -> Source | None:
    """The source a file stem (or sheet name) names: `presences-hiver` -> attendance.

    The longest matching prefix wins, so `ordre_du_jour_2015` is agenda, not something shorter.
    """
    folded = normalize_token(stem)
    best: tuple[int, Source] | None = None
    for source in SOURCES:
        for prefix in (source.name, *source.stems):
            p = normalize_token(prefix)
            if folded == p or folded.startswith(p + "_") or folded.startswith(p) and folded[len(p):].isdigit():
                if best is None or len(p) > best[0]:
                    best = (len(p), source)
    return best[1] if best else None


# Small French words a header may hold or leave out between two others: `Date de début` is
# `date_debut`, `Date d'arrivée` is `date_arrivee`, `Date de la rencontre` is `date_rencontre`. Only
# between two words: `diffuse_le` (released_on) must not become `diffuse`, a yes/no column's header.
# No two columns of a source differ only by them (tests/test_forms.py).
HEADER_FILLERS = frozenset({"de", "du", "des", "d", "la", "le", "les", "l"})


def header_key(text: str) -> str:
    """A header folded for matching: `normalize_token`, without the small words (HEADER_FILLERS)
    between two other words."""
    words = normalize_token(text).split("_")
    return "_".join(w for i, w in enumerate(words) if w not in HEADER_FILLERS or i in (0, len(words) - 1))


def header_map(source: Source) -> dict[str, str]:
    """Header key (`header_key`) -> canonical column name for one source."""
    mapping: dict[str, str] = {}
    for column in source.columns:
        for alias in column.aliases:
            mapping.setdefault(header_key(alias), column.name)
    for column in source.columns:  # canonical names win over another column's alias
        mapping[header_key(column.name)] = column.name
    return mapping


SQL_TYPES = {"id": "VARCHAR", "text": "VARCHAR", "answer": "VARCHAR", "date": "DATE", "period": "DATE",
             "integer": "INTEGER", "number": "DOUBLE"}


def raw_columns() -> dict[str, list[tuple[str, str]]]:
    """source -> [(column, DuckDB type)] of its raw table, in contract order.

    Vocabulary columns hold the canonical English value; `responses` also gets
    `score` (1-5 for a Likert answer, else NULL).
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for source in SOURCES:
        cols = [(c.name, SQL_TYPES.get(c.kind, "VARCHAR")) for c in source.columns]
        if source.name == "responses":
            cols.append(("score", "TINYINT"))
        out[source.name] = cols
    return out


# How each vocabulary value is written for a French reader (messages, dashboard labels).
VOCABULARY_LABELS_FR: dict[str, dict[str, str]] = {
    "agenda_kind": {"reflection": "réflexion", "production": "production", "other": "autre"},
    "attendance_status": {"present": "présent", "absent": "absent", "excused": "excusé"},
    "level": {"local": "local", "regional": "régional", "national": "national"},
    "function": {"professional": "professionnel", "citizen": "citoyen", "manager": "gestionnaire",
                 "researcher": "chercheur", "elected": "élu", "other": "autre"},
    "deliverable_type": {"guide": "guide", "video": "vidéo", "tool": "outil", "document": "document",
                         "workshop": "atelier", "activity": "activité", "survey_report": "rapport de sondage"},
    "channel": {"web": "web", "newsletter": "infolettre", "workshop": "atelier",
                "member_network": "réseau des membres", "conference": "conférence",
                "social_media": "médias sociaux", "other": "autre"},
    "metric": {"views": "vues", "downloads": "téléchargements", "participants": "participants",
               "uses_reported": "utilisations", "adaptations": "adaptations"},
    "survey_audience": {"members": "membres", "external": "externe", "users": "utilisateurs"},
    "chantier_kind": {"chantier": "chantier", "groupe_de_travail": "groupe de travail"},
    "meeting_format": {"presentiel": "présentiel", "virtuel": "virtuel", "hybride": "hybride"},
}


def source_keys() -> dict[str, tuple[str, ...]]:
    """source -> natural key, in load order."""
    return {s.name: s.key for s in SOURCES}
