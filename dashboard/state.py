"""What the user chose, kept across pages and reruns: language, global filters, flag thresholds.

The language lives in the URL (`?lang=en`) and in session state, so a shared
link opens in the same language. The filters and thresholds are widgets drawn
on every run (the sidebar, the overview's settings), so their values survive
page changes.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from dashboard import queries
from dashboard.health import Thresholds
from dashboard.i18n import LANGS, drawn_over, label, t
from warehouse.settings import Settings

LANG_KEY = "lang"


def lang() -> str:
    """The current language: the switch's value, else the URL's, else the server's (`chantiers serve
    --lang`, CHANTIERS_LANG), else French."""
    chosen = st.session_state.get(LANG_KEY) or st.query_params.get(LANG_KEY) or Settings.from_env().lang
    return chosen if chosen in LANGS else "fr"


def language_switch() -> str:
    """The FR/EN switch in the sidebar; keeps the URL in step."""
    current = lang()
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = current
    st.sidebar.segmented_control(t("ui.language", current), options=list(LANGS), key=LANG_KEY,
                                 format_func=lambda code: code.upper(), selection_mode="single")
    if st.session_state.get(LANG_KEY) not in LANGS:  # a click on the selected option clears it
        st.session_state[LANG_KEY] = current
    chosen = st.session_state[LANG_KEY]
    if st.query_params.get(LANG_KEY) != chosen:
        st.query_params[LANG_KEY] = chosen
    return chosen


def picker_label(chantier_id: str, label: str | None) -> str:
    """A chantier as the sidebar's picker lists it: its code first (`C00046 · Chantier sur la lutte…`).

    The sidebar cuts long options and chips at its width; at a funder's scale hundreds of names begin
    alike, and only a code read first tells the options apart (typing it finds the chantier)."""
    name = label or chantier_id
    name = name.removesuffix(f" ({chantier_id})")
    return chantier_id if name == chantier_id else f"{chantier_id} · {name}"


def sidebar_filters(lang_: str) -> queries.Filters:
    """Chantiers, period and region pickers in the sidebar; returns the filters chosen."""
    chantiers = queries.chantiers().frame
    names = dict(zip(chantiers["chantier_id"], chantiers["name"]))
    span = queries.date_span().frame.row(0, named=True)
    first = span["first_on"] or dt.date.today()
    last = max(span["last_on"] or dt.date.today(), first)
    # Defaults go through session state (not `value=`) so a saved choice wins; a saved choice is
    # kept within what the data still holds after a load.
    saved = st.session_state.get("f_chantiers") or []
    st.session_state["f_chantiers"] = [cid for cid in saved if cid in names]
    saved_period = st.session_state.get("f_period") or (first, last)
    st.session_state["f_period"] = tuple(min(max(d, first), last) for d in saved_period)
    st.sidebar.header(t("filters.header", lang_))
    chosen = st.sidebar.multiselect(t("filters.chantiers", lang_), options=list(names), key="f_chantiers",
                                    format_func=lambda cid: picker_label(cid, names.get(cid)),
                                    placeholder=t("filters.all_chantiers", lang_))
    period = st.sidebar.date_input(t("filters.period", lang_), min_value=first, max_value=last, key="f_period",
                                   format="DD/MM/YYYY" if lang_ == "fr" else "YYYY-MM-DD")
    start, end = (list(period) + [None, None])[:2] if isinstance(period, (tuple, list)) else (period, None)
    region_codes = queries.regions().frame["region"].to_list()
    st.session_state["f_regions"] = [r for r in st.session_state.get("f_regions") or [] if r in region_codes]
    regions = st.sidebar.multiselect(t("filters.regions", lang_), options=region_codes, key="f_regions",
                                     format_func=lambda code: label("region", code, lang_),
                                     placeholder=t("filters.all_regions", lang_))
    if regions:
        st.sidebar.caption(t("filters.region_note", lang_))
    return queries.Filters(tuple(chosen), start, end or last, tuple(regions))


def french_widgets() -> None:
    """Streamlit writes some of its own words in English only; on the French page their French is
    drawn over them, on every page (in the sidebar, which every page has):

    - the pickers' "Select all", "Select 12 matches" and "No results" (the dropdown's items are told
      apart by their React Aria key);
    - the "Stop" button shown at the top while a page runs (a load from the upload page, say);
    - a table's column menu (told apart by their place: the menu's header is its first child; "Pin
      column" says "Unpin column" once pinned, so its French says both). Its "Statistics" and "Format"
      panels stay in English.
    """
    multi, single = '[data-testid="stMultiSelectDropdown"]', '[data-testid="stSelectboxVirtualDropdown"]'
    empty = '[role="listbox"][data-empty="true"] [role="option"] > span'
    rules = [drawn_over([f'{multi} [data-key="__select_all__"] > div'], t("filters.select_all", "fr")),
             drawn_over([f'{multi} [data-key="__select_matches__"] > div'], t("filters.select_matches", "fr")),
             drawn_over([f"{multi} {empty}", f"{single} {empty}"], t("filters.no_results", "fr")),
             # Only while the page runs: the same button says "Rerun" when a source file changes.
             drawn_over(['[data-testid="stStatusWidget"]:has([data-testid="stStatusWidgetRunningIcon"]) '
                         '[data-testid="stBaseButton-header"]'], t("ui.stop", "fr"))]
    menu = '[data-testid="stDataFrameColumnMenu"] [role="menu"] >'
    items = {"nth-child(2)": "sort_ascending", "nth-child(3)": "sort_descending", "nth-last-child(3)": "autosize",
             "nth-last-child(2)": "pin", "nth-last-child(1)": "hide"}
    rules += [drawn_over([f'{menu} [role="menuitem"]:{place}'], t(f"table_menu.{key}", "fr"))
              for place, key in items.items()]
    rules.append(drawn_over([f'{menu} [role="presentation"] > [aria-haspopup="true"] > div'],
                            t("table_menu.statistics", "fr")))
    st.sidebar.html(f"<style>{' '.join(rules)}</style>")


def filters() -> queries.Filters:
    """The filters as last drawn (pages call this; the sidebar draws them)."""
    return st.session_state.get("_filters", queries.Filters())


def chantier_names(f: queries.Filters | None = None) -> list[str]:
    """Names of the chantiers in the filters, in a fixed order (so colours match across charts)."""
    frame = queries.chantiers().frame
    if f is not None and f.chantier_ids:
        frame = frame.filter(pl.col("chantier_id").is_in(list(f.chantier_ids)))
    return frame["name"].to_list()


def as_of(f: queries.Filters) -> dt.date:
    """The reference date of the health flags: the end of the period looked at."""
    return f.end or queries.today()


def thresholds() -> Thresholds:
    """The flag thresholds as set on the overview page (shares are entered as percentages)."""
    defaults = Thresholds()
    values = {name: st.session_state.get(f"th_{name}", getattr(defaults, name))
              for name in defaults.__dataclass_fields__}
    for share in ("attendance_share", "reflection_share"):
        values[share] = st.session_state.get(f"th_{share}_pct", getattr(defaults, share) * 100) / 100
    return Thresholds(**values)
