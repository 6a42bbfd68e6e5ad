"""Benchmark 5, cold start: from `chantiers serve` to the first page drawn in a browser.

    python benchmarks/bench_cold_start.py --scale 1000          # the real figures
    python benchmarks/bench_cold_start.py --scale 1 --check     # CI: checks results, not times

Each run starts a new server, `python -m pipelines.cli serve --warehouse W --port P --headless`
(a free port), polls /_stcore/health, then opens the dashboard's first page (the overview) in
Debian's chromium driven by Playwright, in a new browser context (empty cache), and waits for the
page's title (the h1 in stMain) and its first chart (a drawn canvas or svg). The browser itself is
started once, before the runs, outside the timing. Times are from the start of the `serve`
process. The warehouse is bench-out/models/scale-N.duckdb (loaded and built by bench_models.py if
missing) or --warehouse. Runs follow each other, so the operating system's file cache is warm
after the first: the first run is the truly cold one.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import OUT, ROOT, dump, table, write_section  # noqa: E402
from dashboard.i18n import t  # noqa: E402

CHROMIUM = Path("/usr/lib/chromium/chromium")
CHART = '[data-testid="stMain"] [data-testid="stVegaLiteChart"] canvas, ' \
        '[data-testid="stMain"] [data-testid="stVegaLiteChart"] svg'
TITLE = '[data-testid="stMain"] h1'
SHELL = '[data-testid="stApp"]'  # drawn by the front end before the script's first element
TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Stop the server: the CLI process and the streamlit process it started (its own group)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)  # the group: the CLI may be gone with streamlit still up
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)
    deadline = time.monotonic() + 20  # the streamlit child may outlive the CLI by a moment
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)


def one_run(browser, warehouse: Path, lang: str) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    OUT.mkdir(parents=True, exist_ok=True)
    log_path = OUT / "cold-start-server.log"
    log = open(log_path, "w")
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "pipelines.cli", "serve", "--warehouse", str(warehouse),
                                "--port", str(port), "--headless"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"the server stopped: {log_path.read_text()}") from None
                if time.perf_counter() - started > TIMEOUT_S:
                    raise RuntimeError("the server did not answer /_stcore/health") from None
                time.sleep(0.02)
        health = time.perf_counter() - started
        context = browser.new_context(viewport={"width": 1400, "height": 900},
                                      locale="fr-CA" if lang == "fr" else "en-CA")
        page = context.new_page()
        try:
            page.goto(f"{url}/?lang={lang}", wait_until="commit")
            page.wait_for_selector(SHELL, timeout=TIMEOUT_S * 1000)
            shell_at = time.perf_counter() - started
            page.wait_for_selector(TITLE, timeout=TIMEOUT_S * 1000)
            title_at = time.perf_counter() - started
            page.wait_for_selector(CHART, timeout=TIMEOUT_S * 1000)
            chart_at = time.perf_counter() - started
            title = page.locator(TITLE).first.inner_text().strip()
            exceptions = page.locator('[data-testid="stException"]').count()
        except Exception:
            page.screenshot(path=str(OUT / "cold-start-failure.png"))
            print(f"the page did not render; screenshot {OUT / 'cold-start-failure.png'}, server log {log_path}",
                  file=sys.stderr)
            raise
        finally:
            context.close()
    finally:
        stop(process)
        log.close()
    return {"health": health, "shell": shell_at, "title": title_at, "chart": chart_at, "title_text": title,
            "exceptions": exceptions}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1000)
    parser.add_argument("--warehouse", type=Path, help="a built warehouse instead of the scale's")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", choices=["fr", "en"], default="fr")
    parser.add_argument("--check", action="store_true", help="check results only (CI); do not write BENCHMARKS.md")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit(f"Debian chromium is not installed at {CHROMIUM} (`make test-setup` installs it)")
    from benchmarks.bench_models import chosen_warehouse

    warehouse, name = chosen_warehouse(args.warehouse, args.scale)
    from playwright.sync_api import sync_playwright

    runs = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            for i in range(max(1, args.repeat)):
                run = one_run(browser, warehouse, args.lang)
                runs.append(run)
                print(f"run {i + 1}: health {run['health']:.2f} s, app shell {run['shell']:.2f} s, "
                      f"title {run['title']:.2f} s, "
                      f"first chart {run['chart']:.2f} s", flush=True)
        finally:
            browser.close()
    expected = t("page.overview.title", args.lang)
    for run in runs:
        assert run["title_text"] == expected, f"first page's title {run['title_text']!r}, expected {expected!r}"
        assert run["exceptions"] == 0, "the first page shows an exception"
    columns = {"health": "to health s", "shell": "to app shell s", "title": "to title s",
               "chart": "to first chart s"}
    rows = [{"run": i + 1, **{c: f"{r[k]:.2f}" for k, c in columns.items()}} for i, r in enumerate(runs)]
    rows.append({"run": "median", **{c: f"{statistics.median(r[k] for r in runs):.2f}" for k, c in columns.items()}})
    print(table(rows, list(rows[0])))
    print(f"first page: {expected!r} drawn with its chart in every run ({len(runs)})")
    dump(f"cold-start-{name.replace(' ', '-')}", runs)
    if not args.check:
        write_section("5. Cold start", (
            f"From starting `chantiers serve` on the {name} warehouse to the first page (overview, "
            f"{args.lang}) drawn in Debian's chromium (Playwright, new context, browser already open): "
            "the server's /_stcore/health answering, the front end's shell (stApp), the page's title (h1), "
            "its first chart drawn (canvas or svg). The first "
            "run has the coldest file cache.\n\n" + table(rows, list(rows[0]))))


if __name__ == "__main__":
    main()
