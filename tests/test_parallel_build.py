"""`helpcentre build --jobs 2` writes the same site as the sequential `mkdocs build`, byte for byte."""

from __future__ import annotations

import filecmp
import subprocess
import sys

from conftest import ENV, ROOT


def _tree(site):
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_the_parallel_build_equals_the_sequential_one(demo_site, tmp_path):
    parallel = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", "build", "--jobs", "2", "-d", str(parallel)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    files = _tree(demo_site)
    assert _tree(parallel) == files
    different = [f for f in files if not filecmp.cmp(demo_site / f, parallel / f, shallow=False)]
    assert different == []


def test_a_site_without_static_i18n_gets_a_message_not_a_traceback(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: One language\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", "build", "-f", str(tmp_path / "mkdocs.yml")],
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "run `mkdocs build`" in result.stderr and "Traceback" not in result.stderr
