"""The `helpcentre` command: validation without a build, for editors and pre-commit."""

import subprocess
import sys

import pytest

from conftest import ROOT


def helpcentre(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", *args], cwd=cwd, capture_output=True, text=True
    )


def test_check_passes_on_the_demo_content():
    result = helpcentre("check", ".", cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert "0 error(s), 0 warning(s)" in result.stderr


def test_check_reports_every_problem_and_fails(project):
    project.page("en/a.md", "title: A\ndescription: d\ntype: guide")
    project.page("fi/b.md", "title: B\ndescription: d\nfeatured: yes please")
    result = helpcentre("check", ".", cwd=project.root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("docs/en/a.md:4:1: HC111 type 'guide' is not a page type")
    assert lines[1].startswith("docs/fi/b.md:4:1: HC116 'featured':")


def test_check_on_a_bare_docs_folder_infers_the_languages(project):
    (project.root / "mkdocs.yml").unlink()
    project.page("lt/x.md", "title: X")
    result = helpcentre("check", "docs", cwd=project.root)
    assert result.returncode == 1
    assert "docs/lt/x.md:1:1: HC109 front matter has no 'description'" in result.stdout


def test_check_refuses_a_path_that_does_not_exist(project):
    result = helpcentre("check", "no-such-project", cwd=project.root)
    assert result.returncode == 2 and "no-such-project: no such file or folder" in result.stderr
    assert "error(s)" not in result.stderr  # it did not check the current folder instead


def test_warnings_alone_do_not_fail(project):
    project.page("en/a.md", "title: A\ndescription: d\nowner: kim")
    result = helpcentre("check", cwd=project.root)
    assert result.returncode == 0
    assert "docs/en/a.md:4:1: HC108 warning: unknown front matter key 'owner'" in result.stdout


def test_search_reads_the_index_the_projects_build_wrote(demo_site, tmp_path):
    result = helpcentre(
        "search", "kõnede peatamine", "--lang", "et", "--site", str(ROOT), "--limit", "3", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("answer: results (the best result is a confident answer)")
    assert lines[2].strip().startswith("/et/call-centre/pausing-calls-during-peak-hours/")
    unanswered = helpcentre(
        "search", "arve maksmine pangaülekandega", "--lang", "et", "--site", str(ROOT), cwd=tmp_path
    )
    assert unanswered.stdout.startswith("answer: weak (no close match"), unanswered.stdout
    missing = helpcentre("search", "x", "--lang", "et", "--site", str(tmp_path), cwd=tmp_path)
    assert missing.returncode == 2 and "build the site first" in missing.stderr


BROKEN_CONFIGS = {
    "syntax": ("site_name: x\nplugins:\n  - i18n: {languages: [\n", "mkdocs.yml:4: not valid YAML"),
    "not-a-mapping": ("- site_name\n", "mkdocs.yml:1: the file is not a mapping of settings"),
    "languages": (
        "site_name: x\nplugins:\n  - i18n:\n      languages: en\n",
        "mkdocs.yml:4: the i18n plugin's languages are not a list",
    ),
}


@pytest.mark.parametrize("case", BROKEN_CONFIGS)
def test_check_on_a_broken_mkdocs_yml_names_its_line(project, case):
    text, expected = BROKEN_CONFIGS[case]
    (project.root / "mkdocs.yml").write_text(text)
    for command in (["check"], ["translations", "status"], ["new", "article", "--title", "T"]):
        result = helpcentre(*command, cwd=project.root)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.startswith(expected) and len(result.stderr.splitlines()) == 1, result.stderr
    assert not (project.root / "docs/en/t.md").exists()
