"""One load: files -> validated rows -> the warehouse, published whole or not at all.

The CLI (`chantiers load`) and the dashboard's upload page both call `load_paths`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path

import duckdb

from pipelines import bulk
from pipelines.affected import THROUGH_PARENT, chantiers_of
from pipelines.contract import LOAD_ORDER, SOURCE_BY_NAME, raw_columns, source_keys
from pipelines.messages import Message, table_label
from pipelines.read import FileRefused, Planned, expand_paths, plan, read_planned, sha256_of
from pipelines.references import checks_for, recheck_filter
from pipelines.validate import Validated, keyed_by_ids, prepare
from pipelines.warnings import refresh_warnings
from warehouse import store
from warehouse.connection import fetch_one
from warehouse.schema import create_tables, relations_written
from warehouse.settings import SQL_DIR

Progress = Callable[[int, int, str], None]
REFERENCED = {r.target for source in SOURCE_BY_NAME.values() for r in source.references}
REJECTS_PREVIEW = 200
# DuckDB's memory while files are merged. Without a limit it keeps every merged row in memory
# until the checkpoint (the scale-1000 load peaked at 640 MiB; 340 MiB with this limit, as fast
# as with 192 MB, which peaked at 400 MiB). A step that cannot spill within it makes the load
# run again unbounded.
LOAD_MEMORY_LIMIT = "128MB"
# The same for the model build that follows: unbounded, the scale-1000 build peaked at 790 MiB;
# 570 MiB with this limit, as fast (256 MB: 450 MiB, but 10-20% slower).
BUILD_MEMORY_LIMIT = "384MB"


@dataclass
class FileReport:
    path: str
    source: str | None
    status: str  # loaded | unchanged | refused
    rows_read: int = 0
    accepted: int = 0
    rejected: int = 0
    quarantined: int = 0
    duplicates: int = 0
    warnings: int = 0
    replaced: int = 0  # rows other files had brought with the same keys, replaced by this file's
    taken_over: int = 0  # rows other files had brought with the same keys and values, now this file's
    settled: int = 0  # rejected rows of other files whose keys this file brought
    has_notes: bool = False  # the message says more than the counts (replaced, settled, kept rows...)
    sheet: str | None = None
    message_fr: str = ""
    message_en: str = ""
    rejects: list[dict] = field(default_factory=list)  # the first REJECTS_PREVIEW rejects
    reasons: int = 0  # rejects in all (a row rejected for two cells has two): what `rejects` previews

    def message(self, lang: str = "fr") -> str:
        return self.message_en if lang == "en" else self.message_fr

    def reconciles(self) -> bool:
        return self.rows_read == self.accepted + self.rejected + self.quarantined


@dataclass
class LoadReport:
    batch_id: str
    dry_run: bool
    files: list[FileReport]
    released: int = 0
    released_from: dict[str, int] = field(default_factory=dict)  # file (and sheet) -> its rows released
    requarantined: int = 0  # attendance rows sent back to waiting: their meeting moved to another chantier
    warnings: int = 0
    build: object | None = None  # warehouse.models.BuildReport when models were built
    build_error: str | None = None  # sql/ could not be ordered (a cycle, an unknown name)
    touched: set[str] = field(default_factory=set)  # chantiers whose data this load changed
    seconds: float = 0.0

    @property
    def refused(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "refused"]

    def totals(self) -> dict[str, int]:
        keys = ("rows_read", "accepted", "rejected", "quarantined")
        return {k: sum(getattr(f, k) for f in self.files if f.status == "loaded") for k in keys}

    def to_json(self, lang: str = "fr") -> dict:
        files = []
        for f in self.files:
            item = {k: getattr(f, k) for k in ("path", "source", "status", "rows_read", "accepted", "rejected",
                                                 "quarantined")}
            item.update(message=f.message(lang), sheet=f.sheet, duplicates=f.duplicates, warnings=f.warnings,
                        replaced_from_other_files=f.replaced, taken_over_from_other_files=f.taken_over,
                        settled_from_other_files=f.settled)
            files.append(item)
        out = {"batch_id": self.batch_id, "dry_run": self.dry_run, "files": files,
               "released_from_quarantine": self.released, "released_by_file": self.released_from,
               "sent_back_to_quarantine": self.requarantined,
               "warnings": self.warnings}
        if self.build_error:
            out["models_ok"], out["models_error"] = False, self.build_error
        if self.build is not None:
            out["models_ok"] = self.build.models_ok
            out["audit_failures"] = self.build.audit_failures
            # which ones, with their file and message: a script reading the report can say what to fix
            out["models_failed"] = [{"model": r.model, "status": r.status, "path": r.path, "message": r.message(lang)}
                                    for r in self.build.errors]
            out["audits_failed"] = [{"model": r.model, "path": r.path, "n_failing": r.n_failing}
                                    for r in self.build.failures]
        return out


def _refused(path: Path, sheet: str | None, source: str | None, refusal: FileRefused) -> FileReport:
    return FileReport(path=str(path), source=source, sheet=sheet, status="refused",
                      message_fr=refusal.message.fr, message_en=refusal.message.en)


def _identity(path: Path) -> object:
    """What tells one file from another: its device and inode (a link, another spelling of the path, a
    case-folding share), or its resolved path when it cannot be read (it is refused with its reason)."""
    try:
        info = path.stat()
        return info.st_dev, info.st_ino
    except OSError:
        return str(path.resolve())


def plan_all(paths: list[Path]) -> tuple[list[Planned], list[FileReport]]:
    """Every table of the given files and folders in dependency order, and a report for each refused file.

    Rows are not read yet: each table is read, loaded and let go in turn, so memory holds two tables at
    most (one merging, the next being checked: see _checked_ahead).
    """
    planned: list[Planned] = []
    refused: list[FileReport] = []
    seen: set[object] = set()
    by_name: dict[str, list[tuple[Path, list[Planned]]]] = {}
    for path in expand_paths(paths):
        identity = _identity(path)
        if identity in seen:  # a file given twice (itself and its folder, a link to it) is one file
            continue
        seen.add(identity)
        try:
            by_name.setdefault(path.name, []).append((path, plan(path)))
        except FileRefused as refusal:
            refused.append(_refused(path, None, None, refusal))
    for twins in by_name.values():
        if len(twins) == 1:
            planned.extend(twins[0][1])
            continue
        for path, _ in twins:  # e.g. 2019/presences.csv and 2020/presences.csv: each would replace the other
            others = ", ".join(str(p) for p, _ in twins if p is not path)
            refused.append(_refused(path, None, None, FileRefused(Message("same_file_name", path=str(path),
                                                                          others=others))))
    rank = {name: i for i, name in enumerate(LOAD_ORDER)}
    planned.sort(key=lambda t: (rank[t.source.name], str(t.path), t.sheet or ""))
    return planned, refused


def load_paths(paths: list[Path], warehouse: Path, *, dry_run: bool = False, build_models: bool = True,
               progress: Progress | None = None, wait_seconds: float = 0.0) -> LoadReport:
    """Load files and folders into the warehouse at `warehouse`; with dry_run, report without writing.

    Raises store.WarehouseBusy when another load is running.
    """
    options = dict(dry_run=dry_run, build_models=build_models, progress=progress, wait_seconds=wait_seconds)
    try:
        return _load_paths(paths, warehouse, memory_limit=LOAD_MEMORY_LIMIT, **options)
    except duckdb.OutOfMemoryException:
        # Some steps cannot spill (very wide rows): the load, thrown away whole, runs again unbounded
        # (the model build included).
        return _load_paths(paths, warehouse, memory_limit=None, **options)


def _load_paths(paths: list[Path], warehouse: Path, *, dry_run: bool, build_models: bool, progress: Progress | None,
                wait_seconds: float, memory_limit: str | None) -> LoadReport:
    started = time.monotonic()
    started_at = datetime.now()
    batch_id = store.new_batch_id()
    tables, refused = plan_all([Path(p) for p in paths])
    reports: list[FileReport] = list(refused)
    report = LoadReport(batch_id=batch_id, dry_run=dry_run, files=reports)
    with store.writing(Path(warehouse), publish=not dry_run, wait_seconds=wait_seconds) as con:
        create_tables(con, raw_columns(), source_keys())
        if memory_limit:  # rows already merged need not stay in memory: DuckDB writes them out (or spills)
            con.execute(f"SET memory_limit = '{memory_limit}'")
        # Keys are logged only for sources other rows can wait for (meetings, members...).
        store.start_merge_log(con, {name: key for name, key in source_keys().items() if name in REFERENCED})
        changes = Changes()
        # closing(): a merge that fails stops the checks (and their thread) before the connection closes
        with contextlib.closing(_checked_ahead(con, tables, Path(warehouse))) as checks:
            for i, checked in enumerate(checks):
                if progress:
                    progress(i, len(tables), checked.item.label)
                reports.append(_merge_checked(checked, batch_id, report.touched, changes))
        if progress:
            progress(len(tables), len(tables), "")
        merged = {f.source for f in reports if f.status == "loaded"}
        for name in LOAD_ORDER:
            # Only rows waiting for something this load brought can be released, or change reason.
            if not {r.target for r in SOURCE_BY_NAME[name].references} & merged:
                continue
            # A released row may replace a version of its key that stayed in raw while it waited (a
            # meeting moved to a chantier loaded later): the chantiers of both are touched.
            was_in = None if name in THROUGH_PARENT else lambda rows: report.touched.update(chantiers_of(con, name, rows))
            moved, rechecked = store.release_quarantine(con, name, SOURCE_BY_NAME[name].key, _columns(name),
                                                        checks_for(name), recheck_filter(name), was_in)
            if rechecked:
                changes.quarantine.add(name)
            if moved:
                changes.raw.add(name)
                merged.add(name)  # released rows can in turn release rows waiting for them
                report.released += moved
                for file_name, sheet, n in con.execute(
                        "SELECT _file, _sheet, count(*) FROM _released GROUP BY ALL ORDER BY ALL").fetchall():
                    label = table_label(file_name, sheet)
                    report.released_from[label] = report.released_from.get(label, 0) + n
                report.touched |= chantiers_of(con, name, "_released")
        if "meetings" in merged:
            # Attendance checked on an earlier load rests on its meeting's chantier (the member must belong
            # to it): a meeting this load moved to another chantier, or released there, has it checked again.
            moved = store.requarantine(
                con, "attendance", SOURCE_BY_NAME["attendance"].key, _columns("attendance"), checks_for("attendance"),
                f"s._batch_id <> '{batch_id}' AND s.meeting_id IN (SELECT meeting_id FROM {store.merged_table('meetings')})")
            if moved:
                report.requarantined = moved
                changes.raw.add("attendance")
                changes.quarantine.add("attendance")
                report.touched |= chantiers_of(con, "attendance", "_requarantined")
        store.end_merge_log(con)
        report.warnings = refresh_warnings(con)
        _count_warnings(con, reports)
        for f in reports:
            if f.status == "refused":
                store.record_file(con, batch_id, _ledger_row(f))
        totals = report.totals()
        # The batch row is written before the models are built, so marts can show the current load.
        store.record_batch(con, {
            "batch_id": batch_id, "started_at": started_at, "finished_at": datetime.now(),
            "n_files": len(reports), "n_refused": len(report.refused), **totals, "released": report.released,
        })
        if build_models and not dry_run:
            from warehouse.models import ModelGraphError, build, unbuilt_loads

            if memory_limit:  # a full build joins millions of rows: more room, still bounded
                con.execute(f"SET memory_limit = '{BUILD_MEMORY_LIMIT}'")
            else:
                con.execute("RESET memory_limit")

            # Tables that declare `Partition: chantier_id` refresh only the chantiers touched, unless
            # an earlier load skipped the models (--no-build): then every chantier may be stale.
            skipped = unbuilt_loads(con, batch_id)
            partitions = None if skipped else {"chantier_id": sorted(report.touched)}
            changed = None if skipped else relations_written(changes.raw, changes.quarantine, changes.rejects)
            try:
                report.build = build(con, SQL_DIR, batch_id=batch_id, partitions=partitions, changed=changed)
            except ModelGraphError as exc:  # the data still loads; the models wait for sql/ to be fixed
                report.build_error = str(exc)
            else:
                con.execute("UPDATE audit.batches SET models_ok = ?, audit_failures = ? WHERE batch_id = ?",
                            [report.build.models_ok, report.build.audit_failures, batch_id])
    report.seconds = time.monotonic() - started
    return report


@dataclass
class Changes:
    """What a load wrote, so the models rebuild only what reads it."""

    raw: set[str] = field(default_factory=set)  # sources with rows merged into raw
    quarantine: set[str] = field(default_factory=set)  # sources whose waiting rows changed
    rejects: bool = False  # audit.rejects changed


def _columns(source_name: str) -> list[str]:
    return [name for name, _ in raw_columns()[source_name]]


def _ledger_row(f: FileReport) -> dict:
    # Not asdict(): it would deep-copy the rejects preview, only to drop it.
    row = {field.name: getattr(f, field.name) for field in fields(f) if field.name not in ("rejects", "reasons")}
    row["file_name"] = Path(f.path).name
    return row


@dataclass
class Checked:
    """A table read and checked, waiting for its merge: on the connection that checked it (its
    accepted rows are in that connection's temporary tables)."""

    item: Planned
    con: object
    digest: str
    previous: tuple | None  # (sha256, counts) of the latest load of this file name and sheet
    validated: Validated | None = None
    refusal: FileRefused | None = None


def _check_planned(con, item: Planned, warehouse: Path) -> Checked:
    digest = sha256_of(item.path)
    previous = store.latest_sha(con, item.path.name, item.sheet)
    checked = Checked(item, con, digest, previous)
    if previous and previous[0] == digest:  # the same file again: nothing to read, nothing changes
        return checked
    try:
        # A plain CSV file is read by DuckDB; anything else by Polars (read_planned, prepare). Rows
        # are checked in DuckDB either way (same rules as validate.check_rows).
        checked.validated = bulk.check_csv(con, item, digest, warehouse) if item.sheet is None else None
        if checked.validated is None:
            checked.validated = bulk.check_frame(con, prepare(read_planned(item, digest)), item.source)
    except FileRefused as refusal:
        checked.refusal = refusal
    return checked


def _checked_ahead(con, tables: list[Planned], warehouse: Path) -> Iterator[Checked]:
    """Each table checked, in order; the next one is checked meanwhile, on another connection.

    Checking a file (reading, typing, rules) reads nothing a merge writes but the ledger row of
    its own name, and a load holds one file of a name (plan_all): while the caller merges one
    table, the next is checked in a worker thread, on the other of two connections (their
    temporary tables are their own). DuckDB then keeps both cores busy: a load ran at 130% CPU.
    The merges stay in order, on the caller's thread; an error in a check is raised in order too.
    When the caller stops (a failed merge, Ctrl-C), the check running ahead is interrupted, not
    waited for.
    """
    cursors = [con.cursor(), con.cursor()]
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chantiers-check")
    ahead, busy = None, None
    try:
        if tables:
            ahead, busy = pool.submit(_check_planned, cursors[0], tables[0], warehouse), cursors[0]
        for i in range(len(tables)):
            while not wait([ahead], timeout=0.2).done:  # in short waits: Ctrl-C reaches this thread meanwhile
                pass
            current = ahead.result()
            ahead = None
            if i + 1 < len(tables):  # its cursor's last user (the merge before this one) is done
                busy = cursors[(i + 1) % 2]
                ahead = pool.submit(_check_planned, busy, tables[i + 1], warehouse)
            yield current
    except BaseException:  # the caller stopped (GeneratorExit included): stop the check it no longer needs
        while ahead is not None and not ahead.done():
            busy.interrupt()  # the statement running; again if the check went on to the next one
            wait([ahead], timeout=0.05)
        raise
    finally:
        pool.shutdown(wait=True)
        for cursor in cursors:
            cursor.close()


def _merge_checked(checked: Checked, batch_id: str, touched: set[str], changes: Changes) -> FileReport:
    item, con = checked.item, checked.con
    source = item.source.name
    base = dict(path=str(item.path), source=source, sheet=item.sheet)
    if checked.refusal is not None:
        return _refused(item.path, item.sheet, source, checked.refusal)
    if checked.validated is None:  # unchanged
        counts = checked.previous[1]
        message = Message("file_unchanged", path=item.label, batch=counts.pop("batch_id"))
        report = FileReport(**base, status="unchanged", **counts, message_fr=message.fr, message_en=message.en)
        store.record_file(con, batch_id, {**_ledger_row(report), "sha256": checked.digest})
        return report
    try:
        return _merge_validated(con, item, checked.digest, checked.validated, batch_id, base, touched, changes,
                                reloaded=checked.previous is not None)
    finally:
        bulk.cleanup(con)


def _merge_validated(con, item: Planned, digest: str, validated: Validated, batch_id: str, base: dict,
                     touched: set[str], changes: Changes, reloaded: bool) -> FileReport:
    source = item.source.name
    provenance = store.Provenance(batch_id, item.path.name, item.sheet, digest)
    if source not in THROUGH_PARENT:  # where these keys were (a meeting may move to another chantier)
        touched |= chantiers_of(con, source, validated.accepted)
    merged = store.merge_rows(
        con, source, SOURCE_BY_NAME[source].key, _columns(source), validated.accepted, provenance,
        checks_for(source), keyed_rejects=keyed_by_ids(SOURCE_BY_NAME[source]), repeats=validated.repeats)
    # Rows of the file: an identical repeat waits with the row it repeats (it counts once, with it).
    quarantined = merged.quarantined + merged.waiting_copies
    touched |= chantiers_of(con, source, validated.accepted)  # and where they are now
    changes.raw.add(source)
    if merged.quarantine_changed:
        changes.quarantine.add(source)
    rejects_changed, superseded = store.replace_rejects(con, provenance, source, validated.rejects,
                                                        keyed=keyed_by_ids(SOURCE_BY_NAME[source]))
    if rejects_changed:
        changes.rejects = True
    accepted = validated.rows_read - validated.rejected - quarantined
    message = Message("file_loaded", path=item.label, accepted=accepted, rejected=validated.rejected,
                      quarantined=quarantined)
    fr, en = message.fr, message.en
    notes = [validated.note] if validated.note is not None else []
    if validated.duplicates:  # "2 acceptées" for one row stored: the repeat says why
        notes.append(Message("identical_repeats", n=validated.duplicates))
    if merged.waiting_kept:  # a waiting row replaces nothing yet: the dashboard still shows the version loaded
        notes.append(Message("waiting_previous_kept", n=merged.waiting_kept))
    # Another file had rows with the same keys (two exports overlapping): the later one wins, and says so.
    notes += [Message("replaced_other_file", n=n, file=table_label(*other)) for other, n in merged.replaced.items()]
    notes += [Message("taken_over_other_file", n=n, file=table_label(*other)) for other, n in merged.taken_over.items()]
    notes += [Message("settled_other_file", n=n, file=table_label(*other)) for other, n in merged.settled.items()]
    notes += [Message("superseded_other_rejects", n=n, file=table_label(*other)) for other, n in superseded.items()]
    if merged.settled:
        changes.rejects = True
    if reloaded and validated.rejected and keyed_by_ids(SOURCE_BY_NAME[source]):
        # A new version whose row is now rejected does not remove the row its previous version brought.
        kept = store.rejected_rows_kept(con, provenance, source, SOURCE_BY_NAME[source].key)
        if kept:
            notes.append(Message("previous_version_kept", n=kept))
    if reloaded and keyed_by_ids(SOURCE_BY_NAME[source]):
        # A row deleted from the file is not deleted from the warehouse: say so, the coordinator expects it gone.
        absent = store.previous_rows_absent(con, provenance, source, SOURCE_BY_NAME[source].key)
        if absent:
            notes.append(Message("previous_rows_absent", n=absent))
    if notes:
        fr, en = _with_notes(fr, [n.fr for n in notes], " ; "), _with_notes(en, [n.en for n in notes], "; ")
    report = FileReport(**base, status="loaded", rows_read=validated.rows_read, accepted=accepted,
                        rejected=validated.rejected, quarantined=quarantined, duplicates=validated.duplicates,
                        replaced=sum(merged.replaced.values()), taken_over=sum(merged.taken_over.values()),
                        settled=sum(merged.settled.values()),
                        has_notes=bool(notes),
                        message_fr=fr, message_en=en,
                        rejects=validated.rejects.head(REJECTS_PREVIEW).to_dicts(), reasons=validated.rejects.height)
    store.record_file(con, batch_id, {**_ledger_row(report), "sha256": digest})
    return report


def _with_notes(message: str, notes: list[str], separator: str) -> str:
    """The message with more notes inside its closing parenthesis (or a new one)."""
    if message.endswith(")"):
        return f"{message[:-1]}{separator}{separator.join(notes)})"
    return f"{message} ({separator.join(notes)})"


def _count_warnings(con, reports: list[FileReport]) -> None:
    counts = {(f, s): n for f, s, n in con.execute(
        "SELECT file_name, sheet, count(*) FROM audit.warnings GROUP BY ALL").fetchall()}
    for f in reports:
        if f.status == "loaded":
            f.warnings = counts.get((Path(f.path).name, f.sheet), 0)
