"""The front matter parser and schema, without MkDocs."""

import pytest

from helpcentre.core.frontmatter import parse

GOOD = b"---\ntitle: Refunds\ndescription: How refunds work\ntags: [billing]\n---\n## Ask\n\nText.\n"


def only_error(raw: bytes):
    problems = [p for p in parse(raw, "docs/en/x.md").problems if p.severity == "error"]
    assert len(problems) == 1, problems
    return problems[0]


def test_valid_page_parses_with_defaults():
    parsed = parse(GOOD, "docs/en/x.md")
    assert parsed.problems == []
    assert (
        parsed.meta.title == "Refunds" and parsed.meta.type == "article" and parsed.meta.audience == "public"
    )
    assert parsed.meta.tags == ["billing"]
    assert parsed.body_line == 6 and parsed.body.startswith("## Ask")


@pytest.mark.parametrize(
    "raw, line, words",
    [
        (b"---\ndescription: d\n---\nText\n", 1, "no 'title'"),
        (b"---\ntitle: T\n---\nText\n", 1, "no 'description'"),
        (b"---\ntitle: T\ndescription: d\ntype: guide\n---\nText\n", 4, "type 'guide' is not a page type"),
        (b"---\ntitle: T\ndescription: " + b"x" * 161 + b"\n---\nText\n", 3, "161 characters long"),
        (b"---\ntitle: T\ndescription: d\naudience: staff\n---\nText\n", 4, "audience 'staff'"),
        (b"---\ntitle: T\ndescription: d\ntags: 5\n---\nText\n", 4, "tags must be a list"),
        (b"---\ntitle: 'T\ndescription: d\n---\nText\n", 2, "not valid YAML"),
        (b"---\ntitle: T\n\tdescription: d\n---\nText\n", 3, "tab character"),
        (b"---\ntitle: Caf\xe9\ndescription: d\n---\n", 2, "not UTF-8"),
        (b"", 1, "empty"),
        (b"  \n\n", 1, "empty"),
        (b"Just text\n", 1, "no front matter"),
        (b"---\ntitle: T\n", 1, "never closed"),
    ],
)
def test_each_problem_names_line_and_fix(raw, line, words):
    problem = only_error(raw)
    assert problem.line == line
    assert words in problem.message
    assert problem.fix, "every problem says how to fix it"
    assert str(problem).startswith(f"docs/en/x.md:{line}: ")


def test_unknown_key_is_a_warning_on_its_line():
    parsed = parse(b"---\ntitle: T\ndescription: d\ncolour: red\n---\nText\n", "p.md")
    assert parsed.meta is not None
    [warning] = parsed.problems
    assert warning.severity == "warning" and warning.line == 4 and "colour" in warning.message


def test_mkdocs_and_material_keys_are_not_unknown():
    parsed = parse(b"---\ntitle: T\ndescription: d\nhide: [toc]\ntemplate: x.html\n---\nText\n", "p.md")
    assert parsed.problems == []
