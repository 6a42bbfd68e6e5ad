"""Every message a coordinator reads about their files, in French and English.

Messages are stored in the warehouse in both languages (audit tables), so the
dashboard and the CLI show the reader's language without re-deriving anything.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

CATALOG: dict[str, tuple[str, str]] = {
    # whole files
    "file_missing": ("{path} : fichier introuvable.", "{path}: file not found."),
    "file_format": (
        "{path} : format « {suffix} » non pris en charge (attendu : CSV ou XLSX).",
        "{path}: format '{suffix}' not supported (expected CSV or XLSX).",
    ),
    "file_unknown_source": (
        "{path} : le nom du fichier ne dit pas ce qu'il contient. Nommez-le d'après la source "
        "(ex. membres.csv, rencontres.xlsx, presences-hiver.csv).",
        "{path}: the file name does not say what it holds. Name it after its source "
        "(e.g. members.csv, meetings.xlsx, attendance-winter.csv).",
    ),
    "workbook_unknown_source": (
        "{path} : aucune feuille ne porte le nom d'une source (feuilles : {sheets}) et le nom du "
        "classeur n'en désigne aucune.",
        "{path}: no sheet is named after a source (sheets: {sheets}) and the workbook's name names none.",
    ),
    "same_file_name": (
        "{path} : ce chargement contient aussi {others}, du même nom. Un fichier est identifié par son nom : "
        "l'un remplacerait l'autre comme nouvelle version (ses rejets, ses lignes en attente). Donnez-leur des "
        "noms différents (ex. presences-2019.csv, presences-2020.csv) ; aucun n'est chargé.",
        "{path}: this load also holds {others}, of the same name. A file is identified by its name: one would "
        "replace the other as a new version (its rejects, its waiting rows). Give them different names "
        "(e.g. attendance-2019.csv, attendance-2020.csv); none of them is loaded.",
    ),
    "file_empty": ("{path} : fichier vide, aucune ligne à charger.", "{path}: empty file, no row to load."),
    "file_open_quote": (
        "{path} : guillemet ouvert à la ligne {row}, colonne « {column} », qui ne se ferme pas à la fin de la "
        "cellule : les lignes suivantes seraient lues comme le texte de cette cellule. Le fichier n'est pas "
        "chargé ; fermez ce guillemet (un guillemet dans le texte s'écrit deux fois : \"\").",
        "{path}: a quote opened on row {row}, column '{column}', does not close at the cell's end: the rows "
        "below would be read as the text of that cell. The file is not loaded; close that quote (a quote inside "
        "the text is written twice: \"\").",
    ),
    "file_open_quote_nth": (
        "{path} : guillemet ouvert à la ligne {row}, colonne n° {n}, qui ne se ferme pas à la fin de la cellule : "
        "les lignes suivantes seraient lues comme le texte de cette cellule. Le fichier n'est pas chargé ; "
        "fermez ce guillemet (un guillemet dans le texte s'écrit deux fois : \"\").",
        "{path}: a quote opened on row {row}, column {n}, does not close at the cell's end: the rows below would "
        "be read as the text of that cell. The file is not loaded; close that quote (a quote inside the text is "
        "written twice: \"\").",
    ),
    "sheet_empty": ("{path} [{sheet}] : feuille vide.", "{path} [{sheet}]: empty sheet."),
    "file_not_text": (
        "{path} : ce n'est pas un fichier texte CSV (un classeur ou un PDF renommé ?). Enregistrez-le en CSV "
        "ou en XLSX.",
        "{path}: not a CSV text file (a workbook or a PDF renamed?). Save it as CSV or XLSX.",
    ),
    "workbook_unreadable": (
        "{path} : classeur illisible (fichier endommagé, protégé par mot de passe ou pas un vrai XLSX). "
        "Ouvrez-le dans Excel et enregistrez-le de nouveau en XLSX.",
        "{path}: unreadable workbook (damaged, password-protected or not a real XLSX). Open it in Excel "
        "and save it again as XLSX.",
    ),
    "missing_columns": (
        "{path} : colonne(s) obligatoire(s) absente(s) : {columns}. En-têtes trouvés : {found}.",
        "{path}: required column(s) missing: {columns}. Headers found: {found}.",
    ),
    "ambiguous_columns": (
        "{path} : les colonnes {headers} désignent toutes « {column} » ; gardez-en une seule.",
        "{path}: columns {headers} all mean '{column}'; keep only one.",
    ),
    "wide_no_survey": (
        "{path} : réponses en format large sans identifiant de sondage. Nommez le fichier "
        "responses_<sondage>.csv ou ajoutez une colonne sondage_id.",
        "{path}: wide-format responses without a survey id. Name the file responses_<survey>.csv "
        "or add a survey_id column.",
    ),
    "wide_no_questions": (
        "{path} : réponses en format large sans aucune colonne de question.",
        "{path}: wide-format responses without any question column.",
    ),
    "wide_summary": (
        "format large : {respondents} répondant(s) × {questions} question(s) = {answers} réponse(s) non vides",
        "wide format: {respondents} respondent(s) × {questions} question(s) = {answers} non-empty answer(s)",
    ),
    "file_unchanged": (
        "{path} : déjà chargé (lot {batch}), rien n'a changé.",
        "{path}: already loaded (batch {batch}), nothing changed.",
    ),
    "file_loaded": (
        "{path} : {accepted} ligne(s) acceptée(s), {rejected} rejetée(s), {quarantined} en attente.",
        "{path}: {accepted} row(s) accepted, {rejected} rejected, {quarantined} waiting.",
    ),
    "identical_repeats": (
        "{n} ligne(s) répétée(s) à l'identique, comptée(s) une fois",
        "{n} row(s) repeated identically, counted once",
    ),
    "previous_version_kept": (
        "{n} ligne(s) rejetée(s) gardent dans l'entrepôt leur version du chargement précédent de ce fichier",
        "{n} rejected row(s) keep in the warehouse their version from this file's previous load",
    ),
    "waiting_previous_kept": (
        "{n} ligne(s) en attente gardent dans l'entrepôt, d'ici là, la version déjà chargée de leur clé",
        "{n} waiting row(s) keep in the warehouse, meanwhile, the version of their key already loaded",
    ),
    "previous_rows_absent": (
        "{n} ligne(s) de la version précédente, absente(s) de celle-ci, reste(nt) dans l'entrepôt : retirer "
        "une ligne du fichier ne la retire pas",
        "{n} row(s) of the previous version, absent from this one, stay in the warehouse: removing a row from "
        "the file does not remove it",
    ),
    "settled_other_file": (
        "{n} ligne(s) rejetée(s) de {file} réglée(s) : ce fichier-ci apporte leurs clés",
        "{n} rejected row(s) of {file} settled: this file brings their keys",
    ),
    "superseded_other_rejects": (
        "{n} ligne(s) rejetée(s) de {file} remplacée(s) par les rejets de ce fichier-ci : mêmes clés",
        "{n} rejected row(s) of {file} replaced by this file's rejects: same keys",
    ),
    "taken_over_other_file": (
        "{n} ligne(s) de {file} reprise(s) telles quelles : ce fichier-ci les porte maintenant",
        "{n} row(s) of {file} taken over unchanged: this file holds them now",
    ),
    "replaced_other_file": (
        "{n} ligne(s) de {file} remplacée(s) : même clé, ce fichier-ci l'emporte",
        "{n} row(s) of {file} replaced: same key, this file wins",
    ),
    # rows
    "missing_value": ("valeur obligatoire manquante", "required value missing"),
    "bad_date": (
        "date illisible « {value} » (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)",
        "unreadable date '{value}' (expected YYYY-MM-DD or DD/MM/YYYY)",
    ),
    "impossible_date": (
        "date impossible « {value} » (ce jour n'existe pas ; les dates s'écrivent jour/mois/année)",
        "impossible date '{value}' (no such day; dates are written day/month/year)",
    ),
    "not_finite": ("nombre impossible « {value} »", "impossible number '{value}'"),
    "bad_period": (
        "période illisible « {value} » (attendu : AAAA-MM, AAAA-MM-JJ ou JJ/MM/AAAA)",
        "unreadable period '{value}' (expected YYYY-MM, YYYY-MM-DD or DD/MM/YYYY)",
    ),
    "impossible_period": (
        "période impossible « {value} » (mois de 1 à 12, jour existant)",
        "impossible period '{value}' (month 1 to 12, an existing day)",
    ),
    "month_first_date": (
        "date « {value} » écrite mois/jour : les dates s'écrivent jour/mois/année ou AAAA-MM-JJ",
        "date '{value}' written month/day: dates are written day/month/year or YYYY-MM-DD",
    ),
    "date_out_of_range": (
        "date hors limites « {value} » (années 1990 à 2100)",
        "date out of range '{value}' (years 1990 to 2100)",
    ),
    "bad_integer": ("nombre entier attendu, reçu « {value} »", "whole number expected, got '{value}'"),
    "bad_number": ("nombre attendu, reçu « {value} »", "number expected, got '{value}'"),
    "negative": ("valeur négative « {value} » impossible", "negative value '{value}' not possible"),
    "not_positive": ("la durée doit être plus grande que zéro", "the duration must be greater than zero"),
    "bad_vocab": (
        "valeur inconnue « {value} » (valeurs permises : {allowed})",
        "unknown value '{value}' (allowed values: {allowed})",
    ),
    "conflict": (
        "clé {key} répétée aux lignes {rows} avec des valeurs différentes en {columns} : toutes rejetées",
        "key {key} repeated on rows {rows} with different values in {columns}: all rejected",
    ),
    "conflict_with_rejected": (
        "clé {key} répétée aux lignes {rows}, dont une rejetée pour une de ses cellules : toutes rejetées",
        "key {key} repeated on rows {rows}, one of them rejected for a cell of its own: all rejected",
    ),
    "ended_before_start": (
        "la date de fin précède la date de début",
        "the end date is before the start date",
    ),
    "left_before_joined": (
        "la date de départ précède la date d'arrivée",
        "the leaving date is before the joining date",
    ),
    # quarantine
    "unknown_reference": (
        "{target} « {value} » inconnu(e) pour l'instant : la ligne attend son chargement",
        "{target} '{value}' not known yet: the row waits for it to be loaded",
    ),
    # warnings
    "agenda_over_duration": (
        "l'ordre du jour totalise {agenda} min pour une rencontre de {duration} min",
        "the agenda adds up to {agenda} min for a {duration}-min meeting",
    ),
    "present_outside_membership": (
        "présence notée hors de la période d'adhésion du membre",
        "attendance recorded outside the member's membership dates",
    ),
    "released_before_production": (
        "diffusé avant le début de sa production",
        "released before its production started",
    ),
}


@dataclass(frozen=True)
class Message:
    code: str
    params: dict = field(default_factory=dict)

    def __init__(self, code: str, **params):
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", params)

    @property
    def fr(self) -> str:
        return CATALOG[self.code][0].format(**{k: written(v, "fr") for k, v in self.params.items()})

    @property
    def en(self) -> str:
        return CATALOG[self.code][1].format(**{k: written(v, "en") for k, v in self.params.items()})

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


def written(value: object, lang: str) -> object:
    """A count as the language writes it (`4 901` / `4,901`); anything else as it is (a value from a
    file is quoted as written)."""
    if isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}"
        return text.replace(",", "\u00a0") if lang == "fr" else text
    if isinstance(value, tuple):  # names quoted as the language quotes: « Titre », « titre » / 'Titre', 'titre'
        return ", ".join(f"« {v} »" if lang == "fr" else f"'{v}'" for v in value)
    return value


def moment(value: datetime.datetime, lang: str) -> str:
    """A load's time as the language writes it: `28 nov. 2026, 9 h 05` / `Nov 28, 2026, 09:05`."""
    from babel.dates import format_datetime

    if lang == "en":
        return format_datetime(value, "MMM d, y, HH:mm", locale="en_CA")
    text = format_datetime(value, "d MMM y, H 'h' mm", locale="fr_CA")
    return "1er " + text[2:] if value.day == 1 else text  # 1er déc. 2026


def table_label(file_name: str, sheet: str | None) -> str:
    """How messages name a table: the file, and its sheet for a workbook (`suivis.xlsx [livrables]`)."""
    return f"{file_name} [{sheet}]" if sheet else file_name
