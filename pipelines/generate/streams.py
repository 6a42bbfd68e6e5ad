"""Reproducible random streams (one per component) and weighted draws."""

from __future__ import annotations

import zlib

import numpy as np


def _rng(seed: int, name: str) -> np.random.Generator:
    """One independent, reproducible stream per component."""
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(name.encode("utf-8"))])


def _choice(rng: np.random.Generator, n: int, weights: list[float] | tuple[float, ...]) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())
