"""The demo's meetings, their agendas and who attended."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import numpy as np

from pipelines.generate.days import _date, _days, _weekday_fix
from pipelines.generate.demo_document import (
    _DEMO_CHANTIERS, _NOTES, _OTHER_NOTES_CLOSE, _OTHER_NOTES_OPEN, _REFLECTION_STAGES,
)
from pipelines.generate.streams import _choice


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
