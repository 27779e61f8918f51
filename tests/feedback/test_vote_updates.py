"""Votes the reader updates (issue 18): one row per vote id, the latest message's answer, on SQLite and
PostgreSQL, over real HTTP on loopback."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from receiver import Receiver, db_url, receiver, rows  # noqa: F401 (fixtures)
from sqlalchemy import text

from conftest import ENV
from helpcentre.core.feedback.store import engine_for, migrate

PAGE = "fi/call-centre/call-centre-faq/"
OTHER_PAGE = "fi/call-centre/closing-the-call-centre-temporarily/"
ORIGIN = "http://help.example"


def message(vote_id: str, revision: int, **fields) -> dict:
    return {"id": vote_id, "revision": revision, "page": PAGE, "lang": "fi", "helpful": False, **fields}


def answers(db_url: str) -> list[tuple]:
    return [(r["vote_id"], r["revision"], r["helpful"], r["reason"], r["comment"]) for r in rows(db_url)]


def test_a_no_is_stored_at_once_and_updated_by_its_reason(receiver, db_url):
    vote_id = str(uuid.uuid4())
    code, answer = receiver.post("/api/feedback", message(vote_id, 1), ORIGIN)
    assert (code, answer) == (201, {"ok": True, "id": vote_id, "stored": "created"})
    assert answers(db_url) == [(vote_id, 1, False, None, None)]
    code, answer = receiver.post(
        "/api/feedback", message(vote_id, 2, reason="outdated", comment="Hinnat muuttuivat."), ORIGIN
    )
    assert (code, answer["stored"]) == (200, "updated")
    [row] = rows(db_url)
    assert (row["vote_id"], row["reason"], row["comment"]) == (vote_id, "outdated", "Hinnat muuttuivat.")
    assert row["updated_at"] is not None and row["updated_at"] >= row["created_at"]


def test_a_changed_answer_replaces_the_old_one_and_counts_once_in_the_report(receiver, db_url):
    vote_id = str(uuid.uuid4())
    receiver.post("/api/feedback", message(vote_id, 1, reason="unclear", comment="Sekava"), ORIGIN)
    code, _ = receiver.post("/api/feedback", message(vote_id, 2, helpful=True), ORIGIN)
    assert code == 200
    assert answers(db_url) == [(vote_id, 2, True, None, None)]  # the reason went with the No
    [page] = list(csv.DictReader(io.StringIO(report(db_url, "--format", "csv"))))
    assert (page["page"], page["votes"], page["helpful %"], page["top reasons"]) == (
        "/" + PAGE,
        "1",
        "100",
        "",
    )


def test_an_older_message_arriving_late_changes_nothing(receiver, db_url):
    """A beacon sent on page hide can overtake the fetch before it: the newer answer stays."""
    vote_id = str(uuid.uuid4())
    receiver.post("/api/feedback", message(vote_id, 3, reason="incomplete", comment="Puuttuu"), ORIGIN)
    code, answer = receiver.post("/api/feedback", message(vote_id, 2), ORIGIN)
    assert (code, answer["stored"]) == (200, "superseded")
    assert answers(db_url) == [(vote_id, 3, False, "incomplete", "Puuttuu")]
    code, answer = receiver.post("/api/feedback", message(vote_id, 3, reason="unclear"), ORIGIN)
    assert (code, answer["stored"]) == (200, "updated")  # the same revision again: the last one wins


def test_many_messages_about_one_vote_at_once_leave_one_row_with_the_newest(receiver, db_url):
    """Sent together they share group-committed batches: never a second row, never an older answer."""
    vote_id = str(uuid.uuid4())

    def send(revision: int) -> int:
        return receiver.post("/api/feedback", message(vote_id, revision, comment=f"r{revision}"), ORIGIN)[0]

    with ThreadPoolExecutor(max_workers=16) as pool:
        codes = list(pool.map(send, range(1, 41)))
    assert codes.count(201) == 1 and codes.count(200) == 39
    assert answers(db_url) == [(vote_id, 40, False, None, "r40")]


def test_an_update_cannot_move_a_vote_to_another_page_or_language(receiver, db_url):
    vote_id = str(uuid.uuid4())
    receiver.post("/api/feedback", message(vote_id, 1, helpful=True), ORIGIN)
    for moved in [{"page": OTHER_PAGE}, {"page": "et/call-centre/call-centre-faq/", "lang": "et"}]:
        code, answer = receiver.post("/api/feedback", message(vote_id, 2, **moved), ORIGIN)
        assert code == 409 and "another page or language" in answer["error"]
    [row] = rows(db_url)
    assert (row["page"], row["lang"], row["helpful"], row["revision"]) == (PAGE, "fi", True, 1)


def test_votes_on_three_pages_are_three_rows_and_old_clients_still_create_votes(receiver, db_url):
    pages = [PAGE, OTHER_PAGE, "fi/call-centre/holiday-opening-hours/"]
    for page in pages:
        receiver.post("/api/feedback", message(str(uuid.uuid4()), 1, page=page, helpful=True), ORIGIN)
    old_client = {"page": PAGE, "lang": "fi", "helpful": False, "reason": "unclear"}  # no id, no revision
    first, second = (receiver.post("/api/feedback", old_client, ORIGIN) for _ in range(2))
    assert first[0] == second[0] == 201 and first[1]["id"] != second[1]["id"]
    found = rows(db_url)
    assert [r["page"] for r in found] == [*pages, PAGE, PAGE]
    assert len({r["vote_id"] for r in found}) == 5


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"id": "not-a-uuid"}, "id: must be a UUID"),
        ({"id": "6F9619FF-8B86-4011-B42D-00C04FC964FF"}, "id: must be a UUID in lower case"),
        ({"id": "00000000-0000-0000-0000-000000000000"}, "id: must be a UUID"),
        ({"id": "{6f9619ff-8b86-4011-b42d-00c04fc964ff}"}, "id: must be a UUID"),
        ({"id": 42}, "id:"),
        ({"revision": -1}, "revision"),
        ({"revision": "2"}, "revision"),
        ({"revision": 2**31}, "revision"),
    ],
)
def test_bad_ids_and_revisions_are_refused(receiver, db_url, fields, reason):
    code, answer = receiver.post("/api/feedback", {**message(str(uuid.uuid4()), 1), **fields}, ORIGIN)
    assert code == 422 and reason in answer["error"], answer
    assert rows(db_url) == []


def test_a_beacon_body_sent_as_text_plain_is_a_vote_and_still_checked_for_its_origin(receiver, db_url):
    """navigator.sendBeacon(url, string) sends text/plain;charset=UTF-8 (no CORS preflight)."""
    vote_id = str(uuid.uuid4())
    beacon = {"Content-Type": "text/plain;charset=UTF-8"}
    assert receiver.post("/api/feedback", message(vote_id, 1), ORIGIN, headers=beacon)[0] == 201
    code, _ = receiver.post(
        "/api/feedback", message(vote_id, 2, comment="x"), "https://evil.example", headers=beacon
    )
    assert code == 403
    assert answers(db_url) == [(vote_id, 1, False, None, None)]


def test_votes_stored_before_vote_ids_stay_and_count(demo_site, db_url):
    """A database left by the previous receiver (schema 0002) is upgraded when the new one starts."""
    engine = engine_for(db_url)
    migrate(engine, "0002")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO votes (page, lang, helpful, reason, created_at) "
                "VALUES (:page, 'fi', false, 'unclear', :at), (:page, 'fi', true, NULL, :at)"
            ),
            {"page": PAGE, "at": "2026-11-01 12:00:00+00:00"},
        )
    engine.dispose()
    server = Receiver(demo_site, db_url, [ORIGIN]).start()
    try:
        vote_id = str(uuid.uuid4())
        server.post("/api/feedback", message(vote_id, 1, helpful=True), ORIGIN)
    finally:
        server.stop()
    assert answers(db_url) == [
        (None, 0, False, "unclear", None),
        (None, 0, True, None, None),
        (vote_id, 1, True, None, None),
    ]
    [page] = list(csv.DictReader(io.StringIO(report(db_url, "--format", "csv"))))
    assert (page["votes"], page["helpful %"]) == ("3", "67")


def report(db_url: str, *options: str) -> str:
    command = [sys.executable, "-m", "helpcentre.cli", "feedback", "report", "--db", db_url, *options]
    return subprocess.run(command, check=True, env=ENV, capture_output=True, text=True).stdout
