"""Connecting the insights page: a wrong database is a clear error that leaks no password and creates
no file, the receiver's libraries are needed only when a database is set (and only by the agents'
build), the page's address is guarded like the other generated pages, and the public build's leak
guard refuses an insights page that reaches it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from conftest import ENV, MINIMAL_CONFIG, Project, free_port


def configure(project: Project, *, internal: bool, db: str) -> None:
    options = (
        f"  - helpcentre:\n      internal: {str(internal).lower()}\n      insights:\n        db: '{db}'\n"
    )
    (project.root / "mkdocs.yml").write_text(
        MINIMAL_CONFIG.replace("  - helpcentre\n", options), encoding="utf-8"
    )


def build_without_sqlalchemy(project: Project) -> subprocess.CompletedProcess:
    """A build where `import sqlalchemy` fails, as it does without the `feedback` extra."""
    program = (
        "import sys; sys.modules['sqlalchemy'] = None\n"
        "from mkdocs.__main__ import cli\n"
        f"cli(['build', '-d', {str(project.root / 'site')!r}])\n"
    )
    return subprocess.run(
        [sys.executable, "-c", program], cwd=project.root, capture_output=True, text=True, env=ENV
    )


def test_a_missing_sqlite_file_is_an_error_and_is_not_created(project):
    missing = project.root / "nowhere" / "feedback.sqlite3"
    configure(project, internal=True, db=f"sqlite:///{missing}")
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "helpcentre option insights.db" in result.stderr and "no such file" in result.stderr
    assert not missing.exists()


def test_a_database_that_is_not_the_receivers_is_named(project):
    other = project.root / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE things (id INTEGER)")
    configure(project, internal=True, db=f"sqlite:///{other}")
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "is not a feedback receiver's database" in result.stderr


def test_an_unreachable_database_is_an_error_without_the_password(project):
    configure(
        project, internal=True, db=f"postgresql+psycopg://agent:s3cretpw@127.0.0.1:{free_port()}/feedback"
    )
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "could not read postgresql+psycopg://agent:***@127.0.0.1" in result.stderr
    assert "s3cretpw" not in result.stderr + result.stdout


def test_reading_a_database_needs_the_feedback_extra_and_says_so(project):
    configure(project, internal=True, db="sqlite:///feedback.sqlite3")
    result = build_without_sqlalchemy(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "pip install 'mkdocs-helpcentre[feedback]'" in result.stderr


def test_without_a_database_or_in_the_public_build_the_extra_is_not_needed(project):
    configure(project, internal=True, db="")
    result = build_without_sqlalchemy(project)
    assert result.returncode == 0, result.stderr
    assert (project.root / "site/insights/index.html").is_file()
    configure(project, internal=False, db="sqlite:///feedback.sqlite3")  # set, but never read
    result = build_without_sqlalchemy(project)
    assert result.returncode == 0, result.stderr
    assert not (project.root / "site/insights").exists()


def test_a_writers_page_at_the_insights_address_stops_the_agents_build_only(project):
    project.page("en/insights.md", "title: Customer insights\ndescription: What we learned")
    configure(project, internal=False, db="")
    assert project.build().returncode == 0  # the public build has no insights page to clash with
    configure(project, internal=True, db="")
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/en/insights.md:1: this page would be published at /insights/" in result.stderr
    assert "insights_page" in result.stderr


def test_the_insights_page_can_move_to_another_folder(project):
    project.page("en/insights.md", "title: Customer insights\ndescription: What we learned")
    configure(project, internal=True, db="")
    text = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    (project.root / "mkdocs.yml").write_text(
        text.replace("      internal: true\n", "      internal: true\n      insights_page: team/insights\n"),
        encoding="utf-8",
    )
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert (project.root / "site/team/insights/index.html").is_file()
    assert "Customer insights" in (project.root / "site/insights/index.html").read_text(encoding="utf-8")


LEAKING_HOOK = """
from pathlib import Path

def on_post_build(config):
    target = Path(config.site_dir) / "insights" / "index.html"
    target.parent.mkdir(exist_ok=True)
    target.write_text("<h1>Insights</h1>", encoding="utf-8")
"""


def test_the_leak_guard_refuses_an_insights_page_in_the_public_build(project):
    (project.root / "leak.py").write_text(LEAKING_HOOK, encoding="utf-8")
    configure(project, internal=False, db="")
    with (project.root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - leak.py\n")
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "internal content reached the public site" in result.stderr
    assert "insights/index.html: the address of the agents' insights page" in result.stderr
