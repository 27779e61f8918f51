"""A small help centre whose front matter is hostile: every shown value is a script-injection payload.

Built once per test session (public and internal build) and shared by tests/test_escaping.py and
tests/browser/test_escaping.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import mkdocs_build

BREAK_OUT = 'A "><img src=x onerror=alert(1)>'
CLOSE_SCRIPT = "</script><script>alert(2)</script>"
ATTRIBUTE = 'evil" onfocus="alert(3)" autofocus x="'
HARMLESS = "Keys <Ctrl> & <Alt>"
PAYLOADS = [BREAK_OUT, CLOSE_SCRIPT, ATTRIBUTE, HARMLESS]

CONFIG = """\
site_name: Payload help
site_url: https://example.org/help/
theme:
  name: material
  font: false
plugins:
  i18n:
    docs_structure: folder
    fallback_to_default: true
    languages:
      - {locale: en, name: English, default: true}
      - {locale: fi, name: Suomi}
  helpcentre: {}
markdown_extensions:
  - attr_list
  - md_in_html
"""
INTERNAL_CONFIG = (
    "INHERIT: mkdocs.yml\nsite_dir: site-internal\nplugins:\n  helpcentre:\n    internal: true\n"
)

# path → (front matter, body); `q` quotes a value for YAML.
q = json.dumps
PAGES = {
    "en/index.md": (f"title: {q(HARMLESS)}\ndescription: {q(CLOSE_SCRIPT)}", "Welcome."),
    "fi/index.md": (f"title: {q(ATTRIBUTE)}\ndescription: {q(BREAK_OUT)}", "Tervetuloa."),
    "en/hostile/index.md": (f"title: {q(BREAK_OUT)}\ndescription: {q(ATTRIBUTE)}", "A category."),
    "en/hostile/break-out.md": (
        f"title: {q(BREAK_OUT)}\ndescription: {q(HARMLESS)}\ntags: {q(PAYLOADS)}\nfeatured: true",
        "Keys and shortcuts for agents.",
    ),
    "en/hostile/close-script.md": (
        f"title: {q(CLOSE_SCRIPT)}\ndescription: {q(BREAK_OUT)}\ntags: [{q(ATTRIBUTE)}]",
        "Keys and scripts.",
    ),
    "en/hostile/attribute.md": (f"title: {q(ATTRIBUTE)}\ndescription: {q(CLOSE_SCRIPT)}", "Keys everywhere."),
    "en/hostile/keys.md": (
        f"title: {q(HARMLESS)}\ndescription: {q(HARMLESS)}\ntags: [{q(HARMLESS)}]",
        "Keyboard keys for agents.",
    ),
    "en/hostile/questions.md": (
        f"title: {q(ATTRIBUTE + ' FAQ')}\ndescription: {q(HARMLESS)}\ntype: faq",
        "## Are keys safe?\n\nYes, keys are safe.\n\n## Another question?\n\nIt is.",
    ),
    "en/internal/index.md": (f"title: {q(CLOSE_SCRIPT)}\ndescription: {q(BREAK_OUT)}", "Templates."),
    "en/internal/hostile-email.md": (
        f"title: {q(HARMLESS)}\ndescription: {q(ATTRIBUTE)}\ntype: template\nchannel: email\n"
        f"subject: {q('Re: ' + HARMLESS + ' [customer name]')}\ntags: [{q(BREAK_OUT)}]\n"
        f"placeholders:\n  customer: customer name\n  evil: {q('x</label><img src=x onerror=alert(4)>')}\n"
        f"  attr: {q(ATTRIBUTE)}",
        # The hostile labels are declared, not used: a body is the writer's raw HTML (trusted).
        "Hello [customer name],\n\nthank you.",
    ),
}

_built: dict[str, Path] = {}


def build(root: Path) -> dict[str, Path]:
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "mkdocs.internal.yml").write_text(INTERNAL_CONFIG, encoding="utf-8")
    for path, (front, body) in PAGES.items():
        target = root / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8")
    sites = {"public": root / "site", "internal": root / "site-internal"}
    for name, config in (("public", "mkdocs.yml"), ("internal", "mkdocs.internal.yml")):
        result = mkdocs_build(root, sites[name], config)
        assert result.returncode == 0, result.stderr
    return sites


@pytest.fixture(scope="session")
def payload_sites(tmp_path_factory) -> dict[str, Path]:
    if not _built:
        _built.update(build(tmp_path_factory.mktemp("payloads")))
    return _built
