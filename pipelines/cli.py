"""`chantiers`: load files, see rejects and the ledger, build models, serve the dashboard.

Messages are French by default; `--lang en` or CHANTIERS_LANG=en for English.
Exit codes of `load`: 0 no file refused, 1 a file was refused, 2 usage error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from pipelines import click_fr
from pipelines.contract import SOURCE_BY_NAME
from pipelines.messages import moment, table_label, written
from warehouse.settings import Settings

click_fr.install()  # "Utilisation :", "Erreur : …": Click's own words in the command's language

T = {
    "files": ("Fichier", "File"), "source": ("Source", "Source"), "status": ("Statut", "Status"),
    "read": ("lues", "read"), "accepted": ("acceptées", "accepted"), "rejected": ("rejetées", "rejected"),
    "quarantined": ("en attente", "waiting"), "loaded": ("chargé", "loaded"), "unchanged": ("inchangé", "unchanged"),
    "refused": ("refusé", "refused"), "n_files": ("fichier(s)", "file(s)"), "n_refused": ("refusé(s)", "refused"),
    "dry": ("Simulation : rien n'a été écrit.", "Dry run: nothing was written."),
    "batch": ("Lot", "Batch"), "released": ("ligne(s) sortie(s) de la quarantaine", "row(s) released from quarantine"),
    "requarantined": ("{n} présence(s) remise(s) en attente : leur rencontre a changé de chantier et le membre n'y est "
                      "pas (chantiers rejects)",
                      "{n} attendance row(s) sent back to waiting: their meeting moved to a chantier the member is "
                      "not in (chantiers rejects)"),
    "warnings": ("avertissement(s) (voir « chantiers rejects »)", "warning(s) (see 'chantiers rejects')"),
    "busy": ("Un autre chargement est en cours sur {path}. Réessayez dans un moment.",
             "Another load is running on {path}. Try again in a moment."),
    "no_wh": ("Aucun entrepôt à {path}. Chargez des fichiers : chantiers load DOSSIER",
              "No warehouse at {path}. Load files first: chantiers load FOLDER"),
    "no_rejects": ("Aucun fichier refusé, aucune ligne rejetée ni en attente.",
                   "No refused file, no rejected or waiting row."),
    "reject_line": ("ligne {row}, {column} : {message}", "row {row}, {column}: {message}"),
    "more_rejects": ("{n} autre(s) rejet(s) : chantiers rejects", "{n} more reject(s): chantiers rejects"),
    "more_listed": ("… {n} autre(s) : chantiers rejects --all (ou --json, ou la page Qualité des données)",
                    "… {n} more: chantiers rejects --all (or --json, or the Data quality page)"),
    "counted": (" : {n}", ": {n}"), "n_reasons": (" ({n} raisons)", " ({n} reasons)"),
    "cell": (", {column} = « {value} »", ", {column} = \"{value}\""),
    "row_reason": ("{where}, ligne {row}{cell} : {message}", "{where}, row {row}{cell}: {message}"),
    "unchanged_not_counted": ("(le total ne compte pas les fichiers inchangés : leurs lignes l'ont été à leur "
                              "chargement)", "(the total leaves out unchanged files: their rows were counted when "
                              "they were loaded)"),
    "total": ("Total", "Total"), "reading": ("Chargement", "Loading"),
    "refused_title": ("Fichiers refusés à leur dernier chargement", "Files refused at their latest load"),
    "rejects_title": ("Lignes rejetées", "Rejected rows"), "quarantine_title": ("Lignes en attente (quarantaine)",
                                                                                 "Waiting rows (quarantine)"),
    "warnings_title": ("Avertissements (lignes acceptées)", "Warnings (rows accepted)"),
    "ledger": ("Registre des chargements", "Load ledger"), "freshness": ("Fraîcheur des sources", "Source freshness"),
    "never": ("jamais chargée", "never loaded"), "rows": ("ligne(s)", "row(s)"),
    "models": ("Modèles", "Models"),
    "stale_models": ("{n} modèle(s) SQL de {sql} ne sont pas construits tels qu'écrits ({names}) : construction "
                     "avant d'ouvrir le tableau de bord.",
                     "{n} SQL model(s) of {sql} are not built as written ({names}): building them before the "
                     "dashboard opens."),
    "unbuilt_loads": ("{n} chargement(s) sans construction des modèles (--no-build, ou sql/ alors impossible à "
                      "ordonner) : construction complète avant d'ouvrir le tableau de bord.",
                      "{n} load(s) without a model build (--no-build, or sql/ could not be ordered then): building "
                      "them all before the dashboard opens."),
    "stale_busy": ("Un chargement est en cours : le tableau de bord s'ouvre sans eux (« chantiers build » ensuite).",
                   "A load is running: the dashboard opens without them (run 'chantiers build' afterwards)."),
    "stale_read_only": ("Modèles SQL pas à jour ({what}), et {path} est en lecture seule ici : « chantiers build » "
                        "par quelqu'un qui peut l'écrire.",
                        "SQL models not up to date ({what}), and {path} is read-only here: 'chantiers build' by "
                        "someone who can write it."),
    "skipped_what": ("{n} chargement(s) sans construction des modèles", "{n} load(s) without a model build"),
    "stale_unchecked": ("Modèles SQL ni vérifiés ni construits avant d'ouvrir le tableau de bord : {error}",
                        "SQL models neither checked nor built before the dashboard opens: {error}"),
    "none": ("aucun fichier à charger", "no file to load"),
    "memory": ("Mémoire insuffisante pour terminer ; rien n'a été écrit dans {path}. Fermez d'autres programmes "
               "ou chargez les fichiers en plusieurs fois.",
               "Not enough memory to finish; nothing was written to {path}. Close other programs or load the "
               "files in several goes."),
}


def tr(key: str, lang: str, **params) -> str:
    return T[key][1 if lang == "en" else 0].format(**params)


def _settings(warehouse: str | None, lang: str | None) -> Settings:
    settings = Settings.from_env(warehouse)
    if lang:
        settings = Settings(warehouse=settings.warehouse, sql_dir=settings.sql_dir, lang=lang)
    return settings


warehouse_option = click.option("--warehouse", "-w", type=click.Path(dir_okay=False),
                                help="Fichier de l'entrepôt / warehouse file (défaut : CHANTIERS_WAREHOUSE "
                                     "ou data/chantiers.duckdb).")
lang_option = click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
                           help="Langue des messages / message language (CHANTIERS_LANG).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Chantiers partenariaux : chargement, modèles et tableau de bord.

    Chantiers partenariaux: loading, models and dashboard.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@warehouse_option
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Rapport JSON sur stdout / JSON report on stdout.")
@click.option("--dry-run", is_flag=True, help="Montrer ce qui se passerait sans rien écrire / report only.")
@click.option("--no-build", is_flag=True, help="Ne pas reconstruire les modèles (lancer « chantiers build » "
                                               "ensuite) / skip the model rebuild.")
def load(paths: tuple[Path, ...], warehouse: str | None, lang: str | None, as_json: bool, dry_run: bool,
         no_build: bool) -> None:
    """Charger des fichiers et dossiers (CSV, XLSX) / load files and folders."""
    import duckdb

    from pipelines.load import load_paths
    from warehouse.store import WarehouseBusy

    settings = _settings(warehouse, lang)
    bar = None
    progress = None
    if not as_json and sys.stderr.isatty():
        def progress(done: int, total: int, label: str) -> None:
            nonlocal bar
            if bar is None and total > 1:
                bar = click.progressbar(length=total, label=tr("reading", settings.lang), file=sys.stderr)
                bar.__enter__()
            if bar is not None:
                bar.update(done - bar.pos)
                if done >= total:
                    bar.__exit__(None, None, None)
    try:
        report = load_paths(list(paths), settings.warehouse, dry_run=dry_run, build_models=not no_build,
                            progress=progress)
    except WarehouseBusy:
        click.echo(tr("busy", settings.lang, path=settings.warehouse), err=True)
        sys.exit(1)
    except duckdb.OutOfMemoryException:  # even unbounded (load_paths ran it twice): nothing was published
        click.echo(tr("memory", settings.lang, path=settings.warehouse), err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(report.to_json(settings.lang), ensure_ascii=False, indent=2))
    else:
        _print_load(report, settings.lang)
    sys.exit(1 if report.refused else 0)


def _print_load(report, lang: str) -> None:
    if not report.files:
        click.echo(tr("none", lang))
    n = lambda value: written(value, lang)  # noqa: E731  counts grouped as the language groups them: 1 824 957
    header = f"{tr('status', lang):<10} {tr('read', lang):>11} {tr('accepted', lang):>11} " \
             f"{tr('rejected', lang):>9} {tr('quarantined', lang):>10}  {tr('files', lang)}"
    click.echo(header)
    for f in report.files:
        name = table_label(Path(f.path).name, f.sheet)
        status = tr(f.status, lang)
        color = {"loaded": "green", "unchanged": None, "refused": "red"}[f.status]
        if f.status == "refused":
            click.echo(click.style(f"{status:<10} {'':>11} {'':>11} {'':>9} {'':>10}  {name}", fg=color))
            click.echo(click.style(f"           {f.message(lang)}", fg=color))
            continue
        line = (f"{status:<10} {n(f.rows_read):>11} {n(f.accepted):>11} {n(f.rejected):>9} {n(f.quarantined):>10}"
                f"  {name}")
        if f.status == "unchanged":  # its counts are its last load's, whose rejects were listed then
            click.echo(line)
            click.echo(f"           {f.message(lang)}")
            continue
        click.echo(click.style(line, fg="yellow" if f.rejected or f.quarantined or f.replaced else color))
        if f.has_notes:  # rows of another file replaced, rejects settled, a wide export's summary...
            click.echo(click.style(f"           {f.message(lang)}", fg="yellow" if f.replaced else color))
        shown = f.rejects[:5]
        for r in shown:
            line = tr("reject_line", lang, row=r["row_number"], column=r["column_name"],
                      message=r["message_en" if lang == "en" else "message_fr"])
            click.echo(f"           {line}")
        # Rejects, not rows: a row rejected for two cells is listed twice, here as by `chantiers rejects`.
        if f.reasons > len(shown):
            click.echo(f"           … {tr('more_rejects', lang, n=n(f.reasons - len(shown)))}")
    t = report.totals()
    click.echo(f"{tr('total', lang):<10} {n(t['rows_read']):>11} {n(t['accepted']):>11} {n(t['rejected']):>9} "
               f"{n(t['quarantined']):>10}")
    if report.requarantined:
        click.echo(tr("requarantined", lang, n=n(report.requarantined)))
    if report.released:  # and from which files, loaded earlier: they were waiting for this load
        files = ", ".join(f"{name} ({n(k)})" for name, k in report.released_from.items())
        click.echo(f"{n(report.released)} {tr('released', lang)}{tr('counted', lang, n=files)}")
    if any(f.status == "unchanged" for f in report.files):
        click.echo(tr("unchanged_not_counted", lang))
    # This load's files' warnings (the warehouse's others were said when their files were loaded).
    warned = sum(f.warnings for f in report.files if f.status == "loaded")
    if warned:
        click.echo(f"{n(warned)} {tr('warnings', lang)}")
    if report.build is not None:
        click.echo(report.build.summary(lang))
    if report.build_error:
        click.echo(click.style(report.build_error, fg="red"), err=True)
    if report.dry_run:
        click.echo(click.style(tr("dry", lang), bold=True))
    else:
        seconds = f"{report.seconds:.1f}" if lang == "en" else f"{report.seconds:.1f}".replace(".", ",")
        click.echo(f"{tr('batch', lang)} {report.batch_id} ({seconds} s)")


REJECTS_LISTED = 100  # lines of each list `chantiers rejects` prints without --all


@main.command()
@warehouse_option
@lang_option
@click.option("--json", "as_json", is_flag=True, help="JSON sur stdout, toutes les lignes / JSON on stdout, every row.")
@click.option("--all", "show_all", is_flag=True,
              help=f"Tout lister (sinon les {REJECTS_LISTED} premières lignes de chaque liste) / list everything "
                   f"(else each list's first {REJECTS_LISTED}).")
def rejects(warehouse: str | None, lang: str | None, as_json: bool, show_all: bool) -> None:
    """Fichiers refusés, lignes rejetées, en attente, avertissements / refused files, rejected and waiting rows,
    warnings."""
    from warehouse.ledger import PROBLEM_KINDS, Problems

    settings = _settings(warehouse, lang)
    if not settings.warehouse.exists():
        click.echo(tr("no_wh", settings.lang, path=settings.warehouse), err=True)
        sys.exit(1)
    # The lists are streamed: at a funder's scale they hold millions of rows.
    with Problems(settings.warehouse) as found:
        if as_json:
            _json_lists(found, PROBLEM_KINDS)
            return
        counts = {kind: found.count(kind) for kind in PROBLEM_KINDS}
        if not any(n for n, _ in counts.values()):
            click.echo(tr("no_rejects", settings.lang))
            return
        lg = settings.lang
        msg = "message_en" if lg == "en" else "message_fr"
        limit = None if show_all else REJECTS_LISTED
        titles = {"refused": "refused_title", "rejected": "rejects_title", "quarantined": "quarantine_title",
                  "warnings": "warnings_title"}
        for kind in PROBLEM_KINDS:  # refused files first: a whole file to fix, none of its rows is elsewhere
            n, n_rows = counts[kind]
            if not n:
                continue
            # A row rejected for two cells is listed twice: the title counts rows, and the reasons when more.
            # A waiting row of a wide survey export waits once per answer: waiting counts answers, as the load.
            counted = tr("counted", lg, n=written(n if kind in ("refused", "quarantined") else n_rows, lg))
            if kind in ("rejected", "warnings") and n > n_rows:
                counted += tr("n_reasons", lg, n=written(n, lg))
            click.echo(click.style(f"{tr(titles[kind], lg)}{counted}", bold=True))
            for r in found.rows(kind, limit):
                click.echo(f"  {_problem_line(r, kind, lg, msg)}")
            if limit is not None and n > limit:
                click.echo(f"  {tr('more_listed', lg, n=written(n - limit, lg))}")


def _problem_line(r: dict, kind: str, lg: str, msg: str) -> str:
    if kind == "refused":
        return r[msg]
    where = table_label(r["file_name"], r.get("sheet"))
    cell = ""
    if r["column_name"]:  # an empty cell's message says so ("valeur obligatoire manquante")
        cell = f", {r['column_name']}" if r["value"] is None else tr("cell", lg, column=r["column_name"],
                                                                      value=r["value"])
    elif kind == "quarantined" and r["record_key"]:  # which record waits (an answer of a wide export)
        cell = f" ({r['record_key']})"
    return tr("row_reason", lg, where=where, row=r["row_number"], cell=cell, message=r[msg])


def _json_lists(found, kinds) -> None:
    """`{"refused": [...], "rejected": [...], ...}` written a row at a time."""
    out = sys.stdout
    out.write("{")
    for i, kind in enumerate(kinds):
        out.write(f'{"," if i else ""}\n  "{kind}": [')
        for j, row in enumerate(found.rows(kind)):
            out.write(("," if j else "") + "\n    " + json.dumps(row, ensure_ascii=False, default=str))
        out.write("\n  ]")
    out.write("\n}\n")


@main.command()
@warehouse_option
@lang_option
def status(warehouse: str | None, lang: str | None) -> None:
    """Registre des chargements et fraîcheur des sources / ledger and source freshness."""
    from warehouse.ledger import freshness, ledger

    settings = _settings(warehouse, lang)
    lg = settings.lang
    if not settings.warehouse.exists():
        click.echo(tr("no_wh", lg, path=settings.warehouse), err=True)
        sys.exit(1)
    click.echo(click.style(f"{tr('ledger', lg)} — {settings.warehouse}", bold=True))
    n = lambda value: written(value, lg)  # noqa: E731
    for b in ledger(settings.warehouse):
        click.echo(f"  {b['batch_id']}  {moment(b['finished_at'], lg)}  {n(b['n_files'])} {tr('n_files', lg)}, "
                   f"{n(b['accepted'])} {tr('accepted', lg)}, {n(b['rejected'])} {tr('rejected', lg)}, "
                   f"{n(b['quarantined'])} {tr('quarantined', lg)}, {n(b['n_refused'])} {tr('n_refused', lg)}")
    click.echo(click.style(tr("freshness", lg), bold=True))
    for s in freshness(settings.warehouse):
        when = moment(s["last_loaded_at"], lg) if s["last_loaded_at"] else tr("never", lg)
        name = s["source"] if lg == "en" else SOURCE_BY_NAME[s["source"]].label_fr
        click.echo(f"  {name:<20} {n(s['rows']):>9} {tr('rows', lg)}  {n(s['quarantined']):>6} "
                   f"{tr('quarantined', lg)}  {when}  {s['last_file'] or ''}")


@main.command()
@warehouse_option
@lang_option
def build(warehouse: str | None, lang: str | None) -> None:
    """Reconstruire les modèles SQL et lancer les audits / rebuild the SQL models and run the audits."""
    import duckdb

    from warehouse.models import ModelGraphError
    from warehouse.models import build as build_models
    from warehouse.store import WarehouseBusy, new_batch_id, writing

    settings = _settings(warehouse, lang)
    if not settings.warehouse.exists():
        click.echo(tr("no_wh", settings.lang, path=settings.warehouse), err=True)
        sys.exit(1)
    try:
        with writing(settings.warehouse) as con:
            report = build_models(con, settings.sql_dir, batch_id=new_batch_id())
    except ModelGraphError as error:  # a cycle in sql/: nothing is built, the message names the models
        click.echo(str(error), err=True)
        sys.exit(1)
    except WarehouseBusy:
        click.echo(tr("busy", settings.lang, path=settings.warehouse), err=True)
        sys.exit(1)
    except duckdb.OutOfMemoryException:  # the copy is thrown away: the marts stay as they were
        click.echo(tr("memory", settings.lang, path=settings.warehouse), err=True)
        sys.exit(1)
    click.echo(report.summary(settings.lang))
    sys.exit(0 if report.ok else 1)


@main.command()
@warehouse_option
@click.option("--port", type=int, default=8501, show_default=True, help="Port HTTP / HTTP port.")
@click.option("--headless", is_flag=True, help="Ne pas ouvrir de navigateur / do not open a browser.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
              help="Langue des messages et de l'ouverture des pages / language of the messages and of the pages "
                   "as they open (CHANTIERS_LANG).")
def serve(warehouse: str | None, port: int, headless: bool, lang: str | None) -> None:
    """Servir le tableau de bord / serve the dashboard."""
    from dashboard.server import serve as serve_dashboard

    settings = _settings(warehouse, lang)
    _build_out_of_date(settings)
    sys.exit(serve_dashboard(settings.warehouse, port=port, headless=headless, lang=settings.lang))


def _writable(path: Path) -> bool:
    """Whether this user may replace the warehouse (a viewer's copy or a shared folder may not)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _build_out_of_date(settings: Settings) -> None:
    """Build the models sql/ holds but the warehouse does not have as written (a mart added by an update
    of the product or by an analyst, an edited one): the dashboard would otherwise read a missing or
    outdated table. After a load that skipped the models (--no-build), build them all."""
    import duckdb

    from warehouse.connection import open_reader
    from warehouse.models import ModelGraphError, out_of_date, unbuilt_loads
    from warehouse.models import build as build_models
    from warehouse.store import WarehouseBusy, new_batch_id, writing

    path = settings.warehouse
    if not path.exists():
        return
    try:  # whatever goes wrong here, the dashboard opens (and says what it can)
        reader = open_reader(path)
        try:
            stale = out_of_date(reader, settings.sql_dir)
            skipped = unbuilt_loads(reader)
        finally:
            reader.close()
        if not stale and not skipped:
            return
        shown = ", ".join(stale[:5]) + (", …" if len(stale) > 5 else "")
        if not _writable(path):
            what = shown if stale else tr("skipped_what", settings.lang, n=skipped)
            click.echo(tr("stale_read_only", settings.lang, what=what, path=path), err=True)
            return
        if skipped:  # a load's chantiers are in no mart yet: the build is whole, as the next load's would be
            click.echo(tr("unbuilt_loads", settings.lang, n=skipped), err=True)
        else:
            click.echo(tr("stale_models", settings.lang, n=len(stale), sql=settings.sql_dir, names=shown), err=True)
        # Otherwise only what is out of date: the rest is left as it is, and tables computed with today's
        # date refresh the chantiers the day changed, as after a load.
        partitions, changed = (None, None) if skipped else ({"chantier_id": []}, set())
        with writing(path) as con:
            report = build_models(con, settings.sql_dir, batch_id=new_batch_id(), partitions=partitions,
                                  changed=changed)
    except WarehouseBusy:
        click.echo(tr("stale_busy", settings.lang), err=True)
        return
    except duckdb.OutOfMemoryException:  # the copy is thrown away: the marts stay as they were
        click.echo(tr("memory", settings.lang, path=path), err=True)
        return
    except (ModelGraphError, duckdb.Error, OSError) as error:  # a cycle in sql/, a file that is no warehouse...
        click.echo(tr("stale_unchecked", settings.lang, error=str(error).splitlines()[0]), err=True)
        return
    click.echo(report.summary(settings.lang), err=True)


@main.command()
@click.option("--scale", type=float, default=1.0, show_default=True,
              help="1 ≈ la démo ; 1000 ≈ 1 000 chantiers / 1 ≈ the demo; 1000 ≈ 1,000 chantiers.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Dossier où écrire les fichiers / folder to write the files to.")
@click.option("--seed", type=int, default=2012, show_default=True,
              help="Graine : les mêmes options donnent les mêmes fichiers / seed: the same options give the same "
                   "files.")
@click.option("--messy", type=float, default=None, help="Part de lignes fautives / share of bad rows.")
@lang_option
def generate(scale: float, out_dir: Path, seed: int, messy: float | None, lang: str | None) -> None:
    """Écrire des fichiers d'entrée conformes au contrat / write contract-valid input files."""
    from pipelines.generate import generate as write_files

    lg = _settings(None, lang).lang
    counts = write_files(out_dir, scale=scale, seed=seed, messy=messy)
    for source, n in counts.items():
        name = source if lg == "en" else SOURCE_BY_NAME[source].label_fr
        click.echo(f"{name:<20} {written(n, lg):>10} {tr('rows', lg)}")


if __name__ == "__main__":
    main()
