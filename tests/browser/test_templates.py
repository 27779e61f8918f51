"""Agent templates in Chromium (internal build): fill in, copy to the real clipboard, remember, filter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from test_accessibility import AXE

DOCS = Path(__file__).resolve().parents[2] / "docs"
CASES = [
    ("en", "email-thank-you"),
    ("fi", "call-pausing-a-ticket"),
    ("sl", "email-delayed-reply-apology"),
    ("et", "call-closing-a-ticket"),
    ("lt", "email-thank-you"),
]


@pytest.fixture
def clipboard_page(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    yield tab
    context.close()


def url(base: str, lang: str, path: str) -> str:
    return f"{base}/{'' if lang == 'en' else lang + '/'}internal/{path}"


def expected_text(lang: str, name: str, values: dict[str, str], subject_label: str) -> str:
    """What the agent should get, worked out from the Markdown source rather than from the page."""
    _, front, body = (DOCS / lang / "internal" / f"{name}.md").read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    labels = {" ".join(label.split()).casefold(): values[key] for key, label in meta["placeholders"].items()}

    def fill(text: str) -> str:
        return re.sub(r"\[([^\[\]]+)\]", lambda m: labels.get(m.group(1).casefold(), m.group(0)), text)

    paragraphs = []
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = block.split("\n")  # a line ending in two spaces is a hard break, any other a space
        joined = (
            "".join(line.rstrip() + ("\n" if line.endswith("  ") else " ") for line in lines[:-1]) + lines[-1]
        )
        paragraphs.append(re.sub(r" +", " ", fill(joined)).strip())
    text = "\n\n".join(paragraphs)
    return f"{subject_label}: {fill(meta['subject'])}\n\n{text}" if meta.get("subject") else text


@pytest.mark.parametrize("lang, name", CASES)
def test_an_agent_fills_a_template_and_copies_exactly_the_filled_text(
    clipboard_page, http_internal, lang, name
):
    page = clipboard_page
    page.goto(url(http_internal, lang, f"{name}/"))
    inputs = page.locator("[data-hc-blank]")
    values = {}
    for i in range(inputs.count()):
        key = inputs.nth(i).get_attribute("data-hc-blank")
        values[key] = f"Ääkkönen-{key}"
        inputs.nth(i).fill(values[key])
    assert page.locator("[data-hc-body] [data-hc-ph]").first.inner_text().startswith("Ääkkönen-")
    page.locator("[data-hc-copy]").click()
    status = page.locator("[data-hc-copy-status]")
    page.wait_for_function("() => document.querySelector('[data-hc-copy-status]').textContent !== ''")
    subject_label = page.locator("[data-hc-template]").get_attribute("data-text-subject")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == expected_text(lang, name, values, subject_label)
    assert status.get_attribute(
        "role"
    ) == "status" and "hc-template__status--warning" not in status.get_attribute("class")


def test_copying_with_empty_blanks_names_them(clipboard_page, http_internal):
    page = clipboard_page
    page.goto(url(http_internal, "fi", "email-delayed-reply-apology/"))
    page.locator("[data-hc-blank]").first.fill("Maija")
    page.keyboard.press("Tab")
    page.locator("[data-hc-copy]").focus()
    page.keyboard.press("Enter")  # by keyboard
    page.wait_for_function("() => document.querySelector('[data-hc-copy-status]').textContent !== ''")
    status = page.locator("[data-hc-copy-status]").inner_text()
    empty = page.locator("[data-hc-blank]:not(:first-child)").evaluate_all(
        "els => els.filter(e => !e.value).map(e => e.dataset.label)"
    )
    assert empty and all(label in status for label in empty)
    assert page.locator("[data-hc-blank][aria-invalid='true']").count() == len(empty)
    assert "[" in page.evaluate("() => navigator.clipboard.readText()")  # the empty blanks stay visible


def test_the_agents_name_is_remembered_across_templates_and_languages(clipboard_page, http_internal):
    page = clipboard_page
    page.goto(url(http_internal, "en", "email-thank-you/"))
    page.locator("[data-hc-blank='agent']").fill("Kadri Tamm")
    page.locator("[data-hc-blank='ticket'], [data-hc-blank='customer']").first.fill("not remembered")
    page.goto(url(http_internal, "et", "call-closing-a-ticket/"))
    assert page.locator("[data-hc-blank='agent']").input_value() == "Kadri Tamm"
    assert "Kadri Tamm" in page.locator("[data-hc-body]").inner_text()
    assert page.locator("[data-hc-blank='customer']").input_value() == ""


def test_the_library_filters_by_channel_and_words(page, http_internal):
    page.goto(url(http_internal, "et", ""))
    items = page.locator("[data-hc-item]")
    total = items.count()
    page.locator("[data-hc-library-channel]").select_option("call")
    visible = page.locator("[data-hc-item]:visible")
    assert 0 < visible.count() < total
    assert set(visible.evaluate_all("els => els.map(e => e.dataset.channel)")) == {"call"}
    page.locator("[data-hc-library-channel]").select_option("")
    page.locator("[data-hc-library-text]").fill("zzzz")
    assert page.locator("[data-hc-item]:visible").count() == 0
    assert "zzzz" in page.locator("[data-hc-library-status]").inner_text()


@pytest.mark.parametrize("path", ["", "call-pausing-a-ticket/", "email-thank-you/"])
@pytest.mark.parametrize("lang", ["en", "lt"])
def test_no_serious_or_critical_violations_on_template_pages(page, http_internal, lang, path):
    page.goto(url(http_internal, lang, path))
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []
