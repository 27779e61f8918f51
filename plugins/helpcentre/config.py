"""Options of the `helpcentre` MkDocs plugin."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config

from .core.generated_pages import CONTACT, INSIGHTS, RESULTS
from .core.search.location import INDEX_DIR


class FeedbackConfig(Config):
    # The receiver's base URL (`helpcentre feedback serve`), e.g. https://feedback.example.org;
    # empty: no widget.
    endpoint = opt.Type(str, default="")
    # Keys of the reasons offered after "No"; each needs a `feedback.reason.<key>` UI string.
    reasons = opt.ListOfItems(opt.Type(str), default=["unclear", "incomplete", "outdated", "not_my_question"])
    # Post searches that found nothing (query text and language only) to the receiver.
    search_misses = opt.Type(bool, default=False)


class ContactFormConfig(Config):
    # A contact page in every language, at /<folder>/ and /<lang>/<folder>/ (handbook: contact-page.md).
    enabled = opt.Type(bool, default=False)
    folder = opt.Type(str, default=CONTACT.folder)
    # The support address of its mailto: fallback; empty: the address `contact_url` names as mailto:.
    email = opt.Type(str, default="")


class InsightsConfig(Config):
    # The feedback receiver's database (SQLAlchemy URL, e.g. sqlite:////srv/feedback/feedback.sqlite3 or
    # postgresql+psycopg://…), read by the agents' build for its insights page; `!ENV` friendly. Empty:
    # the page says how to connect one. The public build never reads it.
    db = opt.Type(str, default="")


class HelpCentreConfig(Config):
    # A project folder of `<lang>.yml` files that add to or override the plugin's own UI strings.
    translations_dir = opt.Type(str, default="translations")
    # Where the per-language whoosh indexes are written (used by `helpcentre search`), relative to
    # the project.
    search_index_dir = opt.Type(str, default=INDEX_DIR)
    # The folder of each language's search results page: /<folder>/ for the default language,
    # /<lang>/<folder>/ for the others. A writer's page at that address stops the build (HC210).
    search_page = opt.Type(str, default=RESULTS.folder)
    # Where "contact support" in search's no-results state points (a URL or mailto:); empty hides it.
    # With the contact page enabled, it points there instead.
    contact_url = opt.Type(str, default="")
    contact_form = opt.SubConfig(ContactFormConfig)
    # schema.org publisher of every article: defaults to the site's name and URL.
    publisher_name = opt.Type(str, default="")
    publisher_logo = opt.Type(str, default="")  # absolute URL of a logo image
    # The image shown when a page is shared (Open Graph / Twitter card), an absolute URL; empty for none.
    share_image = opt.Type(str, default="")
    # The agents' build: internal pages and templates are included, every page says noindex and
    # carries a banner, and no sitemap or structured data is written (handbook: agents/agents-site.md).
    internal = opt.Type(bool, default=False)
    # Template blanks whose values an agent's browser remembers across templates and languages.
    remember_placeholders = opt.ListOfItems(
        opt.Type(str), default=["agent", "company", "phone", "support_email"]
    )
    feedback = opt.SubConfig(FeedbackConfig)
    # The agents' build only: its insights page's folder (/<folder>/, in the default language) and
    # where its figures come from.
    insights_page = opt.Type(str, default=INSIGHTS.folder)
    insights = opt.SubConfig(InsightsConfig)
