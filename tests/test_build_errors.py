"""Bad input stops a real `mkdocs build` with `path:line: what — how`, never a traceback."""


def assert_stopped_with(result, expected: str):
    assert result.returncode != 0, "the build must stop"
    assert "Traceback" not in result.stderr
    assert expected in result.stderr, result.stderr


def test_missing_title(project):
    project.page("en/guide.md", "description: d")
    assert_stopped_with(project.build(), "docs/en/guide.md:1: front matter has no 'title'")


def test_wrong_type(project):
    project.page("en/guide.md", "title: T\ndescription: d\ntype: howto")
    assert_stopped_with(project.build(), "docs/en/guide.md:4: type 'howto' is not a page type")


def test_yaml_syntax_error(project):
    project.page("fi/opas.md", "title: [unclosed\ndescription: d")
    assert_stopped_with(project.build(), "docs/fi/opas.md:2: front matter is not valid YAML")


def test_tab_in_yaml(project):
    project.raw("en/guide.md", b"---\ntitle: T\ndescription: d\ntags:\n\t- a\n---\nText\n")
    assert_stopped_with(project.build(), "docs/en/guide.md:5: a tab character in the front matter")


def test_non_utf8_file(project):
    project.raw("fi/opas.md", "---\ntitle: T\ndescription: d\n---\nÄäkköset\n".encode("latin-1"))
    assert_stopped_with(project.build(), "docs/fi/opas.md:5: the file is not UTF-8 text")


def test_empty_page(project):
    project.raw("en/guide.md", b"")
    assert_stopped_with(project.build(), "docs/en/guide.md:1: the page is empty")


def test_duplicate_slug(project):
    project.page("en/billing/refunds.md", "title: A\ndescription: d")
    project.page("en/billing/refunds/index.md", "title: B\ndescription: d")
    assert_stopped_with(project.build(), "docs/en/billing/refunds/index.md:1: duplicate slug")


def test_description_too_long(project):
    project.page("en/guide.md", "title: T\ndescription: " + "word " * 40)
    assert_stopped_with(project.build(), "docs/en/guide.md:3: description is")


def test_every_problem_is_reported_in_one_run(project):
    project.page("en/a.md", "description: d")
    project.page("fi/b.md", "title: B\ndescription: d\ntype: nope")
    result = project.build()
    assert_stopped_with(result, "docs/en/a.md:1:")
    assert "docs/fi/b.md:4:" in result.stderr


def test_unknown_key_warns_but_builds(project):
    project.page("en/guide.md", "title: T\ndescription: d\nauthor_name: Kim")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "docs/en/guide.md:4: warning: unknown front matter key 'author_name'" in result.stderr


def test_missing_static_i18n_is_explained(project):
    (project.root / "mkdocs.yml").write_text("site_name: X\ntheme: {name: material}\nplugins: [helpcentre]\n")
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "helpcentre needs mkdocs-static-i18n" in result.stderr


FAQ = "title: Q\ndescription: d\ntype: faq"  # the body starts on line 6


def test_faq_page_without_questions(project):
    project.page("en/faq.md", FAQ, "Only an introduction.")
    assert_stopped_with(project.build(), "docs/en/faq.md:6: the FAQ page has no questions")


def test_faq_question_without_answer(project):
    project.page("en/faq.md", FAQ, "## Can I pay by card?\n\n## Can I pay later?\n\nYes.")
    assert_stopped_with(project.build(), "docs/en/faq.md:6: the question 'Can I pay by card?' has no answer")


def test_faq_question_asked_twice(project):
    project.page("en/faq.md", FAQ, "## Can I pay?\n\nYes.\n\n## Can  I pay?\n\nNo.")
    assert_stopped_with(
        project.build(), "docs/en/faq.md:10: the question 'Can  I pay?' is asked twice (first on line 6)"
    )


def test_faq_section_in_an_article_without_answers(project):
    project.page(
        "fi/opas.md",
        "title: Opas\ndescription: d",
        "Teksti.\n\n## Kysymyksiä {.faq}\n\n### Voinko maksaa kortilla?\n\n## Muuta\n\nTeksti.",
    )
    assert_stopped_with(
        project.build(), "docs/fi/opas.md:9: the question 'Voinko maksaa kortilla?' has no answer"
    )


def test_faq_heading_that_does_not_ask_warns_but_builds(project):
    project.page("en/faq.md", FAQ, "## Payment methods\n\nCard and invoice.")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "docs/en/faq.md:6: warning: the heading 'Payment methods' is not a question" in result.stderr


TEMPLATE = """\
title: Ticket closed
description: Tell the customer the ticket is closed.
type: template
channel: {channel}
subject: "Ticket [ticket number] is closed"
placeholders:
  agent: agent name
  ticket: ticket number"""


def test_a_misspelt_declared_placeholder_stops_the_build(project):
    project.page(
        "en/internal/closed.md",
        TEMPLATE.format(channel="email"),
        "Hi,\n\nTicket [ticket number] is closed by [agnet name].\n\n[agent name]",
    )
    assert_stopped_with(
        project.build(),
        "docs/en/internal/closed.md:13: '[agnet name]' is not declared but looks like the placeholder "
        "[agent name]",
    )


def test_a_stage_direction_on_its_own_line_is_allowed(project):
    project.page(
        "en/internal/closed.md",
        TEMPLATE.format(channel="call"),
        "This is [agent name]. Ticket [Ticket number] is solved.\n\n[Customer confirms]",
    )
    result = project.build()
    assert result.returncode == 0, result.stderr


def test_a_placeholder_missing_from_a_translation(project):
    project.page(
        "en/internal/closed.md", TEMPLATE.format(channel="email"), "Ticket [ticket number], [agent name]."
    )
    project.page(
        "fi/internal/closed.md",
        TEMPLATE.format(channel="email")
        .replace("agent name", "agentin nimi")
        .replace("  ticket: ticket number", "  ticket: tiketin numero"),
        "Terveisin [agentin nimi].",
    )
    assert_stopped_with(
        project.build(),
        "docs/fi/internal/closed.md:7: placeholder 'ticket' is used in "
        "docs/en/internal/closed.md but not in this translation",
    )


def test_unknown_channel(project):
    project.page("en/internal/closed.md", TEMPLATE.format(channel="fax"), "[agent name] [ticket number]")
    assert_stopped_with(project.build(), "docs/en/internal/closed.md:5: channel 'fax' is not known")


def test_empty_template(project):
    project.page("en/internal/closed.md", TEMPLATE.format(channel="call"), "")
    assert_stopped_with(
        project.build(), "docs/en/internal/closed.md:11: the page has no text below the front matter"
    )


def test_email_template_without_subject(project):
    front = TEMPLATE.format(channel="email").replace('subject: "Ticket [ticket number] is closed"\n', "")
    project.page("en/internal/closed.md", front, "[agent name] [ticket number]")
    assert_stopped_with(project.build(), "docs/en/internal/closed.md:5: the email template has no subject")


def test_a_public_page_linking_to_an_internal_page(project):
    project.page("en/internal/secret.md", "title: Secret\ndescription: d", "Agents only.")
    project.page(
        "en/guide.md", "title: Guide\ndescription: d", "Intro.\n\nSee [the macro](internal/secret.md#top)."
    )
    assert_stopped_with(
        project.build(),
        "docs/en/guide.md:7: this public page links to the internal page 'internal/secret.md#top'",
    )
