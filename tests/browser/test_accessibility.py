"""axe-core in Chromium: no serious or critical violation on the main page kinds, in two languages."""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "",
    "good-service/",
    "good-service/what-is-good-customer-service/",
    "call-centre/call-centre-faq/",
    "call-centre/pausing-calls-during-peak-hours/",
    "404.html",
]


@pytest.mark.parametrize("lang", ["en", "fi"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(page, http_site, lang, path):
    assert AXE.is_file(), "run `npm ci` (make test does) to install axe-core"
    prefix = "" if lang == "en" else f"{lang}/"
    page.goto(f"{http_site}/{prefix}{path}")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []
