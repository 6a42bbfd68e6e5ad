"""Write input files the way coordinators make them, for tests: encodings, delimiters, XLSX."""

from __future__ import annotations

import datetime as dt
import io
import csv
from pathlib import Path

import xlsxwriter


def write_csv(path: Path, rows: list[list[object]], *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """rows[0] is the header. encoding: utf-8, utf-8-sig, cp1252 or utf-16 (with its BOM)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]], *, start_row: int = 0) -> Path:
    """One sheet per entry; dates become real Excel date cells, numbers numeric cells."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, (dt.date, dt.datetime)):
                    ws.write_datetime(start_row + r, c, value if isinstance(value, dt.datetime)
                                      else dt.datetime.combine(value, dt.time()), date_format)
                elif value is None:
                    continue
                else:
                    ws.write(start_row + r, c, value)
    wb.close()
    return path


CHANTIERS = [["chantier_id", "name", "started_on"], ["C1", "Évolution des pratiques", "2012-10-01"],
             ["C2", "Évaluation", "2013-10-15"]]
MEMBERS = [["member_id", "chantier_id", "joined_on", "full_name", "region", "function", "left_on"],
           ["M1", "C1", "2012-10-01", "Hélène Côté", "Lanaudière", "citoyenne", ""],
           ["M2", "C1", "2012-10-01", "Loïc Bérubé", "03", "chercheur", "2014-06-30"],
           ["M3", "C1", "2013-01-15", "Anaïs Gagné", "Montérégie", "gestionnaire", ""],
           ["M1", "C2", "2013-10-15", "Hélène Côté", "Lanaudière", "citoyenne", ""]]
MEETINGS = [["meeting_id", "chantier_id", "held_on", "duration_minutes"],
            ["R1", "C1", "2012-11-20", "180"], ["R2", "C1", "2013-02-12", "240"],
            ["R3", "C1", "2014-09-10", "180"], ["E1", "C2", "2013-11-05", "120"]]
AGENDA = [["meeting_id", "item", "kind", "minutes"],
          ["R1", "1", "réflexion", "120"], ["R1", "2", "autre", "60"],
          ["R2", "1", "réflexion", "90"], ["R2", "2", "production", "150"]]
ATTENDANCE = [["meeting_id", "member_id", "status"],
              ["R1", "M1", "présente"], ["R1", "M2", "présent"], ["R2", "M1", "excusée"], ["R2", "M2", "présent"],
              ["R2", "M3", "présente"], ["E1", "M1", "absente"]]


def write_basics(folder: Path) -> Path:
    """A small valid folder: chantiers, members, meetings, agenda, attendance."""
    write_csv(folder / "chantiers.csv", CHANTIERS)
    write_csv(folder / "members.csv", MEMBERS)
    write_csv(folder / "meetings.csv", MEETINGS)
    write_csv(folder / "agenda.csv", AGENDA)
    write_csv(folder / "attendance.csv", ATTENDANCE)
    return folder


def write_models(root: Path, files: dict[str, str]) -> Path:
    """Write `{"marts/x.sql": "..."}` under root/sql and return the sql folder."""
    sql_dir = root / "sql"
    for rel, text in files.items():
        path = sql_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sql_dir
