"""The app itself, run by AppTest: every page in both languages, key figures against the marts,
the empty warehouse, and a load from the upload page."""

import os
import stat
import tempfile
from pathlib import Path

import duckdb
import pytest

from dashboard.i18n import file_size, label, number, t
from tests.dashboard_fixtures import empty_warehouse_file, open_app, warehouse_file, write_csv_files  # noqa: F401

PAGES = {  # page file -> (title key, least number of charts drawn on the fixture)
    "app_pages/overview.py": ("page.overview.title", 1),
    "app_pages/participation.py": ("page.participation.title", 7),
    "app_pages/reflection.py": ("page.reflection.title", 4),
    "app_pages/deliverables.py": ("page.deliverables.title", 6),
    "app_pages/surveys.py": ("page.surveys.title", 2),
    "app_pages/analyses.py": ("page.analyses.title", 0),
    "app_pages/quality.py": ("page.quality.title", 1),
    "app_pages/upload.py": ("page.upload.title", 0),
}


def marts_figures(warehouse: Path) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        one = lambda sql: con.execute(sql).fetchall()[0][0]  # noqa: E731
        return {
            "active": one("SELECT count(*) FROM marts.chantier WHERE n_meetings > 0"),
            "members": one("SELECT count(DISTINCT member_id) FROM marts.member_participation"),
            "meetings": one("SELECT count(*) FROM marts.meeting"),
            "hours": one("SELECT sum(hours) FROM marts.chantier"),
            "released": one("SELECT sum(n_deliverables_released) FROM marts.chantier"),
            "reach": one("SELECT sum(coalesce(views, 0) + coalesce(downloads, 0) + coalesce(participants, 0)) "
                         "FROM marts.deliverable_uptake"),
            "per_chantier": dict(con.execute("SELECT name, n_meetings FROM marts.chantier").fetchall()),
            "active_members": dict(con.execute("SELECT name, n_active_members FROM marts.chantier").fetchall()),
            "rejects": one("SELECT count(*) FROM audit.rejects"),
            "quarantined": one("SELECT sum(n_quarantined) FROM marts.dash_source_freshness"),
        }
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_in_both_languages(warehouse_file, monkeypatch, lang, page):  # noqa: F811
    at = open_app(warehouse_file, monkeypatch, lang, None if page.endswith("overview.py") else page)
    assert not at.exception, [e.value for e in at.exception]
    title_key, n_charts = PAGES[page]
    assert at.title[0].value == t(title_key, lang)
    assert len(at.get("vega_lite_chart")) >= n_charts
    assert not at.error


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_analysts_mart_shows_on_the_analyses_page_with_the_filters_that_apply(
        warehouse_file, tmp_path, monkeypatch, lang):  # noqa: F811
    import datetime as dt
    import shutil

    import polars as pl

    from dashboard.export import public

    copy = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse_file, copy)
    with duckdb.connect(str(copy)) as con:  # a mart an analyst built, one row per meeting
        con.execute("CREATE TABLE marts.analyst_meeting AS SELECT chantier_id, meeting_id, held_on, "
                    "'ana@example.org' AS contact_email FROM marts.meeting")
        # a row not dated yet (a meeting to schedule): kept whatever the period
        con.execute("INSERT INTO marts.analyst_meeting SELECT chantier_id, 'À-PLANIFIER', NULL, NULL "
                    "FROM marts.meeting LIMIT 1")
        con.execute('CREATE TABLE marts."Présences_région" AS SELECT 1 AS n')  # made by hand, named freely
        n, first = con.execute("SELECT count(*), min(chantier_id) FROM marts.analyst_meeting").fetchone()
        n_first = con.execute("SELECT count(*) FROM marts.analyst_meeting WHERE chantier_id = ?", [first]).fetchone()[0]
    at = open_app(copy, monkeypatch, lang, "app_pages/analyses.py")
    assert not at.exception, [e.value for e in at.exception]
    picker = at.selectbox(key="an_mart")
    assert "marts.analyst_meeting" in picker.options
    assert not any(o.startswith("marts.dash_") for o in picker.options)  # the pages' own tables stay out
    picker.select("analyst_meeting").run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    assert t("page.analyses.rows", lang, n=number(n, lang)) in captions
    assert any("chantier_id" in c and "held_on" in c for c in captions)  # the filters that apply, named
    assert len(at.dataframe[0].value) == n
    assert list(at.dataframe[0].value.columns) == ["chantier_id", "meeting_id", "held_on", "contact_email"]  # as in SQL
    at.multiselect(key="f_chantiers").set_value([first]).run()  # a chantier chosen in the sidebar
    assert len(at.dataframe[0].value) == n_first < n
    # a table made by hand says nothing of what it holds: shown to the coordinator, never downloaded
    assert not any(b.key.startswith(("csv-", "xlsx-")) for b in at.get("download_button"))
    assert any("Pas de téléchargement" in i.value or "No download" in i.value for i in at.info)
    # and downloads drop a renamed e-mail column wherever one is offered
    assert public(pl.DataFrame({"chantier_id": ["C1"], "contact_email": ["a@b.c"]})).columns == ["chantier_id"]
    # marts.chantier has started_on but no event date: a narrowed period must not drop the chantiers that
    # ran through it (filtering on their start would); the page says the period does not apply.
    at.multiselect(key="f_chantiers").set_value([]).run()
    with duckdb.connect(str(copy), read_only=True) as con:
        n_chantiers = con.execute("SELECT count(*) FROM marts.chantier").fetchone()[0]
    start, end = at.date_input(key="f_period").value
    at.date_input(key="f_period").set_value((end - dt.timedelta(days=60), end)).run()
    at.selectbox(key="an_mart").select("chantier").run()
    assert len(at.dataframe[0].value) == n_chantiers
    assert any("held_on, released_on, fielded_on, month_on" in c.value for c in at.caption)
    at.selectbox(key="an_mart").select("Présences_région").run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe[0].value) == 1
    at.selectbox(key="an_mart").select("meeting").run()  # a product mart: its grain from its file
    assert t("page.analyses.grain", lang, grain="meeting_id") in [c.value for c in at.caption]
    assert {"csv-analysis", "xlsx-analysis"} <= {b.key for b in at.get("download_button")}  # no personal column read


def test_the_tables_of_one_chantier_survey_or_deliverable_say_which(warehouse_file, monkeypatch):  # noqa: F811
    # Downloaded, "minutes per meeting" or the attendance grid must still say whose they are.
    from dashboard.components import column_title

    for page, column, others in (("app_pages/participation.py", "chantier_name", ["member_id"]),
                                 ("app_pages/reflection.py", "chantier_name", ["meeting_seq"]),
                                 ("app_pages/surveys.py", "survey_title", ["question_id"]),
                                 ("app_pages/deliverables.py", "deliverable_id", ["channel", "month_on"])):
        at = open_app(warehouse_file, monkeypatch, "fr", page)
        assert not at.exception, [e.value for e in at.exception]
        tables = [d.value for d in at.dataframe if all(column_title(o, "fr") in d.value.columns for o in others)]
        assert tables and all(column_title(column, "fr") in table.columns for table in tables), page


def test_every_page_warns_when_a_model_could_not_be_built(warehouse_file, tmp_path, monkeypatch):  # noqa: F811
    # A mart broken by an edit in sql/ keeps its old rows: the pages reading it would look right and be stale.
    import shutil

    at = open_app(warehouse_file, monkeypatch, "fr")
    assert not any("construits" in w.value for w in at.warning)
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse_file, copy)
    with duckdb.connect(str(copy)) as con:  # as a build whose marts.chantier failed records it
        con.execute("UPDATE audit.model_state SET fingerprint = 'failed:' || fingerprint WHERE model = 'marts.chantier'")
    for page in (None, "app_pages/quality.py"):
        at = open_app(copy, monkeypatch, "fr", page)
        assert not at.exception, [e.value for e in at.exception]
        assert any("1 modèle(s) n'ont pas pu être construits (marts.chantier)" in w.value for w in at.warning)
    at = open_app(copy, monkeypatch, "en")
    assert any("1 model(s) could not be built (marts.chantier)" in w.value for w in at.warning)


