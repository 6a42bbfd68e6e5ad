"""Dates as day numbers since 1970-01-01, and working-day meeting dates."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np


EPOCH = date(1970, 1, 1)


def _days(d: date) -> int:
    return (d - EPOCH).days


def _date(days: int) -> date:
    return EPOCH + timedelta(days=int(days))


def _weekday_fix(days: np.ndarray) -> np.ndarray:
    """Move Saturdays to Friday and Sundays to Monday (1970-01-01 was a Thursday)."""
    days = np.asarray(days, dtype=np.int64)
    wd = (days + 3) % 7  # Monday = 0
    return days - (wd == 5) + (wd == 6)
