"""Pages at scale: per-chantier charts of "all chantiers" draw the most active ones, big tables show
their first rows; headline figures still count everything."""

import io
import json
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, metrics
from dashboard.i18n import number, t
from tests import dashboard_fixtures
from tests.dashboard_fixtures import many_chantiers_file, warehouse_file  # noqa: F401



def activity(counts: dict[str, int]) -> pl.DataFrame:
    """chantier_id, chantier_name, n_meetings from {name: meetings} (id: "id-" + name)."""
    return pl.DataFrame({"chantier_id": [f"id-{n}" for n in counts], "chantier_name": list(counts),
                         "n_meetings": list(counts.values())})


# --- the pure selection -------------------------------------------------------------------------

def test_more_than_the_limit_keeps_the_most_active():
    counts = {f"C{i:02d}": i for i in range(1, 21)}  # C20 held the most meetings
    charted = metrics.chantiers_to_chart(activity(counts))
    assert charted.limited and charted.total == 20
    assert charted.ids == {f"id-C{i:02d}" for i in range(21 - metrics.MAX_CHANTIERS, 21)}
    assert len(charted.ids) == metrics.MAX_CHANTIERS == 8


def test_ties_are_broken_by_name():
    counts = {name: 2 for name in ["Delta", "Alpha", "Echo", "Charlie", "Bravo"]} | {"Zulu": 5}
    charted = metrics.chantiers_to_chart(activity(counts), limit=3)
    assert charted.ids == {"id-Zulu", "id-Alpha", "id-Bravo"}
    assert charted.total == 6


def test_an_explicit_selection_is_respected():
    counts = {f"C{i:02d}": i for i in range(1, 21)}
    charted = metrics.chantiers_to_chart(activity(counts), chosen=("id-C01", "id-C02"))
    assert not charted.limited and charted.ids is None
    frame = activity(counts)
    assert charted.keep(frame).equals(frame)


def test_a_choice_beyond_the_palette_is_capped_only_where_colours_tell_chantiers_apart():
    counts = {f"C{i:02d}": i for i in range(1, 21)}
    chosen = [f"id-C{i:02d}" for i in range(1, 13)]  # twelve picked, C12 the busiest of them
    axis = metrics.chantiers_to_chart(activity(counts), chosen=chosen)
    assert axis.ids is None and axis.total == 12 and axis.chosen
    assert axis.keep(activity(counts).filter(pl.col("chantier_id").is_in(chosen))).height == 12
    coloured = metrics.chantiers_to_chart(activity(counts), chosen=chosen, chosen_limit=metrics.MAX_CHANTIERS)
    assert coloured.limited and coloured.chosen and coloured.total == 12
    assert coloured.ids == {f"id-C{i:02d}" for i in range(5, 13)}  # the eight most active of those picked
    few = metrics.chantiers_to_chart(activity(counts), chosen=chosen[:8], chosen_limit=metrics.MAX_CHANTIERS)
    assert not few.limited and few.total == 8


def test_chantiers_with_the_charts_data_come_first():
    frame = activity({"A": 9, "B": 8, "C": 2, "D": 1}).with_columns(has=pl.Series([False, True, True, False]))
    assert metrics.chantiers_to_chart(frame, limit=2, first="has").ids == {"id-B", "id-C"}
    assert metrics.chantiers_to_chart(frame, limit=3, first="has").ids == {"id-B", "id-C", "id-A"}
    assert metrics.chantiers_to_chart(frame, limit=2).ids == {"id-A", "id-B"}


def test_a_choice_of_every_chantier_is_capped_on_axes_too():
    # Streamlit's filter offers "Select all": 990 chantiers would be 990 rows of arrivals and departures.
    counts = {f"C{i:03d}": i for i in range(1, 101)}
    every = [f"id-C{i:03d}" for i in range(1, 101)]
    axis = metrics.chantiers_to_chart(activity(counts), chosen=every)
    assert axis.limited and axis.chosen and axis.total == 100 and len(axis.ids) == metrics.MAX_CHOSEN == 30
    assert axis.ids == {f"id-C{i:03d}" for i in range(71, 101)}


