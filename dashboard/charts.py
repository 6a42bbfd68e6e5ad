"""Chart builders: pure functions from frames to Altair specs (no Streamlit).

Every chart carries a title saying what it shows, axis, legend and tooltip
titles in the chosen language, fr-CA or en-CA number and date formats
(Vega-Lite `config.locale`), and colour-blind-safe palettes (Okabe-Ito for
categories, ColorBrewer PuOr for Likert scales). Dates go to Vega as local
midnight so a day never shifts in a western time zone.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import polars as pl

from dashboard.i18n import DATE_FORMAT, MONTH_FORMAT, date, label, number, t, vega_locale
from dashboard.labels import VOCABULARY
from dashboard.metrics import REACH_METRICS
from pipelines.contract import normalize_token

alt.data_transformers.disable_max_rows()

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
KIND_COLORS = {"reflection": "#0072B2", "production": "#E69F00", "other": "#BBBBBB"}
STATUS_COLORS = {"present": "#0072B2", "excused": "#E69F00", "absent": "#D55E00", "not_recorded": "#E5E5E5"}
EVENT_COLORS = {"joined": "#009E73", "left": "#D55E00"}
TIER_COLORS = {"core": "#0072B2", "regular": "#56B4E9", "peripheral": "#E69F00"}
LIKERT_COLORS = ["#b35806", "#f1a340", "#d9d9d9", "#998ec3", "#542788"]  # PuOr, colour-blind safe
STEP_COLORS = {"reach": "#0072B2", "uses_reported": "#009E73", "satisfied": "#CC79A7", "adaptations": "#E69F00"}
CRITICAL_COLOR = "#D55E00"
HEIGHT = 380


# --- helpers ---------------------------------------------------------------------------------------

def _values(frame: pl.DataFrame) -> pl.DataFrame:
    """Dates as local-midnight ISO strings (Vega reads a bare date as UTC and may show the day before)."""
    return frame.with_columns(
        pl.col(c).dt.strftime("%Y-%m-%dT00:00:00") for c, dtype in frame.schema.items() if dtype == pl.Date)


def _title(key: str, lang: str, **values: object) -> alt.TitleParams:
    subtitle_key = key.replace(".title", ".subtitle")
    from dashboard.labels import STRINGS

    subtitle = t(subtitle_key, lang, **values) if subtitle_key in STRINGS else None
    return alt.TitleParams(t(key, lang, **values), subtitle=subtitle or alt.Undefined, anchor="start",
                           fontSize=15, subtitleFontSize=12, subtitleColor="#555555")


def _finish(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    # The width fits the page; the height is the plot's, with title and legend added below and above.
    # Streamlit's default ("fit") squeezes them into the height instead: twelve chantiers' legend
    # flattened the attendance chart to a line.
    chart = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return chart.configure(locale=vega_locale(lang)).configure_axis(
        labelFontSize=12, titleFontSize=12, labelLimit=260).configure_legend(
        labelFontSize=12, titleFontSize=12, orient="bottom", labelLimit=260)


def _labelled(frame: pl.DataFrame, column: str, vocabulary: str, lang: str, alias: str | None = None) -> pl.DataFrame:
    return frame.with_columns(pl.col(column).map_elements(lambda v: label(vocabulary, v, lang), return_dtype=pl.String)
                              .alias(alias or f"{column}_label"))


def _scale(colors: dict[str, str], vocabulary: str, lang: str) -> alt.Scale:
    return alt.Scale(domain=[label(vocabulary, k, lang) for k in colors], range=list(colors.values()))


def _vocabulary_color(field: str, vocabulary: str, lang: str, present: list[str], title: str) -> alt.Color:
    """A colour per vocabulary value that stays with the value: the same type keeps its colour in both
    languages and whatever the filters leave (the legend lists only the values drawn)."""
    labels = [label(vocabulary, code, lang) for code in VOCABULARY.get(vocabulary, {})]
    scale = alt.Scale(domain=labels, range=[OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(labels))])
    drawn = set(present)
    return alt.Color(f"{field}:N", title=title, scale=scale,
                     legend=alt.Legend(values=[name for name in labels if name in drawn]))


# A chantier's label is long, and a namesake's ends with its id (queries.LABELS): the axis
# shows it whole, as the legend does.
CHANTIER_AXIS = alt.Axis(labelLimit=420)


def _chantier_color(lang: str, names: list[str] | None = None) -> alt.Color:
    scale = alt.Scale(domain=names, range=OKABE_ITO) if names else alt.Scale(range=OKABE_ITO)
    return alt.Color("chantier_name:N", title=t("field.chantier", lang), scale=scale,
                     legend=alt.Legend(columns=2, labelLimit=420))


def _date_tip(field: str, lang: str, title_key: str = "field.date") -> alt.Tooltip:
    return alt.Tooltip(f"{field}:T", title=t(title_key, lang), format=DATE_FORMAT[lang])


def _date_axis(lang: str, title_key: str = "field.date", fmt: str | None = None) -> alt.Axis:
    return alt.Axis(title=t(title_key, lang), format=fmt or MONTH_FORMAT[lang], labelAngle=0, tickCount=8)


# --- overview -------------------------------------------------------------------------------------

def hours_by_chantier(headline: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Hours of co-construction per chantier (horizontal bars, labelled).

    The labels read `hours_shown`: rounded half to even, as the table beside the chart and the headline
    figures round (85.25 h reads 85,2 in both; the chart's own format would write 85,3)."""
    shown = headline.with_columns(
        pl.col("hours").cast(pl.Decimal(38, 12)).round(1, mode="half_to_even").cast(pl.Float64).alias("hours_shown"))
    base = alt.Chart(_values(shown), title=_title("chart.hours.title", lang)).encode(
        y=alt.Y("name:N", title=None, sort="-x", axis=CHANTIER_AXIS),
        x=alt.X("hours:Q", title=t("field.hours", lang), axis=alt.Axis(format=",.0f")),
        tooltip=[alt.Tooltip("name:N", title=t("field.chantier", lang)),
                 alt.Tooltip("hours_shown:Q", title=t("field.hours", lang), format=",.1f"),
                 alt.Tooltip("n_meetings:Q", title=t("field.meetings", lang), format=",.0f")])
    bars = base.mark_bar(color=OKABE_ITO[0])
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(text=alt.Text("hours_shown:Q", format=",.1f"))
    return _finish((bars + text).properties(height=alt.Step(34)), lang)


