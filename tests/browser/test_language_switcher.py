"""In Chromium: the language menu keeps the reader on the same article, or takes them home."""

TRANSLATED = "good-service/what-is-good-customer-service/"
FALLBACK = "call-centre/holiday-opening-hours/"


def choose_language(page, name: str):
    page.locator(".md-header__option .md-select").hover()
    page.locator(".md-select__list").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state("domcontentloaded")


def test_switching_language_keeps_the_article(page, http_site):
    page.goto(f"{http_site}/{TRANSLATED}")
    choose_language(page, "Suomi")
    assert page.url == f"{http_site}/fi/{TRANSLATED}"
    assert page.locator("html").get_attribute("lang") == "fi"
    choose_language(page, "Lietuvių")
    assert page.url == f"{http_site}/lt/{TRANSLATED}"
    choose_language(page, "English")
    assert page.url == f"{http_site}/{TRANSLATED}"


def test_switching_from_an_untranslated_article_goes_to_that_languages_home(page, http_site):
    page.goto(f"{http_site}/{FALLBACK}")
    choose_language(page, "Eesti")
    assert page.url == f"{http_site}/et/"
    assert page.locator("html").get_attribute("lang") == "et"
