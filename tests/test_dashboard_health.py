"""Health flags: thresholds the coordinator sets, situations as tables of cases."""

import datetime as dt

import polars as pl
import pytest

from dashboard.health import (Thresholds, add_months, attendance_flags, episodes, followup_flags, health_table,
                              inactivity_flags, reflection_flags)

D = dt.date


@pytest.mark.parametrize("values, length, expected", [  # expected: (episodes, index of the latest's start, active)
    ([True, True, False, True], 2, (1, 0, False)),
    ([True, False, True, True, True], 2, (1, 2, True)),
    ([False, False], 1, None),
    ([True], 1, (1, 0, True)),
    ([True, True, False, True, True], 2, (2, 3, True)),
    ([True, None, True], 1, (2, 2, True)),  # null is not a hit
    ([True, True, True, False, False], 3, (1, 0, False)),
])
def test_episodes(values, length, expected):
    days = [D(2015, 1, 1) + dt.timedelta(days=i) for i in range(len(values))]
    hits = pl.DataFrame({"chantier_id": ["C"] * len(values), "held_on": days, "hit": values},
                        schema={"chantier_id": pl.String, "held_on": pl.Date, "hit": pl.Boolean})
    found = episodes(hits, length).rows()
    assert found == ([] if expected is None else [("C", expected[0], days[expected[1]], expected[2])])


def test_episodes_of_interleaved_chantiers_come_in_the_order_of_their_first_meeting():
    hits = pl.DataFrame({"chantier_id": ["B", "A", "B", "A", "A"], "hit": [True, True, True, False, True],
                         "held_on": [D(2015, 1, i) for i in range(1, 6)]})
    assert episodes(hits, 1).rows() == [("B", 1, D(2015, 1, 1), True), ("A", 2, D(2015, 1, 5), True)]
    assert episodes(hits, 2).rows() == [("B", 1, D(2015, 1, 1), True)]  # A's hits are not in a row