# --- participation --------------------------------------------------------------------------------

def attendance_over_time(meetings: pl.DataFrame, critical_share: float, lang: str,
                         names: list[str] | None = None) -> alt.TopLevelMixin:
    """Attendance rate at each meeting, one line per chantier, against the critical-mass line."""
    data = _values(meetings.filter(pl.col("attendance_rate").is_not_null()))
    lines = alt.Chart(data).mark_line(point=True, strokeWidth=2).encode(
        x=alt.X("held_on:T", axis=_date_axis(lang)),
        y=alt.Y("attendance_rate:Q", title=t("field.attendance_rate", lang),
                axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
        color=_chantier_color(lang, names),
        tooltip=[alt.Tooltip("chantier_name:N", title=t("field.chantier", lang)), _date_tip("held_on", lang),
                 alt.Tooltip("attendance_rate:Q", title=t("field.attendance_rate", lang), format=".0%"),
                 alt.Tooltip("members_present:Q", title=t("field.members_present", lang)),
                 alt.Tooltip("members_enrolled:Q", title=t("field.members_enrolled", lang))])
    rule_data = pl.DataFrame({"y": [critical_share], "label": [t("chart.attendance.critical", lang)]})
    rule = alt.Chart(rule_data).mark_rule(color=CRITICAL_COLOR, strokeDash=[6, 4], strokeWidth=2).encode(
        y="y:Q", tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("y:Q", title=" ", format=".0%")])
    text = alt.Chart(rule_data).mark_text(align="left", dx=4, dy=-8, color=CRITICAL_COLOR, fontSize=12).encode(
        y="y:Q", x=alt.value(0), text="label:N")
    chart = (lines + rule + text).properties(
        title=_title("chart.attendance.title", lang, share=round(critical_share * 100)), height=HEIGHT)
    return _finish(chart, lang)


