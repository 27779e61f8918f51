"""The agents' build (mkdocs.internal.yml) and the public build that must never contain any of it."""

from __future__ import annotations

import gzip
import json
import re
import secrets
import shutil
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from conftest import LANGUAGES, ROOT, mkdocs_build

TEMPLATES = [
    "call-pausing-a-ticket",
    "call-closing-a-ticket",
    "email-thank-you",
    "email-delayed-reply-apology",
]


def internal_urls(canaries: dict[str, Path]) -> re.Pattern:
    """URLs of the internal pages: 'internal/' then a page's slug, or the section's own index."""
    stems = sorted(
        {re.escape(source.stem).encode() for source in canaries.values() if source.stem != "index"}
    )
    return re.compile(rb"internal/(?:" + b"|".join(stems) + rb"|index\.|[\"'<>\s#?)]|$)")


def _with_canaries(project: Path) -> dict[str, Path]:
    """Puts a unique word in the title, description, tags and text of every internal page."""
    canaries = {}
    for source in sorted(project.glob("docs/*/internal/**/*.md")):
        canary = f"zqx{secrets.randbelow(10**12):012d}"  # digits last: no stemmer changes it
        text = source.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        meta["title"] = f"{meta['title']} {canary}"
        meta["description"] = f"Canary {canary}"
        meta["tags"] = [*meta.get("tags", []), canary]
        source.write_text(
            f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n{body}\n\n{canary} text.\n",
            encoding="utf-8",
        )
        canaries[canary] = source
    return canaries


@pytest.fixture(scope="module")
def canary_builds(tmp_path_factory):
    project = tmp_path_factory.mktemp("canary")
    for name in ["docs", "overrides", "translations"]:
        shutil.copytree(ROOT / name, project / name)
    for name in ["mkdocs.yml", "mkdocs.internal.yml"]:
        shutil.copy(ROOT / name, project / name)
    canaries = _with_canaries(project)
    public, internal = project / "site", project / "site-internal"
    for config, site in [("mkdocs.yml", public), ("mkdocs.internal.yml", internal)]:
        result = mkdocs_build(project, site, config)
        assert result.returncode == 0, result.stderr
    return canaries, public, internal


def _contents(site: Path):
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        yield path, gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def test_the_public_build_contains_no_internal_text_or_url(canary_builds):
    canaries, public, _ = canary_builds
    assert len(canaries) >= 6 * len(LANGUAGES)  # 4 templates, the library page and an article per language
    hits = [
        f"{path.relative_to(public)}: {word} (from {canaries[word].name})"
        for path, data in _contents(public)
        for word in canaries
        if word.encode() in data
    ]
    urls = internal_urls(canaries)
    hits += [
        f"{path.relative_to(public)}: {found.group().decode()}"
        for path, data in _contents(public)
        if (found := urls.search(data))
    ]
    assert not hits, "\n".join(hits[:20])


def test_the_canaries_do_reach_the_internal_build(canary_builds):
    """The scan above can fail: the same words are found in every kind of file of the agents' site."""
    canaries, _, internal = canary_builds
    found = {word for _, data in _contents(internal) for word in canaries if word.encode() in data}
    assert found == set(canaries)
    search_files = b"".join(data for path, data in _contents(internal) if "/search/" in path.as_posix())
    searchable = [
        word for word, source in canaries.items() if source.stem != "index"
    ]  # categories are not indexed
    assert all(word.encode() in search_files for word in searchable)


def test_the_insights_page_is_in_the_agents_build_only(canary_builds):
    """/insights/ (handbook: agents/insights.md) is generated for the agents' site alone; the public
    one has no such file, no link to it and none of its headings. With a database:
    tests/test_insights_page.py."""
    _, public, internal = canary_builds
    assert (internal / "insights/index.html").is_file()
    assert not [p for p in public.rglob("*") if "insights" in p.relative_to(public).parts]
    heading = b"Searches with no or weak answers"
    hits = [path for path, data in _contents(public) if b"insights/" in data or heading in data]
    assert not hits, hits[:5]


def _pages(site: Path):
    return [(path, lxml_html.fromstring(path.read_bytes())) for path in sorted(site.rglob("*.html"))]


def test_every_internal_page_says_noindex_and_carries_the_banner(internal_site):
    pages = _pages(internal_site)
    assert len(pages) > 100
    for path, tree in pages:
        assert tree.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"], path
        banner = tree.xpath("//*[contains(@class, 'hc-internal-banner')]")
        assert banner and banner[0].text_content().strip(), path
        assert not tree.xpath("//script[@type='application/ld+json']"), path
    assert (internal_site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert not (internal_site / "sitemap.xml").exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_templates_are_in_the_internal_search_index_only(internal_site, demo_site, lang):
    prefix = "" if lang == "en" else f"{lang}/"

    def urls(site):
        search = site / prefix / "search"
        build = json.loads((search / "meta.json").read_text())["build"]
        docs = sorted((search / build / "docs").glob("*.json"))
        return {entry["url"].split("#")[0] for path in docs for entry in json.loads(path.read_text())}

    templates = {f"{prefix}internal/{name}/" for name in TEMPLATES}
    assert templates <= urls(internal_site)
    assert not {u for u in urls(demo_site) if "internal/" in u}


def _blank_keys(tree) -> list[str]:
    return tree.xpath("//input/@data-hc-blank")


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_has_the_same_blanks_in_every_language(internal_site, name):
    keys = {}
    for lang in LANGUAGES:
        prefix = "" if lang == "en" else f"{lang}/"
        tree = lxml_html.fromstring((internal_site / prefix / "internal" / name / "index.html").read_bytes())
        keys[lang] = sorted(_blank_keys(tree))
        in_text = set(tree.xpath("//*[@data-hc-body or @data-hc-subject]//span[@data-hc-ph]/@data-hc-ph"))
        assert in_text == set(keys[lang]), (
            lang
        )  # every field has a blank in the text, and the other way round
        assert not tree.xpath("//*[@data-hc-body]//text()[contains(., '[') and not(parent::span)]"), lang
        channel = tree.xpath("//*[@data-hc-template]/@data-channel")[0]
        if channel == "email":
            assert tree.xpath("//*[@data-hc-subject]//text()"), lang
        if channel == "call":  # the customer's turns are set apart from the agent's lines
            assert tree.xpath("//*[@data-hc-body]/p[@class='hc-turn']"), lang
            assert tree.xpath("//*[@data-hc-body]/p[not(@class)]"), lang
    assert all(k == keys["en"] and k for k in keys.values()), keys


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_library_lists_every_template_with_its_channel(internal_site, lang):
    prefix = "" if lang == "en" else f"{lang}/"
    tree = lxml_html.fromstring((internal_site / prefix / "internal" / "index.html").read_bytes())
    items = tree.xpath("//*[@data-hc-library]//li[@data-hc-item]")
    channels = {item.xpath(".//a/@href")[0].strip("./"): item.get("data-channel") for item in items}
    assert {name: channels.get(name) for name in TEMPLATES} == {
        "call-pausing-a-ticket": "call",
        "call-closing-a-ticket": "call",
        "email-thank-you": "email",
        "email-delayed-reply-apology": "email",
    }
    assert tree.xpath("//select[@data-hc-library-channel]/option/@value") == ["", "email", "call"]


def test_the_translation_status_is_published_in_the_internal_build_only(internal_site, demo_site):
    status = lxml_html.fromstring((internal_site / "translation-status.html").read_bytes())
    rows = status.xpath("//tr[td]")
    assert len(rows) > 20 and {td.text for row in rows for td in row.xpath("td[position() > 1]")} <= {
        "up to date",
        "outdated",
        "missing",
        "untracked",
    }
    assert not (demo_site / "translation-status.html").exists()
