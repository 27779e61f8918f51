"""`check --fix`'s core: inferred blanks and channel into the front matter, the text byte for byte."""

import yaml

from helpcentre.core.template_declare import declare

# An Estonian call script as a team writes it: no channel, no placeholders, a colon-inflected blank.
FRONT = "---\ntitle: Kõne\ndescription: Pöördumise sulgemine.\ntype: template  # kõne\ntags: [kõned]\n---\n"
BODY = (
    "Tere! Minu nimi on [agendi nimi] ettevõttest [ettevõtte nimi]:st.  \n"
    "Kas räägin [kliendi nimi]-ga?\n\n[Klient kinnitab]\n\nAitäh, [Kliendi nimi]!\r\n\n\n"
)


def front_matter(data: bytes) -> dict:
    return yaml.safe_load(data.decode().split("---\n")[1])


def test_declarations_go_into_the_front_matter_and_the_text_stays_byte_for_byte():
    raw = (FRONT + BODY).encode()
    done = declare(raw, "docs/et/internal/k.md")
    assert done.new.endswith(BODY.encode()) and done.new.startswith(FRONT[:-4].encode())
    assert front_matter(done.new)["placeholders"] == {
        "agendi_nimi": "agendi nimi",
        "ettevotte_nimi": "ettevõtte nimi",
        "kliendi_nimi": "kliendi nimi",
    }
    assert front_matter(done.new)["channel"] == "call"
    assert done.note == "docs/et/internal/k.md: declared 3 placeholder(s) and channel 'call'"
    assert declare(done.new, "k.md").new is None  # nothing left to declare


def test_new_entries_join_an_existing_block_with_its_indent_and_line_breaks():
    front = FRONT.replace("tags: [kõned]\n", "placeholders:\n    agent: agendi nimi   # kõigis keeltes\n\n")
    raw = (front + BODY).replace("\n", "\r\n").encode()
    done = declare(raw, "k.md")
    text = done.new.decode()
    assert "    agent: agendi nimi   # kõigis keeltes\r\n    ettevotte_nimi: ettevõtte nimi\r\n" in text
    assert done.new.endswith(BODY.replace("\n", "\r\n").encode())
    assert "\n" not in text.replace("\r\n", "")


def test_labels_yaml_would_misread_are_quoted():
    body = "Hinta on [summa: euroa] ja [# tilaus].\n"
    done = declare((FRONT + body).encode(), "k.md")
    assert front_matter(done.new)["placeholders"] == {"summa_euroa": "summa: euroa", "tilaus": "# tilaus"}


def test_placeholders_on_one_line_are_left_alone_with_a_reason():
    front = FRONT.replace("tags: [kõned]", "placeholders: {agent: agendi nimi}")
    done = declare((front + BODY).encode(), "k.md")
    assert done.new is None and "one per line" in done.note


def test_a_translation_of_a_default_language_template_only_gets_its_channel():
    done = declare((FRONT + BODY).encode(), "docs/et/k.md", translation_of="docs/en/k.md")
    assert "placeholders" not in front_matter(done.new) and front_matter(done.new)["channel"] == "call"
    assert done.note.endswith("its blanks stay undeclared: give them the keys of docs/en/k.md")


def test_pages_that_are_not_templates_are_not_touched():
    assert declare(b"---\ntitle: A\ndescription: d\n---\n[x] y [z]\n", "a.md").new is None
