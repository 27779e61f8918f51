"""What a whole build writes at the end, as data: public and agents' builds differ by construction."""

from pathlib import Path

from helpcentre.core import catalog, i18n, site_files


def _catalog(tmp_path: Path):
    for path, title in [("en/index.md", "Home"), ("en/help/index.md", "Help"), ("en/help/a.md", "A")]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(f"---\ntitle: {title}\ndescription: D\n---\nText.\n", encoding="utf-8")
    return catalog.load(tmp_path, ["en"], "en")[0]


def _finish(cat, **options):
    translator = i18n.Translator({"en": {"internal.banner": "Agents only"}}, "en")
    defaults = {
        "internal": False,
        "site_url": "https://x.example/",
        "default_not_found": b"404",
        "has_robots": False,
    }
    return site_files.finish(cat, translator, **{**defaults, **options})


def test_the_public_build_gets_a_sitemap_and_a_robots_txt_naming_it(tmp_path):
    files = _finish(_catalog(tmp_path))
    assert b"https://x.example/help/a/" in files.write["sitemap.xml"]
    assert b"Sitemap: https://x.example/sitemap.xml" in files.write["robots.txt"]
    assert files.write["404.html"] == b"404" and not files.remove


def test_the_agents_build_is_never_crawled_and_has_no_sitemap(tmp_path):
    files = _finish(_catalog(tmp_path), internal=True)
    assert files.write["robots.txt"] == b"User-agent: *\nDisallow: /\n"
    assert "sitemap.xml" not in files.write and set(files.remove) == {"sitemap.xml", "sitemap.xml.gz"}
    status = files.write["translation-status.html"].decode()
    assert "Agents only" in status and "help/a.md" in status


def test_a_projects_own_robots_txt_is_kept_and_no_site_url_is_a_warning(tmp_path):
    assert "robots.txt" not in _finish(_catalog(tmp_path), has_robots=True).write
    assert _finish(_catalog(tmp_path), site_url="").warnings
