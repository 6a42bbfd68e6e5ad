"""Every text has a French and an English form; formats follow fr-CA and en-CA."""

import datetime as dt
import re
import string
from pathlib import Path

import pytest

from dashboard.i18n import date, duration, file_size, label, number, percent, t
from dashboard.labels import STRINGS, VOCABULARY

DASHBOARD = Path(__file__).resolve().parents[1] / "dashboard"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_has_french_and_english_with_the_same_placeholders(key):
    forms = STRINGS[key]
    assert set(forms) == {"fr", "en"}
    assert forms["fr"].strip() and forms["en"].strip()
    assert _fields(forms["fr"]) == _fields(forms["en"])


@pytest.mark.parametrize("vocabulary", sorted(VOCABULARY))
def test_every_vocabulary_value_has_french_and_english(vocabulary):
    for value, forms in VOCABULARY[vocabulary].items():
        assert set(forms) == {"fr", "en"} and forms["fr"] and forms["en"], (vocabulary, value)


def _keys_named_in_code() -> set[str]:
    keys = set()
    for path in DASHBOARD.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"""\b(?:t|_title)\(\s*"([a-z_]+\.[a-z_.]+)\"""", text))
        keys |= set(re.findall(r'"((?:chart|page|health|upload|field|kpi|ui|filters)\.[a-z_.]+)"', text))
        for name in re.findall(r'(?:download_buttons|sql_block)\([^)]*?"([a-z_]+)"', text):
            keys.add(f"file.{name}")
    return keys


def test_every_key_the_code_names_exists():
    missing = sorted(k for k in _keys_named_in_code() if k not in STRINGS)
    assert not missing, missing


def test_every_chart_download_has_a_file_name():
    names = set()
    for path in DASHBOARD.rglob("*.py"):
        names |= set(re.findall(r'"([a-z_]+)", lang, [a-z_]+\)', path.read_text(encoding="utf-8")))
    assert names and all(f"file.{n}" in STRINGS for n in names), sorted(n for n in names if f"file.{n}" not in STRINGS)


@pytest.mark.parametrize("function, args, fr, en", [
    (number, (1234.5, 1), "1\u00a0234,5", "1,234.5"),
    (number, (1234567,), "1\u00a0234\u00a0567", "1,234,567"),
    (number, (None,), "—", "—"),
    (percent, (0.625, 1), "62,5\u00a0%", "62.5%"),
    (date, (dt.date(2015, 3, 27),), "27 mars 2015", "March 27, 2015"),
    (date, (dt.date(2020, 1, 1),), "1er janvier 2020", "January 1, 2020"),
    (date, (dt.date(2017, 11, 1), "short"), "1er nov. 2017", "Nov 1, 2017"),
    (date, (dt.date(2020, 1, 1), "month"), "janvier 2020", "January 2020"),
    (duration, (150,), "2 h 30", "2 h 30 min"),
    (duration, (45,), "45 min", "45 min"),
    (duration, (180,), "3 h", "3 h"),
    (file_size, (8,), "8 o", "8 B"),
    (file_size, (11_512,), "11,5 ko", "11.5 KB"),
    (file_size, (999_950,), "1,0 Mo", "1.0 MB"),
    (file_size, (43_859_677,), "43,9 Mo", "43.9 MB"),
])
def test_formats(function, args, fr, en):
    value, *rest = args
    assert function(value, "fr", *rest) == fr
    assert function(value, "en", *rest) == en


def test_labels_and_placeholders():
    assert label("kind", "reflection", "fr") == "Réflexion"
    assert label("region", "06", "en") == "Montréal"
    assert label("function", None, "fr") == "Non précisé"
    assert label("channel", "unknown_channel", "fr") == "unknown_channel"
    assert t("page.overview.intro", "fr", as_of="27 mars 2015").endswith("27 mars 2015.")
