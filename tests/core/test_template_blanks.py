"""Template blanks and stage directions: the rule, its checks and its markup, without MkDocs."""

import markdown

from helpcentre.core import agent_templates
from helpcentre.core.frontmatter import FrontMatter

PLACEHOLDERS = {"agent": "agentin nimi", "ticket": "tiketin numero"}


def meta(**extra):
    return FrontMatter(
        **{
            "title": "T",
            "description": "d",
            "type": "template",
            "channel": "call",
            "placeholders": PLACEHOLDERS,
            **extra,
        }
    )


def render(text: str) -> str:
    state = agent_templates.TemplateState(dict(PLACEHOLDERS))
    return markdown.markdown(text, extensions=[agent_templates.TemplateExtension(state)])


def test_declared_labels_become_blanks_in_any_case_and_other_brackets_directions():
    html = render("Hei, täällä [agentin nimi]. [Tiketin numero] on ratkaistu.\n\n[Asiakas vahvistaa]")
    assert html.count('data-hc-ph="agent"') == 1 and html.count('data-hc-ph="ticket"') == 1
    assert '<p class="hc-turn"><span class="hc-direction">[Asiakas vahvistaa]</span></p>' in html


def test_links_and_images_keep_their_brackets():
    html = render("Katso [ohje](https://example.org) ja ![kuva](a.png), [agentin nimi].")
    assert '<a href="https://example.org">ohje</a>' in html and '<img alt="kuva"' in html
    assert 'data-hc-ph="agent"' in html


def test_undeclared_brackets_inside_a_sentence_are_errors_with_their_line():
    problems, usage = agent_templates.check_source(
        meta(),
        "Hei [agentn nimi].\n\n[Asiakas vahvistaa]\n\n[agentin nimi] [tiketin numero]",
        9,
        {"placeholders": 6},
        "x.md",
    )
    assert [(p.line, p.message) for p in problems] == [(9, "'[agentn nimi]' is not a declared placeholder")]
    assert usage.keys == {"agent", "ticket"}


def test_unused_placeholder_warns_and_email_needs_a_subject():
    problems, _ = agent_templates.check_source(
        meta(channel="email"), "[agentin nimi]", 9, {"channel": 5, "placeholders": 6}, "x.md"
    )
    assert [(p.line, p.severity) for p in problems] == [(5, "error"), (6, "warning")]


def test_translations_must_use_the_same_keys():
    usages = {
        "en": ("en.md", agent_templates.Usage({"agent", "ticket"}, 6)),
        "fi": ("fi.md", agent_templates.Usage({"agent"}, 7)),
    }
    [problem] = agent_templates.translation_problems(usages, "en")
    assert (problem.path, problem.line) == ("fi.md", 7) and "'ticket' is used in en.md" in problem.message


def test_subject_is_escaped_and_marked_up():
    html = agent_templates.subject_html("<b> [Tiketin numero]", PLACEHOLDERS)
    assert html.startswith("&lt;b&gt; ") and 'data-hc-ph="ticket"' in html
