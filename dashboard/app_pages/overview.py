"""Vue d'ensemble: headline figures, each chantier at a glance, and its health flags."""

import polars as pl
import streamlit as st

from dashboard import charts, health, metrics, queries, state
from dashboard import components as ui
from dashboard.i18n import date, number, t

lang, f = state.lang(), state.filters()
as_of = state.as_of(f)


def threshold_settings() -> None:
    """The flags' thresholds, kept in session state (read by `state.thresholds`)."""
    defaults = health.Thresholds()
    inputs = [  # (key, label, min, max, step, default)
        ("th_attendance_share_pct", "attendance_share", 0, 100, 5, round(defaults.attendance_share * 100)),
        ("th_min_present", "min_present", 0, 100, 1, defaults.min_present),
        ("th_consecutive", "consecutive", 1, 20, 1, defaults.consecutive),
        ("th_reflection_share_pct", "reflection_share", 0, 100, 5, round(defaults.reflection_share * 100)),
        ("th_reflection_consecutive", "reflection_consecutive", 1, 20, 1, defaults.reflection_consecutive),
        ("th_grace_days", "grace_days", 0, 3650, 30, defaults.grace_days),
        ("th_inactive_months", "inactive_months", 1, 36, 1, defaults.inactive_months),
        ("th_followup_months", "followup_months", 1, 36, 1, defaults.followup_months),
    ]
    with st.expander(t("health.settings", lang), icon=":material/tune:"):
        columns = st.columns(4)
        for i, (key, name, low, high, step, default) in enumerate(inputs):
            st.session_state.setdefault(key, default)
            columns[i % 4].number_input(t(f"health.th.{name}", lang), low, high, step=step, key=key)


st.title(t("page.overview.title", lang))
st.caption(t("page.overview.intro", lang, as_of=date(as_of, lang)))

# --- headline figures --------------------------------------------------------------------------
head = queries.headline(f)
per_chantier = head.frame
members = queries.member_count(f).frame["n_members"][0]
ui.metrics([
    (t("kpi.active_chantiers", lang), number((per_chantier["n_meetings"] > 0).sum(), lang)),
    (t("kpi.members", lang), number(members, lang)),
    (t("kpi.meetings", lang), number(per_chantier["n_meetings"].sum(), lang)),
    (t("kpi.hours", lang), number(per_chantier["hours"].sum(), lang, 1)),
    (t("kpi.deliverables", lang), number(per_chantier["n_deliverables_released"].sum(), lang)),
    (t("kpi.reach", lang), number(per_chantier["reach"].sum(), lang)),
], per_row=3)

if per_chantier.is_empty():
    ui.no_data(lang)
    st.stop()

# --- each chantier's figures -------------------------------------------------------------------
def per_chantier_table(rows: pl.DataFrame) -> pl.DataFrame:
    """The rows shown, formatted in the current language (only these rows are formatted)."""
    return rows.select(
        pl.col("name").alias(t("field.chantier", lang)),
        pl.col("n_meetings").alias(t("field.meetings", lang)),
        pl.col("hours").alias(t("field.hours", lang)),
        pl.col("n_members").alias(t("field.n_members", lang)),
        pl.col("n_active_members").alias(t("field.n_active_members", lang)),
        pl.col("n_deliverables_released").alias(t("field.n_deliverables_released", lang)),
        pl.col("reach").alias(t("field.reach", lang)),
        pl.col("last_meeting_on").map_elements(lambda v: date(v, lang), return_dtype=pl.String)
        .alias(t("field.last_meeting_on", lang)),
    )


st.subheader(t("page.overview.per_chantier", lang))
# At scale, the most active chantiers first; the rest are in the download.
ui.big_table(per_chantier.sort("n_meetings", "name", descending=[True, False], nulls_last=True)
             if per_chantier.height > metrics.MAX_TABLE_ROWS else per_chantier,
             lang, "per_chantier", show=per_chantier_table, kinds={t("field.hours", lang): "decimal:1"},
             download=per_chantier.select("name", "n_meetings", "hours", "n_members", "n_active_members",
                                          "n_deliverables_released", "reach", "last_meeting_on"))

# --- health at a glance ------------------------------------------------------------------------
st.subheader(t("health.header", lang))
th = state.thresholds()
flags = health.all_flags(queries.meeting_health(f).frame, per_chantier, queries.deliverable_followups(f).frame,
                         as_of, th)
marks = {"active": t("health.active", lang), "past": t("health.past", lang), "": t("health.ok", lang)}
health_rows = health.health_table(per_chantier, flags)
if health_rows.height > metrics.MAX_TABLE_ROWS:  # at scale, what needs attention first
    rank = {"active": 0, "past": 1, "": 2}
    health_rows = health_rows.sort(
        pl.min_horizontal(*[pl.col(k).replace_strict(rank, default=2, return_dtype=pl.Int8) for k in health.FLAGS]),
        pl.sum_horizontal(*[(pl.col(k) == "active").cast(pl.Int8) for k in health.FLAGS]).neg(), "name")


def health_marks(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.select(
        pl.col("name").alias(t("field.chantier", lang)),
        *[pl.col(k).replace_strict(marks, default="").alias(t(f"health.flag.{k}", lang)) for k in health.FLAGS])


ui.big_table(health_rows, lang, "health", show=health_marks, download=health_marks(health_rows))
st.caption(t("health.legend", lang))
threshold_settings()

active = [fl for fl in flags if fl.status == "active"]
names = dict(zip(per_chantier["chantier_id"], per_chantier["name"]))
if not active:
    st.success(t("health.none_active", lang), icon=":material/check_circle:")
# The first few (more of them for chantiers picked in the filter, whose "Select all" picks them all);
# the table holds the rest.
shown_flags = active[:metrics.MAX_CHOSEN if f.chantier_ids else metrics.MAX_FLAGS]
for fl in shown_flags:
    st.warning(t(f"health.detail.{fl.kind}", lang, chantier=names.get(fl.chantier_id, fl.chantier_id),
                 since=date(fl.since, lang), count=fl.count, subject=fl.subject,
                 share=round(th.attendance_share * 100), min_present=th.min_present, n=th.consecutive,
                 reflection=round(th.reflection_share * 100), n_reflection=th.reflection_consecutive,
                 months=th.inactive_months, followup=th.followup_months), icon=":material/warning:")
if len(shown_flags) < len(active):
    st.caption(t("health.more_active", lang, n=number(len(active) - len(shown_flags), lang)))

charted = metrics.chantiers_to_chart(per_chantier.select("chantier_id", pl.col("name").alias("chantier_name"),
                                                         "n_meetings"), f.chantier_ids)
hours = charted.keep(per_chantier)
ui.chart_block(charts.hours_by_chantier(hours, lang), hours.select(
    "name", "n_meetings", "hours", "n_members", "n_active_members", "n_deliverables_released", "reach"),
    "hours_by_chantier", lang, head, charted=charted)