def test_surveys_compare_the_same_question_asked_under_other_numbers_in_the_order_run(
        warehouse_file, tmp_path, monkeypatch):  # noqa: F811
    # S-GUI numbers its questions its own way: its Q1 is the others' Q2. Waves compare the question
    # asked, never what happens to share its number.
    import shutil

    copy = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse_file, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("""UPDATE marts.survey_item SET question = CASE question_id
                           WHEN 'Q1' THEN 'Le climat de confiance permet le débat'
                           WHEN 'Q2' THEN 'La diversité des membres enrichit les travaux' ELSE question END
                       WHERE survey_id = 'S-GUI'""")
    at = open_app(copy, monkeypatch, "fr", "app_pages/surveys.py")
    at.selectbox(key="s_question").select("Le climat de confiance permet le débat").run()
    assert not at.exception, [e.value for e in at.exception]
    start, end = at.date_input(key="f_period").value  # the surveys of the period are compared
    with duckdb.connect(str(copy), read_only=True) as con:
        expected = con.execute("SELECT survey_title, round(mean_score, 2) FROM marts.survey_item WHERE question = "
                               "'Le climat de confiance permet le débat' AND fielded_on BETWEEN ? AND ? "
                               "ORDER BY fielded_on", [start, end]).fetchall()
    from dashboard.components import column_title

    title = column_title("survey_title", "fr")
    fielded = column_title("fielded_on", "fr")
    compared = next(d.value for d in at.dataframe if fielded in d.value.columns)  # the comparison's "see the data"
    mean = column_title("mean_score", "fr")
    shown = list(zip(compared[title], compared[mean].map(lambda v: round(float(str(v).replace(",", ".")), 2))))
    assert len(expected) == 3 and shown == expected  # the question asked, wave by wave in the order run
    assert "Satisfaction du guide" in list(compared[title])  # S-GUI, which asks it as its Q1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_overview_figures_match_the_marts(warehouse_file, monkeypatch, lang):  # noqa: F811
    expected = marts_figures(warehouse_file)
    at = open_app(warehouse_file, monkeypatch, lang)
    shown = {m.label: m.value for m in at.metric}
    assert shown[t("kpi.active_chantiers", lang)] == number(expected["active"], lang)
    assert shown[t("kpi.members", lang)] == number(expected["members"], lang)
    assert shown[t("kpi.meetings", lang)] == number(expected["meetings"], lang)
    assert shown[t("kpi.hours", lang)] == number(expected["hours"], lang, 1)
    assert shown[t("kpi.deliverables", lang)] == number(expected["released"], lang)
    assert shown[t("kpi.reach", lang)] == number(expected["reach"], lang)
    table = at.dataframe[0].value
    meetings = dict(zip(table[t("field.chantier", lang)], table[t("field.meetings", lang)]))
    assert meetings == expected["per_chantier"]
    # over the whole period, engaged members are those of the marts: present at one of the last four meetings
    active = dict(zip(table[t("field.chantier", lang)], table[t("field.n_active_members", lang)]))
    assert active == expected["active_members"]


def test_quality_figures_match_the_marts(warehouse_file, monkeypatch):  # noqa: F811
    expected = marts_figures(warehouse_file)
    at = open_app(warehouse_file, monkeypatch, "fr", "app_pages/quality.py")
    shown = {m.label: m.value for m in at.metric}
    assert shown[t("kpi.rejects", "fr")] == number(expected["rejects"], "fr") != "0"
    assert shown[t("kpi.quarantine", "fr")] == number(expected["quarantined"], "fr") != "0"
    column = t("field.message_fr", "fr")
    rejects = next(d.value for d in at.dataframe if column in d.value.columns and t("field.value", "fr") in d.value.columns)
    reasons = rejects[column].tolist()
    assert any("pas une date" in r for r in reasons)  # the reason a coordinator reads


def test_filters_change_the_figures(warehouse_file, monkeypatch):  # noqa: F811
    at = open_app(warehouse_file, monkeypatch, "fr")
    at.multiselect(key="f_chantiers").set_value(["CH-EVA"]).run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown[t("kpi.meetings", "fr")] == "10"
    assert shown[t("kpi.active_chantiers", "fr")] == "1"


