"""One typed settings object, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "chantiers.duckdb"


@dataclass(frozen=True)
class Settings:
    warehouse: Path
    sql_dir: Path = SQL_DIR
    lang: str = "fr"

    @classmethod
    def from_env(cls, warehouse: str | os.PathLike[str] | None = None) -> "Settings":
        """`warehouse` argument, else CHANTIERS_WAREHOUSE, else data/chantiers.duckdb in the project."""
        chosen = warehouse or os.environ.get("CHANTIERS_WAREHOUSE") or DEFAULT_WAREHOUSE
        lang = os.environ.get("CHANTIERS_LANG", "fr").lower()[:2]
        return cls(warehouse=Path(chosen).expanduser().resolve(), lang=lang if lang in ("fr", "en") else "fr")
