"""Agent templates in Chromium (internal build): fill in, copy to the real clipboard, remember, filter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from test_accessibility import AXE

from conftest import mkdocs_build, serve
from team_templates import write_project

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


def expected_text(lang: str, name: str, values: dict[str, str], subject_label: str, directions=False) -> str:
    """What the agent should get, worked out from the Markdown source rather than from the page:
    stage directions (a bracket that is a paragraph of its own, not a placeholder) only if asked for."""
    _, front, body = (DOCS / lang / "internal" / f"{name}.md").read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    labels = {" ".join(label.split()).casefold(): values[key] for key, label in meta["placeholders"].items()}

    def fill(text: str) -> str:
        return re.sub(r"\[([^\[\]]+)\]", lambda m: labels.get(m.group(1).casefold(), m.group(0)), text)

    paragraphs = []
    for block in re.split(r"\n\s*\n", body.strip()):
        direction = re.fullmatch(r"\[([^\[\]]+)\]", block.strip())
        if direction and direction.group(1).casefold() not in labels and not directions:
            continue
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
    values = fill_every_blank(page)
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


def test_copying_with_empty_blanks_asks_once_naming_them_and_focuses_the_first(clipboard_page, http_internal):
    page = clipboard_page
    page.goto(url(http_internal, "fi", "email-delayed-reply-apology/"))
    page.evaluate("() => navigator.clipboard.writeText('before')")
    page.locator("[data-hc-blank]").first.fill("Maija")
    page.locator("[data-hc-copy]").focus()
    page.keyboard.press("Enter")  # by keyboard
    status = page.locator("[data-hc-copy-status]")
    page.wait_for_function("() => document.querySelector('[data-hc-copy-status]').textContent !== ''")
    empty = page.locator("[data-hc-blank]").evaluate_all(
        "els => els.filter(e => !e.value).map(e => e.dataset.label)"
    )
    assert len(empty) > 1 and all(label in status.inner_text() for label in empty)
    assert status.inner_text().startswith(f"{len(empty)} kenttää on tyhjänä")  # the Finnish plural
    assert page.evaluate("() => navigator.clipboard.readText()") == "before"  # asked, not copied
    assert page.evaluate("() => document.activeElement.dataset.label") == empty[0]
    assert page.locator("[data-hc-blank][aria-invalid='true']").count() == len(empty)

    copied = copy_and_read(page, "[data-hc-copy-anyway]")  # the agent chooses to copy as it is
    assert "[" in copied and copied != "before"  # the empty blanks stay visible
    assert "Kopioitu, mutta" in status.inner_text() and page.locator("[data-hc-copy-anyway]").is_hidden()


def test_a_second_copy_does_not_ask_again(clipboard_page, http_internal):
    page = clipboard_page
    page.goto(url(http_internal, "en", "email-thank-you/"))
    page.locator("[data-hc-copy]").click()
    page.wait_for_function("() => document.querySelector('[data-hc-copy-status]').textContent !== ''")
    page.locator("[data-hc-copy]").click()
    page.wait_for_function(
        "() => document.querySelector('[data-hc-copy-status]').textContent.startsWith('Copied')"
    )
    assert page.evaluate("() => navigator.clipboard.readText()").startswith("Subject:")


def test_call_scripts_copy_without_stage_directions_unless_switched_on(clipboard_page, http_internal):
    page = clipboard_page
    page.goto(url(http_internal, "fi", "call-pausing-a-ticket/"))
    values = fill_every_blank(page)
    label = page.locator("[data-hc-template]").get_attribute("data-text-subject")
    lines_only = copy_and_read(page)
    assert lines_only == expected_text("fi", "call-pausing-a-ticket", values, label)
    assert "[Asiakas" not in lines_only and "Asiakas vahvistaa" in page.locator("[data-hc-body]").inner_text()
    page.get_by_label("Kopioi myös hakasulkeissa olevat ohjeet").check()
    everything = copy_and_read(page)
    assert everything == expected_text("fi", "call-pausing-a-ticket", values, label, directions=True)
    assert "[Asiakas vahvistaa henkilöllisyytensä]" in everything


def fill_every_blank(page, value=lambda key: f"Ääkkönen-{key}") -> dict[str, str]:
    inputs = page.locator("[data-hc-blank]")
    values = {}
    for i in range(inputs.count()):
        key = inputs.nth(i).get_attribute("data-hc-blank")
        values[key] = value(key)
        inputs.nth(i).fill(values[key])
    return values


def copy_and_read(page, button="[data-hc-copy]") -> str:
    """Clicks a copy button and returns what it put on the clipboard. The status line is written only once the
    clipboard write has resolved, so it is what to wait for: wait_for_function does not await a promise, so
    polling navigator.clipboard.readText() there returns at once (that raced, and failed in CI)."""
    page.locator("[data-hc-copy-status]").evaluate("el => { el.textContent = '' }")
    page.locator(button).click()
    page.wait_for_function("() => document.querySelector('[data-hc-copy-status]').textContent !== ''")
    return page.evaluate("() => navigator.clipboard.readText()")


def test_typed_values_are_text_in_the_html_copy(clipboard_page, http_internal):
    page = clipboard_page
    page.goto(url(http_internal, "en", "email-thank-you/"))
    fill_every_blank(page, lambda key: "<img src=x onerror=alert(1)>")
    copy_and_read(page)
    html = page.evaluate(
        """async () => {
            const [item] = await navigator.clipboard.read();
            return await (await item.getType('text/html')).text();
        }"""
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" not in html and "onerror=alert(1)>" not in html


def test_the_agents_name_is_remembered_across_templates_and_languages(clipboard_page, http_internal):
    page = clipboard_page
    page.goto(url(http_internal, "en", "email-thank-you/"))
    page.locator("[data-hc-blank='agent']").fill("Kadri Tamm")
    page.locator("[data-hc-blank='ticket'], [data-hc-blank='customer']").first.fill("not remembered")
    page.goto(url(http_internal, "et", "call-closing-a-ticket/"))
    assert page.locator("[data-hc-blank='agent']").input_value() == "Kadri Tamm"
    assert "Kadri Tamm" in page.locator("[data-hc-body]").inner_text()
    assert page.locator("[data-hc-blank='customer']").input_value() == ""


def test_a_remembered_value_says_where_it_came_from_and_is_forgotten_in_one_click(
    clipboard_page, http_internal
):
    page = clipboard_page
    page.goto(url(http_internal, "en", "email-thank-you/"))
    title = page.locator("h1").inner_text()
    page.locator("[data-hc-blank='agent']").fill("Kadri Tamm")
    assert page.locator("[data-hc-origin='agent']").is_hidden()  # typed here: nothing to explain
    page.goto(url(http_internal, "fi", "call-pausing-a-ticket/"))
    origin = page.locator("[data-hc-origin='agent']")
    assert origin.is_visible() and origin.inner_text().startswith(f"Muistettu pohjasta ”{title}”")
    assert "hc-origin-agent" in page.locator("[data-hc-blank='agent']").get_attribute("aria-describedby")
    origin.get_by_role("button", name="Unohda").click()
    assert page.locator("[data-hc-blank='agent']").input_value() == "" and origin.is_hidden()
    assert page.evaluate("() => document.activeElement.dataset.hcBlank") == "agent"
    assert "[agentin nimi]" in page.locator("[data-hc-body]").inner_text()
    page.reload()
    assert page.locator("[data-hc-blank='agent']").input_value() == ""  # forgotten in the browser too


def test_on_a_phone_the_preview_and_copy_are_in_view_before_the_form(browser, http_internal):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url(http_internal, "fi", "call-pausing-a-ticket/"))
    assert page.locator("[data-hc-blank]").count() == 8
    preview = page.locator("[data-hc-body]").bounding_box()
    copy = page.locator("[data-hc-copy]").bounding_box()
    assert preview["y"] < 844 - 100, preview  # the script's first lines are on the first screen
    assert copy["y"] >= 0 and copy["y"] + copy["height"] <= 844, copy
    chips = page.locator("[data-hc-chips] button")
    assert chips.count() == 8 and page.locator("[data-hc-blank]").first.is_hidden()
    page.mouse.wheel(0, 900)  # reading further down the script: Copy stays at the bottom edge
    page.wait_for_function("() => window.scrollY > 500")
    copy = page.locator("[data-hc-copy]").bounding_box()
    assert copy["y"] >= 0 and copy["y"] + copy["height"] <= 844, copy
    chips.nth(2).click()  # a blank of the compact list opens the form at its field
    assert page.evaluate("() => document.activeElement.dataset.hcBlank") == "customer"
    context.close()


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


@pytest.fixture(scope="module")
def http_team(tmp_path_factory):
    """The Finnish and Estonian templates written as teams write them (tests/team_templates.py)."""
    root = write_project(tmp_path_factory.mktemp("team"))
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    server, base = serve(root / "site")
    yield base
    server.shutdown()


def test_an_undeclared_call_script_fills_and_copies_the_agents_lines(clipboard_page, http_team):
    page = clipboard_page
    page.goto(f"{http_team}/fi/internal/puhelu-tiketti-odottaa/")
    assert page.locator("[data-hc-blank]").evaluate_all("els => els.map(e => e.dataset.hcBlank)")[:3] == [
        "agentin_nimi",
        "yrityksen_nimi",
        "asiakkaan_nimi",
    ]
    page.locator("[data-hc-blank='agentin_nimi']").fill("Maija")
    page.locator("[data-hc-blank='yrityksen_nimi']").fill("Northdesk")
    page.locator("[data-hc-blank='asiakkaan_nimi']").fill("Ville")
    page.locator("[data-hc-copy]").click()  # five blanks are still empty: asked first
    copied = copy_and_read(page, "[data-hc-copy-anyway]")
    assert copied.startswith(
        "Hyvää päivää, täällä puhuu Maija Northdesk:n asiakastuesta. Tavoitinko Ville?\n\n"
    )
    assert "\n\nKiitos kärsivällisyydestä, Ville." in copied
    assert "[Asiakas" not in copied and copied.count("\n\n") == 3  # four lines of the agent's, no turns


def test_an_undeclared_estonian_email_copies_its_subject_and_signature(clipboard_page, http_team):
    page = clipboard_page
    page.goto(f"{http_team}/et/internal/e-kiri-vastus-hilineb/")
    fill_every_blank(page, lambda key: key.upper())
    assert page.locator("[data-hc-directions]").count() == 0  # an email without directions: no switch
    copied = copy_and_read(page)
    assert copied.startswith("Teema: Teie pöördumine POORDUMISE_NUMBER\n\nTere, KLIENDI_NIMI!")
    assert copied.endswith("Lugupidamisega AGENDI_NIMI ETTEVOTTE_NIMI")


def test_no_serious_or_critical_violations_with_the_form_folded_on_a_phone(browser, http_internal):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url(http_internal, "sl", "call-pausing-a-ticket/"))
    assert page.locator("[data-hc-chips]").is_visible()
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        (v["id"], [n["target"] for n in v["nodes"]][:5])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    context.close()
    assert bad == []
