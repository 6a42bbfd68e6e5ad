"""Chart builders as specs: a title saying what is shown, translated axes, legends and tooltips,
fr-CA / en-CA formats, colour-blind-safe colours; and the metrics feeding them."""

import datetime as dt

import duckdb
import polars as pl
import pytest

from dashboard import charts, metrics
from dashboard.i18n import label, number, t, vega_locale
from dashboard.labels import VOCABULARY
from tests.dashboard_fixtures import warehouse_file  # noqa: F401

PALETTES = set(charts.OKABE_ITO) | set(charts.KIND_COLORS.values()) | set(charts.STATUS_COLORS.values()) \
    | set(charts.LIKERT_COLORS) | {charts.CRITICAL_COLOR} | set(charts.TIER_COLORS.values())


@pytest.fixture(scope="module")
def marts(warehouse_file):  # noqa: F811
    con = duckdb.connect(str(warehouse_file), read_only=True)
    names = ["dash_meeting", "dash_membership", "dash_meeting_composition", "dash_meeting_diversity",
             "dash_attendance_grid", "dash_diffusion", "dash_deliverable", "dash_source_freshness", "chantier"]
    frames = {n: con.sql(f"SELECT * FROM marts.{n}").pl() for n in names}
    frames["survey"] = con.sql("SELECT s.*, c.name AS chantier_name FROM marts.survey_item s "
                               "LEFT JOIN marts.chantier c USING (chantier_id) WHERE n > 0").pl()
    con.close()
    return frames


def builders(m: dict, lang: str) -> dict:
    meetings = m["dash_meeting"]
    headline = m["chantier"].with_columns(pl.lit(100.0).alias("reach"))
    turning = metrics.turning_points(meetings)
    div = m["dash_meeting_diversity"].filter(pl.col("dimension") == "function").join(
        meetings.select("meeting_id", "chantier_name"), on="meeting_id")
    first = meetings["chantier_id"][0]
    comp = m["dash_meeting_composition"].filter((pl.col("dimension") == "region") & (pl.col("chantier_id") == first))
    grid = m["dash_attendance_grid"].filter(pl.col("chantier_id") == first)
    survey = m["survey"]
    one = survey.filter(pl.col("survey_id") == survey["survey_id"][0])
    return {
        "chart.hours.title": charts.hours_by_chantier(headline, lang),
        "chart.attendance.title": charts.attendance_over_time(meetings, 0.6, lang),
        "chart.members_timeline.title": charts.membership_timeline(metrics.membership_events(m["dash_membership"]), lang),
        "chart.retention.title": charts.founder_retention(metrics.founder_retention(meetings), lang),
        "chart.tiers.title": charts.participation_tiers(metrics.tier_counts(m["dash_membership"]), lang),
        "chart.composition.title": charts.composition(comp, "region", lang),
        "chart.diversity.title": charts.diversity_over_time(div, "function", lang),
        "chart.grid.title": charts.attendance_grid(grid, lang),
        "chart.minutes.title": charts.minutes_by_meeting(metrics.minutes_by_kind(meetings), lang),
        "chart.cumulative.title": charts.cumulative_production(meetings, turning, lang),
        "chart.by_stage.title": charts.share_bars(metrics.share_by_group(meetings, "stage"), "stage",
                                                  "chart.by_stage.title", lang),
        "chart.timeline.title": charts.deliverable_timeline(m["dash_deliverable"], dt.date(2016, 6, 1), lang),
        "chart.reach_channel.title": charts.reach_by(m["dash_diffusion"], "channel", lang),
        "chart.reach_region.title": charts.reach_by(m["dash_diffusion"], "region", lang),
        "chart.reach_month.title": charts.reach_by_month(m["dash_diffusion"], lang),
        "chart.funnel.title": charts.uptake_funnel(metrics.funnel(m["dash_diffusion"], m["dash_deliverable"]), lang),
        "chart.followups.title": charts.followups_of(m["dash_diffusion"].filter(
            pl.col("deliverable_id") == m["dash_diffusion"]["deliverable_id"][0]), lang),
        "chart.likert.title": charts.likert(metrics.likert_long(one), "question", "chart.likert.title", lang,
                                            survey=one["survey_title"][0]),
        "chart.sources.title": charts.rows_by_source(m["dash_source_freshness"], lang),
    }


