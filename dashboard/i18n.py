"""French first, English second: translated strings and fr-CA / en-CA formats.

`t(key, lang, **values)` looks a key up in `dashboard.labels.STRINGS` (every key
has a "fr" and an "en" form; a test checks it). Numbers, dates and durations
are formatted with babel's CLDR data: `1 234,5`, `27 mars 2015`, `2 h 30` in
French; `1,234.5`, `March 27, 2015`, `2 h 30 min` in English. The same
conventions are handed to Vega-Lite (`vega_locale`) so chart axes agree.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from dashboard.labels import STRINGS, VOCABULARY

LANGS: tuple[str, ...] = ("fr", "en")
LOCALES = {"fr": "fr_CA", "en": "en_CA"}


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled in."""
    text = STRINGS[key][lang if lang in LANGS else "fr"]
    return text.format(**values) if values else text


def label(vocabulary: str, value: object, lang: str) -> str:
    """A vocabulary value (`reflection`, `citizen`, `06`...) as users read it."""
    if value is None:
        return t("value.unspecified", lang)
    forms = VOCABULARY.get(vocabulary, {}).get(str(value))
    return forms[lang if lang in LANGS else "fr"] if forms else str(value)


def number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """`1 234,5` (fr-CA) or `1,234.5` (en-CA); an em dash for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return _decimal(value, lang, decimals)


@functools.lru_cache(maxsize=8192)  # tables repeat values; babel's formatting is slow per call
def _decimal(value: float | int, lang: str, decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _no_minus_zero(babel_numbers.format_decimal(value, format=pattern, locale=LOCALES[lang]))


def _no_minus_zero(text: str) -> str:
    """`-0,0` (a tiny negative value rounded) reads `0,0`."""
    return text[1:] if text.startswith("-") and "0" in text and not any(c in "123456789" for c in text) else text


def file_size(n_bytes: int, lang: str) -> str:
    """`8 o`, `11,5 ko`, `1,2 Mo` / `8 B`, `11.5 KB`, `1.2 MB`: units of 1,000 bytes, as Streamlit counts them."""
    if n_bytes < 1000:
        return f"{number(n_bytes, lang)} {'o' if lang == 'fr' else 'B'}"
    if n_bytes < 999_950:  # below what rounds to 1 000,0 ko
        return f"{number(n_bytes / 1e3, lang, 1)} {'ko' if lang == 'fr' else 'KB'}"
    return f"{number(n_bytes / 1e6, lang, 1)} {'Mo' if lang == 'fr' else 'MB'}"


def percent(value: float | None, lang: str, decimals: int = 0) -> str:
    """A share (0.625) as `62,5 %` / `62.5%`."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + ("\u00a0%" if lang == "fr" else "%")
    return _no_minus_zero(babel_numbers.format_percent(value, format=pattern, locale=LOCALES[lang]))


def date(value: dt.date | None, lang: str, fmt: str = "long") -> str:
    """`27 mars 2015` / `March 27, 2015`; fmt "month" gives `mars 2015`."""
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        value = value.date()
    return _date(value, lang, fmt)


@functools.lru_cache(maxsize=8192)  # a page formats the same days many times
def _date(value: dt.date, lang: str, fmt: str) -> str:
    pattern = {"long": "long", "month": "MMMM y", "short": "medium"}[fmt]
    text = babel_dates.format_date(value, format=pattern, locale=LOCALES[lang])
    if lang == "fr" and fmt != "month" and value.day == 1 and text.startswith("1 "):
        text = "1er " + text[2:]  # French writes the first of the month as an ordinal: 1er janvier 2020
    return text


def duration(minutes: float | int | None, lang: str) -> str:
    """`2 h 30`, `45 min`, `3 h` in French; `2 h 30 min` in English."""
    if minutes is None or (isinstance(minutes, float) and math.isnan(minutes)):
        return "—"
    total = int(round(minutes))
    hours, rest = divmod(total, 60)
    if hours == 0:
        return f"{rest} min"
    hours_text = number(hours, lang)
    if rest == 0:
        return f"{hours_text} h"
    return f"{hours_text} h {rest:02d}" if lang == "fr" else f"{hours_text} h {rest:02d} min"


def vega_locale(lang: str) -> dict:
    """Vega-Lite `config.locale` (d3 number and time formats) matching babel's output."""
    if lang == "fr":
        return {
            "number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0$"],
                       "percent": "\u00a0%"},
            "time": {
                "dateTime": "%A %e %B %Y à %X", "date": "%Y-%m-%d", "time": "%H:%M:%S",
                "periods": ["AM", "PM"],
                "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
                "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
                "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                           "septembre", "octobre", "novembre", "décembre"],
                "shortMonths": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
                                "sept.", "oct.", "nov.", "déc."],
            },
        }
    return {
        "number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
        "time": {
            "dateTime": "%a %b %e %X %Y", "date": "%Y-%m-%d", "time": "%H:%M:%S", "periods": ["AM", "PM"],
            "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
            "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
            "months": ["January", "February", "March", "April", "May", "June", "July", "August",
                       "September", "October", "November", "December"],
            "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        },
    }


# d3 time formats used on chart axes and tooltips, per language.
DATE_FORMAT = {"fr": "%e %B %Y", "en": "%B %e, %Y"}
MONTH_FORMAT = {"fr": "%b %Y", "en": "%b %Y"}


def drawn_over(selectors: list[str], text: str) -> str:
    """CSS writing `text` over what the elements matching `selectors` say: Streamlit writes some of its
    own words (upload box, pickers) in English only; the French page draws its French over them."""
    hidden = ", ".join(selectors)
    after = ", ".join(f"{selector}::after" for selector in selectors)
    return (f"{hidden} {{ font-size: 0; }} "
            f"{after} {{ content: {json.dumps(text, ensure_ascii=False)}; font-size: 0.875rem; }}")
