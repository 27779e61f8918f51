"""Templates as support teams write them build (agents' build), and `check --fix` declares their blanks."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
import yaml

from conftest import ENV, mkdocs_build
from pages import page
from team_templates import TEMPLATES, write_project

CALL_FI = "fi/internal/puhelu-tiketti-odottaa/"
CALL_ET = "et/internal/kone-poordumine-lahendatud/"
EMAIL_ET = "et/internal/e-kiri-vastus-hilineb/"


def helpcentre(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", *args], cwd=cwd, capture_output=True, text=True, env=ENV
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("team"))
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    return root, result


def blanks(doc) -> dict[str, str]:
    return {i.get("data-hc-blank"): i.get("data-label") for i in doc.xpath("//input[@data-hc-blank]")}


def test_undeclared_blanks_become_fields_with_keys_derived_from_their_labels(built):
    root, _ = built
    doc = page(root / "site", CALL_FI)
    assert blanks(doc) == {
        "agentin_nimi": "agentin nimi",
        "yrityksen_nimi": "yrityksen nimi",
        "asiakkaan_nimi": "asiakkaan nimi",
        "tikettinumero": "tikettinumero",
        "x": "X",
        "selitys": "selitys",
        "puhelinnumero": "puhelinnumero",
        "sahkopostiosoite": "sähköpostiosoite",
    }
    body = doc.xpath("//*[@data-hc-body]")[0]
    assert len(body.xpath(".//*[@data-hc-ph='asiakkaan_nimi']")) == 2  # '[Asiakkaan nimi]' too
    assert len(body.xpath(".//*[@data-hc-ph='x']")) == 2
    following = body.xpath(".//*[@data-hc-ph='yrityksen_nimi']")[0].tail
    assert following.startswith(":n asiakastuesta")  # the colon-inflected blank


def test_stage_directions_stay_text_and_set_apart(built):
    root, _ = built
    turns = [t.text_content() for t in page(root / "site", CALL_FI).xpath("//p[@class='hc-turn']")]
    assert turns == [
        "[Asiakas kertoo nimensä]",
        "[Asiakas vahvistaa]",
        "[Asiakas suostuu tai kysyy lisää. Agentti vastaa kysymyksiin ennen kuin jatkaa.]",
    ]
    assert page(root / "site", EMAIL_ET).xpath("//p[@class='hc-turn']") == []


def test_the_channel_is_inferred_and_the_signature_lines_are_blanks(built):
    root, _ = built
    email, call = page(root / "site", EMAIL_ET), page(root / "site", CALL_ET)
    assert email.xpath("//*[@data-hc-template]/@data-channel") == ["email"]
    assert call.xpath("//*[@data-hc-template]/@data-channel") == ["call"]
    assert email.xpath("//*[@data-hc-subject]//@data-hc-ph") == ["poordumise_number"]
    assert {"agendi_nimi", "ettevotte_nimi", "telefoninumber", "kuupaev"} <= set(blanks(email))
    library = page(root / "site", "et/internal/")
    assert sorted(library.xpath("//*[@data-hc-item]/@data-channel")) == ["call", "email"]


def test_each_undeclared_blank_and_missing_channel_is_one_warning(built):
    _, result = built
    warnings = [line for line in result.stderr.splitlines() if "docs/fi/internal/puhelu" in line]
    assert len([w for w in warnings if "is not declared: it is filled in as the blank" in w]) == 8
    assert (
        "docs/fi/internal/puhelu-tiketti-odottaa.md:4: warning: the template has no channel: it is shown "
        "as 'call' because it has stage directions — add 'channel: call'" in result.stderr
    )
    assert (
        "'[X]' is not declared: it is filled in as the blank 'x' — declare it under placeholders "
        "(helpcentre check --fix writes 'x: X')" in result.stderr
    )


def test_check_fix_declares_the_blanks_without_touching_the_text(tmp_path):
    root = write_project(tmp_path)
    docs = root / "docs"
    bodies = {p: hashlib.sha256((docs / p).read_bytes().split(b"---\n", 2)[2]).hexdigest() for p in TEMPLATES}
    before = helpcentre("check", cwd=root)
    assert before.returncode == 0 and "HC405" in before.stdout and "HC402" in before.stdout

    fixed = helpcentre("check", "--fix", cwd=root)
    assert fixed.returncode == 0, fixed.stderr
    assert "docs/fi/internal/puhelu-tiketti-odottaa.md: declared 8 placeholder(s) and channel 'call'" in (
        fixed.stderr
    )
    assert "HC405" not in fixed.stdout and "HC402" not in fixed.stdout
    for path, digest in bodies.items():
        _, front, body = (docs / path).read_bytes().split(b"---\n", 2)
        assert hashlib.sha256(body).hexdigest() == digest
        assert front.startswith(TEMPLATES[path].encode().split(b"---\n")[1])  # lines added, none changed
    meta = yaml.safe_load((docs / "et/internal/e-kiri-vastus-hilineb.md").read_text().split("---\n")[1])
    assert meta["channel"] == "email" and meta["placeholders"]["poordumise_number"] == "pöördumise number"

    result = mkdocs_build(root, root / "site")  # the same fields, now declared
    assert result.returncode == 0 and "is not declared" not in result.stderr
    assert "sahkopostiosoite" in blanks(page(root / "site", CALL_FI))


def test_a_translation_of_a_declared_template_keeps_its_blanks_and_builds(tmp_path):
    root = write_project(tmp_path)
    (root / "docs/en/internal/puhelu-tiketti-odottaa.md").write_text(
        "---\ntitle: Call, ticket on hold\ndescription: d\ntype: template\nchannel: call\n"
        "placeholders:\n  agent: agent name\n---\nHello, this is [agent name].\n\n[Customer confirms]\n",
        encoding="utf-8",
    )
    fixed = helpcentre("check", "--fix", cwd=root)
    assert (
        "docs/fi/internal/puhelu-tiketti-odottaa.md: declared channel 'call'; its blanks stay undeclared: "
        "give them the keys of docs/en/internal/puhelu-tiketti-odottaa.md" in fixed.stderr
    )
    assert "HC406 warning: this translation declares no placeholders" in fixed.stdout
    assert fixed.returncode == 0
