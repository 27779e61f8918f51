"""Templates in the form support teams write them (the seed call scripts and emails), in Finnish and
Estonian: blanks inside sentences, some inflected with a colon or a hyphen, capitalised at a sentence
start or used twice; stage directions and customer turns as paragraphs of their own; a signature
whose blanks stand on their own lines inside a paragraph; no `channel:` and no `placeholders:`."""

# ruff: noqa: E501  -- a team writes a paragraph on one line, and so do these templates
from __future__ import annotations

from pathlib import Path

CONFIG = """\
site_name: Tiimin pohjat
site_url: https://agents.example.org/
theme:
  name: material
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - {locale: en, name: English, default: true}
        - {locale: fi, name: Suomi}
        - {locale: et, name: Eesti}
  - helpcentre:
      internal: true
"""

CALL_FI = """\
---
title: Puhelu, kun tiketti jää odottamaan
description: Puhelinskripti asiakkaalle, jonka tiketti odottaa teknisen tiimin selvitystä.
type: template
tags: [puhelut, tiketit]
---
Hyvää päivää, täällä puhuu [agentin nimi] [yrityksen nimi]:n asiakastuesta. Tavoitinko [asiakkaan nimi]?

[Asiakas kertoo nimensä]

Kiitos. Soitan tiketistä [tikettinumero], jonka teit [X] päivää sitten. Pitääkö tämä paikkansa?

[Asiakas vahvistaa]

Selvitän asiaa teknisen tiimimme kanssa, koska [selitys]. Siksi tiketti odottaa noin [X] päivää. Käykö se sinulle?

[Asiakas suostuu tai kysyy lisää. Agentti vastaa kysymyksiin ennen kuin jatkaa.]

Kiitos kärsivällisyydestä, [Asiakkaan nimi]. Tavoitat minut numerosta [puhelinnumero] tai osoitteesta [sähköpostiosoite]. Hyvää päivänjatkoa!
"""

CALL_ET = """\
---
title: Kõne, kui pöördumine on lahendatud
description: Telefoniskript, millega teatad kliendile, et tema pöördumine on lahendatud ja suletakse.
type: template
tags: [kõned]
---
Tere! Minu nimi on [agendi nimi] ja helistan ettevõttest [ettevõtte nimi]. Kas räägin [kliendi nimi]-ga?

[Klient kinnitab oma isiku]

Helistan teie pöördumise [pöördumise number] asjus: probleem on lahendatud ja sulgen pöördumise. Kas kõik toimib nüüd nii, nagu peab?

[Klient kinnitab]

Mõne minuti pärast saate [e-kirja/SMS-i] teel kinnituse, et pöördumine on suletud. Kas teil on veel küsimusi?

[Klient eitab või esitab küsimuse. Agent vastab ja jätkab skripti järgi.]

Aitäh, et leidsite aega, [Kliendi nimi]! Ilusat päeva jätku!
"""

EMAIL_ET = """\
---
title: E-kiri, kui vastus hilineb
description: Vabandus kliendile, kelle pöördumisele vastamine võtab oodatust kauem aega.
type: template
subject: "Teie pöördumine [pöördumise number]"
tags: [e-kirjad]
---
Tere, [kliendi nimi]!

Vabandame, et vastus teie pöördumisele võtab oodatust kauem aega. Uurime asja koos tehnilise meeskonnaga ja anname teile teada hiljemalt [kuupäev].

Kui soovite vahepeal midagi lisada, helistage numbril [telefoninumber].

Lugupidamisega
[agendi nimi]
[ettevõtte nimi]
"""

TEMPLATES = {
    "fi/internal/puhelu-tiketti-odottaa.md": CALL_FI,
    "et/internal/kone-poordumine-lahendatud.md": CALL_ET,
    "et/internal/e-kiri-vastus-hilineb.md": EMAIL_ET,
}

INDEXES = {
    "en/index.md": "---\ntitle: Home\ndescription: Start here.\n---\nWelcome.\n",
    "fi/index.md": "---\ntitle: Etusivu\ndescription: Aloita tästä.\n---\nTervetuloa.\n",
    "et/index.md": "---\ntitle: Avaleht\ndescription: Alusta siit.\n---\nTere tulemast.\n",
    "en/internal/index.md": "---\ntitle: Templates\ndescription: For agents.\n---\nTemplates.\n",
    "fi/internal/index.md": "---\ntitle: Pohjat\ndescription: Agenteille.\n---\nPohjat.\n",
    "et/internal/index.md": "---\ntitle: Mallid\ndescription: Agentidele.\n---\nMallid.\n",
}


def write_project(root: Path) -> Path:
    """A project holding the three templates, building the agents' site; returns its root."""
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for path, text in {**INDEXES, **TEMPLATES}.items():
        target = root / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root
