"""The contact page in Chromium: suggestions from the help centre's own search while the customer types
(confident answers only), deflection events to the real receiver over loopback, the mailto: fallbacks
(no script, no contact delivery at the receiver), the honeypot, translated validation, accessibility."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import FEEDBACK_PORT, ROOT
from feedback.contact_servers import SmtpServer
from feedback.receiver import Receiver, rows

PAGE = "[data-contact-page]"
SUGGESTIONS = "[data-contact-suggestions] a"
ARTICLE = "fi/call-centre/call-centre-faq/"
SUPPORT = "support@northdesk.example"


def strings(lang):
    return yaml.safe_load((ROOT / f"plugins/helpcentre/translations/{lang}.yml").read_text(encoding="utf-8"))


@pytest.fixture
def live_receiver(demo_site, http_site, tmp_path):
    db = f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
    server = Receiver(demo_site, db, [http_site], port=FEEDBACK_PORT).start()  # the demo's endpoint
    yield db
    server.stop()


def suggested(page, text: str) -> list[str]:
    """Wait until the page has searched `text`; the suggestions' URLs, in order."""
    page.wait_for_function(f"q => document.querySelector('{PAGE}').dataset.suggestedFor === q", arg=text)
    return page.locator(SUGGESTIONS).evaluate_all("els => els.map(e => e.getAttribute('href'))")


def wait_for_counts(db: str, expected: dict, timeout: float = 10) -> dict:
    """The stored event counts once they equal `expected` (beacons arrive after the page is gone)."""
    deadline = time.monotonic() + timeout
    while True:
        found = {(r["event"], r["page"]): r["count"] for r in rows(db, "contact_events")}
        if found == expected or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


@pytest.mark.parametrize(
    "lang, question",
    [("en", "How do I offer a callback"), ("fi", "takaisinsoitto"), ("sl", "klicateljem")],
)
def test_a_question_the_help_centre_answers_gets_suggestions(page, http_site, lang, question):
    prefix = "" if lang == "en" else f"{lang}/"
    page.goto(f"{http_site}/{prefix}contact/")
    page.locator("#hc-contact-subject").press_sequentially(question[:-3])
    page.locator("#hc-contact-subject").press_sequentially(question[-3:])  # typing on: the last search counts
    found = suggested(page, question)
    assert 1 <= len(found) <= 5 and all(h.startswith(f"{http_site}/{prefix}") for h in found), found
    assert page.locator("[data-contact-suggestions-box]").is_visible()
    status = page.locator("[data-contact-suggestions-status]")
    assert status.get_attribute("aria-live") == "polite"
    forms = strings(lang)["contact"]["suggestions_count"].values()
    assert status.inner_text() in [f.replace("{n}", str(len(found))) for f in forms]
    first = page.locator(SUGGESTIONS).first
    assert (
        first.get_attribute("target") == "_blank"
        and strings(lang)["contact"]["new_tab"] in first.inner_text()
    )


@pytest.mark.parametrize("question", ["customer service manager salary", "qqxyzzy wvvx"])
def test_a_question_without_a_confident_answer_gets_none(page, http_site, question):
    page.goto(f"{http_site}/contact/")
    page.locator("#hc-contact-message").fill(question)
    assert suggested(page, question) == []
    assert page.locator("[data-contact-suggestions-box]").is_hidden()
    assert page.locator("[data-contact-suggestions-status]").inner_text() == ""


def test_opening_a_suggestion_then_leaving_counts_as_deflected(page, http_site, live_receiver):
    page.goto(f"{http_site}/fi/contact/?page={ARTICLE}")
    assert page.locator("[data-contact-about] a").get_attribute("href").endswith(ARTICLE)
    page.locator("#hc-contact-subject").fill("takaisinsoitto")
    [first, *_] = suggested(page, "takaisinsoitto")
    page.locator(SUGGESTIONS).first.focus()
    with page.context.expect_page() as opened:
        page.keyboard.press("Enter")  # by keyboard: a new tab, the form stays as it was
    assert opened.value.url.split("#")[0] == first.split("#")[0]
    opened.value.close()
    assert page.locator("#hc-contact-subject").input_value() == "takaisinsoitto"
    page.goto(f"{http_site}/fi/")  # leaves without sending: pagehide sends the beacon
    expected = {(event, ARTICLE): 1 for event in ("typing", "suggestion_opened", "left_without_sending")}
    assert wait_for_counts(live_receiver, expected) == expected


