"""Page kinds: one list of kinds, and what each takes part in answered in one place."""

from typing import get_args

from helpcentre.core import kinds
from helpcentre.core.frontmatter import PageType
from helpcentre.core.kinds import Kind


def test_front_matter_types_are_the_kinds_a_file_can_declare():
    assert get_args(PageType) == kinds.TYPES


def test_index_files_take_their_kind_from_their_place():
    assert kinds.of("index.md", "faq") == Kind.HOME
    assert kinds.of("billing/index.md", "article") == Kind.CATEGORY
    assert kinds.of("billing/refunds.md", "faq") == Kind.FAQ


def test_a_kind_is_its_plain_word_in_templates_and_json():
    assert Kind.ARTICLE == "article" and f"type.{Kind.FAQ}" == "type.faq"
    assert f"{Kind.TEMPLATE}" == "template"


def test_what_each_kind_takes_part_in():
    assert [k for k in Kind if k.is_listed] == [Kind.ARTICLE, Kind.FAQ, Kind.TEMPLATE]
    assert [k for k in Kind if k.is_searchable] == [Kind.ARTICLE, Kind.FAQ, Kind.TEMPLATE]
    assert [k for k in Kind if k.is_votable] == [Kind.ARTICLE, Kind.FAQ]
    assert [k for k in Kind if k.has_related_cards] == [Kind.ARTICLE]
    assert [k for k in Kind if k.is_index] == [Kind.HOME, Kind.CATEGORY]