@pytest.mark.parametrize("n", [0, 1, metrics.MAX_CHANTIERS - 1, metrics.MAX_CHANTIERS])
def test_up_to_the_limit_all_are_charted(n):
    frame = activity({f"C{i:02d}": 1 for i in range(n)})
    charted = metrics.chantiers_to_chart(frame)
    assert not charted.limited and charted.total == n
    assert charted.keep(frame).height == n
    names = [f"C{i:02d}" for i in range(n)]
    assert charted.names(["other", *reversed(names)], frame) == list(reversed(names))  # those drawn, in order


def test_keep_and_names_follow_the_selection():
    frame = activity({"A": 3, "B": 1, "C": 2})
    charted = metrics.chantiers_to_chart(frame, limit=2)
    assert charted.keep(frame)["chantier_name"].to_list() == ["A", "C"]
    assert charted.names(["C", "B", "A"], frame) == ["C", "A"]  # the colour order is kept


def test_activity_counts_meetings_per_chantier(many_chantiers_file, monkeypatch):  # noqa: F811
    from dashboard import queries

    monkeypatch.setenv("CHANTIERS_WAREHOUSE", str(many_chantiers_file))
    counted = dict(queries.chantier_activity(queries.Filters()).frame.select("chantier_name", "n_meetings").iter_rows())
    assert counted == {f"Chantier {i:02d}": 2 for i in range(1, 15)} | {"Chantier 15": 3}


# --- the pages on 15 chantiers ------------------------------------------------------------------

def open_app(warehouse: Path, monkeypatch, lang: str, page: str | None = None) -> AppTest:
    at = dashboard_fixtures.open_app(warehouse, monkeypatch, lang, page)
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_rows(chart) -> list[dict]:
    """The rows of every dataset of a drawn Vega-Lite chart (Streamlit sends them as Arrow)."""
    rows = []
    for dataset in chart.proto.datasets:
        rows += pa.ipc.open_stream(io.BytesIO(dataset.data.data)).read_all().to_pylist()
    return rows


def note(lang: str, n: int = metrics.MAX_CHANTIERS, total: int = 15) -> str:
    return t("ui.charted_most_active", lang, n=number(n, lang), total=number(total, lang))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_overview_charts_the_most_active_and_counts_all(many_chantiers_file, monkeypatch, lang):  # noqa: F811
    at = open_app(many_chantiers_file, monkeypatch, lang)
    kpis = {m.label: m.value for m in at.metric}
    assert kpis[t("kpi.active_chantiers", lang)] == number(15, lang)
    assert kpis[t("kpi.meetings", lang)] == number(31, lang)
    assert note(lang) in [c.value for c in at.caption]
    hours = [c for c in at.get("vega_lite_chart") if "hours" in c.proto.spec]
    names = {row["name"] for row in chart_rows(hours[0])}
    # Chantier 15 held 3 meetings; the others 2 each: the first seven by name come next.
    assert names == {f"Chantier {i:02d}" for i in [*range(1, 8), 15]}
    assert len(at.dataframe[0].value) == 15  # the table under the headline figures: every chantier


def test_participation_charts_eight_of_fifteen(many_chantiers_file, monkeypatch):  # noqa: F811
    at = open_app(many_chantiers_file, monkeypatch, "fr", "app_pages/participation.py")
    captions = [c.value for c in at.caption]
    assert captions.count(note("fr")) >= 5
    attendance = [c for c in at.get("vega_lite_chart") if "attendance_rate" in c.proto.spec][0]
    assert len({row["chantier_name"] for row in chart_rows(attendance) if "chantier_name" in row}) == 8


def test_deliverables_timeline_draws_the_most_active_and_the_picker_lists_all(many_chantiers_file,  # noqa: F811
                                                                            monkeypatch):
    at = open_app(many_chantiers_file, monkeypatch, "fr", "app_pages/deliverables.py")
    assert note("fr") in [c.value for c in at.caption]
    timeline = [c for c in at.get("vega_lite_chart") if "bar_start" in c.proto.spec][0]
    drawn = {row["title"] for row in chart_rows(timeline) if "title" in row}
    assert drawn == {f"Guide {i:02d}" for i in [*range(1, 8), 15]}
    assert len(at.selectbox(key="d_deliverable").options) == 15  # any deliverable can be looked at


