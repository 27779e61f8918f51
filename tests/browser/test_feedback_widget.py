"""The "Was this helpful?" widget in Chromium, posting to the real receiver on loopback.

Votes are never dropped (issue 18): every click is stored at once under the browser's vote id, and the
reason, the comment and a changed answer update that one row — sent when given, or by sendBeacon when
the reader leaves first.
"""

from __future__ import annotations

import time

import pytest

from conftest import FEEDBACK_PORT
from feedback.receiver import Receiver, rows

LT_PAGE = "lt/call-centre/closing-the-call-centre-temporarily/"
FEEDBACK = "/api/feedback"


@pytest.fixture
def live_receiver(demo_site, http_site, tmp_path):
    db = f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
    server = Receiver(
        demo_site, db, [http_site], port=FEEDBACK_PORT
    ).start()  # the port the demo was built with
    yield db
    server.stop()


def answers(db: str) -> list[tuple]:
    return [(r["page"], r["lang"], r["helpful"], r["reason"], r["comment"]) for r in rows(db)]


def vote_ids(db: str) -> list[str]:
    return [r["vote_id"] for r in rows(db)]


def click_and_store(page, locator, status: int = 201) -> None:
    """Clicks and waits until the receiver has answered (its answer comes after the commit)."""
    with page.expect_response(lambda r: r.url.endswith(FEEDBACK)) as answer:
        locator.click()
    assert answer.value.status == status


