"""UI strings: complete in every language, plural-aware, locale-formatted."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from helpcentre.core import i18n

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_STRINGS = ROOT / "plugins" / "helpcentre" / "translations"
LANGUAGES = ["en", "et", "fi", "lt", "sl"]


@pytest.mark.parametrize("folder", [PACKAGE_STRINGS, ROOT / "translations"], ids=["plugin", "project"])
def test_every_key_exists_in_all_five_languages(folder):
    strings = i18n.load_strings([folder])
    assert set(strings) >= set(LANGUAGES)
    keys = set().union(*(strings[lang] for lang in LANGUAGES))
    missing = [(lang, key) for lang in LANGUAGES for key in sorted(keys) if key not in strings[lang]]
    assert missing == []


def test_every_template_key_is_defined():
    """Keys used by the plugin's templates exist in the English catalogue."""
    import re

    used = set()
    for template in (PACKAGE_STRINGS.parent / "templates").rglob("*.html"):
        used |= set(re.findall(r"""helpcentre\.t\(\s*["']([\w.]+\w)["']""", template.read_text()))
    used |= {"meta.reading_time", "meta.updated", "category.article_count", "type.article", "type.faq"}
    assert used - set(i18n.load_strings([PACKAGE_STRINGS])["en"]) == set()


def test_plural_forms_follow_cldr():
    tr = i18n.Translator(i18n.load_strings([PACKAGE_STRINGS]), "en")
    assert tr.t("lt", "category.article_count", count=1) == "1 straipsnis"
    assert tr.t("lt", "category.article_count", count=3) == "3 straipsniai"
    assert tr.t("lt", "category.article_count", count=10) == "10 straipsnių"
    assert tr.t("sl", "category.article_count", count=2) == "2 članka"
    assert tr.t("et", "meta.reading_time", count=5) == "5 min lugemist"


def test_missing_key_falls_back_to_default_language_and_is_recorded():
    tr = i18n.Translator({"en": {"a": "Hello"}, "fi": {}}, "en")
    assert tr.t("fi", "a") == "Hello"
    assert tr.t("fi", "nowhere") == "nowhere"
    assert tr.missing == {("fi", "a"), ("fi", "nowhere")}
    assert i18n.missing_keys({"en": {"a": "x", "b": "y"}, "fi": {"a": "z"}}, ["en", "fi"], "en") == [
        ("fi", "b")
    ]


def test_dates_are_formatted_per_locale():
    moment = datetime(2026, 3, 5, tzinfo=UTC)
    assert i18n.long_date(moment, "fi") == "5. maaliskuuta 2026"
    assert i18n.long_date(moment, "lt") == "2026 m. kovo 5 d."
    assert i18n.long_date(moment, "en") == "March 5, 2026"
    assert i18n.language_name("et") == "Eesti"
