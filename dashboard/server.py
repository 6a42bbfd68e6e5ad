"""Start the dashboard on a warehouse: what `chantiers serve` and `make demo` call."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
PROJECT_ROOT = APP.parents[1]  # where .streamlit/config.toml lives


def command(port: int = 8501, headless: bool = False) -> list[str]:
    """The streamlit command line: no usage statistics, no file watcher, the project's config."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port),
        "--server.headless", "true" if headless else "false",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--client.toolbarMode", "viewer",
        # No built-in table download (personal data on screen, formulas not neutralized), even when
        # the project's config.toml is not the one read.
        "--client.disableDataExport", "true",
        # Streamlit's own welcome message looks up this machine's public IP on the internet when
        # headless; nothing may be fetched at run time, so we print the address ourselves.
        "--logger.hideWelcomeMessage", "true",
        # Without it, a first `chantiers serve` (not headless) on a machine where Streamlit never ran
        # stops at Streamlit's own prompt, in English, for an e-mail address for its newsletter.
        "--server.showEmailPrompt", "false",
    ]


def environment(warehouse: Path, lang: str | None = None) -> dict[str, str]:
    """The server's environment: its warehouse, and the language its pages open in (else CHANTIERS_LANG's)."""
    env = dict(os.environ)
    env["CHANTIERS_WAREHOUSE"] = str(Path(warehouse).expanduser().resolve())
    if lang:
        env["CHANTIERS_LANG"] = lang
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    return env


def start(warehouse: Path, port: int = 8501, headless: bool = True, env: dict[str, str] | None = None
          ) -> subprocess.Popen:
    """Start the server in the background (tests, benchmarks), with `env` added to its environment;
    the caller stops it."""
    return subprocess.Popen(command(port, headless), cwd=PROJECT_ROOT, env={**environment(warehouse), **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def serve(warehouse: Path, port: int = 8501, headless: bool = False, lang: str | None = None) -> int:
    """Run the dashboard on `warehouse` until interrupted, its pages opening in `lang` (the FR/EN
    switch still changes it); returns streamlit's exit code.

    The warehouse need not exist yet: the dashboard then explains how to load files.
    """
    print(f"Tableau de bord / dashboard : http://localhost:{port}  (Ctrl+C pour arrêter / to stop)", flush=True)
    try:
        return subprocess.call(command(port, headless), cwd=PROJECT_ROOT, env=environment(warehouse, lang))
    except KeyboardInterrupt:
        return 0
