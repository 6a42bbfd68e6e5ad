"""Benchmark 4b, page render at scale: each page's AppTest render time on a big warehouse and on the demo.

    python benchmarks/bench_dashboard_pages.py --scale 1000                 # the real figures
    python benchmarks/bench_dashboard_pages.py --warehouse FILE             # any built warehouse
    python benchmarks/bench_dashboard_pages.py --scale 1 --check --langs fr --repeat 1   # CI: results only

The demo data (demo/data) is loaded into a temporary warehouse with the real pipeline; the big one
is bench-out/models/scale-N.duckdb (loaded and built by bench_models.py if missing). Every page
runs in Streamlit's AppTest (the whole script, app.py and the page, no browser), in the same
process, on both warehouses in turn:

- "cold": Streamlit's data cache is cleared just before the page's run, so every query of the page
  misses (as on the first visit after a load); the median of --repeat runs.
- "warm": the median of --repeat runs right after, with the results in the cache.

Target (issue 4): each page at most 2 times its time on the demo. The rendering is in-process
(no websocket, no browser drawing the charts); section 5 measures a real browser.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmarks.bench_dashboard_queries import quiet_streamlit  # noqa: E402
from benchmarks.common import dump, table, write_section  # noqa: E402
from dashboard.i18n import t  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
PAGES = ["app_pages/overview.py", "app_pages/participation.py", "app_pages/reflection.py",
         "app_pages/deliverables.py", "app_pages/surveys.py", "app_pages/analyses.py", "app_pages/quality.py",
         "app_pages/upload.py"]
TARGET_RATIO = 2.0


def demo_warehouse(folder: Path) -> Path:
    from pipelines.load import load_paths

    path = folder / "demo.duckdb"
    started = time.perf_counter()
    load_paths([ROOT / "demo" / "data"], path)
    print(f"demo data loaded in {time.perf_counter() - started:.2f} s -> {path}")
    return path


def page_id(page: str) -> str:
    return Path(page).stem


def render(page: str, lang: str, cold: bool) -> float:
    """Seconds of one run of `page` (after the default page's run when it is another page)."""
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["lang"] = lang
    if not page.endswith("overview.py"):
        at.run()  # the default page first, as a visitor arriving on the dashboard; not timed
        if at.exception:
            raise RuntimeError(f"overview ({lang}): {at.exception[0].value}")
        at.switch_page(page)
    if cold:
        st.cache_data.clear()
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{page} ({lang}): {at.exception[0].value} (Streamlit logged the traceback above)")
    expected = t(f"page.{page_id(page)}.title", lang)
    titles = [e.value for e in at.title]
    if expected not in titles:
        raise RuntimeError(f"{page} ({lang}): title {expected!r} not drawn (titles: {titles})")
    return elapsed


def measure(warehouse: Path, langs: list[str], repeat: int) -> dict[tuple[str, str], dict]:
    os.environ["CHANTIERS_WAREHOUSE"] = str(warehouse)
    st.cache_data.clear()
    st.cache_resource.clear()
    out = {}
    for lang in langs:
        for page in PAGES:
            cold = statistics.median(render(page, lang, cold=True) for _ in range(repeat))
            warm = statistics.median(render(page, lang, cold=False) for _ in range(repeat))
            out[(page_id(page), lang)] = {"cold": cold, "warm": warm}
            print(f"  {page_id(page):<14} {lang:<3} cold {cold:7.3f} s  warm {warm:7.3f} s", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1000)
    parser.add_argument("--warehouse", type=Path, help="a built warehouse instead of the scale's")
    parser.add_argument("--repeat", type=int, default=3, help="runs per page for each median (default 3)")
    parser.add_argument("--langs", nargs="+", default=["fr", "en"], choices=["fr", "en"])
    parser.add_argument("--check", action="store_true", help="check results only (CI); do not write BENCHMARKS.md")
    args = parser.parse_args()
    quiet_streamlit()
    from benchmarks.bench_models import chosen_warehouse

    big, name = chosen_warehouse(args.warehouse, args.scale)
    repeat = max(1, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        demo = demo_warehouse(Path(tmp))
        if not args.check:  # times are not looked at in --check
            os.environ["CHANTIERS_WAREHOUSE"] = str(demo)
            started = time.perf_counter()
            for page in PAGES:  # not timed: imports, the pages' first compilation
                render(page, args.langs[0], cold=True)
            print(f"warm-up (every page once on the demo, not counted): {time.perf_counter() - started:.1f} s")
        print(f"demo ({demo}):")
        on_demo = measure(demo, args.langs, repeat)
        print(f"{name} ({big}):")
        on_big = measure(big, args.langs, repeat)
    rows = []
    for key, small in on_demo.items():
        large = on_big[key]
        cold_ratio, warm_ratio = large["cold"] / small["cold"], large["warm"] / small["warm"]
        rows.append({"page": key[0], "lang": key[1], "demo cold s": f"{small['cold']:.3f}",
                     "cold s": f"{large['cold']:.3f}", "cold ratio": f"{cold_ratio:.2f}",
                     "demo warm s": f"{small['warm']:.3f}", "warm s": f"{large['warm']:.3f}",
                     "warm ratio": f"{warm_ratio:.2f}",
                     "within 2x": "yes" if max(cold_ratio, warm_ratio) <= TARGET_RATIO else "NO"})
    columns = list(rows[0])
    print(table(rows, columns))
    missing = {page_id(p) for p in PAGES} - {r["page"] for r in rows}
    assert not missing, f"pages not timed: {missing}"
    slow = [f"{r['page']} ({r['lang']})" for r in rows if r["within 2x"] == "NO"]
    print(f"{len(rows)} page renders compared; over 2x the demo: {', '.join(slow) or 'none'}")
    dump(f"dashboard-pages-{name.replace(' ', '-')}", rows)
    if not args.check:
        write_section(f"4b. Page render at {name} vs demo", (
            "Each page run by Streamlit's AppTest (app.py and the page, in process, no browser) on the "
            f"{name} warehouse and on the demo data. Cold: data cache cleared just before the page's run "
            f"(every query runs); warm: results cached. Medians of {repeat} run(s). "
            "Target: at most 2x the demo.\n\n" + table(rows, columns)))


if __name__ == "__main__":
    main()
