"""What a whole build writes once every language is rendered: robots.txt, sitemap, the default 404
page, and the agents' build's own rules. Returned as data; the adapter writes and removes the files.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field

from . import sitemap, translation_status
from .catalog import Catalog
from .i18n import Translator
from .status_report import render_status

SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
NO_CRAWLING = "User-agent: *\nDisallow: /\n"


@dataclass
class SiteFiles:
    write: dict[str, bytes] = field(default_factory=dict)  # site-relative path → content
    remove: list[str] = field(default_factory=list)  # site-relative paths
    notes: list[str] = field(default_factory=list)  # for the build log
    warnings: list[str] = field(default_factory=list)


def finish(
    catalog: Catalog,
    translator: Translator,
    *,
    internal: bool,
    site_url: str,
    default_not_found: bytes | None,
    has_robots: bool,
) -> SiteFiles:
    """`has_robots`: the project ships its own robots.txt."""
    files = SiteFiles()
    if default_not_found is not None:  # every language's build wrote 404.html at the root: the default's wins
        files.write["404.html"] = default_not_found
    if internal:  # the agents' site is never crawled, even if its host is reachable
        files.write["robots.txt"] = NO_CRAWLING.encode()
        files.remove += SITEMAPS  # MkDocs writes one in every build
        others = [lang for lang in catalog.languages if lang != catalog.default]
        banner = translator.t(catalog.default, "internal.banner")
        files.write["translation-status.html"] = render_status(
            translation_status.status(catalog), others, catalog.default, banner
        ).encode()
    elif site_url:
        xml = sitemap.render(catalog, site_url).encode()
        files.write |= {"sitemap.xml": xml, "sitemap.xml.gz": gzip.compress(xml, mtime=0)}
        if has_robots:
            files.notes.append("robots.txt comes from the docs: make sure it names the sitemap")
        else:
            files.write["robots.txt"] = (
                f"User-agent: *\nAllow: /\n\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n".encode()
            )
    else:
        files.warnings.append(
            "site_url is not set in mkdocs.yml: no sitemap.xml and no canonical links are written"
        )
    return files