def test_language_switch_translates_the_page(warehouse_file, monkeypatch):  # noqa: F811
    at = open_app(warehouse_file, monkeypatch, "fr")
    assert at.title[0].value == "Vue d'ensemble"
    at.button_group(key="lang").set_value("en").run()
    assert at.title[0].value == "Overview"
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"


def test_pages_open_in_the_servers_language_unless_the_link_names_one(warehouse_file, monkeypatch):  # noqa: F811
    # `chantiers serve --lang en` (CHANTIERS_LANG=en) for an English-speaking funder; French otherwise.
    monkeypatch.delenv("CHANTIERS_LANG", raising=False)
    assert open_app(warehouse_file, monkeypatch, None).title[0].value == "Vue d'ensemble"
    monkeypatch.setenv("CHANTIERS_LANG", "en")
    at = open_app(warehouse_file, monkeypatch, None)
    assert at.title[0].value == "Overview" and at.query_params["lang"] in (["en"], "en")
    at.button_group(key="lang").set_value("fr").run()  # the switch still changes it
    assert at.title[0].value == "Vue d'ensemble"
    assert open_app(warehouse_file, monkeypatch, "fr").title[0].value == "Vue d'ensemble"  # a shared French link


def test_thresholds_change_the_flags(warehouse_file, monkeypatch):  # noqa: F811
    at = open_app(warehouse_file, monkeypatch, "fr")
    before = len(at.warning)
    at.number_input(key="th_min_present").set_value(0).run()
    at.number_input(key="th_attendance_share_pct").set_value(0).run()
    assert not at.exception
    assert len(at.warning) < before  # no attendance flag any more


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_empty_warehouse_explains_how_to_load(empty_warehouse_file, monkeypatch, lang):  # noqa: F811
    at = open_app(empty_warehouse_file, monkeypatch, lang)
    assert not at.exception
    assert at.title[0].value == t("page.empty.title", lang)
    assert any("members" in m.value for m in at.markdown)


