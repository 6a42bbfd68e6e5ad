"""The model runner: discover the analysts' SQL models, order them, build them, run the audits.

The folder is the contract (see sql/README.md):

- sql/staging/*.sql       -> views  staging.<stem>
- sql/intermediate/*.sql  -> views  intermediate.<stem>
- sql/marts/*.sql         -> tables marts.<stem>
- sql/audits/*.sql        -> queries returning offending rows; run, never materialized

Each file is one plain DuckDB query (no templating) opening with a comment: its
grain (`-- One row per meeting. Grain: meeting_id`) or, for an audit, what it
checks (`-- Audit: ...`). Dependencies are read from the SQL itself: every
schema-qualified reference to raw, staging, intermediate or marts.
"""

from __future__ import annotations

import graphlib
import hashlib
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.scope import traverse_scope
from sqlglot.tokens import TokenType

from warehouse.connection import fetch_one
from warehouse.schema import LEDGER_DDL
from warehouse.settings import SQL_DIR

# Folder -> how its models are materialized. The order is the layer order.
LAYERS: dict[str, str] = {"staging": "view", "intermediate": "view", "marts": "table", "audits": "audit"}
# Only references to these schemas are dependencies (raw is loaded by the pipelines, not built here).
DEPENDENCY_SCHEMAS = frozenset({"raw", "staging", "intermediate", "marts"})
SAMPLE_ROWS = 5
FAILED = "failed:"  # audit.model_state's fingerprint of a model whose last build failed: FAILED + its fingerprint

# Declarations open their comment line: a remark that mentions them mid-sentence ("Not Partition: a
# new namesake...") declares nothing.
_PARTITION = re.compile(r"^\s*Partition:\s*([A-Za-z_][A-Za-z0-9_]*)")
_DATED = re.compile(r"^\s*Dated:(.*)")
_DATED_ENTRY = re.compile(r"[A-Za-z_]\w*\.[A-Za-z_]\w*\.[A-Za-z_]\w*")
_GRAIN = re.compile(r"Grain:\s*([A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*)")


class ModelGraphError(ValueError):
    """The models cannot be ordered (a cycle) or selected (an unknown name)."""


@dataclass(frozen=True)
class Model:
    """One SQL file of sql/<layer>/: what it builds, from what, and how."""

    name: str  # "<layer>.<stem>", lower case
    layer: str  # staging | intermediate | marts | audits
    path: Path
    sql: str  # the file as written
    body: str  # the query to run: the file without its trailing semicolon
    header: str  # the opening comment lines, without "--", one per line
    depends_on: frozenset[str] = frozenset()
    reads: frozenset[str] = frozenset()  # every relation read, loaded tables and the ledger included
    problem: str | None = None  # found while reading the file; reported as the model's error

    @property
    def kind(self) -> str:
        """view, table or audit."""
        return LAYERS[self.layer]

    @property
    def grain(self) -> tuple[str, ...]:
        """The columns named after `Grain:` in the opening comment (empty for audits).

        The list ends with its line, so the next comment line is never read as a column.
        """
        for line in self.header.splitlines():
            if match := _GRAIN.search(line):
                return tuple(c.strip().lower() for c in match.group(1).split(","))
        return ()

    @property
    def partition(self) -> str | None:
        """The column named after `Partition:` in the opening comment, if any.

        It declares that the rows for one value of that column (one chantier) depend only on
        that chantier's data, so a load can refresh just the chantiers it touched.
        """
        for line in self.header.splitlines():
            if match := _PARTITION.search(line):
                return match.group(1).lower()
        return None

    @property
    def dated_by(self) -> frozenset[tuple[str, str]]:
        """The (relation, date column) pairs named after `Dated:` in the opening comment.

        A table computed with today's date declares there which dates today's date is compared
        with: on a new day, only the partitions (chantiers) holding such a date between the day
        it was last built and today can change, and only those are refreshed. Without it, the
        first build of a day rebuilds the table whole. A list ending with a comma goes on at the
        next comment line. (A malformed list is the model's problem: see `_dated_problem`.)
        """
        entries, wrong = _dated_entries(self.header)
        if wrong:
            return frozenset()
        return frozenset((e.rsplit(".", 1)[0], e.rsplit(".", 1)[1]) for e in entries)

    @property
    def display_path(self) -> str:
        """`sql/marts/meeting.sql`: how messages name the file."""
        return "/".join(self.path.parts[-3:])


def _dated_entries(header: str) -> tuple[list[str], list[str]]:
    """The `Dated:` entries of a header (lower case), and what is not `schema.table.column` in it.

    The list goes on at the next comment line while it ends with a comma, the next line starts with
    one, or a remark in parentheses is still open; remarks in parentheses are left out. A second
    `Dated:` line is reported (as something wrong), never ignored."""
    lines = header.splitlines()
    found = [i for i, line in enumerate(lines) if _DATED.search(line)]
    if not found:
        return [], []
    i = found[0]
    text = _DATED.search(lines[i]).group(1).strip()
    while i + 1 < len(lines) and (text.endswith(",") or lines[i + 1].strip().startswith(",")
                                  or text.count("(") > text.count(")")):
        i += 1
        text += " " + lines[i].strip()
    while re.search(r"\([^()]*\)", text):
        text = re.sub(r"\([^()]*\)", " ", text)
    names = [n.strip().lower() for n in text.split(",")]
    wrong = [n for n in names if not _DATED_ENTRY.fullmatch(n)]
    wrong += [f"Dated: ({lines[j].strip()})" for j in found[1:]]
    return [n for n in names if _DATED_ENTRY.fullmatch(n)], wrong