def test_participation_picker_follows_the_period_to_a_chantier_that_met(many_chantiers_file,  # noqa: F811
                                                                         monkeypatch):
    at = open_app(many_chantiers_file, monkeypatch, "fr", "app_pages/participation.py")
    first = at.selectbox(key="p_chantier").value  # the default period's most active
    with duckdb.connect(str(many_chantiers_file), read_only=True) as con:
        # a day when the chantier picked did not meet, and which chantiers did
        day, met = con.execute("SELECT held_on, list(DISTINCT chantier_id) FROM marts.dash_meeting GROUP BY held_on "
                               "HAVING NOT list_contains(list(chantier_id), ?) ORDER BY held_on DESC LIMIT 1",
                               [first]).fetchone()
        n_chantiers = con.execute("SELECT count(*) FROM marts.chantier").fetchone()[0]
        other = con.execute("SELECT min(chantier_id) FROM marts.chantier WHERE NOT list_contains(?, chantier_id)",
                            [met]).fetchone()[0]
    at.date_input(key="f_period").set_value((day, day)).run()  # one day, changed on the page
    assert not at.exception, [e.value for e in at.exception]
    picker = at.selectbox(key="p_chantier")
    assert len(picker.options) == n_chantiers  # every chantier can still be picked
    assert picker.value in met  # it followed the period (it stayed on one whose charts were empty)
    picker.set_value(other).run()  # a chantier picked by hand stays while the period is left alone
    assert at.selectbox(key="p_chantier").value == other


def test_arrivals_and_departures_are_those_of_the_period(warehouse_file, monkeypatch):  # noqa: F811
    at = open_app(warehouse_file, monkeypatch, "fr", "app_pages/participation.py")
    start, end = at.date_input(key="f_period").value
    late = start + (end - start) / 2
    at.date_input(key="f_period").set_value((late, end)).run()
    assert not at.exception, [e.value for e in at.exception]
    chart = [c for c in at.get("vega_lite_chart") if "event_label" in c.proto.spec][0]
    days = [row["on"] for row in chart_rows(chart) if "on" in row]
    assert days and all(str(late) <= str(day)[:10] <= str(end) for day in days)


def test_deliverables_sharing_a_title_are_told_apart_in_the_picker(many_chantiers_file, tmp_path,  # noqa: F811
                                                                     monkeypatch):
    import shutil

    copy = tmp_path / "w.duckdb"
    shutil.copyfile(many_chantiers_file, copy)
    with duckdb.connect(str(copy)) as con:  # a funder's guides often share a title
        con.execute("UPDATE marts.dash_deliverable SET title = 'Guide pratique' WHERE title < 'Guide 05'")
        ids = sorted(r[0] for r in con.execute(
            "SELECT deliverable_id FROM marts.dash_deliverable WHERE title = 'Guide pratique'").fetchall())
    at = open_app(copy, monkeypatch, "fr", "app_pages/deliverables.py")
    assert not at.exception, [e.value for e in at.exception]
    options = at.selectbox(key="d_deliverable").options
    assert len(options) == len(set(options)) == 15
    assert sorted(o for o in options if o.startswith("Guide pratique")) == [f"Guide pratique · {d}" for d in ids]
    assert "Guide 05" in options  # a title of its own stays as it is


def test_deliverables_timeline_ranks_only_chantiers_with_deliverables(tmp_path, monkeypatch):
    # Only three quiet chantiers produced anything: the eight busiest have nothing to draw.
    rows = dashboard_fixtures.many_chantiers()
    rows["deliverables"] = [d for d in rows["deliverables"] if d["chantier_id"] in {"CH-12", "CH-13", "CH-14"}]
    warehouse = dashboard_fixtures.build_warehouse(tmp_path / "w.duckdb", rows_by_source=rows)
    at = open_app(warehouse, monkeypatch, "fr", "app_pages/deliverables.py")
    timeline = [c for c in at.get("vega_lite_chart") if "bar_start" in c.proto.spec][0]
    assert {row["title"] for row in chart_rows(timeline) if "title" in row} == {"Guide 12", "Guide 13", "Guide 14"}
    assert not any("les plus actifs" in c.value for c in at.caption)


