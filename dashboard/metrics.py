"""Figures the pages derive from marts data: pure functions over polars frames, no Streamlit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

# Per-chantier charts of "all chantiers" draw at most this many (the most active): as many as the
# chantier palette has colours (charts.OKABE_ITO), so no two chantiers drawn share one (twelve did).
# Charts telling chantiers apart by colour keep to it when the user picks more in the filter too;
# charts naming them on an axis draw up to MAX_CHOSEN of those picked (Streamlit's filter offers
# "Select all": 990 rows of arrivals and departures otherwise).
MAX_CHANTIERS = 8
MAX_CHOSEN = 30
MAX_FLAGS = 12  # health signals listed on the overview for "all chantiers" at scale (the table lists them all)
MAX_TABLE_ROWS = 500  # big tables show at most this many rows on screen (downloads hold them all)
CORE_SHARE = 2 / 3  # present at two meetings in three or more: the core
PERIPHERAL_SHARE = 1 / 3  # under one in three: the periphery
TIERS: tuple[str, ...] = ("core", "regular", "peripheral")


@dataclass(frozen=True)
class Charted:
    """The chantiers a per-chantier chart draws: `ids` (None: all of them) out of `total`; `chosen`:
    out of those the user picked in the filter."""

    ids: frozenset[str] | None
    total: int
    chosen: bool = False

    @property
    def limited(self) -> bool:
        return self.ids is not None

    def keep(self, frame: pl.DataFrame, column: str = "chantier_id") -> pl.DataFrame:
        """The rows of `frame` about the charted chantiers (all rows when not limited)."""
        return frame if self.ids is None else frame.filter(pl.col(column).is_in(list(self.ids)))

    def names(self, names: list[str], activity: pl.DataFrame | None = None) -> list[str]:
        """`names` (a colour order) restricted to the charted chantiers' names, in the same order: the
        colours go to the chantiers drawn (those with meetings in `activity`), not to every chantier."""
        if activity is None:
            return names
        kept = set(self.keep(activity)["chantier_name"].to_list())
        return [n for n in names if n in kept]


def chantiers_to_chart(activity: pl.DataFrame, chosen: Sequence[str] = (), limit: int = MAX_CHANTIERS,
                       chosen_limit: int | None = None, first: str | None = None) -> Charted:
    """Which chantiers a per-chantier chart draws.

    `activity` holds chantier_id, chantier_name and n_meetings, one row per chantier
    (`queries.chantier_activity`). Out of all of them, at most `limit`; out of those the user chose
    (`chosen`), at most `chosen_limit` (MAX_CHOSEN; a chart telling chantiers apart by colour passes
    MAX_CHANTIERS). When there are more, the most active: most meetings, ties broken by name (then
    id), those whose boolean column `first` is true (that have the chart's data) before the others;
    otherwise all are drawn (ids None).
    """
    if chosen:
        activity = activity.filter(pl.col("chantier_id").is_in(list(chosen)))
        limit = MAX_CHOSEN if chosen_limit is None else chosen_limit
    total = activity["chantier_id"].n_unique() if activity.height else 0
    if total <= limit:
        return Charted(None, total, bool(chosen))
    preferred = pl.col(first).fill_null(False).any() if first else pl.lit(True)
    top = (activity.group_by("chantier_id").agg(pl.col("n_meetings").fill_null(0).sum(),
                                                pl.col("chantier_name").first(), preferred.alias("_first"))
           .sort(["_first", "n_meetings", "chantier_name", "chantier_id"], descending=[True, True, False, False],
                 nulls_last=True)
           .head(limit))
    return Charted(frozenset(top["chantier_id"].to_list()), total, bool(chosen))


def participation_tiers(memberships: pl.DataFrame) -> pl.DataFrame:
    """Memberships with `tier`: core, regular or peripheral, from their attendance rate.

    Memberships with no eligible meeting have no tier (null) and are left out.
    """
    rate = pl.col("attendance_rate")
    return memberships.filter(rate.is_not_null()).with_columns(
        pl.when(rate >= CORE_SHARE).then(pl.lit("core"))
        .when(rate < PERIPHERAL_SHARE).then(pl.lit("peripheral"))
        .otherwise(pl.lit("regular")).alias("tier"))


def tier_counts(memberships: pl.DataFrame) -> pl.DataFrame:
    """chantier_id, chantier_name, tier, n: members per participation tier."""
    tiers = participation_tiers(memberships)
    return (tiers.group_by("chantier_id", "chantier_name", "tier").agg(pl.len().alias("n"))
            .sort("chantier_id", pl.col("tier").replace_strict({t: i for i, t in enumerate(TIERS)})))


def membership_events(memberships: pl.DataFrame) -> pl.DataFrame:
    """One row per arrival or departure: chantier_id, chantier_name, event (joined|left), on, n."""
    joined = memberships.select("chantier_id", "chantier_name", pl.lit("joined").alias("event"),
                                pl.col("joined_on").alias("on"))
    left = memberships.filter(pl.col("left_on").is_not_null()).select(
        "chantier_id", "chantier_name", pl.lit("left").alias("event"), pl.col("left_on").alias("on"))
    events = pl.concat([joined, left])
    # Sorted on every key: a group_by's order is random, and the table under the chart must not move.
    return (events.group_by("chantier_id", "chantier_name", "event", "on").agg(pl.len().alias("n"))
            .sort("on", "chantier_name", "chantier_id", "event"))


def founder_retention(meetings: pl.DataFrame) -> pl.DataFrame:
    """Per meeting: share of founding members still members, and share of them present."""
    founders = pl.col("n_founding")
    return meetings.filter(founders > 0).select(
        "chantier_id", "chantier_name", "meeting_id", "held_on",
        (pl.col("n_founding_enrolled") / founders).alias("founders_enrolled_share"),
        (pl.col("n_founding_present") / founders).alias("founders_present_share"),
        "n_founding", "n_founding_enrolled", "n_founding_present")


def turning_points(meetings: pl.DataFrame, run: int = 2) -> pl.DataFrame:
    """Per chantier, the first meeting from which production outweighs reflection `run` meetings in a row.

    Returns chantier_id, chantier_name, meeting_id, held_on, meeting_seq (no row for a
    chantier that never turned).
    """
    rows = []
    for (chantier_id,), group in meetings.sort("held_on").group_by(["chantier_id"], maintain_order=True):
        producing = (group["production_minutes"] > group["reflection_minutes"]).to_list()
        for i in range(len(producing) - run + 1):
            if all(producing[i:i + run]):
                row = group.row(i, named=True)
                rows.append({k: row[k] for k in ("chantier_id", "chantier_name", "meeting_id", "held_on",
                                                  "meeting_seq")})
                break
    schema = {"chantier_id": pl.String, "chantier_name": pl.String, "meeting_id": pl.String,
              "held_on": pl.Date, "meeting_seq": pl.Int64}
    return pl.DataFrame(rows, schema=schema)


def minutes_by_kind(meetings: pl.DataFrame) -> pl.DataFrame:
    """Long form of the agenda minutes: meeting_id, chantier_name, held_on, stage, kind, minutes."""
    return (meetings.filter(pl.col("agenda_minutes") > 0)
            .select("meeting_id", "chantier_id", "chantier_name", "held_on", "meeting_seq", "stage",
                    "reflection_minutes", "production_minutes", "other_minutes")
            .unpivot(index=["meeting_id", "chantier_id", "chantier_name", "held_on", "meeting_seq", "stage"],
                     variable_name="kind", value_name="minutes")
            .with_columns(pl.col("kind").str.replace("_minutes", ""), pl.col("minutes").cast(pl.Float64)))


def kind_totals(meetings: pl.DataFrame, by: str) -> pl.DataFrame:
    """Agenda minutes by kind for each value of `by` (stage, chantier_name; null as "—"):
    `by`, kind, minutes, first_on (the group's first meeting). `queries.minutes_by_stage` computes
    the same for stages in SQL."""
    long = minutes_by_kind(meetings).with_columns(pl.col(by).fill_null("—"))
    return long.group_by(by, "kind").agg(pl.col("minutes").sum(), pl.col("held_on").min().alias("first_on"))


def shares(totals: pl.DataFrame, by: str) -> pl.DataFrame:
    """`kind_totals` with each kind's share of its group's minutes, groups in the order they first
    happened (stages in process order)."""
    return (totals.with_columns((pl.col("minutes") / pl.col("minutes").sum().over(by)).alias("share"),
                                pl.col("first_on").min().over(by))
            .sort("first_on", by, "kind"))


def share_by_group(meetings: pl.DataFrame, by: str) -> pl.DataFrame:
    """Share of agenda minutes by kind for each value of `by` (stage, chantier_name)."""
    return shares(kind_totals(meetings, by), by)


REACH_METRICS = ("views", "downloads", "participants")  # what "reach" adds up, everywhere it is shown


def followup_sums(followups: pl.DataFrame) -> dict[str, float]:
    """Reach, uses reported and adaptations of follow-up rows (metric, value), in their filters."""
    def total(metrics: tuple[str, ...]) -> float:
        return float(followups.filter(pl.col("metric").is_in(metrics)).get_column("value").fill_null(0).sum())

    return {"reach": total(REACH_METRICS), "uses_reported": total(("uses_reported",)),
            "adaptations": total(("adaptations",))}


def funnel(followups: pl.DataFrame, deliverables: pl.DataFrame) -> pl.DataFrame:
    """The uptake funnel: step, value (reach, uses, satisfied, adaptations).

    Reach, uses and adaptations add up the follow-ups in the filters (period and region included, as
    the reach charts and the overview's headline do): those of the deliverables listed, which include
    every deliverable followed up in the period (`queries.deliverables`). Satisfied respondents are
    those of the surveys on the deliverables listed, whenever fielded (a survey has no region)."""
    sums = followup_sums(followups)
    steps = [("reach", sums["reach"]), ("uses_reported", sums["uses_reported"]),
             ("satisfied", float(deliverables["n_satisfied"].fill_null(0).sum())),
             ("adaptations", sums["adaptations"])]
    return pl.DataFrame({"step": [name for name, _ in steps], "order": list(range(len(steps))),
                         "value": [value for _, value in steps]})


def likert_long(items: pl.DataFrame) -> pl.DataFrame:
    """Diverging-bar layout of survey items: one row per item and score with the bar's start and end.

    Scores 1-2 go left of zero, 3 is split around zero, 4-5 go right; shares of the answers.
    """
    base = ["survey_id", "survey_title", "chantier_name", "fielded_on", "question_id", "question", "n"]
    long = (items.select(*base, *[f"n_score_{s}" for s in range(1, 6)])
            .unpivot(index=base, variable_name="score", value_name="count")
            .with_columns(pl.col("score").str.extract(r"(\d)$").cast(pl.Int8),
                          (pl.col("count") / pl.col("n")).alias("share")))
    # cumulative placement: negative side = half of neutral + disagree
    rows = []
    for key, group in long.sort("score").group_by(["survey_id", "question_id"], maintain_order=True):
        share = {r["score"]: r["share"] for r in group.iter_rows(named=True)}
        start = -(share.get(1, 0) + share.get(2, 0) + share.get(3, 0) / 2)
        for r in group.iter_rows(named=True):
            rows.append({**r, "start": start, "end": start + r["share"]})
            start += r["share"]
    return pl.DataFrame(rows) if rows else long.with_columns(pl.lit(0.0).alias("start"), pl.lit(0.0).alias("end"))
