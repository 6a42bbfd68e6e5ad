"""Shown while the warehouse holds no data: what to load, and how."""

import streamlit as st

from dashboard import queries, state
from dashboard.i18n import label, t
from pipelines.contract import SOURCES

lang = state.lang()

st.title(t("page.empty.title", lang))
st.markdown(t("page.empty.intro", lang))
st.page_link("app_pages/upload.py", label=t("page.empty.go_upload", lang), icon=":material/upload_file:")

st.subheader(t("page.empty.files", lang))
st.markdown("\n".join(
    f"- **{label('source', s.name, lang)}** — `{s.name}.csv` / `{s.label_fr.replace(' ', '_')}.xlsx` : "
    + ", ".join(f"`{c}`" for c in s.required)
    for s in SOURCES))
st.caption(t("page.empty.order", lang))

st.subheader(t("page.empty.cli", lang))
st.code(f"chantiers load dossier/ --warehouse {queries.warehouse_path()}\nmake demo", language="bash")