def membership_timeline(events: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Arrivals and departures of members along time, one row per chantier."""
    data = _values(_labelled(events, "event", "event", lang))
    chart = alt.Chart(data, title=_title("chart.members_timeline.title", lang)).mark_point(
        filled=True, opacity=0.85).encode(
        x=alt.X("on:T", axis=_date_axis(lang)),
        y=alt.Y("chantier_name:N", title=None, axis=CHANTIER_AXIS),
        yOffset=alt.YOffset("event_label:N", scale=alt.Scale(paddingOuter=0.3)),
        color=alt.Color("event_label:N", title=t("field.event", lang), scale=_scale(EVENT_COLORS, "event", lang)),
        shape=alt.Shape("event_label:N", title=t("field.event", lang),
                        scale=alt.Scale(domain=[label("event", k, lang) for k in EVENT_COLORS],
                                        range=["triangle-up", "triangle-down"])),
        size=alt.Size("n:Q", title=t("field.n_members", lang), scale=alt.Scale(range=[60, 400]),
                      legend=alt.Legend(format=",.0f", tickMinStep=1)),
        tooltip=[alt.Tooltip("chantier_name:N", title=t("field.chantier", lang)),
                 alt.Tooltip("event_label:N", title=t("field.event", lang)), _date_tip("on", lang),
                 alt.Tooltip("n:Q", title=t("field.n_members", lang))])
    return _finish(chart.properties(height=alt.Step(24)), lang)


def founder_retention(retention: pl.DataFrame, lang: str, names: list[str] | None = None) -> alt.TopLevelMixin:
    """Share of founding members still members (solid) and present (dotted) at each meeting."""
    data = _values(retention)
    base = alt.Chart(data).encode(x=alt.X("held_on:T", axis=_date_axis(lang)), color=_chantier_color(lang, names))
    tips = [alt.Tooltip("chantier_name:N", title=t("field.chantier", lang)), _date_tip("held_on", lang),
            alt.Tooltip("founders_enrolled_share:Q", title=t("field.founders_enrolled", lang), format=".0%"),
            alt.Tooltip("founders_present_share:Q", title=t("field.founders_present", lang), format=".0%"),
            alt.Tooltip("n_founding:Q", title=t("field.n_founding", lang))]
    enrolled = base.mark_line(strokeWidth=2.5).encode(
        y=alt.Y("founders_enrolled_share:Q", title=t("field.share_founders", lang),
                axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])), tooltip=tips)
    present = base.mark_line(strokeDash=[3, 3], strokeWidth=1.5, point=True).encode(
        y=alt.Y("founders_present_share:Q", title=t("field.share_founders", lang)), tooltip=tips)
    chart = (enrolled + present).properties(title=_title("chart.retention.title", lang), height=HEIGHT)
    return _finish(chart, lang)


def participation_tiers(tiers: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Members of each chantier by participation tier: core, regular, peripheral (stacked bars)."""
    data = _labelled(tiers, "tier", "tier", lang).with_columns(
        pl.col("tier").replace_strict({"core": 0, "regular": 1, "peripheral": 2}, default=3).alias("tier_order"))
    chart = alt.Chart(data, title=_title("chart.tiers.title", lang)).mark_bar().encode(
        y=alt.Y("chantier_name:N", title=None, axis=CHANTIER_AXIS),
        x=alt.X("n:Q", title=t("field.n_members", lang), axis=alt.Axis(format=",.0f", tickMinStep=1)),
        color=alt.Color("tier_label:N", title=t("field.tier", lang), scale=_scale(TIER_COLORS, "tier", lang)),
        order=alt.Order("tier_order:Q"),
        tooltip=[alt.Tooltip("chantier_name:N", title=t("field.chantier", lang)),
                 alt.Tooltip("tier_label:N", title=t("field.tier", lang)),
                 alt.Tooltip("n:Q", title=t("field.n_members", lang))])
    return _finish(chart.properties(height=alt.Step(40)), lang)


def category_label(category: str | None, dimension: str, lang: str) -> str | None:
    """A member's category along a dimension as users read it (a practice field is the members' own words)."""
    vocabulary = {"function": "function", "level": "level", "region": "region"}.get(dimension, "")
    return label(vocabulary, category, lang) if vocabulary or category == "unspecified" else category


def composition(rows: pl.DataFrame, dimension: str, lang: str) -> alt.TopLevelMixin:
    """Who was around the table at each meeting of one chantier, by one dimension (100 % stacked)."""
    data = _values(rows.with_columns(pl.col("category").map_elements(
        lambda v: category_label(v, dimension, lang), return_dtype=pl.String).alias("category_label")))
    dim_title = t(f"dimension.{dimension}", lang)
    chart = alt.Chart(data, title=_title("chart.composition.title", lang, dimension=dim_title.lower())).mark_bar(
        size=14).encode(
        x=alt.X("held_on:T", axis=_date_axis(lang), scale=alt.Scale(padding=12)),
        y=alt.Y("n_present:Q", stack="normalize", title=t("field.share_present", lang), axis=alt.Axis(format=".0%")),
        color=alt.Color("category_label:N", title=dim_title, scale=alt.Scale(range=OKABE_ITO)),
        tooltip=[_date_tip("held_on", lang), alt.Tooltip("category_label:N", title=dim_title),
                 alt.Tooltip("n_present:Q", title=t("field.members_present", lang))])
    return _finish(chart.properties(height=HEIGHT), lang)


def diversity_over_time(rows: pl.DataFrame, dimension: str, lang: str,
                        names: list[str] | None = None) -> alt.TopLevelMixin:
    """Blau diversity index of the members present at each meeting, one line per chantier."""
    data = _values(rows)
    dim_title = t(f"dimension.{dimension}", lang)
    chart = alt.Chart(data, title=_title("chart.diversity.title", lang, dimension=dim_title.lower())).mark_line(
        point=True).encode(
        x=alt.X("held_on:T", axis=_date_axis(lang)),
        y=alt.Y("blau_index:Q", title=t("field.blau_index", lang), scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format=".1f")),
        color=_chantier_color(lang, names),
        tooltip=[alt.Tooltip("chantier_name:N", title=t("field.chantier", lang)), _date_tip("held_on", lang),
                 alt.Tooltip("blau_index:Q", title=t("field.blau_index", lang), format=".2f"),
                 alt.Tooltip("n_categories:Q", title=t("field.n_categories", lang)),
                 alt.Tooltip("n_present:Q", title=t("field.members_present", lang))])
    return _finish(chart.properties(height=HEIGHT), lang)