def walk(node, path=()):
    """(path, dict) for every dict in a spec."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, (*path, i))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_chart_has_its_title_locale_and_translated_encodings(marts, lang):
    for key, chart in builders(marts, lang).items():
        spec = chart.to_dict()
        title = spec.get("title") or next(n["title"] for _, n in walk(spec) if isinstance(n.get("title"), dict))
        expected = t(key, lang, share=60, dimension=t("dimension.region", lang).lower(), survey="")
        assert title["text"].startswith(expected.split("{")[0][:20]), (key, title)
        assert spec["config"]["locale"] == vega_locale(lang), key
        # Streamlit would otherwise fit title, legend and plot into the height: a long legend
        # (twelve chantiers) flattened the plot to a line.
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}, key
        for path, node in walk(spec):
            if path and path[-1] in ("x", "y", "color", "size", "shape") and node.get("field") not in (None, "x", "y") \
                    and not ("legend" in node and node["legend"] is None):
                titles = [node.get("title"), (node.get("axis") or {}).get("title"), (node.get("legend") or {}).get("title")]
                assert any(k in node or k in (node.get("axis") or {}) for k in ["title"]), (key, path)
                assert node["field"] not in titles, (key, path)  # never the raw column name
            if path and path[-2:-1] == ("tooltip",) and "field" in node:
                assert node.get("title"), (key, path)
            if path[-2:] == ("color", "scale") and isinstance(node.get("range"), list):
                assert set(node["range"]) <= PALETTES, (key, node["range"])


def test_french_axes_use_french_formats(marts):
    spec = charts.attendance_over_time(marts["dash_meeting"], 0.6, "fr").to_dict()
    axes = [n["axis"] for _, n in walk(spec) if isinstance(n.get("axis"), dict)]
    assert {"format": ".0%"}.items() <= axes[1].items() or any(a.get("format") == ".0%" for a in axes)
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["time"]["months"][2] == "mars"


def test_dates_reach_vega_as_local_midnight(marts):
    spec = charts.attendance_over_time(marts["dash_meeting"], 0.6, "fr").to_dict()
    values = next(iter(spec["datasets"].values()))
    assert values[0]["held_on"].endswith("T00:00:00")


def test_critical_mass_line_follows_the_threshold(marts):
    spec = charts.attendance_over_time(marts["dash_meeting"], 0.45, "fr").to_dict()
    assert "45" in spec["title"]["text"]
    assert any(v.get("y") == 0.45 for values in spec["datasets"].values() for v in values)


def test_grid_is_the_only_chart_carrying_names(marts):
    names = set(marts["dash_attendance_grid"]["full_name"].drop_nulls())
    for key, chart in builders(marts, "fr").items():
        data = [v for values in chart.to_dict().get("datasets", {}).values() for v in values]
        cells = {str(value) for row in data for value in row.values()}
        carries_names = any("full_name" in row or "email" in row for row in data) or bool(cells & names)
        assert carries_names == (key == "chart.grid.title"), key


def grid_rows(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, orient="row", schema={
        "meeting_id": pl.String, "meeting_seq": pl.Int64, "held_on": pl.Date, "member_id": pl.String,
        "full_name": pl.String, "status": pl.String, "is_enrolled": pl.Boolean})


def test_grid_is_keyed_on_member_and_meeting_not_on_name_and_date():
    # Two members without a name, two namesakes, two meetings the same day: eight distinct cells.
    day = dt.date(2015, 3, 12)
    members = [("M001", None), ("M002", " "), ("M003", "Marie Roy"), ("M004", "Marie Roy")]
    grid = grid_rows([(meeting, seq, day, member, name, status, True)
                      for meeting, seq in (("R1", 1), ("R2", 2))
                      for (member, name), status in zip(members, ["present", "absent", "excused", "present"])])
    spec = charts.attendance_grid(grid, "fr").to_dict()
    cells = [(v["meeting_label"], v["member_label"]) for values in spec["datasets"].values() for v in values]
    assert len(cells) == len(set(cells)) == 8
    assert {m for m, _ in cells} == {"n° 1 — 12 mars 2015", "n° 2 — 12 mars 2015"}
    assert {p for _, p in cells} == {"M001", "M002", "Marie Roy (M003)", "Marie Roy (M004)"}
    assert spec["encoding"]["x"]["field"] == "meeting_label" and spec["encoding"]["y"]["field"] == "member_label"
    assert spec["encoding"]["x"]["sort"] == ["n° 1 — 12 mars 2015", "n° 2 — 12 mars 2015"]  # meetings in order
    english = charts.grid_labels(grid, "en")
    assert set(english["meeting_label"]) == {"No. 1 — Mar 12, 2015", "No. 2 — Mar 12, 2015"}


def test_grid_labels_keep_a_unique_name_as_it_is():
    grid = grid_rows([("R1", 1, dt.date(2015, 1, 1), "M001", "Hélène Côté", "present", True),
                      ("R1", 1, dt.date(2015, 1, 1), "M002", "Loïc Bérubé", "absent", True)])
    assert charts.grid_labels(grid, "fr")["member_label"].to_list() == ["Hélène Côté", "Loïc Bérubé"]


def test_timeline_gives_each_deliverable_its_own_bar_when_titles_repeat(marts):
    # Chantiers name their guides alike: one row per deliverable, told apart by their ids.
    one = marts["dash_deliverable"].head(1)
    rows = pl.concat([one.with_columns(pl.lit(did).alias("deliverable_id"), pl.lit(chantier).alias("chantier_name"),
                                       pl.lit(title).alias("title"))
                      for did, chantier, title in [("L1", "Aînés", "Guide pratique"), ("L2", "Jeunesse", "Guide pratique"),
                                                   ("L3", "Aînés", "Guide pratique"), ("L4", "Aînés", "Vidéo")]])
    spec = charts.deliverable_timeline(rows, dt.date(2016, 6, 1), "fr").to_dict()
    labels = {v["deliverable_id"]: v["bar_label"] for values in spec["datasets"].values() for v in values}
    assert labels == {"L1": "Guide pratique · L1", "L2": "Guide pratique · L2", "L3": "Guide pratique · L3",
                      "L4": "Vidéo"}


def test_likert_bars_diverge_around_zero():
    items = pl.DataFrame({"survey_id": ["S"], "survey_title": ["S"], "chantier_name": ["C"],
                          "fielded_on": [dt.date(2015, 1, 1)], "question_id": ["Q1"], "question": ["Q"], "n": [10],
                          "n_score_1": [1], "n_score_2": [1], "n_score_3": [2], "n_score_4": [4], "n_score_5": [2]})
    long = metrics.likert_long(items).sort("score")
    assert long["start"][0] == pytest.approx(-0.3)  # 10 % + 10 % + half of 20 %
    assert long["end"][4] == pytest.approx(0.7)
    assert long["share"].sum() == pytest.approx(1.0)


def test_turning_point_needs_two_meetings_in_a_row():
    meetings = pl.DataFrame({
        "chantier_id": ["A"] * 5, "chantier_name": ["A"] * 5, "meeting_id": [f"m{i}" for i in range(5)],
        "held_on": [dt.date(2015, i + 1, 1) for i in range(5)], "meeting_seq": list(range(1, 6)),
        "reflection_minutes": [100, 10, 100, 10, 10], "production_minutes": [10, 100, 10, 100, 100]})
    turned = metrics.turning_points(meetings)
    assert turned["meeting_seq"].to_list() == [4]


def test_participation_tiers():
    memberships = pl.DataFrame({"chantier_id": ["A"] * 4, "chantier_name": ["A"] * 4,
                                "attendance_rate": [0.9, 0.5, 0.2, None]})
    counts = metrics.tier_counts(memberships)
    assert dict(zip(counts["tier"], counts["n"])) == {"core": 1, "regular": 1, "peripheral": 1}


def test_a_deliverable_type_keeps_its_colour_in_both_languages_and_whatever_is_shown(marts):
    def colours(frame, lang):
        spec = charts.deliverable_timeline(frame, dt.date(2016, 6, 1), lang).to_dict()
        color = spec["layer"][0]["encoding"]["color"]
        by_label = dict(zip(color["scale"]["domain"], color["scale"]["range"]))
        return {code: by_label[label("deliverable_type", code, lang)] for code in VOCABULARY["deliverable_type"]}, \
            color["legend"]["values"]

    every = marts["dash_deliverable"]
    fr, fr_legend = colours(every, "fr")
    en, _ = colours(every, "en")
    videos, videos_legend = colours(every.filter(pl.col("type") == "video"), "fr")
    assert fr == en == videos and len(set(fr.values())) == len(fr)
    assert videos_legend == ["Vidéo"] and set(fr_legend) == {label("deliverable_type", c, "fr")
                                                             for c in every["type"].unique()}


def test_membership_events_come_in_one_order_whatever_the_grouping():
    # Arrivals and departures the same day in several chantiers: the table under the chart keeps its order.
    day, later = dt.date(2015, 1, 5), dt.date(2016, 1, 5)
    memberships = pl.DataFrame({"chantier_id": ["B", "A", "C", "A", "B"],
                                "chantier_name": ["Bêta", "Alpha", "Alpha", "Alpha", "Bêta"],
                                "joined_on": [day] * 5, "left_on": [later, None, later, later, None]})
    expected = [(day, "Alpha", "A", "joined", 2), (day, "Alpha", "C", "joined", 1), (day, "Bêta", "B", "joined", 2),
                (later, "Alpha", "A", "left", 1), (later, "Alpha", "C", "left", 1), (later, "Bêta", "B", "left", 1)]
    for _ in range(20):  # group_by's order changes from run to run
        events = metrics.membership_events(memberships.sample(fraction=1.0, shuffle=True))
        assert events.select("on", "chantier_name", "chantier_id", "event", "n").rows() == expected


def test_meetings_without_attendance_are_left_off_the_attendance_charts(marts):
    meetings = marts["dash_meeting"].sort("held_on")
    unmeasured = meetings["meeting_id"][-1]
    meetings = meetings.with_columns(
        *[pl.when(pl.col("meeting_id") == unmeasured).then(None).otherwise(pl.col(c)).alias(c)
          for c in ("attendance_rate", "n_founding_present")],
        pl.col("has_attendance") & (pl.col("meeting_id") != unmeasured))
    spec = charts.attendance_over_time(meetings, 0.6, "fr").to_dict()
    rows = [v for values in spec["datasets"].values() for v in values if "held_on" in v]
    assert len(rows) == meetings.height - 1
    retention = metrics.founder_retention(meetings)
    assert retention.filter(pl.col("meeting_id") == unmeasured)["founders_present_share"].to_list() == [None]


def test_the_chantiers_drawn_by_default_each_get_their_own_colour(marts):
    # "All chantiers" draws the most active ones, no more than the palette's colours; and the colours go
    # to the chantiers drawn: 20 chantiers of which 5 met in the period get 5 different colours.
    every = [f"Chantier {i:02d}" for i in range(20)]
    active = pl.DataFrame({"chantier_id": [f"C{i}" for i in (3, 9, 11, 14, 19)],
                           "chantier_name": [every[i] for i in (3, 9, 11, 14, 19)], "n_meetings": [2] * 5})
    drawn = metrics.chantiers_to_chart(active).names(every, active)
    meetings = pl.DataFrame({"chantier_name": drawn, "held_on": [dt.date(2016, 1, 1)] * 5,
                             "attendance_rate": [0.5] * 5, "members_present": [2] * 5, "members_enrolled": [4] * 5})
    spec = charts.attendance_over_time(meetings, 0.6, "fr", drawn).to_dict()
    scale = next(node for path, node in walk(spec) if path[-2:] == ("color", "scale"))
    colours = dict(zip(scale["domain"], scale["range"]))
    assert len({colours[n] for n in drawn}) == 5
    assert metrics.MAX_CHANTIERS <= len(charts.OKABE_ITO)


@pytest.mark.parametrize("months, by_year", [(charts.MAX_MONTH_BARS - 1, False), (charts.MAX_MONTH_BARS, True)])
def test_reach_over_many_months_is_drawn_by_year(months, by_year):
    # A funder's seventeen years of follow-ups were 200 bars too thin to read.
    on = [dt.date(2010 + (1 + m) // 12, (1 + m) % 12 + 1, 1) for m in range(months)]  # calendar months from Feb. 2010
    rows = pl.DataFrame({"month_on": on * 2, "metric": ["views"] * len(on) + ["downloads"] * len(on),
                         "value": [10.0] * len(on) + [1.0] * len(on), "channel": "web"})
    spec = charts.reach_by_month(rows, "fr").to_dict()
    values = next(iter(spec["datasets"].values()))
    if not by_year:
        assert spec["encoding"]["x"]["timeUnit"] == "yearmonth"
        assert spec["title"]["text"] == t("chart.reach_month.title", "fr")
        assert len(values) == 2 * months
        return
    assert spec["title"]["text"] == t("chart.reach_year.title", "fr")
    assert spec["title"]["subtitle"].startswith("Suivis de février 2010 à ")
    # one bar per year and metric, its months added up (11 months of 2010, then 12 a year...)
    views = sorted((v["year"], v["value"]) for v in values if v["metric"] == "views")
    years = sorted({d.year for d in on})
    assert views == [(y, 10.0 * sum(d.year == y for d in on)) for y in years]
    assert views[0] == (2010, 110.0)
    assert spec["encoding"]["x"]["scale"]["domain"] == years


def test_reach_by_year_keeps_a_year_without_follow_ups():
    on = [dt.date(2010, 1, 1), dt.date(2011, 6, 1), dt.date(2017, 12, 1)]
    rows = pl.DataFrame({"month_on": on, "metric": "views", "value": [1.0, 2.0, 3.0], "channel": "web"})
    spec = charts.reach_by_month(rows, "en").to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"] == list(range(2010, 2018))  # 2012-2016: gaps, not left out
    assert spec["title"]["subtitle"] == t("chart.reach_year.subtitle", "en", start="January 2010",
                                          end="December 2017")


def test_grid_lists_names_in_a_readers_order_accents_aside():
    # Code points put "Éric" and "Évelyne" after "Yannick"; a reader looks for them beside "Eric".
    names = ["Yannick Paquette", "Éric Ouimet", "Eric Gagnon", "Évelyne Roy", "andré Côté", "Zoé Lavoie",
             "Łukasz Nowak"]
    grid = grid_rows([("R1", 1, dt.date(2015, 1, 1), f"M{i:03d}", name, "present", True)
                      for i, name in enumerate(names)])
    spec = charts.attendance_grid(grid, "fr").to_dict()
    assert spec["encoding"]["y"]["sort"] == ["andré Côté", "Eric Gagnon", "Éric Ouimet", "Évelyne Roy",
                                             "Łukasz Nowak", "Yannick Paquette", "Zoé Lavoie"]


def test_hours_bars_are_labelled_with_the_tables_decimal():
    # The table beside the chart writes hours with one decimal (22,5): the bar's label must not say 23.
    headline = pl.DataFrame({"chantier_id": ["C1"], "name": ["Chantier 1"], "hours": [22.5], "n_meetings": [3]})
    spec = charts.hours_by_chantier(headline, "fr").to_dict()
    (label,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert label["encoding"]["text"]["format"] == ",.1f"
    # 85.25 h: the table writes 85,2 (half to even, as babel rounds); the label must not write 85,3
    headline = pl.DataFrame({"chantier_id": ["C1"], "name": ["Chantier 1"], "hours": [85.25], "n_meetings": [20]})
    spec = charts.hours_by_chantier(headline, "fr").to_dict()
    (label,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    rows = next(iter(spec["datasets"].values()))
    assert [row[label["encoding"]["text"]["field"]] for row in rows] == [85.2]
    assert number(85.25, "fr", 1) == "85,2"