def _dated_problem(header: str, reads: frozenset[str]) -> str | None:
    """What is wrong with a `Dated:` declaration: a name that is not schema.table.column, or a relation
    the query does not read (a typo would leave chantiers unrefreshed on a new day)."""
    entries, wrong = _dated_entries(header)
    if wrong:
        return (f"Dated: « {', '.join(w or '(vide)' for w in wrong)} » : attendu schéma.table.colonne, séparés par "
                f"des virgules / expected schema.table.column, comma-separated")
    unread = sorted({e.rsplit(".", 1)[0] for e in entries} - reads)
    if unread:
        return (f"Dated: {', '.join(unread)} n'est pas lu par la requête / is not read by the query")
    return None


def _split_body(sql: str) -> str:
    """The single query of a model file, without its trailing semicolon(s).

    Raises ValueError when the file holds more than one statement.
    """
    tokens = sqlglot.tokenize(sql, read="duckdb")
    while tokens and tokens[-1].token_type == TokenType.SEMICOLON:
        sql = sql[: tokens[-1].start]
        tokens.pop()
    if not tokens:
        raise ValueError("fichier vide / empty file")
    if any(t.token_type == TokenType.SEMICOLON for t in tokens):
        raise ValueError("une seule requête par fichier / one query per file")
    return sql.rstrip()


def _qualified_name(table: exp.Table, schemas: frozenset[str] | None = DEPENDENCY_SCHEMAS) -> str | None:
    """`schema.table` in lower case when `table` names a table of one of `schemas` (None: any)."""
    # Table functions (read_csv, generate_series) come as exp.Table whose `this` is a function.
    if not isinstance(table.this, exp.Identifier) or not table.db:
        return None
    schema = table.db.lower()  # DuckDB names are case-insensitive, quoted or not
    return f"{schema}.{table.name.lower()}" if schemas is None or schema in schemas else None


def infer_dependencies(sql: str) -> frozenset[str]:
    """The `schema.table` names (lower case) a query reads from raw, staging, intermediate or marts.

    Walks the query scopes so CTE names and table functions are not taken for tables.
    Raises sqlglot.errors.SqlglotError when the SQL cannot be parsed.
    """
    return frozenset(n for n in references(sql) if n.split(".", 1)[0] in DEPENDENCY_SCHEMAS)


def references(sql: str) -> frozenset[str]:
    """Every `schema.table` a query reads, whatever the schema (quarantine, audit included)."""
    found: set[str] = set()
    for statement in sqlglot.parse(sql, read="duckdb"):
        if statement is None:
            continue
        for scope in traverse_scope(statement):
            for source in scope.sources.values():
                if isinstance(source, exp.Table) and (name := _qualified_name(source, None)):
                    found.add(name)
        # sqlglot builds no scope for DuckDB's PIVOT/UNPIVOT statements; a schema-qualified
        # name can never be a CTE, so reading those from the tree directly is safe.
        for pivot in statement.find_all(exp.Pivot):
            for table in pivot.find_all(exp.Table):
                if name := _qualified_name(table, None):
                    found.add(name)
        if not isinstance(statement, exp.Query):
            for table in statement.find_all(exp.Table):
                if name := _qualified_name(table, None):
                    found.add(name)
    return frozenset(found)


def _header(sql: str) -> str:
    lines = []
    for line in sql.lstrip().splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return "\n".join(lines)


def _parse_message(error: Exception) -> str:
    """sqlglot's first parse error as `description (ligne/line L, col C)`; else the message."""
    details = getattr(error, "errors", None)
    if details:
        first = details[0]
        # sqlglot puts a token's repr in some descriptions; keep its text only.
        description = re.sub(r"<Token token_type: [^,]+, text: (.*?), line: .*?>", r"'\1'",
                             str(first.get("description")))
        return f"{description} (ligne/line {first.get('line')}, col {first.get('col')})"
    return str(error).splitlines()[0] if str(error) else type(error).__name__


SqlCache = dict[str, tuple[str, tuple[str, ...] | None]]  # key -> (text, relations read)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def read_model(path: Path, layer: str, cache: SqlCache | None = None) -> Model:
    """Read one model file. Problems (empty, several statements, unparseable) are kept, not raised.

    `cache` (file hash -> query and relations read) spares parsing a file already parsed.
    """
    sql = path.read_text(encoding="utf-8")
    name = f"{layer}.{path.stem}".lower()
    base = dict(name=name, layer=layer, path=path, sql=sql, header=_header(sql))
    known = (cache or {}).get(_sha(sql))
    if known is not None and known[1] is not None:
        body, reads = known[0], frozenset(known[1])
    else:
        try:
            body = _split_body(sql)
            reads = references(body)
        except (ValueError, SqlglotError) as error:
            return Model(**base, body=sql, problem=f"lecture impossible / cannot read: {_parse_message(error)}")
        if cache is not None:
            cache[_sha(sql)] = (body, tuple(sorted(reads)))
    depends_on = frozenset(n for n in reads if n.split(".", 1)[0] in DEPENDENCY_SCHEMAS)
    return Model(**base, body=body, depends_on=depends_on, reads=reads, problem=_dated_problem(base["header"], reads))


def discover(sql_dir: Path = SQL_DIR, cache: SqlCache | None = None) -> list[Model]:
    """Every model under sql_dir/{staging,intermediate,marts,audits}, sorted by layer then name."""
    models = []
    for layer in LAYERS:
        folder = Path(sql_dir) / layer
        if folder.is_dir():
            models.extend(read_model(path, layer, cache) for path in sorted(folder.glob("*.sql")))
    return models


def _load_cache(con: duckdb.DuckDBPyConnection) -> SqlCache:
    """What earlier builds parsed, kept in the warehouse: parsing every file takes longer than a small load."""
    return {key: (text, tuple(reads) if reads is not None else None)
            for key, text, reads in con.execute("SELECT key, text, reads FROM audit.sql_cache").fetchall()}


