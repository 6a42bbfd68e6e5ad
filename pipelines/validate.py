"""Typing and checking one table against its source: pure functions on Polars frames.

Each column is parsed with one vectorized expression that yields the typed value
and, when it fails, a reason code. A row with any failure is rejected with one
entry per failing column (file row, column, value, reason in French and English).
References to other sources are checked later, in the warehouse, where the
other sources live.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from pipelines.contract import (
    LIKERT_SCORES,
    RESPONDENT_ID_HEADERS,
    SUBMISSION_METADATA_HEADERS,
    TIMESTAMP_HEADERS,
    VOCABULARIES,
    VOCABULARY_LABELS_FR,
    Column,
    Source,
    header_key,
    header_map,
    is_personal_header,
    normalize_token,
    vocabulary_lookup,
)
from pipelines.messages import CATALOG, Message
from pipelines.read import ROW, FileRefused, Table
from warehouse.store import RECORD_KEY_SEPARATOR

REJECT_SCHEMA = {
    "row_number": pl.Int64, "column_name": pl.String, "value": pl.String,
    "reason_code": pl.String, "message_fr": pl.String, "message_en": pl.String,
}
UNIT = "_unit"
# The rejected row's natural key, its ids joined by the unit separator (U+001F), when the key is made
# of ids only: another file's valid row with that key settles the reject (warehouse.store.settle_rejects).
RECORD_KEY = "record_key"
UNIT_REJECT_SCHEMA = {**REJECT_SCHEMA, RECORD_KEY: pl.String, UNIT: pl.Int64}
ISO_DATE = r"^\d{4}-\d{1,2}-\d{1,2}$"
ISO_DATETIME = r"^(\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$"
DAY_FIRST = r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$"
# How French Excel writes a date-time cell to CSV: `15/05/2017 00:00`; the time is dropped, as ISO's.
DAY_FIRST_DATETIME = r"^(\d{1,2}[/.-]\d{1,2}[/.-]\d{4})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$"
YEAR_MONTH = r"^\d{4}-\d{1,2}$"
MONTH_YEAR = r"^\d{1,2}[/-]\d{4}$"
EXCEL_SERIAL = r"^\d{5}(\.0+)?$"


@dataclass
class Validated:
    """The outcome for one table. rows_read == len(accepted rows incl. duplicates) + rejected."""

    source: Source
    # typed canonical columns, `extra` (JSON text) and ROW; duplicates removed. Or the name of the
    # temporary table holding them, when DuckDB checked the file (pipelines.bulk).
    accepted: pl.DataFrame | str
    rejects: pl.DataFrame  # REJECT_SCHEMA and RECORD_KEY
    rows_read: int
    rejected: int
    note: Message | None = None  # e.g. the wide-form summary
    # The keys repeated with identical values: key columns and `_copies`, the repeats dropped (their
    # first row stays); they count where that row goes (raw or quarantine). None: no key repeats.
    repeats: pl.DataFrame | None = None

    @property
    def duplicates(self) -> int:
        """How many rows identical repeats dropped."""
        return int(self.repeats.get_column("_copies").sum()) if self.repeats is not None else 0


def fold_expr(expr: pl.Expr) -> pl.Expr:
    """`normalize_token` as a Polars expression: no accents, lower case, '_' between words."""
    return (expr.str.normalize("NFKD").str.replace_all(r"\p{M}", "").str.to_lowercase()
            .str.replace_all("œ", "oe").str.replace_all(r"[^a-z0-9]+", "_").str.strip_chars("_"))


def _message(code: str, lang: int, **parts: pl.Expr | str) -> pl.Expr:
    """A catalog message (0 French, 1 English) with each `{name}` filled: text as is, expressions per row."""
    pieces: list[pl.Expr] = []
    for chunk in re.split(r"(\{\w+\})", CATALOG[code][lang]):
        name = chunk[1:-1] if chunk.startswith("{") and chunk.endswith("}") else None
        if name in parts:
            part = parts[name]
            pieces.append(part.fill_null("") if isinstance(part, pl.Expr) else pl.lit(str(part)))
        elif chunk:
            pieces.append(pl.lit(chunk))
    return pl.concat_str(pieces) if pieces else pl.lit("")


# --- one parser per column kind: (typed value, reason code or null) -------------------

def _parse_date(raw: pl.Expr, is_excel: bool, period: bool = False) -> tuple[pl.Expr, pl.Expr]:
    text = raw.str.replace(ISO_DATETIME, "$1").str.replace(DAY_FIRST_DATETIME, "$1")
    iso = text.str.to_date("%Y-%m-%d", strict=False)
    day_first = text.str.replace_all(r"[.-]", "/").str.to_date("%d/%m/%Y", strict=False)
    candidates = [pl.when(text.str.contains(ISO_DATE)).then(iso),
                  pl.when(text.str.contains(DAY_FIRST)).then(day_first)]
    shaped = text.str.contains(ISO_DATE) | text.str.contains(DAY_FIRST)
    if period:
        candidates += [
            pl.when(text.str.contains(YEAR_MONTH)).then((text + "-01").str.to_date("%Y-%m-%d", strict=False)),
            pl.when(text.str.contains(MONTH_YEAR)).then(
                ("01/" + text.str.replace("-", "/")).str.to_date("%d/%m/%Y", strict=False)),
        ]
        shaped = shaped | text.str.contains(YEAR_MONTH) | text.str.contains(MONTH_YEAR)
    if is_excel:  # a date cell stored as its serial number (no date format on the cell)
        serial = pl.when(text.str.contains(EXCEL_SERIAL)).then(
            (pl.date(1899, 12, 30) + pl.duration(days=text.str.replace(r"\.0+$", "").cast(pl.Int64, strict=False))))
        candidates.append(serial)
        shaped = shaped | text.str.contains(EXCEL_SERIAL)
    value = pl.coalesce(candidates)
    month_first = pl.when(text.str.contains(DAY_FIRST)).then(
        text.str.replace_all(r"[.-]", "/").str.to_date("%m/%d/%Y", strict=False))
    in_range = value.dt.year().is_between(1990, 2100)
    error = (pl.when(raw.is_null()).then(None)
             .when(~shaped).then(pl.lit("bad_period" if period else "bad_date"))
             .when(value.is_null() & month_first.is_not_null()).then(pl.lit("month_first_date"))
             .when(value.is_null()).then(pl.lit("impossible_period" if period else "impossible_date"))
             .when(~in_range).then(pl.lit("date_out_of_range")))
    return pl.when(error.is_null()).then(value), error


def _clean_number_text(raw: pl.Expr) -> pl.Expr:
    """'1 234,5' -> '1234.5'; '1.234,5' -> '1234.5'; '1,234.5' -> '1234.5'. The last separator is decimal."""
    text = raw.str.replace_all(r"[\s\u00a0\u202f']", "")
    comma_decimal = text.str.contains(",", literal=True) & ~text.str.contains(r",\d*\.")
    return (pl.when(comma_decimal).then(text.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
            .otherwise(text.str.replace_all(",", "", literal=True)))


def _parse_number(raw: pl.Expr, integer: bool, positive: bool = False) -> tuple[pl.Expr, pl.Expr]:
    number = _clean_number_text(raw).cast(pl.Float64, strict=False)
    not_number = raw.is_not_null() & number.is_null()
    error = pl.when(raw.is_null()).then(None).when(not_number).then(
        pl.lit("bad_integer" if integer else "bad_number"))
    error = error.when(~number.is_finite()).then(pl.lit("not_finite"))  # 'inf', 'NaN'
    if integer:
        error = error.when(number != number.round(0)).then(pl.lit("bad_integer"))
        error = error.when(number.abs() > 2_000_000_000).then(pl.lit("bad_integer"))  # beyond a whole number
    error = error.when(number < 0).then(pl.lit("negative"))
    if positive:
        error = error.when(number == 0).then(pl.lit("not_positive"))
    value = number.round(0).cast(pl.Int32, strict=False) if integer else number
    return pl.when(error.is_null()).then(value), error


def _parse_vocab(raw: pl.Expr, vocabulary: str) -> tuple[pl.Expr, pl.Expr]:
    value = fold_expr(raw).replace_strict(vocabulary_lookup(vocabulary), default=None, return_dtype=pl.String)
    error = pl.when(raw.is_not_null() & value.is_null()).then(pl.lit("bad_vocab"))
    return value, error


def likert_score(raw: pl.Expr) -> pl.Expr:
    """1-5 for a Likert label or a number 1-5, else null (the answer stays as text)."""
    folded = fold_expr(raw)
    label = folded.replace_strict(LIKERT_SCORES, default=None, return_dtype=pl.Int8)
    number = _clean_number_text(raw).cast(pl.Float64, strict=False)
    numeric = pl.when(number.is_in([1.0, 2.0, 3.0, 4.0, 5.0])).then(number.cast(pl.Int8))
    return pl.coalesce([label, numeric])


def allowed_values(vocabulary: str, lang: int = 0) -> str:
    """The accepted values as a reader of that language writes them (0 French, 1 English)."""
    if vocabulary == "region":
        return ("01 à 17 ou nom de la région, national, hors Québec" if lang == 0
                else "01 to 17 or the region's name, national, outside (hors Québec)")
    if lang == 0:
        return ", ".join(VOCABULARY_LABELS_FR[vocabulary].values())
    return ", ".join(v.replace("_", " ") for v in VOCABULARIES[vocabulary])


def parse_column(column: Column, raw: pl.Expr, is_excel: bool) -> tuple[pl.Expr, pl.Expr]:
    kind = column.kind
    if kind in ("date", "period"):
        return _parse_date(raw, is_excel, period=kind == "period")
    if kind == "integer":
        return _parse_number(raw, integer=True, positive=column.name == "duration_minutes")
    if kind == "number":
        return _parse_number(raw, integer=False)
    if column.vocabulary:
        return _parse_vocab(raw, column.vocabulary)
    return raw, pl.lit(None, dtype=pl.String)


# --- headers ---------------------------------------------------------------------

def map_headers(table: Table) -> tuple[dict[str, str], dict[str, str]]:
    """(canonical column -> cell column, extra header -> cell column). Refuses ambiguous headers."""
    mapping = header_map(table.source)
    canonical: dict[str, list[tuple[str, str]]] = {}
    extras: dict[str, str] = {}
    for i, header in enumerate(table.headers):
        cell = f"c{i}"
        name = mapping.get(header_key(header))
        if name:
            canonical.setdefault(name, []).append((header, cell))
        else:
            key = header or f"colonne_{i + 1}"
            # Unique ignoring case: `Remarque` and `remarque` would be one field once in SQL (struct_pack).
            while key.lower() in (k.lower() for k in extras):
                key += "_"
            extras[key] = cell
    for name, found in canonical.items():
        if len(found) > 1:
            raise FileRefused(Message("ambiguous_columns", path=table.label,
                                      headers=tuple(h for h, _ in found), column=name))
    return {name: found[0][1] for name, found in canonical.items()}, extras


def _require(table: Table, present: set[str], required: list[str]) -> None:
    missing = [c for c in required if c not in present]
    if missing:
        source = table.source
        described = []
        for name in missing:
            aliases = source.column(name).aliases
            described.append(f"{name} ({', '.join(aliases)})" if aliases else name)
        raise FileRefused(Message("missing_columns", path=table.label, columns="; ".join(described),
                                  found=", ".join(h for h in table.headers if h) or "—"))


def _extra_json(extras: dict[str, str]) -> pl.Expr:
    if not extras:
        return pl.lit(None, dtype=pl.String).alias("extra")
    return pl.struct([pl.col(cell).alias(header) for header, cell in extras.items()]).struct.json_encode().alias("extra")


# --- wide survey exports -----------------------------------------------------------

WIDE_STEM = re.compile(r"^(?:responses?|r[ée]ponses?)[\s_\-.]+(.+)$", re.IGNORECASE)
QUESTION_CODE = re.compile(r"^\s*(?:q|question)\s*[-_.#]?\s*(\d+[a-z]?)\b", re.IGNORECASE)


def question_id_for(header: str) -> str:
    match = QUESTION_CODE.match(header)
    return f"Q{match.group(1).upper()}" if match else normalize_token(header)[:60] or "question"


def question_ids(headers: list[str]) -> list[str]:
    """Ids for a wide export's question columns, unique within the file.

    Grid questions share a long prefix ("Dans quelle mesure ... ? [Le temps]"), so a short id
    can collide: then the whole folded header, and the column's position if still needed.
    """
    ids = [question_id_for(h) for h in headers]
    for i, h in enumerate(headers):
        if ids.count(ids[i]) > 1:
            ids[i] = normalize_token(h) or f"question_{i + 1}"
    for i in range(len(ids)):
        if ids.count(ids[i]) > 1:
            ids[i] = f"{ids[i]}_{i + 1}"
    return ids


@dataclass
class Wide:
    """A wide export before its melt: one row per respondent (ROW, survey_id, respondent_id, extra and
    a column q0, q1... per question), the question headers in order and their ids."""

    base: pl.DataFrame
    questions: list[str]
    question_ids: list[str]


def _wide_base(table: Table, mapped: dict[str, str], extras: dict[str, str]) -> Wide:
    """A wide export's respondents, survey, personal columns and questions. Raises FileRefused."""
    rows = table.rows
    survey_cell = mapped.get("survey_id")
    if survey_cell is None:
        match = WIDE_STEM.match(table.path.stem) or WIDE_STEM.match(table.sheet or "")
        if not match:
            raise FileRefused(Message("wide_no_survey", path=table.label))
        survey = pl.lit(match.group(1).strip())
    else:
        survey = pl.col(survey_cell)
    folded = {header: header_key(header) for header in extras}
    respondent_cell = mapped.get("respondent_id")
    personal = [h for h in extras if is_personal_header(folded[h]) or folded[h] in SUBMISSION_METADATA_HEADERS]
    if respondent_cell is None:
        for names in (RESPONDENT_ID_HEADERS, TIMESTAMP_HEADERS):
            found = next((h for h in extras if folded[h] in names and h not in personal), None)
            if found:
                respondent_cell = extras[found]
                break
    used = {respondent_cell, survey_cell}
    questions = [h for h in extras if extras[h] not in used and h not in personal]
    if not questions:
        raise FileRefused(Message("wide_no_questions", path=table.label))
    row_id = pl.concat_str([pl.lit("ligne-"), pl.col(ROW).cast(pl.String)])
    respondent = pl.col(respondent_cell) if respondent_cell else row_id
    if respondent_cell and respondent_cell not in mapped.values():
        # A timestamp is not an identity: two people can submit in the same second. Rows that share it
        # with different answers are told apart by their row; an exact repeat stays one respondent.
        answers = pl.concat_str([pl.col(extras[h]).fill_null("") for h in questions], separator="\x1f")
        clash = answers.n_unique().over(pl.col(respondent_cell)) > 1
        respondent = pl.when(clash).then(pl.concat_str([pl.col(respondent_cell), pl.lit(" "), row_id])).otherwise(
            respondent)
    base = rows.select(
        pl.col(ROW), survey.alias("survey_id"), respondent.alias("respondent_id"),
        _extra_json({h: extras[h] for h in personal}),
        *[pl.col(extras[h]).alias(f"q{i}") for i, h in enumerate(questions)],
    )
    return Wide(base, questions, question_ids(questions))


