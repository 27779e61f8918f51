"""Contact requests through the real receiver to a real SMTP server and a real webhook on loopback,
on SQLite and PostgreSQL: stored before the 202, delivered once, retried until the target is back."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from contact_servers import SmtpServer, Webhook, wait_until
from receiver import Receiver, db_url, rows  # noqa: F401 (fixtures)

from conftest import ENV
from helpcentre.core.feedback.manifest import manifest_json

ORIGIN = "http://help.example"
SITE_URL = "https://help.example.org/"
FAST = ["--contact-retry-max", "0.2"]  # retries every 0.2 s at most: the tests wait for deliveries


@pytest.fixture
def site(tmp_path):
    """A built site's manifest: two languages, categories in each, a site URL."""
    pages = {"en": ["billing/refunds/", "billing/invoices/"], "fi": ["fi/billing/refunds/"]}
    categories = {
        "en": [{"slug": "billing", "title": "Billing"}, {"slug": "account", "title": "Your account"}],
        "fi": [{"slug": "billing", "title": "Laskutus"}],
    }
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "helpcentre-feedback.json").write_text(
        manifest_json(pages, ["unclear"], categories, SITE_URL), encoding="utf-8"
    )
    return folder


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


def contact(**fields) -> dict:
    return {
        "lang": "fi",
        "subject": "Hyvitys puuttuu",
        "message": "Tilasin 3.11. enkä ole saanut hyvitystä.\nMitä teen?",
        "email": "asiakas@example.com",
        "topic": "billing",
        "page": "fi/billing/refunds/",
        "suggestions_opened": ["fi/billing/refunds/", "billing/invoices/"],
        "website": "",
        "elapsed_ms": 45_000,
        **fields,
    }


def mail_to(smtp: SmtpServer, *extra: str) -> list[str]:
    return ["--contact-to", "support@example.org", "--smtp", smtp.url, *FAST, *extra]


def deliveries(db: str) -> list[dict]:
    return rows(db, "contact_deliveries")


def delivered(db: str) -> bool:
    found = deliveries(db)
    return bool(found) and all(row["state"] == "delivered" for row in found)


def test_a_request_is_stored_before_the_202_and_mailed_once(site, db_url, smtp):
    server = Receiver(site, db_url, [ORIGIN], extra=mail_to(smtp)).start()
    try:
        status, answer = server.post("/api/contact", contact(), ORIGIN)
        [stored] = rows(db_url, "contact_requests")  # read right after the answer: it is there
        [mail] = smtp.mails(1)
        wait_until(lambda: delivered(db_url), what="the delivery being marked")
    finally:
        server.stop()
    assert status == 202 and answer["ok"] and len(answer["id"]) == 32
    assert (stored["id"], stored["email"], stored["suggestions_opened"]) == (
        answer["id"],
        "asiakas@example.com",
        2,
    )
    assert mail["Message-ID"] == f"<{answer['id']}@helpcentre>"
    assert mail["Reply-To"] == "asiakas@example.com"
    assert mail["To"] == "support@example.org" and "helpcentre@example.org" in mail["From"]
    assert mail["Subject"] == "Hyvitys puuttuu" and mail["Content-Language"] == "fi"
    body = mail.get_content().replace("\r\n", "\n")  # CRLF on the wire
    assert body.startswith("Tilasin 3.11. enkä ole saanut hyvitystä.\nMitä teen?\n")
    for line in [
        "Language: fi",
        "Topic: Laskutus (billing)",
        "Written from: https://help.example.org/fi/billing/refunds/",
        "- https://help.example.org/fi/billing/refunds/",
        "- https://help.example.org/billing/invoices/",
    ]:
        assert line in body.splitlines()
    [row] = deliveries(db_url)
    assert (row["target"], row["attempts"], row["last_error"]) == ("smtp", 1, None)
    assert len(smtp.inbox.items) == 1


def test_the_webhook_gets_json_and_is_retried_with_the_same_idempotency_key(site, db_url, smtp):
    hook = Webhook(failures=2).start()
    extra = [*mail_to(smtp), "--contact-webhook", hook.url]
    server = Receiver(site, db_url, [ORIGIN], extra=extra).start()
    try:
        _, answer = server.post("/api/contact", contact(topic=None, suggestions_opened=[]), ORIGIN)
        posts = hook.inbox.wait_for(3)
        smtp.mails(1)
        wait_until(lambda: delivered(db_url), what="both deliveries being marked")
    finally:
        server.stop()
        hook.stop()
    assert [failing for _, _, failing in posts] == [True, True, False]
    assert {headers["Idempotency-Key"] for headers, _, _ in posts} == {answer["id"]}
    payload = posts[-1][1]
    assert payload["id"] == answer["id"] and payload["email"] == "asiakas@example.com"
    assert (payload["topic"], payload["topic_title"], payload["suggestions_opened"]) == (None, None, [])
    assert payload["page"] == "https://help.example.org/fi/billing/refunds/"
    attempts = {row["target"]: row["attempts"] for row in deliveries(db_url)}
    assert attempts == {"smtp": 1, "webhook": 3}
    assert len(smtp.inbox.items) == 1 and len(hook.inbox.items) == 3
    assert "s3cret" not in "".join(server.log)  # the webhook's token never reaches the log


