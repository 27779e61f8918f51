"""sitemap.xml for all languages at once: each public page once per real translation.

Fallback copies are left out (their canonical is the original), and every entry lists its real
translations as hreflang alternates, with the default language as x-default.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .catalog import Catalog

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def render(catalog: Catalog, site_url: str) -> str:
    base = site_url.rstrip("/") + "/"
    parts = [HEADER]
    public = sorted({path for (_, path), page in catalog.pages.items() if not page.internal})
    for path in public:
        translations = catalog.translations(path)
        links = [(lang, base + catalog.url(lang, path)) for lang in translations]
        if catalog.default in translations:
            links.append(("x-default", base + catalog.url(catalog.default, path)))
        for lang, page in translations.items():
            parts.append(f"  <url>\n    <loc>{escape(base + catalog.url(lang, path))}</loc>\n")
            parts.append(f"    <lastmod>{page.updated.date().isoformat()}</lastmod>\n")
            for hreflang, href in links:
                parts.append(
                    f'    <xhtml:link rel="alternate" hreflang="{hreflang}" href={quoteattr(href)}/>\n'
                )
            parts.append("  </url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)
