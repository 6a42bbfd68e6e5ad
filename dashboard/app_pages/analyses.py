"""Analyses: every mart of sql/marts/ (the product's public ones and those an analyst adds) as a table,
with its grain, the filters that apply to it, its downloads and its SQL. A mart added to sql/marts/
shows here after its build, with no code to write."""

import re

import polars as pl
import streamlit as st

from dashboard import export, metrics, queries, state
from dashboard import components as ui
from dashboard.i18n import number, t
from warehouse.models import model_sql

lang, f = state.lang(), state.filters()

st.title(t("page.analyses.title", lang))
st.caption(t("page.analyses.intro", lang))

columns = queries.analysis_marts().frame
if columns.is_empty():
    st.info(t("page.analyses.none", lang), icon=":material/info:")
    st.stop()
marts = columns["mart"].unique(maintain_order=True).to_list()


def grain(text: str | None) -> str | None:
    """The mart's grain as its file states it (`Grain: chantier_id`); the whole opening comment is
    under "see the SQL"."""
    found = re.search(r"^--.*\bGrain:\s*(.+)$", text or "", re.MULTILINE)
    return found.group(1).strip() if found else None


def reads_personal(text: str | None) -> bool:
    """Whether the mart's SQL names a personal column (the contract's, open answers, member labels), or
    it has no file in sql/marts/ to tell."""
    if text is None:
        return True
    code = "\n".join(line.split("--", 1)[0] for line in text.splitlines())  # comments aside
    return any(re.search(rf"\b{re.escape(column)}\b", code, re.IGNORECASE) for column in export.PERSONAL_COLUMNS)


mart = st.selectbox(t("page.analyses.pick", lang), marts, key="an_mart", format_func=lambda m: f"marts.{m}")
try:
    text = model_sql(f"marts.{mart}")
except KeyError:  # a table with no file in sql/ (made by hand)
    text = None
stated = grain(text)
st.caption(t("page.analyses.grain", lang, grain=stated) if stated else t("page.analyses.no_grain", lang))

types = dict(columns.filter(pl.col("mart") == mart).select("column_name", "data_type").iter_rows())
applies = queries.MartFilters.of(types)
used = [t(f"page.analyses.filter_{what}", lang, column=column)
        for what, column in (("chantier", applies.chantier), ("period", applies.on or applies.month),
                             ("region", applies.region)) if column]
notes = [t("page.analyses.filters", lang, filters=", ".join(used)) if used else t("page.analyses.no_filter", lang)]
if not (applies.on or applies.month):
    notes.append(t("page.analyses.no_period", lang, dates=", ".join(queries.EVENT_DATES)))
st.caption(" ".join(notes))

limit = metrics.MAX_TABLE_ROWS
total = queries.mart_count(mart, f, applies)
shown = queries.mart_rows(mart, f, applies, limit)
if not total:
    ui.no_data(lang)
    st.stop()
st.caption(t("page.analyses.rows", lang, n=number(total, lang)))
# Columns and codes as the mart holds them, as its SQL names them: the product's words fit its own
# tables (`kind` of an agenda item is not a chantier's kind), not an analyst's.
ui.big_table(shown.frame, lang, total=total, limit=limit, show=lambda rows: rows.with_columns(
    pl.col(c).dt.to_string("%Y-%m-%d") for c, dtype in rows.schema.items() if dtype == pl.Date))
# Downloads hold every row the filters keep (fetched when clicked), without personal columns. A mart
# whose SQL reads a personal column may carry it under any name (`full_name AS membre`), and a table
# made by hand has no SQL to read: neither is offered for download.
if reads_personal(text):
    st.info(t("page.analyses.no_download", lang, columns=", ".join(sorted(export.PERSONAL_COLUMNS))),
            icon=":material/lock:")
else:
    ui.download_buttons(lambda: queries.mart_rows(mart, f, applies).frame, "analysis", lang, stem=mart,
                        as_in_mart=True)
ui.sql_block(shown, lang, "analysis")
