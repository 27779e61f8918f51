"""The "Was this helpful?" widget in Chromium, posting to the real receiver on loopback."""

from __future__ import annotations

import pytest

from conftest import FEEDBACK_PORT
from feedback.receiver import Receiver, rows


@pytest.fixture
def live_receiver(demo_site, http_site, tmp_path):
    db = f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
    server = Receiver(
        demo_site, db, [http_site], port=FEEDBACK_PORT
    ).start()  # the port the demo was built with
    yield db
    server.stop()


def test_a_reader_says_no_with_a_reason_and_a_comment(page, http_site, live_receiver):
    page.goto(f"{http_site}/lt/call-centre/closing-the-call-centre-temporarily/")
    widget = page.locator("[data-hc-feedback]")
    assert widget.is_visible()
    widget.locator("[data-hc-vote=no]").click()
    assert page.evaluate("() => document.activeElement.tagName") == "LEGEND"  # focus moves to the question
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first reason, by keyboard
    page.locator("#hc-feedback-comment").fill("Trūksta <b>švenčių</b> datų.")
    with page.expect_response(lambda r: r.url.endswith("/api/feedback")) as answer:
        widget.locator("button[type=submit]").click()
    assert answer.value.status == 201
    page.wait_for_function(
        "() => document.querySelector('[data-hc-feedback-status]').textContent === "
        "document.querySelector('[data-hc-feedback]').dataset.textThanks"
    )
    [row] = rows(live_receiver)
    assert (row["page"], row["lang"], row["helpful"], row["reason"], row["comment"]) == (
        "lt/call-centre/closing-the-call-centre-temporarily/",
        "lt",
        False,
        "unclear",
        "Trūksta <b>švenčių</b> datų.",
    )
    page.reload()  # one vote per page per browser
    assert page.locator("[data-hc-feedback-choices]").is_hidden()
    assert page.locator("[data-hc-feedback-status]").inner_text() == widget.get_attribute("data-text-already")


def test_a_yes_on_an_english_fallback_counts_for_the_readers_language(page, http_site, live_receiver):
    page.goto(f"{http_site}/sl/call-centre/holiday-opening-hours/")
    with page.expect_response(lambda r: r.url.endswith("/api/feedback")):
        page.locator("[data-hc-vote=yes]").click()
    [row] = rows(live_receiver)
    assert (row["page"], row["lang"], row["helpful"]) == ("sl/call-centre/holiday-opening-hours/", "sl", True)


def test_a_search_that_finds_nothing_is_reported_once(page, http_site, live_receiver):
    page.goto(f"{http_site}/et/")
    box = page.locator("input[type=search]").last
    with page.expect_response(lambda r: r.url.endswith("/api/search-miss")) as answer:
        box.fill("qwxyzzy")
    assert answer.value.status == 201
    assert [(r["lang"], r["query"]) for r in rows(live_receiver, "search_misses")] == [("et", "qwxyzzy")]


def test_no_widget_on_home_or_category_pages(page, http_site):
    for path in ["", "fi/call-centre/"]:
        page.goto(f"{http_site}/{path}")
        assert page.locator("[data-hc-feedback]").count() == 0


def test_the_open_reasons_form_has_no_serious_accessibility_violations(page, http_site):
    from test_accessibility import AXE

    page.goto(f"{http_site}/fi/call-centre/call-centre-faq/")
    page.locator("[data-hc-vote=no]").click()
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run('[data-hc-feedback]', {resultTypes: ['violations']})")
    assert [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")] == []
