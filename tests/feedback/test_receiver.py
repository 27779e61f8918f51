"""The receiver over real HTTP on loopback, against SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from urllib import request

import pytest
from lxml import html as lxml_html
from receiver import Receiver, db_url, receiver, rows  # noqa: F401 (fixtures)
from sqlalchemy import text

from conftest import ENV
from helpcentre.core.feedback.store import engine_for, migrate

PAGE = "fi/call-centre/call-centre-faq/"
ORIGIN = "http://help.example"
SCRIPT = '<script>alert("x")</script> & <b>bold</b>'


def vote(**fields) -> dict:
    return {
        "page": PAGE,
        "lang": "fi",
        "helpful": False,
        "reason": "unclear",
        "comment": "Ei auttanut.",
        **fields,
    }


def test_a_vote_is_stored_before_the_answer(receiver, db_url):
    code, answer = receiver.post("/api/feedback", vote(), ORIGIN)
    assert (code, answer["ok"], answer["stored"]) == (201, True, "created")
    [row] = rows(db_url)
    assert (row["page"], row["lang"], row["helpful"], row["reason"], row["comment"]) == (
        PAGE,
        "fi",
        False,
        "unclear",
        "Ei auttanut.",
    )
    assert "ip" not in " ".join(row).lower()  # no address column at all


@pytest.mark.parametrize(
    "body, raw, status, reason",
    [
        (None, b"{not json", 400, "not JSON"),
        (None, b"\xff\xfe", 400, "not JSON"),
        (vote(helpful="yes"), None, 422, "helpful"),
        (vote(page=42), None, 422, "page"),
        (vote(page="fi/no-such-page/"), None, 422, "unknown page"),
        (vote(page="fi/internal/call-pausing-a-ticket/"), None, 422, "unknown page"),
        (vote(lang="de"), None, 422, "unknown language"),
        (vote(reason="because"), None, 422, "unknown reason"),
        (vote(helpful=True), None, 422, "reason goes with"),
        (vote(extra=1), None, 422, "extra"),
        (vote(comment="x" * 1001), None, 422, "comment"),
        (vote(comment="x" * 10_000), None, 413, "larger than 4096"),
        (None, b" " * 5000, 413, "larger than 4096"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_not_stored(receiver, db_url, body, raw, status, reason):
    code, answer = receiver.post("/api/feedback", body, ORIGIN, raw=raw)
    assert code == status and answer["ok"] is False and reason in answer["error"]
    assert rows(db_url) == []


def test_html_in_a_comment_is_stored_verbatim_and_escaped_in_the_report(receiver, db_url, tmp_path):
    assert receiver.post("/api/feedback", vote(comment=SCRIPT), ORIGIN)[0] == 201
    assert rows(db_url)[0]["comment"] == SCRIPT
    report = tmp_path / "report.html"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "helpcentre.cli",
            "feedback",
            "report",
            "--db",
            db_url,
            "--format",
            "html",
            "-o",
            str(report),
        ],
        check=True,
        env=ENV,
    )
    html = report.read_text()
    assert "<script>alert" not in html
    assert [quote.text for quote in lxml_html.fromstring(html).xpath("//blockquote")] == [SCRIPT + " "]


def test_other_origins_are_refused(receiver, db_url):
    assert receiver.post("/api/feedback", vote(), "https://evil.example")[0] == 403
    preflight = request.Request(
        receiver.url + "/api/feedback",
        method="OPTIONS",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    with pytest.raises(request.HTTPError) as refused:
        request.urlopen(preflight)
    assert refused.value.code == 400 and "access-control-allow-origin" not in refused.value.headers
    allowed = request.Request(
        receiver.url + "/api/feedback",
        method="OPTIONS",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    with request.urlopen(allowed) as answer:
        assert answer.headers["access-control-allow-origin"] == ORIGIN
    assert rows(db_url) == []


def test_a_client_over_the_rate_limit_gets_429(demo_site, db_url):
    server = Receiver(demo_site, db_url, [ORIGIN], rate_limit=5).start()
    try:
        codes = [server.post("/api/feedback", vote(), ORIGIN)[0] for _ in range(7)]
    finally:
        server.stop()
    assert codes == [201] * 5 + [429] * 2
    assert len(rows(db_url)) == 5


def test_votes_survive_a_restart(demo_site, db_url):
    first = Receiver(demo_site, db_url, [ORIGIN]).start()
    first.post("/api/feedback", vote(), ORIGIN)
    first.stop()
    second = Receiver(demo_site, db_url, [ORIGIN], port=first.port).start()  # migrations run again: a no-op
    try:
        second.post("/api/feedback", vote(helpful=True, reason=None, comment=None), ORIGIN)
    finally:
        second.stop()
    assert [r["helpful"] for r in rows(db_url)] == [False, True]


def test_search_misses_are_bounded_and_reported_per_language(receiver, db_url):
    assert receiver.post("/api/search-miss", {"lang": "et", "query": "  arve  "}, ORIGIN)[0] == 201
    assert receiver.post("/api/search-miss", {"lang": "et", "query": "Arve"}, ORIGIN)[0] == 201
    assert receiver.post("/api/search-miss", {"lang": "et", "query": "x" * 201}, ORIGIN)[0] == 422
    assert receiver.post("/api/search-miss", {"lang": "xx", "query": "arve"}, ORIGIN)[0] == 422
    assert [r["query"] for r in rows(db_url, "search_misses")] == ["arve", "Arve"]
    table = subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", "feedback", "report", "--db", db_url],
        check=True,
        env=ENV,
        capture_output=True,
        text=True,
    ).stdout
    assert "(et), most asked first:\n  asked  no results  no close match  query\n      2           2" in table


def test_the_csv_report_ranks_pages_by_wilson_lower_bound(receiver, db_url):
    other = "fi/call-centre/holiday-opening-hours/"
    for helpful in [True, True, True, False]:
        receiver.post("/api/feedback", vote(helpful=helpful, reason=None if helpful else "outdated"), ORIGIN)
    receiver.post("/api/feedback", vote(page=other, helpful=True, reason=None, comment=None), ORIGIN)
    out = subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", "feedback", "report", "--db", db_url, "--format", "csv"],
        check=True,
        env=ENV,
        capture_output=True,
        text=True,
    ).stdout
    table = list(csv.DictReader(io.StringIO(out)))
    assert [(r["page"], r["votes"], r["helpful %"]) for r in table] == [
        (f"/{other}", "1", "100"),
        (f"/{PAGE}", "4", "75"),
    ]
    assert table[1]["top reasons"] == "outdated (1)" and float(table[1]["wilson"]) < 0.75


def report(db_url: str, *options: str) -> str:
    command = [sys.executable, "-m", "helpcentre.cli", "feedback", "report", "--db", db_url, *options]
    return subprocess.run(command, check=True, env=ENV, capture_output=True, text=True).stdout


def test_a_search_miss_is_stored_with_its_kind_none_unless_said(receiver, db_url):
    for body in (
        {"lang": "fi", "query": "lasku"},  # a browser from before weak searches were reported
        {"lang": "fi", "query": "lasku", "kind": "none"},
        {"lang": "fi", "query": "laskun maksu", "kind": "weak"},
    ):
        assert receiver.post("/api/search-miss", body, ORIGIN) == (201, {"ok": True})
    assert [(r["query"], r["kind"]) for r in rows(db_url, "search_misses")] == [
        ("lasku", "none"),
        ("lasku", "none"),
        ("laskun maksu", "weak"),
    ]


@pytest.mark.parametrize("kind", ["partial", "WEAK", " weak", "", None, 1, True, ["weak"]])
def test_a_search_miss_of_another_kind_is_refused(receiver, db_url, kind):
    code, answer = receiver.post("/api/search-miss", {"lang": "fi", "query": "lasku", "kind": kind}, ORIGIN)
    assert code == 422 and answer["ok"] is False
    assert answer["error"] == (
        "kind: must be 'none' (nothing matched) or 'weak' (results, none a confident answer)"
    )
    assert rows(db_url, "search_misses") == []


def test_the_report_counts_each_query_by_kind_most_asked_first(receiver, db_url, tmp_path):
    asked = [("Reset password", "none")] * 3 + [("reset   PASSWORD", "weak")] * 2
    asked += [("invoice", "weak")] * 4 + [("<b>refund</b>", "none")]
    for query, kind in asked:
        assert (
            receiver.post("/api/search-miss", {"lang": "en", "query": query, "kind": kind}, ORIGIN)[0] == 201
        )
    assert receiver.post("/api/search-miss", {"lang": "fi", "query": "lasku"}, ORIGIN)[0] == 201
    lines = report(db_url).splitlines()
    start = lines.index("searches without a good answer (en), most asked first:")
    assert lines[start + 1 : start + 5] == [
        "  asked  no results  no close match  query",
        "      5           3               2  reset password",
        "      4           0               4  invoice",
        "      1           1               0  <b>refund</b>",
    ]
    assert "      1           1               0  lasku" in lines
    out = tmp_path / "report.html"
    report(db_url, "--format", "html", "-o", str(out))
    doc = lxml_html.fromstring(out.read_text(encoding="utf-8"))
    [english] = doc.xpath("//h3[.='en']/following-sibling::table[1]")
    assert [[cell.text_content() for cell in row] for row in english.xpath(".//tr")] == [
        ["query", "asked", "no results", "no close match"],
        ["reset password", "5", "3", "2"],
        ["invoice", "4", "0", "4"],
        ["<b>refund</b>", "1", "1", "0"],
    ]


def test_misses_stored_before_kinds_existed_become_none(demo_site, db_url):
    """A database left by the previous receiver (schema 0001) is upgraded when the new one starts."""
    engine = engine_for(db_url)
    migrate(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO search_misses (lang, query, created_at) VALUES ('fi', 'vanha', :at)"),
            {"at": "2026-11-01 12:00:00+00:00"},
        )
    engine.dispose()
    server = Receiver(demo_site, db_url, [ORIGIN]).start()
    try:
        answer = server.post("/api/search-miss", {"lang": "fi", "query": "uusi", "kind": "weak"}, ORIGIN)
    finally:
        server.stop()
    assert answer == (201, {"ok": True})
    assert [(r["query"], r["kind"]) for r in rows(db_url, "search_misses")] == [
        ("vanha", "none"),
        ("uusi", "weak"),
    ]
