"""Hostile front matter in Chromium: every built page opens without running a payload, titles read as
written, and a template's Copy puts escaped HTML on the clipboard (tests/payloads.py builds the site)."""

from __future__ import annotations

import pytest

from conftest import serve
from payloads import ATTRIBUTE, BREAK_OUT, HARMLESS, payload_sites  # noqa: F401

INJECTED = """() => [
  ...[...document.querySelectorAll("img[src='x'], [onerror], [onfocus], [autofocus]")]
    .map((e) => e.outerHTML),
  ...[...document.scripts]
    .filter((s) => !s.src && s.type !== "application/ld+json" && s.text.includes("alert("))
    .map((s) => s.text),
]"""


@pytest.fixture(scope="module")
def payload_urls(payload_sites):
    servers = {name: serve(site) for name, site in payload_sites.items()}
    yield {name: base for name, (_, base) in servers.items()}
    for server, _ in servers.values():
        server.shutdown()


def page_urls(site, base: str) -> list[str]:
    return [
        f"{base}/{path.relative_to(site).as_posix().removesuffix('index.html')}"
        for path in sorted(site.rglob("*.html"))
    ]


def test_no_page_of_either_build_runs_a_payload(page, payload_sites, payload_urls):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append((page.url, dialog.message)), dialog.dismiss()))
    for name, site in payload_sites.items():
        for url in page_urls(site, payload_urls[name]):
            page.goto(url, wait_until="load")
            # An injected onfocus handler would have fired by now.
            page.evaluate("() => document.querySelector('input')?.focus()")
            assert page.evaluate(INJECTED) == [], url
    assert dialogs == []


def test_titles_read_as_written_in_the_browser(page, payload_urls):
    base = payload_urls["public"]
    for lang in ("", "fi/"):
        page.goto(f"{base}/{lang}hostile/keys/")
        assert page.title() == f"{HARMLESS} - Payload help"
        assert page.locator(".hc-article h1").inner_text() == HARMLESS
        assert page.locator(".hc-nav a[aria-current=page]").inner_text() == HARMLESS
        assert page.locator(".hc-breadcrumbs a").nth(1).inner_text() == BREAK_OUT
    page.goto(f"{base}/")
    box = page.locator(".hc-search--hero")
    box.locator("input[name=q]").fill("keys")
    page.wait_for_function("() => document.querySelector('.hc-search--hero').dataset.query === 'keys'")
    titles = box.locator(".hc-search__title").all_inner_texts()
    assert HARMLESS in titles and BREAK_OUT in titles


def test_copy_puts_escaped_html_on_the_clipboard(browser, payload_urls):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{payload_urls['internal']}/internal/hostile-email/")
    assert page.locator("label[for=hc-blank-attr]").text_content() == ATTRIBUTE
    page.locator("[data-hc-blank=customer]").fill("<img src=x onerror=alert(1)>")
    page.locator("[data-hc-copy]").click()
    page.locator("[data-hc-copy-anyway]").click()  # the first Copy asks about the empty blanks
    page.wait_for_function(
        "() => document.querySelector('[data-hc-copy-status]').textContent.startsWith('Copied')"
    )
    html = page.evaluate("""async () => {
      const [item] = await navigator.clipboard.read();
      return await (await item.getType("text/html")).text();
    }""")
    context.close()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html
    assert f"Re: {HARMLESS.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}" in html
