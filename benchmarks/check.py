"""How long `helpcentre check` takes on the synthetic help centre of benchmarks/build.py.

Results go to handbook/docs/en/development/benchmarks.md, section "Check", and the sentence
quoting them in handbook/docs/en/writers/writer-tools.md.

    .venv/bin/python benchmarks/check.py [--sizes 200 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build as synthetic


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000], help="pages per language")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| pages/lang | files | check median s | check min s | problems |\n|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            synthetic.generate(Path(folder), size)
            files = sum(1 for _ in Path(folder, "docs").rglob("*.md"))
            times, output = [], ""
            for _ in range(args.runs):
                started = time.perf_counter()
                result = subprocess.run(
                    [sys.executable, "-m", "helpcentre.cli", "check", "docs"],
                    cwd=folder,
                    capture_output=True,
                    text=True,
                    env={**os.environ},
                )
                times.append(time.perf_counter() - started)
                output = result.stdout
            print(
                f"| {size} | {files} | {statistics.median(times):.2f} | {min(times):.2f} | "
                f"{len(output.splitlines())} |"
            )


if __name__ == "__main__":
    main()
