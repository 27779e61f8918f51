"""`helpcentre build --jobs N`: the languages rendered in N processes, merged into one site.

static-i18n renders the languages one after another in one process, leaving the other cores idle.
Here each process renders the default language (static-i18n always builds it first) and its share
of the others into a folder of its own; the first process's copy supplies the default language and
the site-wide files (assets, sitemap, robots.txt, 404 page, feedback manifest), every other process
only its languages' folders. Every process loads the whole catalog, so switchers, hreflang, sitemap
and fallbacks are those of the sequential build; tests/test_parallel_build.py compares the two.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.utils import clean_directory

LANGUAGES_ENV = "HELPCENTRE_BUILD_LANGUAGES"  # the languages one process renders


def groups(languages: list[str], default: str, jobs: int) -> list[list[str]]:
    """The first share delivers the default language (every process renders it; one keeps it)."""
    others = [lang for lang in languages if lang != default]
    jobs = max(1, min(jobs, len(others)))
    shares = [others[i::jobs] for i in range(jobs)]
    shares[0].insert(0, default)
    return shares


def build(config_file: Path, site: Path, jobs: int, languages: list[str], default: str) -> int:
    with tempfile.TemporaryDirectory(prefix="helpcentre-build-") as scratch:
        shares = groups(languages, default, jobs)
        outputs = [Path(scratch) / f"part-{i}" for i in range(len(shares))]
        with ThreadPoolExecutor(len(shares)) as pool:
            results = list(
                pool.map(lambda job: _render(config_file, *job), zip(shares, outputs, strict=False))
            )
        for result in results:
            if result.returncode != 0:
                sys.stderr.write(result.stderr)
                return result.returncode
        _merge(outputs, shares, site)
    return 0


def _render(config_file: Path, share: list[str], output: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, LANGUAGES_ENV: ",".join(share)}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file), "-d", str(output)],
        cwd=config_file.parent,
        env=env,
        capture_output=True,
        text=True,
    )


def _merge(outputs: list[Path], shares: list[list[str]], site: Path) -> None:
    # Emptied as `mkdocs build` empties it: dot-files (.git of a gh-pages checkout, .well-known) stay.
    clean_directory(str(site))
    shutil.copytree(outputs[0], site, dirs_exist_ok=True)
    for output, share in zip(outputs[1:], shares[1:], strict=False):
        for lang in share:
            shutil.copytree(output / lang, site / lang)
