"""The receiver under hostile input and hostile clients: one bad request never costs honest readers."""

from __future__ import annotations

import asyncio
import csv
import json
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from receiver import Receiver, db_url, rows  # noqa: F401 (fixtures)
from sqlalchemy.exc import IntegrityError

from conftest import ENV
from helpcentre.core.feedback.app import GroupWriter
from helpcentre.core.feedback.store import Store, now

PAGE = "fi/call-centre/call-centre-faq/"
ORIGIN = "http://help.example"
HOSTILE = [
    "nul\x00byte",
    "lone \ud800 surrogate",
    "esc \x1b[2J\x1b]0;owned\x07 bell",
    "csi \x9b31m",
    "cr\r\nlf",
]
CLEANED = ["nulbyte", "lone \ufffd surrogate", "esc [2J]0;owned bell", "csi 31m", "cr\nlf"]


def vote(**fields) -> dict:
    return {
        "page": PAGE,
        "lang": "fi",
        "helpful": False,
        "reason": "unclear",
        "comment": "Ei auttanut.",
        **fields,
    }


def sqlite(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'feedback.sqlite3'}"


def test_control_characters_among_honest_votes_cost_nobody_their_vote(demo_site, db_url):
    """On PostgreSQL one NUL byte used to fail the whole group-committed batch."""
    server = Receiver(demo_site, db_url, [ORIGIN]).start()
    honest = [vote(comment=f"honest {n}") for n in range(60)]
    bodies = honest[:30] + [vote(comment=text) for text in HOSTILE] + honest[30:]
    try:
        with ThreadPoolExecutor(max_workers=32) as pool:
            answers = list(pool.map(lambda body: server.post("/api/feedback", body, ORIGIN), bodies))
        miss = server.post("/api/search-miss", {"lang": "fi", "query": "\x00lasku\x1b"}, ORIGIN)
    finally:
        server.stop()
    assert [(code, answer["stored"]) for code, answer in answers] == [(201, "created")] * len(bodies)
    assert miss == (201, {"ok": True})
    stored = sorted(row["comment"] for row in rows(db_url))
    assert stored == sorted([body["comment"] for body in honest] + CLEANED)
    assert [row["query"] for row in rows(db_url, "search_misses")] == ["lasku"]


def test_a_failing_batch_is_retried_row_by_row(tmp_path):
    """Whatever still fails in the database fails alone: the rows committed with it are kept."""
    store = Store(sqlite(tmp_path))
    writer = GroupWriter(store.add_votes)
    good = [
        {
            "page": PAGE,
            "lang": "fi",
            "helpful": True,
            "reason": None,
            "comment": f"good {n}",
            "created_at": now(),
        }
        for n in range(20)
    ]
    bad = {**good[0], "lang": None, "comment": "violates NOT NULL"}

    async def burst():
        runner = asyncio.create_task(writer.run())
        await asyncio.sleep(0)  # the writer creates its queue
        outcome = await asyncio.gather(
            *(writer.submit(row) for row in [*good[:10], bad, *good[10:]]), return_exceptions=True
        )
        runner.cancel()
        return outcome

    with ThreadPoolExecutor(1) as thread:  # its own event loop: Playwright's may be running in this thread
        outcome = thread.submit(asyncio.run, burst()).result()
    assert isinstance(outcome[10], IntegrityError)
    assert outcome[:10] + outcome[11:] == ["created"] * 20
    assert sorted(row["comment"] for row in store.votes()) == sorted(row["comment"] for row in good)


