"""The generator: deterministic, faithful demo, contract-valid files, honest mess counts."""

from __future__ import annotations

import filecmp
import html
import json
import re
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pipelines.contract import (
    LIKERT_SCORES, SOURCE_BY_NAME, TIMESTAMP_HEADERS, header_key, header_map, is_personal_header,
    normalize_token, source_for_stem, vocabulary_lookup,
)
from pipelines.generate import (
    DEMO_WIDE_FILE, FEMALE_FIRST, LAST_NAMES, MALE_FIRST, generate, write_demo_messy,
)

ROOT = Path(__file__).resolve().parent.parent
SEED_DOC = Path("/work/shared/seed/000_bb6c186bbd26082e.txt")
DEMO_DATA = ROOT / "demo" / "data"
DEMO_MESSY = ROOT / "demo" / "messy"


# ---------------------------------------------------------------------------
# A small independent reader/validator (the real readers live in pipelines/)
# ---------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def _read_tables(folder: Path) -> list[tuple[str, str, pl.DataFrame]]:
    """(file, table name, all-text frame) for every CSV file and XLSX sheet."""
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".csv":
            text = _decode(path.read_bytes())
            if not text.strip():
                out.append((path.name, path.stem, pl.DataFrame()))
                continue
            header = text.splitlines()[0]
            sep = max([";", "\t", ","], key=header.count)
            df = pl.read_csv(text.encode("utf-8"), separator=sep, infer_schema=False, truncate_ragged_lines=False)
            out.append((path.name, path.stem, df))
        elif path.suffix == ".xlsx":
            sheets = pl.read_excel(path, sheet_id=0)
            for name, df in sheets.items():
                df = df.select([
                    (pl.col(c).dt.strftime("%Y-%m-%d %H:%M:%S") if df[c].dtype == pl.Datetime
                     else pl.col(c).cast(pl.Utf8)).alias(c) for c in df.columns])
                table = name if source_for_stem(name) and len(sheets) > 1 else path.stem
                out.append((path.name, table, df))
    return out


_DMY = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")


def _parse_date(v: str) -> date | None:
    v = v.strip()
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}( 00:00:00)?$", v):
            return date.fromisoformat(v[:10])
        m = _DMY.match(v)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def _parse_period(v: str) -> str | None:
    v = v.strip()
    m = re.match(r"^(\d{4})-(\d{2})$", v)
    if m:
        return v if 1 <= int(m[2]) <= 12 else None
    d = _parse_date(v)
    return d.strftime("%Y-%m") if d else None


def _number(v: str) -> float | None:
    try:
        return float(v.strip().replace(",", "."))
    except ValueError:
        return None


def _integer(v: str) -> int | None:
    x = _number(v)
    return int(x) if x is not None and x == int(x) else None


class Loaded:
    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {s: [] for s in SOURCE_BY_NAME}
        self.bad: Counter = Counter()
        self.problems: list[str] = []
        self.wide: dict[str, pl.DataFrame] = {}
        self.bad_by_file: Counter = Counter()
        self.refused: dict[str, str] = {}


