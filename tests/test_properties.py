"""Property: any file either loads with counts that reconcile, or is refused cleanly."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.contract import SOURCE_BY_NAME
from pipelines.load import load_paths
from tests.filemaker import CHANTIERS, MEETINGS, MEMBERS, write_csv

CELLS = {
    "id": ["R1", "R2", "M1", "M2", "C1", "C9", "L1", " R1 ", ""],
    "text": ["Guide", "Réflexion collective", "", "=1+1", "a;b,c", 'dit "oui"'],
    "date": ["2015-03-27", "27/03/2015", "31/02/2015", "03/27/2015", "hier", "", "1/1/2014", "2015-03"],
    "period": ["2015-03", "03/2015", "2015-03-27", "T1 2015", ""],
    "integer": ["60", "90,0", "1 200", "-5", "0", "1,5", "deux", ""],
    "number": ["12,5", "1 234,56", "1.234,56", "-1", "n/a", "", "7"],
    "answer": ["Neutre", "5", "Oui", ""],
}
VOCAB_CELLS = ["présente", "EXCUSÉ", "absent", "réflexion", "Production", "web", "Infolettre", "vues",
               "Lanaudière", "14", "hors Québec", "citoyen", "chercheuse", "inconnu", ""]
SOURCES = ["meetings", "members", "attendance", "agenda", "diffusion", "responses"]
GRID = "Dans quelle mesure êtes-vous d'accord avec les énoncés suivants sur le chantier ? "


@st.composite
def wide_export(draw):
    """A survey tool's export: a timestamp, maybe a name and an e-mail, grid and open questions."""
    questions = draw(st.lists(st.sampled_from([f"{GRID}[Le temps]", f"{GRID}[La confiance]", "Q1. Utilité",
                                               "Commentaires", "Adresse e-mail", "Nom"]), min_size=1, max_size=5,
                              unique=True))
    headers = (["sondage"] if draw(st.booleans()) else []) + ["Horodateur", *questions]
    answers = st.sampled_from(["Plutôt en accord", "Neutre", "4", "Oui", "", "x@example.org", "Très bien"])
    stamps = st.sampled_from(["2016-05-02 10:00:00", "2016-05-02 10:00:01", "", "02/05/2016 10:00"])
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        lead = [draw(st.sampled_from(["S1", "S2", ""]))] if headers[0] == "sondage" else []
        rows.append([*lead, draw(stamps), *[draw(answers) for _ in questions]])
    return "responses_S1", [headers, *rows], draw(st.sampled_from(["utf-8", "cp1252"])), ","


@st.composite
def messy_file(draw):
    if draw(st.integers(0, 4)) == 0:
        return draw(wide_export())
    source = SOURCE_BY_NAME[draw(st.sampled_from(SOURCES))]
    columns = [c for c in source.columns if c.required or draw(st.booleans())]
    if draw(st.integers(0, 9)) == 0:  # sometimes a required column is missing: the file is refused
        columns = columns[1:]
    headers = []
    for c in columns:
        header = draw(st.sampled_from([c.name, *c.aliases]))
        headers.append(draw(st.sampled_from([header, header.upper(), f"  {header.title()} "])))
    if draw(st.booleans()):
        headers.append("Remarque")
    free = st.text(alphabet=st.characters(codec="cp1252", exclude_categories=("Cs", "Cc")), max_size=12)
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        row = []
        for c in columns:
            pool = VOCAB_CELLS if c.vocabulary else CELLS[c.kind]
            row.append(draw(st.one_of(st.sampled_from(pool), free) if draw(st.integers(0, 5)) == 0
                            else st.sampled_from(pool)))
        if len(headers) > len(columns):
            row.append(draw(free))
        rows.append(row)
    if rows and draw(st.booleans()):
        rows.append(list(draw(st.sampled_from(rows))))  # an exact repeat
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    return source.name, [headers, *rows], encoding, delimiter


def _count(con, sql: str) -> int:
    return con.execute(sql).fetchall()[0][0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messy_file())
def test_any_file_loads_with_reconciled_counts_or_is_refused(example):
    source, rows, encoding, delimiter = example
    tmp = Path(tempfile.mkdtemp())
    try:
        wh = tmp / "w.duckdb"
        base = tmp / "base"
        for name, content in (("chantiers", CHANTIERS), ("members", MEMBERS), ("meetings", MEETINGS)):
            write_csv(base / f"{name}.csv", content)
        load_paths([base], wh, build_models=False)
        name = source if source.startswith("responses_") else f"{source}_test"
        source = source.split("_")[0]
        path = write_csv(tmp / "in" / f"{name}.csv", rows, encoding=encoding, delimiter=delimiter)
        (report,) = load_paths([path], wh, build_models=False).files
        con = duckdb.connect(str(wh), read_only=True)
        try:
            in_raw = _count(con, f"SELECT count(*) FROM raw.{source} WHERE _file = '{path.name}'")
            waiting = _count(con, f"SELECT count(*) FROM quarantine.{source} WHERE _file = '{path.name}'")
            rejected_rows = _count(con, f"SELECT count(DISTINCT row_number) FROM audit.rejects "
                                        f"WHERE file_name = '{path.name}'")
            messages = con.execute("SELECT message_fr, message_en FROM audit.rejects").fetchall()
        finally:
            con.close()
        if report.status == "refused":
            assert report.message_fr and report.message_en and path.name in report.message_fr
            assert in_raw == waiting == rejected_rows == 0
        else:
            assert report.status == "loaded"
            assert report.rows_read == report.accepted + report.rejected + report.quarantined
            if name.startswith("responses_"):  # a wide export counts answers, several per file row
                assert rejected_rows <= report.rejected
            else:
                assert rejected_rows == report.rejected
            # An identical repeat counts once in the warehouse, and as a row of the file where its twin went:
            # nothing is said accepted (or waiting) that is not in raw (or in quarantine).
            assert in_raw + waiting == report.accepted + report.quarantined - report.duplicates
            assert in_raw <= report.accepted and (in_raw == 0) == (report.accepted == 0)
            assert waiting <= report.quarantined and (waiting == 0) == (report.quarantined == 0)
            assert all(fr and en for fr, en in messages)
    finally:
        shutil.rmtree(tmp)
