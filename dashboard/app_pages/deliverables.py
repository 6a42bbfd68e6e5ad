"""Livrables et appropriation: from production to release, reach by channel, region and month,
the uptake funnel, and each deliverable's detail with its follow-ups."""

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

ui.chart_block(charts.deliverable_timeline(frame, state.as_of(f), lang), frame.select(
    "title", "chantier_name", "type", "production_started_on", "released_on"), "deliverable_timeline", lang,
    deliverables)

diffusion = queries.diffusion(f)
rows = diffusion.frame
st.subheader(t("page.deliverables.reach", lang))
if f.regions:
    st.caption(t("filters.region_note", lang))
if rows.is_empty():
    ui.no_data(lang)
else:
    left, right = st.columns(2)
    with left:
        ui.chart_block(charts.reach_by(rows, "channel", lang), rows.group_by("channel", "metric").agg(
            pl.col("value").sum()).sort("channel"), "reach_by_channel", lang, diffusion)
    with right:
        ui.chart_block(charts.reach_by(rows, "region", lang), rows.group_by("region", "metric").agg(
            pl.col("value").sum()).sort("region"), "reach_by_region", lang, diffusion)
    ui.chart_block(charts.reach_by_month(rows, lang), rows.group_by("month_on", "metric").agg(
        pl.col("value").sum()).sort("month_on"), "reach_by_month", lang, diffusion)

st.subheader(t("page.deliverables.funnel", lang))
steps = metrics.funnel(frame)
ui.chart_block(charts.uptake_funnel(steps, lang), steps.drop("order"), "uptake_funnel", lang, deliverables)
st.caption(t("page.deliverables.funnel_note", lang))

st.subheader(t("page.deliverables.detail", lang))
titles = dict(zip(frame["deliverable_id"], frame["title"]))
chosen = st.selectbox(t("page.deliverables.pick", lang), list(titles), format_func=lambda d: titles[d],
                      key="d_deliverable")
item = frame.filter(pl.col("deliverable_id") == chosen).row(0, named=True)
ui.metrics([
    (t("field.type", lang), label("deliverable_type", item["type"], lang)),
    (t("field.production_started_on", lang), date(item["production_started_on"], lang, "short")),
    (t("field.released_on", lang),
     date(item["released_on"], lang, "short") if item["released_on"] else t("deliverable.not_released", lang)),
    (t("field.reach", lang), number(item["reach"], lang)),
    (t("field.uses_reported", lang), number(item["uses_reported"], lang)),
    (t("field.satisfaction_mean", lang),
     number(item["satisfaction_mean"], lang, 1) + (f" / 5 (n = {item['n_satisfaction']})" if item["satisfaction_mean"] is not None else "")),
], per_row=3)
own = rows.filter(pl.col("deliverable_id") == chosen) if not rows.is_empty() else rows
if own.is_empty():
    st.info(t("deliverable.no_followup", lang), icon=":material/info:")
else:
    ui.chart_block(charts.followups_of(own, lang), own.select("month_on", "channel", "region", "metric", "value"),
                   "followups", lang, diffusion)
