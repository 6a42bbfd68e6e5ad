"""Livrables et appropriation: from production to release, reach by channel, region and month,
the uptake funnel, and each deliverable's detail with its follow-ups."""

from collections import Counter

import polars as pl
import streamlit as st

from dashboard import charts, metrics, queries, state
from dashboard import components as ui
from dashboard.i18n import date, label, number, t

lang, f = state.lang(), state.filters()

st.title(t("page.deliverables.title", lang))
st.caption(t("page.deliverables.intro", lang))

deliverables = queries.deliverables(f)
frame = deliverables.frame
if frame.is_empty():
    ui.no_data(lang)
    st.stop()

# "All chantiers" at scale: the timeline (one bar per deliverable) draws the deliverables of the most
# active chantiers among those with deliverables (a chantier without meetings in the period ranks
# last), as the other per-chantier charts do; the funnel and the picker below count them all.
with_deliverables = frame.select("chantier_id", "chantier_name").unique()
activity = with_deliverables.join(queries.chantier_activity(f).frame.select("chantier_id", "n_meetings"),
                                  on="chantier_id", how="left")
charted = metrics.chantiers_to_chart(activity, f.chantier_ids)
timeline = charted.keep(frame)
ui.chart_block(charts.deliverable_timeline(timeline, state.as_of(f), lang), timeline.select(
    "title", "chantier_name", "type", "production_started_on", "released_on"), "deliverable_timeline", lang,
    deliverables, charted=charted)

# The reach is added up in SQL by channel, region and month; one deliverable's rows are read when chosen.
by_channel, by_region, by_month = (queries.diffusion_totals(f, by) for by in queries.DIFFUSION_GROUPS)
st.subheader(t("page.deliverables.reach", lang))
if f.regions:
    st.caption(t("filters.region_note", lang))
if by_channel.frame.is_empty():
    ui.no_data(lang)
else:
    left, right = st.columns(2)
    with left:
        ui.chart_block(charts.reach_by(by_channel.frame, "channel", lang), by_channel.frame, "reach_by_channel", lang,
                       by_channel)
    with right:
        ui.chart_block(charts.reach_by(by_region.frame, "region", lang), by_region.frame, "reach_by_region", lang,
                       by_region)
    ui.chart_block(charts.reach_by_month(by_month.frame, lang), by_month.frame, "reach_by_month", lang, by_month)

st.subheader(t("page.deliverables.funnel", lang))
steps = metrics.funnel(by_channel.frame, frame)
# Its SQL is the reach's (three steps of four); satisfied respondents are the listed deliverables'.
ui.chart_block(charts.uptake_funnel(steps, lang), steps.drop("order"), "uptake_funnel", lang, by_channel)
st.caption(t("page.deliverables.funnel_note", lang))

st.subheader(t("page.deliverables.detail", lang))
titles = dict(zip(frame["deliverable_id"], frame["title"]))
# At a funder's scale many deliverables share a title ("Guide pratique — …" seventy times): those are
# told apart by their code, as in the timeline above.
shared = {title for title, n in Counter(titles.values()).items() if n > 1}
titles = {d: f"{title} · {d}" if title in shared else title for d, title in titles.items()}
chosen = st.selectbox(t("page.deliverables.pick", lang), list(titles), format_func=lambda d: titles[d],
                      key="d_deliverable")
item = frame.filter(pl.col("deliverable_id") == chosen).row(0, named=True)
# Its follow-ups in the filters: the cards add up what the chart below draws.
own = queries.diffusion(f, chosen)
sums = metrics.followup_sums(own.frame)
ui.metrics([
    (t("field.type", lang), label("deliverable_type", item["type"], lang)),
    (t("field.production_started_on", lang), date(item["production_started_on"], lang, "short")),
    (t("field.released_on", lang),
     date(item["released_on"], lang, "short") if item["released_on"] else t("deliverable.not_released", lang)),
    (t("field.reach", lang), number(sums["reach"], lang)),
    (t("field.uses_reported", lang), number(sums["uses_reported"], lang)),
    (t("field.satisfaction_mean", lang),
     number(item["satisfaction_mean"], lang, 1) + (f" / 5 (n = {item['n_satisfaction']})" if item["satisfaction_mean"] is not None else "")),
], per_row=3)
if own.frame.is_empty():
    st.info(t("deliverable.no_followup", lang), icon=":material/info:")
else:
    # The deliverable named in the table and its downloads: a file read later says whose follow-ups they are.
    ui.chart_block(charts.followups_of(own.frame, lang), own.frame.select(
        pl.lit(chosen).alias("deliverable_id"), pl.lit(item["title"]).alias("title"),
        "month_on", "channel", "region", "metric", "value"), "followups", lang, own)