def test_reflection_and_an_explicit_choice(many_chantiers_file, monkeypatch):  # noqa: F811
    at = open_app(many_chantiers_file, monkeypatch, "en", "app_pages/reflection.py")
    assert note("en") in [c.value for c in at.caption]
    cumulative = [c for c in at.get("vega_lite_chart") if "cum_production_share" in c.proto.spec][0]
    assert len({row["chantier_name"] for row in chart_rows(cumulative) if "chantier_name" in row}) == 8
    # Thirteen chosen in the filter: the chart, one colour per line, draws the eight most active of them
    # (all held two meetings: the first eight by name) and says why.
    at.sidebar.multiselect(key="f_chantiers").set_value([f"CH-{i:02d}" for i in range(1, 14)]).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert note("en", 8, 15) not in captions
    assert t("ui.charted_most_active_chosen", "en", n="8", total="13") in captions
    cumulative = [c for c in at.get("vega_lite_chart") if "cum_production_share" in c.proto.spec][0]
    drawn = {row["chantier_name"] for row in chart_rows(cumulative) if "chantier_name" in row}
    assert drawn == {f"Chantier {i:02d}" for i in range(1, 9)}
    # Eight chosen: all drawn, no note.
    at.sidebar.multiselect(key="f_chantiers").set_value([f"CH-{i:02d}" for i in range(6, 14)]).run()
    assert not any("most active" in c.value for c in at.caption)
    cumulative = [c for c in at.get("vega_lite_chart") if "cum_production_share" in c.proto.spec][0]
    drawn = {row["chantier_name"] for row in chart_rows(cumulative) if "chantier_name" in row}
    assert drawn == {f"Chantier {i:02d}" for i in range(6, 14)}


def test_reflection_ranks_only_chantiers_with_agenda_minutes(tmp_path, monkeypatch):
    # Ten picked, but the first three wrote no agenda: seven have a line to draw, one colour each.
    rows = dashboard_fixtures.many_chantiers()
    silent = ("CH-01-", "CH-02-", "CH-03-")
    rows["agenda"] = [a for a in rows["agenda"] if not a["meeting_id"].startswith(silent)]
    warehouse = dashboard_fixtures.build_warehouse(tmp_path / "w.duckdb", rows_by_source=rows)
    at = open_app(warehouse, monkeypatch, "fr", "app_pages/reflection.py")
    at.sidebar.multiselect(key="f_chantiers").set_value([f"CH-{i:02d}" for i in range(1, 11)]).run()
    assert not at.exception
    assert not any("les plus actifs" in c.value for c in at.caption)
    cumulative = [c for c in at.get("vega_lite_chart") if "cum_production_share" in c.proto.spec][0]
    drawn = {row["chantier_name"] for row in chart_rows(cumulative) if "chantier_name" in row}
    assert drawn == {f"Chantier {i:02d}" for i in range(4, 11)}


def test_participation_colours_eight_of_those_chosen_and_lists_them_all_on_axes(many_chantiers_file,  # noqa: F811
                                                                               monkeypatch):
    at = open_app(many_chantiers_file, monkeypatch, "fr", "app_pages/participation.py")
    chosen = [f"CH-{i:02d}" for i in range(3, 15)]  # twelve, CH-14 ... all with two meetings
    at.sidebar.multiselect(key="f_chantiers").set_value(chosen).run()
    assert not at.exception
    assert t("ui.charted_most_active_chosen", "fr", n="8", total="12") in [c.value for c in at.caption]
    specs = at.get("vega_lite_chart")
    for field in ("attendance_rate", "founders_enrolled_share", "blau_index"):  # a line per chantier
        chart = [c for c in specs if field in c.proto.spec][0]
        drawn = {row["chantier_name"] for row in chart_rows(chart) if "chantier_name" in row}
        assert drawn == {f"Chantier {i:02d}" for i in range(3, 11)}, field
    tiers = [c for c in specs if "tier_label" in c.proto.spec][0]  # chantiers on an axis: every one picked
    assert {row["chantier_name"] for row in chart_rows(tiers) if "chantier_name" in row} == {
        f"Chantier {i:02d}" for i in range(3, 15)}


