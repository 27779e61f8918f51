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


def test_a_misspelt_declared_label_is_an_error_with_its_line():
    problems, usage, _ = agent_templates.check_source(
        meta(),
        "Hei [agentn nimi].\n\n[Asiakas vahvistaa]\n\n[agentin nimi] [tiketin numero]",
        9,
        {"placeholders": 6},
        "x.md",
    )
    assert [(p.line, p.code, p.severity) for p in problems] == [(9, "HC408", "error")]
    assert "looks like the placeholder [agentin nimi]" in problems[0].message
    assert usage.keys == {"agent", "ticket"}


# The form support teams write (shared/seeds): blanks inside sentences, inflected with a colon,
# capitalised at a sentence start; stage directions as paragraphs of their own; no front matter keys.
SCRIPT_FI = (
    "Hei! Täällä [agentin nimi] [yrityksen nimi]:n tuesta. Puhunko [asiakkaan nimi] kanssa?\n\n"
    "[Asiakas kertoo nimensä]\n\n"
    "[Asiakkaan nimi], tikettisi [tikettinumero] odottaa [X] päivää.\n\n"
    "[Asiakas suostuu tai kysyy lisää. Agentti vastaa ja jatkaa.]\n\n"
    "Terveisin\n[agentin nimi]"
)


def bare(**extra):
    return FrontMatter(title="T", description="d", type="template", **extra)


def test_undeclared_blanks_are_inferred_once_each_with_a_warning_and_directions_stay():
    problems, usage, blanks = agent_templates.check_source(bare(), SCRIPT_FI, 5, {"type": 3}, "x.md")
    assert blanks.inferred == {
        "agentin_nimi": "agentin nimi",
        "yrityksen_nimi": "yrityksen nimi",
        "asiakkaan_nimi": "asiakkaan nimi",
        "tikettinumero": "tikettinumero",
        "x": "X",
    }
    assert blanks.has_directions and (blanks.channel, blanks.channel_declared) == ("call", False)
    warnings = [(p.line, p.code) for p in problems]
    assert warnings == [(5, "HC405")] * 3 + [(9, "HC405")] * 2 + [(3, "HC402")]
    assert all(p.severity == "warning" for p in problems)
    assert "helpcentre check --fix" in problems[0].fix and usage.declares is False


def test_inferred_blanks_render_as_blanks_and_directions_as_turns():
    _, _, blanks = agent_templates.check_source(bare(), SCRIPT_FI, 5, {}, "x.md")
    state = agent_templates.TemplateState(blanks.placeholders)
    html = markdown.markdown(SCRIPT_FI, extensions=[agent_templates.TemplateExtension(state)])
    assert html.count('data-hc-ph="agentin_nimi"') == 2 and 'data-hc-ph="yrityksen_nimi">' in html
    assert '<span class="hc-ph" data-hc-ph="yrityksen_nimi">[yrityksen nimi]</span>:n' in html
    assert html.count('<p class="hc-turn">') == 2


def test_a_template_with_no_blanks_still_marks_its_directions():
    state = agent_templates.TemplateState({})
    html = markdown.markdown(
        "Hei!\n\n[Asiakas vastaa]", extensions=[agent_templates.TemplateExtension(state)]
    )
    assert '<p class="hc-turn"><span class="hc-direction">[Asiakas vastaa]</span></p>' in html


def test_derived_keys_are_stable_identifiers():
    assert agent_templates.derived_key("Sähköpostiosoite") == "sahkopostiosoite"
    assert agent_templates.derived_key("kliendi  nimi/ID") == "kliendi_nimi_id"
    assert agent_templates.derived_key("õige  kuupäev") == "oige_kuupaev"
    assert agent_templates.derived_key("24 h") == "blank_24_h"
    cyrillic = agent_templates.derived_key("имя клиента")
    assert cyrillic.startswith("blank_") and cyrillic == agent_templates.derived_key("Имя клиента")


def test_an_inferred_key_never_takes_a_declared_one():
    declared = bare(placeholders={"x": "päivien määrä"}, channel="chat")
    _, _, blanks = agent_templates.check_source(declared, "[päivien määrä] ja [X].", 5, {}, "x.md")
    assert blanks.placeholders == {"x": "päivien määrä", "x_2": "X"}


def test_the_channel_is_inferred_from_a_subject_or_defaults_to_chat():
    _, _, email = agent_templates.check_source(bare(subject="Tiketti [nro]"), "Hei [nimi].", 5, {}, "x.md")
    _, _, chat = agent_templates.check_source(bare(), "Hei [nimi].", 5, {}, "x.md")
    assert (email.channel, chat.channel) == ("email", "chat") and email.inferred == {
        "nro": "nro",
        "nimi": "nimi",
    }


def test_unused_placeholder_warns_and_email_needs_a_subject():
    problems, _, _ = agent_templates.check_source(
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
    assert problem.severity == "error"


def test_a_translation_that_declares_nothing_is_not_compared_but_warned():
    usages = {
        "en": ("en.md", agent_templates.Usage({"agent", "ticket"}, 6)),
        "fi": ("fi.md", agent_templates.Usage(set(), 4, declares=False)),
    }
    [problem] = agent_templates.translation_problems(usages, "en")
    assert (problem.code, problem.severity) == ("HC406", "warning") and "(agent, ticket)" in problem.fix


def test_subject_is_escaped_and_marked_up():
    html = agent_templates.subject_html("<b> [Tiketin numero]", PLACEHOLDERS)
    assert html.startswith("&lt;b&gt; ") and 'data-hc-ph="ticket"' in html