def grid_labels(grid: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The grid with `meeting_label` and `member_label`: what the axes show, one label per key.

    The grid is keyed on meeting_id and member_id; dates and names are labels only. A meeting
    reads "n° k — date" (k: its number in the chantier, so two meetings of one day stay apart).
    A member reads as their name, or "Name (M012)" when another member of the grid has the same
    name, or their member_id when the name is missing.
    """
    meetings = grid.select("meeting_id", "meeting_seq", "held_on").unique("meeting_id")
    meeting_label = {
        r["meeting_id"]: t("chart.grid.meeting_label", lang,
                           seq=r["meeting_seq"] if r["meeting_seq"] is not None else r["meeting_id"],
                           date=date(r["held_on"], lang, "short"))
        for r in meetings.iter_rows(named=True)}
    if len(set(meeting_label.values())) < len(meeting_label):  # no number: the id tells them apart
        meeting_label = {m: f"{text} ({m})" for m, text in meeting_label.items()}
    members = grid.select("member_id", "full_name").unique("member_id").with_columns(
        pl.col("full_name").str.strip_chars().replace("", None).alias("name"))
    counts = members.group_by("name").len()
    repeated = set(counts.filter(pl.col("len") > 1)["name"].drop_nulls().to_list())
    member_label = {
        r["member_id"]: (r["member_id"] if r["name"] is None
                         else f"{r['name']} ({r['member_id']})" if r["name"] in repeated else r["name"])
        for r in members.iter_rows(named=True)}
    if len(set(member_label.values())) < len(member_label):  # a name that reads like another's id
        member_label = {m: f"{text} ({m})" if text != m else m for m, text in member_label.items()}
    return grid.with_columns(
        pl.col("meeting_id").replace_strict(meeting_label, return_dtype=pl.String).alias("meeting_label"),
        pl.col("member_id").replace_strict(member_label, return_dtype=pl.String).alias("member_label"))


# Letters no Unicode decomposition takes to a base letter: the reading order puts them with it.
_BASE_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "ı": "i"})


def reading_order(name: str) -> tuple[str, str]:
    """A sort key putting names as a French reader looks for them: accents and case aside."""
    return normalize_token(name.translate(_BASE_LETTERS)), name


def attendance_grid(grid: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Member by meeting grid of one chantier: present, excused, absent, not recorded.

    One cell per meeting_id and member_id (see `grid_labels`); meetings in their order.
    """
    shown = grid.filter(pl.col("is_enrolled") | (pl.col("status") != "not_recorded"))
    data = _labelled(grid_labels(shown, lang), "status", "status", lang).select(
        "meeting_id", "member_id", "meeting_seq", "meeting_label", "member_label", "status_label")
    order = data.sort("meeting_seq", "meeting_id")["meeting_label"].unique(maintain_order=True).to_list()
    # Names in a reader's order (Éric beside Eric, not after Yannick as code points would put it).
    names = sorted(data["member_label"].unique().to_list(), key=reading_order)
    chart = alt.Chart(data, title=_title("chart.grid.title", lang)).mark_rect(stroke="white", strokeWidth=1).encode(
        x=alt.X("meeting_label:O", title=t("field.meeting", lang), sort=order,
                axis=alt.Axis(labelAngle=-45, labelLimit=200)),
        y=alt.Y("member_label:N", title=None, sort=names),
        color=alt.Color("status_label:N", title=t("field.status", lang), scale=_scale(STATUS_COLORS, "status", lang)),
        tooltip=[alt.Tooltip("member_label:N", title=t("field.member", lang)),
                 alt.Tooltip("meeting_label:O", title=t("field.meeting", lang)),
                 alt.Tooltip("status_label:N", title=t("field.status", lang))])
    return _finish(chart.properties(height=alt.Step(20)), lang)


# --- reflection and production --------------------------------------------------------------------

def minutes_by_meeting(long: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Agenda minutes by kind at each meeting of one chantier (stacked bars, meetings in order)."""
    data = _values(_labelled(long, "kind", "kind", lang).with_columns(
        pl.col("kind").replace_strict({"reflection": 0, "production": 1, "other": 2}, default=3).alias("kind_order"),
        pl.col("stage").fill_null("—")))
    chart = alt.Chart(data, title=_title("chart.minutes.title", lang)).mark_bar().encode(
        x=alt.X("meeting_seq:O", title=t("field.meeting_seq", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("minutes:Q", title=t("field.minutes", lang), axis=alt.Axis(format=",.0f")),
        color=alt.Color("kind_label:N", title=t("field.kind", lang), scale=_scale(KIND_COLORS, "kind", lang)),
        order=alt.Order("kind_order:Q"),
        tooltip=[alt.Tooltip("meeting_seq:O", title=t("field.meeting_seq", lang)), _date_tip("held_on", lang),
                 alt.Tooltip("stage:N", title=t("field.stage", lang)),
                 alt.Tooltip("kind_label:N", title=t("field.kind", lang)),
                 alt.Tooltip("minutes:Q", title=t("field.minutes", lang), format=",.0f")])
    return _finish(chart.properties(height=HEIGHT), lang)


def cumulative_production(meetings: pl.DataFrame, turning: pl.DataFrame, lang: str,
                          names: list[str] | None = None) -> alt.TopLevelMixin:
    """Cumulative share of production in agenda time, one line per chantier, turning points marked."""
    data = _values(meetings.filter(pl.col("cum_production_share").is_not_null()))
    lines = alt.Chart(data).mark_line(strokeWidth=2).encode(
        x=alt.X("held_on:T", axis=_date_axis(lang)),
        y=alt.Y("cum_production_share:Q", title=t("field.cum_production_share", lang),
                axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
        color=_chantier_color(lang, names),
        tooltip=[alt.Tooltip("chantier_name:N", title=t("field.chantier", lang)), _date_tip("held_on", lang),
                 alt.Tooltip("cum_production_share:Q", title=t("field.cum_production_share", lang), format=".0%")])
    turns = _values(turning.join(meetings.select("meeting_id", "cum_production_share"), on="meeting_id", how="left"))
    points = alt.Chart(turns).mark_point(shape="diamond", size=180, filled=True, stroke="black").encode(
        x=alt.X("held_on:T", title=t("field.date", lang)),
        y=alt.Y("cum_production_share:Q", title=t("field.cum_production_share", lang)), color=_chantier_color(lang, names),
        tooltip=[alt.Tooltip("chantier_name:N", title=t("field.chantier", lang)),
                 _date_tip("held_on", lang, "field.turning_point")])
    half = alt.Chart(pl.DataFrame({"y": [0.5]})).mark_rule(color="#777777", strokeDash=[4, 4]).encode(y="y:Q")
    chart = (lines + half + points).properties(title=_title("chart.cumulative.title", lang), height=HEIGHT)
    return _finish(chart, lang)


def share_bars(shares: pl.DataFrame, by: str, title_key: str, lang: str) -> alt.TopLevelMixin:
    """Share of agenda time by kind for each stage or chantier (100 % horizontal bars)."""
    data = _labelled(shares, "kind", "kind", lang).with_columns(
        pl.col("kind").replace_strict({"reflection": 0, "production": 1, "other": 2}, default=3).alias("kind_order"))
    group_title = t("field.stage" if by == "stage" else "field.chantier", lang)
    order = data[by].unique(maintain_order=True).to_list()
    chart = alt.Chart(data, title=_title(title_key, lang)).mark_bar().encode(
        y=alt.Y(f"{by}:N", title=None, sort=order, axis=alt.Axis(labelLimit=380)),
        x=alt.X("share:Q", title=t("field.share_time", lang), axis=alt.Axis(format=".0%"), stack="normalize"),
        color=alt.Color("kind_label:N", title=t("field.kind", lang), scale=_scale(KIND_COLORS, "kind", lang)),
        order=alt.Order("kind_order:Q"),
        tooltip=[alt.Tooltip(f"{by}:N", title=group_title), alt.Tooltip("kind_label:N", title=t("field.kind", lang)),
                 alt.Tooltip("share:Q", title=t("field.share_time", lang), format=".0%"),
                 alt.Tooltip("minutes:Q", title=t("field.minutes", lang), format=",.0f")])
    return _finish(chart.properties(height=alt.Step(40)), lang)


# --- deliverables and uptake ----------------------------------------------------------------------

def _bar_labels(deliverables: pl.DataFrame) -> pl.Series:
    """One label per deliverable: its title, followed by its id when another deliverable has the same
    title (chantiers often name their guides alike; the tooltip says whose it is)."""
    title = pl.col("title")
    return deliverables.select(pl.when(title.count().over("title") > 1)
                               .then(pl.format("{} · {}", title, pl.col("deliverable_id")))
                               .otherwise(title).alias("label"))["label"]


def deliverable_timeline(deliverables: pl.DataFrame, as_of: dt.date, lang: str) -> alt.TopLevelMixin:
    """From production start to release, one bar per deliverable; unreleased ones run to today (lighter)."""
    data = _labelled(deliverables.filter(pl.col("production_started_on").is_not_null()
                                         | pl.col("released_on").is_not_null()), "type", "deliverable_type", lang)
    data = data.with_columns(
        pl.coalesce("production_started_on", "released_on").alias("bar_start"),
        pl.coalesce("released_on", pl.lit(as_of)).alias("bar_end"),
        pl.col("released_on").is_not_null().alias("is_released"),
        _bar_labels(data).alias("bar_label"))
    data = _values(data)
    tips = [alt.Tooltip("title:N", title=t("field.deliverable", lang)),
            alt.Tooltip("chantier_name:N", title=t("field.chantier", lang)),
            alt.Tooltip("type_label:N", title=t("field.type", lang)),
            _date_tip("production_started_on", lang, "field.production_started_on"),
            _date_tip("released_on", lang, "field.released_on")]
    base = alt.Chart(data).encode(y=alt.Y("bar_label:N", title=None, sort=alt.EncodingSortField("bar_start"),
                                          axis=alt.Axis(labelLimit=380)))
    bars = base.mark_bar(height=14, cornerRadius=2).encode(
        x=alt.X("bar_start:T", axis=_date_axis(lang)), x2=alt.X2("bar_end:T"),
        color=_vocabulary_color("type_label", "deliverable_type", lang, data["type_label"].unique().to_list(),
                                t("field.type", lang)),
        opacity=alt.condition("datum.is_released", alt.value(1.0), alt.value(0.35)), tooltip=tips)
    marks = base.transform_filter("datum.is_released").mark_point(shape="diamond", size=120, filled=True,
                                                                   color="black").encode(x=alt.X("released_on:T", title=t("field.date", lang)), tooltip=tips)
    chart = (bars + marks).properties(title=_title("chart.timeline.title", lang), height=alt.Step(26))
    return _finish(chart, lang)


def reach_by(rows: pl.DataFrame, by: str, lang: str) -> alt.TopLevelMixin:
    """Reach (views, downloads, participants) by channel or region (horizontal bars, labelled)."""
    vocabulary = "channel" if by == "channel" else "region"
    reach = rows.filter(pl.col("metric").is_in(REACH_METRICS))
    unspecified = reach.filter(pl.col(by) == "unspecified")["value"].sum()
    data = _labelled(reach.filter(pl.col(by) != "unspecified").group_by(by).agg(pl.col("value").sum()),
                     by, vocabulary, lang, "group_label")
    group_title = t(f"field.{by}", lang)
    base = alt.Chart(data, title=_title(f"chart.reach_{by}.title", lang, unspecified=number(unspecified, lang))).encode(
        y=alt.Y("group_label:N", title=None, sort="-x"),
        x=alt.X("value:Q", title=t("field.reach", lang), axis=alt.Axis(format=",.0f")),
        tooltip=[alt.Tooltip("group_label:N", title=group_title),
                 alt.Tooltip("value:Q", title=t("field.reach", lang), format=",.0f")])
    chart = base.mark_bar(color=OKABE_ITO[0]) + base.mark_text(align="left", dx=4, fontSize=12).encode(
        text=alt.Text("value:Q", format=",.0f"))
    return _finish(chart.properties(height=alt.Step(30)), lang)


# Reach over this many calendar months or more is drawn by year: 17 years of months (at a funder's
# scale) were 200 bars a few pixels wide, too thin to read.
MAX_MONTH_BARS = 72


def reach_by_month(rows: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Reach by month (by year over MAX_MONTH_BARS months or more), stacked by metric (views,
    downloads, participants)."""
    reach = rows.filter(pl.col("metric").is_in(REACH_METRICS))
    first, last = reach.select(pl.col("month_on").min().alias("first"), pl.col("month_on").max().alias("last")).row(0)
    months = 0 if first is None else (last.year - first.year) * 12 + last.month - first.month + 1
    colors = {"views": OKABE_ITO[0], "downloads": OKABE_ITO[1], "participants": OKABE_ITO[2]}
    metric = alt.Color("metric_label:N", title=t("field.metric", lang), scale=_scale(colors, "metric", lang))
    value = alt.Y("value:Q", title=t("field.reach", lang), axis=alt.Axis(format=",.0f"))
    tips = [alt.Tooltip("metric_label:N", title=t("field.metric", lang)),
            alt.Tooltip("value:Q", title=t("field.value", lang), format=",.0f")]
    if months < MAX_MONTH_BARS:
        data = _values(_labelled(reach.group_by("month_on", "metric").agg(pl.col("value").sum()), "metric", "metric",
                                 lang))
        chart = alt.Chart(data, title=_title("chart.reach_month.title", lang)).mark_bar().encode(
            x=alt.X("yearmonth(month_on):T", axis=_date_axis(lang, "field.month"), scale=alt.Scale(padding=10)),
            y=value, color=metric,
            tooltip=[alt.Tooltip("yearmonth(month_on):T", title=t("field.month", lang), format="%B %Y"), *tips])
        return _finish(chart.properties(height=HEIGHT), lang)
    # Years are bands, each labelled under its bar, every year from the first to the last (one
    # without follow-ups is a gap, not left out); the first and last may be partial: the subtitle says.
    data = _labelled(reach.group_by(pl.col("month_on").dt.year().alias("year"), "metric").agg(pl.col("value").sum()),
                     "metric", "metric", lang)
    years = list(range(first.year, last.year + 1))
    chart = alt.Chart(data, title=_title("chart.reach_year.title", lang, start=date(first, lang, "month"),
                                         end=date(last, lang, "month"))).mark_bar().encode(
        x=alt.X("year:O", axis=alt.Axis(title=t("field.year", lang), labelAngle=0), scale=alt.Scale(domain=years)),
        y=value, color=metric, tooltip=[alt.Tooltip("year:O", title=t("field.year", lang)), *tips])
    return _finish(chart.properties(height=HEIGHT), lang)


def uptake_funnel(steps: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Reach, reported uses, satisfied respondents, adaptations: each step a labelled bar."""
    data = _labelled(steps, "step", "funnel_step", lang)
    base = alt.Chart(data, title=_title("chart.funnel.title", lang)).encode(
        y=alt.Y("step_label:N", title=None, sort=data.sort("order")["step_label"].to_list()),
        x=alt.X("value:Q", title=t("field.count", lang), scale=alt.Scale(type="symlog"),
                axis=alt.Axis(format=",.0f", values=[0, 10, 100, 1000, 10000, 100000])),
        tooltip=[alt.Tooltip("step_label:N", title=t("field.step", lang)),
                 alt.Tooltip("value:Q", title=t("field.count", lang), format=",.0f")])
    bars = base.mark_bar().encode(color=alt.Color("step_label:N", legend=None, scale=_scale(STEP_COLORS, "funnel_step", lang)))
    text = base.mark_text(align="left", dx=4, fontSize=13, fontWeight="bold").encode(text=alt.Text("value:Q", format=",.0f"))
    return _finish((bars + text).properties(height=alt.Step(40)), lang)


def followups_of(rows: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """One deliverable's follow-up figures by month and metric."""
    data = _values(_labelled(rows.group_by("month_on", "metric").agg(pl.col("value").sum()), "metric", "metric", lang))
    chart = alt.Chart(data, title=_title("chart.followups.title", lang)).mark_line(point=True).encode(
        x=alt.X("month_on:T", axis=alt.Axis(title=t("field.month", lang), format=MONTH_FORMAT[lang], labelAngle=0,
                                            tickCount={"interval": "month", "step": 1})),
        y=alt.Y("value:Q", title=t("field.value", lang), axis=alt.Axis(format=",.0f")),
        color=_vocabulary_color("metric_label", "metric", lang, data["metric_label"].unique().to_list(),
                                t("field.metric", lang)),
        tooltip=[alt.Tooltip("month_on:T", title=t("field.month", lang), format="%B %Y"),
                 alt.Tooltip("metric_label:N", title=t("field.metric", lang)),
                 alt.Tooltip("value:Q", title=t("field.value", lang), format=",.0f")])
    return _finish(chart.properties(height=260), lang)


# --- surveys -------------------------------------------------------------------------------------

WAVE_SEPARATOR = " · "  # between a wave's title and its date and chantier (app_pages/surveys.py)


def likert(long: pl.DataFrame, row: str, title_key: str, lang: str, waves: bool = False,
           **title_values: object) -> alt.TopLevelMixin:
    """Diverging stacked bars of Likert answers: disagreement left of zero, agreement right; n shown.

    `waves`: the rows are waves ("title · date — chantier", WAVE_SEPARATOR), each on two lines: the title,
    then its date and chantier (split at the last separator: a title may hold one too)."""
    data = long.with_columns(
        pl.col("score").map_elements(lambda s: label("likert", str(s), lang), return_dtype=pl.String).alias("score_label"),
        (pl.col(row).cast(pl.String) + " (n = " + pl.col("n").cast(pl.String) + ")").alias("row_label"))
    domain = [label("likert", str(s), lang) for s in range(1, 6)]
    # Waves in the order they were run; a survey's questions in their order.
    by = ["fielded_on", "survey_id"] if waves else ["survey_id", "question_id"]
    order = data.sort(by, nulls_last=True)["row_label"].unique(maintain_order=True).to_list()
    chart = alt.Chart(_values(data), title=_title(title_key, lang, **title_values)).mark_bar().encode(
        y=alt.Y("row_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=420, labelExpr=(
            f"lastindexof(datum.label, '{WAVE_SEPARATOR}') < 0 ? datum.label : "
            f"[slice(datum.label, 0, lastindexof(datum.label, '{WAVE_SEPARATOR}')), "
            f"slice(datum.label, lastindexof(datum.label, '{WAVE_SEPARATOR}') + {len(WAVE_SEPARATOR)})]")
            if waves else alt.Undefined)),
        x=alt.X("start:Q", title=t("field.share_answers", lang), axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[-1, 1])),
        x2="end:Q",
        color=alt.Color("score_label:N", title=t("field.answer", lang),
                        scale=alt.Scale(domain=domain, range=LIKERT_COLORS), sort=domain,
                        legend=alt.Legend(columns=3, labelLimit=300)),
        tooltip=[alt.Tooltip("row_label:N", title=t("field.question", lang)),
                 alt.Tooltip("score_label:N", title=t("field.answer", lang)),
                 alt.Tooltip("count:Q", title=t("field.count", lang)),
                 alt.Tooltip("share:Q", title=t("field.share_answers", lang), format=".0%")])
    zero = alt.Chart(pl.DataFrame({"x": [0.0]})).mark_rule(color="#333333").encode(x="x:Q")
    return _finish((chart + zero).properties(height=alt.Step(36)), lang)