def _validate(folder: Path) -> Loaded:
    """Row-level checks of every file against the contract; references checked against rows present in the files."""
    res = Loaded()
    parsed: list[tuple[str, str, int, dict, dict]] = []  # (file, source, line, canonical row, key)
    present: dict[str, list[dict]] = {}  # raw values of every row, valid or not: a parent "in the files"
    for fname, table, df in _read_tables(folder):
        source = source_for_stem(table)
        assert source is not None, f"{fname}: no source for {table}"
        if df.width == 0:
            res.refused[fname] = "empty file"
            continue
        hmap = header_map(source)
        cols = {c: hmap.get(header_key(c)) for c in df.columns}
        if source.name == "responses" and "question_id" not in cols.values():
            res.wide[fname] = df
            continue
        missing = set(source.required) - set(cols.values())
        if missing:
            res.refused[fname] = f"missing required columns {sorted(missing)}"
            continue
        header_values = [str(c) for c in df.columns]
        for i, row in enumerate(df.iter_rows(), start=2):
            values = ["" if v is None else str(v) for v in row]
            if all(v.strip() == "" for v in values) or [v.strip() for v in values] == header_values:
                continue
            rec: dict = {}
            problems = []
            for (header, col), v in zip(cols.items(), values):
                if col is None:
                    continue
                v = v.strip()
                column = source.column(col)
                if v == "":
                    if column.required:
                        problems.append(f"{col} missing")
                    rec[col] = None
                    continue
                kind = column.kind
                if kind == "date":
                    x = _parse_date(v)
                elif kind == "period":
                    x = _parse_period(v)
                elif kind == "integer":
                    x = _integer(v)
                elif kind == "number":
                    x = _number(v)
                elif column.vocabulary:
                    x = vocabulary_lookup(column.vocabulary).get(normalize_token(v))
                else:
                    x = v
                if x is None:
                    problems.append(f"{col}={v!r}")
                rec[col] = x
            raw = {col: v.strip() or None for (header, col), v in zip(cols.items(), values) if col}
            present.setdefault(source.name, []).append(raw)
            if problems:
                res.bad[source.name] += 1
                res.bad_by_file[fname] += 1
                res.problems.append(f"{fname}:{i}: {problems}")
                continue
            rec["_file"] = fname
            parsed.append((fname, source.name, i, rec, tuple(rec.get(k) for k in source.key)))
    # duplicates within a file: identical rows count once, different rows are all rejected
    groups: dict[tuple, list] = {}
    for item in parsed:
        groups.setdefault((item[0], item[1], item[4]), []).append(item)
    for (fname, sname, key), items in groups.items():
        distinct = {tuple(sorted((k, str(v)) for k, v in it[3].items())) for it in items}
        if len(distinct) > 1:
            res.bad[sname] += len(items)
            res.bad_by_file[fname] += len(items)
            res.problems.append(f"{fname}: conflicting duplicate {key}")
        else:
            res.rows[sname].append(items[0][3])
    # references to rows that are nowhere in the files (quarantine)
    chantiers = {r["chantier_id"] for r in present.get("chantiers", [])}
    meetings = {r["meeting_id"]: r["chantier_id"] for r in present.get("meetings", [])}
    memberships = {(r["member_id"], r["chantier_id"]) for r in present.get("members", [])}
    deliverables = {r["deliverable_id"] for r in present.get("deliverables", [])}
    surveys = {r["survey_id"] for r in present.get("surveys", [])}
    checks = {
        "members": lambda r: r["chantier_id"] in chantiers,
        "meetings": lambda r: r["chantier_id"] in chantiers,
        "agenda": lambda r: r["meeting_id"] in meetings,
        "attendance": lambda r: r["meeting_id"] in meetings
        and (meetings[r["meeting_id"]] is None or (r["member_id"], meetings[r["meeting_id"]]) in memberships),
        "deliverables": lambda r: r["chantier_id"] in chantiers,
        "diffusion": lambda r: r["deliverable_id"] in deliverables,
        "surveys": lambda r: (r.get("chantier_id") is None or r["chantier_id"] in chantiers)
        and (r.get("deliverable_id") is None or r["deliverable_id"] in deliverables),
        "responses": lambda r: r["survey_id"] in surveys,
    }
    for sname, ok in checks.items():
        keep = []
        for r in res.rows[sname]:
            if ok(r):
                keep.append(r)
            else:
                res.bad[sname] += 1
                res.bad_by_file[r["_file"]] += 1
                res.problems.append(f"{sname}: unknown reference {r}")
        res.rows[sname] = keep
    return res


def _wide_answers(df: pl.DataFrame) -> dict[str, list[str]]:
    skip = TIMESTAMP_HEADERS | {"sondage", "survey_id"}
    return {c: [v for v in df[c].to_list() if v not in (None, "")] for c in df.columns
            if header_key(c) not in skip and not is_personal_header(header_key(c))}


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("demo")
    return out, generate(out, scale=1)


