"""The `helpcentre` object templates see."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from .contact_page import ContactForm
from .feedback.models import MAX_COMMENT
from .generated_pages import GeneratedPage
from .i18n import Translator, language_name
from .views import Link, PageView


@dataclass
class TemplateContext:
    lang: str
    translator: Translator
    home_url: str
    switcher: list[Link]
    view: PageView | None = None
    search_url: str = "search/"  # the reader's language's static search index
    results_url: str = "search/"  # site-relative URL of the language's search results page
    generated_page: GeneratedPage | None = None  # the page being rendered, if the plugin writes it itself
    generated_html: Markup | str = ""  # its content, when the core renders it (autoescaped): insights
    home_title: str = ""  # the results page's: the first crumb of each result's breadcrumb
    page_script: str = ""  # the generated page's script (with its content's version), loaded there only
    contact_url: str = ""  # "contact support": the contact page (site-relative) if enabled, else the option
    contact: ContactForm | None = None  # the contact page's form, on that page only
    contact_page_url: str = ""  # the reader's language's contact page (`contact_form.enabled`); empty: none
    internal: bool = False  # the agents' build: banner, noindex
    remember: tuple[str, ...] = ()  # template blanks remembered in the browser
    feedback_endpoint: str = ""  # where the "Was this helpful?" widget posts; empty: no widget
    feedback_reasons: tuple[str, ...] = ()
    feedback_max_comment: int = MAX_COMMENT  # the receiver's limit, shown by the comment box
    miss_endpoint: str = ""  # where search posts queries that found nothing; empty: not at all
    sidebar: list = field(default_factory=list)  # views.NavCategory, replacing Material's whole-site nav
    page_url: str = ""  # site-relative URL of the page being rendered, for the sidebar's current link

    def plural_forms(self, key: str) -> dict[str, str]:
        """All plural forms of a string, for search.js to choose with Intl.PluralRules."""
        return self.translator.plural_forms(self.lang, key)

    def t(self, key: str, **params) -> Markup:
        """A UI string is text (translators write no HTML): escaped once here, so a template may print
        it in an element or an attribute, and `| e` on it changes nothing."""
        return escape(self.translator.t(self.lang, key, **params))

    def language_name(self, code: str) -> str:
        return language_name(code)