def test_a_receiver_without_contact_delivery_falls_back_to_email(page, http_site, live_receiver):
    """This receiver has no /api/contact (404, as one without --contact-to answers): the page keeps the
    text and offers the email app, with the subject and message filled in. A customer who tried to
    send is not counted as deflected, even after opening a suggestion."""
    page.goto(f"{http_site}/lt/contact/")
    page.locator("#hc-contact-subject").fill("skambučių")
    suggested(page, "skambučių")
    with page.context.expect_page() as opened:
        page.locator(SUGGESTIONS).first.click()
    opened.value.close()
    page.locator("#hc-contact-message").fill("Kur rasti sąskaitą?")
    page.locator("#hc-contact-email").fill("jonas@example.org")
    with page.expect_response(lambda r: r.url.endswith("/api/contact")) as answer:
        page.locator("[data-contact-send]").click()
    assert answer.value.status == 404
    request = json.loads(answer.value.request.post_data)
    assert request["lang"] == "lt" and request["website"] == "" and request["elapsed_ms"] >= 3000
    status = page.locator("[data-contact-status]")
    status.locator("a").wait_for()
    assert status.inner_text().startswith(strings("lt")["contact"]["no_receiver"])
    link = urlsplit(status.locator("a").get_attribute("href"))
    assert (link.scheme, link.path) == ("mailto", SUPPORT)
    assert parse_qs(link.query) == {"subject": ["skambučių"], "body": ["Kur rasti sąskaitą?"]}
    assert page.locator("#hc-contact-message").input_value() == "Kur rasti sąskaitą?"  # nothing lost
    page.goto(f"{http_site}/lt/contact/")  # left: a beacon would come now, before the next visit's events
    page.locator("#hc-contact-subject").fill("x")
    expected = {("typing", ""): 2, ("suggestion_opened", ""): 1}
    assert wait_for_counts(live_receiver, expected) == expected


@pytest.fixture
def delivering_receiver(demo_site, http_site, tmp_path):
    """The demo's receiver delivering contact requests to a real SMTP server on loopback."""
    smtp = SmtpServer().start()
    db = f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
    # Six requests from one client within the minute (five languages and a refused one): more than the
    # default contact rate limit lets through, which tests/feedback/test_contact.py tests on its own.
    extra = ["--contact-to", "support@example.org", "--smtp", smtp.url, "--contact-retry-max", "0.2"]
    extra += ["--contact-rate-limit", "60"]
    server = Receiver(demo_site, db, [http_site], port=FEEDBACK_PORT, extra=extra).start()
    yield smtp
    server.stop()
    smtp.stop()


QUESTIONS = {
    "en": ("Callback after a long wait", "Can you call me back?"),
    "et": ("tagasihelistamine", "Kuidas tagasihelistamist pakkuda?"),
    "fi": ("takaisinsoitto", "Voitteko soittaa takaisin?"),
    "lt": ("skambučių", "Kur rasti sąskaitą?"),
    "sl": ("klicateljem", "Ali me lahko pokličete nazaj?"),
}


def test_a_question_becomes_a_delivered_request_in_every_language(page, http_site, delivering_receiver):
    """Issue 18's whole loop: a customer writes, sees suggestions, opens one, still sends; the real
    receiver answers 202 with an id and mails it to support with the customer as Reply-To. A bad address
    is refused first (422) and shown on its field, in the page's language. Sent from the keyboard: the
    suggestions list grows while the message is typed, and a click could land on a suggestion instead."""
    ids = {}
    for lang, (subject, message) in QUESTIONS.items():
        prefix = "" if lang == "en" else f"{lang}/"
        page.goto(f"{http_site}/{prefix}contact/?page={prefix}call-centre/call-centre-faq/")
        page.locator("#hc-contact-subject").fill(subject)
        suggested(page, subject)
        page.locator("#hc-contact-message").fill(message)
        if lang == "et":
            page.locator("#hc-contact-email").fill("mari@example")
            page.locator("[data-contact-send]").press("Enter")
            error = page.locator("#hc-contact-email-error")
            error.wait_for()
            assert error.inner_text() == strings("et")["contact"]["error"]["email"]
            assert page.locator("#hc-contact-email").get_attribute("aria-invalid") == "true"
        page.locator("#hc-contact-email").fill(f"customer-{lang}@example.org")
        page.locator("#hc-contact-topic").select_option("call-centre")
        page.locator("[data-contact-send]").press("Enter")
        page.wait_for_function(f"() => document.querySelector('{PAGE}').dataset.requestId")
        ids[lang] = page.locator(PAGE).get_attribute("data-request-id")
        assert ids[lang] in page.locator("[data-contact-status]").inner_text()
        assert page.locator("[data-contact-form]").is_hidden()
    mails = {mail["Content-Language"]: mail for mail in delivering_receiver.mails(len(QUESTIONS))}
    assert sorted(mails) == sorted(QUESTIONS)
    for lang, (subject, message) in QUESTIONS.items():
        mail = mails[lang]
        assert mail["Message-ID"] == f"<{ids[lang]}@helpcentre>"
        assert mail["Reply-To"] == f"customer-{lang}@example.org" and mail["Subject"] == subject
        body = mail.get_content().replace("\r\n", "\n")
        assert body.startswith(message) and f"Language: {lang}" in body.splitlines()


