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


def runs(values: list[bool], length: int) -> list[tuple[int, int]]:
    """(first, last) indexes of the stretches of at least `length` consecutive True values."""
    out, start = [], None
    for i, value in enumerate([*values, False]):
        if value and start is None:
            start = i
        elif not value and start is not None:
            if i - start >= length:
                out.append((start, i - 1))
            start = None
    return out


def _episode_flags(meetings: pl.DataFrame, kind: str, condition: pl.Expr, length: int) -> list[Flag]:
    # The condition is evaluated once over all meetings, then one pass in date order splits the
    # results by chantier (chantiers in order of their first meeting): a frame operation per
    # chantier cost more than half a second with a thousand chantiers.
    ordered = meetings.sort("held_on", maintain_order=True).select(
        "chantier_id", "held_on", condition.fill_null(False).alias("hit"))
    by_chantier: dict[str, tuple[list, list]] = {}
    for chantier_id, held_on, hit in ordered.iter_rows():
        days, hits = by_chantier.setdefault(chantier_id, ([], []))
        days.append(held_on)
        hits.append(hit)
    flags = []
    for chantier_id, (days, hits) in by_chantier.items():
        episodes = runs(hits, length)
        if not episodes:
            continue
        first, last = episodes[-1]
        status = "active" if last == len(hits) - 1 else "past"
        flags.append(Flag(chantier_id, kind, status, days[first], len(episodes)))
    return flags


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

    `deliverables`: chantier_id, title, released_on, first_followup_on.
    """
    late: dict[str, list[dict]] = {}
    for row in deliverables.iter_rows(named=True):
        released = row["released_on"]
        if released is None or add_months(released, th.followup_months) > as_of:
            continue
        deadline = add_months(released, th.followup_months)
        first = row["first_followup_on"]
        if first is None or first > deadline:
            late.setdefault(row["chantier_id"], []).append(row)
    return [Flag(cid, "followup", "active", min(r["released_on"] for r in rows), len(rows),
                 " · ".join(r["title"] for r in rows)) for cid, rows in late.items()]


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
