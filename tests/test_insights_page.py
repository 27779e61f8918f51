"""The agents' insights page (/insights/) in real builds of the demo, from a real receiver database
(SQLite, and PostgreSQL with HELPCENTRE_TEST_POSTGRES) seeded through the receiver's own store and
migrations: gaps with their `helpcentre new` commands, pages in Wilson order with edit links, contact
counts without messages or addresses, escaping of what readers typed; and the page without a database."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from lxml import html as lxml_html
from sqlalchemy import create_engine, text

from conftest import ENV, ROOT
from helpcentre.core.feedback.report import wilson_lower_bound
from helpcentre.core.feedback.store import Store
from helpcentre.core.feedback.tables import contact_events, contact_requests

POSTGRES_ENV = "HELPCENTRE_TEST_POSTGRES"
REPO = "https://git.example.org/northdesk/help"
HOSTILE_QUERY = '"><svg onload=alert(3)>'
HOSTILE_COMMENT = "<script>alert(1)</script><img src=x onerror=alert(2)> still wrong"
EMAILS = ["bob@example.com", "alice@example.org", "carol.customer@example.net"]
SECRET_MESSAGE = "zqxsecretmessage please refund order 4711"
NOW = datetime.now(UTC)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


# (page, helpful, not helpful): Wilson lower bounds 0 (20 votes), 0 (1 vote), 0.11, 0.31, 0.60.
VOTES = {
    "fi/call-centre/pausing-calls-during-peak-hours/": (0, 20),
    "fi/call-centre/holiday-opening-hours/": (0, 1),  # an English page shown in Finnish (fallback)
    "fi/good-service/why-service-quality-matters/": (3, 7),
    "fi/good-service/skills-every-agent-needs/": (40, 60),
    "fi/difficult-customers/calming-an-angry-customer/": (9, 1),
}
EXPECTED_ORDER = list(VOTES)


def _votes() -> list[dict]:
    rows = []
    for page, (yes, no) in VOTES.items():
        rows += [_vote(page, True, ago(3)) for _ in range(yes)]
        rows += [_vote(page, False, ago(3), reason="outdated") for _ in range(no)]
    hours = "fi/call-centre/holiday-opening-hours/"
    rows += [
        _vote(hours, False, ago(0.5), "unclear", HOSTILE_COMMENT),
        _vote(hours, False, ago(0.2), "unclear", f"mail me at {EMAILS[0]} please"),
    ]
    return rows


def _vote(page, helpful, when, reason=None, comment=None) -> dict:
    return {
        "page": page,
        "lang": "fi",
        "helpful": helpful,
        "reason": reason,
        "comment": comment,
        "created_at": when,
    }


def _misses() -> list[dict]:
    def miss(query, kind, days, lang="fi"):
        return {"lang": lang, "query": query, "kind": kind, "created_at": ago(days)}

    rows = [miss("laskun kopio", "none", d) for d in (0.1, 1, 2, 3, 4)]
    rows += [miss("Laskun   KOPIO", "weak", d) for d in (8, 9)]  # the same question, cased and spaced
    rows += [miss("palautus", "weak", d) for d in (9, 10, 11)]
    rows += [miss(HOSTILE_QUERY, "none", 1), miss(f"{EMAILS[1]} refund", "none", 2)]
    rows += [miss("счёт", "none", 1), miss("hold music", "weak", 1, lang="en")]
    return rows


def _seed_contact(url: str) -> None:
    """Contact requests and the contact page's deflection counts, in the receiver's own tables."""
    requests = [
        ("call-centre", EMAILS[2]),
        ("call-centre", EMAILS[2]),
        ("call-centre", EMAILS[2]),
        (None, "x@y.z"),
    ]
    events = {"typing": 4, "suggestion_opened": 3, "left_without_sending": 1}
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            contact_requests.insert(),
            [
                {
                    "id": uuid.uuid4().hex,
                    "lang": "fi",
                    "topic": topic,
                    "subject": "Help",
                    "message": SECRET_MESSAGE,
                    "email": email,
                    "suggestions_opened": 0,
                    "created_at": ago(1),
                }
                for topic, email in requests
            ],
        )
        connection.execute(
            contact_events.insert(),
            [
                {"day": ago(1).date(), "lang": "fi", "event": event, "page": "", "count": count}
                for event, count in events.items()
            ],
        )
    engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request, tmp_path_factory):
    """A receiver database (the receiver's own migrations) with votes, comments, misses and contact rows."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('insights-db') / 'feedback.sqlite3'}"
        drop = None
    else:
        url, drop = _postgres_database()
    store = Store(url)
    store.add_votes(_votes())
    store.add_misses(_misses())
    store.engine.dispose()
    _seed_contact(url)
    yield url
    if drop:
        drop()


def _postgres_database():
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set: .ci/run should have started PostgreSQL")
        pytest.skip(f"set {POSTGRES_ENV} to run against PostgreSQL")
    name = f"hc_insights_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()

    return admin_url.rsplit("/", 1)[0] + f"/{name}", drop


def demo_copy(folder: Path, extra_internal: str = "") -> Path:
    for name in ["docs", "overrides", "translations"]:
        shutil.copytree(ROOT / name, folder / name)
    for name in ["mkdocs.yml", "mkdocs.internal.yml"]:
        shutil.copy(ROOT / name, folder / name)
    if extra_internal:
        with (folder / "mkdocs.internal.yml").open("a", encoding="utf-8") as config:
            config.write(extra_internal)
    return folder


def build(project: Path, config: str, db: str = "") -> subprocess.CompletedProcess:
    env = {**ENV, "HELPCENTRE_INSIGHTS_DB": db}
    site = project / ("site-internal" if "internal" in config else "site")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.fixture(scope="module")
def built(database, tmp_path_factory):
    project = demo_copy(tmp_path_factory.mktemp("insights"), f"repo_url: {REPO}\nedit_uri: edit/main/docs/\n")
    result = build(project, "mkdocs.internal.yml", database)
    assert result.returncode == 0, result.stderr
    return project, project / "site-internal"


def insights_of(site: Path):
    return lxml_html.fromstring((site / "insights/index.html").read_bytes())


def section(doc, lang: str):
    return doc.xpath(f"//section[@id='insights-{lang}']")[0]


def test_the_page_is_internal_noindex_and_once_in_the_default_language(built):
    _, site = built
    doc = insights_of(site)
    assert doc.xpath("//head/meta[@name='robots']/@content") == ["noindex, nofollow"]
    assert doc.xpath("//*[contains(@class,'hc-internal-banner')]")
    assert [h.text_content() for h in doc.xpath("//main//h1")] == ["Insights"]
    assert doc.get("lang") == "en"
    assert not [p for p in site.rglob("insights") if p != site / "insights"]  # not /fi/insights/ etc.
    # No inline or third-party script: only Material's JSON configuration and the site's own files.
    assert not doc.xpath("//script[not(@src)][not(@type='application/json')]")
    assert not doc.xpath("//script[contains(@src,'//')]")
    assert len(doc.xpath("//section[starts-with(@id,'insights-')]")) == 5


def test_searches_without_an_answer_with_counts_trend_and_the_command(built):
    _, site = built
    finnish = section(insights_of(site), "fi")
    rows = finnish.xpath(".//table[@data-insights='gaps']/tbody/tr")
    queries = [row.get("data-query") for row in rows]
    assert queries[0] == "laskun kopio"  # 7 times, both casings together
    first = [" ".join(td.text_content().split()) for td in rows[0].xpath("./td")]
    assert first[1:4] == ["7", "5", "2"]
    assert rows[0].xpath(".//td[@data-trend]/@data-trend") == ["up"]  # 5 this week, 2 the week before
    assert rows[0].xpath(".//svg//rect") and rows[0].xpath(".//time/@datetime")
    assert finnish.xpath(".//tr[@data-query='palautus']//td[@data-trend]/@data-trend") == ["down"]
    command = rows[0].xpath(".//code[contains(@class,'hc-insights__command')]")[0].text
    assert command == "helpcentre new article --lang fi --title 'Laskun kopio' --slug laskun-kopio"
    assert "hold music" not in [r.get("data-query") for r in rows]  # an English miss, in English's section
    assert section(insights_of(site), "en").xpath(".//tr[@data-query='hold music']")


def test_every_gap_command_starts_the_missing_article(built):
    project, site = built
    commands = section(insights_of(site), "fi").xpath(".//table[@data-insights='gaps']//code/text()")
    assert len(commands) == 5
    for command in commands:
        words = shlex.split(command)
        assert words[:3] == ["helpcentre", "new", "article"]
        result = subprocess.run(
            [sys.executable, "-m", "helpcentre.cli", *words[1:]],
            cwd=project,
            capture_output=True,
            text=True,
            env=ENV,
        )
        assert result.returncode == 0, command + "\n" + result.stderr
        created = project / result.stdout.strip()
        assert created.is_file() and created.parent == project / "docs/fi"
    assert (project / "docs/fi/svg-onload-alert-3.md").is_file()  # the hostile query, safely quoted


def test_least_helpful_pages_in_wilson_order_with_reasons_comments_and_edit_links(built):
    _, site = built
    rows = section(insights_of(site), "fi").xpath(".//table[@data-insights='pages']/tbody/tr")
    assert [r.get("data-page") for r in rows] == EXPECTED_ORDER
    bounds = [float(r.get("data-wilson")) for r in rows]
    assert bounds == sorted(bounds)
    assert bounds[2] == pytest.approx(wilson_lower_bound(3, 10), abs=1e-4)
    hours = rows[1]
    edit = hours.xpath(".//a[contains(@class,'hc-insights__source')]")[0]
    # The page readers voted on in Finnish is the English original: its file is the one to edit.
    assert edit.get("href") == f"{REPO}/edit/main/docs/en/call-centre/holiday-opening-hours.md"
    assert edit.get("data-source") == "docs/en/call-centre/holiday-opening-hours.md"
    assert hours.xpath(".//td")[0].xpath("./a")[0].get("href") == "../fi/call-centre/holiday-opening-hours/"
    cells = [" ".join(td.text_content().split()) for td in hours.xpath("./td")]
    assert (
        cells[1] == "3" and "It is hard to understand (2)" in cells[4] and "It is out of date (1)" in cells[4]
    )
    for row in rows:
        source = row.xpath(".//a[contains(@class,'hc-insights__source')]")
        assert source and source[0].get("href").startswith(f"{REPO}/edit/main/docs/")
        assert (built[0] / source[0].get("data-source")).is_file()


def test_reader_text_is_escaped_and_addresses_never_shown(built):
    _, site = built
    raw = (site / "insights/index.html").read_text(encoding="utf-8")
    doc = insights_of(site)
    assert "<script>alert" not in raw and "<svg onload" not in raw and "<img src=x" not in raw
    quotes = [" ".join(q.text_content().split()) for q in doc.xpath("//blockquote")]
    assert any(q.startswith(HOSTILE_COMMENT) for q in quotes), quotes
    assert doc.xpath("//tr[@data-query=$q]", q=HOSTILE_QUERY)
    for email in [*EMAILS, "x@y.z"]:
        assert email not in raw
    assert any("mail me at […@…] please" in q for q in quotes)
    assert doc.xpath("//tr[@data-query='[…@…] refund']")
    assert SECRET_MESSAGE.split()[0] not in raw and "Help" not in [c.text for c in doc.xpath("//td")]


def test_contact_requests_by_topic_and_the_deflection_rate(built):
    _, site = built
    finnish = section(insights_of(site), "fi")
    topics = {
        row.get("data-topic"): " ".join(row.xpath("./td")[1].text_content().split())
        for row in finnish.xpath(".//table[@data-insights='topics']/tbody/tr")
    }
    assert topics == {"call-centre": "3", "": "1"}
    title = finnish.xpath(".//tr[@data-topic='call-centre']/td")[0].text_content()
    assert title == "Puhelinpalvelu"  # the category's Finnish title
    deflection = " ".join(finnish.xpath(".//*[@data-insights='deflection']")[0].text_content().split())
    assert deflection.startswith("Deflection rate 25%: 1 of 4") and "opened: 3" in deflection
    english = " ".join(section(insights_of(site), "en").text_content().split())
    assert "No contact requests recorded yet." in english


def test_translation_status_per_language_with_the_next_step(built):
    _, site = built
    finnish = section(insights_of(site), "fi")
    missing = finnish.xpath(".//table[@data-insights='translations']//tr[@data-state='missing']")
    assert missing
    command = missing[0].xpath(".//code[contains(@class,'hc-insights__command')]")[0].text
    assert re.fullmatch(r"helpcentre translate docs/en/[a-z/-]+\.md --to fi", command)
    assert finnish.xpath(".//svg[contains(@class,'hc-insights__status')]/rect")


def test_without_a_database_the_page_says_how_to_connect_one(internal_site):
    doc = insights_of(internal_site)
    connect = doc.xpath("//*[@data-insights='connect']")
    assert connect, "no connect instructions"
    shown = " ".join(connect[0].text_content().split())
    assert "insights:" in shown and "HELPCENTRE_INSIGHTS_DB" in shown and "mkdocs.internal.yml" in shown
    assert not doc.xpath("//table[@data-insights='gaps']") and not doc.xpath(
        "//table[@data-insights='pages']"
    )
    assert doc.xpath("//table[@data-insights='translations']")  # needs no database


def test_the_public_build_has_no_insights_even_with_a_database_set(database, tmp_path):
    project = demo_copy(tmp_path)
    text_config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        text_config.replace(
            "  helpcentre:\n", "  helpcentre:\n    insights:\n      db: !ENV HELPCENTRE_INSIGHTS_DB\n"
        ),
        encoding="utf-8",
    )
    result = build(project, "mkdocs.yml", database)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert not (site / "insights").exists()
    canaries = ["laskun kopio", "palautus", "svg onload", "Least helpful pages", "Searches with no or weak"]
    canaries += [*EMAILS, HOSTILE_COMMENT[:20], SECRET_MESSAGE[:12]]
    hits = [
        f"{path.relative_to(site)}: {canary}"
        for path in site.rglob("*")
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".js")
        for canary in canaries
        if canary.casefold() in path.read_text(encoding="utf-8", errors="replace").casefold()
    ]
    assert not hits, hits
    assert not [p for p in site.rglob("*.html") if b"insights/" in p.read_bytes()]
