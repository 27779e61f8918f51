"""The plugin in a project the test writes itself: `pip install` + `- helpcentre` is enough."""

import hashlib
import os
import subprocess

from lxml import html as lxml_html

from pages import canonical, hreflangs, page, switcher_targets, text


def build_ok(project):
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return project.root / "site"


def test_plugin_renders_help_centre_pages_in_a_bare_project(project):
    project.page("en/billing/index.md", "title: Billing\ndescription: Money matters")
    project.page("fi/billing/index.md", "title: Laskutus\ndescription: Rahaa")
    project.page(
        "en/billing/refunds.md", "title: Refunds\ndescription: How refunds work\ntags: [money]", "word " * 600
    )
    project.page(
        "fi/billing/refunds.md", "title: Hyvitykset\ndescription: Miten hyvitykset toimivat", "sana " * 600
    )
    project.page("en/billing/invoices.md", "title: Invoices\ndescription: About invoices")
    site = build_ok(project)

    article = page(site, "fi/billing/refunds/")
    assert text(article.xpath("//*[@class='hc-meta__reading']")[0]) == "3 min lukuaika"
    assert hreflangs(article) == {
        "en": "https://example.org/help/billing/refunds/",
        "fi": "https://example.org/help/fi/billing/refunds/",
        "x-default": "https://example.org/help/billing/refunds/",
    }

    fallback = page(site, "fi/billing/invoices/")
    assert fallback.get("lang") == "fi"
    assert canonical(fallback) == "https://example.org/help/billing/invoices/"
    assert "suomeksi" in text(fallback.xpath("//aside[contains(@class,'hc-fallback')]")[0])

    home = page(site, "fi/")
    assert text(home.xpath("//*[@class='hc-card__note']")[0]) == "2 artikkelia"
    assert page(site, "fi/404.html").get("lang") == "fi" and page(site, "404.html").get("lang") == "en"
    assert (site / "sitemap.xml").read_text().count("<url>") == 7  # 2 homes, 2 categories, 2 + 1 articles


def test_plugin_assets_ship_inside_the_package(project):
    project.page("en/a.md", "title: A\ndescription: d")
    site = build_ok(project)
    assert (site / "assets/helpcentre/helpcentre.css").is_file()
    assert page(site, "a/").xpath("//link[contains(@href, 'assets/helpcentre/helpcentre.css')]")


def test_last_updated_comes_from_git_not_the_file_time(project):
    project.page("en/a.md", "title: A\ndescription: d")
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2025-03-05T12:00:00Z",
        "GIT_COMMITTER_DATE": "2025-03-05T12:00:00Z",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    for command in (["git", "init", "-q"], ["git", "add", "docs"], ["git", "commit", "-qm", "content"]):
        subprocess.run(command, cwd=project.root, env=env, check=True)
    site = build_ok(project)
    updated = page(site, "a/").xpath("//time[@class='hc-meta__updated']")[0]
    assert updated.get("datetime") == "2025-03-05"
    assert text(updated) == "Updated March 5, 2025"


def test_uncommitted_page_uses_its_file_time(project):
    target = project.page("fi/opas.md", "title: Opas\ndescription: d")
    os.utime(target, (1741176000, 1741176000))  # 2025-03-05
    site = build_ok(project)
    updated = page(site, "fi/opas/").xpath("//time[@class='hc-meta__updated']")[0]
    assert text(updated) == "Päivitetty 5. maaliskuuta 2025"


def test_project_translations_override_plugin_strings(project):
    (project.root / "translations").mkdir()
    (project.root / "translations/fi.yml").write_text('home:\n  featured: "Luetuimmat"\n', encoding="utf-8")
    project.page("fi/a.md", "title: A\ndescription: d\nfeatured: true")
    site = build_ok(project)
    assert text(page(site, "fi/").xpath("//h2[@id='hc-featured']")[0]) == "Luetuimmat"


def test_missing_translation_falls_back_visibly_with_a_warning(project):
    (project.root / "translations").mkdir()
    (project.root / "translations/en.yml").write_text('extra_key: "Only English"\n', encoding="utf-8")
    result = project.build()
    assert result.returncode == 0
    assert "UI string 'extra_key' has no 'fi' text" in result.stderr


