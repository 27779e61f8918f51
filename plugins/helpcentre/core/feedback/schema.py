"""What the receiver accepts: JSON bodies checked with pydantic against the build's manifest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, StrictBool

MAX_BODY = 4096  # bytes of JSON per request
MAX_COMMENT = 1000
MAX_QUERY = 200
MANIFEST_NAME = "helpcentre-feedback.json"  # written by the build at the site's root


class VoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    page: str = Field(min_length=0, max_length=300)
    lang: str = Field(min_length=2, max_length=16)
    helpful: StrictBool
    reason: str | None = Field(default=None, max_length=40)
    comment: str | None = Field(default=None, max_length=MAX_COMMENT)


class MissIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    lang: str = Field(min_length=2, max_length=16)
    query: str = Field(min_length=1, max_length=MAX_QUERY)


@dataclass
class Manifest:
    """The public pages readers can vote on, per language, and the reasons offered for a No."""

    pages: dict[str, set[str]]
    reasons: list[str]

    @classmethod
    def load(cls, path: Path) -> "Manifest":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({lang: set(urls) for lang, urls in data["pages"].items()}, list(data["reasons"]))

    def problem(self, vote: VoteIn) -> str | None:
        """Why the vote cannot be stored, or None."""
        if vote.lang not in self.pages:
            return f"unknown language '{vote.lang}'"
        if vote.page not in self.pages[vote.lang]:
            return "unknown page: not an article or FAQ page of this language"
        if vote.reason is not None and (vote.helpful or vote.reason not in self.reasons):
            return "unknown reason" if not vote.helpful else "a reason goes with a 'not helpful' vote only"
        return None


def manifest_json(pages: dict[str, list[str]], reasons: list[str]) -> str:
    return json.dumps({"version": 1, "pages": pages, "reasons": reasons}, ensure_ascii=False, indent=1)