def test_participation_names_at_most_max_chosen_on_an_axis(many_chantiers_file, monkeypatch):  # noqa: F811
    monkeypatch.setattr(metrics, "MAX_CHOSEN", 10)
    at = open_app(many_chantiers_file, monkeypatch, "en", "app_pages/participation.py")
    at.sidebar.multiselect(key="f_chantiers").set_value([f"CH-{i:02d}" for i in range(1, 16)]).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert t("ui.charted_most_active_chosen", "en", n="10", total="15") in captions
    assert t("ui.charted_most_active_chosen", "en", n="8", total="15") in captions
    tiers = [c for c in at.get("vega_lite_chart") if "tier_label" in c.proto.spec][0]
    # CH-15 held three meetings, the others two: then by name
    assert {row["chantier_name"] for row in chart_rows(tiers) if "chantier_name" in row} == {
        f"Chantier {i:02d}" for i in [*range(1, 10), 15]}


def test_reflection_compares_every_stage_and_lists_every_chantier(many_chantiers_file, monkeypatch):  # noqa: F811
    at = open_app(many_chantiers_file, monkeypatch, "fr", "app_pages/reflection.py")
    # The stages compare all 15 chantiers' meetings (31 meetings of 80 reflection and 40 production minutes).
    stages = [c for c in at.get("vega_lite_chart") if '"stage"' in c.proto.spec and "share" in c.proto.spec][0]
    minutes = {row["kind"]: row["minutes"] for row in chart_rows(stages) if "kind" in row}
    assert minutes == {"reflection": 31 * 80, "production": 31 * 40, "other": 0}
    # Any chantier can be picked, charted or not: Chantier 12 is not among the eight most active.
    picker = at.selectbox(key="r_chantier")
    assert len(picker.options) == 15
    picker.set_value("CH-12").run()
    assert not at.exception
    by_meeting = [c for c in at.get("vega_lite_chart")
                  if "meeting_seq" in c.proto.spec and "cum_" not in c.proto.spec][0]
    assert {row["meeting_seq"] for row in chart_rows(by_meeting) if "meeting_seq" in row} == {1, 2}


def test_participation_diversity_along_another_dimension(many_chantiers_file, monkeypatch):  # noqa: F811
    at = open_app(many_chantiers_file, monkeypatch, "en", "app_pages/participation.py")
    at.button_group(key="p_dimension").set_value("region").run()
    assert not at.exception
    diversity = [c for c in at.get("vega_lite_chart") if "blau_index" in c.proto.spec][0]
    rows = [row for row in chart_rows(diversity) if "chantier_name" in row]
    assert len({row["chantier_name"] for row in rows}) == 8
    assert {row["n_categories"] for row in rows} == {2}  # two members present, from two regions


@pytest.mark.parametrize("page", ["app_pages/overview.py", "app_pages/participation.py",
                                  "app_pages/reflection.py", "app_pages/surveys.py",
                                  "app_pages/deliverables.py"])
def test_no_note_on_a_few_chantiers(warehouse_file, monkeypatch, page):  # noqa: F811
    at = open_app(warehouse_file, monkeypatch, "fr", None if page.endswith("overview.py") else page)
    assert not any("les plus actifs" in c.value for c in at.caption)


# --- big tables -----------------------------------------------------------------------------------