# --- data quality --------------------------------------------------------------------------------

def rows_by_source(freshness: pl.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Rows held, waiting in quarantine and rejected, per source (grouped bars, log-like scale)."""
    long = freshness.select("source", "n_rows", "n_quarantined", "n_rejects").unpivot(
        index="source", variable_name="measure", value_name="n")
    data = _labelled(_labelled(long, "measure", "quality_measure", lang), "source", "source", lang)
    colors = {"n_rows": OKABE_ITO[0], "n_quarantined": OKABE_ITO[1], "n_rejects": OKABE_ITO[5]}
    chart = alt.Chart(data, title=_title("chart.sources.title", lang)).mark_bar().encode(
        y=alt.Y("source_label:N", title=None, sort=None),
        yOffset=alt.YOffset("measure_label:N"),
        x=alt.X("n:Q", title=t("field.rows", lang), scale=alt.Scale(type="symlog"),
                axis=alt.Axis(format=",.0f", values=[0, 10, 100, 1000, 10000, 100000])),
        color=alt.Color("measure_label:N", title=None, scale=_scale(colors, "quality_measure", lang)),
        tooltip=[alt.Tooltip("source_label:N", title=t("field.source", lang)),
                 alt.Tooltip("measure_label:N", title=" "), alt.Tooltip("n:Q", title=t("field.rows", lang), format=",.0f")])
    return _finish(chart.properties(height=alt.Step(9)), lang)