def _save_cache(con: duckdb.DuckDBPyConnection, cache: SqlCache, before: set[str], models: list[Model]) -> None:
    """Add what this build parsed; drop what belongs to files that no longer read that way."""
    new = [(key, text, list(reads) if reads is not None else None)
           for key, (text, reads) in cache.items() if key not in before]
    if new:
        con.executemany("INSERT OR REPLACE INTO audit.sql_cache VALUES (?, ?, ?)", new)
    con.execute("DELETE FROM audit.sql_cache WHERE NOT list_contains(?, split_part(key, ':', 1))",
                [sorted({_sha(m.sql) for m in models})])


def order(models: Iterable[Model]) -> list[Model]:
    """Models in build order: each after the models it reads. Raises ModelGraphError on a cycle."""
    by_name = {m.name: m for m in models}
    sorter = graphlib.TopologicalSorter(
        {name: sorted(m.depends_on & by_name.keys()) for name, m in sorted(by_name.items())}
    )
    try:
        return [by_name[name] for name in sorter.static_order()]
    except graphlib.CycleError as error:
        cycle = " -> ".join(error.args[1])
        raise ModelGraphError(
            f"Dépendance circulaire entre modèles : {cycle}. / Circular dependency between models: {cycle}."
        ) from None


def model_sql(name: str, sql_dir: Path = SQL_DIR) -> str:
    """The SQL text of one model (`marts.meeting`), as written in its file: 'the SQL behind a chart'."""
    layer, _, stem = name.lower().partition(".")
    path = Path(sql_dir) / layer / f"{stem}.sql"
    if layer not in LAYERS or not path.is_file():
        raise KeyError(f"Modèle inconnu : {name} / Unknown model: {name}")
    return path.read_text(encoding="utf-8")


# --- build -----------------------------------------------------------------

STATUS_LABELS = {
    "fr": {"ok": "ok", "error": "erreur", "skipped": "ignoré", "failed": "audit échoué"},
    "en": {"ok": "ok", "error": "error", "skipped": "skipped", "failed": "audit failed"},
}
_COUNT_LABELS = {
    "fr": {"ok": "ok", "error": "erreur(s)", "skipped": "ignoré(s)", "failed": "audit(s) échoué(s)"},
    "en": {"ok": "ok", "error": "error(s)", "skipped": "skipped", "failed": "audit(s) failed"},
}


@dataclass
class ModelResult:
    """How one model or audit went. status: ok | error | skipped (a dependency failed) | failed (audit)."""

    model: str
    kind: str
    status: str
    path: str
    seconds: float = 0.0
    n_failing: int = 0  # audits: offending rows
    sample: list[dict] = field(default_factory=list)  # audits: a few offending rows
    error: str | None = None  # errors: "<file>: <DuckDB message>"
    blocked_by: str | None = None  # skipped: the failed dependency
    # "full", "partial" (tables: only the partitions a load touched) or "unchanged" (nothing it
    # reads changed: left as built by an earlier run)
    refreshed: str = "full"

    def message(self, lang: str = "fr") -> str:
        """One line saying what happened, in French (default) or English."""
        fr = lang == "fr"
        if self.status == "error":
            return self.error or ""
        if self.status == "skipped":
            return (f"dépend de {self.blocked_by}, qui a échoué" if fr
                    else f"depends on {self.blocked_by}, which failed")
        if self.status == "failed":
            return (f"{self.n_failing} ligne(s) fautive(s)" if fr else f"{self.n_failing} offending row(s)")
        return ""


@dataclass
class BuildReport:
    """The outcome of one build: a result per model, in build order."""

    batch_id: str
    results: list[ModelResult]
    removed: list[str] = field(default_factory=list)  # tables and views dropped: their file left sql/

    @property
    def models_ok(self) -> bool:
        """Every model and audit ran (audits may have found offending rows)."""
        return all(r.status in ("ok", "failed") for r in self.results)

    @property
    def audit_failures(self) -> int:
        """Number of audits that returned offending rows."""
        return len(self.failures)

    @property
    def failures(self) -> list[ModelResult]:
        """The audits that returned offending rows."""
        return [r for r in self.results if r.status == "failed"]

    @property
    def errors(self) -> list[ModelResult]:
        """The models and audits that could not run: errors, then the skipped ones."""
        return [r for r in self.results if r.status == "error"] + [r for r in self.results if r.status == "skipped"]

    @property
    def ok(self) -> bool:
        """Everything built and every audit passed."""
        return all(r.status == "ok" for r in self.results)

    def result(self, name: str) -> ModelResult:
        """The result of one model by name (`marts.meeting`)."""
        return next(r for r in self.results if r.model == name.lower())

    def summary(self, lang: str = "fr") -> str:
        """A readable account: counts, then one line per model that did not go well."""
        lang = "fr" if lang == "fr" else "en"
        labels = STATUS_LABELS[lang]
        counts = {s: sum(r.status == s for r in self.results) for s in labels}
        seconds = sum(r.seconds for r in self.results)
        parts = ", ".join(f"{n} {_COUNT_LABELS[lang][s]}" for s, n in counts.items() if n)
        took = _seconds(seconds, lang)
        head = (f"Modèles, lot {self.batch_id} : {parts or 'aucun modèle'} ({took} s)." if lang == "fr"
                else f"Models, batch {self.batch_id}: {parts or 'no model'} ({took} s).")
        colon = " : " if lang == "fr" else ": "  # French typography: a space before the colon
        lines = [head]
        for r in self.results:
            if r.status == "ok":
                continue
            where = "" if r.status == "error" else f" ({r.path})"  # an error already starts with its file
            line = f"- {labels[r.status].upper()} {r.model}{where}{colon}{r.message(lang)}"
            if r.sample:
                line += ("; p. ex. " if lang == "fr" else "; e.g. ") + "; ".join(map(_format_row, r.sample[:3]))
            lines.append(line.replace("\n", "\n    "))
        if seconds >= SLOW_BUILD_SECONDS:  # name where the time went: a slow model is the analyst's to fix
            slowest = sorted(self.results, key=lambda r: r.seconds, reverse=True)[:3]
            each = ", ".join(f"{r.model} {_seconds(r.seconds, lang)} s" for r in slowest)
            lines.append(f"Les plus longs : {each} (voir « Partition: » dans sql/README.md)." if lang == "fr"
                         else f"Slowest: {each} (see \"Partition:\" in sql/README.md).")
        for name in self.removed:
            lines.append(f"- RETIRÉ {name} : son fichier n'est plus dans sql/, sa table est supprimée de l'entrepôt."
                         if lang == "fr" else f"- REMOVED {name}: its file is no longer in sql/, its table is dropped "
                                              "from the warehouse.")
        if self.ok:
            lines.append("Tous les modèles sont construits et tous les audits passent." if lang == "fr"
                         else "Every model built and every audit passed.")
        return "\n".join(lines)