@pytest.fixture
def upload_folders(tmp_path, monkeypatch):
    """Temporary folders go under tmp_path/tmp; returns (that folder, [(folder made by mkdtemp, its mode)])."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    made: list[tuple[Path, int]] = []
    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(*args, **kwargs):
        path = real_mkdtemp(*args, **kwargs)
        made.append((Path(path), stat.S_IMODE(os.stat(path).st_mode)))
        return path

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    return root, made


def upload_leftovers(root: Path) -> list[Path]:
    return sorted(root.glob("chantiers-upload-*"))


def test_upload_page_shows_the_plan_then_loads(tmp_path, monkeypatch, upload_folders):
    root, made = upload_folders
    warehouse = tmp_path / "new.duckdb"
    files = write_csv_files(tmp_path / "files")
    at = open_app(warehouse, monkeypatch, "fr", "app_pages/upload.py")
    at.file_uploader[0].set_value([(p.name, p.read_bytes(), "text/csv") for p in files]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not warehouse.exists()  # a dry run only
    plan = at.dataframe[0].value
    assert len(plan) == len(files)
    # a preview says what would happen, not what happened
    assert set(plan[t("field.file_status", "fr")]) == {label("file_status_planned", "loaded", "fr")} == {"Serait chargé"}
    # each file's size in French (Streamlit's own chips say "0.9KB")
    sizes = {p.name: p.stat().st_size for p in files}
    assert list(plan[t("field.file_size", "fr")]) == [
        file_size(sizes[name], "fr") for name in plan[t("field.file_name", "fr")]]
    assert sizes["members.csv"] > 1000 and file_size(sizes["members.csv"], "fr").endswith(" ko")
    # the uploads (names, e-mails) were written to a private folder, removed after the dry run
    assert made and all(mode == 0o700 for _, mode in made)
    assert upload_leftovers(root) == []
    at.button(key="u_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert warehouse.exists()
    assert any(t("upload.done", "fr") == s.value for s in at.subheader)
    assert set(at.dataframe[0].value[t("field.file_status", "fr")]) == {"Chargé"}
    assert upload_leftovers(root) == []
    at = open_app(warehouse, monkeypatch, "fr")  # the analysis pages now open on the new data
    assert at.title[0].value == t("page.overview.title", "fr")


def test_upload_page_does_not_say_the_pages_show_the_data_when_the_models_could_not_be_built(
        tmp_path, monkeypatch, upload_folders):
    from pipelines import load as load_module
    from tests.filemaker import write_models

    cycle = write_models(tmp_path, {"marts/a.sql": "-- Grain: x\nSELECT * FROM marts.b\n",
                                    "marts/b.sql": "-- Grain: x\nSELECT * FROM marts.a\n"})
    monkeypatch.setattr(load_module, "SQL_DIR", cycle)
    files = write_csv_files(tmp_path / "files")
    at = open_app(tmp_path / "new.duckdb", monkeypatch, "fr", "app_pages/upload.py")
    at.file_uploader[0].set_value([(p.name, p.read_bytes(), "text/csv") for p in files]).run()
    at.button(key="u_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.success  # "les autres pages montrent maintenant ces données" would be untrue
    assert any(w.value.startswith("Chargement ") and "modèles n'ont pas pu être reconstruits" in w.value
               for w in at.warning)
    assert any("Dépendance circulaire" in e.value and "marts.a" in e.value for e in at.error)


def test_upload_page_says_when_attendance_goes_back_to_waiting(tmp_path, monkeypatch, upload_folders):
    from pipelines.load import load_paths
    from tests.filemaker import MEETINGS, write_basics, write_csv

    warehouse = tmp_path / "w.duckdb"
    load_paths([write_basics(tmp_path / "in")], warehouse, build_models=True)
    moved = write_csv(tmp_path / "v2" / "meetings.csv", [MEETINGS[0], ["R1", "C2", "2012-11-20", "180"], *MEETINGS[2:]])
    at = open_app(warehouse, monkeypatch, "fr", "app_pages/upload.py")
    at.file_uploader[0].set_value([(moved.name, moved.read_bytes(), "text/csv")]).run()
    at.button(key="u_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(i.value.startswith("1 présence(s) remise(s) en attente") for i in at.info)


def test_upload_page_preview_in_english_and_cleared_uploads(tmp_path, monkeypatch, upload_folders):
    files = write_csv_files(tmp_path / "files")
    at = open_app(tmp_path / "new.duckdb", monkeypatch, "en", "app_pages/upload.py")
    at.file_uploader[0].set_value([(p.name, p.read_bytes(), "text/csv") for p in files]).run()
    assert set(at.dataframe[0].value[t("field.file_status", "en")]) == {"Would load"}
    at.file_uploader[0].set_value([]).run()  # the user clears the uploads
    assert not at.exception and not at.dataframe
    assert "u_plan" not in at.session_state
    assert upload_leftovers(upload_folders[0]) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_two_uploads_of_the_same_name_are_refused_before_anything_runs(tmp_path, monkeypatch, upload_folders, lang):
    # Saved side by side under their names, the second would silently overwrite the first.
    files = write_csv_files(tmp_path / "files")
    at = open_app(tmp_path / "new.duckdb", monkeypatch, lang, "app_pages/upload.py")
    at.file_uploader[0].set_value([(files[0].name, files[0].read_bytes(), "text/csv"),
                                   (files[0].name, b"autre contenu", "text/csv")]).run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("upload.same_name", lang, names=files[0].name)]
    assert not at.dataframe and "u_plan" not in at.session_state
    assert upload_folders[1] == []  # nothing written to disk


def test_upload_folder_is_removed_when_the_load_fails(tmp_path, monkeypatch, upload_folders):
    import pipelines.load

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipelines.load, "load_paths", broken)
    files = write_csv_files(tmp_path / "files")
    at = open_app(tmp_path / "new.duckdb", monkeypatch, "fr", "app_pages/upload.py")
    at.file_uploader[0].set_value([(p.name, p.read_bytes(), "text/csv") for p in files]).run()
    assert at.exception  # the error shows ...
    assert upload_folders[1] and upload_leftovers(upload_folders[0]) == []  # ... and nothing stays on disk


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_upload_page_says_when_a_file_has_more_rejects_than_it_lists(tmp_path, monkeypatch, upload_folders, lang):
    # A funder's export with hundreds of bad rows: the page lists the first ones and says how many in all.
    from pipelines.load import REJECTS_PREVIEW

    bad = REJECTS_PREVIEW + 40
    path = tmp_path / "meetings.csv"
    path.write_text("meeting_id,chantier_id,held_on,duration_minutes\n"
                    + "".join(f"X{i},C1,2015-02-31,60\n" for i in range(bad)), encoding="utf-8")
    at = open_app(tmp_path / "new.duckdb", monkeypatch, lang, "app_pages/upload.py")
    at.file_uploader[0].set_value([(path.name, path.read_bytes(), "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    (expander,) = at.expander
    assert expander.label == t("upload.rejects_of", lang, file="meetings.csv", n=number(bad, lang))
    assert [c.value for c in expander.caption] == [
        t("upload.rejects_first", lang, shown=number(REJECTS_PREVIEW, lang), total=number(bad, lang))]
    assert len(expander.dataframe[0].value) == REJECTS_PREVIEW


def test_the_chantier_picker_reads_each_code_first(tmp_path, monkeypatch):
    # The sidebar cuts long options at its width: hundreds of "Chantier sur la lutte contre la pauvret…"
    # must still be told apart, and typing a code must find its chantier. Namesakes' labels carry
    # their code at the end: it is read first instead, not twice.
    from dashboard.state import picker_label
    from tests.dashboard_fixtures import build_warehouse, many_chantiers

    rows = many_chantiers(n=3)
    rows["chantiers"][0]["name"] = rows["chantiers"][1]["name"] = "Santé mentale des jeunes"
    at = open_app(build_warehouse(tmp_path / "w.duckdb", rows_by_source=rows), monkeypatch, "fr")
    assert sorted(at.sidebar.multiselect(key="f_chantiers").options) == [
        "CH-01 · Santé mentale des jeunes", "CH-02 · Santé mentale des jeunes", "CH-03 · Chantier 03"]
    assert picker_label("C9", None) == "C9" and picker_label("C9", "C9") == "C9"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_unscored_questions_are_all_shown_as_free_answers_or_counted_choices(tmp_path, monkeypatch, lang):
    # A members' survey: two open questions whose answers often repeat (short, alike), one choice
    # among three. None is hidden: free answers are listed, choices counted.
    from tests.dashboard_fixtures import build_warehouse, many_chantiers

    rows = many_chantiers(n=2)
    rows["surveys"] = [{"survey_id": "S1", "title": "Bilan", "audience": "members", "chantier_id": "CH-01",
                        "deliverable_id": "", "fielded_on": rows["meetings"][-1]["held_on"]}]
    ideas = ["Plus de temps", "Plus de temps", "Des outils", "Le climat de confiance", "Des outils", "Le temps"]
    rows["responses"] = (
        [{"survey_id": "S1", "respondent_id": f"R{i}", "question_id": "Q1", "question": "Utile ?", "answer": "4"}
         for i in range(6)]
        + [{"survey_id": "S1", "respondent_id": f"R{i}", "question_id": "Q2", "question": "Qu'améliorer ?",
            "answer": idea} for i, idea in enumerate(ideas[:4])]
        + [{"survey_id": "S1", "respondent_id": f"R{i}", "question_id": "Q3", "question": "Votre secteur",
            "answer": ["Santé", "santé", "Municipal", "Santé", "Éducation", "Municipal"][i]} for i in range(6)])
    at = open_app(build_warehouse(tmp_path / "w.duckdb", rows_by_source=rows), monkeypatch, lang,
                  "app_pages/surveys.py")
    assert not at.exception, [e.value for e in at.exception]
    labels = [e.label for e in at.expander]
    assert t("page.surveys.answers", lang, question="Qu'améliorer ?", n="4") in labels
    assert t("page.surveys.choices", lang, question="Votre secteur", n="6", k="3") in labels
    counted = next(e for e in at.expander if e.label.startswith("Votre secteur")).dataframe[0].value
    assert counted.values.tolist() == [["Santé", 3], ["Municipal", 2], ["Éducation", 1]]
    assert t("page.surveys.no_open", lang) not in [i.value for i in at.info]


def test_quality_page_counts_rejected_rows_as_the_load_reported_them(tmp_path, monkeypatch):
    # demo/messy: 12 rows rejected (the ledger's sum), one of them for two cells: 13 rejects listed.
    from pipelines.load import load_paths

    demo = Path(__file__).resolve().parents[1] / "demo"
    wh = tmp_path / "w.duckdb"
    load_paths([demo / "data"], wh)
    report = load_paths([demo / "messy"], wh)
    rejected = sum(f.rejected for f in report.files if f.status == "loaded")
    at = open_app(wh, monkeypatch, "fr", "app_pages/quality.py")
    kpis = {m.label: m.value for m in at.metric}
    assert kpis[t("kpi.rejects", "fr")] == number(rejected, "fr") == "12"
    freshness = at.dataframe[0].value
    per_source = dict(zip(freshness[t("field.source", "fr")], freshness[t("field.n_rejects", "fr")]))
    assert per_source["Membres"] == 6 and sum(per_source.values()) == rejected
    rejects = next(d.value for d in at.dataframe if t("field.message_fr", "fr") in d.value.columns)
    assert len(rejects) == 13


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_upload_page_shows_refusals_in_full_warnings_and_why_nothing_loads(tmp_path, monkeypatch, upload_folders,
                                                                         lang):
    # A refusal's reason (headers found, names expected) is cut in the table's cell: shown in full
    # below it. A warning (an agenda longer than its meeting) is said. Files already loaded: the
    # greyed confirm button says why.
    from tests.filemaker import write_basics, write_csv

    folder = write_basics(tmp_path / "files")
    write_csv(folder / "agenda.csv", [["meeting_id", "item", "kind", "minutes"], ["R1", "1", "réflexion", "400"]])
    (folder / "meetings_juin.csv").write_text("Rencontre;Chantier;Durée\nR9;C1;60\n", encoding="utf-8")
    files = sorted(folder.iterdir())
    warehouse = tmp_path / "new.duckdb"
    at = open_app(warehouse, monkeypatch, lang, "app_pages/upload.py")
    at.file_uploader[0].set_value([(p.name, p.read_bytes(), "text/csv") for p in files]).run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert any("meetings_juin.csv" in e and ("held_on" in e) for e in errors)
    assert t("upload.warnings", lang, n="1") in [i.value for i in at.info]
    at.button(key="u_confirm").click().run()
    at = open_app(warehouse, monkeypatch, lang, "app_pages/upload.py")
    loaded = [p for p in files if p.name != "meetings_juin.csv"]
    at.file_uploader[0].set_value([(p.name, p.read_bytes(), "text/csv") for p in loaded]).run()
    assert t("upload.nothing_new", lang) in [i.value for i in at.info]
    assert at.button(key="u_confirm").disabled


def test_upload_page_names_the_files_whose_waiting_rows_a_load_releases(tmp_path, monkeypatch, upload_folders):
    from tests.filemaker import MEETINGS, write_basics, write_csv

    folder = write_basics(tmp_path / "files")
    (folder / "meetings.csv").unlink()  # attendance and agenda wait for their meetings
    warehouse = tmp_path / "new.duckdb"
    at = open_app(warehouse, monkeypatch, "fr", "app_pages/upload.py")
    at.file_uploader[0].set_value([(p.name, p.read_bytes(), "text/csv") for p in sorted(folder.iterdir())]).run()
    at.button(key="u_confirm").click().run()
    meetings = write_csv(tmp_path / "later" / "meetings.csv", MEETINGS)
    at = open_app(warehouse, monkeypatch, "fr", "app_pages/upload.py")
    at.file_uploader[0].set_value([(meetings.name, meetings.read_bytes(), "text/csv")]).run()
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Sorties de la quarantaine, des fichiers chargés plus tôt : ") and "attendance.csv (" in c
               for c in captions), captions
