"""Every benchmark, in order, at full size; each writes its section of BENCHMARKS.md (`make bench`).

    python benchmarks/run_all.py                                  # scale 1000, small scale 10
    python benchmarks/run_all.py --only models dashboard_queries  # some of them
    python benchmarks/run_all.py --scale 2 --small-scale 1 --check   # a quick pass: results only

Order: 1 ingest, 2 incremental, 3 models, 4a dashboard queries, 4b dashboard pages, 5 cold start.
Each runs in its own process, one after the other (never two at once: they would share the cores
and distort each other's times). The generated inputs and the warehouses are kept in bench-out/
(or CHANTIERS_BENCH_OUT) and reused between scripts. A failing benchmark does not stop the others;
the exit code is 1 if any failed. The cold start needs Debian's chromium: without it, it is
skipped with a message.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHROMIUM = Path("/usr/lib/chromium/chromium")
ORDER = ["ingest", "incremental", "models", "dashboard_queries", "dashboard_pages", "cold_start"]


def commands(args: argparse.Namespace) -> dict[str, list[str]]:
    scale, small = f"{args.scale:g}", f"{args.small_scale:g}"
    check = ["--check"] if args.check else []
    script = lambda name: [sys.executable, str(HERE / f"bench_{name}.py")]  # noqa: E731
    return {
        "ingest": [*script("ingest"), "--scale", scale, *check],
        "incremental": [*script("incremental"), "--scale", scale, "--small-scale", small, *check],
        "models": [*script("models"), "--scale", scale, *check],
        "dashboard_queries": [*script("dashboard_queries"), "--scale", scale, *check],
        "dashboard_pages": [*script("dashboard_pages"), "--scale", scale, *check],
        "cold_start": [*script("cold_start"), "--scale", scale, *check],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1000)
    parser.add_argument("--small-scale", type=float, default=10, help="the incremental load's small warehouse")
    parser.add_argument("--only", nargs="+", choices=ORDER, help="run only these (still in the usual order)")
    parser.add_argument("--check", action="store_true", help="pass --check: results only, BENCHMARKS.md untouched")
    args = parser.parse_args()
    chosen = [name for name in ORDER if not args.only or name in args.only]
    cmds = commands(args)
    outcome: dict[str, str] = {}
    for name in chosen:
        if name == "cold_start" and not CHROMIUM.exists():
            outcome[name] = f"skipped (no chromium at {CHROMIUM}; `make test-setup` installs it)"
            print(f"\n=== {name}: {outcome[name]}", flush=True)
            continue
        print(f"\n=== {name}: {' '.join(cmds[name][1:])}", flush=True)
        started = time.perf_counter()
        code = subprocess.call(cmds[name], cwd=ROOT)
        seconds = time.perf_counter() - started
        outcome[name] = f"ok ({seconds:.0f} s)" if code == 0 else f"FAILED (exit {code}, {seconds:.0f} s)"
    print("\n=== summary")
    for name, what in outcome.items():
        print(f"{name:<18} {what}")
    if not args.check and any(w.startswith("ok") for w in outcome.values()):
        print(f"sections written to {ROOT / 'BENCHMARKS.md'}")
    return 1 if any(w.startswith("FAILED") for w in outcome.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