SLOW_BUILD_SECONDS = 10.0  # a build this long names its slowest models


def _seconds(seconds: float, lang: str) -> str:
    return f"{seconds:.1f}".replace(".", "," if lang == "fr" else ".")  # 0,1 s in French


def _format_row(row: dict) -> str:
    return "{" + ", ".join(f"{k}={v}" for k, v in row.items()) + "}"


def _select(models: list[Model], only: Iterable[str] | None) -> set[str]:
    """Names of the models to run: all, or those named in `only` (model names or layer names)."""
    names = {m.name for m in models}
    if only is None:
        return names
    if isinstance(only, str):
        only = [only]
    chosen: set[str] = set()
    for item in only:
        item = item.lower()
        if item in LAYERS:
            chosen |= {m.name for m in models if m.layer == item}
        elif item in names:
            chosen.add(item)
        else:
            raise ModelGraphError(f"Modèle inconnu : {item} / Unknown model: {item}")
    return chosen


def _error_text(model: Model, error: Exception) -> str:
    text = str(error).strip()
    if isinstance(error, duckdb.CatalogException):
        text = ("table introuvable : vérifiez le nom qualifié (schéma.table) et que la source est chargée"
                f" / table not found: check the schema-qualified name and that the source is loaded.\n{text}")
    return f"{model.display_path}: {text}"


