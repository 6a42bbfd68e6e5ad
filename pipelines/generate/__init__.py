"""Write contract-valid input files: the bundled demo (scale 1) and synthetic populations.

`generate(out_dir, scale=1)` writes THE DEMO: the four chantiers of the source
document (évolution des pratiques, développement des compétences, conditions
favorables, groupe de travail sur l'évaluation), their fictional members,
meetings, agendas, attendance, the deliverables of annex 2, their diffusion
follow-ups and the surveys, in the mixed forms coordinators really produce
(Windows-1252 and semicolons, Excel date cells, day-first dates, French
headers and vocabulary, a wide survey-tool export...).

`generate(out_dir, scale=N)` for any other N writes a synthetic population of
about N chantiers (N=1000: ~1,000 chantiers, 50,000 memberships, 40,000
meetings, 2 million attendance rows, 1 million survey answers), vectorized
with numpy and polars, in the same forms but mostly CSV. `messy` (default 0
for the demo, 0.01 otherwise) is the share of bad rows injected per file,
plus as many rows of harmless mess.

Everything is deterministic for a given (scale, seed, messy): reruns are
byte-identical (fixed workbook properties, no clock, no hash ordering).

People are fictional: names come from common Québec first and last names,
none of which is a first or last name of the people listed in the source
document's annex 1; e-mails are at example.org.

The package: `demo` (scale 1) and `synthetic` (scale N) describe the files
(`forms`), `messy` adds bad rows, `writers` writes them; `__main__` rewrites demo/.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.generate.demo import DEMO_SURVEYS, DEMO_WIDE_FILE, _demo_outs
from pipelines.generate.messy import write_demo_messy
from pipelines.generate.names import FEMALE_FIRST, LAST_NAMES, MALE_FIRST  # noqa: F401 (tests import them from here)
from pipelines.generate.synthetic import _synthetic_outs
from pipelines.generate.writers import Counts, _write_all

__all__ = ["generate", "write_demo", "write_demo_messy", "Counts", "DEMO_SURVEYS", "DEMO_WIDE_FILE"]


def generate(out_dir: Path, scale: float = 1, seed: int = 2012, messy: float | None = None) -> dict[str, int]:
    """Write contract-valid input files into `out_dir`; return the rows written per source.

    scale == 1 writes the demo (the seed document's four chantiers); any other
    scale writes a synthetic population of about `scale` chantiers (at least
    one). `messy` is the share of bad rows per file (default 0 for the demo,
    0.01 otherwise). The result is a `Counts` dict with `.bad`, `.harmless`
    and `.files`. Files already in out_dir that this run does not write are
    left alone, so write into an empty folder.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if messy is None:
        messy = 0.0 if scale == 1 else 0.01
    if not 0 <= messy < 0.5:
        raise ValueError("messy must be in [0, 0.5)")
    outs = _demo_outs(seed) if scale == 1 else _synthetic_outs(float(scale), seed)
    return _write_all(out_dir, outs, float(messy), seed)


def write_demo(root: Path = Path("demo"), seed: int = 2012) -> dict[str, int]:
    """(Re)write demo/data (the demo, scale 1) and demo/messy (bad files)."""
    root = Path(root)
    counts = generate(root / "data", scale=1, seed=seed)
    write_demo_messy(root / "messy", seed=seed)
    return counts