def test_big_table_shows_the_first_rows_and_downloads_all(monkeypatch):
    def page():
        import polars as pl

        from dashboard import components as ui

        ui.big_table(pl.DataFrame({"value": list(range(30))}), "en", "rejects", limit=10)
        ui.big_table(pl.DataFrame({"value": list(range(5))}), "en", "warnings", limit=10)

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert [len(d.value) for d in at.dataframe] == [10, 5]
    assert [c.value for c in at.caption] == [t("ui.table_first_rows", "en", shown="10", total="30")]
    assert len(at.get("download_button")) == 2  # CSV and XLSX of the big one only


# --- rows to fix at scale: the page fetches what it shows, a download all of them ------------------

@pytest.fixture(scope="module")
def many_bad_rows_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small population with 520 meetings rejected (bad date) and 505 attendance rows waiting."""
    from tests.dashboard_fixtures import build_warehouse, population

    rows = population()
    rows["meetings"] += [{"meeting_id": f"CH-PRA-X{i:03d}", "chantier_id": "CH-PRA", "held_on": "pas une date",
                          "duration_minutes": "180", "format": "", "stage": ""} for i in range(520)]
    rows["attendance"] += [{"meeting_id": "CH-XXX-R01", "member_id": f"M{i:03d}", "status": "present"}
                           for i in range(505)]
    return build_warehouse(tmp_path_factory.mktemp("bad") / "chantiers.duckdb", rows_by_source=rows)


@pytest.fixture
def deferred_downloads(monkeypatch) -> dict:
    """The download buttons' file makers, by file name (Streamlit calls them when a button is clicked)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict = {}
    real = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return real(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return made


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_quality_shows_the_first_rows_to_fix_and_downloads_them_all(many_bad_rows_file, monkeypatch,  # noqa: F811
                                                                    deferred_downloads, lang):
    import duckdb

    from dashboard import export

    con = duckdb.connect(str(many_bad_rows_file), read_only=True)
    n_rejects, n_rows, n_waiting = con.execute(
        "SELECT (SELECT count(*) FROM marts.dash_rejects), "
        "(SELECT count(DISTINCT (file_name, row_number)) FROM marts.dash_rejects), "
        "(SELECT count(*) FROM marts.dash_quarantine)").fetchall()[0]
    con.close()
    assert n_rejects >= 520 and n_waiting >= 505
    at = open_app(many_bad_rows_file, monkeypatch, lang, "app_pages/quality.py")
    kpis = {m.label: m.value for m in at.metric}
    assert kpis[t("kpi.rejects", lang)] == number(n_rows, lang)  # rows of files; the list holds each reject
    assert kpis[t("kpi.quarantine", lang)] == number(n_waiting, lang)
    captions = [c.value for c in at.caption]
    for total in (n_rejects, n_waiting):  # "500 premières lignes sur 521 ..."
        assert t("ui.table_first_rows", lang, shown=number(500, lang), total=number(total, lang)) in captions
    message = t("field.message_en" if lang == "en" else "field.message_fr", lang)
    rejects = next(d.value for d in at.dataframe if message in d.value.columns)
    assert len(rejects) == 500
    # Each download holds every row, in the language of the page, without personal columns.
    separator = ";" if lang == "fr" else ","
    for name, total in (("rejects", n_rejects), ("quarantine", n_waiting)):
        csv = deferred_downloads[export.file_name(t(f"file.{name}", lang), "csv")]()
        table = pl.read_csv(io.BytesIO(csv), separator=separator, infer_schema=False)
        assert table.height == total
        xlsx = deferred_downloads[export.file_name(t(f"file.{name}", lang), "xlsx")]()
        assert pl.read_excel(io.BytesIO(xlsx)).height == total
        assert not set(table.columns) & {"full_name", "email", "answer", t("field.full_name", lang)}
    reason = t("field.reason_en" if lang == "en" else "field.reason_fr", lang)
    assert set(table.columns) >= {t("field.record_key", lang), reason}


def test_overview_lists_the_first_signals_and_more_for_a_choice(many_chantiers_file, monkeypatch):  # noqa: F811
    at = open_app(many_chantiers_file, monkeypatch, "fr")
    active = len(at.warning) + int(next(c.value for c in at.caption if c.value.startswith("… et ")).split()[2])
    assert active > 20 and len(at.warning) == metrics.MAX_FLAGS  # every chantier idle, every guide unfollowed
    # "Select all" in the filter: more signals, still not one per chantier and flag.
    monkeypatch.setattr(metrics, "MAX_CHOSEN", 20)
    at.sidebar.multiselect(key="f_chantiers").set_value([f"CH-{i:02d}" for i in range(1, 16)]).run()
    assert not at.exception
    assert len(at.warning) == 20
    assert t("health.more_active", "fr", n=number(active - 20, "fr")) in [c.value for c in at.caption]


def test_survey_waves_are_told_apart_by_date_and_chantier_on_two_lines(warehouse_file, monkeypatch):  # noqa: F811
    at = open_app(warehouse_file, monkeypatch, "fr", "app_pages/surveys.py")
    compare = [c for c in at.get("vega_lite_chart") if "row_label" in c.proto.spec][-1]  # the second Likert chart
    waves = {row["row_label"] for row in chart_rows(compare) if "row_label" in row}
    sep = charts.WAVE_SEPARATOR
    # The survey, its date, then its chantier: two surveys of one title on two dates stay two rows.
    assert any(w.startswith("Bilan 2014" + sep + "10 juin 2014 — Évolution des pratiques") for w in waves), waves
    y_axis = json.loads(compare.proto.spec)["layer"][0]["encoding"]["y"]["axis"]
    assert "lastindexof(datum.label" in y_axis["labelExpr"]  # the title, then date and chantier on a second line
    first = [c for c in at.get("vega_lite_chart") if "row_label" in c.proto.spec][0]  # rows are questions
    assert "labelExpr" not in json.loads(first.proto.spec)["layer"][0]["encoding"]["y"]["axis"]


def test_missing_text_is_blank_on_screen_not_none(warehouse_file, monkeypatch):  # noqa: F811
    # Streamlit writes a missing cell "None", in English: a reject's missing value, a file without sheet.
    at = open_app(warehouse_file, monkeypatch, "fr", "app_pages/quality.py")
    rejects = at.dataframe[2].value  # after the sources and the chart's data
    assert rejects["Onglet"].to_list() and set(rejects["Onglet"]) == {""}  # CSV files: no sheet
    for frame in (d.value for d in at.dataframe):
        text = frame.select_dtypes(include=["object", "str"])
        assert not text.isna().any().any(), text.columns[text.isna().any()].to_list()


def test_participation_colours_go_to_chantiers_with_attendance(tmp_path, monkeypatch):
    # The busiest chantier (CH-15) and CH-01..03 recorded no attendance: the eight lines are CH-04..11.
    rows = dashboard_fixtures.many_chantiers()
    silent = ("CH-15-", "CH-01-", "CH-02-", "CH-03-")
    rows["attendance"] = [a for a in rows["attendance"] if not a["meeting_id"].startswith(silent)]
    warehouse = dashboard_fixtures.build_warehouse(tmp_path / "w.duckdb", rows_by_source=rows)
    at = open_app(warehouse, monkeypatch, "fr", "app_pages/participation.py")
    attendance = [c for c in at.get("vega_lite_chart") if "attendance_rate" in c.proto.spec][0]
    drawn = {row["chantier_name"] for row in chart_rows(attendance) if "chantier_name" in row}
    assert drawn == {f"Chantier {i:02d}" for i in range(4, 12)}
    events = [c for c in at.get("vega_lite_chart") if "event_label" in c.proto.spec][0]  # on an axis: the busiest
    assert "Chantier 15" in {row["chantier_name"] for row in chart_rows(events) if "chantier_name" in row}
    # Picked beside one with attendance, a chantier without still draws its founders still members.
    at.sidebar.multiselect(key="f_chantiers").set_value(["CH-04", "CH-15"]).run()
    assert not at.exception
    specs = at.get("vega_lite_chart")
    founders = [c for c in specs if "founders_enrolled_share" in c.proto.spec][0]
    assert {row["chantier_name"] for row in chart_rows(founders) if "chantier_name" in row} == {
        "Chantier 04", "Chantier 15"}
    attendance = [c for c in specs if "attendance_rate" in c.proto.spec][0]
    assert {row["chantier_name"] for row in chart_rows(attendance) if "chantier_name" in row} == {"Chantier 04"}


def test_participation_without_any_attendance_still_draws_founders_still_members(tmp_path, monkeypatch):
    rows = dashboard_fixtures.many_chantiers()
    del rows["attendance"]
    warehouse = dashboard_fixtures.build_warehouse(tmp_path / "w.duckdb", rows_by_source=rows)
    at = open_app(warehouse, monkeypatch, "fr", "app_pages/participation.py")
    assert not at.exception
    for field in ("attendance_rate", "blau_index"):
        chart = [c for c in at.get("vega_lite_chart") if field in c.proto.spec][0]
        assert not [row for row in chart_rows(chart) if "chantier_name" in row], field
    founders = [c for c in at.get("vega_lite_chart") if "founders_enrolled_share" in c.proto.spec][0]
    assert {row["chantier_name"] for row in chart_rows(founders) if "chantier_name" in row} == {
        f"Chantier {i:02d}" for i in [*range(1, 8), 15]}  # the eight most active


def test_with_a_period_every_reach_on_the_deliverables_page_counts_the_same_followups(warehouse_file,  # noqa: F811
                                                                                       monkeypatch):
    # A funder's report for one year: the funnel's reach, the charts by channel and the overview's
    # headline are one figure; a deliverable's cards add up the follow-ups its chart draws.
    import datetime as dt

    import duckdb

    con = duckdb.connect(str(warehouse_file), read_only=True)
    months = [m for (m,) in con.execute("SELECT DISTINCT month_on FROM marts.dash_diffusion ORDER BY 1").fetchall()]
    start, end = months[len(months) // 3], months[2 * len(months) // 3]
    in_period = con.execute("SELECT coalesce(sum(value), 0) FROM marts.dash_diffusion WHERE month_on BETWEEN ? AND ? "
                            f"AND metric IN {tuple(metrics.REACH_METRICS)}", [start, end]).fetchone()[0]
    all_time = con.execute("SELECT sum(reach) FROM marts.dash_deliverable").fetchone()[0]
    followed = dict(con.execute(
        "SELECT DISTINCT d.title, d.released_on < ? FROM marts.dash_diffusion AS x "
        "JOIN marts.dash_deliverable AS d USING (deliverable_id) WHERE x.month_on BETWEEN ? AND ?",
        [start, start, end]).fetchall())
    assert any(followed.values())  # one was released before the period: its follow-ups count in it
    con.close()
    assert 0 < in_period < all_time  # the period leaves follow-ups out: the figures must say so alike
    at = open_app(warehouse_file, monkeypatch, "fr", "app_pages/deliverables.py")
    at.date_input(key="f_period").set_value((start, end + dt.timedelta(days=27))).run()
    assert not at.exception, [e.value for e in at.exception]
    funnel = next(c for c in at.get("vega_lite_chart") if any("step" in r for r in chart_rows(c)))
    reach = {r["step"]: r["value"] for r in chart_rows(funnel) if "step" in r}["reach"]
    assert reach == in_period
    # The list (and the satisfied respondents it counts) holds every deliverable whose follow-ups make
    # that reach, released before the period or not.
    assert set(followed) <= set(at.selectbox(key="d_deliverable").options)
    detail = queries_for(at)
    assert detail["cards"] == detail["chart"]


def queries_for(at: AppTest) -> dict:
    """The chosen deliverable's reach card, and the reach of the follow-ups its chart draws."""
    cards = {m.label: m.value for m in at.metric}
    chart = next((c for c in at.get("vega_lite_chart") if "followups" in json.dumps(c.proto.spec)
                  or t("chart.followups.title", "fr") in c.proto.spec), None)
    drawn = 0 if chart is None else sum(r.get("value") or 0 for r in chart_rows(chart)
                                        if r.get("metric") in metrics.REACH_METRICS)
    return {"cards": cards[t("field.reach", "fr")], "chart": number(drawn, "fr")}
