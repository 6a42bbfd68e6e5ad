"""Benchmark 4a, dashboard queries at scale: every query each page runs, without Streamlit's cache.

    python benchmarks/bench_dashboard_queries.py --scale 1000              # the real figures
    python benchmarks/bench_dashboard_queries.py --scale 1 --check         # CI: checks results, not times

The warehouse is bench-out/models/scale-N.duckdb (loaded and built by bench_models.py if missing),
or the file given with --warehouse. Each page's queries are listed below with the arguments the
page passes on its first visit: the default filters (every chantier and region, the whole period
from `queries.date_span`, as `state.sidebar_filters` draws them), the first chantier, the first
survey. The list is checked against the calls written in the page files (and app.py, state.py), so
a new query on a page fails `--check` until it is listed here.

Each query goes through `queries.run` as the page calls it, after `queries._fetch.clear()`: a cache
miss, as on a page's first visit after a load (SQL, Arrow to polars, storing in the cache). The
read-only connection stays open as on a running server; opening it is timed apart. A page's time
is the sum of its queries (they run one after the other). Target (issue 4): 95th percentile of
each page under 300 ms at scale 1000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, dump, table, write_section  # noqa: E402

TARGET_MS = 300.0
# What app.py runs before every page (`queries.status`, `queries.failed_models`), and the sidebar before each analysis page.
APP = ["status", "failed_models"]
SIDEBAR = ["chantiers", "date_span", "regions"]
# page -> the query functions it calls itself (besides APP and, for analysis pages, SIDEBAR).
PAGES: dict[str, list[str]] = {
    "overview": ["headline", "member_count", "meeting_health", "deliverable_followups"],
    "participation": ["chantiers", "chantier_activity", "meetings", "memberships", "diversity", "composition",
                      "attendance_grid"],
    "reflection": ["chantiers", "chantier_activity", "meetings", "minutes_by_stage"],
    "deliverables": ["deliverables", "chantier_activity", "diffusion_totals", "diffusion"],
    "surveys": ["survey_items", "chantier_activity", "survey_texts"],
    "analyses": ["analysis_marts", "mart_count", "mart_rows"],
    "quality": ["freshness", "rows_to_fix_counts", "rejects", "quarantine", "warnings", "ledger"],
    "upload": [],
}
ANALYSIS = {"overview", "participation", "reflection", "deliverables", "surveys", "analyses"}
NOT_QUERIES = {"warehouse_path", "clear", "Result", "Filters", "MartFilters"}


def written_calls(path: Path) -> set[str]:
    """The `queries.<function>(` calls written in a file (state.chantier_names counts as chantiers)."""
    text = path.read_text(encoding="utf-8")
    found = set(re.findall(r"\bqueries\.([a-z_]+)\(", text)) - NOT_QUERIES
    if "state.chantier_names(" in text:
        found.add("chantiers")
    return found


def check_lists() -> None:
    """The lists above match what the page files, app.py and state.sidebar_filters call."""
    dash = ROOT / "dashboard"
    assert written_calls(dash / "app.py") == set(APP), f"app.py calls {written_calls(dash / 'app.py')}"
    state = (dash / "state.py").read_text(encoding="utf-8")
    body = state.split("def sidebar_filters", 1)[1].split("\ndef ", 1)[0]
    sidebar = set(re.findall(r"\bqueries\.([a-z_]+)\(", body)) - NOT_QUERIES
    assert sidebar == set(SIDEBAR), f"state.sidebar_filters calls {sidebar}"
    for page, listed in PAGES.items():
        written = written_calls(dash / "app_pages" / f"{page}.py")
        assert written == set(listed), f"{page}.py calls {sorted(written)}, the benchmark lists {sorted(listed)}"


def default_filters(queries):
    """The filters of a first visit, as state.sidebar_filters returns them."""
    span = queries.date_span().frame.row(0, named=True)
    first = span["first_on"] or dt.date.today()
    last = max(span["last_on"] or dt.date.today(), first)
    return queries.Filters((), first, last, ())


def page_calls(queries, f) -> dict[str, list[tuple[str, Callable]]]:
    """page -> [(label, call)], each distinct query once (a repeated call is a cache hit on the page)."""
    from dashboard.metrics import MAX_TABLE_ROWS, chantiers_to_chart

    chantier = queries.chantiers().frame["chantier_id"][0]
    items = queries.survey_items(f).frame
    survey = items["survey_id"][0] if items.height else "none"
    # Participation and reflection fetch the rows of the chantiers they chart (the most active at scale).
    charted = f.on_chantiers(chantiers_to_chart(queries.chantier_activity(f).frame).ids)
    deliverable = queries.deliverables(f).frame["deliverable_id"][0]
    # The analyses page on the largest public mart (a row per member and chantier).
    mart = "member_participation"
    columns = queries.analysis_marts().frame
    columns = columns.filter(columns["mart"] == mart)
    applies = queries.MartFilters.of(dict(columns.select("column_name", "data_type").iter_rows()))
    calls: dict[str, Callable] = {
        "status": queries.status, "failed_models": queries.failed_models, "chantiers": queries.chantiers, "date_span": queries.date_span,
        "regions": queries.regions, "headline": lambda: queries.headline(f),
        "member_count": lambda: queries.member_count(f), "meetings": lambda: queries.meetings(charted),
        "meeting_health": lambda: queries.meeting_health(f),
        "deliverable_followups": lambda: queries.deliverable_followups(f),
        "deliverables": lambda: queries.deliverables(f), "memberships": lambda: queries.memberships(charted),
        "diversity": lambda: queries.diversity(charted, "function"),
        "composition": lambda: queries.composition(f, "function", chantier),
        "minutes_by_stage": lambda: queries.minutes_by_stage(f),
        "attendance_grid": lambda: queries.attendance_grid(f, chantier),
        "diffusion_totals": lambda: [queries.diffusion_totals(f, by) for by in queries.DIFFUSION_GROUPS][-1],
        "diffusion": lambda: queries.diffusion(f, deliverable),
        "survey_items": lambda: queries.survey_items(f), "survey_texts": lambda: queries.survey_texts(survey),
        "chantier_activity": lambda: queries.chantier_activity(f),
        "freshness": queries.freshness, "rows_to_fix_counts": queries.rows_to_fix_counts,
        "rejects": lambda: queries.rejects(MAX_TABLE_ROWS), "quarantine": lambda: queries.quarantine(MAX_TABLE_ROWS),
        "warnings": lambda: queries.warnings(MAX_TABLE_ROWS), "ledger": queries.ledger,
        "analysis_marts": queries.analysis_marts, "mart_count": lambda: queries.mart_count(mart, f, applies),
        "mart_rows": lambda: queries.mart_rows(mart, f, applies, MAX_TABLE_ROWS),
    }
    labels = {"composition": "composition(function)", "attendance_grid": f"attendance_grid({chantier})",
              "survey_texts": f"survey_texts({survey})"}
    out = {}
    for page, own in PAGES.items():
        names = list(dict.fromkeys(APP + (SIDEBAR if page in ANALYSIS else []) + own))
        out[page] = [(labels.get(n, n), calls[n]) for n in names]
    return out


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def quiet_streamlit() -> None:
    """No "No runtime found" / "missing ScriptRunContext" warnings: these runs are outside a server.

    Those two loggers are disabled (AppTest re-reads the config, which resets the log levels).
    """
    from streamlit.logger import get_logger

    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context",
                 "streamlit.runtime.caching.cache_data_api", "streamlit.runtime.caching.cache_resource_api"):
        get_logger(name).disabled = True


def measure(warehouse: Path, repeat: int) -> tuple[list[dict], list[dict], dict]:
    os.environ["CHANTIERS_WAREHOUSE"] = str(warehouse)
    quiet_streamlit()
    from dashboard import queries

    queries.clear()
    started = time.perf_counter()
    assert queries.status() == "ready", f"{warehouse}: no marts or no chantier"
    first_call = time.perf_counter() - started  # opens the read-only connection, first query
    f = default_filters(queries)
    pages = page_calls(queries, f)
    times: dict[tuple[str, str], list[float]] = {(p, q): [] for p, calls in pages.items() for q, _ in calls}
    rows: dict[tuple[str, str], int] = {}
    page_totals: dict[str, list[float]] = {p: [] for p in pages}
    for _ in range(repeat):
        for page, calls in pages.items():
            queries._fetch.clear()  # every query of the page misses; the connection stays open
            total = 0.0
            for label, call in calls:
                started = time.perf_counter()
                result = call()
                elapsed = time.perf_counter() - started
                total += elapsed
                times[(page, label)].append(elapsed * 1000)
                rows[(page, label)] = result.frame.height if hasattr(result, "frame") else 1
            page_totals[page].append(total * 1000)
    per_query = [{"page": p, "query": q, "rows": rows[(p, q)], "median ms": statistics.median(v),
                  "p95 ms": percentile(v, 95), "max ms": max(v)} for (p, q), v in times.items()]
    per_page = []
    for page, totals in page_totals.items():
        own = [r for r in per_query if r["page"] == page]
        slowest = max(own, key=lambda r: r["p95 ms"])
        p95 = percentile(totals, 95)
        per_page.append({"page": page, "queries": len(own), "median ms": statistics.median(totals), "p95 ms": p95,
                         "slowest query": slowest["query"], "slowest p95 ms": slowest["p95 ms"],
                         "under 300 ms": "yes" if p95 < TARGET_MS else "NO"})
    context = {"filters": f, "first call ms": first_call * 1000, "repeat": repeat}
    return per_page, per_query, context


def fmt(rows: list[dict]) -> list[dict]:
    return [{k: (f"{v:.1f}" if isinstance(v, float) else v) for k, v in r.items()} for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1000)
    parser.add_argument("--warehouse", type=Path, help="a built warehouse instead of the scale's")
    parser.add_argument("--repeat", type=int, default=20, help="runs of every page's queries (default 20)")
    parser.add_argument("--check", action="store_true", help="check results only (CI); do not write BENCHMARKS.md")
    args = parser.parse_args()
    check_lists()
    from benchmarks.bench_models import chosen_warehouse

    warehouse, name = chosen_warehouse(args.warehouse, args.scale)
    per_page, per_query, context = measure(warehouse, max(1, args.repeat))
    f = context["filters"]
    page_cols = ["page", "queries", "median ms", "p95 ms", "slowest query", "slowest p95 ms", "under 300 ms"]
    query_cols = ["page", "query", "rows", "median ms", "p95 ms", "max ms"]
    print(f"warehouse: {warehouse}; filters: all chantiers and regions, {f.start} to {f.end}; "
          f"{context['repeat']} run(s) per page; first query (opens the connection): "
          f"{context['first call ms']:.0f} ms")
    print(table(fmt(per_page), page_cols))
    print()
    print(table(fmt(per_query), query_cols))
    by_query = {(r["page"], r["query"].split("(")[0]): r for r in per_query}
    for page in ("overview", "participation", "reflection", "deliverables", "surveys"):
        assert by_query[(page, "chantiers")]["rows"] > 0, f"{page}: no chantier"
    for page, query in [("overview", "headline"), ("overview", "meeting_health"), ("participation", "memberships"),
                        ("participation", "attendance_grid"), ("deliverables", "deliverables"),
                        ("surveys", "survey_items"), ("quality", "freshness"), ("quality", "ledger")]:
        assert by_query[(page, query)]["rows"] > 0, f"{page}: {query} returned no row"
    assert [r["page"] for r in per_page] == list(PAGES)
    dump(f"dashboard-queries-{name.replace(' ', '-')}", {"per_page": per_page, "per_query": per_query,
                                                          "context": context})
    if not args.check:
        write_section(f"4a. Dashboard queries at {name}", (
            "Every query each page runs on a first visit (`dashboard/queries.py` through `queries.run`, "
            "cache cleared before each page: SQL, Arrow to polars, cache store), with the default filters "
            f"(all chantiers and regions, {f.start} to {f.end}). {context['repeat']} runs per page; a page's "
            "time is the sum of its queries. Target: 95th percentile under 300 ms per page.\n\n"
            + table(fmt(per_page), page_cols) + "\n\nPer query:\n\n" + table(fmt(per_query), query_cols)
            + f"\n\nOpening the read-only connection with the first query: {context['first call ms']:.0f} ms."))


if __name__ == "__main__":
    main()
