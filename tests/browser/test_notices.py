"""One notice component (issue 20, bullet 6): the untranslated, outdated, draft and internal notices share
their element, structure, font size and layout; each kind has its own icon and colour, with enough contrast.
All four on a real `mkdocs serve` (drafts show only there) of an agents' build, in Chromium."""

from __future__ import annotations

import subprocess
import sys

import pytest
from test_accessibility import AXE

from conftest import ENV, MINIMAL_CONFIG, Project, free_port
from test_drafts import _wait_for_line

KINDS = ("fallback", "outdated", "draft", "internal")

# Per notice: what the reader sees of its type and layout, the icon drawn before the text, and its colours.
NOTICE_FACTS = """() => [...document.querySelectorAll('.hc-notice')].map((el) => {
  const style = getComputedStyle(el);
  const icon = getComputedStyle(el, '::before');
  const page = getComputedStyle(document.body).backgroundColor;
  return {
    kind: [...el.classList].find((c) => c.startsWith('hc-notice--')).slice('hc-notice--'.length),
    structure: [el.tagName, el.getAttribute('role'),
      ...[...el.children].map((c) => c.tagName + '.' + c.className)],
    fontSize: style.fontSize, lineHeight: style.lineHeight, display: style.display,
    textFontSize: getComputedStyle(el.firstElementChild).fontSize,
    icon: [icon.content, icon.width, icon.height],
    iconImage: icon.maskImage,
    colour: icon.backgroundColor, page,
  };
})"""


def helpcentre(project, *args) -> None:
    command = [sys.executable, "-m", "helpcentre.cli", *args]
    made = subprocess.run(command, cwd=project.root, env=ENV, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr


def luminance(css: str) -> float:
    red, green, blue = (int(part) / 255 for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """An agents' build (internal notice) under `mkdocs serve` with a Finnish translation whose English
    original changed (outdated), a Finnish draft, and an English-only article (untranslated in Finnish)."""
    project = Project(tmp_path_factory.mktemp("notices"))
    config = MINIMAL_CONFIG.replace("  - helpcentre\n", "  - helpcentre:\n      internal: true\n")
    (project.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    project.page("en/billing/index.md", "title: Billing\ndescription: Invoices and refunds")
    source = project.page("en/billing/refunds.md", "title: Refunds\ndescription: Refunds", "Five days.")
    project.page("en/billing/invoices.md", "title: Invoices\ndescription: Where invoices are", "In the app.")
    helpcentre(project, "translate", "docs/en/billing/refunds.md", "--to", "fi")
    translation = project.root / "docs/fi/billing/refunds.md"
    finished = translation.read_text(encoding="utf-8").replace("draft: true\n", "")
    translation.write_text(finished.replace("Five days.", "Viisi päivää."), encoding="utf-8")
    source.write_text(source.read_text(encoding="utf-8").replace("Five", "Three"), encoding="utf-8")
    helpcentre(project, "new", "article", "--lang", "fi", "--title", "Luonnos", "--category", "billing")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env=ENV,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_line(process, "Serving on")
        yield f"http://127.0.0.1:{port}/help/fi/billing"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def notices(browser, served):
    tab = browser.new_page()
    found = {}
    for path in ("refunds/", "luonnos/", "invoices/"):
        tab.goto(f"{served}/{path}")
        for facts in tab.evaluate(NOTICE_FACTS):
            found[facts["kind"]] = facts
        tab.add_script_tag(path=str(AXE))
        checked = tab.evaluate(
            "async () => await axe.run({include: [['.hc-notice']]}, {runOnly: ['color-contrast']})"
        )
        found.setdefault("contrast violations", []).extend(v["id"] for v in checked["violations"])
    yield found
    tab.close()


def test_every_kind_is_rendered(notices):
    assert set(KINDS) <= set(notices)


@pytest.mark.parametrize("key", ["structure", "fontSize", "lineHeight", "display", "textFontSize"])
def test_all_kinds_share_structure_and_type(notices, key):
    assert len({repr(notices[kind][key]) for kind in KINDS}) == 1, {
        kind: notices[kind][key] for kind in KINDS
    }
    assert notices["outdated"]["structure"] == ["ASIDE", "note", "P.hc-notice__text"]


def test_each_kind_has_an_icon_and_a_colour_of_its_own(notices):
    assert len({repr(notices[kind]["icon"]) for kind in KINDS}) == 1  # one size, drawn by ::before
    assert notices["draft"]["icon"][0] == '""'
    images = {notices[kind]["iconImage"] for kind in KINDS}
    assert len(images) == 4 and all(image.startswith('url("data:image/svg+xml') for image in images)
    assert len({notices[kind]["colour"] for kind in KINDS}) == 4


def test_text_and_marks_have_enough_contrast(notices):
    assert notices["contrast violations"] == []  # axe-core: the text against its tinted background
    for kind in KINDS:  # the icon stands out from the page as a graphic must (WCAG 1.4.11: 3:1)
        assert contrast(notices[kind]["colour"], notices[kind]["page"]) >= 3, kind
