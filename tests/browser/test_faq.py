"""FAQ accordions in Chromium: deep links, keyboard, expand all and the filter box."""

ITEMS = "details.hc-faq__item"


def open_states(page) -> list[bool]:
    return page.locator(ITEMS).evaluate_all("els => els.map(e => e.open)")


def test_a_link_to_a_question_opens_it(page, http_site):
    page.goto(f"{http_site}/fi/good-service/good-service-faq/")
    first = page.locator(ITEMS).first.get_attribute("id")
    second = page.locator(ITEMS).nth(1).get_attribute("id")
    page.goto(f"{http_site}/fi/good-service/good-service-faq/#{second}")
    assert page.locator(f"#{second}").evaluate("e => e.open")
    assert not page.locator(f"#{first}").evaluate("e => e.open")
    page.evaluate(f"() => {{ location.hash = '{first}'; }}")  # a link on the same page
    page.wait_for_function(f"() => document.getElementById('{first}').open")


def test_keyboard_users_open_and_close_questions(page, http_site):
    page.goto(f"{http_site}/et/call-centre/call-centre-faq/")
    summary = page.locator(f"{ITEMS} > summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert open_states(page)[0]
    answer = page.locator(f"{ITEMS} .hc-faq__answer").first
    assert answer.is_visible()
    page.keyboard.press("Space")
    assert not open_states(page)[0] and not answer.is_visible()


def test_expand_all_opens_every_question_and_then_closes_them(page, http_site):
    page.goto(f"{http_site}/lt/good-service/good-service-faq/")
    toggle = page.locator(".hc-faq__toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    label = toggle.inner_text()
    toggle.click()
    assert all(open_states(page)) and toggle.get_attribute("aria-expanded") == "true"
    assert toggle.inner_text() != label
    toggle.click()
    assert not any(open_states(page))


def test_filter_narrows_questions_ignoring_case_and_accents_and_says_how_many(page, http_site):
    page.goto(f"{http_site}/sl/call-centre/pausing-calls-during-peak-hours/")
    total = page.locator(ITEMS).count()
    assert total == 2
    page.locator(".hc-faq__filter input").fill("VRSTI")  # only the first question is about the queue
    assert page.locator(f"{ITEMS}:visible").count() == 1
    assert page.locator(".hc-faq__status").inner_text() == "Prikazano 1 vprašanje"
    page.locator(".hc-faq__filter input").fill("cim krajs")  # "Čim krajši" in the second answer
    assert page.locator(f"{ITEMS}:visible").count() == 1
    assert page.locator(f"{ITEMS}:visible").inner_text() == "Kako dolg naj bo premor?"
    page.locator(".hc-faq__filter input").fill("zzzz")
    assert page.locator(f"{ITEMS}:visible").count() == 0
    assert "zzzz" in page.locator(".hc-faq__status").inner_text()
    page.locator(".hc-faq__filter input").fill("")
    assert page.locator(f"{ITEMS}:visible").count() == total


def test_filter_is_labelled_in_the_readers_language(page, http_site):
    page.goto(f"{http_site}/fi/good-service/good-service-faq/")
    assert page.get_by_label("Suodata kysymyksiä").count() == 1
