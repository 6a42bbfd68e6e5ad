"""Output description: one file (or one sheet) of one source in one form, rendered as text."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.contract import SOURCE_BY_NAME
from pipelines.generate.labels import FR, FR_GENDERED, REGION_CODES, REGION_NAMES


@dataclass
class _Out:
    path: str                       # file name under out_dir
    source: str                     # contract source
    frame: pl.DataFrame             # canonical typed columns (+ helper columns starting with '_')
    headers: dict[str, str]         # canonical column -> header as written, in file order
    sheet: str | None = None        # xlsx sheet name
    sep: str = ","
    encoding: str = "utf-8"         # utf-8 | utf-8-sig | cp1252
    crlf: bool = False
    dates: str = "iso"              # iso | dmy | dmy-   (xlsx: real date cells)
    vocab: str = "fr"               # fr | en
    regions: str = "name"           # name | code | mixed (helper '_code' picks the code)
    decimal_comma: bool = False     # numbers with helper '_dec' written '12,0'
    wide_questions: tuple[str, ...] = ()  # wide responses: the answer columns (frame already text)
    datetime_cols: tuple[str, ...] = ()   # xlsx: text 'YYYY-MM-DD HH:MM:SS' written as date-time cells
    mess: bool = True
    repeat_header: bool = False     # with mess: the header repeated mid-file
    orphans: bool = False           # with mess: attendance typed for the next, not yet filed, meeting

    @property
    def is_xlsx(self) -> bool:
        return self.path.endswith(".xlsx")


def _render(out: _Out) -> pl.DataFrame:
    """Canonical typed frame -> text frame (canonical names) in the file's form."""
    df = out.frame
    if out.wide_questions:
        return df.select([pl.col(c).cast(pl.Utf8).fill_null("") for c in out.headers])
    source = SOURCE_BY_NAME[out.source]
    kinds = {c.name: c.kind for c in source.columns}
    exprs = []
    for col in out.headers:
        kind = kinds.get(col, "text")
        e = pl.col(col)
        if kind == "date":
            fmt = "%Y-%m-%d" if out.dates == "iso" or out.is_xlsx else ("%d/%m/%Y" if out.dates == "dmy" else "%d-%m-%Y")
            e = e.dt.strftime(fmt)
        elif kind in ("integer",):
            e = e.cast(pl.Int64).cast(pl.Utf8)
        elif kind == "number":
            as_int = e.round(0).cast(pl.Int64).cast(pl.Utf8)
            if out.decimal_comma and "_dec" in df.columns:
                e = pl.when(pl.col("_dec")).then(as_int + ",0").otherwise(as_int)
            else:
                e = as_int
        elif kind.startswith("vocab:"):
            vocab = kind.split(":", 1)[1]
            if vocab == "region":
                names = e.replace_strict(REGION_NAMES, return_dtype=pl.Utf8)
                codes = e.replace_strict(REGION_CODES, return_dtype=pl.Utf8)
                if out.regions == "code":
                    e = codes
                elif out.regions == "mixed" and "_code" in df.columns:
                    e = pl.when(pl.col("_code")).then(codes).otherwise(names)
                else:
                    e = names
            elif out.vocab == "en":
                pass  # the canonical English value
            elif vocab in FR_GENDERED:
                masc = {k: v[0] for k, v in FR_GENDERED[vocab].items()}
                fem = {k: v[1] for k, v in FR_GENDERED[vocab].items()}
                if "_female" in df.columns:
                    e = pl.when(pl.col("_female")).then(e.replace_strict(fem, return_dtype=pl.Utf8)).otherwise(
                        e.replace_strict(masc, return_dtype=pl.Utf8))
                else:
                    e = e.replace_strict(masc, return_dtype=pl.Utf8)
            else:
                e = e.replace_strict(FR[vocab], return_dtype=pl.Utf8)
        else:
            e = e.cast(pl.Utf8)
        exprs.append(e.cast(pl.Utf8).fill_null("").alias(col))
    helpers = [pl.col(c) for c in ("_next_meeting",) if c in df.columns]
    return df.select(exprs + helpers)