def wait_until(condition, timeout: float = 10):
    """A beacon is sent after the page is gone, so nothing in the browser can be awaited: ask the
    database until the condition holds or the time is up."""
    deadline = time.monotonic() + timeout
    while not (found := condition()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def test_a_no_is_stored_at_once_and_updated_by_the_reason_and_comment(page, http_site, live_receiver):
    page.goto(f"{http_site}/{LT_PAGE}")
    widget = page.locator("[data-hc-feedback]")
    assert widget.is_visible()
    click_and_store(page, widget.locator("[data-hc-vote=no]"))
    assert answers(live_receiver) == [(LT_PAGE, "lt", False, None, None)]  # before any reason is given
    assert page.evaluate("() => document.activeElement.tagName") == "LEGEND"  # focus moves to the question
    contact = widget.locator("[data-hc-feedback-contact] a")
    assert contact.is_visible()
    assert contact.evaluate("a => a.href") == f"{http_site}/lt/contact/?page={LT_PAGE}"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first reason, by keyboard
    page.locator("#hc-feedback-comment").fill("Trūksta <b>švenčių</b> datų.")
    click_and_store(page, widget.locator("button[type=submit]"), 200)
    page.wait_for_function(
        "() => document.querySelector('[data-hc-feedback-status]').textContent === "
        "document.querySelector('[data-hc-feedback]').dataset.textThanks"
    )
    assert answers(live_receiver) == [(LT_PAGE, "lt", False, "unclear", "Trūksta <b>švenčių</b> datų.")]
    page.reload()  # the answer is remembered: the reader sees it was taken, and may change it
    assert page.locator("[data-hc-feedback-choices]").is_hidden()
    assert page.locator("[data-hc-feedback-status]").inner_text() == widget.get_attribute("data-text-already")
    assert widget.locator("[data-hc-feedback-change]").inner_text() == "Pakeisti atsakymą"
    assert contact.is_visible()
    assert len(rows(live_receiver)) == 1


def test_a_yes_on_an_english_fallback_counts_for_the_readers_language(page, http_site, live_receiver):
    page.goto(f"{http_site}/sl/call-centre/holiday-opening-hours/")
    click_and_store(page, page.locator("[data-hc-vote=yes]"))
    assert answers(live_receiver) == [("sl/call-centre/holiday-opening-hours/", "sl", True, None, None)]
    assert page.locator("[data-hc-feedback-contact]").is_hidden()  # the offer of help follows a No only
    assert page.evaluate("() => document.activeElement.dataset.hcFeedbackChange") == ""


def test_changing_the_answer_updates_the_same_row(page, http_site, live_receiver):
    page.goto(f"{http_site}/fi/call-centre/call-centre-faq/")
    widget = page.locator("[data-hc-feedback]")
    click_and_store(page, widget.locator("[data-hc-vote=yes]"))
    [first] = vote_ids(live_receiver)
    change = widget.locator("[data-hc-feedback-change]")
    assert change.inner_text() == "Muuta vastaustasi"
    change.click()
    assert widget.locator("[data-hc-feedback-choices]").is_visible()
    click_and_store(page, widget.locator("[data-hc-vote=no]"), 200)
    widget.locator("input[value=outdated]").check()
    click_and_store(page, widget.locator("button[type=submit]"), 200)
    page.reload()
    widget.locator("[data-hc-feedback-change]").click()
    click_and_store(page, widget.locator("[data-hc-vote=yes]"), 200)  # and back: the reason goes with the No
    assert vote_ids(live_receiver) == [first]
    assert answers(live_receiver) == [("fi/call-centre/call-centre-faq/", "fi", True, None, None)]
    assert rows(live_receiver)[0]["revision"] == 4


def test_a_comment_typed_before_closing_the_tab_arrives_by_beacon(page, http_site, live_receiver):
    page.goto(f"{http_site}/{LT_PAGE}")
    click_and_store(page, page.locator("[data-hc-vote=no]"))
    page.locator("#hc-feedback-comment").fill("Uždarau skirtuką")
    page.close(run_before_unload=True)  # pagehide fires as the tab closes
    assert wait_until(lambda: answers(live_receiver)[0][4] == "Uždarau skirtuką")
    assert answers(live_receiver) == [(LT_PAGE, "lt", False, None, "Uždarau skirtuką")]


def test_a_comment_typed_before_leaving_the_page_arrives_by_beacon(page, http_site, live_receiver):
    page.goto(f"{http_site}/{LT_PAGE}")
    sent = []
    page.context.on("request", lambda r: sent.append(r) if r.url.endswith(FEEDBACK) else None)
    click_and_store(page, page.locator("[data-hc-vote=no]"))
    page.locator("input[value=incomplete]").check()
    page.locator("#hc-feedback-comment").fill("Nėra datų")  # and the reader leaves without sending
    page.goto(f"{http_site}/lt/")
    assert wait_until(lambda: answers(live_receiver)[0][3:] == ("incomplete", "Nėra datų"))
    assert answers(live_receiver) == [(LT_PAGE, "lt", False, "incomplete", "Nėra datų")]
    # Only the click's fetch is one the page could see: the update was the beacon, sent after the page
    # was gone (Chromium does not show beacons to Playwright; the receiver's tests post what it sends).
    assert [r.resource_type for r in sent] == ["fetch"]


def test_three_votes_on_three_pages_are_three_rows(page, http_site, live_receiver):
    paths = [LT_PAGE, "fi/call-centre/call-centre-faq/", "call-centre/holiday-opening-hours/"]
    for path in paths:
        page.goto(f"{http_site}/{path}")
        click_and_store(page, page.locator("[data-hc-vote=yes]"))
    assert [r[0] for r in answers(live_receiver)] == paths
    assert len(set(vote_ids(live_receiver))) == 3


def test_a_vote_from_before_vote_ids_is_shown_and_not_changeable(page, http_site, live_receiver):
    page.goto(f"{http_site}/{LT_PAGE}")
    page.evaluate(f"() => localStorage.setItem('helpcentre.voted.lt:{LT_PAGE}', '2026-11-01T12:00:00Z')")
    page.reload()
    widget = page.locator("[data-hc-feedback]")
    assert widget.locator("[data-hc-feedback-status]").inner_text() == widget.get_attribute(
        "data-text-already"
    )
    assert widget.locator("[data-hc-feedback-choices]").is_hidden()
    assert widget.locator("[data-hc-feedback-change]").is_hidden()


def test_a_search_that_finds_nothing_is_reported_once(page, http_site, live_receiver):
    page.goto(f"{http_site}/et/")
    box = page.locator("input[name=q]").last
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
