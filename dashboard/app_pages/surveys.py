"""Sondages: diverging Likert bars per question with n shown, chantiers or waves compared,
and the open-text answers."""

import polars as pl
import streamlit as st

from dashboard import charts, metrics, queries, state
from dashboard import components as ui
from dashboard.i18n import date, label, number, t

lang, f = state.lang(), state.filters()

st.title(t("page.surveys.title", lang))
st.caption(t("page.surveys.intro", lang))

items = queries.survey_items(f)
frame = items.frame
if frame.is_empty():
    ui.no_data(lang)
    st.stop()

surveys = frame.select("survey_id", "survey_title", "fielded_on", "audience", "chantier_name").unique(
    "survey_id", maintain_order=True)
described = {r["survey_id"]: " — ".join([r["survey_title"] or r["survey_id"],
                                          *([date(r["fielded_on"], lang)] if r["fielded_on"] else [])])
             for r in surveys.iter_rows(named=True)}
chosen = st.selectbox(t("page.surveys.pick", lang), list(described), format_func=lambda s: described[s],
                      key="s_survey")
info = surveys.filter(pl.col("survey_id") == chosen).row(0, named=True)
st.caption(t("page.surveys.about", lang, audience=label("survey_audience", info["audience"], lang),
             chantier=info["chantier_name"] or "—"))

one = frame.filter(pl.col("survey_id") == chosen)
long = metrics.likert_long(one)
ui.chart_block(charts.likert(long, "question", "chart.likert.title", lang, survey=info["survey_title"]),
               one.select("survey_title", "question_id", "question", "n", "mean_score", "share_agree", *[f"n_score_{s}" for s in range(1, 6)]),
               "likert", lang, items)

st.subheader(t("page.surveys.compare", lang))
# The same question is the same text: surveys number their questions each their own way (one's Q3
# is another's Q2), so waves are matched by the question asked, its code only when it has no text.
asked = frame.with_columns(pl.coalesce(pl.col("question").str.strip_chars(), pl.col("question_id")).alias("asked"))
repeated = asked.group_by("asked").agg(pl.col("survey_id").n_unique().alias("k"))
repeated = repeated.filter(pl.col("k") > 1).sort("asked")
if repeated.is_empty():
    st.info(t("page.surveys.no_compare", lang), icon=":material/info:")
else:
    question = st.selectbox(t("page.surveys.pick_question", lang), repeated["asked"].to_list(), key="s_question")
    # One item per survey (a survey asking the same text twice, in two sections, shows its first), in the
    # order the surveys were run.
    across = (asked.filter(pl.col("asked") == question).sort("fielded_on", "survey_id", "question_id", nulls_last=True)
              .unique("survey_id", keep="first", maintain_order=True))
    # "All chantiers" at scale: the waves of the most active chantiers (and those about no chantier).
    charted = metrics.chantiers_to_chart(queries.chantier_activity(f).frame, f.chantier_ids)
    if charted.limited:
        across = across.filter(pl.col("chantier_id").is_null() | pl.col("chantier_id").is_in(list(charted.ids)))
    across = across.with_columns(
        # The title, then the date and chantier (a long title is cut, they tell the waves apart: a
        # survey run again under the same title is another wave).
        pl.concat_str(pl.col("survey_title").fill_null(pl.col("survey_id")), pl.lit(charts.WAVE_SEPARATOR),
                      pl.concat_str(pl.col("fielded_on").map_elements(lambda d: date(d, lang), return_dtype=pl.String),
                                    pl.col("chantier_name"), separator=" — ", ignore_nulls=True).fill_null("—"))
        .alias("wave"))
    long_across = metrics.likert_long(across).join(across.select("survey_id", "wave"), on="survey_id")
    ui.chart_block(charts.likert(long_across, "wave", "chart.likert_compare.title", lang, waves=True,
                                 question=question),
                   across.select("survey_title", "chantier_name", "fielded_on", "n", "mean_score", "share_agree"),
                   "likert_compare", lang, items, charted=charted)

# Open-text answers are personal (they may identify people): shown here to the coordinator, never
# exported (no download button; Streamlit's own table download is off in .streamlit/config.toml).
st.subheader(t("page.surveys.open", lang))
st.caption(t("page.surveys.open_note", lang), help=t("privacy.personal", lang))
texts = queries.survey_texts(chosen)
if texts.frame.is_empty():
    st.info(t("page.surveys.no_open", lang), icon=":material/info:")
else:
    for (question, choice), answers in texts.frame.group_by(["question", "choice"], maintain_order=True):
        n = number(answers.height, lang)
        if choice:  # a few values, each said by several: how many said which
            # Counted as the mart tells a choice: "Oui" and "oui " are one answer (shown as first written).
            counts = (answers.group_by(pl.col("answer").str.strip_chars().str.to_lowercase().alias("_key"),
                                       maintain_order=True)
                      .agg(pl.col("answer").first(), pl.len().alias("n_answers")).drop("_key")
                      .sort(["n_answers", "answer"], descending=[True, False]))
            with st.expander(t("page.surveys.choices", lang, question=question or "—", n=n,
                               k=number(counts.height, lang))):
                ui.table(counts, lang)
        else:
            with st.expander(t("page.surveys.answers", lang, question=question or "—", n=n)):
                ui.table(answers.select("answer"), lang)
    ui.sql_block(texts, lang, "survey_texts")
