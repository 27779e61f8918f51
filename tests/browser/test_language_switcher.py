"""In Chromium: the language menu keeps the reader on the same page, translated or not, or takes them home."""

import pytest

from conftest import serve

TRANSLATED = "good-service/what-is-good-customer-service/"
FALLBACK = "call-centre/holiday-opening-hours/"  # written in English only


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


def test_switching_from_an_untranslated_article_keeps_it_in_that_languages_frame(page, http_site):
    page.goto(f"{http_site}/{FALLBACK}")
    choose_language(page, "Eesti")
    assert page.url == f"{http_site}/et/{FALLBACK}"
    assert page.locator("html").get_attribute("lang") == "et"
    assert page.locator(".hc-fallback").is_visible()
    choose_language(page, "Suomi")
    assert page.url == f"{http_site}/fi/{FALLBACK}"


@pytest.fixture
def finnish_only_site(project):
    project.page("fi/vain-suomeksi.md", "title: Vain suomeksi\ndescription: d")  # no English page at all
    result = project.build()
    assert result.returncode == 0, result.stderr
    server, base = serve(project.root / "site")
    yield base
    server.shutdown()


def test_switching_from_a_page_missing_in_that_language_goes_to_its_home(page, finnish_only_site):
    page.goto(f"{finnish_only_site}/fi/vain-suomeksi/")
    choose_language(page, "English")
    assert page.url == f"{finnish_only_site}/"
    assert page.locator("html").get_attribute("lang") == "en"
