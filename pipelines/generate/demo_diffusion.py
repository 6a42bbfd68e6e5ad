"""The demo's diffusion follow-ups of annex 2's deliverables, month by month."""

from __future__ import annotations

from datetime import date

import numpy as np

from pipelines.contract import REGIONS


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
