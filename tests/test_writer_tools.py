"""Writer tools: the linter with codes and lines, translation status and acknowledging, scaffolding."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import ENV, MINIMAL_CONFIG, Project, mkdocs_build


def helpcentre(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", *args], cwd=cwd, capture_output=True, text=True, env=ENV
    )


def seed_one_of_each_problem(project) -> None:
    project.page("en/billing/index.md", "title: Billing\ndescription: d")
    project.page(
        "en/billing/refunds.md",
        "title: Refunds\ndescription: d",
        "Intro.\n\n## When it is paid\n\nSoon.\n\n"
        "See [missing](nowhere.md), [only in Finnish](only-fi.md) and [a bad anchor](refunds.md#never).\n\n"
        "![diagram](images/missing.png)\n\nAgents: [macro](../internal/macro.md).",
    )
    project.page("fi/billing/only-fi.md", "title: Vain suomeksi\ndescription: d")
    project.page(
        "en/internal/macro.md",
        "title: Macro\ndescription: d\ntype: template\nchannel: call\nplaceholders: {agent: agent name}",
        "Hello, this is [agent name] from [compnay].",
    )
    project.page("en/billing/invoices.md", "title: Refunds\ndescription: d")
    project.page("en/loose/stray.md", "title: Stray\ndescription: d")
    project.page("en/billing/faq.md", "title: Questions\ndescription: d\ntype: faq", "## Is there a fee?\n")


def test_check_reports_each_seeded_problem_with_its_code_and_line(project):
    seed_one_of_each_problem(project)
    result = helpcentre("check", "--format", "json", cwd=project.root)
    assert result.returncode == 1
    found = {(p["path"], p["line"], p["code"]) for p in json.loads(result.stdout)}
    assert found == {
        ("docs/en/billing/refunds.md", 11, "HC502"),  # missing page
        ("docs/en/billing/refunds.md", 11, "HC503"),  # exists only in another language
        ("docs/en/billing/refunds.md", 11, "HC504"),  # no such heading
        ("docs/en/billing/refunds.md", 13, "HC505"),  # missing image
        ("docs/en/billing/refunds.md", 15, "HC501"),  # public → internal
        ("docs/en/internal/macro.md", 8, "HC405"),  # an undeclared blank: inferred, a warning
        ("docs/en/billing/refunds.md", 2, "HC204"),  # the second page with the title 'Refunds'
        ("docs/en/loose/stray.md", 1, "HC601"),  # orphan
        ("docs/en/billing/faq.md", 6, "HC303"),  # question without an answer
    }


def test_lint_lines_have_path_line_column_and_code(project):
    seed_one_of_each_problem(project)
    lines = helpcentre("check", cwd=project.root).stdout.splitlines()
    assert (
        "docs/en/billing/refunds.md:11:5: HC502 the link target 'nowhere.md' does not exist — "
        "check the path: it is relative to this file" in lines
    )
    positions = [(row.split(":")[0], int(row.split(":")[1]), int(row.split(":")[2])) for row in lines]
    assert positions == sorted(positions)


def test_check_on_given_files_reports_only_those(project):
    seed_one_of_each_problem(project)
    result = helpcentre("check", "docs/en/loose/stray.md", cwd=project.root)
    assert result.returncode == 0  # the only problem in that file is a warning
    assert result.stdout.splitlines() == [
        "docs/en/loose/stray.md:1:1: HC601 warning: no category lists this page and no page links to it — "
        "move it into a folder with an index.md, or link to it"
    ]


def test_an_edited_source_makes_its_translation_outdated_until_acknowledged(project):
    project.page("en/billing/index.md", "title: Billing\ndescription: d")
    source = project.page(
        "en/billing/refunds.md", "title: Refunds\ndescription: d", "Refunds take five days."
    )
    assert (
        helpcentre("translate", "docs/en/billing/refunds.md", "--to", "fi", cwd=project.root).returncode == 0
    )
    translation = project.root / "docs/fi/billing/refunds.md"
    assert 'source_hash: "' in translation.read_text()

    def status():
        return json.loads(helpcentre("translations", "status", "--format", "json", cwd=project.root).stdout)

    assert status()["pages"]["billing/refunds.md"] == {"fi": "draft"}  # a copy until it is translated
    translated = translation.read_text().replace("draft: true\n", "")
    translation.write_text(translated.replace("Refunds take five days.", "Palautus kestää viisi päivää."))
    assert status()["pages"]["billing/refunds.md"] == {"fi": "up to date"}

    source.write_text(source.read_text().replace("five days", "three days"))
    assert status()["pages"]["billing/refunds.md"] == {"fi": "outdated"}
    check = helpcentre("check", cwd=project.root)
    assert "docs/fi/billing/refunds.md:4:1: HC701 warning: the en page has changed" in check.stdout, check
    assert _notice(project) is not None and _notice(project).xpath(".//a/@href") == [
        "../../../billing/refunds/"
    ]

    assert helpcentre("translations", "ack", "docs/fi/billing/refunds.md", cwd=project.root).returncode == 0
    assert status()["pages"]["billing/refunds.md"] == {"fi": "up to date"}
    assert _notice(project) is None


def _notice(project):
    assert project.build().returncode == 0
    tree = lxml_html.fromstring((project.root / "site/fi/billing/refunds/index.html").read_bytes())
    found = tree.xpath("//*[contains(@class, 'hc-outdated')]")
    return found[0] if found else None


def test_re_wrapping_the_source_is_not_a_change(project):
    source = project.page("en/a.md", "title: A\ndescription: d", "One two\nthree.")
    helpcentre("translate", "docs/en/a.md", "--to", "fi", cwd=project.root)
    translation = project.root / "docs/fi/a.md"
    translated = translation.read_text().replace("draft: true\n", "")
    translation.write_text(translated.replace("One two\nthree.", "Yksi kaksi."))
    source.write_text(source.read_text().replace("One two\nthree.", "One two three.\n"))
    status = json.loads(helpcentre("translations", "status", "--format", "json", cwd=project.root).stdout)
    assert status["pages"]["a.md"] == {"fi": "up to date"}


def test_new_writes_a_valid_page_with_a_slug(project):
    result = helpcentre(
        "new",
        "faq",
        "--lang",
        "fi",
        "--title",
        "Äänestys ja palaute",
        "--category",
        "billing",
        cwd=project.root,
    )
    assert result.stdout.strip() == "docs/fi/billing/aanestys-ja-palaute.md"
    assert (project.root / "docs/fi/billing/index.md").is_file()  # the category page it did not have
    assert helpcentre("check", cwd=project.root).returncode == 0


def test_init_creates_a_project_that_builds(tmp_path):
    result = helpcentre("init", "desk", "--languages", "et,lt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    built = mkdocs_build(tmp_path / "desk", tmp_path / "desk" / "site")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "desk/site/index.html").is_file() and (tmp_path / "desk/site/lt/index.html").is_file()
    (tmp_path / "here").mkdir()  # an empty folder, here the working directory, is filled in place
    assert helpcentre("init", ".", "--languages", "en", cwd=tmp_path / "here").returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk", "here"]  # no staging folder left behind
    assert sorted(p.name for p in (tmp_path / "here").iterdir()) == ["docs", "mkdocs.yml"]
    umask = os.umask(0o22)
    os.umask(umask)
    assert (tmp_path / "desk").stat().st_mode & 0o777 == 0o777 & ~umask  # not the staging folder's 0700


# Refusals: every case is one line on stderr, exit code 2 (usage) or 1, no traceback, nothing written.


def deep_project(tmp_path) -> Project:
    """A project four folders down, so that a path escaping docs/ still lands inside tmp_path."""
    root = tmp_path / "a" / "b" / "c" / "desk"
    root.mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    return Project(root)


def tree(folder) -> dict:
    """Every file, folder and link under `folder` with its content: equal trees mean nothing was written."""
    found = {}
    for parent, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(parent) / name
            found[path.relative_to(folder).as_posix()] = (
                os.readlink(path) if path.is_symlink() else path.read_bytes() if path.is_file() else "folder"
            )
    return found


def assert_refused(result, expected: str, exit_code: int = 2) -> None:
    assert result.returncode == exit_code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert expected in result.stderr


NEW_REFUSALS = {
    "language-path": (["--lang", "../../.."], "not a language code"),
    "language-absolute": (["--lang", "{outside}"], "not a language code"),
    "language-not-configured": (["--lang", "de"], "'de' is not a language of this project (en, fi)"),
    "language-unknown": (["--lang", "xx"], "not a language Babel knows"),
    "language-uppercase": (["--lang", "EN"], "not a language code"),
    "category-path": (["--category", "../../../.."], "not a clean slug"),
    "category-path-inside": (["--category", "billing/../../../.."], "not a clean slug"),
    "category-absolute": (["--category", "{outside}"], "not a clean slug"),
    "category-uppercase": (["--category", "Billing"], "'Billing' is not a clean slug"),
    "category-nested": (["--category", "billing/cards"], "categories are one folder deep"),
    "title-without-slug": (["--title", "退款"], "add --slug"),
    "title-empty": (["--title", " "], "--title is empty"),
}


@pytest.mark.parametrize("case", NEW_REFUSALS)
def test_new_refuses_bad_input_and_writes_nothing(tmp_path, case):
    project = deep_project(tmp_path)
    options, expected = NEW_REFUSALS[case]
    options = [o.replace("{outside}", str(tmp_path / "outside")) for o in options]
    if "--title" not in options:
        options += ["--title", "Escape"]
    before = tree(tmp_path)
    assert_refused(helpcentre("new", "article", *options, cwd=project.root), expected)
    assert tree(tmp_path) == before


def test_new_refuses_a_folder_or_file_that_links_outside_docs(tmp_path):
    project = deep_project(tmp_path)
    (project.root / "docs/en/billing").symlink_to(tmp_path / "outside", target_is_directory=True)
    (project.root / "docs/fi/billing").mkdir()
    (project.root / "docs/fi/billing/index.md").symlink_to(tmp_path / "outside/index.md")  # dangling
    before = tree(tmp_path)
    linked_folder = helpcentre(
        "new", "article", "--title", "Refunds", "--category", "billing", cwd=project.root
    )
    assert_refused(linked_folder, f"resolves to {(tmp_path / 'outside/refunds.md').as_posix()}")
    linked_file = helpcentre(
        "new", "article", "--lang", "fi", "--title", "Index", "--category", "billing", cwd=project.root
    )
    assert_refused(linked_file, "docs/fi/billing/index.md would be outside docs/")
    assert tree(tmp_path) == before


TRANSLATE_REFUSALS = {
    "path": ("../../..", "not a language code"),
    "absolute": ("{outside}", "not a language code"),
    "not-configured": ("de", "'de' is not a language of this project (en, fi)"),
    "unknown": ("xx", "not a language Babel knows"),
    "empty": ("", "not a language code"),
    "own-language": ("en", "the page's own language"),
}


@pytest.mark.parametrize("case", TRANSLATE_REFUSALS)
def test_translate_refuses_a_bad_language_and_writes_nothing(tmp_path, case):
    project = deep_project(tmp_path)
    project.page("en/billing/index.md", "title: Billing\ndescription: d")
    project.page("en/billing/refunds.md", "title: Refunds\ndescription: d")
    target, expected = TRANSLATE_REFUSALS[case]
    before = tree(tmp_path)
    result = helpcentre(
        "translate",
        "docs/en/billing/refunds.md",
        "--to",
        target.replace("{outside}", str(tmp_path / "outside")),
        cwd=project.root,
    )
    assert_refused(result, expected)
    assert tree(tmp_path) == before


def test_translate_refuses_a_language_folder_that_links_outside_docs(tmp_path):
    project = deep_project(tmp_path)
    project.page("en/billing/index.md", "title: Billing\ndescription: d")
    project.page("en/billing/refunds.md", "title: Refunds\ndescription: d")
    # Inside the project (a link out of it is already an error of the content, HC205), outside docs/.
    (project.root / "elsewhere").mkdir()
    (project.root / "docs/fi/billing").symlink_to(project.root / "elsewhere", target_is_directory=True)
    before = tree(tmp_path)
    result = helpcentre("translate", "docs/en/billing/refunds.md", "--to", "fi", cwd=project.root)
    assert_refused(result, "docs/fi/billing/refunds.md would be outside docs/")
    assert tree(tmp_path) == before


INIT_REFUSALS = {
    "duplicate": ("en,en", "names en twice"),
    "unknown": ("xx", "not a language Babel knows"),
    "empty": ("", "has an empty item"),
    "empty-item": ("en,,fi", "has an empty item"),
    "trailing-comma": ("en,fi,", "has an empty item"),
    "path": ("../..", "not a language code"),
    "path-item": ("en,../fi", "not a language code"),
    "uppercase": ("EN", "not a language code"),
    "three-letters": ("fil", "not a language code"),  # Babel knows Filipino; mkdocs-static-i18n refuses it
    "region": ("pt-BR", "not a language code"),  # static-i18n takes it, the plugin's Babel calls do not
    "no-theme-strings": ("en,yo", "no interface strings in Material"),  # Babel knows Yoruba; Material not
}


@pytest.mark.parametrize("case", INIT_REFUSALS)
def test_init_refuses_a_bad_language_list_and_creates_nothing(tmp_path, case):
    languages, expected = INIT_REFUSALS[case]
    (tmp_path / "empty").mkdir()
    for target in ("desk", "empty", "new/deeper/desk"):
        before = tree(tmp_path)
        assert_refused(helpcentre("init", target, "--languages", languages, cwd=tmp_path), expected)
        assert tree(tmp_path) == before


def test_init_refuses_an_existing_file_or_full_folder_and_leaves_it_as_it_was(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "full").mkdir()
    (tmp_path / "full/mkdocs.yml").write_text("site_name: mine")
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    before = tree(tmp_path)
    assert_refused(helpcentre("init", "notes.txt", cwd=tmp_path), "notes.txt exists and is not a folder")
    assert_refused(helpcentre("init", "full", cwd=tmp_path), "full is not empty: choose a new or empty")
    assert_refused(helpcentre("init", "link", cwd=tmp_path), "link exists and is not a folder")
    assert tree(tmp_path) == before


def test_new_in_a_category_without_a_category_page_creates_one(project):
    result = helpcentre("new", "article", "--title", "Refunds", "--category", "money-back", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "docs/en/money-back/refunds.md"
    index = project.root / "docs/en/money-back/index.md"
    assert "docs/en/money-back/index.md: created the category page too" in result.stderr
    assert 'title: "Money back"' in index.read_text()
    index.write_text(index.read_text().replace("Money back", "Getting money back"))
    again = helpcentre(
        "new", "faq", "--title", "Refund questions", "--category", "money-back", cwd=project.root
    )
    translated = helpcentre(
        "new",
        "article",
        "--lang",
        "fi",
        "--title",
        "Palautukset",
        "--category",
        "money-back",
        cwd=project.root,
    )
    assert again.returncode == translated.returncode == 0
    assert "category page" not in again.stderr + translated.stderr
    assert 'title: "Getting money back"' in index.read_text()  # the writer's category page is left alone
    assert not (project.root / "docs/fi/money-back/index.md").exists()  # Finnish readers get the English one
    check = helpcentre("check", cwd=project.root)
    assert check.returncode == 0 and "HC601" not in check.stdout, check.stdout


def test_new_takes_a_slug_for_a_title_without_latin_letters(project):
    result = helpcentre(
        "new", "article", "--title", "退款", "--slug", "refunds", "--category", "billing", cwd=project.root
    )
    assert result.stdout.strip() == "docs/en/billing/refunds.md"
    assert 'title: "退款"' in (project.root / "docs/en/billing/refunds.md").read_text()
    bad = helpcentre("new", "article", "--title", "Refunds", "--slug", "Re_funds", cwd=project.root)
    assert_refused(bad, "--slug 'Re_funds' is not a clean slug")


def test_a_write_that_fails_half_way_removes_what_it_made(tmp_path):
    """A file name over the file system's 255 bytes fails after the category folder and page were made."""
    project = deep_project(tmp_path)
    before = tree(tmp_path)
    result = helpcentre(
        "new", "article", "--title", "Long", "--slug", "a" * 260, "--category", "money-back", cwd=project.root
    )
    assert_refused(result, "nothing was written", exit_code=1)
    too_long = "new/deeper/" + "d" * 250  # a valid name, but the staging folder's name beside it is too long
    assert_refused(helpcentre("init", too_long, cwd=tmp_path), "nothing was left behind", exit_code=1)
    assert tree(tmp_path) == before


def test_new_writes_in_the_projects_default_language_when_given_none(project):
    (project.root / "mkdocs.yml").write_text(
        MINIMAL_CONFIG.replace(
            "locale: en, name: English, default: true", "locale: et, name: Eesti, default: true"
        )
    )
    (project.root / "docs/en").rename(project.root / "docs/et")
    result = helpcentre("new", "article", "--title", "Arved", "--category", "arved", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "docs/et/arved/arved.md" and not (project.root / "docs/en").exists()
