"""The dashboard in a real browser (Debian chromium driven by Playwright): every page in both
languages renders its charts with no error and no developer menu, fetches nothing from outside,
and leaves a screenshot in artifacts/screenshots/ for a human to look at."""

import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from dashboard.i18n import t
from dashboard.server import start
from tests.dashboard_fixtures import warehouse_file  # noqa: F401

CHROMIUM = Path("/usr/lib/chromium/chromium")
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
DEMO = Path(__file__).resolve().parents[1] / "demo" / "data"
PAGES = {  # url path -> (title key, charts expected on the fixture)
    "": ("page.overview.title", 1),
    "participation": ("page.participation.title", 7),
    "reflexion-production": ("page.reflection.title", 4),
    "livrables": ("page.deliverables.title", 6),
    "sondages": ("page.surveys.title", 2),
    "qualite-donnees": ("page.quality.title", 1),
    "charger": ("page.upload.title", 0),
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Debian chromium is not installed at {CHROMIUM} "
                       "(`make test-setup` installs it with apt-get)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(warehouse_file):  # noqa: F811
    yield from serving(warehouse_file)


@pytest.fixture(scope="module")
def slow_server(warehouse_file):  # noqa: F811
    """A server whose loads (dry runs from the upload page included) pause 6 s before their checkpoint."""
    yield from serving(warehouse_file, {"CHANTIERS_FAULT": "pause:before_checkpoint:6"})


def serving(warehouse: Path, env: dict[str, str] | None = None):
    port = free_port()
    process = start(warehouse, port, headless=True, env=env)
    url = f"http://localhost:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(process.stdout.read().decode())
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


def settle(page, n_charts: int) -> None:
    """Wait until the script has run and the expected charts are drawn (canvas or svg)."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=30_000)
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        running = page.locator('[data-testid="stStatusWidget"]').count()
        drawn = page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg').count()
        if not running and drawn >= n_charts:
            break
        page.wait_for_timeout(250)
    page.wait_for_timeout(800)  # let the last chart finish painting


def screenshot(page, path: Path) -> None:
    """The whole page (Streamlit scrolls inside its main block, so grow the window first)."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(900, height + 40), 16_000)})
    page.wait_for_timeout(1200)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 900})


def seen(page, selector: str) -> str:
    """What a reader sees of the element: the French drawn over it (i18n.drawn_over), else its own text."""
    return page.evaluate("""(selector) => {
        const el = document.querySelector(selector);
        const after = getComputedStyle(el, '::after').content;
        return after && after !== 'none' && getComputedStyle(el).fontSize === '0px' ? JSON.parse(after) : el.innerText;
    }""", selector)


