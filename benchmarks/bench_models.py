"""Benchmark 3, model build at scale: the time of each SQL model and audit of `warehouse.models.build`.

    python benchmarks/bench_models.py --scale 1000              # the real figures
    python benchmarks/bench_models.py --scale 1 --check         # what CI runs: checks results, not times

The generated input of the scale is loaded once without models (`chantiers load --no-build`) into
bench-out/models/scale-N-raw.duckdb. Each run copies that file to bench-out/models/scale-N.duckdb and
builds every model on it in a child process, the way `chantiers build` does it (private copy,
build, checkpoint, publish): per model seconds are BuildReport's, wall and peak memory the
child's. The built file is what the dashboard benchmarks (4a, 4b, 5) read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_ingest import generated, our_load  # noqa: E402
from benchmarks.common import OUT, ROOT, dump, python_snippet, table, timed, write_section  # noqa: E402
from warehouse.settings import SQL_DIR  # noqa: E402

BUILD = """
import json, sys, time
from pathlib import Path
from warehouse.models import build
from warehouse.store import new_batch_id, writing
started = time.perf_counter()
with writing(Path(sys.argv[1])) as con:
    copied = time.perf_counter()
    report = build(con, batch_id=new_batch_id())
    built = time.perf_counter()
done = time.perf_counter()
print(json.dumps({
    "copy_seconds": copied - started, "build_seconds": built - copied, "publish_seconds": done - built,
    "results": [{"model": r.model, "kind": r.kind, "status": r.status, "seconds": r.seconds,
                 "n_failing": r.n_failing, "error": r.error} for r in report.results]}))
"""


def folder() -> Path:
    return OUT / "models"


def fingerprint(root: Path, pattern: str) -> str:
    """A digest of the files under `root` matching `pattern`: kept warehouses are remade when they change."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob(pattern)):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def loader_fingerprint() -> str:
    return fingerprint(ROOT / "pipelines", "*.py") + fingerprint(ROOT / "warehouse", "*.py")


def built_fingerprint() -> str:
    return fingerprint(SQL_DIR, "*.sql") + loader_fingerprint()


def raw_warehouse(scale: float) -> Path:
    """The generated input of `scale`, loaded without models (kept while the loading code is unchanged)."""
    raw = folder() / f"scale-{scale:g}-raw.duckdb"
    marker = raw.with_name(raw.name + ".loaded")
    if not raw.exists() or not marker.exists() or marker.read_text() != loader_fingerprint():
        raw.parent.mkdir(parents=True, exist_ok=True)
        marker.unlink(missing_ok=True)
        partial = raw.with_name(raw.name + ".partial")
        partial.unlink(missing_ok=True)
        result = our_load(generated(scale), partial, "--no-build")
        print(f"loaded scale {scale:g} without models in {result['seconds']:.1f} s")
        partial.replace(raw)
        marker.write_text(loader_fingerprint())
    return raw


def build_once(scale: float) -> dict:
    """Copy the raw warehouse to the built path and build every model on it in a child process."""
    built = folder() / f"scale-{scale:g}.duckdb"
    raw = raw_warehouse(scale)
    built.with_name(built.name + ".built").unlink(missing_ok=True)  # set again once a build succeeds
    shutil.copyfile(raw, built)
    result = timed(python_snippet(BUILD, str(built)), cwd=ROOT)
    if result["returncode"]:
        raise SystemExit(f"model build failed at scale {scale:g}:\n{result['stderr']}")
    run = json.loads(result["stdout"].strip().splitlines()[-1])
    run.update(wall_seconds=result["seconds"], peak_mib=result["peak_mib"], warehouse=str(built))
    return run


def chosen_warehouse(warehouse: Path | None, scale: float) -> tuple[Path, str]:
    """The warehouse a dashboard benchmark measures, and how to name it: the one given, else the scale's."""
    if warehouse:
        return warehouse.resolve(), warehouse.name
    return built_warehouse(scale), f"scale {scale:g}"


