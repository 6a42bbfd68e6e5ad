"""Each chantier's health at a glance: flags with thresholds the coordinator can change.

Pure functions over frames from `dashboard.queries` (no Streamlit). A flag is
"active" when the situation holds at the reference date (the end of the
period looked at), "past" when it happened earlier in the period and has
since cleared, and absent otherwise.

- attendance: `consecutive` meetings in a row under critical mass (attendance
  rate under `attendance_share` of the members, or fewer than `min_present`
  people present). A meeting whose rate is NULL (attendance not recorded yet,
  or nobody enrolled) was not measured: it is skipped, neither under the
  threshold nor breaking a run of meetings that are;
- reflection: `reflection_consecutive` meetings in a row above
  `reflection_share` of reflection, after the chantier's first `grace_days`;
- inactivity: no meeting for `inactive_months` (chantiers still running);
- followup: a deliverable released `followup_months` ago or more without any
  follow-up figure within that time.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import polars as pl

FLAGS: tuple[str, ...] = ("attendance", "reflection", "inactivity", "followup")


@dataclass(frozen=True)
class Thresholds:
    attendance_share: float = 0.6
    min_present: int = 6
    consecutive: int = 2
    reflection_share: float = 0.8
    reflection_consecutive: int = 3
    grace_days: int = 365
    inactive_months: int = 4
    followup_months: int = 3


@dataclass(frozen=True)
class Flag:
    chantier_id: str
    kind: str  # one of FLAGS
    status: str  # active | past
    since: dt.date | None  # first meeting (or date) of the latest episode
    count: int  # episodes in the period (or deliverables concerned)
    subject: str = ""  # deliverable titles, for follow-up flags


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's last day (31 jan + 1 = 28/29 feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def episodes(hits: pl.DataFrame, length: int) -> pl.DataFrame:
    """Stretches of at least `length` consecutive hits in each chantier's meetings.

    `hits`: chantier_id, held_on, hit (True, False or null: not a hit), each chantier's rows in date
    order. One row per chantier with at least one stretch, in the order of the chantier's first row:
    chantier_id, n_episodes, since (the first date of the latest stretch), is_active (the latest
    stretch reaches the chantier's last row).
    """
    # Frame operations over all chantiers at once: at scale the meetings number tens of thousands,
    # and a Python loop over them (or a frame operation per chantier) was most of the page's time.
    by = "chantier_id"
    hit = pl.col("hit").fill_null(False)
    return (hits.with_row_index("row")
            .with_columns(hit.alias("hit"),
                          pl.col("row").first().over(by).alias("first_row"),
                          (pl.col("row") == pl.col("row").last().over(by)).alias("is_last"),
                          (hit & ~hit.shift(1, fill_value=False)).cum_sum().over(by).alias("stretch"))
            .filter("hit")
            .group_by(by, "stretch")
            .agg(pl.col("first_row").first(), pl.col("held_on").first().alias("since"), pl.len().alias("n"),
                 pl.col("is_last").last().alias("is_active"))
            .filter(pl.col("n") >= length)
            .sort("first_row", "stretch")
            .group_by(by, maintain_order=True)
            .agg(pl.len().alias("n_episodes"), pl.col("since").last(), pl.col("is_active").last())
            .select(by, pl.col("n_episodes").cast(pl.Int64), "since", "is_active"))


def _episode_flags(meetings: pl.DataFrame, kind: str, condition: pl.Expr, length: int) -> list[Flag]:
    # Meetings in date order (ties in the frame's order), chantiers in the order of their first meeting.
    ordered = meetings.sort("held_on", maintain_order=True).select("chantier_id", "held_on", condition.alias("hit"))
    return [Flag(chantier_id, kind, "active" if is_active else "past", since, n)
            for chantier_id, n, since, is_active in episodes(ordered, length).iter_rows()]


def attendance_flags(meetings: pl.DataFrame, th: Thresholds) -> list[Flag]:
    """Meetings in a row under critical mass. `meetings`: chantier_id, held_on, attendance_rate, members_present.

    Meetings without a rate (not measured) are left out before counting runs: "two in a row"
    means two measured meetings in a row, whatever unmeasured meetings lie between them.
    """
    measured = meetings.filter(pl.col("attendance_rate").is_not_null())
    under = (pl.col("attendance_rate") < th.attendance_share) | (pl.col("members_present") < th.min_present)
    return _episode_flags(measured, "attendance", under, th.consecutive)


def reflection_flags(meetings: pl.DataFrame, th: Thresholds) -> list[Flag]:
    """Meetings in a row mostly reflection after the first year. Needs reflection_share, days_since_start."""
    late = meetings.filter(pl.col("days_since_start") > th.grace_days)
    long = pl.col("reflection_share") > th.reflection_share
    return _episode_flags(late, "reflection", long, th.reflection_consecutive)


def inactivity_flags(chantiers: pl.DataFrame, as_of: dt.date, th: Thresholds) -> list[Flag]:
    """Running chantiers whose last meeting is `inactive_months` or more before `as_of`.

    `chantiers`: chantier_id, last_meeting_on, started_on, ended_on.
    """
    flags = []
    for row in chantiers.iter_rows(named=True):
        if row["ended_on"] is not None and row["ended_on"] <= as_of:
            continue
        last = row["last_meeting_on"] or row["started_on"]
        if last is None or last > as_of:
            continue
        if add_months(last, th.inactive_months) <= as_of:
            flags.append(Flag(row["chantier_id"], "inactivity", "active", last, 1))
    return flags


def followup_flags(deliverables: pl.DataFrame, as_of: dt.date, th: Thresholds) -> list[Flag]:
    """Deliverables released long enough ago with no follow-up within `followup_months`.

    `deliverables`: chantier_id, title, released_on, first_followup_on. One flag per chantier, in
    the order of its first late deliverable; titles in the frame's order.
    """
    # offset_by clamps to the month's last day, as add_months does (31 jan + 1 = 28/29 feb).
    deadline = pl.col("released_on").dt.offset_by(f"{th.followup_months}mo")
    first = pl.col("first_followup_on")
    late = (deliverables.filter(pl.col("released_on").is_not_null() & (deadline <= as_of)
                                & (first.is_null() | (first > deadline)))
            .group_by("chantier_id", maintain_order=True)
            .agg(pl.col("released_on").min(), pl.len(), pl.col("title").str.join(" · ")))
    return [Flag(cid, "followup", "active", since, n, titles) for cid, since, n, titles in late.iter_rows()]


def all_flags(meetings: pl.DataFrame, chantiers: pl.DataFrame, deliverables: pl.DataFrame,
              as_of: dt.date, th: Thresholds) -> list[Flag]:
    return [*attendance_flags(meetings, th), *reflection_flags(meetings, th),
            *inactivity_flags(chantiers, as_of, th), *followup_flags(deliverables, as_of, th)]


def health_table(chantiers: pl.DataFrame, flags: list[Flag]) -> pl.DataFrame:
    """One row per chantier, one column per flag: "active", "past" or "" (none)."""
    status = {(f.chantier_id, f.kind): f.status for f in flags}
    return pl.DataFrame({
        "chantier_id": chantiers["chantier_id"],
        "name": chantiers["name"],
        **{kind: [status.get((cid, kind), "") for cid in chantiers["chantier_id"]] for kind in FLAGS},
    }, schema={"chantier_id": pl.String, "name": pl.String, **{k: pl.String for k in FLAGS}})
