"""The coordinator's dashboard: entry point and router (`streamlit run dashboard/app.py`).

Reads the warehouse named by CHANTIERS_WAREHOUSE (or data/chantiers.duckdb).
On a warehouse with no data yet, only the "how to load" and upload pages exist.
"""

from __future__ import annotations

import streamlit as st

from dashboard import branding, queries, state
from dashboard.i18n import t

# (page id, file, icon, url path). The url path stays the same in both languages.
ANALYSIS_PAGES = [
    ("overview", "app_pages/overview.py", ":material/dashboard:", "vue-ensemble"),
    ("participation", "app_pages/participation.py", ":material/groups:", "participation"),
    ("reflection", "app_pages/reflection.py", ":material/balance:", "reflexion-production"),
    ("deliverables", "app_pages/deliverables.py", ":material/campaign:", "livrables"),
    ("surveys", "app_pages/surveys.py", ":material/ballot:", "sondages"),
    ("analyses", "app_pages/analyses.py", ":material/query_stats:", "analyses"),
]
DATA_PAGES = [
    ("quality", "app_pages/quality.py", ":material/fact_check:", "qualite-donnees"),
    ("upload", "app_pages/upload.py", ":material/upload_file:", "charger"),
]
EMPTY_PAGE = ("empty", "app_pages/empty.py", ":material/inbox:", "bienvenue")
# Widgets whose values must survive a visit to a page that does not draw them.
PERSISTENT_PREFIXES = ("f_", "th_")


def _page(lang: str, page_id: str, path: str, icon: str, url: str, default: bool = False) -> st.Page:
    return st.Page(path, title=t(f"page.{page_id}.nav", lang), icon=icon, url_path=url, default=default)


def main() -> None:
    lang = state.lang()
    st.set_page_config(page_title=t("app.title", lang), page_icon=branding.icon(), layout="wide",
                       initial_sidebar_state="expanded",
                       menu_items={"Get help": None, "Report a bug": None, "About": t("app.about", lang)})
    for key in list(st.session_state.keys()):
        if str(key).startswith(PERSISTENT_PREFIXES):
            st.session_state[key] = st.session_state[key]  # keep filters and thresholds across pages
    lang = state.language_switch()
    if lang == "fr":
        state.french_widgets()
    ready = queries.status() == "ready"
    analysis = [_page(lang, *p, default=i == 0) for i, p in enumerate(ANALYSIS_PAGES)] if ready else []
    if ready:
        sections = {t("nav.analysis", lang): analysis, t("nav.data", lang): [_page(lang, *p) for p in DATA_PAGES]}
    else:
        sections = {t("nav.data", lang): [_page(lang, *EMPTY_PAGE, default=True), _page(lang, *DATA_PAGES[1])]}
    failed = queries.failed_models()
    if failed:  # a broken model: the pages reading it show the data from before (or nothing), say so
        shown = ", ".join(failed[:5]) + (", …" if len(failed) > 5 else "")
        st.warning(t("app.failed_models", lang, n=len(failed), models=shown), icon=":material/warning:")
    page = st.navigation(sections)
    if any(page is p for p in analysis):
        st.session_state["_filters"] = state.sidebar_filters(lang)
    st.sidebar.caption(t("app.sidebar_caption", lang))
    page.run()


main()
