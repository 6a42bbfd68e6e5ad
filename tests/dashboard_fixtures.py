"""A small warehouse for the dashboard's tests, built in code.

`build_warehouse(path)` writes CSV files of a small made-up population (three
chantiers, a few dozen members, a bad row or two) and loads them with the real
pipeline (`pipelines.load.load_paths`), the way a coordinator would.

Import the `warehouse_file` fixture in a test module:
`from tests.dashboard_fixtures import warehouse_file  # noqa: F401`.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

START = dt.date(2013, 1, 15)
FUNCTIONS = ["professional", "citizen", "manager", "researcher", "elected"]
LEVELS = ["local", "regional", "national"]
REGIONS = ["06", "03", "14", "05", "16", "07"]
FIELDS = ["santé publique", "environnement", "développement territorial", "éducation", "lutte contre la pauvreté"]


def population(seed: int = 7) -> dict[str, list[dict]]:
    """Rows of every source, as a coordinator's files would hold them (canonical columns)."""
    rnd = random.Random(seed)
    rows: dict[str, list[dict]] = {k: [] for k in (
        "chantiers", "members", "meetings", "agenda", "attendance", "deliverables", "diffusion",
        "surveys", "responses")}
    specs = [  # id, name, months between meetings, n meetings, reflective (never turns to production)
        ("CH-PRA", "Évolution des pratiques", 3, 14, False),
        ("CH-EVA", "Évaluation", 3, 10, True),
        ("CH-COM", "Compétences", 4, 8, False),
    ]
    for c_index, (cid, name, every, n_meetings, reflective) in enumerate(specs):
        started = START + dt.timedelta(days=60 * c_index)
        rows["chantiers"].append({"chantier_id": cid, "name": name, "started_on": started.isoformat(),
                                  "kind": "groupe_de_travail" if reflective else "chantier", "theme": name})
        members = []
        for m in range(12):
            mid = f"M{c_index * 100 + m:03d}"
            joined = started if m < 9 else started + dt.timedelta(days=200 + 30 * m)
            left = started + dt.timedelta(days=500 + 40 * m) if m in (2, 5) else None
            members.append((mid, joined, left))
            rows["members"].append({
                "member_id": mid, "chantier_id": cid, "joined_on": joined.isoformat(),
                "full_name": f"Personne {cid[-3:]} {m:02d}", "email": f"p{c_index}{m}@exemple.org",
                "organisation": f"Organisme {m % 5}", "region": REGIONS[(m + c_index) % len(REGIONS)],
                "level": LEVELS[m % 3], "function": FUNCTIONS[(m * 2 + c_index) % len(FUNCTIONS)],
                "practice_field": FIELDS[m % len(FIELDS)], "left_on": left.isoformat() if left else "",
            })
        for k in range(n_meetings):
            held = started + dt.timedelta(days=30 * every * k + 7)
            meeting_id = f"{cid}-R{k + 1:02d}"
            stage = "analyse" if k < n_meetings // 2 else "production"
            rows["meetings"].append({"meeting_id": meeting_id, "chantier_id": cid, "held_on": held.isoformat(),
                                     "duration_minutes": 180, "format": ["presentiel", "virtuel"][k % 2],
                                     "stage": stage})
            share = 0.9 if reflective or k < n_meetings // 2 else 0.25
            refl = int(160 * share)
            for item, (kind, minutes) in enumerate([("reflection", refl), ("production", 160 - refl),
                                                     ("other", 20)], start=1):
                rows["agenda"].append({"meeting_id": meeting_id, "item": str(item), "kind": kind,
                                       "minutes": minutes, "notes": ""})
            fading = cid == "CH-COM" and k >= n_meetings - 3
            for mid, joined, left in members:
                if joined > held or (left and left < held):
                    continue
                p_present = 0.35 if fading else 0.8
                status = "present" if rnd.random() < p_present else rnd.choice(["absent", "excused"])
                rows["attendance"].append({"meeting_id": meeting_id, "member_id": mid, "status": status})
        for d in range(2):
            did = f"{cid}-L{d + 1}"
            prod = started + dt.timedelta(days=400 + 200 * d)
            released = prod + dt.timedelta(days=180) if not (reflective and d == 1) else None
            rows["deliverables"].append({
                "deliverable_id": did, "chantier_id": cid, "title": f"{['Guide', 'Vidéo'][d]} — {name}",
                "type": ["guide", "video"][d], "audience": "praticiens",
                "production_started_on": prod.isoformat(), "released_on": released.isoformat() if released else ""})
            if released is None or (cid == "CH-COM" and d == 1):
                continue  # never followed up
            for month in range(4):
                observed = (released.replace(day=1) + dt.timedelta(days=32 * month)).replace(day=1)
                for channel, region in [("web", "06"), ("newsletter", "03"), ("workshop", "14")]:
                    metric = "participants" if channel == "workshop" else "views"
                    rows["diffusion"].append({"deliverable_id": did, "observed_on": observed.isoformat(),
                                              "channel": channel, "metric": metric,
                                              "value": 40 + 10 * month + 5 * d, "region": region})
                rows["diffusion"].append({"deliverable_id": did, "observed_on": observed.isoformat(),
                                          "channel": "web", "metric": "downloads", "value": 12 + month,
                                          "region": ""})
            rows["diffusion"].append({"deliverable_id": did, "observed_on": released.isoformat(),
                                      "channel": "member_network", "metric": "uses_reported", "value": 6,
                                      "region": "06"})
            rows["diffusion"].append({"deliverable_id": did, "observed_on": released.isoformat(),
                                      "channel": "member_network", "metric": "adaptations", "value": 2,
                                      "region": "06"})
    # Two waves of a members' survey in one chantier, one survey in another, one about a deliverable.
    surveys = [("S-PRA-1", "Bilan 2014", "CH-PRA", "", "2014-06-10"),
               ("S-PRA-2", "Bilan 2016", "CH-PRA", "", "2016-06-10"),
               ("S-EVA-1", "Bilan 2015", "CH-EVA", "", "2015-06-10"),
               ("S-GUI", "Satisfaction du guide", "", "CH-PRA-L1", "2015-09-01")]
    questions = [("Q1", "La diversité des membres enrichit les travaux"),
                 ("Q2", "Le climat de confiance permet le débat"),
                 ("Q3", "Les rencontres sont trop fréquentes")]
    for sid, title, cid, did, fielded in surveys:
        rows["surveys"].append({"survey_id": sid, "title": title, "audience": "members" if cid else "users",
                                "chantier_id": cid, "deliverable_id": did, "fielded_on": fielded})
        for r in range(9):
            for qid, text in questions:
                score = min(5, max(1, round(rnd.gauss(3.8 if qid != "Q3" else 2.4, 1.0))))
                rows["responses"].append({"survey_id": sid, "respondent_id": f"R{r:02d}", "question_id": qid,
                                          "question": text, "answer": str(score)})
            rows["responses"].append({"survey_id": sid, "respondent_id": f"R{r:02d}", "question_id": "Q9",
                                      "question": "Un commentaire?", "answer": f"Commentaire libre numéro {r}"})
    return rows


