"""Python and the browser fold text and find words alike: the index holds words folded by Python
(core/search/analysis.py), queries and filters are folded by assets/helpcentre/fold.js in Chromium.
A character folded differently is a word search cannot find."""

import pytest

from helpcentre.core.search.analysis import fold, words

TRICKY = [
    "Straße",
    "STRASSE",
    "ẞ",
    "æble Æ",
    "søknad Ø",
    "łódź Ł",
    "đak Đ",
    "İstanbul",
    "ıi Iı",
    "İİ",
    "Šiaulių",
    "klientų",
    "klientu\u0328",
    "e\u0301 \u0301e",
    "ﬁle ﬂow ﬀ",
    "ｆｕｌｌ ｗｉｄｔｈ Ａ１",
    "①²",
    "ΟΔΟΣ οδος ΣΊΣΥΦΟΣ",
    "ᾳ ᾼ",
    "ℌ ℍ Ⅻ",
    "don’t don't",
    "Ǆ ǅ ǆ",
    "ŉ",
    "Ω Ω",
    "hello_world",
    "१२३ क़",
    "Väänänen",
    "Tõnu Õun",
    "Žemaitė",
    "čćšž",
    "ﬅ",
    "ǰ",
    "Ｍüller",
]


@pytest.fixture(scope="module")
def browser_page(browser, http_site):
    page = browser.new_page()
    page.goto(f"{http_site}/")
    yield page
    page.close()


def test_the_browser_folds_as_python_does(browser_page):
    folded = browser_page.evaluate("texts => texts.map(window.helpcentre.fold)", TRICKY)
    differences = [
        (text, python, browser)
        for text, python, browser in zip(TRICKY, map(fold, TRICKY), folded, strict=False)
        if python != browser
    ]
    assert differences == []


def test_the_browser_finds_the_words_python_finds(browser_page):
    found = browser_page.evaluate("texts => texts.map(window.helpcentre.words)", TRICKY)
    assert [words(text) for text in TRICKY] == found


def test_folded_forms_readers_type():
    assert fold("Straße") == fold("STRASSE") == "strasse"
    assert fold("Šiaulių") == "siauliu" and fold("ﬁle") == "file" and fold("ＡＢ") == "ab"
    assert fold("don’t") == fold("don't")
    assert fold("søknad łódź đak ıi") == "søknad łodz đak ıi"  # letters of their own stay
