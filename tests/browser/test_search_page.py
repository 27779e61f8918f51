"""The search results page in Chromium: reached with Enter or the button, every result with its
breadcrumb, type and excerpt, filters with counts, more on demand, the query in the history, the
weak and none states, miss reports, and no request beyond the index's files."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import LANGUAGES, ROOT

PAGE = "[data-search-page]"
LIST = f"{PAGE} [data-search-results]"
QUERIES = {
    "en": "callback",
    "et": "tagasihelist",
    "fi": "takaisinsoitto",
    "lt": "skambučių",
    "sl": "klicateljem",
}


def prefix(lang):
    return "" if lang == "en" else f"{lang}/"


def strings(lang):
    return yaml.safe_load((ROOT / f"plugins/helpcentre/translations/{lang}.yml").read_text(encoding="utf-8"))


def shown(page, query):
    """Wait until the results page shows `query`'s results; their URLs, in order."""
    page.wait_for_function("q => document.querySelector('[data-search-page]').dataset.query === q", arg=query)
    return page.locator(f"{LIST} h2 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")


def query_of(url):
    return parse_qs(urlsplit(url).query).get("q", [""])[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_results_page_works_in_every_language(page, http_site, lang):
    page.goto(f"{http_site}/{prefix(lang)}search/?q={QUERIES[lang]}")
    hrefs = shown(page, QUERIES[lang])
    assert hrefs and all(h.startswith(f"{http_site}/{prefix(lang)}") for h in hrefs)
    assert page.locator(f"{PAGE} h1").inner_text() == strings(lang)["results"]["title"]
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator(f"{PAGE} input[name=q]").input_value() == QUERIES[lang]
    status = page.locator(f"{PAGE} [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    count = strings(lang)["search"]["count"]
    assert any(form.replace("{n}", str(len(hrefs))) == status.inner_text() for form in count.values()), (
        status.inner_text()
    )
    first = page.locator(f"{LIST} > li").first
    assert page.locator(f"{LIST} mark").count() >= 1  # highlighted
    type_names = {strings(lang)["type"][t] for t in ("article", "faq")}
    assert first.locator(".hc-badge").first.inner_text() in type_names
    assert first.locator(".hc-results__crumbs a").count() >= 1
    assert first.locator(".hc-results__excerpt").inner_text()
    # The language menu leads to the other languages' results pages, with the query.
    menu = page.locator("a[data-hc-lang]").evaluate_all("els => els.map(e => [e.hreflang, e.href])")
    for code, href in menu:
        assert href.split("?")[0] == f"{http_site}/{prefix(code)}search/" and query_of(href) == QUERIES[lang]


def test_enter_and_the_button_go_to_the_results_page_arrows_still_open_a_suggestion(page, http_site):
    page.goto(f"{http_site}/fi/call-centre/")
    field = page.locator(".hc-search--header input[name=q]")
    field.fill("takaisinsoitto")
    page.wait_for_function(
        "() => document.querySelector('.hc-search--header').dataset.query === 'takaisinsoitto'"
    )
    field.press("Enter")
    page.wait_for_url(f"{http_site}/fi/search/?q=takaisinsoitto")
    assert shown(page, "takaisinsoitto")
    page.goto(f"{http_site}/et/")
    hero = page.locator(".hc-search--hero")
    hero.locator("input[name=q]").fill("tagasihelistamine")
    hero.locator("button[type=submit]").click()
    page.wait_for_url(f"{http_site}/et/search/?q=tagasihelistamine")
    assert shown(page, "tagasihelistamine")
    page.goto(f"{http_site}/lt/")
    field = hero.locator("input[name=q]")
    field.fill("kompens")
    page.wait_for_function("() => document.querySelector('.hc-search--hero').dataset.query === 'kompens'")
    field.press("ArrowDown")
    field.press("Enter")
    page.wait_for_url(f"{http_site}/lt/difficult-customers/when-to-offer-compensation/**")


def test_the_dropdown_says_its_state(page, http_site):
    page.goto(f"{http_site}/sl/")
    box = page.locator(".hc-search--header")
    box.locator("input[name=q]").fill("klicateljem")
    page.wait_for_function(
        "() => document.querySelector('.hc-search--header').dataset.query === 'klicateljem'"
    )
    assert box.locator("[data-search-results]").get_attribute("data-search-state") in ("results", "weak")
    box.locator("input[name=q]").fill("qqxyzzy")
    page.wait_for_function("() => document.querySelector('.hc-search--header').dataset.query === 'qqxyzzy'")
    assert box.locator("[data-search-results]").get_attribute("data-search-state") == "none"


def test_filters_by_type_and_category_with_counts_and_the_history(page, http_site):
    page.goto(f"{http_site}/search/?q=call")
    everything = shown(page, "call")
    types = page.locator(f"{PAGE} select[data-filter=type] option")
    labels = types.all_inner_texts()
    assert labels[0].endswith(f"({len(everything)})") or len(everything) == 10  # more may follow
    faq = next(i for i, label in enumerate(labels) if label.startswith("FAQ"))
    faq_count = int(labels[faq].rsplit("(", 1)[1].rstrip(")"))
    page.locator(f"{PAGE} select[data-filter=type]").select_option(index=faq)
    page.wait_for_url("**/search/?q=call&type=faq")
    only_faq = shown(page, "call")
    assert len(only_faq) == min(faq_count, 10)
    badges = page.locator(f"{LIST} > li").evaluate_all(
        "els => els.map(e => e.querySelector('.hc-badge').textContent)"
    )
    assert set(badges) == {"FAQ"}
    # The category filter counts only what passes the type filter.
    categories = page.locator(f"{PAGE} select[data-filter=category] option").all_inner_texts()
    assert categories[0].endswith(f"({faq_count})")
    page.go_back()
    page.wait_for_url("**/search/?q=call")
    assert shown(page, "call") == everything
    page.go_forward()
    page.wait_for_url("**/search/?q=call&type=faq")
    assert shown(page, "call") == only_faq


def test_a_new_query_is_a_new_history_entry_and_the_url_can_be_shared(page, http_site):
    page.goto(f"{http_site}/fi/search/?q=takaisinsoitto")
    first = shown(page, "takaisinsoitto")
    page.locator(f"{PAGE} input[name=q]").fill("asiakaspalvelu")
    page.locator(f"{PAGE} input[name=q]").press("Enter")
    page.wait_for_url("**/fi/search/?q=asiakaspalvelu")
    second = shown(page, "asiakaspalvelu")
    assert second != first
    page.locator(f"{PAGE} input[name=q]").press("Enter")  # the same query again: no new entry
    assert page.evaluate("() => history.length") == 3  # about:blank, the first query, the second
    page.go_back()
    assert shown(page, "takaisinsoitto") == first
    assert page.locator(f"{PAGE} input[name=q]").input_value() == "takaisinsoitto"
    page.go_forward()
    assert shown(page, "asiakaspalvelu") == second
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    assert shown(page, "asiakaspalvelu") == second


def test_every_result_with_more_on_demand_by_keyboard(page, project):
    """Twenty-five pages answer: ten shown, then ten and five more, each batch's display data asked for
    as the reader wants it; filter counts cover all twenty-five from the start."""
    from conftest import serve

    project.page("en/calls/index.md", "title: Calls\ndescription: Calls")
    project.page("en/queues/index.md", "title: Queues\ndescription: Queues")
    for n in range(1, 26):
        folder = "calls" if n <= 15 else "queues"
        project.page(
            f"en/{folder}/note-{n:02}.md", f"title: Note {n}\ndescription: A note", "Zebrafish wait."
        )
    assert project.build().returncode == 0
    server, base = serve(project.root / "site")
    try:
        page.goto(f"{base}/search/?q=zebrafish")
        first = shown(page, "zebrafish")
        assert len(first) == 10
        categories = page.locator(f"{PAGE} select[data-filter=category] option").all_inner_texts()
        assert categories == ["All categories (25)", "Calls (15)", "Queues (10)"]
        assert page.locator(f"{PAGE} [role=status]").inner_text() == "25 results"
        more = page.locator(f"{PAGE} [data-search-more]")
        for total in (20, 25):
            more.focus()
            page.keyboard.press("Enter")
            page.wait_for_function(
                "([items, n]) => document.querySelectorAll(items).length === n", arg=[f"{LIST} > li", total]
            )
            after = page.locator(f"{LIST} h2 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
            # The first new result has the focus, for keyboard and screen-reader users.
            focused = page.evaluate("() => document.activeElement.getAttribute('href')")
            assert focused == after[10 if total == 20 else 20]
        assert after[:10] == first and len(set(after)) == 25
        assert not more.is_visible()
        page.locator(f"{PAGE} select[data-filter=category]").select_option(label="Queues (10)")
        assert len(shown(page, "zebrafish")) == 10 and not more.is_visible()
        crumbs = page.locator(f"{LIST} .hc-results__crumbs").all_inner_texts()
        assert set(crumbs) == {"Home › Queues"}
    finally:
        server.shutdown()


def test_a_weak_answer_says_so_lists_its_results_and_offers_contact(page, http_site):
    posted = []
    page.route("**/api/search-miss", lambda route: route.fulfill(status=204))
    page.on(
        "request", lambda r: posted.append(json.loads(r.post_data)) if "/api/search-miss" in r.url else None
    )
    query = "customer service manager salary"
    with page.expect_request("**/api/search-miss"):
        page.goto(f"{http_site}/search/?q={query}")
        found = shown(page, query)
    assert found and page.locator(LIST).get_attribute("data-search-state") == "weak"
    status = page.locator(f"{PAGE} [role=status]").inner_text()
    assert status.startswith(strings("en")["search"]["weak"].replace("{query}", query))
    contact = page.locator(f"{PAGE} [data-search-notice] a")
    assert contact.evaluate("a => a.href") == f"{http_site}/contact/"  # the demo's contact page
    assert posted == [{"lang": "en", "query": query, "kind": "weak"}]
    # The dropdown says the same.
    box = page.locator(".hc-search--header")
    box.locator("input[name=q]").fill(query)
    page.wait_for_function("q => document.querySelector('.hc-search--header').dataset.query === q", arg=query)
    assert box.locator("[data-search-results]").get_attribute("data-search-state") == "weak"
    assert box.locator(".hc-search__status").inner_text().startswith("No close match")
    assert box.locator(".hc-search__status a").evaluate("a => a.href") == f"{http_site}/contact/"


def test_nothing_found_offers_tips_contact_and_is_reported_once(page, http_site):
    posted = []
    page.route("**/api/search-miss", lambda route: route.fulfill(status=204))
    page.on(
        "request", lambda r: posted.append(json.loads(r.post_data)) if "/api/search-miss" in r.url else None
    )
    page.goto(f"{http_site}/sl/")
    field = page.locator(".hc-search--hero input[name=q]")
    with page.expect_request("**/api/search-miss"):  # the dropdown, once the reader stops typing
        field.fill("qqxyzzy")
    field.press("Enter")
    page.wait_for_url("**/sl/search/?q=qqxyzzy")
    assert shown(page, "qqxyzzy") == []
    assert page.locator(LIST).get_attribute("data-search-state") == "none"
    status = page.locator(f"{PAGE} [role=status]").inner_text()
    assert "qqxyzzy" in status and strings("sl")["search"]["tips"] in status
    contact = page.locator(f"{PAGE} [data-search-notice] a")
    assert contact.evaluate("a => a.href") == f"{http_site}/sl/contact/"
    assert not page.locator(f"{PAGE} [data-search-filters]").is_visible()
    with page.expect_request("**/api/search-miss"):  # another query, straight on the results page
        page.goto(f"{http_site}/sl/search/?q=zzqqyx")
    shown(page, "zzqqyx")
    assert posted == [
        {"lang": "sl", "query": "qqxyzzy", "kind": "none"},
        {"lang": "sl", "query": "zzqqyx", "kind": "none"},
    ]


def test_the_results_page_asks_only_for_the_index_and_its_own_assets(page, http_site):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{http_site}/fi/search/?q=takaisinsoitto")
    shown(page, "takaisinsoitto")
    page.locator(f"{PAGE} select[data-filter=type]").select_option(index=1)
    page.wait_for_url("**type=*")
    shown(page, "takaisinsoitto")
    others = [
        url
        for url in requested
        if not url.startswith(f"{http_site}/assets/") and not url.startswith(f"{http_site}/fi/search/")
    ]
    assert others == [], others
    index = [u.removeprefix(f"{http_site}/fi/search/") for u in requested if "/fi/search/" in u]
    assert all(
        u.startswith("?q=")
        or u == "meta.json"
        or u.split("/")[1].split(".")[0] in ("words", "terms", "docs", "facets")
        for u in index
    ), index


@pytest.mark.parametrize("url", ["search/?q=callback", "fi/search/?q=takaisinsoitto", "sl/search/?q=qqxyzzy"])
def test_the_results_page_has_no_serious_accessibility_violations(page, http_site, url):
    from test_accessibility import AXE

    page.goto(f"{http_site}/{url}")
    shown(page, query_of(url))
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []
