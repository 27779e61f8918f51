"""What POST /api/contact accepts: a customer's request to support, checked before it is stored.

The shape is checked here with pydantic; what depends on the built site (languages, topics, pages) is
checked against the manifest by `problem()`. Anything refused answers 422 with a reason and a `code`
the contact page turns into a translated message.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, EmailStr, Field, field_validator
from pydantic_core import PydanticCustomError

from ..contact_page import MIN_FILL_MS  # one limit: the page waits it out, the receiver enforces it
from .cleaning import clean_input
from .manifest import Manifest

MAX_CONTACT_BODY = 32 * 1024  # 5,000 characters of message, each up to 4 bytes of UTF-8 or escaped in JSON
MAX_SUBJECT = 200
MAX_MESSAGE = 5000
MAX_EMAIL = 254  # RFC 5321's limit on a forward path
MAX_SUGGESTIONS = 5
MAX_URL = 300  # as a vote's page


def _one_line(value: object) -> object:
    """A subject with a line break would start a new mail header: refused, not cleaned, so nothing is
    silently changed in what the customer wrote (the page's subject box is a single line anyway)."""
    if isinstance(value, str) and ("\r" in value or "\n" in value):
        raise PydanticCustomError("one_line", "must be one line (no line breaks)")
    return clean_input(value)


CustomerText = Annotated[str, BeforeValidator(clean_input)]
OneLine = Annotated[str, BeforeValidator(_one_line)]


class Spam(ValueError):
    """A request the form's spam checks refuse; `code` is what the page translates."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    lang: str = Field(min_length=2, max_length=16)
    subject: OneLine = Field(min_length=1, max_length=MAX_SUBJECT)
    message: CustomerText = Field(min_length=1, max_length=MAX_MESSAGE)
    email: EmailStr = Field(max_length=MAX_EMAIL)
    topic: str | None = Field(default=None, max_length=64)
    page: str | None = Field(default=None, max_length=MAX_URL)
    suggestions_opened: list[Annotated[str, Field(max_length=MAX_URL)]] = Field(
        default_factory=list, max_length=MAX_SUGGESTIONS
    )
    website: str = ""  # the honeypot: a field people never see, which form-filling robots fill
    elapsed_ms: int = Field(ge=0, le=2**31)  # milliseconds from the form being shown to it being sent

    @field_validator("topic", "page", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    def spam(self) -> Spam | None:
        if self.website:
            return Spam("honeypot", "website: this field must stay empty")
        if self.elapsed_ms < MIN_FILL_MS:
            return Spam(
                "too_fast", f"the form was sent {self.elapsed_ms} ms after it was shown: take your time"
            )
        return None


def problem(request: ContactIn, manifest: Manifest) -> str | None:
    """Why the request does not fit the built site, or None."""
    if request.lang not in manifest.pages:
        return f"unknown language '{request.lang}'"
    topics = manifest.categories.get(request.lang)
    if request.topic is not None and topics and request.topic not in topics:
        return f"topic: unknown topic '{request.topic}': one of {', '.join(topics)}"
    for url in [request.page or "", *request.suggestions_opened]:
        if url.startswith(("/", "\\")) or ":" in url or ".." in url:
            return f"not a site-relative URL: '{url}'"
    return None


def known_urls(request: ContactIn, manifest: Manifest) -> tuple[str | None, list[str]]:
    """The page and opened articles that are pages of the site. Others (an article removed since the
    customer loaded the form) are left out of the email rather than costing the customer the request."""
    known = manifest.all_pages()
    page = request.page if request.page in known else None
    opened = list(dict.fromkeys(url for url in request.suggestions_opened if url in known))
    return page, opened
