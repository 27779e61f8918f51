"""Writer tools: the linter with codes and lines, translation status and acknowledging, scaffolding."""

from __future__ import annotations

import json
import subprocess
import sys

from lxml import html as lxml_html

from conftest import ENV, mkdocs_build


def helpcentre(*args, cwd):
    return subprocess.run([sys.executable, "-m", "helpcentre.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=ENV)


def seed_one_of_each_problem(project) -> None:
    project.page("en/billing/index.md", "title: Billing\ndescription: d")
    project.page("en/billing/refunds.md", "title: Refunds\ndescription: d",
                 "Intro.\n\n## When it is paid\n\nSoon.\n\n"
                 "See [missing](nowhere.md), [only in Finnish](only-fi.md) and [a bad anchor](refunds.md#never).\n\n"
                 "![diagram](images/missing.png)\n\nAgents: [macro](../internal/macro.md).")
    project.page("fi/billing/only-fi.md", "title: Vain suomeksi\ndescription: d")
    project.page("en/internal/macro.md", "title: Macro\ndescription: d\ntype: template\nchannel: call\n"
                 "placeholders: {agent: agent name}", "Hello, this is [agent name] from [compnay].")
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
        ("docs/en/internal/macro.md", 8, "HC405"),  # undeclared bracket in a template
        ("docs/en/billing/refunds.md", 2, "HC204"),  # the second page with the title 'Refunds'
        ("docs/en/loose/stray.md", 1, "HC601"),  # orphan
        ("docs/en/billing/faq.md", 6, "HC303"),  # question without an answer
    }


def test_lint_lines_have_path_line_column_and_code(project):
    seed_one_of_each_problem(project)
    lines = helpcentre("check", cwd=project.root).stdout.splitlines()
    assert "docs/en/billing/refunds.md:11:5: HC502 the link target 'nowhere.md' does not exist — " \
           "check the path: it is relative to this file" in lines
    positions = [(l.split(":")[0], int(l.split(":")[1]), int(l.split(":")[2])) for l in lines]
    assert positions == sorted(positions)


def test_check_on_given_files_reports_only_those(project):
    seed_one_of_each_problem(project)
    result = helpcentre("check", "docs/en/loose/stray.md", cwd=project.root)
    assert result.returncode == 0  # the only problem in that file is a warning
    assert result.stdout.splitlines() == [
        "docs/en/loose/stray.md:1:1: HC601 warning: no category lists this page and no page links to it — "
        "move it into a folder with an index.md, or link to it"]


def test_an_edited_source_makes_its_translation_outdated_until_acknowledged(project):
    project.page("en/billing/index.md", "title: Billing\ndescription: d")
    source = project.page("en/billing/refunds.md", "title: Refunds\ndescription: d", "Refunds take five days.")
    assert helpcentre("translate", "docs/en/billing/refunds.md", "--to", "fi", cwd=project.root).returncode == 0
    translation = project.root / "docs/fi/billing/refunds.md"
    assert 'source_hash: "' in translation.read_text()
    status = lambda: json.loads(helpcentre("translations", "status", "--format", "json", cwd=project.root).stdout)
    assert status()["pages"]["billing/refunds.md"] == {"fi": "up to date"}

    source.write_text(source.read_text().replace("five days", "three days"))
    assert status()["pages"]["billing/refunds.md"] == {"fi": "outdated"}
    check = helpcentre("check", cwd=project.root)
    assert "docs/fi/billing/refunds.md:4:1: HC701 warning: the en page has changed" in check.stdout
    assert _notice(project) is not None and _notice(project).xpath(".//a/@href") == ["../../../billing/refunds/"]

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
    source.write_text(source.read_text().replace("One two\nthree.", "One two three.\n"))
    status = json.loads(helpcentre("translations", "status", "--format", "json", cwd=project.root).stdout)
    assert status["pages"]["a.md"] == {"fi": "up to date"}


def test_new_writes_a_valid_page_with_a_slug(project):
    result = helpcentre("new", "faq", "--lang", "fi", "--title", "Äänestys ja palaute", "--category", "billing",
                        cwd=project.root)
    assert result.stdout.strip() == "docs/fi/billing/aanestys-ja-palaute.md"
    project.page("fi/billing/index.md", "title: Laskutus\ndescription: d")
    assert helpcentre("check", cwd=project.root).returncode == 0


def test_init_creates_a_project_that_builds(tmp_path):
    result = helpcentre("init", "desk", "--languages", "et,lt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    built = mkdocs_build(tmp_path / "desk", tmp_path / "desk" / "site")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "desk/site/index.html").is_file() and (tmp_path / "desk/site/lt/index.html").is_file()
