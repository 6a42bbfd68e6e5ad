"""Charger des fichiers: drop CSV or XLSX files, see what would happen, then confirm.

The load runs through the same pipeline as the command line (`pipelines.load.load_paths`):
first as a dry run on a private copy, then for real; the other pages read the new
warehouse on their next run.

Uploaded files (member lists carry names and e-mails) touch the disk only while the
pipeline reads them: each run writes them to a fresh private folder (`tempfile.mkdtemp`,
mode 0700) and removes it when the dry run or the load ends, on success or error. The
confirm step writes the same bytes again rather than keeping a folder between reruns.
"""

import contextlib
import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from dashboard import queries, state
from dashboard import components as ui
from dashboard.i18n import drawn_over, file_size, label, number, t
from pipelines.load import load_paths
from pipelines.messages import table_label
from warehouse.store import WarehouseBusy

lang = state.lang()
FILE_TYPES = ["csv", "xlsx"]

st.title(t("page.upload.title", lang))
st.markdown(t("page.upload.intro", lang))

if lang == "fr":
    # Streamlit writes its upload button, size limit and drag message in English only: their French is drawn
    # over them.
    limit = number(st.get_option("server.maxUploadSize"), lang)
    box = '[data-testid="stFileUploaderDropzone"]'
    types = ", ".join(x.upper() for x in FILE_TYPES)
    st.html("<style>" + " ".join([
        drawn_over([f'{box} button [data-testid="stMarkdownContainer"] p'], t("page.upload.browse", lang)),
        drawn_over(['[data-testid="stFileUploaderDropzoneInstructions"] span'],
                   f"{t('page.upload.limit', lang, size=limit)} • {types}"),
        # The chips' sizes ("11.5KB") too: hidden, each file's size is in the table of what would happen.
        '[data-testid="stFileChipName"] + div { display: none; }',
        # While files are dragged over the box, the only element between its input and its button.
        drawn_over([f"{box} > input + div:not(:has(button)) > *"], t("page.upload.drag_over", lang)),
    ]) + "</style>")
uploads = st.file_uploader(t("page.upload.drop", lang), type=FILE_TYPES, accept_multiple_files=True,
                           key=f"u_files_{st.session_state.get('u_round', 0)}", help=t("page.upload.drop_help", lang))


def digest_of(files) -> str:
    """What identifies a set of uploads: their names and bytes (no disk involved)."""
    return hashlib.sha256(b"".join(f.name.encode() + f.getvalue() for f in files)).hexdigest()[:16]


@contextlib.contextmanager
def saved(files) -> Iterator[list[Path]]:
    """The uploaded files in a new private folder (0700), under their own names (the name says the
    source); the folder is removed when the block ends, whatever happens in it."""
    folder = Path(tempfile.mkdtemp(prefix="chantiers-upload-"))
    try:
        paths = []
        for f in files:
            path = folder / Path(f.name).name
            path.write_bytes(f.getvalue())
            paths.append(path)
        yield paths
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def report_table(report, planned: bool, sizes: dict[str, int]) -> pl.DataFrame:
    """One row per file; in a preview the outcome is what would happen ("Serait chargé")."""
    statuses = "file_status_planned" if planned else "file_status"
    shown: set[str] = set()

    def size(name: str) -> str:  # a workbook's size on its first sheet's row only: sizes add up
        if name in shown or name not in sizes:
            return ""
        shown.add(name)
        return file_size(sizes[name], lang)

    return pl.DataFrame([{
        "file_name": table_label(Path(f.path).name, f.sheet),
        "file_size": size(Path(f.path).name),
        "source": label("source", f.source, lang) if f.source else "—",
        "file_status": label(statuses, f.status, lang),
        "rows_read": f.rows_read, "accepted": f.accepted, "rejected": f.rejected, "quarantined": f.quarantined,
        "n_warnings": f.warnings, "message": f.message(lang),
    } for f in report.files])


