"""Qualité des données: each source's freshness, the ledger of loads, and the rows to fix
(rejects, quarantine, warnings) with their reasons, so a file can be fixed without the command line."""

import polars as pl
import streamlit as st

from dashboard import charts, queries, state
from dashboard import components as ui
from dashboard.i18n import date, label, number, t

lang = state.lang()
message = "message_en" if lang == "en" else "message_fr"
reason = "reason_en" if lang == "en" else "reason_fr"

st.title(t("page.quality.title", lang))
st.caption(t("page.quality.intro", lang))

fresh = queries.freshness()
frame = fresh.frame
rejects, waiting, warnings = queries.rejects(), queries.quarantine(), queries.warnings()
ui.metrics([
    (t("kpi.rows", lang), number(frame["n_rows"].sum(), lang)),
    (t("kpi.rejects", lang), number(rejects.frame.height, lang)),
    (t("kpi.quarantine", lang), number(waiting.frame.height, lang)),
    (t("kpi.warnings", lang), number(warnings.frame.height, lang)),
])

st.subheader(t("page.quality.freshness", lang))
shown = frame.select(
    pl.col("source").map_elements(lambda s: label("source", s, lang), return_dtype=pl.String).alias("source"),
    "n_rows", "n_quarantined", "n_rejects", "n_warnings", "n_files", "last_file_name",
    pl.col("last_loaded_at").map_elements(lambda d: date(d, lang), return_dtype=pl.String).alias("last_loaded_at"),
    "days_since_load")
st.dataframe(ui.translated(shown, lang), hide_index=True, width="stretch")
ui.chart_block(charts.rows_by_source(frame, lang), frame.select("source", "n_rows", "n_quarantined", "n_rejects"),
               "rows_by_source", lang, fresh)


def rows_to_fix(result: queries.Result, columns: list[str], name: str, empty_key: str) -> None:
    """A table of rows to fix in the current language, with downloads and the SQL behind it."""
    if result.frame.is_empty():
        st.success(t(empty_key, lang), icon=":material/check_circle:")
        return
    frame = result.frame.select(columns)
    ui.big_table(frame, lang)  # at most MAX_TABLE_ROWS on screen (translated), all of them downloaded
    ui.download_buttons(frame, name, lang)
    ui.sql_block(result, lang, name)


st.subheader(t("page.quality.rejects", lang))
st.caption(t("page.quality.rejects_note", lang))
rows_to_fix(rejects, ["file_name", "sheet", "row_number", "column_name", "value", message], "rejects",
            "page.quality.no_rejects")

st.subheader(t("page.quality.quarantine", lang))
st.caption(t("page.quality.quarantine_note", lang))
rows_to_fix(waiting, ["source", "file_name", "row_number", "record_key", reason], "quarantine",
            "page.quality.no_quarantine")

st.subheader(t("page.quality.warnings", lang))
st.caption(t("page.quality.warnings_note", lang))
rows_to_fix(warnings, ["file_name", "sheet", "row_number", "column_name", "value", message], "warnings",
            "page.quality.no_warnings")

st.subheader(t("page.quality.ledger", lang))
ledger = queries.ledger()
statuses = {s: label("file_status", s, lang) for s in ["loaded", "unchanged", "refused"]}
rows_to_fix(queries.Result(ledger.frame.with_columns(pl.col("status").replace(statuses).alias("file_status")),
                          ledger.sql), ["batch_id", "file_name", "sheet", "source", "file_status", "rows_read", "accepted", "rejected",
             "quarantined", message], "ledger", "page.quality.no_ledger")
