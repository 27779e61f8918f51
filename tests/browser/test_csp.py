"""The demo under the Content-Security-Policy the handbook recommends (Deploying), sent as a header by a
loopback server: no violation on any kind of page, and search, FAQ accordions and template copy work."""

from __future__ import annotations

import functools
import re
import threading
from http.server import ThreadingHTTPServer

import pytest

from conftest import FEEDBACK_PORT, ROOT, _QuietHandler

VIOLATIONS = """() => { window.__violations = [];
  document.addEventListener("securitypolicyviolation",
    (e) => window.__violations.push(
      `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
}"""


def recommended_policy() -> str:
    """The policy exactly as the handbook's Deploying page prints it, the feedback receiver filled in."""
    section = README_SECTION.search((ROOT / DEPLOYING).read_text(encoding="utf-8"))
    assert section, f"{DEPLOYING} has no Content-Security-Policy block"
    header = " ".join(section.group(1).split())
    return header.removeprefix("Content-Security-Policy: ").replace(
        "https://feedback.example.org", f"http://127.0.0.1:{FEEDBACK_PORT}"
    )


DEPLOYING = "handbook/docs/en/operators/deploying.md"
README_SECTION = re.compile(r"```http\n(Content-Security-Policy: [^`]*)```")


class _CspHandler(_QuietHandler):
    """Sends the policy; serves HTML as if the site were deployed at its site_url (Material's bundle
    fetches the hreflang links' sitemap.xml: from a host other than site_url that is another origin)."""

    policy = ""
    site_url = ""

    def end_headers(self):
        self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def copyfile(self, source, outputfile):
        data = source.read()
        if self.path.endswith((".html", "/")):
            data = data.replace(self.site_url.encode(), f"http://{self.headers['Host']}/".encode())
        outputfile.write(data)

    def send_header(self, keyword, value):
        if keyword == "Content-Length" and self.path.endswith((".html", "/")):
            return  # the rewritten page has another length: HTTP/1.0 ends it by closing
        super().send_header(keyword, value)


def serve_with_policy(folder, policy: str, site_url: str):
    handler = type("Handler", (_CspHandler,), {"policy": policy, "site_url": site_url})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def csp_urls(demo_site, internal_site):
    policy = recommended_policy()
    servers = {
        "public": serve_with_policy(demo_site, policy, "https://help.northdesk.example/"),
        "internal": serve_with_policy(internal_site, policy, "https://agents.northdesk.example/"),
    }
    yield {name: base for name, (_, base) in servers.items()}
    for server, _ in servers.values():
        server.shutdown()


@pytest.fixture
def csp_page(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(f"({VIOLATIONS})()")
    tab = context.new_page()
    errors = []
    tab.on(
        "console",
        lambda m: (
            errors.append(m.text) if m.type == "error" and "Content Security Policy" in m.text else None
        ),
    )
    tab.csp_errors = errors
    yield tab
    context.close()


def assert_no_violation(page) -> None:
    assert page.evaluate("() => window.__violations") == []
    assert page.csp_errors == []


PAGES = [
    ("public", "/"),
    ("public", "/fi/good-service/what-is-good-customer-service/"),
    ("public", "/good-service/good-service-faq/"),
    ("public", "/lt/call-centre/"),
    ("public", "/404.html"),
    ("public", "/et/404.html"),
    ("internal", "/internal/email-thank-you/"),
    ("internal", "/sl/internal/"),
    ("internal", "/translation-status.html"),
]


@pytest.mark.parametrize("build, path", PAGES)
def test_pages_load_without_a_policy_violation(csp_page, csp_urls, build, path):
    response = csp_page.goto(csp_urls[build] + path)
    assert response.headers["content-security-policy"]
    csp_page.wait_for_load_state("networkidle")
    assert_no_violation(csp_page)
    if path == "/translation-status.html":  # styled from its stylesheet
        cell = csp_page.locator("td[class^=hc-status]").first
        colour = cell.evaluate("e => getComputedStyle(e).backgroundColor")
        assert colour != "rgba(0, 0, 0, 0)"


def test_search_works_under_the_policy(csp_page, csp_urls):
    csp_page.goto(csp_urls["public"] + "/")
    box = csp_page.locator(".hc-search--hero")
    box.locator("input[name=q]").fill("refund")
    csp_page.wait_for_function("() => document.querySelector('.hc-search--hero').dataset.query === 'refund'")
    assert box.locator("[data-search-results] a[href]").count() > 0
    assert_no_violation(csp_page)


def test_faq_accordion_works_under_the_policy(csp_page, csp_urls):
    csp_page.goto(csp_urls["public"] + "/good-service/good-service-faq/")
    toggle = csp_page.locator(".hc-faq__toggle").first
    toggle.click()  # faq.js added the button: it ran
    assert toggle.get_attribute("aria-expanded") == "true"
    assert all(csp_page.locator("details.hc-faq__item").evaluate_all("els => els.map(e => e.open)"))
    assert_no_violation(csp_page)


def test_template_copy_works_under_the_policy(csp_page, csp_urls):
    csp_page.goto(csp_urls["internal"] + "/internal/email-thank-you/")
    for blank in csp_page.locator("[data-hc-blank]").all():
        blank.fill("Maija")
    csp_page.locator("[data-hc-copy]").click()
    csp_page.wait_for_function("() => document.querySelector('[data-hc-copy-status]').textContent !== ''")
    assert "Maija" in csp_page.evaluate("() => navigator.clipboard.readText()")
    assert_no_violation(csp_page)
