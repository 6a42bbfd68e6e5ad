"""Mess: bad rows and harmless mess injected per file, and the demo's bad files (demo/messy)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.contract import SOURCE_BY_NAME
from pipelines.generate.demo_meetings import _demo_meetings
from pipelines.generate.demo_people import _demo_members, _demo_people
from pipelines.generate.forms import _Out
from pipelines.generate.names import FEMALE_FIRST, LAST_NAMES, MALE_FIRST, _ascii
from pipelines.generate.streams import _rng


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
        "source": "members", "rows_read": 8, "accepted": 2, "rejected_rows": 6, "quarantined": 0,
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
        "notes": f"lines 2 and 3 are identical ({new[0][0]}/COND): both are accepted rows of the file, "
                 "stored once (the report says so)",
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
