"""Write contract-valid input files: the bundled demo (scale 1) and synthetic populations.

`generate(out_dir, scale=1)` writes THE DEMO: the four chantiers of the source
document (évolution des pratiques, développement des compétences, conditions
favorables, groupe de travail sur l'évaluation), their fictional members,
meetings, agendas, attendance, the deliverables of annex 2, their diffusion
follow-ups and the surveys, in the mixed forms coordinators really produce
(Windows-1252 and semicolons, Excel date cells, day-first dates, French
headers and vocabulary, a wide survey-tool export...).

`generate(out_dir, scale=N)` for any other N writes a synthetic population of
about N chantiers (N=1000: ~1,000 chantiers, 50,000 memberships, 40,000
meetings, 2 million attendance rows, 1 million survey answers), vectorized
with numpy and polars, in the same forms but mostly CSV. `messy` (default 0
for the demo, 0.01 otherwise) is the share of bad rows injected per file,
plus as many rows of harmless mess.

Everything is deterministic for a given (scale, seed, messy): reruns are
byte-identical (fixed workbook properties, no clock, no hash ordering).

People are fictional: names come from common Québec first and last names,
none of which is a first or last name of the people listed in the source
document's annex 1; e-mails are at example.org.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

from pipelines.contract import REGIONS, SOURCE_BY_NAME

__all__ = ["generate", "write_demo", "write_demo_messy", "Counts", "DEMO_SURVEYS", "DEMO_WIDE_FILE"]

EPOCH = date(1970, 1, 1)
DEMO_SNAPSHOT = date(2017, 6, 15)  # the demo is a picture of the files in June 2017
SYNTH_SNAPSHOT = date(2025, 6, 30)
WORKBOOK_CREATED = datetime(2017, 6, 15, 9, 0, 0)
DEMO_WIDE_FILE = "responses_membres2016.xlsx"
DEMO_SURVEYS = {
    "membres2016": "members' end-of-cycle survey (wide export, responses_membres2016.xlsx)",
    "elus2014": "survey of municipal elected officials, 368 respondents (long, reponses.csv)",
    "evaluation2014": "survey on evaluation practices, 188 respondents (long, reponses.csv)",
    "competences2015": "satisfaction survey on the competences document (long, reponses.csv)",
}


class Counts(dict):
    """Rows written per source (a dict), plus what was injected.

    `bad`: rows per source that a correct loader must reject or quarantine
    (a conflicting duplicate counts its two rows; a missing or broken parent
    row also sends its children to quarantine, which is not counted here).
    `harmless`: rows per source carrying harmless mess (spaces, case, accents).
    `files`: the files written, relative to out_dir.
    For `responses`, a row is an answer (a non-empty cell of a wide export).
    """

    def __init__(self) -> None:
        super().__init__()
        self.bad: dict[str, int] = {}
        self.harmless: dict[str, int] = {}
        self.files: list[str] = []


# --------------------------------------------------------------------------
# Fictional names (none is a first or last name of annex 1 of the document)
# --------------------------------------------------------------------------

FEMALE_FIRST = (
    "Nathalie", "Josée", "Mélanie", "Annie", "Stéphanie", "Émilie", "Caroline", "Nancy", "Sylvie",
    "Johanne", "Manon", "Louise", "Lucie", "Hélène", "Diane", "Mylène", "Audrey", "Marie-Ève",
    "Véronique", "Andrée-Anne", "Amélie", "Nadia", "Josiane", "Line", "Guylaine", "Brigitte",
    "Danielle", "Francine", "Lise", "Martine", "Marie-Hélène", "Marie-Pier", "Roxanne", "Maryse",
    "Chloé", "Camille", "Gabrielle", "Noémie", "Mireille", "Céline", "Jacinthe", "Ariane", "Évelyne",
    "Kathleen", "Marjolaine", "Renée", "Sandra", "Judith",
)
MALE_FIRST = (
    "Stéphane", "Daniel", "Michel", "Luc", "Patrick", "Éric", "Simon", "Mathieu", "Jean-Philippe",
    "Marc-André", "Guillaume", "Nicolas", "Yves", "Denis", "Sylvain", "Richard", "Mario", "Louis",
    "Hugues", "Maxime", "Gilles", "Pascal", "Jacques", "Serge", "Marc", "Carl", "Dominic",
    "Alexandre", "Olivier", "Samuel", "Gabriel", "Félix", "Jonathan", "Benoît", "Yannick", "David",
    "Christian", "Raymond", "Gaétan", "Jean-Sébastien", "Réal", "Bruno", "Francis", "Karl", "Hugo",
    "Antoine",
)
LAST_NAMES = (
    "Tremblay", "Gagnon", "Bouchard", "Gagné", "Bélanger", "Girard", "Boucher", "Caron", "Beaulieu",
    "Cloutier", "Dubé", "Poirier", "Leblanc", "Lefebvre", "Paquette", "Nadeau", "Bergeron", "Lavoie",
    "Thibault", "Séguin", "Dion", "Hébert", "Lachance", "Leclerc", "Vachon", "Ménard", "Charbonneau",
    "Lapointe", "Deschênes", "Lacroix", "Savard", "Boivin", "Brisson", "Rioux", "Landry", "Lessard",
    "Desjardins", "Proulx", "Harvey", "Demers", "Paradis", "Plante", "Martel", "Perreault", "Cyr",
    "Couture", "Lavallée", "Turcotte", "Dufour", "Vaillancourt", "Bourque", "Mercier", "Tessier",
    "Gosselin", "Labelle", "Picard", "Lambert", "Bédard", "Fournier", "Dumont", "Beaudoin", "Émond",
    "Lalonde", "Larouche", "Tardif", "Roberge", "Boudreau", "Blais", "Belzile", "Fillion", "Giroux",
    "Bisson", "Veilleux", "Lemieux", "Huard", "Labrecque", "Asselin", "Moreau", "Villeneuve", "Ouimet",
    "Carrier", "Bolduc",
)


def _ascii(text: str) -> str:
    """`Marie-Ève Lavallée` -> `marie-eve lavallee` (for e-mail addresses)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9.-]+", "", text.replace(" ", "-"))


# --------------------------------------------------------------------------
# Vocabulary labels as coordinators write them
# --------------------------------------------------------------------------

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

AGREE_FR = ("Pas du tout d'accord", "Plutôt en désaccord", "Neutre", "Plutôt d'accord", "Tout à fait d'accord")
SATIS_FR = ("Très insatisfait", "Insatisfait", "Neutre", "Satisfait", "Très satisfait")

MEMBER_SURVEY_LIKERT = (
    ("confiance", "Le climat de confiance au sein du chantier m'a permis d'exprimer librement mes points de vue."),
    ("temps", "Nous avons disposé du temps nécessaire pour avancer ensemble, à notre rythme."),
    ("responsabilite", "La responsabilité des travaux a été partagée entre les membres."),
    ("diversite", "La diversité des membres et des savoirs a enrichi les travaux."),
    ("leadership", "L'animation et le soutien de l'équipe de coordination ont été de qualité."),
    ("equilibre", "L'équilibre entre la réflexion et l'action a été adéquat."),
    ("utilite", "Les productions du chantier sont utiles pour la pratique."),
)
MEMBER_SURVEY_OPEN = (
    "Selon vous, qu'est-ce qui a le plus contribué à la réussite du chantier?",
    "Que faudrait-il améliorer pour une prochaine génération de chantiers?",
)
MEMBER_SURVEY_CHANTIER_Q = "Dans quel chantier avez-vous été le plus impliqué(e)?"
OPEN_SUCCESS = (
    "La diversité des membres et la qualité des échanges.",
    "Le climat de confiance qui s'est installé au fil des rencontres.",
    "Une animation rigoureuse qui laissait beaucoup de place au groupe.",
    "Le fait de partir des besoins concrets du terrain.",
    "Des rencontres régulières, environ quatre par année, qui donnaient un rythme.",
    "La liberté de choisir collectivement notre angle de travail.",
    "Le soutien de l'équipe de coordination entre les rencontres.",
    "Le croisement des savoirs entre chercheurs, praticiens et citoyens.",
    "La possibilité de remettre en question, de réviser et de s'ajuster.",
    "Une synergie entre des personnes de milieux très différents mais aux valeurs proches.",
    "La présence de personnes de différents paliers d'intervention.",
    "Le sentiment de construire quelque chose d'utile, ensemble.",
)
OPEN_IMPROVE = (
    "Préciser davantage la thématique de départ pour passer plus vite à l'action.",
    "Prévoir plus de temps et de ressources pour la mise en forme des productions.",
    "Planifier la diffusion dès le début de la production.",
    "Mieux accueillir les nouveaux membres sans refaire tout le chemin parcouru.",
    "Nous avons passé beaucoup de temps en réflexion; un échéancier plus clair aurait aidé.",
    "Suivre l'utilisation des outils après leur diffusion.",
    "Plus de rencontres en présentiel : le virtuel est moins riche.",
    "S'entendre plus tôt sur la propriété des contenus et le rôle de chacun dans la diffusion.",
    "Une présentation graphique plus soignée des documents.",
    "Prévoir un accompagnement pour l'appropriation des outils dans les milieux.",
)
OPEN_USE = (
    "Utilisé lors d'une rencontre de notre table de concertation.",
    "Nous l'avons adapté pour un atelier avec nos partenaires.",
    "Lecture en équipe pour faire le point sur nos compétences.",
    "Partagé avec les membres de notre comité de coordination.",
    "Utile pour préparer l'accueil de nouveaux partenaires.",
    "Pas encore utilisé, mais prévu cet automne.",
    "Très clair, nous l'avons présenté à notre conseil d'administration.",
    "Il manque des exemples concrets pour les milieux ruraux.",
)


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def _rng(seed: int, name: str) -> np.random.Generator:
    """One independent, reproducible stream per component."""
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(name.encode("utf-8"))])


def _days(d: date) -> int:
    return (d - EPOCH).days


def _date(days: int) -> date:
    return EPOCH + timedelta(days=int(days))


def _weekday_fix(days: np.ndarray) -> np.ndarray:
    """Move Saturdays to Friday and Sundays to Monday (1970-01-01 was a Thursday)."""
    days = np.asarray(days, dtype=np.int64)
    wd = (days + 3) % 7  # Monday = 0
    return days - (wd == 5) + (wd == 6)


def _as_date_series(name: str, days: np.ndarray, null_mask: np.ndarray | None = None) -> pl.Series:
    s = pl.Series(name, np.asarray(days, dtype=np.int32)).cast(pl.Date)
    if null_mask is not None:
        s = pl.DataFrame({name: s, "_m": np.asarray(null_mask, dtype=bool)}).select(
            pl.when(pl.col("_m")).then(None).otherwise(pl.col(name)).alias(name)
        ).to_series()
    return s


def _id_series(prefix: str, numbers: np.ndarray, width: int) -> pl.Series:
    s = pl.Series("_", np.asarray(numbers, dtype=np.int64)).cast(pl.Utf8).str.zfill(width)
    return (prefix + s).alias("_")


def _take(pool: tuple[str, ...] | list[str], idx: np.ndarray) -> pl.Series:
    return pl.Series("_", list(pool), dtype=pl.Utf8).gather(np.asarray(idx, dtype=np.int64))


