"""The demo's 56 fictional persons and their memberships in the chantiers."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from pipelines.contract import REGIONS
from pipelines.generate.names import FEMALE_FIRST, LAST_NAMES, MALE_FIRST, _ascii
from pipelines.generate.organisations import _DEMO_FIELDS, _org_name
from pipelines.generate.streams import _choice


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