def test_a_filled_honeypot_sends_nothing(page, http_site, live_receiver):
    posted = []
    page.on("request", lambda r: posted.append(r.url) if r.url.endswith("/api/contact") else None)
    page.goto(f"{http_site}/contact/")
    page.locator("#hc-contact-subject").fill("Cheap watches")
    page.locator("#hc-contact-message").fill("Buy now")
    page.locator("#hc-contact-email").fill("bot@example.org")
    page.locator("#hc-contact-website").evaluate("field => { field.value = 'http://spam.example'; }")
    page.locator("[data-contact-send]").click()
    status = page.locator("[data-contact-status]")
    assert status.inner_text().startswith(strings("en")["contact"]["failed"])  # set in the same task
    assert posted == []


def test_empty_fields_get_translated_messages(page, http_site):
    page.goto(f"{http_site}/sl/contact/")
    page.locator("[data-contact-send]").click()
    errors = strings("sl")["contact"]["error"]
    for field in ("subject", "message", "email"):
        assert page.locator(f"#hc-contact-{field}-error").inner_text() == errors[field]
        assert page.locator(f"#hc-contact-{field}").get_attribute("aria-invalid") == "true"
    assert page.evaluate("() => document.activeElement.id") == "hc-contact-subject"
    page.locator("#hc-contact-subject").fill("Vprašanje")
    assert page.locator("#hc-contact-subject-error").is_hidden()


def test_without_javascript_the_form_opens_an_email_with_the_subject(browser, http_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Page.enable")
    requested = []
    session.on("Page.frameRequestedNavigation", lambda event: requested.append(event))  # no page loads
    page.goto(f"{http_site}/fi/contact/")
    assert page.locator("#hc-contact-email").is_hidden()  # only a receiver needs it
    link = urlsplit(page.locator("[data-contact-mailto]").get_attribute("href"))
    assert (link.path, parse_qs(link.query)) == (
        SUPPORT,
        {"subject": [strings("fi")["contact"]["default_subject"]]},
    )
    page.locator("#hc-contact-subject").fill("Laskun eräpäivä & muuta")
    page.locator("#hc-contact-message").fill("Hei,\nmiten + toimii?")
    page.locator("[data-contact-send]").click()
    deadline = time.monotonic() + 10
    while not requested and time.monotonic() < deadline:
        session.send("Runtime.evaluate", {"expression": "1"})  # a round trip lets the event arrive
    mailto = urlsplit(requested[0]["url"])
    assert (mailto.scheme, mailto.path) == ("mailto", SUPPORT)
    assert parse_qs(mailto.query) == {
        "subject": ["Laskun eräpäivä & muuta"],
        "body": ["Hei,\r\nmiten + toimii?"],
    }
    context.close()


def test_the_contact_page_has_no_serious_accessibility_violations(page, http_site):
    from test_accessibility import AXE

    page.goto(f"{http_site}/fi/contact/")
    page.locator("#hc-contact-subject").fill("takaisinsoitto")
    suggested(page, "takaisinsoitto")
    page.locator("[data-contact-send]").click()  # with the error messages shown
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(f"async () => await axe.run('{PAGE}', {{resultTypes: ['violations']}})")
    assert [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")] == []