def show(report, planned: bool, sizes: dict[str, int]) -> None:
    totals = report.totals()
    ui.metrics([
        (t("upload.files", lang), number(len(report.files), lang)),
        (t("upload.refused", lang), number(len(report.refused), lang)),
        (t("upload.accepted", lang), number(totals["accepted"], lang)),
        (t("upload.rejected", lang), number(totals["rejected"], lang)),
        (t("upload.quarantined", lang), number(totals["quarantined"], lang)),
        (t("upload.released", lang), number(report.released, lang)),
    ], per_row=3)  # six to a row cut a funder's counts short ("409 …" for 409 590)
    if report.requarantined:  # attendance of a meeting this load moved to another chantier
        st.info(t("upload.requarantined", lang, n=number(report.requarantined, lang)), icon=":material/info:")
    if report.released_from:  # rows of files loaded earlier, waiting for this load
        st.caption(t("upload.released_from", lang, files=", ".join(
            f"{name} ({number(k, lang)})" for name, k in report.released_from.items())))
    ui.table(report_table(report, planned, sizes), lang)
    for f in report.files:
        if f.rejects:
            message = "message_en" if lang == "en" else "message_fr"
            with st.expander(t("upload.rejects_of", lang, file=Path(f.path).name, n=number(f.rejected, lang))):
                rows = pl.DataFrame(f.rejects).select(
                    [c for c in ["row_number", "column_name", "value", message] if c in pl.DataFrame(f.rejects).columns])
                if f.reasons > len(f.rejects):  # the report carries the first rejects, not a funder's thousands
                    st.caption(t("upload.rejects_first", lang, shown=number(len(f.rejects), lang),
                                 total=number(f.reasons, lang)))
                ui.table(rows, lang)
    # A refusal's reason is long (the headers found, the names expected): in full, not cut in a cell.
    for f in report.refused:
        st.error(f.message(lang), icon=":material/block:")
    if planned and report.refused:
        st.warning(t("upload.refused_note", lang), icon=":material/block:")
    warned = sum(f.warnings for f in report.files if f.status == "loaded")
    if warned:
        st.info(t("upload.warnings", lang, n=number(warned, lang)), icon=":material/flag:")


names = [Path(f.name).name for f in uploads or []]
sizes = {Path(f.name).name: f.size for f in uploads or []}
repeated = sorted({n for n in names if names.count(n) > 1})
if not uploads or repeated:  # cleared, or two files would overwrite each other: forget the plan
    for key in ("u_plan", "u_digest"):
        st.session_state.pop(key, None)
    if repeated:
        st.error(t("upload.same_name", lang, names=", ".join(repeated)), icon=":material/content_copy:")
else:
    digest = digest_of(uploads)
    if st.session_state.get("u_digest") != digest:
        try:
            with st.spinner(t("upload.checking", lang)), saved(uploads) as paths:
                st.session_state["u_plan"] = load_paths(paths, queries.warehouse_path(), dry_run=True)
            st.session_state["u_digest"] = digest
        except WarehouseBusy:
            st.session_state.pop("u_plan", None)
            st.warning(t("upload.busy", lang), icon=":material/hourglass_top:")
        except duckdb.OutOfMemoryException:
            st.session_state.pop("u_plan", None)
            st.error(t("upload.memory", lang), icon=":material/memory:")
    plan = st.session_state.get("u_plan")
    if plan is not None and st.session_state.get("u_digest") == digest:
        st.subheader(t("upload.plan", lang))
        st.caption(t("upload.plan_note", lang))
        show(plan, planned=True, sizes=sizes)
        loadable = any(f.status == "loaded" for f in plan.files)
        if not loadable:  # the button is greyed: say why
            st.info(t("upload.nothing_new", lang), icon=":material/info:")
        if st.button(t("upload.confirm", lang), type="primary", icon=":material/check:", disabled=not loadable,
                     key="u_confirm"):
            try:
                with st.spinner(t("upload.loading", lang)), saved(uploads) as paths:
                    done = load_paths(paths, queries.warehouse_path())
            except WarehouseBusy:
                st.warning(t("upload.busy", lang), icon=":material/hourglass_top:")
            except duckdb.OutOfMemoryException:  # nothing was published
                st.error(t("upload.memory", lang), icon=":material/memory:")
            else:
                queries.clear()
                st.session_state["u_done"] = done
                st.session_state["u_done_sizes"] = sizes
                st.session_state["u_round"] = st.session_state.get("u_round", 0) + 1
                for key in ("u_plan", "u_digest"):
                    st.session_state.pop(key, None)
                st.rerun()

done = st.session_state.get("u_done")
if done is not None:
    st.subheader(t("upload.done", lang))
    # The pages show the new data only through the models: say so only when they were all built.
    built = done.build is not None and done.build.models_ok
    if built:
        st.success(t("upload.done_note", lang, batch=done.batch_id), icon=":material/task_alt:")
    else:
        st.warning(t("upload.done_unbuilt", lang, batch=done.batch_id), icon=":material/warning:")
    show(done, planned=False, sizes=st.session_state.get("u_done_sizes", {}))
    if done.build_error:  # sql/ cannot be ordered (a cycle): nothing was built
        st.error(done.build_error, icon=":material/error:")
    elif done.build is not None and not done.build.ok:  # a model failed, or an audit found rows
        (st.warning if built else st.error)(done.build.summary(lang), icon=":material/error:")
