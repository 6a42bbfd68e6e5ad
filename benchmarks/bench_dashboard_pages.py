"""Render time of each dashboard page on the demo data (AppTest, no browser). Not a test.

    .venv/bin/python benchmarks/bench_dashboard_pages.py [--warehouse FILE] [--repeat N]

Without --warehouse, the bundled demo data (demo/data) is loaded into a temporary warehouse
with the real pipeline. "cold" is the first run after the caches are cleared (queries run);
"warm" is the median of the next runs (results from the cache).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
PAGES = ["app_pages/overview.py", "app_pages/participation.py", "app_pages/reflection.py",
         "app_pages/deliverables.py", "app_pages/surveys.py", "app_pages/quality.py", "app_pages/upload.py"]


def demo_warehouse(folder: Path) -> Path:
    from pipelines.load import load_paths

    path = folder / "demo.duckdb"
    started = time.perf_counter()
    load_paths([ROOT / "demo" / "data"], path)
    print(f"demo data loaded in {time.perf_counter() - started:.2f} s -> {path}")
    return path


def render(page: str, lang: str) -> float:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    started = time.perf_counter()
    at.run()
    if not page.endswith("overview.py"):
        started = time.perf_counter()  # time the page itself, not the default page run before it
        at.switch_page(page).run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{page} ({lang}): {at.exception[0].value}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = args.warehouse or demo_warehouse(Path(tmp))
        os.environ["CHANTIERS_WAREHOUSE"] = str(warehouse)
        print(f"{'page':<28} {'lang':<4} {'cold (s)':>9} {'warm (s)':>9}")
        for lang in ("fr", "en"):
            for page in PAGES:
                st.cache_data.clear()
                st.cache_resource.clear()
                cold = render(page, lang)
                warm = statistics.median(render(page, lang) for _ in range(max(1, args.repeat)))
                print(f"{Path(page).stem:<28} {lang:<4} {cold:>9.3f} {warm:>9.3f}")


if __name__ == "__main__":
    main()
