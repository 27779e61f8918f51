"""Navigation in the reader's language: section titles from category pages, categories in order.

MkDocs names a section after its folder ('good-service' → 'Good service') in every language; a
help centre shows the category's own title instead.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .core.catalog import Catalog


def source_path(file) -> str:
    """The page's path inside its language folder (static-i18n sets norm_src_uri)."""
    return getattr(file, "norm_src_uri", None) or file.src_uri


def relabel(items: list, catalog: Catalog, lang: str) -> None:
    for item in items:
        if item.is_section:
            folder = _folder(item)
            index = catalog.resolve(lang, f"{folder}/index.md") if folder else None
            if index is not None:
                item.title = index.meta.title
            relabel(item.children, catalog, lang)
    items.sort(key=lambda item: _order(item, catalog, lang))


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
    order = page.meta.order if page is not None else None
    return (not is_index, order is None, order or 0, (item.title or "").casefold())