def closed_within(connection: socket.socket, seconds: float) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and how long that took."""
    connection.settimeout(seconds)
    started, received = time.monotonic(), b""
    while chunk := connection.recv(4096):  # socket.timeout here: the server held the connection
        received += chunk
    return received, time.monotonic() - started


@pytest.mark.parametrize(
    "sent",
    [
        b"",  # connects and says nothing
        b"POST /api/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n",  # slowloris
        b'POST /api/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"page":',  # slow body
    ],
)
def test_a_slow_client_is_disconnected_within_the_timeout(demo_site, tmp_path, sent):
    server = Receiver(
        demo_site, sqlite(tmp_path), [ORIGIN], extra=["--header-timeout", "1", "--body-timeout", "1"]
    ).start()
    try:
        with socket.create_connection(("127.0.0.1", server.port)) as connection:
            connection.sendall(sent)
            received, took = closed_within(connection, 5)
        assert took < 3
        if sent:
            head, _, body = received.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 408") and b"connection: close" in head.lower()
            assert "did not arrive within 1 s" in json.loads(body)["error"]
        assert server.get("/healthz") == (200, {"ok": True})
    finally:
        server.stop()


def test_connections_over_the_limit_are_refused_and_the_rest_still_served(demo_site, tmp_path):
    server = Receiver(demo_site, sqlite(tmp_path), [ORIGIN], extra=["--max-connections", "5"]).start()
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(5)]
    try:
        with socket.create_connection(("127.0.0.1", server.port)) as extra:
            received, _ = closed_within(extra, 5)
        assert received.startswith(b"HTTP/1.1 503") and b"too many connections" in received
    finally:
        for connection in idle:
            connection.close()
    try:
        deadline = time.monotonic() + 5  # the server notices the closed connections on its next loop turn
        while (answer := _health_or_refused(server)) != (200, {"ok": True}) and time.monotonic() < deadline:
            pass
        assert answer == (200, {"ok": True})
    finally:
        server.stop()


def _health_or_refused(server: Receiver):
    try:
        return server.get("/healthz")
    except OSError as refused:
        return refused


def test_x_forwarded_for_is_ignored_unless_the_proxy_is_trusted(demo_site, tmp_path):
    spoofed = [{"X-Forwarded-For": f"203.0.113.{n}"} for n in range(6)]
    plain = Receiver(demo_site, sqlite(tmp_path), [ORIGIN], rate_limit=3).start()
    try:
        codes = [plain.post("/api/feedback", vote(), ORIGIN, headers=h)[0] for h in spoofed]
    finally:
        plain.stop()
    assert codes == [201] * 3 + [429] * 3
    proxied = Receiver(
        demo_site, sqlite(tmp_path), [ORIGIN], rate_limit=3, extra=["--trusted-proxy", "127.0.0.1"]
    ).start()
    try:
        codes = [proxied.post("/api/feedback", vote(), ORIGIN, headers=h)[0] for h in spoofed]
        codes += [proxied.post("/api/feedback", vote(), ORIGIN, headers=spoofed[0])[0] for _ in range(3)]
    finally:
        proxied.stop()
    assert codes == [201] * 6 + [201] * 2 + [429]  # each forwarded address has its own bucket


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 4000,
        b'{"page": ' + b"[" * 2000 + b"]" * 2000 + b"}",
        b'{"comment": "' + b"[" * 100 + b'", "page": ' + b"[" * 5 + b"1" + b"]" * 5 + b"}",  # 5 deep
    ],
)
def test_deeply_nested_json_is_refused_with_a_json_answer(demo_site, tmp_path, raw):
    server = Receiver(demo_site, sqlite(tmp_path), [ORIGIN]).start()
    try:
        code, answer = server.post("/api/feedback", None, ORIGIN, raw=raw)
        assert code == 400 and "nested" in answer["error"]
        brackets = vote(comment='[[[[[[[[[[[[ "{{{{{{{{ brackets in text are fine')
        assert server.post("/api/feedback", brackets, ORIGIN)[0] == 201
    finally:
        server.stop()


def test_a_database_that_cannot_be_written_fails_healthz_and_votes_get_a_json_503(demo_site, tmp_path):
    path = tmp_path / "feedback.sqlite3"
    Store(f"sqlite:///{path}").engine.dispose()  # created and migrated
    server = Receiver(demo_site, f"sqlite:///file:{path}?mode=ro&uri=true", [ORIGIN]).start()
    try:
        health = server.get("/healthz")
        answer = server.post("/api/feedback", vote(), ORIGIN)
    finally:
        server.stop()
    assert health[0] == 503 and "cannot be written" in health[1]["error"]
    assert answer[0] == 503 and answer[1]["ok"] is False and "try again" in answer[1]["error"]


def report(db: str, *options: str) -> str:
    command = [sys.executable, "-m", "helpcentre.cli", "feedback", "report", "--db", db, *options]
    return subprocess.run(command, check=True, env=ENV, capture_output=True, text=True).stdout


def test_the_csv_report_writes_formulas_as_text(tmp_path):
    formulas = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    store = Store(sqlite(tmp_path))
    store.add_votes(
        [
            {
                "page": f"fi/p{n}/",
                "lang": "fi",
                "helpful": False,
                "reason": "unclear",
                "comment": text,
                "created_at": now(),
            }
            for n, text in enumerate(formulas)
        ]
    )
    out = tmp_path / "report.csv"
    report(sqlite(tmp_path), "--format", "csv", "-o", str(out))
    with out.open(encoding="utf-8", newline="") as written:
        table = list(csv.DictReader(written))
    assert sorted(row["latest comment"] for row in table) == sorted("'" + text for text in formulas)


def test_the_table_report_prints_no_control_characters(tmp_path):
    """Rows stored by an older receiver kept comments verbatim: the terminal must still be safe."""
    store = Store(sqlite(tmp_path))
    store.add_votes(
        [
            {
                "page": PAGE,
                "lang": "fi",
                "helpful": False,
                "reason": "unclear",
                "comment": "\x1b]0;owned\x07\x1b[2Jred\x9b31m \u202eevil",
                "created_at": now(),
            }
        ]
    )
    store.add_misses([{"lang": "fi", "query": "\x1b[31mlasku", "created_at": now()}])
    table = report(sqlite(tmp_path))
    assert "red" in table and "lasku" in table
    assert not [c for c in table if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0 or c == "\u202e"]