def wide_note(wide: Wide) -> Message:
    """What the melt makes of a wide export: respondents, questions, answers."""
    answers = wide.base.select(pl.sum_horizontal(pl.col(f"q{i}").is_not_null().sum()
                                                 for i in range(len(wide.questions)))).item()
    return Message("wide_summary", respondents=wide.base.height, questions=len(wide.questions), answers=answers)


def melt(wide: Wide) -> pl.DataFrame:
    """A wide export melted into one row per answer, numbered by UNIT."""
    long = wide.base.unpivot(index=[ROW, "survey_id", "respondent_id", "extra"], variable_name="_q",
                             value_name="answer")
    long = long.filter(pl.col("answer").is_not_null())
    qmap = {f"q{i}": h for i, h in enumerate(wide.questions)}
    return long.with_columns(
        pl.col("_q").replace_strict(dict(zip(qmap, wide.question_ids)), return_dtype=pl.String).alias("question_id"),
        pl.col("_q").replace_strict(qmap, return_dtype=pl.String).alias("question"),
    ).sort([ROW, "_q"]).drop("_q").with_row_index(UNIT).with_columns(pl.col(UNIT).cast(pl.Int64))


# --- the whole table ---------------------------------------------------------------

@dataclass
class Prepared:
    """A table's rows as text under contract names, ready to be checked (by `check_rows` or in DuckDB)."""

    frame: pl.DataFrame | None  # ROW, contract columns (text), extra; None for a wide export (see `wide`)
    is_excel: bool
    note: Message | None  # e.g. the wide-form summary
    headers: dict[str, str]  # contract column -> the header as the file wrote it
    wide: Wide | None = None  # a wide survey export, before its melt (see `rows`)

    def rows(self, source: Source) -> pl.DataFrame:
        """The rows to check: every contract column (missing ones empty), a wide export melted."""
        frame = melt(self.wide) if self.wide is not None else self.frame
        return with_every_column(frame, source)


