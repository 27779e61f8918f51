"""Navigation in the reader's language: section titles from category pages, categories in order.

MkDocs names a section after its folder ('good-service' → 'Good service') in every language; a
help centre shows the category's own title instead. static-i18n also gives a folder's fallback
pages a section of their own, beside the translated one; the two are merged back into one.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .core.catalog import Catalog, listing_key, title_key
from .core.paths import page_key


def source_path(file) -> str:
    """The page's name in the catalog: its path inside its language folder (static-i18n sets
    norm_src_uri), with any of MkDocs' Markdown suffixes written as '.md'."""
    return page_key(getattr(file, "norm_src_uri", None) or file.src_uri)


def relabel(items: list, catalog: Catalog, lang: str) -> None:
    _merge_sections_of_one_folder(items)
    for item in items:
        if item.is_section:
            folder = _folder(item)
            index = catalog.resolve(lang, f"{folder}/index.md") if folder else None
            if index is not None:
                item.title = index.meta.title
            relabel(item.children, catalog, lang)
    items.sort(key=lambda item: _order(item, catalog, lang))


def _merge_sections_of_one_folder(items: list) -> None:
    first: dict[str, object] = {}
    for item in list(items):
        folder = _folder(item) if item.is_section else None
        if folder is None:
            continue
        if folder not in first:
            first[folder] = item
            continue
        for child in item.children:
            child.parent = first[folder]
            first[folder].children.append(child)
        items.remove(item)


def _folder(section) -> str | None:
    for child in section.children:
        if child.is_page and child.file is not None:
            parent = PurePosixPath(source_path(child.file)).parent
            return None if parent.as_posix() == "." else parent.as_posix()
        if child.is_section:
            found = _folder(child)
            if found:
                return PurePosixPath(found).parent.as_posix()
    return None


def _order(item, catalog: Catalog, lang: str) -> tuple:
    if item.is_page and item.file is not None:
        path = source_path(item.file)
        page = catalog.resolve(lang, path)
        is_index = PurePosixPath(path).name == "index.md"
    elif item.is_section:
        folder = _folder(item)
        page = catalog.resolve(lang, f"{folder}/index.md") if folder else None
        is_index = False
    else:
        page, is_index = None, False
    # Page titles are not read yet when the nav is built: take them from the catalog.
    if page is not None:
        return (not is_index, *listing_key(page))
    return (not is_index, True, 0, title_key(item.title or ""))
