"""References between sources as SQL predicates the warehouse checks on each staged row.

A row whose reference is not known yet (attendance of a meeting not loaded yet)
waits in quarantine; the same predicates release it on a later load.
"""

from __future__ import annotations

from pipelines.contract import SOURCE_BY_NAME, Reference
from pipelines.messages import CATALOG
from warehouse.store import ReferenceCheck, merged_table

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


def _check(reference: Reference, i: int) -> ReferenceCheck:
    alias = f"_ref{i}"
    if reference.target == "members" and "meeting_id" in reference.columns:
        # known when the member belongs to the chantier of the meeting
        join = (f"LEFT JOIN raw.meetings AS {alias}m ON {alias}m.meeting_id = s.meeting_id "
                f"LEFT JOIN raw.members AS {alias} ON {alias}.member_id = s.member_id "
                f"AND {alias}.chantier_id = {alias}m.chantier_id")
        known = f"{alias}.member_id IS NOT NULL"
    else:
        match = " AND ".join(f'{alias}."{tc}" = s."{c}"' for c, tc in zip(reference.columns, reference.target_columns))
        join = f"LEFT JOIN raw.{reference.target} AS {alias} ON {match}"
        known = f'{alias}."{reference.target_columns[0]}" IS NOT NULL'
    if reference.optional:
        nulls = " OR ".join(f's."{c}" IS NULL' for c in reference.columns)
        known = f"({nulls} OR {known})"
    return ReferenceCheck(join, known, _reason(reference, 0), _reason(reference, 1))


def checks_for(source_name: str) -> list[ReferenceCheck]:
    """The reference checks of a source; each target is joined on its natural key (unique)."""
    return [_check(r, i) for i, r in enumerate(SOURCE_BY_NAME[source_name].references)]


def recheck_filter(source_name: str) -> str:
    """SQL over a waiting row `s`: true when it references a key this load merged or released.

    Only such a row can be released, or wait for something else now; the merge log
    (warehouse.store.start_merge_log) lists those keys. Matching column by column is a
    superset of matching whole references, which is what a filter needs.
    """
    parts = []
    for reference in SOURCE_BY_NAME[source_name].references:
        target_key = SOURCE_BY_NAME[reference.target].key
        for column, target_column in zip(reference.columns, reference.target_columns):
            if target_column in target_key:
                parts.append(f's."{column}" IN (SELECT "{target_column}" FROM {merged_table(reference.target)})')
    return " OR ".join(parts) or "false"