def upload_page(browser, url: str, lang: str):
    """A new browser page on the upload page, its file box drawn."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{url}/charger?lang={lang}")
    page.wait_for_selector('[data-testid="stFileUploaderDropzone"] button', timeout=30_000)
    return page


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p or "vue-ensemble")
def test_page_renders_in_the_browser(server, browser, path, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="fr-CA" if lang == "fr" else "en-CA")
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url)
            if urlparse(r.url).hostname not in ("localhost", "127.0.0.1", None) and not r.url.startswith(("data:", "blob:"))
            else None)
    title_key, n_charts = PAGES[path]
    try:
        page.goto(f"{server}/{path}?lang={lang}")
        settle(page, n_charts)
        screenshot(page, SHOTS / f"{lang}-{path or 'vue-ensemble'}.png")
        assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == t(title_key, lang)
        assert page.title().startswith(t("app.title", lang)) or t(f"page.{title_key.split('.')[1]}.nav", lang) in page.title()
        charts = page.locator('[data-testid="stVegaLiteChart"]')
        assert charts.count() >= n_charts
        for i in range(charts.count()):
            assert charts.nth(i).locator("canvas, svg").count() > 0, f"chart {i} did not render"
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        assert page.locator('[data-testid="stAppDeployButton"]').count() == 0  # no Deploy button for users
        assert not outside, outside  # no fonts, data or extensions fetched from outside
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_chantier_picker_speaks_the_page_language(server, browser, lang):
    # Streamlit's picker offers "Select all" and says "No results" in English only.
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    dropdown = '[data-testid="stMultiSelectDropdown"] '
    try:
        page.goto(f"{server}/?lang={lang}")
        picker = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input').first
        picker.wait_for(timeout=30_000)
        picker.click()
        page.wait_for_selector('[data-testid="stMultiSelectDropdown"] [data-key="__select_all__"]', timeout=10_000)
        if lang == "fr":  # the sidebar's style may reach the page a moment after the picker
            page.wait_for_function("() => getComputedStyle(document.querySelector("
                                   "'[data-testid=\"stMultiSelectDropdown\"] [data-key=\"__select_all__\"] > div'))"
                                   ".fontSize === '0px'", timeout=10_000)
        assert seen(page, dropdown + '[data-key="__select_all__"] > div') == t("filters.select_all", lang)
        names = page.locator('[data-testid="stMultiSelectDropdown"] [role="option"]').all_inner_texts()[1:]
        shared = max("abcdefghijklmnopqrstuvwxyz", key=lambda c: sum(c in n.lower() for n in names))
        assert sum(shared in n.lower() for n in names) >= 2
        page.keyboard.type(shared)  # a letter of several names: "Select 2 matches"
        page.wait_for_selector('[data-testid="stMultiSelectDropdown"] [data-key="__select_matches__"]', timeout=10_000)
        matches = seen(page, dropdown + '[data-key="__select_matches__"] > div')
        assert matches == "Sélectionner tous les résultats" if lang == "fr" else matches.startswith("Select ")
        page.keyboard.type("zzqq")
        page.wait_for_selector('[data-testid="stMultiSelectDropdown"] [data-empty="true"]', timeout=10_000)
        none = '[role="listbox"][data-empty="true"] [role="option"] > span'
        assert seen(page, dropdown + none) == t("filters.no_results", lang)
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_upload_button_speaks_the_page_language(server, browser, lang):
    # Streamlit writes "Upload" and "50MB per file" in English only; the French page draws its own words.
    page = upload_page(browser, server, lang)
    try:
        zone = '[data-testid="stFileUploaderDropzone"] '
        shown = [seen(page, zone + 'button [data-testid="stMarkdownContainer"] p'),
                 seen(page, zone + '[data-testid="stFileUploaderDropzoneInstructions"] span')]
        if lang == "fr":
            assert shown == ["Choisir des fichiers", "50 Mo par fichier • CSV, XLSX"]
        else:
            assert shown == ["Upload", "50MB per file • CSV, XLSX"]
        # Files dragged over the box: Streamlit writes "Drag and drop files here" over it.
        dragged = page.evaluate_handle("""() => { const d = new DataTransfer();
            d.items.add(new File(['x'], 'membres.csv', {type: 'text/csv'})); return d; }""")
        page.dispatch_event('[data-testid="stFileUploaderDropzone"]', "dragenter", {"dataTransfer": dragged})
        page.wait_for_selector('[data-testid="stFileUploaderDropzone"] > input + div:not(:has(button))', timeout=10_000)
        over = page.evaluate("""() => {
            const message = document.querySelector(
                '[data-testid="stFileUploaderDropzone"] > input + div:not(:has(button)) > *');
            const after = getComputedStyle(message, '::after').content;
            return [message.innerText, getComputedStyle(message).fontSize, after];
        }""")
        if lang == "fr":
            assert over[1] == "0px" and over[2] == '"Déposez les fichiers ici"', over
        else:
            assert over[0] == "Drag and drop files here" and over[1] != "0px", over
        page.dispatch_event('[data-testid="stFileUploaderDropzone"]', "dragleave", {"dataTransfer": dragged})
        # Once a file is chosen, its chip shows its size in English ("0.9KB"): hidden on the French page
        # (the table of what would happen gives each file's size in French).
        page.set_input_files('[data-testid="stFileUploaderDropzone"] input[type=file]', str(DEMO / "chantiers.csv"))
        page.wait_for_selector('[data-testid="stFileChipName"]', timeout=30_000)
        size = page.locator('[data-testid="stFileChipName"] + div')
        assert size.is_visible() == (lang == "en")
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_stop_button_speaks_the_page_language(slow_server, browser, lang):
    # While a page runs (here the upload page's dry run), Streamlit shows a "Stop" button, in English only.
    page = upload_page(browser, slow_server, lang)
    try:
        page.set_input_files('[data-testid="stFileUploaderDropzone"] input[type=file]', str(DEMO / "chantiers.csv"))
        button = '[data-testid="stStatusWidget"] [data-testid="stBaseButton-header"]'
        page.wait_for_selector(button, timeout=30_000)
        assert seen(page, button) == ("Arrêter" if lang == "fr" else "Stop")
    finally:
        # The dry run ends (and lets the warehouse go) before the next test starts its own.
        page.get_by_role("heading", name=t("upload.plan", lang)).wait_for(timeout=60_000)
        page.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_tables_column_menu_speaks_the_page_language(server, browser, lang):
    # Streamlit's column menu (sort, autosize, pin, hide) is English only. A one-column table (the
    # open answers) spans the whole grid: its menu button is at the grid's right end.
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{server}/sondages?lang={lang}")
        settle(page, PAGES["sondages"][1])
        page.locator('[data-testid="stExpander"] summary', has_text="(9").first.click()
        grid = page.locator('[data-testid="stExpander"]:has(summary:has-text("(9")) [data-testid="stDataFrame"]')
        grid.wait_for(timeout=10_000)
        box = grid.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 17)
        page.wait_for_timeout(300)
        page.mouse.click(box["x"] + box["width"] - 16, box["y"] + 17)
        menu = '[data-testid="stDataFrameColumnMenu"] [role="menu"] > '
        page.wait_for_selector(menu + '[role="menuitem"]', timeout=10_000)
        shown = [seen(page, menu + f'[role="menuitem"]:{place}') for place in ("nth-child(2)", "nth-last-child(1)")]
        shown.append(seen(page, menu + '[role="presentation"] > [aria-haspopup="true"] > div'))
        keys = ("table_menu.sort_ascending", "table_menu.hide", "table_menu.statistics")
        # (Streamlit's own text comes on a line after its icon's name, "arrow_upward".)
        assert [text.splitlines()[-1] for text in shown] == [t(key, lang) for key in keys]
    finally:
        page.close()