BAD_ROWS = {  # appended to the files to exercise rejects and quarantine
    "meetings": [{"meeting_id": "CH-PRA-R99", "chantier_id": "CH-PRA", "held_on": "pas une date",
                  "duration_minutes": "180", "format": "", "stage": ""}],
    "attendance": [{"meeting_id": "CH-XXX-R01", "member_id": "M000", "status": "present"}],
}


def many_chantiers(n: int = 15, meetings: int = 2) -> dict[str, list[dict]]:
    """A bigger but tiny population: `n` chantiers named "Chantier 01".."Chantier n" with `meetings`
    meetings each, except the last one, which has one more (the most active), three members and a
    released guide each."""
    rows: dict[str, list[dict]] = {k: [] for k in ("chantiers", "members", "meetings", "agenda", "attendance",
                                                   "deliverables")}
    for c in range(1, n + 1):
        cid, started = f"CH-{c:02d}", START + dt.timedelta(days=10 * c)
        rows["chantiers"].append({"chantier_id": cid, "name": f"Chantier {c:02d}", "started_on": started.isoformat(),
                                  "kind": "chantier", "theme": "Thème"})
        rows["deliverables"].append({
            "deliverable_id": f"{cid}-L1", "chantier_id": cid, "title": f"Guide {c:02d}", "type": "guide",
            "audience": "praticiens", "production_started_on": (started + dt.timedelta(days=30)).isoformat(),
            "released_on": (started + dt.timedelta(days=90)).isoformat()})
        members = [f"M{c:02d}{m}" for m in range(3)]
        for m, mid in enumerate(members):
            rows["members"].append({
                "member_id": mid, "chantier_id": cid, "joined_on": started.isoformat(),
                "full_name": f"Personne {c:02d} {m}", "email": f"p{c}{m}@exemple.org", "organisation": "Organisme",
                "region": REGIONS[m], "level": LEVELS[m], "function": FUNCTIONS[m], "practice_field": FIELDS[m],
                "left_on": ""})
        for k in range(meetings + (c == n)):
            meeting_id = f"{cid}-R{k + 1:02d}"
            rows["meetings"].append({"meeting_id": meeting_id, "chantier_id": cid,
                                     "held_on": (started + dt.timedelta(days=60 * k)).isoformat(),
                                     "duration_minutes": 120, "format": "presentiel", "stage": "analyse"})
            for item, (kind, minutes) in enumerate([("reflection", 80), ("production", 40)], start=1):
                rows["agenda"].append({"meeting_id": meeting_id, "item": str(item), "kind": kind,
                                       "minutes": minutes, "notes": ""})
            for m, mid in enumerate(members):
                rows["attendance"].append({"meeting_id": meeting_id, "member_id": mid,
                                           "status": "present" if m < 2 else "absent"})
    return rows