def test_search_comes_with_the_plugin_and_never_indexes_internal_pages(project):
    project.page(
        "en/billing/refunds.md", "title: Refunds\ndescription: d", "## Ask\n\nRefunds take five days."
    )
    project.page(
        "fi/billing/refunds.md",
        "title: Hyvitykset\ndescription: d",
        "## Kysy\n\nHyvitys kestää viisi päivää.",
    )
    project.page(
        "en/internal/macro.md",
        "title: Macro\ndescription: d\ntype: template\nchannel: chat",
        "Zebracanary secret text.",
    )
    project.page(
        "en/billing/staff.md", "title: Staff note\ndescription: d\naudience: internal", "Okapicanary text."
    )
    site = build_ok(project)
    script_hash = hashlib.sha256((site / "assets/helpcentre/search.js").read_bytes()).hexdigest()[:10]
    for lang in ("", "fi/"):
        doc = page(site, lang)
        assert doc.xpath("//header//div[@data-hc-search]//input[@name='q'][@role='combobox']")
        assert doc.xpath("//div[@data-hc-search]//*[@data-search-results]")
        # Linked with its content hash: a cached script of an earlier version is not used with this site.
        assert doc.xpath(f"//script[contains(@src, 'assets/helpcentre/search.js?v={script_hash}')]")
        assert (site / lang / "search" / "meta.json").is_file()
    index_text = " ".join(p.read_text(encoding="utf-8") for p in site.rglob("search/**/*.json")).lower()
    assert "refunds" in index_text
    everything = b" ".join(p.read_bytes() for p in site.rglob("*") if p.is_file()).lower()
    for canary in (b"zebracanary", b"okapicanary", b"internal/macro", b"billing/staff"):
        assert canary not in everything


def test_a_pages_html_does_not_grow_with_the_site(project):
    """The sidebar lists categories and a window of the current one's articles, never every page."""
    project.page("en/billing/index.md", "title: Billing\ndescription: d")
    for n in range(30):
        project.page(f"en/billing/article-{n:02}.md", f"title: Billing article {n:02}\ndescription: d")
    assert project.build().returncode == 0
    page = project.root / "site/billing/article-15/index.html"
    small = len(page.read_bytes())
    project.page("en/shipping/index.md", "title: Shipping\ndescription: d")
    for n in range(150):
        project.page(f"en/shipping/article-{n:03}.md", f"title: Shipping article {n:03}\ndescription: d")
    assert project.build().returncode == 0
    assert len(page.read_bytes()) - small < 600  # one more category link, nothing per page
    nav = lxml_html.fromstring(page.read_bytes()).xpath("//nav[contains(@class, 'md-nav--primary')]")[0]
    articles = nav.xpath(".//ul[contains(@class, 'hc-nav__articles')]/li/a")
    assert len(articles) == 13 and articles[-1].text_content().strip() == "All articles (30)"
    assert nav.xpath(".//a[@aria-current='page']")[0].text_content().strip() == "Billing article 15"


def test_the_language_menu_goes_home_only_where_the_page_exists_in_no_form(project):
    project.page("en/guide.md", "title: Guide\ndescription: d")  # English only: a fallback at fi/guide/
    project.page("fi/vain-suomeksi.md", "title: Vain suomeksi\ndescription: d")  # no English page at all
    project.page("en/staff.md", "title: Staff\ndescription: d\naudience: internal", "Agents only.")
    project.page("fi/staff.md", "title: Henkilöstö\ndescription: d")  # its English page is internal
    site = build_ok(project)
    assert switcher_targets(site, "guide/") == {"en": "guide/", "fi": "fi/guide/"}
    assert switcher_targets(site, "fi/guide/") == {"en": "guide/", "fi": "fi/guide/"}
    assert switcher_targets(site, "fi/vain-suomeksi/") == {"en": "", "fi": "fi/vain-suomeksi/"}
    assert switcher_targets(site, "fi/staff/") == {"en": "", "fi": "fi/staff/"}
    assert not (site / "staff").exists()


def test_the_feedback_widget_offers_the_contact_page_only_when_it_is_enabled(project):
    """`contact_form: {enabled: true}`: after a No, a link to the language's contact page with the article."""
    project.page("en/billing/index.md", "title: Billing\ndescription: Money matters")
    project.page("en/billing/refunds.md", "title: Refunds\ndescription: How refunds work")
    project.page("fi/billing/index.md", "title: Laskutus\ndescription: Rahaa")
    project.page("fi/billing/refunds.md", "title: Hyvitykset\ndescription: Miten hyvitykset toimivat")
    config = project.root / "mkdocs.yml"
    plain = config.read_text() + "      feedback: {endpoint: https://feedback.example}\n"
    config.write_text(plain.replace("  - helpcentre\n", "  - helpcentre:\n"))
    widget = "//section[@data-hc-feedback]"
    site = build_ok(project)
    assert page(site, "fi/billing/refunds/").xpath(widget)
    assert not page(site, "fi/billing/refunds/").xpath(f"{widget}//*[@data-hc-feedback-contact]")
    config.write_text(
        config.read_text() + "      contact_form: {enabled: true, email: support@example.org}\n"
    )
    site = build_ok(project)
    for path, href in [
        ("fi/billing/refunds/", "../../contact/?page=fi/billing/refunds/"),
        ("billing/refunds/", "../../contact/?page=billing/refunds/"),
    ]:
        [link] = page(site, path).xpath(f"{widget}//*[@data-hc-feedback-contact]/a/@href")
        assert link == href