@pytest.mark.parametrize("day, months, expected", [
    (D(2015, 1, 31), 1, D(2015, 2, 28)), (D(2015, 11, 15), 3, D(2016, 2, 15)), (D(2016, 5, 1), -4, D(2016, 1, 1)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def meetings(rates, present, refl=None, start_days=400):
    n = len(rates)
    return pl.DataFrame({
        "chantier_id": ["C"] * n,
        "held_on": [D(2015, 1, 1) + dt.timedelta(days=90 * i) for i in range(n)],
        "attendance_rate": rates, "members_present": present,
        "reflection_share": refl or [0.5] * n,
        "days_since_start": [start_days + 90 * i for i in range(n)],
    })


@pytest.mark.parametrize("rates, present, th, expected", [
    ([0.9, 0.5, 0.5], [10, 5, 5], Thresholds(), "active"),  # two in a row under 60 %, at the end
    ([0.5, 0.5, 0.9], [10, 10, 10], Thresholds(), "past"),  # happened, then recovered
    ([0.5, 0.9, 0.5], [10, 10, 10], Thresholds(), None),  # never two in a row
    ([0.9, 0.9, 0.9], [10, 5, 4], Thresholds(), "active"),  # under 6 present counts too
    ([0.9, 0.9, 0.9], [10, 5, 4], Thresholds(min_present=4), None),  # the coordinator lowered the bar
    ([0.5, 0.5, 0.5], [10, 10, 10], Thresholds(consecutive=4), None),
    # Not measured is not zero: a meeting without a rate (attendance not loaded yet: 0 present) is
    # skipped, neither under the threshold...
    ([0.9, None, None, 0.9], [10, 0, 0, 10], Thresholds(), None),
    ([0.9, 0.9, None, None], [10, 10, 0, 0], Thresholds(), None),
    # ... nor breaking two measured meetings in a row under it
    ([0.5, None, 0.5, 0.9], [10, 10, 10, 10], Thresholds(), "past"),
    ([0.9, 0.5, None, 0.5, None], [10, 10, 0, 10, 0], Thresholds(), "active"),
])
def test_attendance_flag(rates, present, th, expected):
    flags = attendance_flags(meetings(rates, present), th)
    assert (flags[0].status if flags else None) == expected


@pytest.mark.parametrize("shares, start_days, th, expected", [
    ([0.9, 0.9, 0.9], 400, Thresholds(), "active"),
    ([0.9, 0.9, 0.9], 0, Thresholds(), None),  # first year: 0, 90, 180 days -> never counted (grace 365)
    ([0.9, 0.9, 0.5], 400, Thresholds(), None),
    ([0.9, 0.9, 0.5], 400, Thresholds(reflection_consecutive=2), "past"),
    ([0.85, 0.85, 0.85], 400, Thresholds(reflection_share=0.9), None),
])
def test_reflection_flag(shares, start_days, th, expected):
    flags = reflection_flags(meetings([0.9] * 3, [10] * 3, shares, start_days), th)
    assert (flags[0].status if flags else None) == expected


@pytest.mark.parametrize("last, ended, as_of, months, flagged", [
    (D(2015, 1, 10), None, D(2015, 5, 10), 4, True),
    (D(2015, 1, 10), None, D(2015, 5, 9), 4, False),
    (D(2015, 1, 10), D(2015, 3, 1), D(2016, 1, 1), 4, False),  # ended chantiers are not inactive
    (D(2015, 1, 10), None, D(2015, 5, 10), 6, False),
])
def test_inactivity_flag(last, ended, as_of, months, flagged):
    chantiers = pl.DataFrame({"chantier_id": ["C"], "last_meeting_on": [last], "started_on": [D(2014, 1, 1)],
                              "ended_on": [ended]}, schema_overrides={"ended_on": pl.Date})
    assert bool(inactivity_flags(chantiers, as_of, Thresholds(inactive_months=months))) is flagged


@pytest.mark.parametrize("released, first_followup, as_of, flagged", [
    (D(2015, 1, 15), None, D(2015, 4, 15), True),
    (D(2015, 1, 15), None, D(2015, 4, 14), False),  # three months not over yet
    (D(2015, 1, 15), D(2015, 2, 1), D(2016, 1, 1), False),
    (D(2015, 1, 15), D(2015, 6, 1), D(2016, 1, 1), True),  # followed up, but too late
    (None, None, D(2016, 1, 1), False),  # not released
])
def test_followup_flag(released, first_followup, as_of, flagged):
    deliverables = pl.DataFrame({"chantier_id": ["C"], "title": ["Guide"], "released_on": [released],
                                 "first_followup_on": [first_followup]},
                                schema_overrides={"released_on": pl.Date, "first_followup_on": pl.Date})
    assert bool(followup_flags(deliverables, as_of, Thresholds())) is flagged


def test_health_table_has_one_row_per_chantier_and_one_column_per_flag():
    chantiers = pl.DataFrame({"chantier_id": ["A", "B"], "name": ["Alpha", "Bêta"]})
    flags = attendance_flags(meetings([0.5, 0.5], [3, 3]), Thresholds())
    table = health_table(chantiers, [type(flags[0])("B", "attendance", "active", None, 1)])
    assert table.columns == ["chantier_id", "name", "attendance", "reflection", "inactivity", "followup"]
    assert table.filter(pl.col("chantier_id") == "B")["attendance"][0] == "active"
    assert table.filter(pl.col("chantier_id") == "A")["attendance"][0] == ""


def test_followup_flags_gather_a_chantiers_late_deliverables():
    deliverables = pl.DataFrame({
        "chantier_id": ["B", "A", "B", "A", "B"], "title": ["Guide", "Vidéo", "Outil", "Atelier", "Balado"],
        "released_on": [D(2015, 1, 31), D(2015, 3, 1), D(2015, 1, 10), D(2015, 3, 1), D(2014, 12, 1)],
        "first_followup_on": [D(2015, 4, 30), None, None, D(2015, 4, 1), D(2015, 5, 1)]})
    # Guide: released 31 jan, three months later is 30 apr (the month's last day): followed up in time.
    flags = followup_flags(deliverables, D(2015, 6, 1), Thresholds())
    assert [(f.chantier_id, f.since, f.count, f.subject) for f in flags] == [
        ("A", D(2015, 3, 1), 1, "Vidéo"), ("B", D(2014, 12, 1), 2, "Outil · Balado")]  # by the first late one