@pytest.fixture(scope="module")
def demo_loaded(demo) -> Loaded:
    return _validate(demo[0])


def _annex1_names() -> list[str]:
    text = SEED_DOC.read_text(encoding="utf-8")
    annex = text[text.index("ANNEXE 1"):text.index("ANNEXE 2")]
    names = re.findall(r"\*\*(.+?)\*\*", annex)
    credits = text[:text.index("TABLE DES MATIÈRES")]
    for line in credits.splitlines():
        if line.startswith("**") and ":**" in line:
            names += [n.strip(" .") for n in line.split(":**", 1)[1].split(",")]
    return [n.strip() for n in names if n.strip()]


def _fold(text: str) -> str:
    return normalize_token(text).replace("_", " ")


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def test_deterministic_byte_identical(tmp_path):
    for scale in (1, 0.02, 3):
        a, b = tmp_path / f"a{scale}", tmp_path / f"b{scale}"
        ca, cb = generate(a, scale=scale), generate(b, scale=scale)
        assert dict(ca) == dict(cb)
        names = sorted(p.name for p in a.iterdir())
        assert names == sorted(p.name for p in b.iterdir()) == sorted(ca.files)
        for n in names:
            assert (a / n).read_bytes() == (b / n).read_bytes(), n


def test_different_seed_differs(tmp_path):
    generate(tmp_path / "a", scale=2, seed=1)
    generate(tmp_path / "b", scale=2, seed=2)
    assert (tmp_path / "a" / "membres.csv").read_bytes() != (tmp_path / "b" / "membres.csv").read_bytes()


def test_demo_is_contract_valid_and_clean(demo, demo_loaded):
    out, counts = demo
    assert sum(demo_loaded.bad.values()) == 0, demo_loaded.problems[:20]
    assert sum(counts.bad.values()) == 0
    for source, n in counts.items():
        if source != "responses":
            assert len(demo_loaded.rows[source]) == n, source
    wide_answers = sum(len(v) for df in demo_loaded.wide.values() for v in _wide_answers(df).values())
    assert len(demo_loaded.rows["responses"]) + wide_answers == counts["responses"]


