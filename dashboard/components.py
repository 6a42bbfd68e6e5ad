"""Reusable pieces of the pages: a chart with its data, downloads and SQL; headline figures."""

from __future__ import annotations

import functools
from collections.abc import Callable

import polars as pl
import streamlit as st

from dashboard import export
from dashboard import metrics as limits  # `metrics` here is the headline figures' function
from dashboard.i18n import label, number, percent, t
from dashboard.labels import STRINGS
from dashboard.metrics import MAX_TABLE_ROWS, Charted
from dashboard.queries import Result
from warehouse.models import model_sql


def column_title(column: str, lang: str) -> str:
    """A column's header as users read it (field.<column> when translated, else the column)."""
    key = f"field.{column}"
    return t(key, lang) if key in STRINGS else column


# Columns holding vocabulary codes, shown as words in tables and downloads.
VALUE_VOCABULARY = {"kind": "kind", "status": "status", "channel": "channel", "metric": "metric",
                    "region": "region", "type": "deliverable_type", "event": "event", "tier": "tier",
                    "step": "funnel_step", "source": "source", "audience": "survey_audience"}


def on_screen(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """`translated`, with missing text and dates left blank: Streamlit writes an empty cell "None", in
    English (`dataframe` also draws any missing cell blank). Dates become ISO text (which sorts as they
    do). Numbers are left to `table`."""
    shown = translated(frame, lang)
    return shown.with_columns(
        (pl.col(c).dt.to_string("%Y-%m-%d") if dtype == pl.Date else pl.col(c).cast(pl.String)).fill_null("")
        for c, dtype in shown.schema.items() if dtype in (pl.String, pl.Date, pl.Null))


# Numbers in tables, as the page's language writes them (`1 824 957`, `0,83`, `83,3 %` in French).
# Columns that name or number something (a row, a meeting, a year) are not grouped: `ligne 33245`.
PLAIN_NUMBERS = {"row_number", "meeting_seq", "year"}
HOURS = {"hours"}  # shown with 1 decimal; other non-whole columns with 2, whole ones with none
# A table's own number formats (sprintf-js) group digits in any language but write a decimal point.
# Streamlit draws the exact French text (`83,3 %`) only from a pandas Styler, whose cost grows with
# the cells (10-30 µs each, text cells included): past this many cells, a French table's decimals
# and percents are written by the browser, in the browser's language (`Intl.NumberFormat`).
STYLED_CELLS = 2_000


def number_kind(column: str, dtype: pl.DataType) -> str | None:
    """How a column's numbers read: plain, count, share (a percent), decimal, or decimal:N (N decimals
    even when whole); None for other columns."""
    if not dtype.is_numeric():
        return None
    if column in PLAIN_NUMBERS:
        return "plain"
    if dtype.is_integer():
        return "count"
    if column == "share" or column.startswith("share_") or column.endswith(("_share", "_rate")):
        return "share"
    return "decimal:1" if column in HOURS else "decimal"


def table(frame: pl.DataFrame, lang: str) -> None:
    """`frame` (columns named as in the marts) on screen: `on_screen`, its numbers written in `lang`."""
    shown = on_screen(frame, lang)
    kinds = {title: number_kind(name, dtype) for name, title, dtype in zip(frame.columns, shown.columns, frame.dtypes)}
    dataframe(shown, lang, {c: k for c, k in kinds.items() if k})


def dataframe(shown: pl.DataFrame, lang: str, kinds: dict[str, str]) -> None:
    """st.dataframe of a table as shown, the columns in `kinds` (title -> `number_kind`) written in `lang`.

    The numbers stay numbers: a click on a header sorts them as numbers. A missing value is a blank
    cell (Streamlit would write "None", in English)."""
    if not kinds:
        st.dataframe(shown, hide_index=True, width="stretch", placeholder="")
        return
    shown = shown.with_columns(pl.col(pl.Decimal).cast(pl.Float64))  # DuckDB's DECIMAL (round(x, 2) and the like)
    decimals = {c: _decimals(shown.get_column(c), k) for c, k in kinds.items()}
    kinds = {c: k.partition(":")[0] for c, k in kinds.items()}
    # A French decimal comma is written by a Styler in a table of at most STYLED_CELLS cells, else by
    # the browser (see STYLED_CELLS).
    comma = lang == "fr" and any(k == "share" or (k == "decimal" and decimals[c]) for c, k in kinds.items())
    if comma and shown.height * shown.width <= STYLED_CELLS:
        formats = {c: functools.partial(_format_number, lang=lang, kind=k, decimals=decimals[c])
                   for c, k in kinds.items()}
        styled = shown.to_pandas().style.format(formats, na_rep="")
        st.dataframe(styled, hide_index=True, width="stretch", placeholder="")
        return
    # English shares as percents: multiplied on screen only (the order is the same; downloads keep the
    # shares). Rounded here as the headline figures round, not as the browser would (see _rounded).
    shown = shown.with_columns(
        _rounded(c, decimals[c] + (2 if k == "share" and lang == "fr" else 0),
                 100 if k == "share" and lang == "en" else 1)
        for c, k in kinds.items() if k in ("share", "decimal"))
    st.dataframe(shown, hide_index=True, width="stretch", placeholder="",
                 column_config={c: _number_column(k, decimals[c], lang) for c, k in kinds.items()})


def _rounded(column: str, decimals: int, scale: int) -> pl.Expr:
    """The column times `scale`, rounded half to even on its decimal digits, as babel rounds the
    headline figures (0.2725 as a percent: 27.2; in binary, times 100, it would be 27.250000000000004)."""
    value = pl.col(column)
    exact = (value.cast(pl.Decimal(38, 12)) * scale).round(decimals, mode="half_to_even").cast(pl.Float64)
    return pl.when(value.is_finite()).then(exact).otherwise(value * scale).alias(column)


def _decimals(values: pl.Series, kind: str) -> int:
    kind, _, fixed = kind.partition(":")
    if fixed:
        return int(fixed)
    if kind == "share":
        return 1
    if kind == "decimal" and values.dtype.is_float():
        present = values.drop_nulls().drop_nans()
        return 0 if (present == present.round(0)).all() else 2
    return 0


def _format_number(value, lang: str, kind: str, decimals: int) -> str:
    """One cell as the headline figures write it (i18n.number, i18n.percent); blank when missing."""
    if value is None or value != value:  # NaN: a missing number, once in pandas
        return ""
    if kind == "plain":
        return str(int(value))
    return percent(value, lang, decimals) if kind == "share" else number(value, lang, decimals)


def _number_column(kind: str, decimals: int, lang: str):
    """A table's own number format: digits grouped as the page's language groups them (`1 824 957`,
    `1,824,957`: sprintf-js, drawn by Streamlit), English decimals and percents (`3.56`, `83.3%`, the share
    multiplied by 100 first); French ones drawn by the browser in its own language (`3,56`, `83,3 %` in a
    French browser), as sprintf-js writes only a decimal point."""
    if kind == "plain":
        return st.column_config.NumberColumn(format="%d")
    if lang == "fr" and decimals and kind in ("share", "decimal"):
        step = 10.0 ** -(decimals + (2 if kind == "share" else 0))  # how many decimals the browser writes
        return st.column_config.NumberColumn(format="percent" if kind == "share" else "localized", step=step)
    written = ("%'\u00a0," if lang == "fr" else "%,") + ("d" if decimals == 0 else f".{decimals}f")
    return st.column_config.NumberColumn(format=written + ("%%" if kind == "share" else ""))


def translated(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Vocabulary codes as words and column headers in `lang` (for tables and downloads)."""
    words = frame.with_columns(
        pl.col(c).map_elements(lambda v, voc=VALUE_VOCABULARY[c]: label(voc, v, lang), return_dtype=pl.String)
        for c in frame.columns if c in VALUE_VOCABULARY and frame.schema[c] == pl.String)
    titles: dict[str, str] = {}
    for c in frame.columns:
        title = column_title(c, lang)
        titles[c] = title if title not in titles.values() else f"{title} ({c})"
    return words.rename(titles)


def chart_block(chart, data: pl.DataFrame, name: str, lang: str, result: Result | None = None,
                columns: list[str] | None = None, charted: Charted | None = None) -> None:
    """The chart, then "see the data" (table + CSV and XLSX downloads) and "see the SQL" (query + models).

    `name` keys the widgets and names the downloaded files (`file.<name>` in labels).
    `columns` restricts the table. Personal columns (names, e-mails, open text) may be shown
    on screen to the coordinator; the downloads never carry them (`export.public`).
    `charted`: the chart draws only the most active chantiers (`metrics.chantiers_to_chart`);
    a caption under it says so (nothing when it draws them all).
    """
    st.altair_chart(chart, width="stretch", key=f"chart-{name}")
    if charted is not None:
        charted_note(charted, lang)
    frame = data.select(columns) if columns else data
    with st.expander(t("ui.see_data", lang), icon=":material/table:"):
        table(frame, lang)
        download_buttons(frame, name, lang)
    if result is not None:
        sql_block(result, lang, name)


def charted_note(charted: Charted, lang: str) -> None:
    """Under a per-chantier chart drawing only the most active chantiers: say so, and how to see others."""
    if charted.limited:
        key = "ui.charted_most_active_chosen" if charted.chosen else "ui.charted_most_active"
        st.caption(t(key, lang, n=number(len(charted.ids or ()), lang), total=number(charted.total, lang)),
                   help=t("ui.charted_help", lang, colours=limits.MAX_CHANTIERS, axis=limits.MAX_CHOSEN))


def big_table(frame: pl.DataFrame, lang: str, name: str | None = None, show=None,
              download: pl.DataFrame | Callable[[], pl.DataFrame] | None = None, limit: int = MAX_TABLE_ROWS,
              total: int | None = None, kinds: dict[str, str] | None = None) -> None:
    """A table of at most `limit` rows on screen; when there are more, a caption with the total and
    (with `name`) CSV and XLSX downloads of all the rows (`download`, else `frame`; files made on click).

    `frame` may hold only the table's first rows (at least `limit`) when `total` says how many it
    has in all. `show(rows)` turns the rows shown into the table drawn (translation, formatting:
    done on the rows shown only), its numbers then written as `table` writes them: `kinds` gives
    the `number_kind` of its columns by their titles, where the titles cannot tell it (a share, a
    row number, decimals fixed); other numeric columns are counts, or decimals when not whole.
    By default `table`.
    """
    total = frame.height if total is None else total
    if show is None:
        table(frame.head(limit), lang)
    else:
        shown = show(frame.head(limit))
        found = {c: k for c, d in shown.schema.items() if (k := number_kind(c, d))}
        dataframe(shown, lang, {**found, **{c: k for c, k in (kinds or {}).items() if c in found}})
    if total > limit:
        st.caption(t("ui.table_first_rows", lang, shown=number(limit, lang), total=number(total, lang)))
        if name is not None:
            download_buttons(frame if download is None else download, name, lang)


def download_buttons(rows: pl.DataFrame | Callable[[], pl.DataFrame], name: str, lang: str,
                     stem: str | None = None, as_in_mart: bool = False) -> None:
    """CSV and XLSX downloads of a frame (column names as in the marts, untranslated), named after
    `file.<name>`: personal columns dropped, headers and codes translated, cells neutralized.

    `rows` is the frame, or a function returning it: then it is called only when a button is
    clicked (for tables whose rows are fetched in full for a download only). `stem`: the files' name,
    when not `file.<name>` (a mart's name). `as_in_mart`: headers and codes as the mart holds them
    (an analyst's table, whose columns the product has no words for).
    """
    words = (lambda frame, lang: frame) if as_in_mart else translated
    if callable(rows):
        public = lambda: export.public(rows())  # noqa: E731
    else:
        kept = export.public(rows)
        public = lambda: kept  # noqa: E731
    stem = stem or t(f"file.{name}", lang)
    left, right = st.columns(2)
    # The files are made when a button is clicked, not at every rerun: at scale a page holds
    # tens of thousands of rows, and an XLSX of them takes seconds to write.
    left.download_button(t("ui.download_csv", lang), lambda: export.to_csv(words(public(), lang), lang),
                         export.file_name(stem, "csv"),
                         mime="text/csv", key=f"csv-{name}", icon=":material/download:", on_click="ignore")
    right.download_button(t("ui.download_xlsx", lang), lambda: export.to_xlsx(words(public(), lang), sheet=stem),
                          export.file_name(stem, "xlsx"),
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"xlsx-{name}", icon=":material/download:", on_click="ignore")


def sql_block(result: Result, lang: str, name: str) -> None:
    """The query behind a figure, its parameters, and each mart's model SQL."""
    with st.expander(t("ui.see_sql", lang), icon=":material/code:"):
        st.caption(t("ui.sql_query", lang))
        st.code(result.sql.strip(), language="sql")
        if result.params:
            st.caption(t("ui.sql_params", lang))
            st.json({k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in result.params.items()},
                    expanded=False)
        for mart in result.marts:
            st.caption(t("ui.sql_model", lang, model=mart))
            try:
                st.code(model_sql(mart), language="sql")
            except KeyError:
                st.caption(t("ui.sql_model_missing", lang))


def metrics(items: list[tuple[str, str]], per_row: int = 6) -> None:
    """Headline figures: (label, formatted value) pairs in a row of cards."""
    for start in range(0, len(items), per_row):
        row = items[start:start + per_row]
        for column, (caption, value) in zip(st.columns(len(row)), row):
            column.metric(caption, value, border=True)


def no_data(lang: str) -> None:
    st.info(t("ui.no_data_filters", lang), icon=":material/filter_alt_off:")