def with_every_column(frame: pl.DataFrame, source: Source) -> pl.DataFrame:
    missing = [c.name for c in source.columns if c.name not in frame.columns]
    return frame.with_columns(pl.lit(None, dtype=pl.String).alias(name) for name in missing) if missing else frame


def prepare(table: Table) -> Prepared:
    """Map the headers, find a wide survey export's parts; refuse the table when its headers make it unreadable."""
    source = table.source
    mapped, extras = map_headers(table)
    headers = {name: table.headers[int(cell[1:])] for name, cell in mapped.items()}  # as the file wrote them
    if source.name == "responses" and not {"question_id", "answer"} <= mapped.keys():
        wide = _wide_base(table, mapped, extras)
        return Prepared(None, table.is_excel, wide_note(wide), headers, wide)
    _require(table, set(mapped), source.required)
    frame = table.rows.select(
        pl.col(ROW), *[pl.col(cell).alias(name) for name, cell in mapped.items()], _extra_json(extras))
    return Prepared(frame, table.is_excel, None, headers)


def validate(table: Table) -> Validated:
    """Type and check every row of `table`; refuse the table when its headers make it unreadable."""
    prepared = prepare(table)
    return check_rows(prepared.rows(table.source), table.source, prepared.is_excel, prepared.note, prepared.headers)


