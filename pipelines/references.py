"""References between sources as SQL predicates the warehouse checks on each staged row.

A row whose reference is not known yet (attendance of a meeting not loaded yet)
waits in quarantine; the same predicates release it on a later load.
"""

from __future__ import annotations

from pipelines.contract import SOURCE_BY_NAME, Reference
from pipelines.messages import CATALOG
from warehouse.store import ReferenceCheck

TARGET_LABELS = {  # (French, English) names of what is missing
    "chantiers": ("chantier", "chantier"),
    "meetings": ("rencontre", "meeting"),
    "members": ("membre (dans le chantier de la rencontre)", "member (of the meeting's chantier)"),
    "deliverables": ("livrable", "deliverable"),
    "surveys": ("sondage", "survey"),
}


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _reason(reference: Reference, lang: int) -> str:
    template = CATALOG["unknown_reference"][lang].replace("{target}", TARGET_LABELS[reference.target][lang])
    before, after = template.split("{value}", 1)
    value = " || ' / ' || ".join(f's."{c}"' for c in reference.columns)
    return f"{_sql_text(before)} || {value} || {_sql_text(after)}"


def predicate(reference: Reference) -> str:
    if reference.target == "members" and "meeting_id" in reference.columns:
        known = ("EXISTS (SELECT 1 FROM raw.members m JOIN raw.meetings mt ON mt.chantier_id = m.chantier_id "
                 "WHERE mt.meeting_id = s.meeting_id AND m.member_id = s.member_id)")
    else:
        match = " AND ".join(f't."{tc}" = s."{c}"' for c, tc in zip(reference.columns, reference.target_columns))
        known = f"EXISTS (SELECT 1 FROM raw.{reference.target} t WHERE {match})"
    if reference.optional:
        nulls = " OR ".join(f's."{c}" IS NULL' for c in reference.columns)
        known = f"({nulls} OR {known})"
    return known


def checks_for(source_name: str) -> list[ReferenceCheck]:
    return [ReferenceCheck(predicate(r), _reason(r, 0), _reason(r, 1))
            for r in SOURCE_BY_NAME[source_name].references]