def _choice(rng: np.random.Generator, n: int, weights: list[float] | tuple[float, ...]) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _group_index(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For groups of sizes `counts`: (group of each element, position within its group)."""
    counts = np.asarray(counts, dtype=np.int64)
    group = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    pos = np.arange(counts.sum()) - np.repeat(starts, counts)
    return group, pos


# --------------------------------------------------------------------------
# Output description: one file (or one sheet) of one source in one form
# --------------------------------------------------------------------------


@dataclass
class _Out:
    path: str                       # file name under out_dir
    source: str                     # contract source
    frame: pl.DataFrame             # canonical typed columns (+ helper columns starting with '_')
    headers: dict[str, str]         # canonical column -> header as written, in file order
    sheet: str | None = None        # xlsx sheet name
    sep: str = ","
    encoding: str = "utf-8"         # utf-8 | utf-8-sig | cp1252
    crlf: bool = False
    dates: str = "iso"              # iso | dmy | dmy-   (xlsx: real date cells)
    vocab: str = "fr"               # fr | en
    regions: str = "name"           # name | code | mixed (helper '_code' picks the code)
    decimal_comma: bool = False     # numbers with helper '_dec' written '12,0'
    wide_questions: tuple[str, ...] = ()  # wide responses: the answer columns (frame already text)
    datetime_cols: tuple[str, ...] = ()   # xlsx: text 'YYYY-MM-DD HH:MM:SS' written as date-time cells
    mess: bool = True
    repeat_header: bool = False     # with mess: the header repeated mid-file
    orphans: bool = False           # with mess: attendance typed for the next, not yet filed, meeting

    @property
    def is_xlsx(self) -> bool:
        return self.path.endswith(".xlsx")


def _render(out: _Out) -> pl.DataFrame:
    """Canonical typed frame -> text frame (canonical names) in the file's form."""
    df = out.frame
    if out.wide_questions:
        return df.select([pl.col(c).cast(pl.Utf8).fill_null("") for c in out.headers])
    source = SOURCE_BY_NAME[out.source]
    kinds = {c.name: c.kind for c in source.columns}
    exprs = []
    for col in out.headers:
        kind = kinds.get(col, "text")
        e = pl.col(col)
        if kind == "date":
            fmt = "%Y-%m-%d" if out.dates == "iso" or out.is_xlsx else ("%d/%m/%Y" if out.dates == "dmy" else "%d-%m-%Y")
            e = e.dt.strftime(fmt)
        elif kind in ("integer",):
            e = e.cast(pl.Int64).cast(pl.Utf8)
        elif kind == "number":
            as_int = e.round(0).cast(pl.Int64).cast(pl.Utf8)
            if out.decimal_comma and "_dec" in df.columns:
                e = pl.when(pl.col("_dec")).then(as_int + ",0").otherwise(as_int)
            else:
                e = as_int
        elif kind.startswith("vocab:"):
            vocab = kind.split(":", 1)[1]
            if vocab == "region":
                names = e.replace_strict(REGION_NAMES, return_dtype=pl.Utf8)
                codes = e.replace_strict(REGION_CODES, return_dtype=pl.Utf8)
                if out.regions == "code":
                    e = codes
                elif out.regions == "mixed" and "_code" in df.columns:
                    e = pl.when(pl.col("_code")).then(codes).otherwise(names)
                else:
                    e = names
            elif out.vocab == "en":
                pass  # the canonical English value
            elif vocab in FR_GENDERED:
                masc = {k: v[0] for k, v in FR_GENDERED[vocab].items()}
                fem = {k: v[1] for k, v in FR_GENDERED[vocab].items()}
                if "_female" in df.columns:
                    e = pl.when(pl.col("_female")).then(e.replace_strict(fem, return_dtype=pl.Utf8)).otherwise(
                        e.replace_strict(masc, return_dtype=pl.Utf8))
                else:
                    e = e.replace_strict(masc, return_dtype=pl.Utf8)
            else:
                e = e.replace_strict(FR[vocab], return_dtype=pl.Utf8)
        else:
            e = e.cast(pl.Utf8)
        exprs.append(e.cast(pl.Utf8).fill_null("").alias(col))
    helpers = [pl.col(c) for c in ("_next_meeting",) if c in df.columns]
    return df.select(exprs + helpers)


# --------------------------------------------------------------------------
# Mess: bad rows and harmless mess, injected per file
# --------------------------------------------------------------------------

_BAD_VOCAB = {
    "agenda_kind": ("Pause", "Dîner", "Réseautage"),
    "attendance_status": ("En retard", "Parti tôt", "?"),
    "level": ("Provincial", "Municipal"),
    "function": ("Stagiaire", "Bénévole"),
    "region": ("Baie-James", "Région 18", "Nunavik"),
    "deliverable_type": ("Affiche", "Balado", "Infographie"),
    "channel": ("Balado", "Télévision", "Bouche-à-oreille"),
    "metric": ("Partages", "Mentions J'aime"),
    "survey_audience": ("Grand public", "Partenaires"),
    "chantier_kind": ("Comité", "Projet"),
    "meeting_format": ("Téléphone", "Extérieur"),
}
_PARENTS = {"chantiers", "members", "meetings", "deliverables", "surveys"}
_BAD_NUMBER = ("n/d", "?", "environ 30", "trois heures")
_BAD_VALUE = ("n/d", "?", "beaucoup", "env. 50")


def _bad_dates(rng: np.random.Generator, k: int, period: bool) -> list[str]:
    years = rng.integers(2005, 2025, k)
    kinds = rng.integers(0, 5, k)
    days = rng.integers(13, 29, k)
    months = rng.integers(1, 13, k)
    out = []
    for y, t, d, m in zip(years.tolist(), kinds.tolist(), days.tolist(), months.tolist()):
        if period:
            out.append((f"{y}-13", f"{y}-00", "à venir", f"31/02/{y}", f"{y}-13")[t])
        else:  # never a valid date, read day-first or ISO
            out.append((f"31/02/{y}", f"{m:02d}/{d}/{y}", f"{y}-13-{d:02d}", "à confirmer", f"{y}-02-30")[t])
    return out


def _flip_status() -> pl.Expr:
    c = pl.col("status")
    return pl.when(c.str.to_lowercase().str.starts_with("pr")).then(pl.lit("Absent")).otherwise(pl.lit("Présent"))


def _conflict(source: str, df: pl.DataFrame) -> tuple[str, pl.Expr] | None:
    """(column, new value) making a duplicate of the row's key conflict."""
    rules: dict[str, tuple[str, pl.Expr]] = {
        "chantiers": ("name", pl.col("name") + " (copie)"),
        "members": ("organisation", pl.lit("Organisme à confirmer")),
        "meetings": ("duration_minutes", (pl.col("duration_minutes").cast(pl.Int64, strict=False).fill_null(150) + 30).cast(pl.Utf8)),
        "agenda": ("minutes", (pl.col("minutes").cast(pl.Int64, strict=False).fill_null(15) + 15).cast(pl.Utf8)),
        "attendance": ("status", _flip_status()),
        "deliverables": ("title", pl.col("title") + " (version préliminaire)"),
        "diffusion": ("value", (pl.col("value").str.replace(",", ".").cast(pl.Float64, strict=False).fill_null(0) + 7)
                      .cast(pl.Int64).cast(pl.Utf8)),
        "surveys": ("title", pl.col("title") + " (révisé)"),
        "responses": ("answer", pl.when(pl.col("answer") == "Oui").then(pl.lit("Non")).otherwise(pl.lit("Oui"))),
    }
    rule = rules.get(source)
    if rule is None or rule[0] not in df.columns:
        return None
    return rule


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _inject(df: pl.DataFrame, out: _Out, p: float, rng: np.random.Generator) -> tuple[pl.DataFrame, int, int]:
    """Inject ~p*n bad rows and ~p*n rows of harmless mess. Returns (frame, bad rows, harmless rows)."""
    n = df.height
    cols = [c for c in out.headers if not c.startswith("_")]
    if p <= 0 or n == 0 or not out.mess:
        return df, 0, 0
    if out.wide_questions:  # survey-tool exports: only harmless spaces around answers
        k_h = int(round(n * p))
        if k_h == 0:
            return df, 0, 0
        rows = np.sort(rng.choice(n, size=min(k_h, n), replace=False))
        col = out.wide_questions[0]
        s = df[col].clone()
        vals = s.gather(rows).to_list()
        s.scatter(rows, [f" {v} " if v else v for v in vals])
        return df.with_columns(s.alias(col)), 0, int(sum(1 for v in vals if v))

    source = SOURCE_BY_NAME[out.source]
    kinds = {c.name: c.kind for c in source.columns}
    required = [c for c in source.required if c in cols]
    if out.source in _PARENTS:  # a parent row without its key would orphan its children: blank other columns
        required = [c for c in required if c not in source.key]
    date_cols = [c for c in cols if kinds.get(c) in ("date", "period")]
    vocab_cols = [c for c in cols if kinds.get(c, "").startswith("vocab:")]
    num_cols = [c for c in cols if kinds.get(c) in ("integer", "number")]
    types = []
    if date_cols:
        types.append("date")
    if vocab_cols:
        types.append("vocab")
    if num_cols:
        types.append("number")
    if required:
        types.append("missing")
    if _conflict(out.source, df) is not None:
        types.append("conflict")
    if out.orphans and "_next_meeting" in df.columns:
        types.append("orphan")

    k = int(round(n * p))
    k_h = int(round(n * p))
    perm = rng.permutation(n)
    bad_rows = np.sort(perm[:k])
    harmless_rows = np.sort(perm[k:k + k_h])
    assign = rng.integers(0, len(types), size=len(bad_rows)) if types else np.zeros(0, dtype=int)
    bad = 0
    series = {c: df[c].clone() for c in cols}

    def scatter(col: str, rows: np.ndarray, values: list[str]) -> None:
        if len(rows):
            series[col].scatter(rows, values)

    def per_column(rows: np.ndarray, choices: list[str]) -> dict[str, np.ndarray]:
        pick = rng.integers(0, len(choices), size=len(rows))
        return {c: rows[pick == i] for i, c in enumerate(choices)}

    by_type = {t: bad_rows[assign == i] for i, t in enumerate(types)}
    for col, rows in per_column(by_type.get("date", np.zeros(0, int)), date_cols).items():
        scatter(col, rows, _bad_dates(rng, len(rows), kinds[col] == "period"))
        bad += len(rows)
    for col, rows in per_column(by_type.get("vocab", np.zeros(0, int)), vocab_cols).items():
        pool = _BAD_VOCAB[kinds[col].split(":", 1)[1]]
        scatter(col, rows, [pool[i] for i in rng.integers(0, len(pool), len(rows))])
        bad += len(rows)
    for col, rows in per_column(by_type.get("number", np.zeros(0, int)), num_cols).items():
        pool = _BAD_VALUE if kinds[col] == "number" else _BAD_NUMBER
        scatter(col, rows, [pool[i] for i in rng.integers(0, len(pool), len(rows))])
        bad += len(rows)
    for col, rows in per_column(by_type.get("missing", np.zeros(0, int)), required).items():
        scatter(col, rows, [""] * len(rows))
        bad += len(rows)

    # harmless: spaces around a value, or a case / accent variant of a vocabulary value
    harmless = 0
    if len(harmless_rows):
        for col, rows in per_column(harmless_rows, cols).items():
            if not len(rows):
                continue
            vals = series[col].gather(rows).to_list()
            if kinds.get(col, "").startswith("vocab:"):
                variant = rng.integers(0, 3, len(rows))
                new = [(v.upper(), v.lower(), _strip_accents(v))[t] for v, t in zip(vals, variant.tolist())]
            else:
                new = [f" {v} " if v else v for v in vals]
            harmless += sum(1 for a, b in zip(vals, new) if a != b)
            scatter(col, rows, new)

    res = df.with_columns([series[c].alias(c) for c in cols]).with_row_index("_ord")
    res = res.with_columns((pl.col("_ord") * 2).alias("_ord"))
    extra = []
    rows = by_type.get("conflict", np.zeros(0, int))
    if len(rows):
        col, expr = _conflict(out.source, df)  # type: ignore[misc]
        dups = res[rows.tolist()].with_columns(expr.alias(col), (pl.col("_ord") + 1).alias("_ord"))
        extra.append(dups)
        bad += 2 * len(rows)
    rows = by_type.get("orphan", np.zeros(0, int))
    if len(rows):
        orph = res[rows.tolist()].with_columns(
            pl.col("_next_meeting").alias("meeting_id"), (pl.lit(2 * n) + pl.col("_ord")).alias("_ord")
        ).unique(subset=["meeting_id", "member_id"], keep="first", maintain_order=True)
        extra.append(orph)
        bad += orph.height
    if extra:
        res = pl.concat([res, *extra]).sort("_ord", maintain_order=True)
    return res.drop("_ord"), bad, harmless


# --------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------


def _csv_bytes(df: pl.DataFrame, out: _Out, blank_rows: int, repeat_header: bool) -> bytes:
    eol = "\r\n" if out.crlf else "\n"
    header_df = df.select([pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in df.columns])
    header_df = header_df.rename(out.headers)
    text = header_df.write_csv(None, separator=out.sep, null_value="", line_terminator=eol, quote_style="necessary")
    if repeat_header and df.height > 10:
        header_line = text[: text.index(eol) + len(eol)]
        cut = text.index(eol, len(text) // 2) + len(eol)
        text = text[:cut] + header_line + text[cut:]
    if blank_rows:
        text += (out.sep * (len(out.headers) - 1) + eol) * blank_rows
    if out.encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode(out.encoding)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _valid(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def _write_xlsx(path: Path, sheets: list[tuple[_Out, pl.DataFrame]]) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": path.stem, "author": "Coordination des chantiers partenariaux",
                       "company": "", "created": WORKBOOK_CREATED})
    bold = wb.add_format({"bold": True})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    dt_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for out, df in sheets:
        ws = wb.add_worksheet(out.sheet or path.stem[:31])
        kinds = {} if out.wide_questions else {c.name: c.kind for c in SOURCE_BY_NAME[out.source].columns}
        cols = list(out.headers)
        ws.write_row(0, 0, [out.headers[c] for c in cols], bold)
        for j, c in enumerate(cols):
            width = max([len(out.headers[c])] + [len(v) for v in df[c].head(200).to_list()])
            ws.set_column(j, j, min(max(width + 2, 10), 60))
        ws.freeze_panes(1, 0)
        for i, row in enumerate(df.select(cols).iter_rows(), start=1):
            for j, (c, v) in enumerate(zip(cols, row)):
                if v is None or v == "":
                    continue
                kind = kinds.get(c, "text")
                if kind == "date" and _ISO_DATE.match(v) and _valid(v, "%Y-%m-%d"):
                    ws.write_datetime(i, j, datetime.strptime(v, "%Y-%m-%d"), date_fmt)
                elif c in out.datetime_cols and _ISO_DATETIME.match(v) and _valid(v, "%Y-%m-%d %H:%M:%S"):
                    ws.write_datetime(i, j, datetime.strptime(v, "%Y-%m-%d %H:%M:%S"), dt_fmt)
                elif kind in ("integer", "number") and _NUMBER.match(v):
                    ws.write_number(i, j, float(v) if "." in v else int(v))
                else:
                    ws.write_string(i, j, v)
    wb.close()


def _write_all(out_dir: Path, outs: list[_Out], messy: float, seed: int) -> Counts:
    counts = Counts()
    for name in SOURCE_BY_NAME:
        counts[name] = 0
        counts.bad[name] = 0
        counts.harmless[name] = 0
    workbooks: dict[str, list[tuple[_Out, pl.DataFrame]]] = {}
    for out in outs:
        df = _render(out)
        df, bad, harmless = _inject(df, out, messy, _rng(seed, f"mess:{out.path}:{out.sheet}"))
        if out.wide_questions:
            rows = int(df.select([(pl.col(c) != "").sum() for c in out.wide_questions]).sum_horizontal().item())
        else:
            rows = df.height
        counts[out.source] += rows
        counts.bad[out.source] += bad
        counts.harmless[out.source] += harmless
        df = df.select(list(out.headers))
        if out.is_xlsx:
            workbooks.setdefault(out.path, []).append((out, df))
            continue
        blank = 2 if messy > 0 and out.mess else 0
        data = _csv_bytes(df, out, blank, out.repeat_header and messy > 0)
        (out_dir / out.path).write_bytes(data)
        counts.files.append(out.path)
    for path, sheets in workbooks.items():
        _write_xlsx(out_dir / path, sheets)
        counts.files.append(path)
    counts.files.sort()
    return counts


# --------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------


def generate(out_dir: Path, scale: float = 1, seed: int = 2012, messy: float | None = None) -> dict[str, int]:
    """Write contract-valid input files into `out_dir`; return the rows written per source.

    scale == 1 writes the demo (the seed document's four chantiers); any other
    scale writes a synthetic population of about `scale` chantiers (at least
    one). `messy` is the share of bad rows per file (default 0 for the demo,
    0.01 otherwise). The result is a `Counts` dict with `.bad`, `.harmless`
    and `.files`. Files already in out_dir that this run does not write are
    left alone, so write into an empty folder.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if messy is None:
        messy = 0.0 if scale == 1 else 0.01
    if not 0 <= messy < 0.5:
        raise ValueError("messy must be in [0, 0.5)")
    outs = _demo_outs(seed) if scale == 1 else _synthetic_outs(float(scale), seed)
    return _write_all(out_dir, outs, float(messy), seed)


# ==========================================================================
# THE DEMO (scale 1): the seed document's four chantiers
# ==========================================================================

_DEMO_CHANTIERS = (
    # id, name, theme, kind, first meeting, meeting months, stage plan
    ("PRAT", "Chantier sur l'évolution des pratiques",
     "Le développement territorial intersectoriel et la collaboration avec les élus municipaux", "chantier",
     date(2012, 10, 11), (10, 1, 3, 5),
     (("État de situation", 2), ("Compréhension commune", 2), ("Ciblage", 2), ("Production", 7), ("Prétest", 2),
      ("Diffusion", 1)), date(2016, 6, 17)),
    ("COMP", "Chantier sur le développement des compétences",
     "Les compétences essentielles à l'agir-ensemble et leur prise de conscience", "chantier",
     date(2012, 10, 25), (10, 12, 3, 5),
     (("État de situation", 2), ("Compréhension commune", 3), ("Ciblage", 1), ("Production", 5),
      ("Expérimentation", 4), ("Diffusion", 1)), date(2016, 6, 22)),
    ("COND", "Chantier sur les conditions favorables au développement collectif",
     "L'engagement, condition fondamentale du développement collectif", "chantier",
     date(2012, 11, 8), (11, 2, 4, 6),
     (("État de situation", 3), ("Compréhension commune", 4), ("Ciblage", 3), ("Portraits d'initiatives", 3),
      ("Production", 5), ("Prétest", 2)), None),
    ("EVAL", "Groupe de travail sur l'évaluation",
     "L'évaluation utile aux démarches collectives : l'exploration pré-évaluative", "groupe_de_travail",
     date(2013, 10, 17), (10, 1, 3, 5),
     (("État de situation", 3), ("Compréhension commune", 3), ("Ciblage", 2), ("Production", 6), ("Prétest", 2)),
     None),
)
_REFLECTION_STAGES = {"État de situation", "Compréhension commune", "Ciblage", "Portraits d'initiatives"}
FUNDER = "Fonds québécois d'initiatives sociales"

_NOTES = {
    "PRAT": {
        "reflection": (
            "Tour de table : réalités régionales du développement territorial intersectoriel",
            "État de situation : avantages du développement territorial intersectoriel",
            "Enjeux et défis de l'intersectorialité",
            "Acteurs plus difficiles à rejoindre : élus, citoyens, secteur économique",
            "Débat : sur quels acteurs concentrer nos efforts?",
            "Ciblage : la collaboration avec les élus municipaux",
            "Ce qui favorise ou freine la contribution des élus",
        ),
        "retour": (
            "Lecture croisée des résultats du sondage",
            "Apprentissages tirés des groupes de discussion",
            "Retour réflexif sur le chemin parcouru",
        ),
        "production": (
            "Élaboration du questionnaire destiné aux élus municipaux",
            "Plan de diffusion du sondage avec les associations municipales",
            "Analyse des résultats du sondage (368 élus répondants)",
            "Rédaction du rapport de résultats du sondage",
            "Scénarimage de la vidéo d'animation",
            "Validation de la vidéo « La participation des élus au développement collectif »",
            "Rédaction du guide d'animation de l'atelier",
            "Prétest de l'atelier « Les clés pour se démarquer auprès des élus »",
            "Ajustements au guide à la suite du prétest",
            "Stratégie de diffusion et rôle de passeur des membres",
            "Mise en place du mécanisme pilote de suivi post-diffusion",
        ),
    },
    "COMP": {
        "reflection": (
            "État de situation sur le développement des compétences",
            "Les fonctions de l'agir-ensemble",
            "Identification des compétences essentielles",
            "Débat : manque d'offre ou manque de prise de conscience?",
            "Besoins des acteurs pour développer leurs compétences",
            "Ciblage : la prise de conscience des compétences",
        ),
        "retour": (
            "Retour sur l'expérimentation dans les démarches collectives",
            "Observation des effets de l'activité sur les groupes",
            "Retour réflexif sur le chemin parcouru",
        ),
        "production": (
            "Rédaction du document sur les compétences essentielles",
            "Validation de la version synthèse du document",
            "Diffusion du document et sondage de satisfaction",
            "Conception de l'activité de révélation des compétences",
            "Recrutement des huit démarches collectives pour l'expérimentation",
            "Suivi de l'expérimentation dans huit régions",
            "Bilan de l'expérimentation terrain",
            "Bonification du guide d'animation de l'activité",
            "Plan de diffusion du guide d'animation",
        ),
    },
    "COND": {
        "reflection": (
            "État de situation : conditions déterminantes du développement collectif",
            "Tour de table sur les conditions vécues dans nos milieux",
            "Débat sur les conditions à prioriser",
            "Ciblage : l'engagement, condition la plus significative",
            "Ce qui favorise l'engagement des acteurs",
            "Ce qui fait obstacle à l'engagement",
            "Portraits d'initiatives sur le terrain",
            "Analyse croisée des portraits d'initiatives",
            "Synthèse des apprentissages sur l'engagement",
            "Précision de l'angle de travail",
            "Retour sur l'équilibre entre réflexion et action",
        ),
        "retour": (
            "Synthèse des apprentissages sur l'engagement",
            "Précision de l'angle de travail",
            "Retour sur l'équilibre entre réflexion et action",
        ),
        "production": (
            "Structure de l'outil pratique sur l'engagement",
            "Rédaction des balises pour susciter et maintenir l'engagement",
            "Scénarimage de la vidéo introductive sur l'engagement",
            "Conception de l'activité d'animation de l'outil",
            "Préparation du test de l'activité (printemps 2017)",
            "Révision graphique de l'outil",
        ),
    },
    "EVAL": {
        "reflection": (
            "État de situation : l'évaluation dans les démarches collectives",
            "Préparation du sondage sur les pratiques d'évaluation",
            "Analyse des résultats du sondage (188 répondants)",
            "Groupes de discussion : huit démarches collectives témoignent",
            "Recherche documentaire sur les approches d'évaluation",
            "Débat : qu'est-ce qu'une évaluation utile?",
            "Ciblage : l'exploration pré-évaluative",
        ),
        "retour": (
            "Débat : qu'est-ce qu'une évaluation utile?",
            "Retour sur les besoins exprimés par les démarches collectives",
            "Retour réflexif sur le chemin parcouru",
        ),
        "production": (
            "Rédaction de la recension des pratiques d'évaluation",
            "Structure de l'outil de pré-évaluation",
            "Rédaction des fiches de l'outil",
            "Prétest de l'outil auprès de démarches collectives",
            "Ajustements à l'outil à la suite du prétest",
            "Plan de diffusion de l'outil (hiver 2018)",
        ),
    },
}
_OTHER_NOTES_OPEN = ("Accueil et tour de table", "Accueil et nouvelles des membres", "Mot de bienvenue et ordre du jour")
_OTHER_NOTES_CLOSE = ("Prochaines étapes et calendrier", "Bilan de la rencontre", "Suivis et prochaine rencontre")

# deliverables of annex 2: id, chantier, title, type, audience, production start, release (None: not yet)
_DEMO_DELIVERABLES = (
    ("PRAT-L1", "PRAT", "Résultats du sondage auprès des élus municipaux sur leur perception du développement collectif",
     "survey_report", "Acteurs du développement collectif et élus municipaux", date(2014, 1, 20), date(2014, 10, 20)),
    ("PRAT-L2", "PRAT", "La participation des élus au développement collectif (vidéo d'animation)",
     "video", "Tous les acteurs du développement collectif", date(2014, 11, 3), date(2015, 9, 24)),
    ("PRAT-L3", "PRAT", "Les clés pour se démarquer auprès des élus (guide d'animation de l'atelier)",
     "guide", "Praticiens et démarches collectives", date(2015, 3, 16), date(2016, 2, 15)),
    ("COMP-L1", "COMP", "Les compétences essentielles à l'agir-ensemble",
     "document", "Acteurs du développement collectif", date(2013, 10, 7), date(2014, 11, 27)),
    ("COMP-L2", "COMP", "Activité de révélation des compétences (guide d'animation)",
     "activity", "Démarches collectives", date(2015, 1, 12), date(2016, 6, 13)),
    ("COND-L1", "COND", "Outil pratique sur l'engagement",
     "tool", "Démarches et projets collectifs locaux, régionaux et nationaux", date(2016, 2, 8), None),
    ("COND-L2", "COND", "L'engagement : condition essentielle pour mener des changements collectifs (vidéo introductive)",
     "video", "Acteurs du développement collectif", date(2016, 9, 12), None),
    ("COND-L3", "COND", "Activité d'animation de l'outil d'engagement",
     "activity", "Démarches collectives", date(2016, 11, 7), None),
    ("EVAL-L1", "EVAL", "Recension des pratiques d'évaluation : sondage, groupes de discussion et documentation",
     "survey_report", "Démarches collectives et bailleurs de fonds", date(2014, 9, 8), date(2015, 6, 11)),
    ("EVAL-L2", "EVAL", "Outil pratique pour soutenir les démarches collectives dans les étapes menant à l'évaluation",
     "tool", "Démarches collectives", date(2016, 4, 18), None),
)

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


def _demo_meetings(rng: np.random.Generator) -> list[dict]:
    rows = []
    for cid, _name, _theme, _kind, first, months, plan, _end in _DEMO_CHANTIERS:
        stages = [s for s, n in plan for _ in range(n)]
        dates = [first]
        y, m = first.year, first.month
        cycle = sorted(months)
        while len(dates) < len(stages):
            later = [mm for mm in cycle if mm > m]
            y, m = (y, later[0]) if later else (y + 1, cycle[0])
            day = int(rng.integers(6, 25))
            d = _date(int(_weekday_fix(np.array([_days(date(y, m, day))]))[0]))
            wd = d.weekday()
            if wd in (0, 4):  # prefer Tuesday-Thursday
                d += timedelta(days=1 if wd == 0 else -1)
            dates.append(d)
        n = len(stages)
        for k, (d, stage) in enumerate(zip(dates, stages)):
            if k == 0 or k == n - 1 or d.year <= 2013:
                fmt = "presentiel"
            else:
                fmt = ("presentiel", "virtuel", "hybride")[int(_choice(rng, 1, (0.64, 0.24, 0.12))[0])]
            if k == 0:
                dur = 360
            elif fmt == "virtuel":
                dur = int(rng.choice([180, 180, 195, 210]))
            elif fmt == "hybride":
                dur = int(rng.choice([240, 300, 330]))
            else:
                dur = int(rng.choice([210, 240, 300, 330, 360, 360]))
            rows.append(dict(meeting_id=f"{cid}-R{k + 1:02d}", chantier_id=cid, held_on=d, duration_minutes=dur,
                             format=fmt, stage=stage, _k=k, _n=n))
    return rows


def _demo_agenda(rng: np.random.Generator, meetings: list[dict]) -> list[dict]:
    plan_of = {c[0]: c[6] for c in _DEMO_CHANTIERS}
    rows = []
    for mt in meetings:
        cid, stage, dur = mt["chantier_id"], mt["stage"], mt["duration_minutes"]
        reflective = stage in _REFLECTION_STAGES
        n_items = int(rng.choice([3, 4, 4, 5, 5, 6]))
        items: list[list] = []
        open_other = rng.random() < 0.85
        close_other = rng.random() < 0.5 and n_items >= 4
        n_mid = n_items - open_other - close_other
        for _ in range(n_mid):
            r = rng.random()
            if reflective:
                p_refl = 1.0 if mt["_k"] < 3 else (0.97 if cid == "COND" else 0.87)
                kind = "reflection" if r < p_refl else "production"
            else:
                p_prod = 0.62 if cid == "COND" else 0.78
                kind = "production" if r < p_prod else "reflection"
            items.append([kind, 0, None])
        # notes walk through each bank in step with the chantier's phases
        n_refl = sum(n for st, n in plan_of[cid] if st in _REFLECTION_STAGES)
        n_prod = mt["_n"] - n_refl
        phase = mt["_k"] / max(n_refl - 1, 1) if reflective else (mt["_k"] - n_refl) / max(n_prod - 1, 1)
        same = Counter(it[0] for it in items)
        seen: Counter = Counter()
        for it in items:
            bank = _NOTES[cid][it[0]]
            if (it[0] == "reflection") == reflective:  # the phase's own work
                j = int(round(phase * (len(bank) - same[it[0]]))) + seen[it[0]]
            elif it[0] == "reflection":  # looking back during production
                bank = _NOTES[cid]["retour"]
                j = int(rng.integers(0, len(bank)))
            else:  # an early production item
                j = seen[it[0]]
            seen[it[0]] += 1
            it[2] = bank[max(0, min(len(bank) - 1, j))] if rng.random() < 0.9 else None
        fixed = 0
        if open_other:
            m = int(rng.choice([15, 20, 30]))
            items.insert(0, ["other", m, _OTHER_NOTES_OPEN[int(rng.integers(0, 3))]])
            fixed += m
        if close_other:
            m = int(rng.choice([15, 15, 20]))
            items.append(["other", m, _OTHER_NOTES_CLOSE[int(rng.integers(0, 3))]])
            fixed += m
        # middle items share the rest in 15-minute steps
        rest = dur - fixed
        mids = [it for it in items if it[1] == 0]
        w = rng.gamma(3.0, size=len(mids))
        steps = rest // 15
        alloc = np.maximum(1, np.floor(w / w.sum() * steps)).astype(int)
        alloc[-1] += steps - alloc.sum()
        if alloc[-1] < 1:
            alloc = np.full(len(mids), steps // len(mids))
            alloc[-1] += steps - alloc.sum()
        for it, a in zip(mids, alloc):
            it[1] = int(a) * 15
        mids[-1][1] += rest - steps * 15
        for i, (kind, minutes, note) in enumerate(items, start=1):
            rows.append(dict(meeting_id=mt["meeting_id"], item=str(i), kind=kind, minutes=minutes, notes=note))
    return rows


def _demo_people(rng: np.random.Generator) -> list[dict]:
    """56 fictional persons with their function, level, field and region."""
    plan = {  # chantier -> functions of its primary members
        "PRAT": ["elected"] * 2 + ["professional"] * 6 + ["manager"] * 4 + ["citizen"] * 2 + ["researcher"],
        "COMP": ["professional"] * 6 + ["manager"] * 3 + ["researcher"] * 2 + ["citizen"] + ["other"],
        "COND": ["professional"] * 8 + ["manager"] * 4 + ["citizen"] * 3 + ["researcher"] + ["elected"],
        "EVAL": ["researcher"] * 3 + ["professional"] * 4 + ["manager"] * 3 + ["other"],
    }
    n = sum(len(v) for v in plan.values())
    n_f = 31
    females = [str(x) for x in rng.permutation(FEMALE_FIRST)[:n_f]]
    males = [str(x) for x in rng.permutation(MALE_FIRST)[: n - n_f]]
    lasts = [str(x) for x in rng.permutation(LAST_NAMES)[: n + 3]]
    is_female = rng.permutation(np.array([True] * n_f + [False] * (n - n_f)))
    regions = [str(x) for x in rng.permutation(list(REGIONS))]
    people = []
    fi = mi = 0
    for cid, functions in plan.items():
        for function in functions:
            i = len(people)
            female = bool(is_female[i])
            if female:
                first, fi = females[fi], fi + 1
            else:
                first, mi = males[mi], mi + 1
            last = lasts[i]
            if i in (7, 23, 41):  # a few double family names
                last = f"{last}-{lasts[n + (7, 23, 41).index(i)]}"
            if function in ("elected", "citizen"):
                level = "local"
            elif function == "researcher":
                level = ("national", "regional")[int(rng.integers(0, 2))]
            else:
                level = ("local", "regional", "national")[int(_choice(rng, 1, (0.35, 0.37, 0.28))[0])]
            if level == "national":
                region = ("06", "03", "national")[int(_choice(rng, 1, (0.45, 0.3, 0.25))[0])]
            else:
                region = regions[i % len(regions)]
            if function == "elected":
                field = "Développement territorial"
            elif function == "citizen":
                field = ("Participation citoyenne", "Environnement", "Lutte contre la pauvreté")[int(rng.integers(0, 3))]
            elif function == "researcher":
                field = ("Santé publique", "Développement communautaire", "Éducation")[int(rng.integers(0, 3))]
            else:
                field = _DEMO_FIELDS[int(rng.integers(0, len(_DEMO_FIELDS)))]
            people.append(dict(member_id=f"M{i + 1:03d}", primary=cid, first=first, last=last, female=female,
                               function=function, level=level, region=region, field=field))
    return people


def _demo_members(rng: np.random.Generator, people: list[dict], meetings: list[dict]) -> list[dict]:
    by_ch = {}
    for mt in meetings:
        by_ch.setdefault(mt["chantier_id"], []).append(mt["held_on"])
    start = {c: ds[0] for c, ds in by_ch.items()}
    rows = []
    for cid, dates in by_ch.items():
        n = len(dates)
        prim = [p for p in people if p["primary"] == cid]
        # secondary memberships: 3 persons from other chantiers
        pool = [p for p in people if p["primary"] != cid and (cid != "EVAL" or p["primary"] in ("PRAT", "COMP"))
                and not any(r["member_id"] == p["member_id"] and r["chantier_id"] != p["primary"] for r in rows)]
        second = [pool[i] for i in sorted(rng.choice(len(pool), size=3, replace=False))]
        late = set(rng.choice(len(prim), size=3, replace=False).tolist())
        leavers_pool = [i for i in range(len(prim)) if i not in late]
        leavers = set(rng.choice(leavers_pool, size=3 if cid != "EVAL" else 2, replace=False).tolist())
        for i, p in enumerate(prim):
            joined, left = start[cid], None
            if i in late:
                k = int(rng.integers(2, n - 4))
                joined = dates[k] - timedelta(days=int(rng.integers(0, 12)))
            if i in leavers:
                k = int(rng.integers(3, n - 3))
                left = dates[k] + timedelta(days=int(rng.integers(5, 40)))
            rows.append(_member_row(p, cid, joined, left))
        for p in second:
            if cid == "EVAL":
                joined = start[cid]
            else:
                k = int(rng.integers(3, n - 3))
                joined = dates[k] - timedelta(days=int(rng.integers(0, 15)))
            rows.append(_member_row(p, cid, joined, None))
    rows.sort(key=lambda r: (r["member_id"], r["chantier_id"]))
    return rows


def _member_row(p: dict, cid: str, joined: date, left: date | None) -> dict:
    full = f"{p['first']} {p['last']}"
    email = f"{_ascii(p['first'])}.{_ascii(p['last'])}@example.org"
    return dict(member_id=p["member_id"], chantier_id=cid, joined_on=joined, full_name=full, email=email,
                organisation=_org_name(p["field"], p["level"], p["region"], p["function"], p["female"]), region=p["region"],
                level=p["level"], function=p["function"], practice_field=p["field"], left_on=left,
                _female=p["female"])


def _demo_attendance(rng: np.random.Generator, members: list[dict], meetings: list[dict]) -> list[dict]:
    propensity = {}
    rows = []
    for mt in meetings:
        for mb in members:
            if mb["chantier_id"] != mt["chantier_id"]:
                continue
            if mb["joined_on"] > mt["held_on"] or (mb["left_on"] is not None and mt["held_on"] >= mb["left_on"]):
                continue
            key = (mb["member_id"], mb["chantier_id"])
            if key not in propensity:
                propensity[key] = float(rng.uniform(0.55, 0.93))
            p = propensity[key] + (0.05 if mt["format"] != "presentiel" else 0) + (0.08 if mt["_k"] == 0 else 0)
            r = rng.random()
            status = "present" if r < p else ("excused" if rng.random() < 0.75 else "absent")
            rows.append(dict(meeting_id=mt["meeting_id"], member_id=mb["member_id"], status=status,
                             _female=mb["_female"], _year=mt["held_on"].year))
    return rows


def _month_range(first: date, last: date) -> list[str]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _demo_diffusion(rng: np.random.Generator) -> list[dict]:
    last = date(2017, 5, 1)
    rows: list[dict] = []

    def add(did, month, channel, metric, value, region=None):
        rows.append(dict(deliverable_id=did, observed_on=month, channel=channel, metric=metric,
                         value=float(max(0, round(value))), region=region, _dec=bool(rng.random() < 0.12),
                         _code=bool(rng.random() < 0.5)))

    def decay(i, start, half):
        return start * 0.5 ** (i / half) * rng.uniform(0.75, 1.25)

    regions = list(REGIONS)
    # PRAT: the pilot follow-up mechanism, the richest follow-ups
    months = _month_range(date(2014, 10, 1), last)
    for i, mo in enumerate(months):
        add("PRAT-L1", mo, "web", "downloads", decay(i, 140, 6) + 4)
        if i % 3 == 1:
            for r in rng.choice(regions, size=2, replace=False):
                add("PRAT-L1", mo, "member_network", "uses_reported", rng.integers(1, 5), str(r))
    add("PRAT-L1", "2014-10", "newsletter", "views", 640)
    add("PRAT-L1", "2014-11", "conference", "participants", 85, "03")
    add("PRAT-L1", "2015-05", "conference", "participants", 60, "06")
    months = _month_range(date(2015, 9, 1), last)
    for i, mo in enumerate(months):
        add("PRAT-L2", mo, "web", "views", decay(i, 420, 5) + 15)
        if i < 14:
            add("PRAT-L2", mo, "social_media", "views", decay(i, 380, 3) + 5)
    add("PRAT-L2", "2015-09", "newsletter", "views", 710)
    add("PRAT-L2", "2015-11", "conference", "participants", 120, "16")
    months = _month_range(date(2016, 2, 1), last)
    workshop_regions = ["14", "04", "01", "16", "09", "05", "12", "02", "15", "07"]
    for i, mo in enumerate(months):
        add("PRAT-L3", mo, "web", "downloads", decay(i, 90, 5) + 3)
        if i % 2 == 1 and i // 2 < len(workshop_regions):
            add("PRAT-L3", mo, "workshop", "participants", rng.integers(12, 36), workshop_regions[i // 2])
        if i % 4 == 3:
            add("PRAT-L3", mo, "member_network", "uses_reported", rng.integers(1, 6), str(rng.choice(regions)))
    add("PRAT-L3", "2016-02", "newsletter", "views", 655)
    add("PRAT-L3", "2016-09", "member_network", "adaptations", 2, "14")
    add("PRAT-L3", "2017-02", "member_network", "adaptations", 1, "01")
    # COMP: ordinary follow-ups
    months = _month_range(date(2014, 11, 1), date(2015, 12, 1))
    for i, mo in enumerate(months):
        add("COMP-L1", mo, "web", "downloads", decay(i, 260, 4) + 10)
    add("COMP-L1", "2014-12", "newsletter", "views", 590)
    for mo, r in (("2015-03", "05"), ("2015-06", "04"), ("2015-10", "11"), ("2016-03", "08")):
        add("COMP-L1", mo, "member_network", "uses_reported", rng.integers(2, 7), r)
    add("COMP-L1", "2015-09", "member_network", "adaptations", 1, "05")
    for i, mo in enumerate(_month_range(date(2016, 6, 1), date(2016, 12, 1))):
        add("COMP-L2", mo, "web", "downloads", decay(i, 70, 3) + 3)
    for mo, r in (("2016-10", "17"), ("2017-01", "10"), ("2017-04", "13")):
        add("COMP-L2", mo, "member_network", "uses_reported", rng.integers(1, 4), r)
    add("COMP-L2", "2016-11", "workshop", "participants", 22, "03")
    add("COMP-L2", "2017-03", "workshop", "participants", 17, "15")
    # EVAL-L1 is released but was never followed: a realistic gap
    return rows


def _likert(rng: np.random.Generator, mean: float, n: int) -> np.ndarray:
    return np.clip(np.rint(mean + rng.normal(0, 0.75, n)), 1, 5).astype(int)


def _demo_responses(rng: np.random.Generator, people: list[dict], members: list[dict]) -> tuple[list[dict], pl.DataFrame]:
    long: list[dict] = []

    def add(sid, rid, qid, question, answer):
        if answer is not None and answer != "":
            long.append(dict(survey_id=sid, respondent_id=rid, question_id=qid, answer=str(answer), question=question))

    # elected officials (368): fielded by the évolution des pratiques chantier
    muni = ("Municipalité de moins de 2 000 habitants", "Municipalité de 2 000 à 10 000 habitants",
            "Ville de plus de 10 000 habitants", "MRC")
    roles = ("Maire ou mairesse", "Conseiller ou conseillère", "Préfet ou préfète")
    brakes = ("Manque de temps", "Méconnaissance des démarches collectives", "Sollicitations trop nombreuses",
              "Démarches perçues comme éloignées des priorités municipales", "Manque de reconnaissance du rôle des élus")
    for i in range(368):
        rid = f"E{i + 1:03d}"
        add("elus2014", rid, "Q1", "Type de municipalité", muni[int(_choice(rng, 1, (0.45, 0.3, 0.15, 0.1))[0])])
        add("elus2014", rid, "Q2", "Votre fonction", roles[int(_choice(rng, 1, (0.3, 0.62, 0.08))[0])])
        add("elus2014", rid, "Q3", "Le développement collectif fait partie du rôle des élus municipaux (1 à 5).",
            int(_likert(rng, 3.9, 1)[0]))
        add("elus2014", rid, "Q4", "Principal frein à votre participation aux démarches de développement collectif",
            brakes[int(_choice(rng, 1, (0.32, 0.26, 0.18, 0.14, 0.10))[0])] if rng.random() < 0.93 else None)
        add("elus2014", rid, "Q5", "Région administrative", REGIONS[str(rng.choice(list(REGIONS)))])
    # evaluation practices (188)
    orgs = ("Organisme communautaire", "Table de concertation", "Réseau de la santé", "Municipalité ou MRC",
            "Fondation ou bailleur de fonds", "Autre")
    needs = ("Préciser nos questions d'évaluation", "Choisir une approche adaptée", "Trouver des ressources",
             "Utiliser les résultats", "Impliquer les partenaires dans l'évaluation")
    for i in range(188):
        rid = f"V{i + 1:03d}"
        add("evaluation2014", rid, "Q1", "Type d'organisation", orgs[int(_choice(rng, 1, (0.34, 0.26, 0.14, 0.1, 0.08, 0.08))[0])])
        did = rng.random() < 0.58
        add("evaluation2014", rid, "Q2", "Votre démarche a-t-elle réalisé une évaluation au cours des trois dernières années?",
            "Oui" if did else "Non")
        if did:
            add("evaluation2014", rid, "Q3", "L'évaluation a été utile pour faire progresser la démarche.",
                AGREE_FR[int(_likert(rng, 3.5, 1)[0]) - 1])
        add("evaluation2014", rid, "Q4", "Principal besoin en matière d'évaluation",
            needs[int(_choice(rng, 1, (0.3, 0.22, 0.2, 0.16, 0.12))[0])])
    # satisfaction with the competences document (users)
    for i in range(74):
        rid = f"U{i + 1:03d}"
        add("competences2015", rid, "Q1", "Satisfaction globale à l'égard du document", SATIS_FR[int(_likert(rng, 4.2, 1)[0]) - 1])
        add("competences2015", rid, "Q2", "Le contenu est pertinent pour ma pratique.", AGREE_FR[int(_likert(rng, 4.3, 1)[0]) - 1])
        used = ("Oui", "Non", "Pas encore")[int(_choice(rng, 1, (0.55, 0.15, 0.30))[0])]
        add("competences2015", rid, "Q3", "Avez-vous utilisé le document dans votre démarche collective?", used)
        if used == "Oui" and rng.random() < 0.6:
            add("competences2015", rid, "Q4", "Comment l'avez-vous utilisé?", OPEN_USE[int(rng.integers(0, len(OPEN_USE)))])

    # the members' end-of-cycle survey, exported wide by the survey tool
    fielded = datetime(2016, 11, 14, 8, 30)
    active = {}
    for mb in members:
        if mb["left_on"] is None or mb["left_on"] > date(2016, 6, 1):
            active.setdefault(mb["member_id"], mb)
    eligible = [p for p in people if p["member_id"] in active]
    chosen = rng.choice(len(eligible), size=41, replace=False).tolist()  # in order of answering
    names = {c[0]: c[1] for c in _DEMO_CHANTIERS}
    offsets = np.sort(rng.choice(21 * 24 * 3600, size=len(chosen), replace=False))
    means = {"confiance": 4.4, "temps": 3.9, "responsabilite": 4.0, "diversite": 4.6, "leadership": 4.5,
             "equilibre": 3.5, "utilite": 4.1}
    table: dict[str, list] = {"Horodateur": [], "Nom": [], "Courriel": [], MEMBER_SURVEY_CHANTIER_Q: []}
    for _, q in MEMBER_SURVEY_LIKERT:
        table[q] = []
    for q in MEMBER_SURVEY_OPEN:
        table[q] = []
    for off, idx in zip(offsets.tolist(), chosen):
        p = eligible[idx]
        mb = active[p["member_id"]]
        table["Horodateur"].append((fielded + timedelta(seconds=int(off))).strftime("%Y-%m-%d %H:%M:%S"))
        table["Nom"].append(mb["full_name"] if rng.random() < 0.9 else "")
        table["Courriel"].append(mb["email"])
        table[MEMBER_SURVEY_CHANTIER_Q].append(names[p["primary"]])
        person = rng.normal(0, 0.35)
        for key, q in MEMBER_SURVEY_LIKERT:
            mean = means[key] + person
            if p["primary"] == "COND" and key in ("equilibre", "utilite"):
                mean -= 0.9 if key == "equilibre" else 0.5
            if rng.random() < 0.03:
                table[q].append("")
            else:
                table[q].append(AGREE_FR[int(_likert(rng, mean, 1)[0]) - 1])
        table[MEMBER_SURVEY_OPEN[0]].append(OPEN_SUCCESS[int(rng.integers(0, len(OPEN_SUCCESS)))] if rng.random() < 0.65 else "")
        table[MEMBER_SURVEY_OPEN[1]].append(OPEN_IMPROVE[int(rng.integers(0, len(OPEN_IMPROVE)))] if rng.random() < 0.5 else "")
    return long, pl.DataFrame(table)


def _frame(rows: list[dict], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def _demo_outs(seed: int) -> list[_Out]:
    meetings = _demo_meetings(_rng(seed, "demo:meetings"))
    agenda = _demo_agenda(_rng(seed, "demo:agenda"), meetings)
    people = _demo_people(_rng(seed, "demo:people"))
    members = _demo_members(_rng(seed, "demo:members"), people, meetings)
    attendance = _demo_attendance(_rng(seed, "demo:attendance"), members, meetings)
    diffusion = _demo_diffusion(_rng(seed, "demo:diffusion"))
    long, wide = _demo_responses(_rng(seed, "demo:responses"), people, members)

    chantiers = pl.DataFrame(
        [dict(chantier_id=c[0], name=c[1], theme=c[2], kind=c[3], started_on=c[4], ended_on=c[7], funder=FUNDER)
         for c in _DEMO_CHANTIERS],
        schema={"chantier_id": pl.Utf8, "name": pl.Utf8, "theme": pl.Utf8, "kind": pl.Utf8, "started_on": pl.Date,
                "ended_on": pl.Date, "funder": pl.Utf8})
    members_df = _frame(members, {"member_id": pl.Utf8, "chantier_id": pl.Utf8, "joined_on": pl.Date,
                                  "full_name": pl.Utf8, "email": pl.Utf8, "organisation": pl.Utf8, "region": pl.Utf8,
                                  "level": pl.Utf8, "function": pl.Utf8, "practice_field": pl.Utf8,
                                  "left_on": pl.Date, "_female": pl.Boolean})
    meetings_df = _frame([{k: v for k, v in m.items() if not k.startswith("_")} for m in meetings],
                         {"meeting_id": pl.Utf8, "chantier_id": pl.Utf8, "held_on": pl.Date,
                          "duration_minutes": pl.Int64, "format": pl.Utf8, "stage": pl.Utf8})
    agenda_df = _frame(agenda, {"meeting_id": pl.Utf8, "item": pl.Utf8, "kind": pl.Utf8, "minutes": pl.Int64,
                                "notes": pl.Utf8})
    att_df = _frame(attendance, {"meeting_id": pl.Utf8, "member_id": pl.Utf8, "status": pl.Utf8,
                                 "_female": pl.Boolean, "_year": pl.Int64})
    att_df = att_df.with_columns(
        (pl.col("meeting_id").str.slice(0, 6) + "99").alias("_next_meeting"))
    deliv_df = _frame([dict(deliverable_id=d[0], chantier_id=d[1], title=d[2], type=d[3], audience=d[4],
                            production_started_on=d[5], released_on=d[6]) for d in _DEMO_DELIVERABLES],
                      {"deliverable_id": pl.Utf8, "chantier_id": pl.Utf8, "title": pl.Utf8, "type": pl.Utf8,
                       "audience": pl.Utf8, "production_started_on": pl.Date, "released_on": pl.Date})
    diff_df = _frame(diffusion, {"deliverable_id": pl.Utf8, "observed_on": pl.Utf8, "channel": pl.Utf8,
                                 "metric": pl.Utf8, "value": pl.Float64, "region": pl.Utf8, "_dec": pl.Boolean,
                                 "_code": pl.Boolean})
    surveys_df = _frame([
        dict(survey_id="elus2014", title="Sondage auprès des élus municipaux sur leur perception du développement collectif",
             audience="external", chantier_id="PRAT", deliverable_id=None, fielded_on=date(2014, 4, 14)),
        dict(survey_id="evaluation2014", title="Sondage sur les pratiques d'évaluation des démarches collectives",
             audience="external", chantier_id="EVAL", deliverable_id=None, fielded_on=date(2014, 10, 20)),
        dict(survey_id="competences2015",
             title="Sondage de satisfaction : Les compétences essentielles à l'agir-ensemble",
             audience="users", chantier_id="COMP", deliverable_id="COMP-L1", fielded_on=date(2015, 2, 16)),
        dict(survey_id="membres2016", title="Sondage de fin de cycle auprès des membres des chantiers",
             audience="members", chantier_id=None, deliverable_id=None, fielded_on=date(2016, 11, 14)),
    ], {"survey_id": pl.Utf8, "title": pl.Utf8, "audience": pl.Utf8, "chantier_id": pl.Utf8,
        "deliverable_id": pl.Utf8, "fielded_on": pl.Date})
    long_df = _frame(long, {"survey_id": pl.Utf8, "respondent_id": pl.Utf8, "question_id": pl.Utf8,
                            "answer": pl.Utf8, "question": pl.Utf8})

    early = att_df.filter(pl.col("_year") <= 2014)
    late = att_df.filter(pl.col("_year") >= 2015)
    return [
        _Out("chantiers.csv", "chantiers", chantiers,
             {"chantier_id": "chantier_id", "name": "name", "theme": "theme", "kind": "kind",
              "started_on": "started_on", "ended_on": "ended_on", "funder": "funder"}, vocab="en"),
        _Out("membres.csv", "members", members_df,
             {"member_id": "Membre", "chantier_id": "Chantier", "full_name": "Nom complet", "email": "Courriel",
              "organisation": "Organisme", "region": "Région", "level": "Palier", "function": "Fonction",
              "practice_field": "Champ de pratique", "joined_on": "Date d'arrivée", "left_on": "Date de départ"},
             sep=";", encoding="cp1252", crlf=True, dates="dmy"),
        _Out("rencontres.xlsx", "meetings", meetings_df,
             {"meeting_id": "Rencontre", "chantier_id": "Chantier", "held_on": "Date",
              "duration_minutes": "Durée (minutes)", "format": "Modalité", "stage": "Étape"}, sheet="rencontres"),
        _Out("ordre_du_jour.csv", "agenda", agenda_df,
             {"meeting_id": "Rencontre", "item": "Point", "kind": "Nature", "minutes": "Durée", "notes": "Remarques"},
             sep=";", encoding="utf-8-sig", crlf=True),
        _Out("presences-2012-2014.csv", "attendance", early,
             {"meeting_id": "Rencontre", "member_id": "Membre", "status": "Statut"}, sep=";", crlf=True),
        _Out("presences-2015-2017.csv", "attendance", late,
             {"meeting_id": "rencontre_id", "member_id": "membre_id", "status": "Présence"}, sep="\t",
             orphans=True),
        _Out("suivi_livrables.xlsx", "deliverables", deliv_df,
             {"deliverable_id": "Livrable", "chantier_id": "Chantier", "title": "Titre", "type": "Type",
              "audience": "Public cible", "production_started_on": "Début de production",
              "released_on": "Date de diffusion"}, sheet="livrables"),
        _Out("suivi_livrables.xlsx", "diffusion", diff_df,
             {"deliverable_id": "Livrable", "observed_on": "Période", "channel": "Canal", "region": "Région",
              "metric": "Mesure", "value": "Valeur"}, sheet="suivis", regions="mixed", decimal_comma=True),
        _Out("suivi_livrables.xlsx", "surveys", surveys_df,
             {"survey_id": "Sondage", "title": "Titre", "audience": "Public", "chantier_id": "Chantier",
              "deliverable_id": "Livrable", "fielded_on": "Date de collecte"}, sheet="sondages"),
        _Out("reponses.csv", "responses", long_df,
             {"survey_id": "Sondage", "respondent_id": "Répondant", "question_id": "No question",
              "question": "Question", "answer": "Réponse"}),
        _Out(DEMO_WIDE_FILE, "responses", wide, {c: c for c in wide.columns}, sheet="Réponses au formulaire 1",
             wide_questions=tuple(c for c in wide.columns if c not in ("Horodateur", "Nom", "Courriel")),
             datetime_cols=("Horodateur",)),
    ]


# ==========================================================================
# Synthetic populations (scale != 1), vectorized
# ==========================================================================

_THEMES = (
    ("Sécurité alimentaire", "la sécurité alimentaire"), ("Persévérance scolaire", "la persévérance scolaire"),
    ("Logement abordable", "le logement abordable"), ("Mobilité durable", "la mobilité durable"),
    ("Petite enfance", "le développement de la petite enfance"), ("Participation citoyenne", "la participation citoyenne"),
    ("Vieillissement actif", "le vieillissement actif"), ("Revitalisation intégrée", "la revitalisation intégrée des quartiers"),
    ("Transition écologique", "la transition écologique"), ("Inclusion", "l'inclusion des personnes immigrantes"),
    ("Santé mentale des jeunes", "la santé mentale des jeunes"), ("Saines habitudes de vie", "les saines habitudes de vie"),
    ("Lutte contre la pauvreté", "la lutte contre la pauvreté"), ("Évaluation", "l'évaluation des démarches collectives"),
    ("Compétences collectives", "les compétences de l'agir-ensemble"), ("Engagement", "l'engagement des acteurs"),
    ("Élus et développement collectif", "la collaboration avec les élus"),
    ("Philanthropie collaborative", "la philanthropie collaborative"),
    ("Développement territorial", "le développement territorial intersectoriel"),
    ("Services de proximité", "l'accès aux services de proximité"),
)
_FUNDERS = (FUNDER, "Fondation communautaire régionale", "Programme de soutien au développement collectif",
            "Fonds régional d'innovation sociale", "Entente municipale-régionale", "")
_AUDIENCES = ("Acteurs du développement collectif", "Démarches collectives locales", "Élus municipaux",
              "Praticiens et intervenants", "Bailleurs de fonds", "Organismes communautaires")
_TITLE_PREFIX = {"guide": "Guide pratique", "video": "Vidéo", "tool": "Outil", "document": "Document de référence",
                 "workshop": "Atelier", "activity": "Activité d'animation", "survey_report": "Résultats du sondage"}
_TYPES = tuple(_TITLE_PREFIX)
_SYN_NOTES = {
    "reflection": ("État de situation", "Tour des réalités régionales", "Débat sur les enjeux prioritaires",
                   "Analyse des résultats de la collecte", "Précision des cibles de travail",
                   "Compréhension commune de l'enjeu", "Retour réflexif", "Lecture de la documentation"),
    "production": ("Rédaction du guide", "Scénarimage de la vidéo", "Conception de l'outil",
                   "Prétest auprès de démarches collectives", "Plan de diffusion", "Révision des contenus",
                   "Préparation de l'atelier", "Suivi de la diffusion"),
    "other": ("Accueil et tour de table", "Suivis de la dernière rencontre", "Prochaines étapes",
              "Bilan de la rencontre", "Nouvelles des partenaires"),
}
_REGION_WEIGHTS = (3, 4, 9, 4, 4, 22, 5, 2, 1.5, 0.5, 1.5, 5, 5, 6, 7, 15, 3)
_SYN_FIELDS = _DEMO_FIELDS + ("Petite enfance", "Sécurité alimentaire")


def _synthetic_outs(scale: float, seed: int) -> list[_Out]:
    n_ch = max(1, int(round(scale)))
    snap = _days(SYNTH_SNAPSHOT)
    t0 = _days(date(2005, 1, 10))

    # ---- chantiers ------------------------------------------------------
    r = _rng(seed, "syn:chantiers")
    n_meet = r.integers(25, 56, n_ch)
    freq = r.uniform(3.6, 5.0, n_ch)
    interval = 365.25 / freq
    span = ((n_meet - 1) * interval).astype(np.int64)
    ongoing = r.random(n_ch) < 0.2
    last_hi = snap - r.integers(0, 120, n_ch)
    lo, hi = t0 + span, np.maximum(t0 + span + 1, snap - 180)
    last_planned = np.where(ongoing, last_hi, lo + (r.random(n_ch) * (hi - lo)).astype(np.int64))
    start = _weekday_fix(last_planned - span)
    refl = np.where(r.random(n_ch) < 0.12, r.uniform(0.7, 0.85, n_ch), r.uniform(0.25, 0.6, n_ch))
    kind_gt = r.random(n_ch) < 0.15
    theme = r.integers(0, len(_THEMES), n_ch)
    regional = r.random(n_ch) < 0.5
    reg_idx = _choice(r, n_ch, _REGION_WEIGHTS)
    funder = _choice(r, n_ch, (0.3, 0.15, 0.2, 0.15, 0.1, 0.1))
    ch_num = np.arange(1, n_ch + 1)
    chantier_id = _id_series("C", ch_num, 5)
    region_codes = list(REGIONS)
    name = (pl.Series(np.where(kind_gt, "Groupe de travail sur ", "Chantier sur ")) + _take([t[1] for t in _THEMES], theme)
            + pl.Series(np.where(regional, " — ", "")) + pl.Series(np.where(regional, _take(
                [REGIONS[c] for c in region_codes], reg_idx).to_numpy(), "")))
    # meetings (needed for the last date)
    m_ch, m_seq = _group_index(n_meet)
    n_m = len(m_ch)
    rm = _rng(seed, "syn:meetings")
    jitter = rm.integers(-12, 13, n_m)
    jitter[m_seq == 0] = 0
    held = _weekday_fix(start[m_ch] + np.rint(m_seq * interval[m_ch]).astype(np.int64) + jitter)
    held = np.minimum(held, snap)
    last_held = np.maximum.reduceat(held, np.cumsum(n_meet) - n_meet)
    ended = np.where(ongoing, -1, np.minimum(last_held + r.integers(15, 60, n_ch), snap))
    chantiers = pl.DataFrame({
        "chantier_id": chantier_id,
        "name": name,
        "theme": _take([t[0] for t in _THEMES], theme),
        "kind": pl.Series(np.where(kind_gt, "groupe_de_travail", "chantier")),
        "started_on": _as_date_series("started_on", start),
        "ended_on": _as_date_series("ended_on", np.maximum(ended, 0), ended < 0),
        "funder": _take(_FUNDERS, funder).replace("", None),
    })

    # ---- meetings -------------------------------------------------------
    progress = m_seq / np.maximum(n_meet[m_ch] - 1, 1)
    rf = refl[m_ch]
    stage_idx = np.select([progress < rf * 0.35, progress < rf * 0.7, progress < rf, progress < 0.9],
                          [0, 1, 2, 3], 4)
    stages = ("État de situation", "Compréhension commune", "Ciblage", "Production", "Diffusion")
    durations = np.array([180, 195, 210, 240, 300, 330, 360])
    dur = durations[_choice(rm, n_m, (0.15, 0.05, 0.15, 0.1, 0.1, 0.2, 0.25))]
    covid = held >= _days(date(2020, 3, 15))
    fmt_p = rm.random(n_m)
    fmt = np.where(covid, np.where(fmt_p < 0.35, 0, np.where(fmt_p < 0.8, 1, 2)),
                   np.where(fmt_p < 0.7, 0, np.where(fmt_p < 0.9, 1, 2)))
    dur = np.where(fmt == 1, np.minimum(dur, 210), dur)
    meeting_id = chantier_id.gather(m_ch) + "-R" + pl.Series(m_seq + 1).cast(pl.Utf8).str.zfill(2)
    meetings = pl.DataFrame({
        "meeting_id": meeting_id,
        "chantier_id": chantier_id.gather(m_ch),
        "held_on": _as_date_series("held_on", held),
        "duration_minutes": dur.astype(np.int64),
        "format": _take(("presentiel", "virtuel", "hybride"), fmt),
        "stage": _take(stages, stage_idx),
    })

    # ---- agenda -------------------------------------------------------------
    ra = _rng(seed, "syn:agenda")
    n_items = np.array([3, 4, 5, 6])[_choice(ra, n_m, (0.15, 0.35, 0.35, 0.15))]
    a_m, a_pos = _group_index(n_items)
    n_a = len(a_m)
    welcome = ra.random(n_m) < 0.7
    w = ra.gamma(2.0, size=n_a)
    w[(a_pos == 0) & welcome[a_m]] = 0.35
    starts = np.cumsum(n_items) - n_items
    wsum = np.add.reduceat(w, starts)
    budget = dur[a_m] - 5 * n_items[a_m]
    minutes = 5 + np.floor(w / wsum[a_m] * budget / 5).astype(np.int64) * 5
    msum = np.add.reduceat(minutes, starts)
    last_item = starts + n_items - 1
    minutes[last_item] += dur - msum
    is_refl_m = progress < rf
    u = ra.random(n_a)
    kind = np.where(is_refl_m[a_m], np.where(u < 0.78, 0, np.where(u < 0.88, 1, 2)),
                    np.where(u < 0.75, 1, np.where(u < 0.92, 0, 2)))
    kind[(a_pos == 0) & welcome[a_m]] = 2
    note_pick = ra.integers(0, 8, n_a)
    notes = pl.Series(np.select([kind == 0, kind == 1], [
        _take(_SYN_NOTES["reflection"], note_pick).to_numpy(), _take(_SYN_NOTES["production"], note_pick).to_numpy()],
        _take(_SYN_NOTES["other"], note_pick % 5).to_numpy()))
    notes = pl.DataFrame({"n": notes, "keep": ra.random(n_a) < 0.6}).select(
        pl.when(pl.col("keep")).then(pl.col("n")).otherwise(None)).to_series()
    agenda = pl.DataFrame({
        "meeting_id": meeting_id.gather(a_m),
        "item": pl.Series(a_pos + 1).cast(pl.Utf8),
        "kind": _take(("reflection", "production", "other"), kind),
        "minutes": minutes,
        "notes": notes,
    })

    # ---- members --------------------------------------------------------
    rp = _rng(seed, "syn:members")
    n_mem = rp.integers(42, 63, n_ch)
    b_ch, _b_pos = _group_index(n_mem)
    n_b = len(b_ch)
    n_p = max(1, int(round(n_b * 0.88)))
    perm = rp.permutation(n_b)
    person = np.where(perm < n_p, perm, rp.integers(0, n_p, n_b))
    for _ in range(20):  # a person is a member of a chantier at most once
        key = person.astype(np.int64) * (n_ch + 1) + b_ch
        _, first_idx = np.unique(key, return_index=True)
        dup = np.ones(n_b, dtype=bool)
        dup[first_idx] = False
        if not dup.any():
            break
        person[dup] = rp.integers(0, n_p, int(dup.sum()))
    keep = np.ones(n_b, dtype=bool)
    key = person.astype(np.int64) * (n_ch + 1) + b_ch
    _, first_idx = np.unique(key, return_index=True)
    keep[:] = False
    keep[first_idx] = True
    b_ch, person = b_ch[keep], person[keep]
    n_b = len(b_ch)
    founding = rp.random(n_b) < 0.86
    ch_span = last_held[b_ch] - start[b_ch]
    joined = np.where(founding, start[b_ch], start[b_ch] + (rp.uniform(0.05, 0.8, n_b) * ch_span).astype(np.int64))
    leaves = rp.random(n_b) < 0.1
    left = joined + (rp.uniform(0.3, 0.95, n_b) * (last_held[b_ch] - joined)).astype(np.int64) + 30
    leaves &= left < last_held[b_ch]
    # persons
    female = rp.random(n_p) < 0.58
    fi = rp.integers(0, len(FEMALE_FIRST), n_p)
    mi = rp.integers(0, len(MALE_FIRST), n_p)
    l1 = rp.integers(0, len(LAST_NAMES), n_p)
    l2 = rp.integers(0, len(LAST_NAMES), n_p)
    double = (rp.random(n_p) < 0.08) & (l1 != l2)
    first = pl.Series(np.where(female, _take(FEMALE_FIRST, fi).to_numpy(), _take(MALE_FIRST, mi).to_numpy()))
    first_a = pl.Series(np.where(female, _take([_ascii(x) for x in FEMALE_FIRST], fi).to_numpy(),
                                 _take([_ascii(x) for x in MALE_FIRST], mi).to_numpy()))
    last = _take(LAST_NAMES, l1) + pl.Series(np.where(double, "-", "")) + pl.Series(
        np.where(double, _take(LAST_NAMES, l2).to_numpy(), ""))
    last_a = _take([_ascii(x) for x in LAST_NAMES], l1) + pl.Series(np.where(double, "-", "")) + pl.Series(
        np.where(double, _take([_ascii(x) for x in LAST_NAMES], l2).to_numpy(), ""))
    base_email = first_a + "." + last_a
    emails = pl.DataFrame({"b": base_email}).with_columns(
        (pl.col("b").cum_count().over("b")).alias("k")).select(
        pl.when(pl.col("k") > 1).then(pl.col("b") + pl.col("k").cast(pl.Utf8)).otherwise(pl.col("b")) + "@example.org"
    ).to_series()
    level = _choice(rp, n_p, (0.4, 0.35, 0.25))
    function = _choice(rp, n_p, (0.45, 0.12, 0.22, 0.1, 0.06, 0.05))
    function = np.where(function == 4, 4, function)
    level = np.where(function == 4, 0, level)  # elected officials are local
    p_reg = _choice(rp, n_p, _REGION_WEIGHTS)
    region = _take(region_codes, p_reg)
    national_region = (level == 2) & (rp.random(n_p) < 0.5)
    region = pl.Series(np.where(national_region, "national", region.to_numpy()))
    field = rp.integers(0, len(_SYN_FIELDS), n_p)
    org_base = pl.Series(np.select([level == 0, level == 1], [
        _take([_ORGS.get(f, _ORGS["Développement communautaire"])[0] for f in _SYN_FIELDS], field).to_numpy(),
        _take([_ORGS.get(f, _ORGS["Développement communautaire"])[1] for f in _SYN_FIELDS], field).to_numpy()],
        _take([_ORGS.get(f, _ORGS["Développement communautaire"])[2] for f in _SYN_FIELDS], field).to_numpy()))
    reg_name = _take([REGIONS[c] for c in region_codes], p_reg)
    organisation = pl.DataFrame({"o": org_base, "r": reg_name, "lvl": level, "fn": function}).select(
        pl.when(pl.col("fn") == 1).then(None)
        .when(pl.col("lvl") == 2).then(pl.col("o"))
        .otherwise(pl.col("o") + " (" + pl.col("r") + ")")).to_series()
    member_id = _id_series("M", np.arange(1, n_p + 1), 6)
    propensity = rp.uniform(0.6, 0.95, n_b)
    members = pl.DataFrame({
        "member_id": member_id.gather(person),
        "chantier_id": chantier_id.gather(b_ch),
        "joined_on": _as_date_series("joined_on", joined),
        "full_name": (first + " " + last).gather(person),
        "email": emails.gather(person),
        "organisation": organisation.gather(person),
        "region": region.gather(person),
        "level": _take(("local", "regional", "national"), level).gather(person),
        "function": _take(("professional", "citizen", "manager", "researcher", "elected", "other"), function).gather(person),
        "practice_field": _take(_SYN_FIELDS, field).gather(person),
        "left_on": _as_date_series("left_on", left, ~leaves),
        "_female": pl.Series(female).gather(person),
    })

    # ---- attendance -----------------------------------------------------
    rt = _rng(seed, "syn:attendance")
    next_meeting = chantier_id + "-R" + pl.Series(n_meet + 1).cast(pl.Utf8).str.zfill(2)
    mt = pl.DataFrame({"m": np.arange(n_m, dtype=np.int64), "ch": m_ch.astype(np.int64), "held": held,
                       "virt": fmt != 0, "first": m_seq == 0})
    mb = pl.DataFrame({"b": np.arange(n_b, dtype=np.int64), "ch": b_ch.astype(np.int64), "joined": joined,
                       "left": np.where(leaves, left, np.iinfo(np.int64).max), "prop": propensity,
                       "p": person.astype(np.int64)})
    pairs = (mt.lazy().join(mb.lazy(), on="ch", how="inner")
             .filter((pl.col("joined") <= pl.col("held")) & (pl.col("held") < pl.col("left")))
             .sort(["m", "b"]).collect())
    n_t = pairs.height
    u1, u2 = rt.random(n_t), rt.random(n_t)
    prob = pairs["prop"].to_numpy() + 0.04 * pairs["virt"].to_numpy() + 0.06 * pairs["first"].to_numpy()
    status = np.where(u1 < prob, 0, np.where(u2 < 0.72, 2, 1))
    m_idx = pairs["m"].to_numpy()
    att_year = pl.Series(held[m_idx]).cast(pl.Int32).cast(pl.Date).dt.year()
    attendance = pl.DataFrame({
        "meeting_id": meeting_id.gather(m_idx),
        "member_id": member_id.gather(pairs["p"].to_numpy()),
        "status": _take(("present", "absent", "excused"), status),
        "_female": pl.Series(female).gather(pairs["p"].to_numpy()),
        "_next_meeting": next_meeting.gather(m_ch[m_idx]),
        "_year": att_year,
    })
    del pairs

    # ---- deliverables ----------------------------------------------------
    rd = _rng(seed, "syn:deliverables")
    n_del = rd.integers(3, 8, n_ch)
    d_ch, d_pos = _group_index(n_del)
    n_d = len(d_ch)
    d_type = _choice(rd, n_d, (0.22, 0.14, 0.2, 0.14, 0.12, 0.1, 0.08))
    d_span = last_held[d_ch] - start[d_ch]
    prod_start = start[d_ch] + (rd.uniform(refl[d_ch] * 0.9, 0.95) * d_span).astype(np.int64)
    prod_start = prod_start[np.lexsort((prod_start, d_ch))]  # numbered in order of production
    release = prod_start + rd.integers(90, 420, n_d)
    unreleased = (release > snap) | (rd.random(n_d) < 0.1)
    d_theme = theme[d_ch]
    deliverable_id = chantier_id.gather(d_ch) + "-L" + pl.Series(d_pos + 1).cast(pl.Utf8)
    deliverables = pl.DataFrame({
        "deliverable_id": deliverable_id,
        "chantier_id": chantier_id.gather(d_ch),
        "title": _take([_TITLE_PREFIX[t] for t in _TYPES], d_type) + " — " + _take([t[0] for t in _THEMES], d_theme),
        "type": _take(_TYPES, d_type),
        "audience": _take(_AUDIENCES, rd.integers(0, len(_AUDIENCES), n_d)),
        "production_started_on": _as_date_series("production_started_on", prod_start),
        "released_on": _as_date_series("released_on", np.minimum(release, snap), unreleased),
    })

    # ---- diffusion ---------------------------------------------------------
    rf_ = _rng(seed, "syn:diffusion")
    followed = ~unreleased & (rf_.random(n_d) > 0.08)
    n_f = np.where(followed, rf_.integers(10, 71, n_d), 0)
    f_d, _ = _group_index(n_f)
    n_fr = len(f_d)
    rel = release[f_d]
    rel_date = pl.Series(rel).cast(pl.Int32).cast(pl.Date)
    rel_month = (rel_date.dt.year() * 12 + rel_date.dt.month() - 1).to_numpy().astype(np.int64)
    snap_month = SYNTH_SNAPSHOT.year * 12 + SYNTH_SNAPSHOT.month - 1
    avail = np.clip(snap_month - rel_month + 1, 1, 36)
    month = rel_month + np.floor(rf_.random(n_fr) * avail).astype(np.int64)
    combos = (("web", "views", 0, 300), ("web", "downloads", 0, 60), ("newsletter", "views", 0, 500),
              ("social_media", "views", 0, 250), ("workshop", "participants", 1, 22),
              ("member_network", "uses_reported", 1, 3), ("member_network", "adaptations", 1, 1),
              ("conference", "participants", 1, 70), ("other", "uses_reported", 1, 2))
    combo = _choice(rf_, n_fr, (0.2, 0.2, 0.06, 0.12, 0.14, 0.14, 0.04, 0.05, 0.05))
    regional_c = np.array([c[2] for c in combos])[combo] == 1
    f_reg = _choice(rf_, n_fr, _REGION_WEIGHTS)
    f_region = np.where(regional_c, np.array(region_codes)[f_reg],
                        np.where(rf_.random(n_fr) < 0.5, "national", ""))
    scale_v = np.array([c[3] for c in combos], dtype=float)[combo]
    value = np.maximum(0, np.rint(rf_.lognormal(0, 0.6, n_fr) * scale_v))
    diffusion = pl.DataFrame({
        "deliverable_id": deliverable_id.gather(f_d),
        "observed_on": (pl.Series(month // 12).cast(pl.Utf8) + "-" + pl.Series(month % 12 + 1).cast(pl.Utf8).str.zfill(2)),
        "channel": _take([c[0] for c in combos], combo),
        "metric": _take([c[1] for c in combos], combo),
        "value": value,
        "region": pl.Series(f_region).replace("", None),
        "_dec": rf_.random(n_fr) < 0.1,
        "_web": np.isin(combo, [0, 1, 2, 3]),
    }).unique(subset=["deliverable_id", "observed_on", "channel", "region", "metric"], keep="first",
              maintain_order=True).sort(["deliverable_id", "observed_on", "channel", "metric"], maintain_order=True)

    # ---- surveys and responses ----------------------------------------------
    rs = _rng(seed, "syn:surveys")
    has_bilan = ~ongoing | (rs.random(n_ch) < 0.5)
    bilan_ch = np.flatnonzero(has_bilan)
    bilan_id = _id_series("bilan", bilan_ch + 1, 5)
    bilan_date = np.minimum(np.where(ongoing[bilan_ch], snap - 45, last_held[bilan_ch] + 30), snap - 7)
    sat_d = np.flatnonzero(~unreleased & (rs.random(n_d) < 0.35) & (release + 60 < snap))
    sat_id = _id_series("satis", sat_d + 1, 6)
    field_ch = np.flatnonzero(rs.random(n_ch) < 0.25)
    field_id = _id_series("terrain", field_ch + 1, 5)
    field_date = start[field_ch] + (refl[field_ch] * 0.5 * (last_held[field_ch] - start[field_ch])).astype(np.int64)
    surveys = pl.concat([
        pl.DataFrame({"survey_id": bilan_id, "title": pl.Series(["Sondage de fin de cycle auprès des membres"] * len(bilan_ch)),
                      "audience": pl.Series(["members"] * len(bilan_ch)), "chantier_id": chantier_id.gather(bilan_ch),
                      "deliverable_id": pl.Series([None] * len(bilan_ch), dtype=pl.Utf8),
                      "fielded_on": _as_date_series("fielded_on", bilan_date)}),
        pl.DataFrame({"survey_id": sat_id, "title": "Sondage de satisfaction : " + deliverables["title"].gather(sat_d),
                      "audience": pl.Series(["users"] * len(sat_d)),
                      "chantier_id": pl.DataFrame({"c": chantier_id.gather(d_ch[sat_d]), "k": rs.random(len(sat_d)) < 0.6})
                      .select(pl.when(pl.col("k")).then(pl.col("c")).otherwise(None)).to_series(),
                      "deliverable_id": deliverable_id.gather(sat_d),
                      "fielded_on": _as_date_series("fielded_on", release[sat_d] + 60)}),
        pl.DataFrame({"survey_id": field_id, "title": "Sondage terrain : " + _take([t[0] for t in _THEMES], theme[field_ch]),
                      "audience": pl.Series(["external"] * len(field_ch)), "chantier_id": chantier_id.gather(field_ch),
                      "deliverable_id": pl.Series([None] * len(field_ch), dtype=pl.Utf8),
                      "fielded_on": _as_date_series("fielded_on", field_date)}),
    ], how="vertical")

    # satisfaction surveys, long form
    rr = _rng(seed, "syn:responses")
    n_resp = rr.integers(30, 150, len(sat_d))
    s_s, s_pos = _group_index(n_resp)
    n_sr = len(s_s)
    sat_mu = rr.normal(0, 0.4, n_sr)
    q1 = np.clip(np.rint(4.0 + sat_mu + rr.normal(0, 0.8, n_sr)), 1, 5).astype(int) - 1
    q2 = np.clip(np.rint(3.9 + sat_mu + rr.normal(0, 0.8, n_sr)), 1, 5).astype(int) - 1
    q3 = _choice(rr, n_sr, (0.55, 0.2, 0.25))
    q4 = np.clip(np.rint(3.8 + sat_mu + rr.normal(0, 0.9, n_sr)), 1, 5).astype(int)
    q5_on = rr.random(n_sr) < 0.2
    q5 = rr.integers(0, len(OPEN_USE), n_sr)
    sid = sat_id.gather(s_s)
    rid = _id_series("R", s_pos + 1, 4)

    def long_block(qid: str, question: str, answers: pl.Series, mask: np.ndarray | None = None) -> pl.DataFrame:
        df = pl.DataFrame({"survey_id": sid_cur, "respondent_id": rid_cur, "answer": answers}).select(
            pl.col("survey_id").cast(pl.Utf8), pl.col("respondent_id").cast(pl.Utf8),
            pl.lit(qid, dtype=pl.Utf8).alias("question_id"), pl.col("answer").cast(pl.Utf8),
            pl.lit(question, dtype=pl.Utf8).alias("question"))
        return df.filter(pl.Series(mask)) if mask is not None else df

    sid_cur, rid_cur = sid, rid
    sat_long = pl.concat([
        long_block("Q1", "Satisfaction globale à l'égard du livrable", _take(SATIS_FR, q1)),
        long_block("Q2", "Le contenu répond à mes besoins.", _take(AGREE_FR, q2)),
        long_block("Q3", "Avez-vous utilisé le livrable dans votre pratique?", _take(("Oui", "Non", "Pas encore"), q3)),
        long_block("Q4", "Utilité pour votre démarche (1 à 5)", pl.Series(q4).cast(pl.Utf8)),
        long_block("Q5", "Commentaires", _take(OPEN_USE, q5), q5_on),
    ]).with_columns(pl.col("respondent_id").str.slice(1).cast(pl.Int64).alias("_r")).sort(
        ["survey_id", "_r", "question_id"]).drop("_r")

    # field surveys, long form
    n_fresp = rr.integers(80, 400, len(field_ch))
    g_s, g_pos = _group_index(n_fresp)
    n_gr = len(g_s)
    sid_cur, rid_cur = field_id.gather(g_s), _id_series("T", g_pos + 1, 4)
    orgs = ("Organisme communautaire", "Municipalité ou MRC", "Réseau de la santé", "Milieu scolaire", "Fondation", "Autre")
    field_long = pl.concat([
        long_block("Q1", "Type d'organisation", _take(orgs, _choice(rr, n_gr, (0.35, 0.2, 0.15, 0.12, 0.08, 0.1)))),
        long_block("Q2", "L'enjeu est une priorité dans votre milieu (1 à 5).",
                   pl.Series(np.clip(np.rint(3.6 + rr.normal(0, 1.0, n_gr)), 1, 5).astype(int)).cast(pl.Utf8)),
        long_block("Q3", "Participez-vous à une démarche collective sur cet enjeu?",
                   _take(("Oui", "Non"), (rr.random(n_gr) < 0.4).astype(int))),
        long_block("Q4", "Région administrative", _take([REGIONS[c] for c in region_codes],
                                                        _choice(rr, n_gr, _REGION_WEIGHTS))),
    ]).with_columns(pl.col("respondent_id").str.slice(1).cast(pl.Int64).alias("_r")).sort(
        ["survey_id", "_r", "question_id"]).drop("_r")

    # members' end-of-cycle surveys, wide (one row per respondent)
    mem_ch = pl.DataFrame({"b": np.arange(n_b), "ch": b_ch}).filter(pl.col("ch").is_in(bilan_ch.tolist()))
    pick = rr.random(mem_ch.height) < 0.7
    resp_b = mem_ch.filter(pl.Series(pick))["b"].to_numpy()
    resp_ch = b_ch[resp_b]
    bilan_pos = np.searchsorted(bilan_ch, resp_ch)
    n_w = len(resp_b)
    ts_base = bilan_date[bilan_pos].astype(np.int64) * 86400 + 8 * 3600
    # strictly increasing offsets within a survey keep timestamps unique per survey
    _, w_pos = _group_index(np.bincount(bilan_pos, minlength=len(bilan_ch)))
    ts = ts_base + w_pos * 1800 + rr.integers(0, 1700, n_w)
    horodateur = pl.Series(ts * 1_000_000).cast(pl.Datetime("us")).dt.strftime("%Y-%m-%d %H:%M:%S")
    p_eff = rr.normal(0, 0.35, n_w)
    wide_cols: dict[str, pl.Series] = {
        "Sondage": bilan_id.gather(bilan_pos),
        "Horodateur": horodateur,
        "Nom": members["full_name"].gather(resp_b),
        "Courriel": members["email"].gather(resp_b),
    }
    q_means = (4.3, 3.9, 4.0, 4.5, 4.4, 3.6, 4.0)
    for (_, q), mu in zip(MEMBER_SURVEY_LIKERT, q_means):
        sc = np.clip(np.rint(mu + p_eff + rr.normal(0, 0.75, n_w)), 1, 5).astype(int) - 1
        blank = rr.random(n_w) < 0.04
        wide_cols[q] = pl.Series(np.where(blank, "", np.array(AGREE_FR)[sc]))
    wide_cols[MEMBER_SURVEY_OPEN[1]] = pl.Series(np.where(rr.random(n_w) < 0.3, np.array(OPEN_IMPROVE)[
        rr.integers(0, len(OPEN_IMPROVE), n_w)], ""))
    wide = pl.DataFrame(wide_cols).with_columns(pl.Series("_pos", bilan_pos))
    questions = tuple(c for c in wide.columns if c not in ("Sondage", "Horodateur", "Nom", "Courriel", "_pos"))

    # ---- the files ------------------------------------------------------------
    outs: list[_Out] = [
        _Out("chantiers.csv", "chantiers", chantiers,
             {c: c for c in ("chantier_id", "name", "theme", "kind", "started_on", "ended_on", "funder")}, vocab="en"),
        _Out("membres.csv", "members", members,
             {"member_id": "Membre", "chantier_id": "Chantier", "full_name": "Nom complet", "email": "Courriel",
              "organisation": "Organisme", "region": "Région", "level": "Palier", "function": "Fonction",
              "practice_field": "Champ de pratique", "joined_on": "Date d'arrivée", "left_on": "Date de départ"},
             sep=";", encoding="cp1252", crlf=True, dates="dmy"),
        _Out("rencontres.csv", "meetings", meetings,
             {"meeting_id": "Rencontre", "chantier_id": "Chantier", "held_on": "Date",
              "duration_minutes": "Durée (minutes)", "format": "Modalité", "stage": "Étape"}, sep=";", dates="dmy-"),
        _Out("ordre_du_jour.csv", "agenda", agenda,
             {"meeting_id": "Rencontre", "item": "Point", "kind": "Nature", "minutes": "Durée", "notes": "Remarques"},
             sep=";", encoding="utf-8-sig", crlf=True),
    ]
    # attendance in up to four files by year, each in a different form
    years = attendance["_year"].to_numpy()
    uniq, cnt = np.unique(years, return_counts=True)
    n_parts = min(4, len(uniq))
    cuts = np.searchsorted(np.cumsum(cnt), np.arange(1, n_parts) * cnt.sum() / n_parts)
    groups = np.split(uniq, np.unique(cuts + 1)) if n_parts > 1 else [uniq]
    groups = [g for g in groups if len(g)]
    forms = (
        dict(headers={"meeting_id": "Rencontre", "member_id": "Membre", "status": "Statut"}, sep=";", crlf=True),
        dict(headers={"meeting_id": "rencontre_id", "member_id": "membre_id", "status": "Présence"}, sep="\t"),
        dict(headers={"meeting_id": "meeting_id", "member_id": "member_id", "status": "status"}, sep=",", vocab="en"),
        dict(headers={"meeting_id": "Rencontre", "member_id": "Membre", "status": "Statut"}, sep=";",
             encoding="cp1252", crlf=True),
    )
    biggest = int(np.argmax([cnt[np.isin(uniq, g)].sum() for g in groups]))
    for i, g in enumerate(groups):
        part = attendance.filter(pl.col("_year").is_in(g.tolist()))
        form = dict(forms[i % len(forms)])
        headers = form.pop("headers")
        outs.append(_Out(f"presences-{int(g.min())}-{int(g.max())}.csv", "attendance", part, headers,
                         repeat_header=(i == biggest), orphans=(i == len(groups) - 1), **form))
    outs += [
        _Out("livrables.csv", "deliverables", deliverables,
             {"deliverable_id": "Livrable", "chantier_id": "Chantier", "title": "Titre", "type": "Type",
              "audience": "Public cible", "production_started_on": "Début de production",
              "released_on": "Date de diffusion"}),
        _Out("suivis_web.csv", "diffusion", diffusion.filter(pl.col("_web")),
             {"deliverable_id": "Livrable", "observed_on": "Période", "channel": "Canal", "region": "Région",
              "metric": "Mesure", "value": "Valeur"}, sep=";", decimal_comma=True),
        _Out("suivis_terrain.csv", "diffusion", diffusion.filter(~pl.col("_web")).with_columns(
            pl.Series("_code", _rng(seed, "syn:codes").random(int((~diffusion["_web"]).sum())) < 0.5)),
             {"deliverable_id": "livrable_id", "observed_on": "periode", "channel": "canal", "region": "region",
              "metric": "indicateur", "value": "valeur"}, sep=";", decimal_comma=True, regions="mixed"),
        _Out("sondages.xlsx", "surveys", surveys,
             {"survey_id": "Sondage", "title": "Titre", "audience": "Public", "chantier_id": "Chantier",
              "deliverable_id": "Livrable", "fielded_on": "Date de collecte"}, sheet="sondages"),
        _Out("reponses_satisfaction.csv", "responses", sat_long,
             {"survey_id": "Sondage", "respondent_id": "Répondant", "question_id": "No question",
              "question": "Question", "answer": "Réponse"}),
        _Out("reponses_terrain.csv", "responses", field_long,
             {"survey_id": "survey_id", "respondent_id": "respondent_id", "question_id": "question_id",
              "question": "question", "answer": "answer"}, sep=";"),
    ]
    # wide exports: the first members' surveys one file each (survey named by the stem),
    # all the others in one export with a survey column
    n_single = min(3, len(bilan_ch))
    for j in range(n_single):
        sub = wide.filter(pl.col("_pos") == j).drop("Sondage", "_pos")
        outs.append(_Out(f"responses_{bilan_id[j]}.csv", "responses", sub, {c: c for c in sub.columns},
                         wide_questions=questions))
    rest = wide.filter(pl.col("_pos") >= n_single).drop("_pos")
    if rest.height:
        outs.append(_Out("reponses_bilans_membres.csv", "responses", rest, {c: c for c in rest.columns},
                         wide_questions=questions))
    return outs


# ==========================================================================
# demo/ : the committed demo data and the bad files for trying rejects
# ==========================================================================


def write_demo_messy(out_dir: Path, seed: int = 2012) -> dict:
    """Write a few small, realistic bad files referring to the demo; return what a loader should do with them."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = _rng(seed, "demo:messy")
    meetings = _demo_meetings(_rng(seed, "demo:meetings"))
    people = _demo_people(_rng(seed, "demo:people"))
    members = _demo_members(_rng(seed, "demo:members"), people, meetings)
    last_cond = max(int(m["meeting_id"][-2:]) for m in meetings if m["chantier_id"] == "COND")
    next_cond = f"COND-R{last_cond + 1:02d}"
    last_cond_meeting = f"COND-R{last_cond:02d}"
    expected: dict = {}

    # 1. members added by hand: bad dates, unknown values, a missing value, duplicates
    first_f = [f for f in FEMALE_FIRST if f not in {p["first"] for p in people}]
    first_m = [m for m in MALE_FIRST if m not in {p["first"] for p in people}]
    lasts = [ln for ln in LAST_NAMES if ln not in {p["last"].split("-")[0] for p in people}]
    new = []
    for i in range(6):
        female = i % 2 == 0
        first = (first_f if female else first_m)[i]
        new.append((f"M{57 + i:03d}", f"{first} {lasts[i]}", f"{_ascii(first)}.{_ascii(lasts[i])}@example.org"))
    header = "Membre;Chantier;Nom complet;Courriel;Organisme;Région;Palier;Fonction;Champ de pratique;Date d'arrivée;Date de départ"
    lines = [
        f"{new[0][0]};COND;{new[0][1]};{new[0][2]};Comité de citoyens (Estrie);Estrie;Local;Citoyenne;Participation citoyenne;14/01/2016;",
        f"{new[0][0]};COND;{new[0][1]};{new[0][2]};Comité de citoyens (Estrie);Estrie;Local;Citoyenne;Participation citoyenne;14/01/2016;",
        f"{new[1][0]};PRAT;{new[1][1]};{new[1][2]};MRC, service de développement du territoire (Mauricie);Mauricie;Régional;Professionnel;Développement territorial;31/02/2015;",
        f"{new[2][0]};EVAL;{new[2][1]};{new[2][2]};Direction régionale de santé publique (Outaouais);Outaouais;Régional;Professionnelle;Santé publique;03/27/2015;",
        f"{new[3][0]};COMP;{new[3][1]};{new[3][2]};Centre de services scolaire (Nord-du-Québec);Baie-James;Local;Stagiaire;Éducation;12/03/2015;",
        f"{new[4][0]};;{new[4][1]};{new[4][2]};Fondation communautaire régionale (Laval);Laval;Régional;Gestionnaire;Philanthropie;19/03/2015;",
        f"{new[5][0]};COND;{new[5][1]};{new[5][2]};Table régionale des organismes communautaires (Montérégie);Montérégie;Régional;Gestionnaire;Développement communautaire;12/03/2015;",
        f"{new[5][0]};COND;{new[5][1]};{new[5][2]};Corporation de développement communautaire (Montérégie);Montérégie;Local;Gestionnaire;Développement communautaire;12/03/2015;",
    ]
    (out_dir / "membres_ajouts_2015.csv").write_bytes(("\r\n".join([header, *lines]) + "\r\n").encode("cp1252"))
    expected["membres_ajouts_2015.csv"] = {
        "source": "members", "rows_read": 8, "accepted": 1, "rejected_rows": 6, "quarantined": 0,
        "problems": [
            {"line": 4, "column": "joined_on", "reason": "date 31/02/2015 does not exist"},
            {"line": 5, "column": "joined_on", "reason": "month-first date 03/27/2015 (never accepted)"},
            {"line": 6, "column": "region", "reason": "unknown region 'Baie-James'"},
            {"line": 6, "column": "function", "reason": "unknown function 'Stagiaire'"},
            {"line": 7, "column": "chantier_id", "reason": "missing required value"},
            {"line": 8, "column": "organisation, level",
             "reason": f"conflicting duplicate of {new[5][0]}/COND (with line 9)"},
            {"line": 9, "column": "organisation, level",
             "reason": f"conflicting duplicate of {new[5][0]}/COND (with line 8)"},
        ],
        "notes": f"lines 2 and 3 are identical ({new[0][0]}/COND): they count once and are accepted",
    }

    # 2. attendance typed before the meeting was filed (quarantine), plus bad rows
    active = [m for m in members if m["chantier_id"] == "COND" and m["left_on"] is None]
    rows = []
    for mb in active:
        r = rng.random()
        fem = mb["_female"]
        status = ("Présente" if fem else "Présent") if r < 0.75 else ("Excusée" if fem else "Excusé")
        rows.append(f"{next_cond};{mb['member_id']};{status}")
    rows.append(f"{last_cond_meeting};{active[0]['member_id']};En retard")
    rows.append(f"{last_cond_meeting};;Présent")
    text = "Rencontre;Membre;Statut\n" + "\n".join(rows) + "\n;;\n;;\n"
    (out_dir / "presences-printemps-2017.csv").write_bytes(text.encode("utf-8"))
    n_q = len(active)
    expected["presences-printemps-2017.csv"] = {
        "source": "attendance", "rows_read": n_q + 2, "accepted": 0, "rejected_rows": 2, "quarantined": n_q,
        "quarantine_reason": f"meeting {next_cond} is not loaded yet (add it to rencontres to release these rows)",
        "problems": [
            {"line": n_q + 2, "column": "status", "reason": "unknown attendance status 'En retard'"},
            {"line": n_q + 3, "column": "member_id", "reason": "missing required value"},
        ],
        "notes": "two blank trailing rows (only separators) are ignored",
    }

    # 3. a meetings file without its date column: refused as a whole
    text = "Rencontre;Chantier;Durée (minutes);Modalité\n" + f"{next_cond};COND;210;Présentiel\n"
    (out_dir / "rencontres_juin_2017.csv").write_bytes(text.encode("utf-8"))
    expected["rencontres_juin_2017.csv"] = {
        "source": "meetings", "refused": "missing required column held_on (a date column such as 'Date')"}

    # 4. diffusion follow-ups typed quickly
    text = ("Livrable;Période;Canal;Région;Mesure;Valeur\n"
            "PRAT-L3;2017-05;Atelier;Laurentides;Participants;24\n"
            "PRAT-L3;2017-13;Web;;Téléchargements;11\n"
            "PRAT-L2;2017-05;Balado;;Vues;38\n"
            "PRAT-L2;2017-05;Web;;Vues;n/d\n"
            ";2017-05;Web;;Téléchargements;7\n"
            "COMP-L1;2017-05; web ;;TÉLÉCHARGEMENTS;6,0\n")
    (out_dir / "suivis_mai_2017.csv").write_bytes(text.encode("utf-8"))
    expected["suivis_mai_2017.csv"] = {
        "source": "diffusion", "rows_read": 6, "accepted": 2, "rejected_rows": 4, "quarantined": 0,
        "problems": [
            {"line": 3, "column": "observed_on", "reason": "month 2017-13 does not exist"},
            {"line": 4, "column": "channel", "reason": "unknown channel 'Balado'"},
            {"line": 5, "column": "value", "reason": "not a number: 'n/d'"},
            {"line": 6, "column": "deliverable_id", "reason": "missing required value"},
        ],
        "notes": "line 7 is harmless mess (spaces, upper case, decimal comma) and is accepted",
    }

    # 5. an empty file
    (out_dir / "ordre_du_jour_juin_2017.csv").write_bytes(b"")
    expected["ordre_du_jour_juin_2017.csv"] = {"source": "agenda", "refused": "empty file"}

    (out_dir / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return expected


def write_demo(root: Path = Path("demo"), seed: int = 2012) -> dict[str, int]:
    """(Re)write demo/data (the demo, scale 1) and demo/messy (bad files)."""
    root = Path(root)
    counts = generate(root / "data", scale=1, seed=seed)
    write_demo_messy(root / "messy", seed=seed)
    return counts


if __name__ == "__main__":  # python -m pipelines.generate  -> rewrite demo/
    print(dict(write_demo(Path(__file__).resolve().parent.parent / "demo")))
