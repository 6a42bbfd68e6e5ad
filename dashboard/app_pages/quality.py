"""Qualité des données: each source's freshness, the ledger of loads, and the rows to fix
(rejects, quarantine, warnings) with their reasons, so a file can be fixed without the command line."""

import polars as pl
import streamlit as st

from dashboard import charts, metrics, queries, state
from dashboard import components as ui
from dashboard.i18n import date, label, number, t

lang = state.lang()
message = "message_en" if lang == "en" else "message_fr"
reason = "reason_en" if lang == "en" else "reason_fr"

st.title(t("page.quality.title", lang))
st.caption(t("page.quality.intro", lang))

fresh = queries.freshness()
frame = fresh.frame
# At scale the lists hold tens of thousands of rows: the page fetches the ones it shows and counts
# the rest; a download fetches them all when clicked.
limit = metrics.MAX_TABLE_ROWS
counts = queries.rows_to_fix_counts().frame.row(0, named=True)
ui.metrics([
    (t("kpi.rows", lang), number(frame["n_rows"].sum(), lang)),
    (t("kpi.rejects", lang), number(counts["n_rejected_rows"], lang)),
    (t("kpi.quarantine", lang), number(counts["n_quarantined"], lang)),
    (t("kpi.warnings", lang), number(counts["n_warnings"], lang)),
])

st.subheader(t("page.quality.freshness", lang))
shown = frame.select(
    pl.col("source").map_elements(lambda s: label("source", s, lang), return_dtype=pl.String).alias("source"),
    "n_rows", "n_quarantined", "n_rejects", "n_warnings", "n_files", "last_file_name",
    pl.col("last_loaded_at").map_elements(lambda d: date(d, lang), return_dtype=pl.String).alias("last_loaded_at"),
    "days_since_load")
ui.table(shown, lang)
ui.chart_block(charts.rows_by_source(frame, lang), frame.select("source", "n_rows", "n_quarantined", "n_rejects"),
               "rows_by_source", lang, fresh)


def rows_to_fix(shown: queries.Result, columns: list[str], name: str, empty_key: str, total: int | None = None,
                everything=None) -> None:
    """A table of rows to fix in the current language, with downloads and the SQL behind it.

    `shown` holds the rows, or their first `limit` when `total` counts them all: `everything()`
    then returns them all, called only when a download is clicked."""
    total = shown.frame.height if total is None else total
    if not total:
        st.success(t(empty_key, lang), icon=":material/check_circle:")
        return
    ui.big_table(shown.frame.select(columns), lang, limit=limit, total=total)  # at most `limit` rows on screen
    ui.download_buttons(shown.frame.select(columns) if everything is None
                        else lambda: everything().frame.select(columns), name, lang)
    ui.sql_block(shown, lang, name)


st.subheader(t("page.quality.rejects", lang))
st.caption(t("page.quality.rejects_note", lang))
rows_to_fix(queries.rejects(limit), ["file_name", "sheet", "row_number", "column_name", "value", message], "rejects",
            "page.quality.no_rejects", counts["n_rejects"], queries.rejects)

st.subheader(t("page.quality.quarantine", lang))
st.caption(t("page.quality.quarantine_note", lang))
rows_to_fix(queries.quarantine(limit), ["source", "file_name", "row_number", "record_key", reason], "quarantine",
            "page.quality.no_quarantine", counts["n_quarantined"], queries.quarantine)

st.subheader(t("page.quality.warnings", lang))
st.caption(t("page.quality.warnings_note", lang))
rows_to_fix(queries.warnings(limit), ["file_name", "sheet", "row_number", "column_name", "value", message], "warnings",
            "page.quality.no_warnings", counts["n_warnings"], queries.warnings)

st.subheader(t("page.quality.ledger", lang))
ledger = queries.ledger()
statuses = {s: label("file_status", s, lang) for s in ["loaded", "unchanged", "refused"]}
rows_to_fix(queries.Result(ledger.frame.with_columns(pl.col("status").replace(statuses).alias("file_status")),
                          ledger.sql), ["batch_id", "file_name", "sheet", "source", "file_status", "rows_read", "accepted", "rejected",
             "quarantined", message], "ledger", "page.quality.no_ledger")