def _parse_distinct(raw: pl.Series, column: Column, is_excel: bool) -> tuple[pl.Series, pl.Series]:
    """Parse each distinct value once, then map the column: millions of rows hold few distinct values."""
    value, error = parse_column(column, pl.col("r"), is_excel)
    if column.kind in ("id", "text", "answer"):  # nothing to parse: only emptiness can fail
        return raw, pl.Series(raw.name, [None] * len(raw), dtype=pl.String)
    distinct = raw.drop_nulls().unique().to_frame("r").with_columns(value.alias("v"), error.alias("e"))
    if distinct.height == 0:
        dtype = distinct.schema["v"]
        return pl.Series(raw.name, [None] * len(raw), dtype=dtype), pl.Series(raw.name, [None] * len(raw),
                                                                                 dtype=pl.String)
    keys = distinct.get_column("r")
    mapped_value = raw.replace_strict(keys, distinct.get_column("v"), default=None,
                                      return_dtype=distinct.schema["v"])
    mapped_error = raw.replace_strict(keys, distinct.get_column("e"), default=None, return_dtype=pl.String)
    return mapped_value, mapped_error


def check_rows(frame: pl.DataFrame, source: Source, is_excel: bool = False, note: Message | None = None,
               headers: dict[str, str] | None = None) -> Validated:
    """Parse a frame of text columns (canonical names, ROW, extra) into typed rows and rejects."""
    columns: dict[str, pl.Series] = {}
    for column in source.columns:
        raw = frame.get_column(column.name)
        value, error = _parse_distinct(raw, column, is_excel)
        if column.required:
            error = pl.select(pl.when(raw.is_null()).then(pl.lit("missing_value")).otherwise(error)).to_series()
        columns[column.name] = value.alias(column.name)
        columns[f"_err_{column.name}"] = error.alias(f"_err_{column.name}")
        columns[f"_raw_{column.name}"] = raw.alias(f"_raw_{column.name}")
    # What a count counts: a file row, or one answer of a wide survey export (several per row).
    unit = frame.get_column(UNIT) if UNIT in frame.columns else frame.get_column(ROW).alias(UNIT)
    work = pl.DataFrame([frame.get_column(ROW), unit, frame.get_column("extra"), *columns.values()])
    work = _row_rules(work, source)
    rejects = _collect_rejects(work, source, headers or {})
    # Rows rejected for a cell still take part in the repeated-keys rule, when their key is readable.
    work = work.with_columns(pl.col(UNIT).is_in(rejects.get_column(UNIT).unique().implode()).alias("_failing"))
    work = work.filter(pl.all_horizontal([pl.col(f"_err_{k}").is_null() for k in source.key]))
    ok = work.select([*source.column_names, "extra", ROW, UNIT, "_failing"])
    if source.name == "responses":
        answers = ok.get_column("answer")
        distinct = answers.drop_nulls().unique().to_frame("a").with_columns(likert_score(pl.col("a")).alias("s"))
        ok = ok.with_columns(answers.replace_strict(distinct.get_column("a"), distinct.get_column("s"), default=None,
                                                    return_dtype=pl.Int8).alias("score"))
    ok, conflicts, repeats = _deduplicate(ok, source, headers or {})
    if conflicts.height:
        rejects = pl.concat([rejects, conflicts])
    rejected = rejects.get_column(UNIT).n_unique()
    # One entry per faulty cell: a respondent's missing survey id is one mistake, not one per answer.
    shown = rejects.drop(UNIT).unique(maintain_order=True).sort("row_number", maintain_order=True)
    return Validated(source=source, accepted=ok.drop(UNIT), rejects=shown, rows_read=frame.height,
                     rejected=rejected, note=note, repeats=repeats)


