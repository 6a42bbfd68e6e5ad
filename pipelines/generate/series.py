"""Vectorized columns for the synthetic population: dates, ids, picks from pools, groups."""

from __future__ import annotations

import numpy as np
import polars as pl


def _as_date_series(name: str, days: np.ndarray, null_mask: np.ndarray | None = None) -> pl.Series:
    s = pl.Series(name, np.asarray(days, dtype=np.int32)).cast(pl.Date)
    if null_mask is not None:
        s = pl.DataFrame({name: s, "_m": np.asarray(null_mask, dtype=bool)}).select(
            pl.when(pl.col("_m")).then(None).otherwise(pl.col(name)).alias(name)
        ).to_series()
    return s


def _id_series(prefix: str, numbers: np.ndarray, width: int) -> pl.Series:
    s = pl.Series("_", np.asarray(numbers, dtype=np.int64)).cast(pl.Utf8).str.zfill(width)
    return (prefix + s).alias("_")


def _take(pool: tuple[str, ...] | list[str], idx: np.ndarray) -> pl.Series:
    return pl.Series("_", list(pool), dtype=pl.Utf8).gather(np.asarray(idx, dtype=np.int64))


def _group_index(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For groups of sizes `counts`: (group of each element, position within its group)."""
    counts = np.asarray(counts, dtype=np.int64)
    group = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    pos = np.arange(counts.sum()) - np.repeat(starts, counts)
    return group, pos
