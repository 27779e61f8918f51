"""One language resolver for the plugin (config objects), the writer CLI (YAML) and bare docs folders."""

from types import SimpleNamespace

from helpcentre.core.languages import from_folders, from_i18n


def test_config_objects_and_yaml_mappings_resolve_alike():
    entries = [
        {"locale": "fi", "build": True},
        {"locale": "en", "default": True},
        {"locale": "null", "name": "Blog", "link": "/blog/"},
        {"locale": "sl", "build": False},
    ]
    as_objects = [SimpleNamespace(**{"build": True, "default": False, **e}) for e in entries]
    assert from_i18n(entries) == from_i18n(as_objects)
    assert from_i18n(entries).all == ["fi", "en"] and from_i18n(entries).default == "en"


def test_without_a_default_the_first_built_language_is_it():
    assert from_i18n([{"locale": "et"}, {"locale": "lt"}]).default == "et"


def test_a_bare_docs_folder_prefers_english_else_its_first_language(tmp_path):
    for name in ["lt", "et", "assets"]:
        (tmp_path / name).mkdir()
    assert from_folders(tmp_path).all == ["et", "lt"] and from_folders(tmp_path).default == "et"
    (tmp_path / "en").mkdir()
    assert from_folders(tmp_path).default == "en"