def test_demo_forms(demo):
    out, counts = demo
    files = set(counts.files)
    assert {"chantiers.csv", "membres.csv", "rencontres.xlsx", "ordre_du_jour.csv", "suivi_livrables.xlsx",
            "reponses.csv", DEMO_WIDE_FILE} <= files
    assert len([f for f in files if f.startswith("presences-")]) >= 2
    raw = (out / "membres.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # Windows-1252
    text = raw.decode("cp1252")
    assert text.splitlines()[0].startswith("Membre;Chantier;Nom complet;Courriel")
    assert "Date d'arrivée" in text.splitlines()[0]
    assert re.search(r";\d{2}/\d{2}/\d{4};", text)
    assert "Montréal" in text or "Capitale-Nationale" in text
    assert (out / "ordre_du_jour.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    agenda = (out / "ordre_du_jour.csv").read_text(encoding="utf-8-sig")
    assert ";Réflexion;" in agenda and ";Production;" in agenda and ";Autre;" in agenda
    presences = [(out / f).read_text(encoding="utf-8") for f in sorted(files) if f.startswith("presences-")]
    assert any("\t" in p.splitlines()[0] for p in presences)
    assert any("Présente" in p for p in presences) and any("Excusé" in p for p in presences)
    book = pl.read_excel(out / "suivi_livrables.xlsx", sheet_id=0)
    assert set(book) == {"livrables", "suivis", "sondages"}
    assert book["livrables"]["Date de diffusion"].dtype == pl.Date  # real Excel date cells
    assert pl.read_excel(out / "rencontres.xlsx")["Date"].dtype == pl.Date
    periods = book["suivis"]["Période"].to_list()
    assert all(re.fullmatch(r"\d{4}-\d{2}", p) for p in periods)
    assert any("," in str(v) for v in book["suivis"]["Valeur"].to_list())  # decimal commas
    wide = pl.read_excel(out / DEMO_WIDE_FILE)
    assert {"Horodateur", "Nom", "Courriel"} <= set(wide.columns)
    assert wide["Horodateur"].dtype == pl.Datetime


def test_demo_structure_follows_the_document(demo_loaded):
    rows = demo_loaded.rows
    ch = {r["chantier_id"]: r for r in rows["chantiers"]}
    assert len(ch) == 4
    starts = sorted(r["started_on"] for r in ch.values())
    autumn = lambda d, y: d.year == y and (d.month, d.day) >= (9, 22) and (d.month, d.day) <= (12, 21)  # noqa: E731
    assert sum(autumn(d, 2012) for d in starts) == 3 and sum(autumn(d, 2013) for d in starts) == 1
    gt = [r for r in ch.values() if r["kind"] == "groupe_de_travail"]
    assert len(gt) == 1 and autumn(gt[0]["started_on"], 2013) and "évaluation" in gt[0]["name"].lower()
    assert {r["funder"] for r in ch.values()} == {"Fonds québécois d'initiatives sociales"}
    names = " ".join(r["name"].lower() for r in ch.values())
    for theme in ("évolution des pratiques", "développement des compétences", "conditions favorables"):
        assert theme in names
    # members
    people = {r["member_id"] for r in rows["members"]}
    assert 50 <= len(people) <= 65
    per_ch = Counter(r["chantier_id"] for r in rows["members"])
    assert all(12 <= n <= 25 for n in per_ch.values()), per_ch
    assert {r["level"] for r in rows["members"]} == {"local", "regional", "national"}
    functions = Counter(r["function"] for r in rows["members"])
    assert {"professional", "citizen", "manager", "researcher", "elected"} <= set(functions)
    assert functions["elected"] <= 5
    assert len({r["region"] for r in rows["members"]}) >= 12
    assert any(r["left_on"] for r in rows["members"])
    assert sum(r["joined_on"] > ch[r["chantier_id"]]["started_on"] for r in rows["members"]) >= 4
    assert all(r["email"].endswith("@example.org") for r in rows["members"])
    # meetings: about four a year over about three and a half years
    by_ch: dict[str, list] = {}
    for m in rows["meetings"]:
        by_ch.setdefault(m["chantier_id"], []).append(m["held_on"])
    for cid, dates in by_ch.items():
        years = (max(dates) - min(dates)).days / 365.25
        assert 3.2 <= years <= 4.8, (cid, years)
        assert 3.3 <= len(dates) / years <= 5.0, (cid, len(dates), years)
    assert all(180 <= m["duration_minutes"] <= 360 for m in rows["meetings"])
    # agenda: 3-6 items summing to the meeting's duration; reflection first, production later
    items: dict[str, list] = {}
    for a in rows["agenda"]:
        items.setdefault(a["meeting_id"], []).append(a)
    dur = {m["meeting_id"]: m["duration_minutes"] for m in rows["meetings"]}
    assert set(items) == set(dur)
    for mid, its in items.items():
        assert 3 <= len(its) <= 6
        assert abs(sum(a["minutes"] for a in its) - dur[mid]) <= 15
    held = {m["meeting_id"]: (m["chantier_id"], m["held_on"]) for m in rows["meetings"]}

    def reflection_share(cid: str, first_half: bool) -> float:
        ds = sorted(d for c, d in held.values() if c == cid)
        mid = ds[len(ds) // 2]
        sel = [a for a in rows["agenda"] if held[a["meeting_id"]][0] == cid
               and (held[a["meeting_id"]][1] < mid) == first_half and a["kind"] != "other"]
        return sum(a["minutes"] for a in sel if a["kind"] == "reflection") / sum(a["minutes"] for a in sel)

    for cid in ch:
        assert reflection_share(cid, True) > reflection_share(cid, False)
    lingering = max(ch, key=lambda c: reflection_share(c, True) + reflection_share(c, False))
    assert lingering == "COND"
    # attendance realistic
    att = rows["attendance"]
    present = sum(a["status"] == "present" for a in att) / len(att)
    assert 0.6 <= present <= 0.85
    assert {"present", "absent", "excused"} == {a["status"] for a in att}


def test_demo_deliverables_diffusion_surveys(demo_loaded):
    rows = demo_loaded.rows
    titles = {r["deliverable_id"]: r for r in rows["deliverables"]}
    text = " | ".join(r["title"] for r in titles.values())
    for needle in ("La participation des élus au développement collectif", "Les clés pour se démarquer auprès des élus",
                   "Les compétences essentielles à l'agir-ensemble", "révélation des compétences",
                   "engagement", "évaluation", "élus municipaux"):
        assert needle in text, needle
    released = {d for d, r in titles.items() if r["released_on"]}
    unreleased = set(titles) - released
    assert len(unreleased) >= 3 and len(released) >= 5
    assert all(titles[d]["production_started_on"] for d in titles)
    followed = {r["deliverable_id"] for r in rows["diffusion"]}
    assert followed <= released
    assert len(released - followed) == 1  # one released deliverable never followed
    per = Counter(r["deliverable_id"] for r in rows["diffusion"])
    richest_chantier = Counter({titles[d]["chantier_id"]: 0 for d in titles})
    for d, n in per.items():
        richest_chantier[titles[d]["chantier_id"]] += n
    assert richest_chantier.most_common(1)[0][0] == "PRAT"
    assert {r["metric"] for r in rows["diffusion"]} >= {"views", "downloads", "participants", "uses_reported", "adaptations"}
    surveys = {r["survey_id"]: r for r in rows["surveys"]}
    assert {r["audience"] for r in surveys.values()} == {"members", "users", "external"}
    assert any(r["deliverable_id"] for r in surveys.values() if r["audience"] == "users")
    respondents = Counter()
    for r in {(r["survey_id"], r["respondent_id"]) for r in rows["responses"]}:
        respondents[r[0]] += 1
    assert 368 in respondents.values() and 188 in respondents.values()
    members_survey = [s for s, r in surveys.items() if r["audience"] == "members"]
    assert members_survey == [DEMO_WIDE_FILE.removeprefix("responses_").removesuffix(".xlsx")]


def test_demo_members_survey_wide(demo_loaded):
    wide = demo_loaded.wide[DEMO_WIDE_FILE]
    assert 30 <= wide.height <= 56
    answers = _wide_answers(wide)
    likert = [q for q, vals in answers.items() if vals and all(normalize_token(v) in LIKERT_SCORES for v in vals)]
    assert len(likert) >= 6
    for needle in ("confiance", "temps", "responsabilité", "diversité", "équilibre", "productions"):
        assert any(needle in q.lower() for q in likert), needle
    open_text = [q for q in answers if q not in likert and "chantier" not in q.lower()[:25]]
    assert 1 <= len(open_text) <= 2
    assert all(len(v) > 20 for q in open_text for v in answers[q])


def test_no_real_person_from_the_document(demo, tmp_path):
    names = _annex1_names()
    assert len(names) >= 58 and "Sophie Michaud" in names
    annex_first = {_fold(n.split(" ", 1)[0]) for n in names}
    annex_last = {_fold(n.split(" ", 1)[1]) for n in names if " " in n}
    assert not {_fold(n) for n in FEMALE_FIRST + MALE_FIRST} & annex_first
    assert not {_fold(n) for n in LAST_NAMES} & annex_last
    folded = [_fold(n) for n in names]
    generate(tmp_path / "s", scale=2)
    write_demo_messy(tmp_path / "m")
    for folder in (demo[0], tmp_path / "s", tmp_path / "m"):
        for path in folder.iterdir():
            if path.suffix == ".xlsx":
                with zipfile.ZipFile(path) as z:
                    text = " ".join(html.unescape(z.read(n).decode("utf-8")) for n in z.namelist()
                                    if n.endswith(".xml"))
            else:
                text = _decode(path.read_bytes())
            flat = " " + _fold(text) + " "
            for n in folded:
                assert f" {n} " not in flat, (path.name, n)


def test_scale_roughly_proportional(tmp_path):
    a = generate(tmp_path / "a", scale=3)
    b = generate(tmp_path / "b", scale=6)
    for source in a:
        ratio = b[source] / max(a[source], 1)
        assert 1.3 <= ratio <= 3.2, (source, a[source], b[source])
    # tiny scales still write a small, complete population (at least one chantier)
    t = generate(tmp_path / "t", scale=0.02, messy=0)
    assert t["chantiers"] == 1 and all(t[s] > 0 for s in ("members", "meetings", "agenda", "attendance"))
    t2 = generate(tmp_path / "t2", scale=0.04, messy=0)
    assert dict(t2) == dict(t)


def test_synthetic_volumes_per_chantier(tmp_path):
    c = generate(tmp_path / "s", scale=8, messy=0)
    n = c["chantiers"]
    assert n == 8
    assert 35 <= c["members"] / n <= 65
    assert 30 <= c["meetings"] / n <= 50
    assert 3.8 <= c["agenda"] / c["meetings"] <= 5.2
    assert 1200 <= c["attendance"] / n <= 2800
    assert 3 <= c["deliverables"] / n <= 7
    assert 10 <= c["diffusion"] / c["deliverables"] <= 60
    assert 500 <= c["responses"] / n <= 2000


def test_synthetic_clean_is_contract_valid(tmp_path):
    out = tmp_path / "s"
    counts = generate(out, scale=3, messy=0)
    loaded = _validate(out)
    assert sum(loaded.bad.values()) == 0, loaded.problems[:20]
    for source, n in counts.items():
        if source != "responses":
            assert len(loaded.rows[source]) == n, source
    wide_files = [f for f in counts.files if f.startswith("responses_") or "bilans" in f]
    assert wide_files and all(f in loaded.wide for f in wide_files)
    for f in wide_files:
        for q, vals in _wide_answers(loaded.wide[f]).items():
            if "améliorer" not in q:
                assert all(normalize_token(v) in LIKERT_SCORES for v in vals), q
    assert {f.split("-")[0] for f in counts.files if f.startswith("presences")} == {"presences"}


@pytest.mark.parametrize("scale", [1, 3])
def test_mess_is_counted_exactly(tmp_path, scale):
    out = tmp_path / "m"
    counts = generate(out, scale=scale, messy=0.05)
    loaded = _validate(out)
    assert sum(counts.bad.values()) > 0 and sum(counts.harmless.values()) > 0
    for source in SOURCE_BY_NAME:
        assert loaded.bad[source] == counts.bad[source], (source, loaded.problems[:10])
    if scale != 1:
        text = "".join((out / f).read_text(encoding="utf-8", errors="replace") for f in counts.files
                       if f.startswith("presences"))
        assert re.search(r"\n;;\n|\n\t\t\n|\n,,\n", text)  # blank trailing rows
        assert len(re.findall(r"^(Rencontre|rencontre_id|meeting_id)", text, re.M)) > sum(
            f.startswith("presences") for f in counts.files)  # a header repeated mid-file


def test_default_messy(tmp_path):
    assert sum(generate(tmp_path / "d", scale=1).bad.values()) == 0
    c = generate(tmp_path / "s", scale=4)
    assert sum(c.bad.values()) > 0  # 1 % by default beyond the demo


def test_demo_messy_files(tmp_path):
    expected = write_demo_messy(tmp_path)
    files = {p.name for p in tmp_path.iterdir()}
    assert files == set(expected) | {"expected.json"}
    assert (tmp_path / "ordre_du_jour_juin_2017.csv").read_bytes() == b""
    header = (tmp_path / "rencontres_juin_2017.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "held_on" not in {header_map(SOURCE_BY_NAME["meetings"]).get(header_key(h)) for h in header.split(";")}
    members = (tmp_path / "membres_ajouts_2015.csv").read_bytes().decode("cp1252")
    assert "31/02/2015" in members and "03/27/2015" in members
    # the attendance waits for a meeting that is not in the demo
    demo_meetings = set(pl.read_excel(DEMO_DATA / "rencontres.xlsx")["Rencontre"]) if DEMO_DATA.exists() else set()
    att = pl.read_csv(tmp_path / "presences-printemps-2017.csv", separator=";", infer_schema=False)
    waiting = att["Rencontre"].drop_nulls().unique().to_list()
    assert any(m not in demo_meetings for m in waiting)


def test_demo_messy_outcomes_match_expected(tmp_path):
    """Loaded on top of the demo, the bad files give what expected.json says, file by file."""
    generate(tmp_path, scale=1)
    expected = write_demo_messy(tmp_path)
    (tmp_path / "expected.json").unlink()
    loaded = _validate(tmp_path)
    assert set(loaded.refused) == {f for f, e in expected.items() if "refused" in e}
    for fname, e in expected.items():
        if "refused" in e:
            continue
        assert loaded.bad_by_file[fname] == e["rejected_rows"] + e["quarantined"], fname
        assert e["rows_read"] == e["accepted"] + e["rejected_rows"] + e["quarantined"], fname
    demo_files = set(generate(tmp_path / "again", scale=1).files)
    assert not any(loaded.bad_by_file[f] for f in demo_files)


def test_the_loader_reports_what_expected_json_says_of_the_messy_files(tmp_path):
    """`chantiers load demo/messy` after the demo: each file's counts and refusals as expected.json lists them."""
    from pipelines.load import load_paths

    if not DEMO_DATA.exists():
        pytest.skip("demo/data not written yet")
    expected = json.loads((DEMO_MESSY / "expected.json").read_text(encoding="utf-8"))
    wh = tmp_path / "w.duckdb"
    load_paths([DEMO_DATA], wh, build_models=False)
    report = load_paths([DEMO_MESSY], wh, build_models=False)
    got = {Path(f.path).name: f for f in report.files}
    assert set(got) == set(expected)
    for name, e in expected.items():
        f = got[name]
        if "refused" in e:
            assert f.status == "refused", name
            continue
        counts = (f.rows_read, f.accepted, len({r["row_number"] for r in f.rejects}), f.quarantined)
        assert counts == (e["rows_read"], e["accepted"], e["rejected_rows"], e["quarantined"]), name
        assert {(r["row_number"], r["column_name"].split(" (")[-1].rstrip(")")) for r in f.rejects} >= {
            (p["line"], p["column"]) for p in e["problems"] if "," not in p["column"]}, name


def test_committed_demo_is_fresh(tmp_path):
    if not DEMO_DATA.exists():
        pytest.skip("demo/data not written yet")
    counts = generate(tmp_path / "data", scale=1)
    committed = sorted(p.name for p in DEMO_DATA.iterdir())
    assert committed == sorted(counts.files)
    match, mismatch, errors = filecmp.cmpfiles(DEMO_DATA, tmp_path / "data", committed, shallow=False)
    assert not mismatch and not errors, (mismatch, errors)
    write_demo_messy(tmp_path / "messy")
    committed = sorted(p.name for p in DEMO_MESSY.iterdir())
    assert committed == sorted(p.name for p in (tmp_path / "messy").iterdir())
    match, mismatch, errors = filecmp.cmpfiles(DEMO_MESSY, tmp_path / "messy", committed, shallow=False)
    assert not mismatch and not errors, (mismatch, errors)
    assert json.loads((DEMO_MESSY / "expected.json").read_text(encoding="utf-8"))
