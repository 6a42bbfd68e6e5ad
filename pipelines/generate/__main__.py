"""`python -m pipelines.generate`: rewrite demo/ (data/ and messy/)."""

from pathlib import Path

from pipelines.generate import write_demo

if __name__ == "__main__":  # python -m pipelines.generate  -> rewrite demo/
    print(dict(write_demo(Path(__file__).resolve().parents[2] / "demo")))