@pytest.mark.parametrize(
    "fields, code, reason",
    [
        ({"subject": "Hi\r\nBcc: everyone@example.org"}, "invalid", "subject: must be one line"),
        ({"subject": "x" * 201}, "invalid", "subject"),
        ({"subject": ""}, "invalid", "subject"),
        ({"message": "x" * 5001}, "invalid", "message"),
        ({"email": "not an address"}, "invalid", "email"),
        ({"email": "a@b.example\r\nBcc: x@example.org"}, "invalid", "email"),
        ({"lang": "de"}, "invalid", "unknown language"),
        ({"topic": "shipping"}, "invalid", "unknown topic"),
        ({"suggestions_opened": ["billing/refunds/"] * 6}, "invalid", "suggestions_opened"),
        ({"suggestions_opened": ["https://evil.example/"]}, "invalid", "not a site-relative URL"),
        ({"page": "//evil.example/x"}, "invalid", "not a site-relative URL"),
        ({"website": "http://spam.example"}, "honeypot", "must stay empty"),
        ({"elapsed_ms": 900}, "too_fast", "take your time"),
        ({"elapsed_ms": None}, "invalid", "elapsed_ms"),
        ({"cc": "x@example.org"}, "invalid", "cc"),
    ],
)
def test_bad_requests_are_refused_with_a_code_and_not_stored(site, db_url, smtp, fields, code, reason):
    server = Receiver(site, db_url, [ORIGIN], extra=mail_to(smtp)).start()
    try:
        status, answer = server.post("/api/contact", contact(**fields), ORIGIN)
    finally:
        server.stop()
    assert (status, answer["ok"], answer["code"]) == (422, False, code)
    assert reason in answer["error"]
    assert rows(db_url, "contact_requests") == [] and smtp.inbox.items == []


def test_unknown_pages_are_left_out_rather_than_costing_the_customer_the_request(site, db_url, smtp):
    """An article removed since the form was loaded is context, not the message: it is dropped."""
    server = Receiver(site, db_url, [ORIGIN], extra=mail_to(smtp)).start()
    try:
        sent = contact(page="fi/gone/", suggestions_opened=["gone/", "billing/invoices/"])
        assert server.post("/api/contact", sent, ORIGIN)[0] == 202
        [mail] = smtp.mails(1)
    finally:
        server.stop()
    assert "gone" not in mail.get_content() and "billing/invoices/" in mail.get_content()
    [stored] = rows(db_url, "contact_requests")
    assert (stored["page"], json.loads(stored["suggestions"])) == (None, ["billing/invoices/"])


def test_without_targets_contact_is_off_and_says_so(site, db_url):
    server = Receiver(site, db_url, [ORIGIN]).start()
    try:
        status = server.get("/api/contact")
        refused = server.post("/api/contact", contact(), ORIGIN)
    finally:
        server.stop()
    assert status == (200, {"ok": True, "enabled": False})
    assert refused[0] == 404 and refused[1]["code"] == "disabled"
    assert "write to the support address" in refused[1]["error"]


def test_the_page_can_ask_whether_contact_is_on_and_within_which_bounds(site, db_url, smtp):
    server = Receiver(site, db_url, [ORIGIN], extra=mail_to(smtp)).start()
    try:
        assert server.get("/api/contact") == (
            200,
            {
                "ok": True,
                "enabled": True,
                "min_fill_ms": 3000,
                "max_subject": 200,
                "max_message": 5000,
                "max_suggestions": 5,
            },
        )
    finally:
        server.stop()


def test_other_origins_and_busy_clients_are_refused(site, db_url, smtp):
    extra = [*mail_to(smtp), "--contact-rate-limit", "2"]
    server = Receiver(site, db_url, [ORIGIN], extra=extra).start()
    try:
        other = server.post("/api/contact", contact(), "https://evil.example")
        codes = [server.post("/api/contact", contact(), ORIGIN)[0] for _ in range(3)]
        vote = server.post("/api/feedback", {"page": "fi/billing/refunds/", "lang": "fi", "helpful": True})
        smtp.mails(2)
    finally:
        server.stop()
    assert other[0] == 403
    assert codes == [202, 202, 429]
    assert vote[0] == 201  # the tighter limit is the contact form's alone
    assert len(rows(db_url, "contact_requests")) == 2


