"""Which files are pages, what the catalog calls them, and which paths are internal.

Shared by the catalog, the link checks and the adapter, so that all three agree with MkDocs.
"""

from __future__ import annotations

import re
import unicodedata

INTERNAL_FOLDER = "internal"
NOT_SLUG = re.compile(r"[^a-z0-9]+")
# What MkDocs renders as a page (mkdocs.utils.markdown_extensions, matched case-sensitively as it does);
# every other file is copied to the site as it is.
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


def is_page_file(name: str) -> bool:
    return name.endswith(MARKDOWN_SUFFIXES)


def page_key(path: str) -> str:
    """The catalog's name for a page file: its path with the suffix written as '.md', whichever of
    MkDocs' Markdown suffixes the file has ('billing/refunds.markdown' → 'billing/refunds.md')."""
    for suffix in MARKDOWN_SUFFIXES:
        if path.endswith(suffix):
            return path[: -len(suffix)] + ".md"
    return path


def is_internal_path(path: str) -> bool:
    """A path inside a language folder that lies in its internal/ folder (any capitalisation: the
    folder would be published under that name on a case-sensitive disk)."""
    return path.split("/", 1)[0].casefold() == INTERNAL_FOLDER


def split_language(path: str, languages) -> tuple[str | None, str]:
    """'fi/billing/x.md' → ('fi', 'billing/x.md'); a path outside every language folder → (None, path)."""
    head, _, rest = path.partition("/")
    return (head, rest) if head in languages and rest else (None, path)


def slug(title: str) -> str:
    """'Äänestys ja palaute' → 'aanestys-ja-palaute'; '' when the title has no Latin letters or digits.
    What `helpcentre new` names a page after its title."""
    folded = unicodedata.normalize("NFKD", title.casefold()).encode("ascii", "ignore").decode()
    return NOT_SLUG.sub("-", folded).strip("-")
