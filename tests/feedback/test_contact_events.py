"""POST /api/contact-event: the contact page's deflection counts, stored as counts only, on the real
receiver over loopback (SQLite and PostgreSQL), and the report's deflection rate."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from receiver import db_url, receiver, rows  # noqa: F401 (fixtures)

from conftest import ENV

ORIGIN = "http://help.example"  # the `receiver` fixture's allowed origin
ARTICLE = "fi/call-centre/call-centre-faq/"


def counts(db_url: str) -> dict[tuple, int]:
    return {(r["lang"], r["event"], r["page"]): r["count"] for r in rows(db_url, "contact_events")}


def test_events_are_counted_per_language_event_and_page(receiver, db_url):
    visits = [
        {"lang": "fi", "event": "typing"},
        {"lang": "fi", "event": "typing", "page": ARTICLE},
        {"lang": "fi", "event": "typing"},
        {"lang": "fi", "event": "suggestion_opened"},
        {"lang": "fi", "event": "left_without_sending"},
        {"lang": "sl", "event": "typing"},
    ]
    for event in visits:
        assert receiver.post("/api/contact-event", event, origin=ORIGIN) == (201, {"ok": True})
    assert counts(db_url) == {
        ("fi", "typing", ""): 2,
        ("fi", "typing", ARTICLE): 1,
        ("fi", "suggestion_opened", ""): 1,
        ("fi", "left_without_sending", ""): 1,
        ("sl", "typing", ""): 1,
    }
    assert {str(r["day"]) for r in rows(db_url, "contact_events")} == {datetime.now(UTC).date().isoformat()}
    table = report(db_url)
    assert "contact page" in table
    [finnish] = [line.split() for line in table.splitlines() if line.strip().startswith("fi ")]
    assert finnish == ["fi", "3", "1", "1", "33", "%"]  # deflection: 1 left of 3 visits with typing


def test_a_beacon_sends_text_plain_and_is_counted(receiver, db_url):
    """navigator.sendBeacon sends a string as text/plain (no CORS preflight from a closing page)."""
    body = json.dumps({"lang": "et", "event": "left_without_sending"}).encode()
    status, _ = receiver.post(
        "/api/contact-event",
        None,
        origin=ORIGIN,
        raw=body,
        headers={"Content-Type": "text/plain;charset=UTF-8"},
    )
    assert status == 201 and counts(db_url) == {("et", "left_without_sending", ""): 1}


@pytest.mark.parametrize(
    "body, reason",
    [
        ({"lang": "fi", "event": "sent"}, "event: must be one of: typing, suggestion_opened"),
        ({"lang": "xx", "event": "typing"}, "unknown language 'xx'"),
        ({"lang": "fi", "event": "typing", "page": "fi/nowhere/"}, "unknown page"),
        # Counts only: nothing about the customer gets in, however the body is made.
        ({"lang": "fi", "event": "typing", "email": "a@b.org"}, "email: Extra inputs are not permitted"),
        ({"lang": "fi", "event": "typing", "page": "x" * 301}, "page: String should have at most 300"),
    ],
)
def test_bad_events_are_refused_with_a_reason(receiver, db_url, body, reason):
    status, answer = receiver.post("/api/contact-event", body, origin=ORIGIN)
    assert status == 422 and reason in answer["error"], answer
    assert rows(db_url, "contact_events") == []


def test_another_origin_is_refused(receiver, db_url):
    status, _ = receiver.post(
        "/api/contact-event", {"lang": "fi", "event": "typing"}, origin="https://evil.example"
    )
    assert status == 403 and rows(db_url, "contact_events") == []


def test_the_html_report_shows_the_deflection_rate(receiver, db_url, tmp_path):
    for event in ("typing", "typing", "typing", "typing", "suggestion_opened", "left_without_sending"):
        receiver.post("/api/contact-event", {"lang": "lt", "event": event}, origin=ORIGIN)
    out = tmp_path / "report.html"
    report(db_url, "--format", "html", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert "Contact page: deflection" in html
    assert "<td>lt</td><td class=n>4</td><td class=n>1</td><td class=n>1</td><td class=n>25 %</td>" in html


def test_no_events_no_rate():
    from helpcentre.core.feedback.report import as_table, build

    assert "contact page" not in as_table(build([], [], []))
    built = build([], [], [{"lang": "fi", "event": "suggestion_opened", "count": 2}])
    assert built.deflection[0].rate is None  # nobody typed: no rate, not a division by zero
    assert "–" in as_table(built)


def report(db_url: str, *options: str) -> str:
    command = [sys.executable, "-m", "helpcentre.cli", "feedback", "report", "--db", db_url, *options]
    return subprocess.run(command, capture_output=True, text=True, env=ENV, check=True).stdout