def _built_as(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """"table" or "view" when the warehouse holds a relation of that name, else None."""
    schema, relation = name.split(".")
    where = "WHERE database_name = current_database() AND schema_name = ? AND {} = ?"
    found = con.execute(f"SELECT 'table' FROM duckdb_tables() {where.format('table_name')} UNION ALL "
                        f"SELECT 'view' FROM duckdb_views() {where.format('view_name')}",
                        [schema, relation, schema, relation]).fetchall()
    return found[0][0] if found else None


# A load touching more chantiers than this rebuilds partitioned tables whole: a long list of
# values is no longer pushed down to the scans, and most of the table changes anyway.
MAX_PARTITIONS = 64


def _sql_literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


PARTITION_VALUES = "__partition_values__"  # stands for the list of values in a scoped query


def scope_to_partitions(body: str, column: str, scoped: Iterable[str]) -> str:
    """The query with each relation of `scoped` read only for `{column} IN (__partition_values__)`.

    `scoped` holds the models declaring the same `Partition:` column: their rows for one value
    are exactly that value's, so the filter on them is sound, and DuckDB pushes a filter on a
    named relation down to its scans (a filter on the whole query does not cross LEFT JOINs to
    aggregated subqueries). Relations not declared (raw tables, surveys about another chantier's
    deliverable) are read whole. The caller puts the values in place of PARTITION_VALUES.
    """
    tree = sqlglot.parse_one(body, read="duckdb")
    names = set(scoped)
    for table in list(tree.find_all(exp.Table)):
        name = _qualified_name(table)
        if name in names:
            filtered = sqlglot.parse_one(
                f"(SELECT * FROM {name} WHERE {column} IN ({PARTITION_VALUES})) AS {table.alias_or_name}",
                read="duckdb")
            table.replace(filtered)
    return tree.sql(dialect="duckdb")


def _scoped_body(model: Model, scoped: Iterable[str], cache: SqlCache | None) -> str:
    scoped = sorted(scoped)
    # Keyed by the file's hash first, so entries of files since edited can be told and dropped.
    key = f"{_sha(model.sql)}:{_sha(f'scope|{model.partition}|{chr(44).join(scoped)}')}"
    if cache is not None and key in cache:
        return cache[key][0]
    try:
        body = scope_to_partitions(model.body, model.partition, scoped)
    except SqlglotError:
        return model.body
    if cache is not None:
        cache[key] = (body, None)
    return body


def _refresh_partitions(con: duckdb.DuckDBPyConnection, model: Model, values: list,
                        scoped: Iterable[str] = (), cache: SqlCache | None = None) -> bool:
    """Replace only the rows of the given partition values; False when a full build is needed instead."""
    if _built_as(con, model.name) != "table" or len(values) > MAX_PARTITIONS:
        return False
    if not values:  # nothing this table holds changed
        return True
    column = model.partition
    literals = ", ".join(_sql_literal(v) for v in sorted(values))
    body = _scoped_body(model, scoped, cache).replace(PARTITION_VALUES, literals)
    try:
        con.execute("BEGIN")
        con.execute(f"DELETE FROM {model.name} WHERE {column} IN ({literals})")
        con.execute(f"INSERT INTO {model.name} BY NAME SELECT * FROM ({body}\n) AS refreshed "
                    f"WHERE refreshed.{column} IN ({literals})")
        con.execute("COMMIT")
    except duckdb.OutOfMemoryException:  # not the model's fault: the caller decides (a load runs again unbounded)
        con.execute("ROLLBACK")
        raise
    except duckdb.Error as error:  # the model's columns changed since the table was built: rebuild it whole
        con.execute("ROLLBACK")
        if interrupted(error):
            raise KeyboardInterrupt from None
        return False
    return True


def interrupted(error: BaseException) -> bool:
    """Whether a query stopped because the user pressed Ctrl+C: DuckDB raises InterruptException when
    asked from another thread (`interrupt()`), a RuntimeError("Query interrupted") on a SIGINT."""
    return isinstance(error, duckdb.InterruptException) or (
        isinstance(error, RuntimeError) and "Query interrupted" in str(error))


_TODAY = re.compile(r"\b(current_date|current_time|current_timestamp|current_localtimestamp|localtime|localtimestamp"
                    r"|current_localtime|transaction_timestamp|statement_timestamp|get_current_time"
                    r"|get_current_timestamp|today\s*\(|now\s*\(|age\s*\()", re.IGNORECASE)
EVERY = "*"  # every column of a view is computed from today's date
UNDECLARED = "undeclared"  # a table computed from today's date without a `Dated:` declaration


def fingerprints(models: list[Model]) -> dict[str, str]:
    """A hash of each model's SQL and of everything it reads, in dependency order.

    A partial refresh is only sound when the table was last built whole or in part by the very
    same SQL, all the way down: an edited staging view changes every mart above it. What today's
    date changes is handled apart (`day_dependence`).
    """
    out: dict[str, str] = {}
    for model in order(models):
        upstream = "".join(out.get(d, d) for d in sorted(model.depends_on))
        out[model.name] = hashlib.sha256((model.sql + upstream).encode()).hexdigest()
    return out


def _uses_today(tree: exp.Expression) -> bool:
    return bool(_TODAY.search(tree.sql(dialect="duckdb", comments=False)))


_COMPARISONS = (exp.LT, exp.LTE, exp.GT, exp.GTE, exp.EQ, exp.NEQ)


def _plain(node: exp.Expression) -> exp.Expression:
    while isinstance(node, (exp.Cast, exp.TryCast, exp.Paren)):
        node = node.this
    return node


def _comparisons(tree: exp.Expression) -> tuple[set[str], bool]:
    """The columns today's date is compared with as such in `tree` (`held_on <= current_date`), and
    whether it is also used otherwise. A new day changes a comparison only on the rows whose date
    it passes, as a `Dated:` declaration says; a duration or a shifted date (`date_diff(...,
    current_date)`, `current_date - 90`, `held_on + 7 <= current_date`) moves every day, or on
    other dates."""
    compared: set[str] = set()
    uses = [n for n in tree.walk() if _TODAY.search(n.sql(dialect="duckdb", comments=False))
            and not any(_TODAY.search(c.sql(dialect="duckdb", comments=False)) for c in n.iter_expressions())]
    for use in uses:
        node = use
        while isinstance(node.parent, (exp.Cast, exp.TryCast, exp.Paren)):
            node = node.parent
        parent = node.parent
        if isinstance(parent, _COMPARISONS):
            others = [parent.left if parent.right is node else parent.right]
        elif isinstance(parent, exp.Between) and parent.this is node:
            others = [parent.args["low"], parent.args["high"]]
        else:
            return compared, True
        columns = [_plain(o) for o in others]
        if not all(isinstance(c, exp.Column) for c in columns):
            return compared, True
        compared.update(c.name.lower() for c in columns)
    return compared, False


def _today_columns(tree: exp.Expression) -> tuple[dict[str, set[str]], set[str]] | str:
    """A view's output columns computed from today's date: ({column compared with it: the date
    columns it is compared with}, {columns moved by it every day}). EVERY when the date can change
    anything else (a filter, a join, a CTE, DISTINCT or grouping, an alias of such a column reused
    in a clause), since then any column, or the rows themselves, can change with it."""
    if not isinstance(tree, exp.Select):
        return EVERY
    compared: dict[str, set[str]] = {}
    daily: set[str] = set()
    projections = list(tree.expressions)
    while True:  # DuckDB lets a column reuse an earlier column's alias: follow them
        before = (sorted((k, sorted(v)) for k, v in compared.items()), sorted(daily))
        for p in projections:
            name = p.alias_or_name.lower()
            reused = {c.name.lower() for c in p.find_all(exp.Column)} & (compared.keys() | daily) - {name}
            if not (_uses_today(p) or reused):
                continue
            dates, moving = _comparisons(p)
            if moving or reused & daily or name in daily:
                daily.add(name)
                compared.pop(name, None)
            else:
                compared[name] = dates.union(*(compared[r] for r in reused))
        if (sorted((k, sorted(v)) for k, v in compared.items()), sorted(daily)) == before:
            break
    dated = compared.keys() | daily
    rest = tree.copy()
    rest.set("expressions", [exp.Literal.number(1)])
    if _uses_today(rest):
        return EVERY
    if dated and (any(c.name.lower() in dated for c in rest.find_all(exp.Column))
                  or tree.args.get("distinct") or tree.args.get("group")
                  or any(isinstance(p, exp.Star) or not p.alias_or_name for p in projections)):
        return EVERY
    return compared, daily


def _reads_today(tree: exp.Expression, views: dict[str, set[str] | str]) -> set[str] | None:
    """Which of the columns that the views it reads compute from today's date a query reads (`views`:
    view -> such columns, or EVERY); None when it reads none. EVERY when it may read them all.

    By name, wherever it appears (a column of the same name elsewhere counts too), and through
    any `*` that may take it: a false alarm only costs a whole rebuild on a new day."""
    if not views:
        return None
    if any(cols == EVERY for cols in views.values()):
        return {EVERY}
    names = set().union(*views.values())
    aliases = {t.alias_or_name.lower() for t in tree.find_all(exp.Table) if _qualified_name(t) in views}
    every = (any(c.name.lower() in aliases for c in tree.find_all(exp.Column) if not isinstance(c.this, exp.Star))
             or any(True for _ in tree.find_all(exp.Columns))  # COLUMNS(...)
             or any(j.args.get("method") for j in tree.find_all(exp.Join))  # NATURAL joins on every shared name
             or any(isinstance(star.parent, exp.Select)  # SELECT *, v.*
                    or (isinstance(star.parent, exp.Column) and star.parent.table.lower() in aliases)
                    for star in tree.find_all(exp.Star)))
    if every:
        return set(names)
    found = {c.name.lower() for c in tree.find_all(exp.Column) if not isinstance(c.this, exp.Star)} & names
    for join in tree.find_all(exp.Join):
        found |= {i.name.lower() for i in join.args.get("using") or []} & names
    return found or None


def day_dependence(models: list[Model], cache: SqlCache | None = None) -> dict[str, object]:
    """How each model's rows depend on today's date, in dependency order.

    None: they do not. UNDECLARED: they do, and a new day rebuilds it whole. A set of (relation,
    date column): they change only for the partitions holding such a date between two days (the
    model's own `Dated:` declaration and those of the tables it reads). Views hold no rows: what
    they compute from the date is followed, by column, into the tables that read it. A table is
    UNDECLARED, whatever it declares, when it uses the date otherwise than compared with a date
    column (a duration up to today moves every day), or compares it with a date it does not name.
    """
    by_name = {m.name: m for m in models}
    compared: dict[str, dict[str, list[str]] | str] = {}  # view -> {column compared with today: its dates}, or EVERY
    daily: dict[str, list[str] | str] = {}  # view -> its columns moved by the date every day, or EVERY
    out: dict[str, object] = {}
    for model in order(models):
        upstream_views = {d: (compared[d], daily[d]) for d in sorted(model.depends_on)
                          if d in compared and (compared[d] or daily[d])}
        key = f"{_sha(model.sql)}:{_sha('today|' + model.kind + '|' + json.dumps(upstream_views, sort_keys=True))}"
        known = (cache or {}).get(key)
        if known is not None:
            facts = json.loads(known[0])
        else:
            facts = _day_facts(model, upstream_views)
            if cache is not None:
                cache[key] = (json.dumps(facts, sort_keys=True), None)
        if model.kind == "view":
            compared[model.name], daily[model.name] = facts["compared"], facts["daily"]
        upstream = [out.get(d) for d in model.depends_on if d in by_name]
        if UNDECLARED in upstream:
            out[model.name] = UNDECLARED
            continue
        found: set[tuple[str, str]] = set().union(*(u for u in upstream if u))
        if model.kind == "table" and facts["dated"]:
            declared = {column for _, column in model.dated_by}
            if not model.dated_by or facts["moving"] or not set(facts["needs"]) <= declared:
                out[model.name] = UNDECLARED
                continue
            found |= model.dated_by
        out[model.name] = frozenset(found) or None
    return out


def _day_facts(model: Model, views: dict[str, tuple]) -> dict:
    """What a model does with today's date, as JSON-ready values: `dated` (uses it, or reads a view
    column computed from it), `moving` (some of it moves every day), `needs` (the date columns it is
    compared with, directly or behind the view columns read), and for a view its own such columns
    (`compared`: column -> dates, `daily`: columns; EVERY for either when they cannot be told)."""
    none = {"dated": False, "moving": False, "needs": [], "compared": {}, "daily": []}
    if model.problem:
        return none
    try:
        tree = sqlglot.parse_one(model.body, read="duckdb")
    except SqlglotError:  # cannot tell: as if every column depended on the day
        return {"dated": True, "moving": True, "needs": [], "compared": EVERY, "daily": EVERY}
    facts = dict(none)
    if _uses_today(tree):
        dates, moving = _comparisons(tree)
        facts.update(dated=True, moving=moving, needs=sorted(dates))
        if model.kind == "view":
            columns = _today_columns(tree)
            facts["compared"], facts["daily"] = (EVERY, EVERY) if columns == EVERY else (
                {k: sorted(v) for k, v in columns[0].items()}, sorted(columns[1]))
    read = _reads_today(tree, {v: (EVERY if c == EVERY or d == EVERY else set(c) | set(d)) for v, (c, d) in views.items()})
    if read:
        facts["dated"] = True
        needs = set(facts["needs"])
        for compared_columns, daily_columns in views.values():
            if EVERY in read or compared_columns == EVERY or daily_columns == EVERY or read & set(daily_columns):
                facts["moving"] = True
                continue
            for column in read & compared_columns.keys():
                needs |= set(compared_columns[column])
        facts["needs"] = sorted(needs)
        if model.kind == "view":  # what it passes on from the views it reads cannot be told apart
            facts["compared"], facts["daily"] = EVERY, EVERY
    return facts


def changed_by_day(con: duckdb.DuckDBPyConnection, dated: frozenset[tuple[str, str]], column: str,
                   since: date, today: date) -> set | None:
    """The partitions (values of `column`) whose rows a move from `since` to `today` can change:
    those holding one of the dated columns between the two days, both included. None when a
    declared relation cannot tell (no such column): the caller rebuilds whole."""
    low, high = sorted((since, today))
    found: set = set()
    try:
        for relation, date_column in sorted(dated):
            found.update(v for (v,) in con.execute(
                f'SELECT DISTINCT "{column}" FROM {relation} WHERE CAST("{date_column}" AS DATE) BETWEEN ? AND ?',
                [low, high]).fetchall())
    except duckdb.OutOfMemoryException:
        raise
    except duckdb.Error:
        return None
    return found


def loaded_inputs(models: list[Model]) -> dict[str, frozenset[str]]:
    """For each model, the relations outside sql/ it reads, directly or through other models.

    raw.*, quarantine.* and audit.*: what loads write. A model none of whose inputs a load
    changed holds the same rows after the load and need not be rebuilt.
    """
    names = {m.name for m in models}
    out: dict[str, frozenset[str]] = {}
    for model in order(models):
        inputs = {r for r in model.reads if r not in names}
        for dep in model.depends_on & names:
            inputs |= out.get(dep, frozenset())
        out[model.name] = frozenset(inputs)
    return out


def out_of_date(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR) -> list[str]:
    """The views and tables of sql_dir not built from their current SQL: added, edited, or reading an edited
    one; then those built from a file no longer in sql/ (a build drops them). One that failed with this
    very SQL is not listed (a load or `chantiers build` tries it again).
    Empty for a warehouse whose models were never built. Raises ModelGraphError on a cycle.

    Reads only (a read-only connection will do): `chantiers serve` builds them before serving, so
    that a dashboard updated with a new mart finds it in the warehouse it opens.
    """
    try:
        built_with, _ = _built_with(con)
    except duckdb.CatalogException:  # no ledger yet: nothing was ever built
        return []
    if not built_with:
        return []
    try:
        cache = _load_cache(con)
    except duckdb.CatalogException:  # built before the cache was kept
        cache = {}
    models = discover(sql_dir, cache)
    prints = fingerprints(models)
    known = {m.name for m in models}
    removed = sorted(name for name in built_with if name not in known)  # their file left sql/: to drop
    return [m.name for m in order(models)
            if m.kind != "audit" and built_with.get(m.name) not in (prints[m.name], FAILED + prints[m.name])] + removed


def failed_models(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables and views whose last build failed (or was skipped for a failed dependency): they hold
    their rows from before, or do not exist. Reads only; empty for a warehouse never built."""
    try:
        return [name for (name,) in con.execute(
            "SELECT model FROM audit.model_state WHERE starts_with(fingerprint, ?) ORDER BY model", [FAILED]).fetchall()]
    except duckdb.CatalogException:
        return []


def unbuilt_loads(con: duckdb.DuckDBPyConnection, current: str = "") -> int:
    """Loads (other than `current`) that skipped the models (`--no-build`) after the last build: while
    there is one, a partial refresh would miss its chantiers, and the next build must be whole.

    The last build is the latest batch id audit.model_state records, models that failed left out. A
    build of only some models records its batch id too: `chantiers serve`, which builds what is out
    of date, therefore asks this first and builds whole when a load skipped the models.
    Batch ids sort as they ran (warehouse.store.new_batch_id)."""
    try:
        return fetch_one(con, f"""SELECT count(*) FROM audit.batches WHERE models_ok IS NULL AND batch_id <> ?
                                  AND batch_id > coalesce((SELECT max(built_batch) FROM audit.model_state
                                                           WHERE NOT starts_with(fingerprint, '{FAILED}')), '')""",
                         [current])[0]
    except duckdb.CatalogException:  # no ledger yet
        return 0


def _built_with(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, str], dict[str, date]]:
    """Each model's fingerprint when last built, and the day its rows are as of (when known)."""
    rows = con.execute("SELECT model, fingerprint, built_on FROM audit.model_state").fetchall()
    return {m: f for m, f, _ in rows}, {m: d for m, _, d in rows if d is not None}


def _with_day_partitions(con: duckdb.DuckDBPyConnection, model: Model, dated: object, partitions: dict[str, list],
                         since: date | None, today: date) -> dict[str, list] | None:
    """The load's partitions plus those a new day changes; None (rebuild whole) when they cannot be told."""
    if (dated == UNDECLARED or since is None or not isinstance(dated, frozenset)
            or not model.partition or model.partition not in partitions):  # the load's partitions are another column's
        return None
    by_day = changed_by_day(con, dated, model.partition, since, today)
    if by_day is None:
        return None
    return {**partitions, model.partition: sorted(set(partitions.get(model.partition, [])) | by_day, key=str)}


def _run_one(con: duckdb.DuckDBPyConnection, model: Model, partitions: dict[str, list] | None = None,
             scoped: Iterable[str] = (), cache: SqlCache | None = None) -> ModelResult:
    result = ModelResult(model.name, model.kind, "ok", model.display_path)
    if model.kind == "table" and partitions is not None and model.partition in partitions:
        if _refresh_partitions(con, model, partitions[model.partition], scoped, cache):
            result.refreshed = "partial"
            return result
    if model.kind == "audit":
        # The query is nested as written, starting on the first line so that DuckDB's line
        # numbers are the file's; the newline ends any trailing line comment.
        cursor = con.execute(f"SELECT * FROM ({model.body}\n) AS failing LIMIT {SAMPLE_ROWS}")
        columns = [d[0] for d in cursor.description]
        result.sample = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        if result.sample:
            result.n_failing = con.execute(f"SELECT count(*) FROM ({model.body}\n) AS failing").fetchone()[0]
            result.status = "failed"
    else:
        what = "VIEW" if model.kind == "view" else "TABLE"
        con.execute(f"CREATE OR REPLACE {what} {model.name} AS {model.body}\n")
    return result


def _record(con: duckdb.DuckDBPyConnection, batch_id: str, results: list[ModelResult]) -> None:
    rows = [(batch_id, r.model, r.kind, r.status, r.seconds, r.n_failing, r.message("fr") or None)
            for r in results]
    if rows:  # a few dozen rows per build
        con.executemany("INSERT INTO audit.model_runs VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def build(
    con: duckdb.DuckDBPyConnection,
    sql_dir: Path = SQL_DIR,
    batch_id: str | None = None,
    only: Iterable[str] | None = None,
    partitions: dict[str, list] | None = None,
    changed: Iterable[str] | None = None,
) -> BuildReport:
    """Build every model of sql_dir in dependency order, run the audits, record the runs.

    `only`: model names (`marts.meeting`) or layer names (`audits`) to run; the models they
    read must already exist. A failing model never stops the build: it is reported with
    its file, and the models reading it are skipped. Each run is added to audit.model_runs.
    Raises ModelGraphError on a dependency cycle or an unknown name in `only`.

    `partitions` (`{"chantier_id": [...]}`, from a load that knows what it touched): tables that
    declare `Partition: chantier_id` only get those chantiers' rows replaced; the others are
    rebuilt whole. An empty list means no chantier changed.

    `changed` (from the same load): the loaded relations it wrote (`raw.meetings`,
    `quarantine.attendance`, `audit.rejects`...). A view or table last built by the same SQL
    whose inputs (see `loaded_inputs`) are all outside `changed` is left as it is
    (refreshed = "unchanged"). None: anything may have changed.

    Run it in autocommit mode: inside an explicit transaction, DuckDB aborts the whole
    transaction at the first failing model, and every later model would fail too.
    """
    con.execute(LEDGER_DDL)
    for layer in ("staging", "intermediate", "marts"):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {layer}")
    cache = _load_cache(con)
    cached = set(cache)
    models = discover(sql_dir, cache)
    selected = _select(models, only)
    ordered = [m for m in order(models) if m.name in selected]
    known = {m.name for m in models}
    batch_id = batch_id or datetime.now(UTC).strftime("manual-%Y%m%dT%H%M%S")
    removed = _drop_removed(con, known)

    prints = fingerprints(models)
    built_with, built_on = _built_with(con)
    inputs = loaded_inputs(models)
    changed = None if changed is None else frozenset(changed)
    # The day the models compute with: DuckDB's, as their current_date (its time zone, not Python's).
    today = con.execute("SELECT current_date").fetchone()[0]
    days = day_dependence(models, cache)
    by_name = {m.name: m for m in models}
    as_of_today: dict[str, bool] = {}

    def current(name: str) -> bool:
        """Whether a model's rows are as of today (a table built today or not depending on the day)."""
        if days.get(name) is None:
            return True
        if name not in as_of_today:
            model = by_name[name]
            as_of_today[name] = (all(current(d) for d in model.depends_on if d in by_name) if model.kind == "view"
                                 else built_on.get(name) == today)
        return as_of_today[name]

    results: list[ModelResult] = []
    broken: set[str] = set()  # models that errored or were skipped
    for model in ordered:
        # Partial refresh only for a table last built by this same SQL (and its upstream).
        same = built_with.get(model.name) == prints[model.name]
        model_partitions = partitions if same and partitions is not None else None
        # A table computed with today's date, built on another day: on top of what the load touched,
        # the partitions whose dates today passed (its `Dated:` declaration), or all of it.
        stale = model.kind == "table" and not current(model.name)
        if stale and model_partitions is not None:
            model_partitions = _with_day_partitions(con, model, days[model.name], model_partitions,
                                                    built_on.get(model.name), today)
        start = time.perf_counter()
        blocked = sorted(model.depends_on & broken)
        # A view holds no rows: the same SQL over changed tables needs no new view.
        if (same and not blocked and not stale and changed is not None and model.kind != "audit"
                and (model.kind == "view" or not inputs[model.name] & changed)
                and _built_as(con, model.name) == model.kind):
            results.append(ModelResult(model.name, model.kind, "ok", model.display_path, refreshed="unchanged",
                                       seconds=time.perf_counter() - start))
            continue
        missing = sorted(d for d in model.depends_on - known if not d.startswith("raw."))
        if blocked:
            result = ModelResult(model.name, model.kind, "skipped", model.display_path, blocked_by=blocked[0])
        elif model.problem or missing:
            problem = model.problem or (
                f"lit {', '.join(missing)}, qui n'a pas de fichier dans sql/ / reads {', '.join(missing)},"
                " which has no file in sql/")
            result = ModelResult(model.name, model.kind, "error", model.display_path,
                                 error=f"{model.display_path}: {problem}")
        else:
            try:
                result = _run_one(con, model, model_partitions,
                                  [m.name for m in models if m.partition and m.partition == model.partition], cache)
            except duckdb.OutOfMemoryException:  # the machine's limit, not the model's: stops the build
                raise
            except Exception as error:  # noqa: BLE001 - one model's failure must not stop the build
                if interrupted(error):  # Ctrl+C: the user's, not the model's: stops the load or build
                    raise KeyboardInterrupt from None
                result = ModelResult(model.name, model.kind, "error", model.display_path,
                                     error=_error_text(model, error))
        result.seconds = time.perf_counter() - start
        if result.status in ("error", "skipped"):
            broken.add(model.name)
            # Never current (FAILED + fingerprint is no fingerprint), but `out_of_date` knows that this
            # very SQL was tried: serving does not try it again at every start.
            con.execute("DELETE FROM audit.model_state WHERE model = ?", [model.name])
            if model.kind != "audit":
                con.execute("INSERT INTO audit.model_state (model, fingerprint, built_batch, built_on) "
                            "VALUES (?, ?, ?, NULL)", [model.name, FAILED + prints[model.name], batch_id])
        elif model.kind != "audit":
            # As of today only when what it read was too (a `--only` build may read a stale table).
            fresh = all(current(d) for d in model.depends_on if d in by_name)
            as_of_today[model.name] = fresh
            con.execute("INSERT OR REPLACE INTO audit.model_state (model, fingerprint, built_batch, built_on) "
                        "VALUES (?, ?, ?, ?)", [model.name, prints[model.name], batch_id, today if fresh else None])
        results.append(result)

    _record(con, batch_id, results)
    _save_cache(con, cache, cached, models)
    return BuildReport(batch_id, results, removed)


def _drop_removed(con: duckdb.DuckDBPyConnection, known: set[str]) -> list[str]:
    """Drop the tables and views built from a model whose file is no longer in sql/ (deleted or renamed):
    left behind, they would keep old rows (personal data included) with nothing saying they are stale.
    Only what a build made (audit.model_state) is dropped, never a table made by hand."""
    gone = [name for (name,) in con.execute("SELECT model FROM audit.model_state ORDER BY model").fetchall()
            if name not in known]
    for name in gone:
        schema, table = name.split(".", 1)
        kind = fetch_one(con, "SELECT 'TABLE' FROM duckdb_tables() WHERE schema_name = ? AND table_name = ? "
                              "UNION ALL SELECT 'VIEW' FROM duckdb_views() WHERE schema_name = ? AND view_name = ?",
                         [schema, table, schema, table])
        if kind:
            con.execute(f'DROP {kind[0]} "{schema}"."{table}"')
        con.execute("DELETE FROM audit.model_state WHERE model = ?", [name])
    return gone
