"""The contact page's data (core/generated_pages.CONTACT): where it sends a request, the support address
of its mailto: fallback and the topics it offers, one language at a time.

The page works without the receiver: its form is a `mailto:` form (subject and message) that
contact-page.js turns into a request to `<endpoint>/api/contact` when the site has a receiver.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from .catalog import Catalog

# What a support address must look like to go into a mailto: URL: one address, no query, no spaces.
ADDRESS = re.compile(r"^[^@\s?&#/:<>\"]+@[^@\s?&#/:<>\"]+\.[^@\s?&#/:<>\"]+$")
# The receiver refuses a request sent sooner than this after the form was shown (a person needs longer
# to write a subject, a message and an address); the page waits out the rest rather than be refused.
MIN_FILL_MS = 3000
# Suggestions search the subject and the first words of the message: enough to find the question, and
# a bounded number of index files per keystroke however long the message grows.
MAX_QUERY_WORDS = 40


@dataclass(frozen=True)
class Topic:
    slug: str  # the category's folder, e.g. "call-centre": what the receiver gets
    title: str  # in the page's language


@dataclass(frozen=True)
class ContactForm:
    email: str  # the support address, for the mailto: fallback
    endpoint: str = ""  # POST /api/contact; empty: the page is a mailto: form only
    events: str = ""  # POST /api/contact-event (deflection counts); empty with the endpoint
    topics: tuple[Topic, ...] = ()
    min_fill_ms: int = MIN_FILL_MS
    max_query_words: int = MAX_QUERY_WORDS

    def mailto(self, subject: str) -> str:
        """A mailto: URL with the subject filled in (RFC 6068: %20 for spaces, never '+')."""
        return f"mailto:{self.email}?subject={quote(subject, safe='')}"


def support_address(email: str, contact_url: str) -> str:
    """The configured address, else the one `contact_url` names when it is a mailto: link."""
    if email:
        return email.strip()
    if contact_url.startswith("mailto:"):
        return contact_url[len("mailto:") :].split("?", 1)[0].strip()
    return ""


def address_problem(email: str) -> str:
    """Why the contact page cannot use this support address, or ''."""
    if not email:
        return (
            "helpcentre option contact_form: the contact page needs a support address for readers "
            "without JavaScript or a receiver: set contact_form.email (e.g. support@example.org), or "
            "contact_url to a mailto: link"
        )
    if not ADDRESS.match(email):
        return (
            f"helpcentre option contact_form.email: '{email}' is not one email address (name@domain, "
            "no spaces or '?'): set it to the support address"
        )
    return ""


def form(catalog: Catalog, lang: str, email: str, receiver: str) -> ContactForm:
    """The contact form of `lang`'s page; `receiver` is the feedback receiver's base URL or ''."""
    base = receiver.rstrip("/")
    topics = tuple(Topic(c.path, c.index.meta.title) for c in catalog.categories(lang))
    return ContactForm(
        email,
        f"{base}/api/contact" if base else "",
        f"{base}/api/contact-event" if base else "",
        topics,
    )