def built_warehouse(scale: float) -> Path:
    """A warehouse of `scale` with its models built, for 4a, 4b and 5 (kept while the SQL and loader are unchanged)."""
    built = folder() / f"scale-{scale:g}.duckdb"
    marker = built.with_name(built.name + ".built")
    if not built.exists() or not marker.exists() or marker.read_text() != built_fingerprint():
        run = build_once(scale)
        bad = [r for r in run["results"] if r["status"] not in ("ok", "failed")]
        if bad:
            raise SystemExit(f"models did not build at scale {scale:g}: {bad}")
        marker.write_text(built_fingerprint())
        print(f"built the models at scale {scale:g} in {run['build_seconds']:.1f} s -> {built}")
    return built


def summarize(runs: list[dict]) -> tuple[list[dict], dict]:
    """Per model rows (median seconds over the runs, sorted descending) and the totals."""
    names = [r["model"] for r in runs[0]["results"]]
    by_name = {n: [next(r for r in run["results"] if r["model"] == n) for run in runs] for n in names}
    total = statistics.median(run["build_seconds"] for run in runs)
    rows = []
    for name, results in by_name.items():
        seconds = statistics.median(r["seconds"] for r in results)
        rows.append({"model": name, "kind": results[0]["kind"], "status": results[-1]["status"],
                     "seconds": seconds, "share": seconds / total if total else 0.0})
    rows.sort(key=lambda r: (-r["seconds"], r["model"]))
    totals = {
        "build s (median)": f"{total:.2f}",
        "sum of models s": f"{sum(r['seconds'] for r in rows):.2f}",
        # discovery (sqlglot parses every file), ordering, the ledger DDL and audit.model_runs rows
        "runner overhead s": f"{total - sum(r['seconds'] for r in rows):.2f}",
        "copy s": f"{statistics.median(run['copy_seconds'] for run in runs):.2f}",
        "checkpoint and publish s": f"{statistics.median(run['publish_seconds'] for run in runs):.2f}",
        "child wall s": f"{statistics.median(run['wall_seconds'] for run in runs):.2f}",
        "child peak MiB": f"{max(run['peak_mib'] for run in runs):.0f}",
        "runs": len(runs),
    }
    return rows, totals


def by_layer(rows: list[dict]) -> list[dict]:
    layers: dict[str, float] = {}
    for r in rows:
        layer = r["model"].split(".", 1)[0]
        layers[layer] = layers.get(layer, 0.0) + r["seconds"]
    return [{"layer": k, "seconds": f"{v:.2f}", "models": sum(r["model"].startswith(k + ".") for r in rows)}
            for k, v in layers.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="builds to take the median of (default 3)")
    parser.add_argument("--check", action="store_true", help="check results only (CI); do not write BENCHMARKS.md")
    args = parser.parse_args()
    runs = [build_once(args.scale) for _ in range(max(1, args.repeat))]
    rows, totals = summarize(runs)
    shown = [{**r, "seconds": f"{r['seconds']:.3f}", "share": f"{r['share']:.0%}"} for r in rows]
    columns = ["model", "kind", "status", "seconds", "share"]
    print(table(shown, columns))
    print()
    print(table(by_layer(rows), ["layer", "models", "seconds"]))
    print()
    print(table([totals], list(totals)))
    from warehouse.models import discover

    expected = {m.name for m in discover()}
    timed_names = {r["model"] for r in rows}
    errors = [r for r in runs[-1]["results"] if r["status"] not in ("ok", "failed")]
    failed_audits = [r["model"] for r in runs[-1]["results"] if r["status"] == "failed"]
    assert timed_names == expected, f"models not timed: {sorted(expected - timed_names)}"
    assert not errors, f"models that did not build: {errors}"
    print(f"{len(rows)} models and audits timed; errors: 0; audits with offending rows: "
          f"{', '.join(failed_audits) or 'none'}")
    (folder() / f"scale-{args.scale:g}.duckdb.built").write_text(built_fingerprint())
    dump(f"models-{args.scale:g}", {"runs": runs, "totals": totals})
    if not args.check:
        write_section(f"3. Model build at scale {args.scale:g}", (
            "`warehouse.models.build` on a loaded warehouse (raw tables only), in a child process as "
            "`chantiers build` runs it. Seconds per model are the median of "
            f"{totals['runs']} build(s), slowest first; share is of the build time.\n\n"
            + table([totals], list(totals)) + "\n\n" + table(by_layer(rows), ["layer", "models", "seconds"])
            + "\n\n" + table(shown, columns)
            + (f"\n\nAudits with offending rows: {', '.join(failed_audits)}." if failed_audits else "")))


if __name__ == "__main__":
    main()