def _row_rules(work: pl.DataFrame, source: Source) -> pl.DataFrame:
    """Rules across columns of one row, recorded as an error on the later column."""
    rules = {"chantiers": ("started_on", "ended_on", "ended_before_start"),
             "members": ("joined_on", "left_on", "left_before_joined")}
    if source.name in rules:
        start, end, code = rules[source.name]
        err = f"_err_{end}"
        broken = pl.col(err).is_null() & (pl.col(end) < pl.col(start))
        # The failing value is dropped, as any failing cell's is (and as bulk's rule does).
        work = work.with_columns(pl.when(broken).then(pl.lit(code)).otherwise(pl.col(err)).alias(err),
                                 pl.when(broken).then(None).otherwise(pl.col(end)).alias(end))
    return work


def keyed_by_ids(source: Source) -> bool:
    """Whether a source's natural key is made of ids only (then its rejects carry their RECORD_KEY)."""
    return all(source.column(k).kind == "id" for k in source.key)


def _record_key(source: Source, name: str = "{}") -> pl.Expr:
    """RECORD_KEY over columns named `name`.format(key column); null when a part is missing."""
    if not keyed_by_ids(source):
        return pl.lit(None, dtype=pl.String).alias(RECORD_KEY)
    return pl.concat_str([pl.col(name.format(k)) for k in source.key], separator=RECORD_KEY_SEPARATOR).alias(RECORD_KEY)


