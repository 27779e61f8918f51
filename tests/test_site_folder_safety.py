"""A build deletes nothing it did not make: not the project, not a stranger's folder, not dot-files,
not a writer's category that happens to be called 'search'."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, Project, mkdocs_build


def helpcentre_build(project: Project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", "build", "--jobs", "2", *args],
        cwd=project.root,
        env=ENV,
        capture_output=True,
        text=True,
    )


def _snapshot(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.mark.parametrize("site_dir", [".", "docs", "docs/en", "..", "stranger"])
def test_a_site_folder_that_is_not_a_site_is_refused(tmp_path, site_dir):
    (tmp_path / "project/.git").mkdir(parents=True)
    project = Project(tmp_path / "project")
    (tmp_path / "project/stranger").mkdir()
    (tmp_path / "project/stranger/thesis.txt").write_text("four years of work", encoding="utf-8")
    before = _snapshot(tmp_path)
    for result in (
        helpcentre_build(project, "-d", site_dir),
        mkdocs_build(project.root, project.root / site_dir),
    ):
        assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
        assert "'site_dir'" in result.stderr or "the site folder" in result.stderr, result.stderr
        assert _snapshot(tmp_path) == before


def test_the_parallel_build_keeps_dot_files_as_mkdocs_build_does(project):
    site = project.root / "site"
    assert project.build().returncode == 0  # a previous build: the folder may be rebuilt
    for kept in (".git/HEAD", ".well-known/security.txt"):
        (site / kept).parent.mkdir(parents=True, exist_ok=True)
        (site / kept).write_text("keep me", encoding="utf-8")
    (site / "stale.html").write_text("from an old build", encoding="utf-8")
    result = helpcentre_build(project, "-d", "site")
    assert result.returncode == 0, result.stderr
    assert (site / ".git/HEAD").read_text(encoding="utf-8") == "keep me"
    assert (site / ".well-known/security.txt").is_file()
    assert not (site / "stale.html").exists() and (site / "index.html").is_file()


def test_a_category_called_search_keeps_its_articles(project):
    """Its index page would be where the results page is (HC210): the results page moves elsewhere,
    the static index stays in search/ beside the category."""
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - helpcentre\n", "  - helpcentre:\n      search_page: find\n")
    )
    project.page("en/search/index.md", "title: Finding things\ndescription: Searching the help centre")
    project.page(
        "en/search/search-tips.md",
        "title: Search tips\ndescription: Better queries",
        "Put the most specific word first.",
    )
    for _ in range(2):  # the second build replaces the first one's index, and only that
        result = project.build()
        assert result.returncode == 0, result.stderr
        site = project.root / "site"
        assert "Put the most specific word first" in (site / "search/search-tips/index.html").read_text()
        assert (site / "search/index.html").is_file() and (site / "search/meta.json").is_file()
