"""Réflexion et production: agenda minutes by kind at each meeting, the cumulative share,
by stage, chantiers compared, and when each chantier turned from reflection to production."""

import polars as pl
import streamlit as st

from dashboard import charts, metrics, queries, state
from dashboard import components as ui
from dashboard.i18n import date, t

lang, f = state.lang(), state.filters()
names = state.chantier_names(f)

st.title(t("page.reflection.title", lang))
st.caption(t("page.reflection.intro", lang))

# "All chantiers" at scale: the per-chantier figures are those of the most active ones, and only
# their meetings are fetched; the stages compare all of them, summed in SQL.
activity = queries.chantier_activity(f).frame
with_agenda = activity.filter(pl.col("n_with_agenda") > 0)  # the chantiers with agenda minutes
if with_agenda.is_empty():
    ui.no_data(lang)
    st.stop()

# Ranked among the chantiers with agenda minutes (the others have nothing to draw). The turning points
# are told for every chantier picked; the chart tells them apart by colour, so it draws at most as
# many as there are colours (`coloured`).
charted = metrics.chantiers_to_chart(with_agenda, f.chantier_ids)
coloured = metrics.chantiers_to_chart(with_agenda, f.chantier_ids, chosen_limit=metrics.MAX_CHANTIERS)
names = coloured.names(names, with_agenda)
meetings = queries.meetings(f.on_chantiers(charted.ids))
charted_agenda = meetings.frame.filter(pl.col("agenda_minutes") > 0)
turning = metrics.turning_points(charted_agenda)
st.subheader(t("page.reflection.turning", lang))
if turning.is_empty():
    st.info(t("page.reflection.no_turning", lang))
else:
    for row in turning.iter_rows(named=True):
        st.markdown(t("page.reflection.turned", lang, chantier=row["chantier_name"], seq=row["meeting_seq"],
                      date=date(row["held_on"], lang)))
never = sorted(set(charted_agenda["chantier_name"]) - set(turning["chantier_name"]))
if never:
    st.markdown(t("page.reflection.never", lang, chantiers=", ".join(never)))

coloured_agenda = coloured.keep(charted_agenda)
ui.chart_block(charts.cumulative_production(coloured_agenda, coloured.keep(turning), lang, names),
               coloured_agenda.select("chantier_name", "held_on", "meeting_seq", "cum_reflection_minutes",
                                      "cum_production_minutes", "cum_production_share"),
               "cumulative_production", lang, meetings, charted=coloured)

st.subheader(t("page.reflection.by_meeting", lang))
chantier_ids = with_agenda["chantier_id"].to_list()
label_of = dict(zip(with_agenda["chantier_id"], with_agenda["chantier_name"]))
chosen = st.selectbox(t("page.reflection.pick_chantier", lang), chantier_ids, key="r_chantier",
                      format_func=lambda c: label_of.get(c, c))
chosen_meetings = meetings if charted.ids is None or chosen in charted.ids else queries.meetings(
    f.on_chantiers((chosen,)))
long = metrics.minutes_by_kind(chosen_meetings.frame.filter(pl.col("chantier_id") == chosen))
ui.chart_block(charts.minutes_by_meeting(long, lang), long.select(
    pl.lit(label_of.get(chosen, chosen)).alias("chantier_name"),
    "meeting_seq", "held_on", "stage", "kind", "minutes"), "minutes_by_meeting", lang, chosen_meetings)

st.subheader(t("page.reflection.compared", lang))
stages = queries.minutes_by_stage(f)
by_stage = metrics.shares(stages.frame, "stage")
ui.chart_block(charts.share_bars(by_stage, "stage", "chart.by_stage.title", lang),
               by_stage.select("stage", "kind", "minutes", "share"), "share_by_stage", lang, stages)
by_chantier = metrics.share_by_group(charted_agenda, "chantier_name")
ui.chart_block(charts.share_bars(by_chantier, "chantier_name", "chart.by_chantier.title", lang),
               by_chantier.select("chantier_name", "kind", "minutes", "share"), "share_by_chantier", lang, meetings,
               charted=charted)