def _collect_rejects(work: pl.DataFrame, source: Source, headers: dict[str, str]) -> pl.DataFrame:
    parts = []
    for column in source.columns:
        err = pl.col(f"_err_{column.name}")
        failing = work.filter(err.is_not_null())
        if not failing.height:
            continue
        value = pl.col(f"_raw_{column.name}")
        codes = failing.get_column(f"_err_{column.name}").unique().to_list()
        msg_fr = pl.lit(None, dtype=pl.String)
        msg_en = pl.lit(None, dtype=pl.String)
        for code in codes:
            msg_fr = pl.when(err == code).then(_message(code, 0, value=value, allowed=_allowed(column, 0))
                                               ).otherwise(msg_fr)
            msg_en = pl.when(err == code).then(_message(code, 1, value=value, allowed=_allowed(column, 1))
                                               ).otherwise(msg_en)
        parts.append(failing.select(
            pl.col(ROW).alias("row_number"), pl.lit(_column_label(column.name, headers)).alias("column_name"),
            value.alias("value"), err.alias("reason_code"), msg_fr.alias("message_fr"), msg_en.alias("message_en"),
            _record_key(source, "_raw_{}"), pl.col(UNIT)))
    if not parts:
        return pl.DataFrame(schema=UNIT_REJECT_SCHEMA)
    return pl.concat(parts).cast(UNIT_REJECT_SCHEMA)


