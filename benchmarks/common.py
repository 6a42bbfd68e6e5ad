"""Shared helpers for the benchmark scripts: machine description, timed subprocesses, BENCHMARKS.md."""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# CHANTIERS_BENCH_OUT moves the generated inputs and warehouses (the tests use a temporary folder).
OUT = Path(os.environ.get("CHANTIERS_BENCH_OUT") or ROOT / "bench-out")
REPORT = ROOT / "BENCHMARKS.md"


def machine() -> str:
    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import duckdb
    import polars

    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, duckdb {duckdb.__version__}, polars {polars.__version__}")


def timed(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    """Run a command in a child process; wall seconds and the child's peak RSS in MiB.

    Uses wait4 so the peak is the child's own, not the maximum over earlier children.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    out, err = proc.stdout.read(), proc.stderr.read()
    code = os.waitstatus_to_exitcode(status)
    return {"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024, "returncode": code, "stdout": out,
            "stderr": err}


def python_snippet(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def write_section(title: str, body: str) -> None:
    """Replace (or append) one `## title` section of BENCHMARKS.md, stamped with machine and date."""
    stamp = f"_{datetime.now():%Y-%m-%d %H:%M}, {machine()}_"
    section = f"## {title}\n\n{stamp}\n\n{body.strip()}\n"
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else (
        "# Benchmarks\n\nFigures printed and written by the scripts in `benchmarks/` (`make bench`). "
        "They are measurements on the machine named in each section, not assertions; CI runs small versions "
        "that check results only.\n\n")
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(section + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    REPORT.write_text(text, encoding="utf-8")


def table(rows: list[dict], columns: list[str]) -> str:
    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    return head + "\n".join("| " + " | ".join(str(r.get(c, "")) for c in columns) + " |" for r in rows)


def dump(name: str, data) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(data, indent=2, default=str))
