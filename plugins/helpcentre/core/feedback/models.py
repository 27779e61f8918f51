"""What the receiver accepts: the JSON bodies of votes, search misses and the contact page's deflection
events, checked with pydantic."""

from __future__ import annotations

import re
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, field_validator
from pydantic_core import PydanticCustomError

from .cleaning import clean_input

MAX_BODY = 4096  # bytes of JSON per request
MAX_DEPTH = 4  # nesting of JSON arrays and objects; a vote is one flat object
MAX_COMMENT = 1000
MAX_QUERY = 200
MAX_REVISION = 2**31 - 1  # the column is a 32-bit integer on PostgreSQL
# A vote id as crypto.randomUUID() writes it (any RFC 9562 version, lower-case hex with hyphens): one
# canonical spelling, so the same vote cannot be stored twice under two spellings of its id.
VOTE_ID = r"[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
# What a search miss was: "none", nothing matched; "weak", results came but none was a confident answer.
MissKind = Literal["none", "weak"]
MISS_KINDS: tuple[str, ...] = get_args(MissKind)
# What happened on the contact page, each at most once a visit (contact-page.js): the customer started
# writing; opened a suggested article; left the page after opening one, without sending.
ContactEvent = Literal["typing", "suggestion_opened", "left_without_sending"]
CONTACT_EVENTS: tuple[str, ...] = get_args(ContactEvent)


# Free text goes to the database: control characters other than \n and \t are removed rather than the
# vote refused (a reader cannot see them, so could not fix them), and nothing the database cannot store
# is left in it: one such row used to fail every vote committed in the same transaction.
ReaderText = Annotated[str, BeforeValidator(clean_input)]


class VoteIn(BaseModel):
    """A vote, or a later message about the same vote (same `id`): the whole answer as it stands now."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # Chosen by the browser; without it (widgets from before vote ids) every message is a new vote.
    id: str | None = None
    # Counts the messages about one vote: a message older than the stored one changes nothing.
    revision: StrictInt = Field(default=0, ge=0, le=MAX_REVISION)
    page: str = Field(min_length=0, max_length=300)
    lang: str = Field(min_length=2, max_length=16)
    helpful: StrictBool
    reason: str | None = Field(default=None, max_length=40)
    comment: ReaderText | None = Field(default=None, max_length=MAX_COMMENT)

    @field_validator("id")
    @classmethod
    def _vote_id(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(VOTE_ID, value):
            raise PydanticCustomError("vote_id", "must be a UUID in lower case, as crypto.randomUUID() makes")
        return value


class MissIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    lang: str = Field(min_length=2, max_length=16)
    query: ReaderText = Field(min_length=1, max_length=MAX_QUERY)
    kind: MissKind = "none"  # browsers from before weak searches were reported send no kind

    @field_validator("kind", mode="before")
    @classmethod
    def _known_kind(cls, value: object) -> object:
        if value not in MISS_KINDS:  # pydantic's own message would not say what the two kinds mean
            raise PydanticCustomError(
                "miss_kind",
                "must be 'none' (nothing matched) or 'weak' (results, none a confident answer)",
            )
        return value


class ContactEventIn(BaseModel):
    """Counts only: no text, address or identifier of the customer can come in (extra fields refused)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    lang: str = Field(min_length=2, max_length=16)
    event: ContactEvent
    page: str | None = Field(default=None, max_length=300)  # the ?page= context: an article's URL

    @field_validator("event", mode="before")
    @classmethod
    def _known_event(cls, value: object) -> object:
        if value not in CONTACT_EVENTS:
            raise PydanticCustomError("contact_event", "must be one of: " + ", ".join(CONTACT_EVENTS))
        return value


def too_deep(body: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON arrays and objects nest deeper than `limit` (brackets inside strings do not count).

    json.loads recurses once per level and fails with RecursionError near 1,000 levels; a 4 KB body
    holds 4,000. One pass over the bytes, and none at all when there are too few brackets to matter.
    """
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth, in_string, escaped = 0, False, False
    for byte in body:
        if in_string:
            escaped, in_string = (False, True) if escaped else (byte == 0x5C, byte != 0x22)
        elif byte == 0x22:
            in_string = True
        elif byte in b"[{":
            depth += 1
            if depth > limit:
                return True
        elif byte in b"]}":
            depth -= 1
    return False
