"""Participation: attendance against critical mass, arrivals and departures, founders,
core and periphery, diversity around the table, and the member by meeting grid."""

import polars as pl
import streamlit as st

from dashboard import charts, metrics, queries, state
from dashboard import components as ui
from dashboard.i18n import t

lang, f = state.lang(), state.filters()
names = state.chantier_names(f)
th = state.thresholds()

st.title(t("page.participation.title", lang))
st.caption(t("page.participation.intro", lang))

# "All chantiers" at scale: the per-chantier charts draw the most active ones (metrics.MAX_CHANTIERS),
# and only their rows are fetched.
activity = queries.chantier_activity(f).frame
if activity.is_empty():
    ui.no_data(lang)
    st.stop()
# Charts naming chantiers on an axis draw up to 30 chantiers picked; those telling them apart by colour
# at most as many as there are colours (`coloured`), chantiers with attendance recorded first (the
# others draw no attendance or diversity line, only their founders still members).
charted = metrics.chantiers_to_chart(activity, f.chantier_ids)
coloured = metrics.chantiers_to_chart(activity.with_columns((pl.col("n_with_attendance") > 0).alias("attended")),
                                      f.chantier_ids, chosen_limit=metrics.MAX_CHANTIERS, first="attended")
names = coloured.names(names, activity)
# Each set fetches its own rows: the meetings of the coloured chantiers (eight at most), the
# memberships of the charted ones.
coloured_f = f.on_chantiers(coloured.ids)
charted_f = f.on_chantiers(charted.ids)
meetings = queries.meetings(coloured_f)
coloured_meetings = meetings.frame

st.subheader(t("page.participation.attendance", lang))
ui.chart_block(charts.attendance_over_time(coloured_meetings, th.attendance_share, lang, names),
               coloured_meetings.select("chantier_name", "held_on", "has_attendance", "members_enrolled",
                                      "members_present", "attendance_rate"), "attendance_over_time", lang, meetings,
               charted=coloured)
st.caption(t("page.participation.attendance_note", lang))

st.subheader(t("page.participation.members", lang))
memberships = queries.memberships(charted_f)
charted_memberships = memberships.frame
events = metrics.membership_events(charted_memberships)
# Arrivals and departures in the period: a membership overlapping it may have begun years before.
if f.start is not None:
    events = events.filter(pl.col("on") >= f.start)
if f.end is not None:
    events = events.filter(pl.col("on") <= f.end)
ui.chart_block(charts.membership_timeline(events, lang), events, "membership_timeline", lang, memberships,
               charted=charted)
tiers = metrics.tier_counts(charted_memberships)
ui.chart_block(charts.participation_tiers(tiers, lang), tiers, "participation_tiers", lang, memberships,
               charted=charted)
st.caption(t("page.participation.tiers_note", lang))

retention = metrics.founder_retention(coloured_meetings)
ui.chart_block(charts.founder_retention(retention, lang, names), retention, "founder_retention", lang, meetings,
               charted=coloured)

st.subheader(t("page.participation.diversity", lang))
dimensions = ["function", "level", "region", "practice_field"]
dimension = st.segmented_control(t("page.participation.dimension", lang), dimensions, default="function",
                                 format_func=lambda d: t(f"dimension.{d}", lang), key="p_dimension") or "function"
diversity = queries.diversity(coloured_f, dimension)
div_rows = diversity.frame.join(coloured_meetings.select("meeting_id", "chantier_name"), on="meeting_id", how="inner")
ui.chart_block(charts.diversity_over_time(div_rows, dimension, lang, names),
               div_rows.select("chantier_name", "held_on", "n_present", "n_categories", "blau_index"),
               "diversity_over_time", lang, diversity, charted=coloured)
st.caption(t("page.participation.blau_note", lang))

chantiers = queries.chantiers().frame
# The chantiers that met in the period first, the most active on top (the default), then the others:
# at a funder's scale, the first chantier of the list may have ended years before the period.
met = activity.sort(["n_with_attendance", "n_meetings", "chantier_id"], descending=[True, True, False])["chantier_id"]
chosen_ids = [c for c in chantiers["chantier_id"].to_list() if not f.chantier_ids or c in f.chantier_ids]
allowed = set(chosen_ids)
chantier_options = list(dict.fromkeys([c for c in met.to_list() if c in allowed] + chosen_ids))
chantier_label = dict(zip(chantiers["chantier_id"], chantiers["name"]))
# A period changed on the page leaves a chantier picked earlier that did not meet in it (its charts would
# be empty): the picker moves to the most active one, as it opens. A chantier picked within a period stays.
met_here = allowed.intersection(met.to_list())
if st.session_state.get("p_period") != (f.start, f.end) and met_here and st.session_state.get("p_chantier") not in met_here:
    st.session_state["p_chantier"] = chantier_options[0]
st.session_state["p_period"] = (f.start, f.end)
chosen = st.selectbox(t("page.participation.pick_chantier", lang), chantier_options, key="p_chantier",
                      format_func=lambda c: chantier_label.get(c, c))
comp = queries.composition(f, dimension, chosen)
comp_rows = comp.frame
if comp_rows.is_empty():
    ui.no_data(lang)
else:
    # The categories as words, in the table and its downloads too (the chart writes them so).
    ui.chart_block(charts.composition(comp_rows, dimension, lang), comp_rows.select(
        pl.lit(chantier_label.get(chosen, chosen)).alias("chantier_name"),
        "held_on", pl.col("category").map_elements(lambda v: charts.category_label(v, dimension, lang),
                                                  return_dtype=pl.String),
        "n_present"), "composition", lang, comp)

st.subheader(t("page.participation.grid", lang))
st.caption(t("page.participation.grid_note", lang), help=t("privacy.personal", lang))
grid = queries.attendance_grid(f, chosen)
if grid.frame.is_empty():
    ui.no_data(lang)
else:
    # Names on screen for the coordinator; the downloads leave full_name out (export.public).
    ui.chart_block(charts.attendance_grid(grid.frame, lang), grid.frame.select(
        pl.lit(chantier_label.get(chosen, chosen)).alias("chantier_name"),
        "meeting_seq", "held_on", "member_id", "full_name", "status"), "attendance_grid", lang, grid)
