"""The documented contract and the code's contract say the same thing."""

from pathlib import Path

import pytest

from pipelines.contract import SOURCES, VOCABULARIES

DOC = (Path(__file__).resolve().parents[1] / "docs" / "contrat-de-donnees.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_every_source_column_and_alias_is_documented(source):
    assert f"`{source.name}`" in DOC
    for column in source.columns:
        assert f"`{column.name}`" in DOC
        for alias in column.aliases:
            assert f"`{alias}`" in DOC, f"{source.name}.{column.name}: alias {alias} undocumented"


@pytest.mark.parametrize("vocabulary", [v for v in VOCABULARIES if v != "region"])
def test_every_vocabulary_value_is_documented(vocabulary):
    for canonical in VOCABULARIES[vocabulary]:
        assert f"`{canonical}`" in DOC