def test_a_request_accepted_while_mail_is_down_survives_sigkill_and_arrives_once(site, db_url, smtp):
    smtp.stop()
    first = Receiver(site, db_url, [ORIGIN], extra=mail_to(smtp)).start()
    status, answer = first.post("/api/contact", contact(), ORIGIN)
    assert status == 202
    wait_until(lambda: deliveries(db_url)[0]["last_error"], what="a failed attempt")
    first.kill()
    smtp.start()
    second = Receiver(site, db_url, [ORIGIN], port=first.port, extra=mail_to(smtp)).start()
    try:
        [mail] = smtp.mails(1)
        wait_until(lambda: delivered(db_url), what="the delivery being marked")
        # Another request after the restart is mailed too: the worker is alive, and the first one is
        # not sent again with it.
        assert second.post("/api/contact", contact(subject="Toinen"), ORIGIN)[0] == 202
        mails = smtp.mails(2)
        wait_until(lambda: delivered(db_url), what="the second delivery being marked")
    finally:
        second.stop()
    assert mail["Message-ID"] == f"<{answer['id']}@helpcentre>"
    assert [m["Subject"] for m in mails] == ["Hyvitys puuttuu", "Toinen"]
    assert len(smtp.inbox.items) == 2
    assert any("not delivered to smtp" in line for line in first.log)


def test_delivered_requests_are_emptied_after_the_retention_and_undelivered_kept(site, db_url, smtp):
    hook = Webhook(failures=10**6).start()  # a webhook that never takes anything
    server = Receiver(site, db_url, [ORIGIN], extra=mail_to(smtp)).start()
    try:
        server.post("/api/contact", contact(), ORIGIN)
        smtp.mails(1)
        wait_until(lambda: delivered(db_url), what="the delivery being marked")
    finally:
        server.stop()
    stuck = Receiver(site, db_url, [ORIGIN], extra=[*FAST, "--contact-webhook", hook.url]).start()
    try:
        stuck.post("/api/contact", contact(subject="Stuck"), ORIGIN)
        hook.inbox.wait_for(1)
    finally:
        stuck.stop()
    extra = [*mail_to(smtp), "--contact-webhook", hook.url, "--contact-retention-days", "0"]
    again = Receiver(site, db_url, [ORIGIN], extra=extra).start()  # the purge runs before it listens
    again.stop()
    hook.stop()
    emptied, kept = sorted(rows(db_url, "contact_requests"), key=lambda row: row["created_at"])
    assert [emptied[key] for key in ("subject", "message", "email", "page", "suggestions")] == [None] * 5
    assert (emptied["lang"], emptied["topic"], emptied["suggestions_opened"]) == ("fi", "billing", 2)
    assert emptied["purged_at"] is not None
    assert (kept["subject"], kept["email"], kept["purged_at"]) == ("Stuck", "asiakas@example.com", None)
    assert any("1 request(s) older than the retention are still undelivered" in x for x in again.log)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # loopback only
def test_the_smtp_password_can_come_from_the_environment(site, db_url):
    smtp = SmtpServer(login=("helpdesk", "pa:ss@word")).start()
    url = f"smtp://helpdesk@127.0.0.1:{smtp.port}"
    extra = ["--contact-to", "support@example.org", "--smtp", url, *FAST]
    server = Receiver(site, db_url, [ORIGIN], extra=extra).start({"HELPCENTRE_SMTP_PASSWORD": "pa:ss@word"})
    try:
        server.post("/api/contact", contact(), ORIGIN)
        smtp.mails(1)
    finally:
        server.stop()
        smtp.stop()
    assert "pa:ss@word" not in "".join(server.log)


@pytest.mark.parametrize(
    "options, message",
    [
        (["--contact-to", "support@example.org"], "--contact-to needs --smtp"),
        (["--smtp", "smtp://127.0.0.1:25"], "--smtp needs --contact-to"),
        (["--contact-to", "not-an-address", "--smtp", "smtp://127.0.0.1"], "--contact-to"),
        (["--contact-to", "s@example.org", "--smtp", "http://127.0.0.1"], "expected smtp://host:port"),
        (["--contact-to", "s@example.org", "--smtp", "smtp://u@127.0.0.1"], "HELPCENTRE_SMTP_PASSWORD"),
        (["--contact-to", "s@example.org", "--smtp", "smtps://h?starttls=1"], "goes with smtp://"),
        (["--contact-webhook", "ftp://example.org/"], "http:// or https://"),
    ],
)
def test_bad_contact_options_stop_the_receiver_with_a_reason(site, tmp_path, options, message):
    env = {key: value for key, value in ENV.items() if key != "HELPCENTRE_SMTP_PASSWORD"}
    done = subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", "feedback", "serve", "--site", str(site), *options],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_the_build_lists_each_languages_categories_for_the_contact_topics(demo_site):
    manifest = json.loads((demo_site / "helpcentre-feedback.json").read_text(encoding="utf-8"))
    assert set(manifest["categories"]) == set(manifest["pages"])
    for lang, categories in manifest["categories"].items():
        assert categories, lang
        assert all(entry["slug"] and entry["title"] for entry in categories)
    assert [c["slug"] for c in manifest["categories"]["en"]] == [
        c["slug"] for c in manifest["categories"]["fi"]
    ]