def write_csv_files(folder: Path, seed: int = 7, rows_by_source: dict[str, list[dict]] | None = None) -> list[Path]:
    """One UTF-8 CSV per source in `folder` (with a bad row or two); returns the paths.

    `rows_by_source` replaces the default population (`population(seed)` with its bad rows)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    default = rows_by_source is None
    for source, rows in (population(seed) if default else rows_by_source).items():
        rows = rows + (BAD_ROWS.get(source, []) if default else [])
        path = folder / f"{source}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        paths.append(path)
    return paths


def build_warehouse(path: Path, seed: int = 7, rows_by_source: dict[str, list[dict]] | None = None) -> Path:
    """A warehouse file at `path` holding the small population (or `rows_by_source`), loaded like a
    coordinator would."""
    from pipelines.load import load_paths

    files = write_csv_files(path.parent / f"{path.stem}-files", seed, rows_by_source)
    report = load_paths(files, path)
    if report.build is not None and not report.build.models_ok:
        raise RuntimeError(report.build.summary("en"))
    return path


@pytest.fixture(scope="session")
def warehouse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse file with the small population, shared by a test session."""
    return build_warehouse(tmp_path_factory.mktemp("wh") / "chantiers.duckdb")


@pytest.fixture(scope="session")
def many_chantiers_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse file with 15 chantiers of 2 meetings (the last one 3): more than MAX_CHANTIERS."""
    return build_warehouse(tmp_path_factory.mktemp("many") / "chantiers.duckdb", rows_by_source=many_chantiers())


@pytest.fixture(scope="session")
def empty_warehouse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A path where no warehouse exists yet."""
    return tmp_path_factory.mktemp("empty") / "chantiers.duckdb"


APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def open_app(warehouse: Path, monkeypatch, lang: str | None, page: str | None = None) -> AppTest:
    """The app run by Streamlit's AppTest on `warehouse`, in `lang` (None: as a link without ?lang= opens
    it), on `page` (app_pages/x.py) if given."""
    monkeypatch.setenv("CHANTIERS_WAREHOUSE", str(warehouse))
    at = AppTest.from_file(APP, default_timeout=60)
    if lang is not None:
        at.query_params["lang"] = lang
    at.run()
    if page:
        at.switch_page(page).run()
    return at