def _allowed(column: Column, lang: int) -> str:
    return allowed_values(column.vocabulary, lang) if column.vocabulary else ""


def _column_label(name: str, headers: dict[str, str]) -> str:
    """The header as the file wrote it, with the contract name when they differ: `Date (held_on)`."""
    header = headers.get(name)
    return name if not header or header == name else f"{header} ({name})"


def _deduplicate(rows: pl.DataFrame, source: Source, headers: dict[str, str]
                 ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Identical repeats of a key count once; repeats with different values are all rejected.

    `rows`: rows whose key is readable, with `_failing` (rejected for a cell of theirs):
    a key repeated by a rejected row is a conflict too, its other rows rejected with it (correcting
    the bad cell would make them conflict anyway). Returns the rows kept (none failing, `_failing`
    dropped), the conflicts' rejects, and the keys repeated identically by rows kept with the number
    of their rows dropped (key columns and `_copies`)."""
    key = list(source.key)
    values = source.column_names
    no_repeats = rows.select(key).clear().with_columns(pl.lit(0, dtype=pl.Int64).alias("_copies"))
    if not rows.select(pl.struct(key).is_duplicated().any()).item():
        return rows.filter(~pl.col("_failing")).drop("_failing"), pl.DataFrame(schema=UNIT_REJECT_SCHEMA), no_repeats
    variants = rows.group_by(key).agg(pl.struct([*values, "_failing"]).n_unique().alias("_variants"),
                                      pl.len().alias("_n"), pl.col(ROW).alias("_rows"),
                                      pl.col("_failing").any().alias("_any_failing"))
    # Identical rows all rejected for the same cell are rejected each for it: no conflict, no repeat.
    clashing = variants.filter(pl.col("_variants") > 1)
    repeats = variants.filter((pl.col("_variants") == 1) & (pl.col("_n") > 1) & ~pl.col("_any_failing")).select(
        *key, (pl.col("_n") - 1).cast(pl.Int64).alias("_copies"))
    conflicts = pl.DataFrame(schema=UNIT_REJECT_SCHEMA)
    if clashing.height:
        bad = rows.join(clashing.select(key + ["_rows", "_any_failing"]), on=key, how="inner", nulls_equal=True)
        # Which columns tell the repeats apart, so the coordinator knows which cells to reconcile.
        others = [c for c in values if c not in key]
        spread = bad.group_by(key).agg([pl.col(c).n_unique().alias(c) for c in others])
        differ = pl.concat_str([pl.when(pl.col(c) > 1).then(pl.lit(_column_label(c, headers))) for c in others],
                               separator=", ", ignore_nulls=True)
        bad = bad.join(spread.select(*key, differ.alias("_differ")), on=key, how="left", nulls_equal=True)
        key_text = pl.concat_str([pl.col(k).cast(pl.String).fill_null("∅") for k in key], separator=" + ")
        rows_text = pl.col("_rows").list.eval(pl.element().cast(pl.String)).list.join(", ")

        def message(lang: int) -> pl.Expr:
            return (pl.when(pl.col("_any_failing"))
                    .then(_message("conflict_with_rejected", lang, key=key_text, rows=rows_text))
                    .otherwise(_message("conflict", lang, key=key_text, rows=rows_text, columns=pl.col("_differ"))))

        conflicts = bad.select(
            pl.col(ROW).alias("row_number"),
            pl.lit(" + ".join(_column_label(k, headers) for k in key)).alias("column_name"),
            key_text.alias("value"), pl.lit("conflict").alias("reason_code"),
            message(0).alias("message_fr"), message(1).alias("message_en"), _record_key(source), pl.col(UNIT),
        ).cast(UNIT_REJECT_SCHEMA)
    ok = rows.filter(~pl.col("_failing")).drop("_failing")
    if clashing.height:
        ok = ok.join(clashing.select(key), on=key, how="anti", nulls_equal=True)
    ok = ok.unique(subset=key, keep="first", maintain_order=True) if repeats.height else ok
    return ok, conflicts, repeats
