"""`helpcentre import zendesk-fetch` and `fetch_export` against a real HTTP server on loopback.

The server (zendesk_server.py) answers with recorded Help Center API v2 responses; the tests check the
files written, the requests made (auth header, retries, resumption) and that the token goes nowhere else.
No live Zendesk service is contacted.
"""

from __future__ import annotations

import base64
import email.utils
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from zendesk_server import API, KUVA, PDF, PNG, SHOT, Reply, ZendeskServer, file_host, help_centre, ok

from helpcentre.core.importer import fetch_files
from helpcentre.core.importer.fetch import STATE_FILE, fetch_export
from helpcentre.core.importer.fetch_http import FetchError, Limits, Token, retry_after

SECRET = "s3cret-api-token-0123456789"
EMAIL = "agent@example.org"
ENV = {"ZENDESK_EMAIL": EMAIL, "ZENDESK_API_TOKEN": SECRET}
BASIC = "Basic " + base64.b64encode(f"{EMAIL}/token:{SECRET}".encode()).decode()
ARTICLES_2 = f"{API}/articles.json?page=2&per_page=100"


class Sleeps(list):
    """The waits a run asked for, instead of waiting: tests never sleep."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def zendesk():
    with ZendeskServer() as server:
        server.routes.update(help_centre(server.origin))
        yield server


def fetch(server: ZendeskServer, out: Path, sleeps: Sleeps | None = None, **options):
    return fetch_export(
        server.origin, out, Token.from_env(ENV), sleep=Sleeps() if sleeps is None else sleeps, **options
    )


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def every_byte(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


def test_saves_the_export_layout_the_importer_reads(zendesk, tmp_path):
    out = tmp_path / "export"
    summary = fetch(zendesk, out)

    names = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.json"))
    assert [name for name in names if "/" not in name] == [
        "articles-0001.json",
        "articles-0002.json",
        "categories-0001.json",
        STATE_FILE,
        "sections-0001.json",
        "sections-0002.json",
    ]
    assert [item["id"] for item in read(out / "articles-0002.json")["articles"]] == [102]
    assert read(out / "sections-0002.json")["meta"]["has_more"] is False  # cursor pages kept as sent
    for kind, ids in {"categories": [1, 2], "sections": [201, 202], "articles": [101, 102]}.items():
        for number in ids:
            saved = read(out / "translations" / kind / f"{number}.json")
            assert saved["translations"] and all(t["source_id"] == number for t in saved["translations"])
    locales = [t["locale"] for t in read(out / "translations/articles/101.json")["translations"]]
    assert locales == ["en-us", "fi", "et"]  # two response pages joined into one file
    assert summary.items == {"categories": 2, "sections": 2, "articles": 2}
    assert summary.pages == {"categories": 1, "sections": 2, "articles": 2}
    assert read(out / STATE_FILE)["finished"] is True
    assert not list(out.rglob("*" + fetch_files.PARTIAL))


def test_attachments_and_inline_images_with_their_index(zendesk, tmp_path):
    out = tmp_path / "export"
    fetch(zendesk, out)

    assert (out / "attachments/9001/diagram.png").read_bytes() == PNG
    assert (out / "attachments/9002/kuva.png").read_bytes() == KUVA  # only in the Finnish body
    assert (out / "attachments/9003/user-manual.pdf").read_bytes() == PDF  # after a redirect
    index = read(out / "attachments/index.json")
    assert index["articles"]["101"] == {
        f"{zendesk.origin}/hc/article_attachments/9001/diagram.png": "attachments/9001/diagram.png",
        f"{zendesk.origin}/hc/article_attachments/9003/user%20manual.pdf": "attachments/9003/user-manual.pdf",
        "/hc/article_attachments/9001/diagram.png": "attachments/9001/diagram.png",  # as the body has it
        "https://cdn.example.org/logo.png": None,
        f"{zendesk.origin}/hc/fi/article_attachments/9002/kuva.png": "attachments/9002/kuva.png",
    }
    token_url = "/attachments/token/AbC123/?name=screen%20shot.png"  # an image pasted in Support
    shot = index["articles"]["102"][token_url]
    assert shot.startswith("attachments/other/") and shot.endswith("/screen-shot.png")
    assert (out / shot).read_bytes() == SHOT
    assert index["articles"]["102"]["javascript:alert(1)"] is None  # data: URLs are not references
    assert len(index["articles"]["102"]) == 3  # as written and absolute, and the refused one
    assert index["not_downloaded"] == {
        "https://cdn.example.org/logo.png": "on another site: left as a link to it",
        "javascript:alert(1)": "not an https:// address: left as it is",
    }
    assert index["files"]["attachments/9001/diagram.png"] == {
        "url": f"{zendesk.origin}/hc/article_attachments/9001/diagram.png",
        "bytes": len(PNG),
        "content_type": "image/png",
    }
    assert zendesk.count("/hc/article_attachments/9001/diagram.png") == 1  # two spellings, one download
    accepts = {seen.target.split("?")[0].rsplit(".", 1)[-1]: seen.headers["Accept"] for seen in zendesk.seen}
    assert accepts["json"] == "application/json" and accepts["png"] == "*/*"


def test_token_sent_to_the_help_centre_only_and_never_written(tmp_path):
    with ZendeskServer() as zendesk, file_host() as files:
        zendesk.routes.update(help_centre(zendesk.origin, files_origin=files.origin))
        out = tmp_path / "export"
        fetch(zendesk, out)
        assert (out / "attachments/9003/user-manual.pdf").read_bytes() == PDF
        assert zendesk.seen and all(seen.headers.get("Authorization") == BASIC for seen in zendesk.seen)
        assert [seen.target for seen in files.seen] == ["/signed/manual.pdf?sig=abc"]
        assert "Authorization" not in files.seen[0].headers  # a redirect to another origin drops it
    content = every_byte(out)
    for secret in (SECRET, BASIC.split()[1], EMAIL):
        assert secret.encode() not in content


def test_bearer_token_from_the_oauth_variable(zendesk, tmp_path):
    token = Token.from_env({"ZENDESK_OAUTH_TOKEN": "oauth-abc"})
    fetch_export(zendesk.origin, tmp_path / "x", token, attachments=False, sleep=Sleeps())
    assert {seen.headers.get("Authorization") for seen in zendesk.seen} == {"Bearer oauth-abc"}
    assert "oauth-abc" not in repr(token)


def test_rate_limit_waits_as_told_then_goes_on(zendesk, tmp_path):
    zendesk.routes[ARTICLES_2].insert(0, Reply(429, b"{}", {"Retry-After": "0"}))
    zendesk.routes[ARTICLES_2].insert(0, Reply(429, b"{}", {"Retry-After": "1"}))
    sleeps = Sleeps()
    fetch(zendesk, tmp_path / "export", sleeps)
    assert sleeps == [1.0, 0.0]
    assert zendesk.count(ARTICLES_2) == 3
    assert (tmp_path / "export/articles-0002.json").is_file()


def test_a_help_centre_that_cannot_be_reached_is_retried_then_named(tmp_path):
    with ZendeskServer() as gone:
        origin = gone.origin
    sleeps = Sleeps()
    with pytest.raises(FetchError, match=r"could not reach 127\.0\.0\.1:\d+: .* run the command again"):
        fetch_export(origin, tmp_path / "x", sleep=sleeps, limits=Limits(max_retries=2))
    assert sleeps == [1.0, 2.0]


def test_rate_limit_gives_up_after_the_retries_with_what_to_do(zendesk, tmp_path):
    zendesk.routes[ARTICLES_2] = [Reply(429, b"{}", {"Retry-After": "1"})]
    sleeps = Sleeps()
    with pytest.raises(FetchError) as failure:
        fetch(zendesk, tmp_path / "export", sleeps, limits=Limits(max_retries=2))
    assert "HTTP 429 (rate limited) after 3 tries" in str(failure.value)
    assert "run the same command again" in str(failure.value)
    assert sleeps == [1.0, 1.0] and zendesk.count(ARTICLES_2) == 3


def test_a_retry_after_longer_than_the_limit_stops_at_once(zendesk, tmp_path):
    zendesk.routes[ARTICLES_2] = [Reply(429, b"{}", {"Retry-After": "3600"})]
    with pytest.raises(FetchError, match="asks to wait 3600 s"):
        fetch(zendesk, tmp_path / "export", limits=Limits(max_wait=60))
    assert zendesk.count(ARTICLES_2) == 1


def test_an_interrupted_run_resumes_where_it_stopped(zendesk, tmp_path):
    out = tmp_path / "export"
    zendesk.routes[ARTICLES_2].insert(0, Reply(500, b"oops"))
    with pytest.raises(FetchError, match="answered HTTP 500"):
        fetch(zendesk, out)
    state = read(out / STATE_FILE)
    assert state["finished"] is False and state["stage"] == "articles"
    assert state["url"] == f"{zendesk.origin}{ARTICLES_2}" and "HTTP 500" in state["error"]
    assert (out / "articles-0001.json").is_file() and not (out / "articles-0002.json").exists()
    (out / ("articles-0002.json" + fetch_files.PARTIAL)).write_text(
        '{"articles": [', encoding="utf-8"
    )  # killed mid-write

    summary = fetch(zendesk, out)
    first_pages = [f"{API}/{kind}.json?page[size]=100" for kind in ("categories", "sections", "articles")]
    assert [zendesk.count(target) for target in first_pages] == [1, 1, 1]  # not asked again
    assert zendesk.count(ARTICLES_2) == 2
    assert read(out / STATE_FILE)["finished"] is True and "error" not in read(out / STATE_FILE)
    assert summary.reused == 4  # categories 1, sections 1 and 2, articles 1
    assert not (out / ("articles-0002.json" + fetch_files.PARTIAL)).exists()

    requests = len(zendesk.seen)
    again = fetch(zendesk, out)  # a finished export: everything is on disk
    assert len(zendesk.seen) == requests and again.requests == 0


def test_ctrl_c_is_recorded_in_the_state_file(zendesk, tmp_path):
    def interrupt(_seconds: float) -> None:
        raise KeyboardInterrupt

    zendesk.routes[ARTICLES_2].insert(0, Reply(429, b"{}", {"Retry-After": "5"}))
    with pytest.raises(KeyboardInterrupt):
        fetch_export(zendesk.origin, tmp_path / "x", Token.from_env(ENV), sleep=interrupt)
    state = read(tmp_path / "x" / STATE_FILE)
    assert state["error"] == "interrupted (Ctrl-C) — run the same command again to go on"
    assert state["stage"] == "articles" and state["finished"] is False


@pytest.mark.parametrize(
    ("status", "token", "expected"),
    [
        (401, True, "did not accept the credentials (HTTP 401) — check ZENDESK_EMAIL and ZENDESK_API_TOKEN"),
        (403, True, "may not read this (HTTP 403) — use an agent or admin account"),
        (401, False, "wants a signed-in account (HTTP 401) — set ZENDESK_EMAIL and ZENDESK_API_TOKEN"),
        (404, True, "nothing there (HTTP 404) — check the address is the help centre's"),
    ],
)
def test_http_errors_say_what_to_do(zendesk, tmp_path, status, token, expected):
    zendesk.routes[f"{API}/categories.json?page[size]=100"] = [Reply(status, b"{}")]
    credentials = Token.from_env(ENV) if token else None
    with pytest.raises(FetchError) as failure:
        fetch_export(zendesk.origin, tmp_path / "x", credentials, sleep=Sleeps())
    assert expected in str(failure.value)


def test_an_item_deleted_while_fetching_is_a_warning(zendesk, tmp_path):
    del zendesk.routes[f"{API}/articles/102/translations.json?per_page=100"]
    summary = fetch(zendesk, tmp_path / "x")
    assert summary.warnings == ["article 102 is gone (HTTP 404) — it was deleted while fetching; not saved"]
    assert not (tmp_path / "x/translations/articles/102.json").exists()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://example.zendesk.com", "is plain HTTP — use https://"),
        ("https://example.zendesk.com/hc/en-us", "has a path or query"),
        ("https://me:pw@example.zendesk.com", "has a user name or password in it"),
        ("ftp://example.zendesk.com", "is not a web address"),
    ],
)
def test_addresses_refused_before_any_request(tmp_path, url, expected):
    with pytest.raises(FetchError, match=re.escape(expected)):
        fetch_export(url, tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_a_next_page_on_another_site_is_not_followed(zendesk, tmp_path):
    page = {"categories": [], "next_page": "https://evil.example.net/steal.json"}
    zendesk.routes[f"{API}/categories.json?page[size]=100"] = [ok(page)]
    with pytest.raises(FetchError, match=r"is not on http://127\.0\.0\.1"):
        fetch(zendesk, tmp_path / "x")


def test_answers_are_bounded_in_size(zendesk, tmp_path):
    with pytest.raises(FetchError, match="larger than 0 MB"):
        fetch(zendesk, tmp_path / "x", limits=Limits(max_json_bytes=100))


def test_an_oversized_or_missing_file_is_left_as_a_link_and_the_rest_saved(zendesk, tmp_path):
    zendesk.routes["/hc/fi/article_attachments/9002/kuva.png"] = [Reply(404, b"")]
    summary = fetch(zendesk, tmp_path / "x", limits=Limits(max_file_bytes=len(PNG) - 1))
    index = read(tmp_path / "x/attachments/index.json")
    assert index["not_downloaded"][f"{zendesk.origin}/hc/fi/article_attachments/9002/kuva.png"] == (
        "HTTP 404 when downloading"
    )
    too_big = index["not_downloaded"]["/hc/article_attachments/9001/diagram.png"]
    assert too_big.startswith(f"the answer from {zendesk.origin}/hc/article_attachments/9001/diagram.png")
    assert "larger than 0 MB" in too_big and len(summary.warnings) == 2
    assert not (tmp_path / "x/attachments/9001/diagram.png").exists()
    assert zendesk.count("/hc/article_attachments/9001/diagram.png") == 1  # a failed file is tried once
    assert (tmp_path / "x/attachments/9003/user-manual.pdf").read_bytes() == PDF  # smaller: saved


def test_not_json_names_the_address(zendesk, tmp_path):
    zendesk.routes[f"{API}/categories.json?page[size]=100"] = [Reply(200, b"<html>Sign in</html>")]
    with pytest.raises(FetchError, match=r"is not JSON .* not a sign-in page"):
        fetch(zendesk, tmp_path / "x")


def test_folders_it_did_not_write_are_refused(zendesk, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(FetchError, match="not empty and no earlier fetch wrote it"):
        fetch(zendesk, tmp_path / "mine")
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]
    fetch(zendesk, tmp_path / "export", attachments=False)
    with pytest.raises(FetchError, match=r"holds an export of http://127\.0\.0\.1"):
        fetch_export("https://other.zendesk.com", tmp_path / "export")


def test_ids_and_file_names_from_the_answers_cannot_leave_the_folder(zendesk, tmp_path):
    page = {"categories": [{"id": "../../escape"}, {"id": 1, "name": "Fine"}], "next_page": None}
    zendesk.routes[f"{API}/categories.json?page[size]=100"] = [ok(page)]
    summary = fetch(zendesk, tmp_path / "x", attachments=False)
    assert (
        "categories-0001.json: a category without a numeric id ('../../escape') skipped" in summary.warnings
    )
    assert not list(tmp_path.glob("escape*")) and (tmp_path / "x/translations/categories/1.json").is_file()
    assert fetch_files.file_name_for("https://h/hc/article_attachments/1/x.png", "../../etc/passwd") == (
        "1/etc-passwd"
    )
    assert fetch_files.safe_name("..") == "file"


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        (" 0 ", 0.0),
        ("-3", 0.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
        ("soon", 4.0),
        (None, 4.0),
    ],
)
def test_retry_after_in_seconds_or_as_a_date(header, seconds):
    assert retry_after(header, default=4.0) == seconds


def test_retry_after_a_date_in_the_future():
    later = email.utils.formatdate(time.time() + 120, usegmt=True)
    assert 100 < retry_after(later, default=0) <= 120


def test_token_variables_are_checked():
    assert Token.from_env({}) is None
    with pytest.raises(FetchError, match="ZENDESK_API_TOKEN is not set"):
        Token.from_env({"ZENDESK_EMAIL": EMAIL})
    with pytest.raises(FetchError, match="both ZENDESK_OAUTH_TOKEN and"):
        Token.from_env({**ENV, "ZENDESK_OAUTH_TOKEN": "x"})


def helpcentre(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("helpcentre")), *args]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **env}, timeout=120)


def test_the_command_fetches_and_reports_without_the_token(zendesk, tmp_path):
    done = helpcentre("import", "zendesk-fetch", zendesk.origin, "--out", str(tmp_path / "e"), env=ENV)
    assert done.returncode == 0, done.stderr
    assert "articles: 2 in 2 pages" in done.stderr
    assert "saved" in done.stdout and str(tmp_path / "e") in done.stdout
    assert (tmp_path / "e/attachments/9001/diagram.png").is_file()
    for secret in (SECRET, BASIC.split()[1]):
        assert secret not in done.stdout + done.stderr


def test_the_command_fails_in_one_line_without_a_traceback(zendesk, tmp_path):
    zendesk.routes[f"{API}/categories.json?page[size]=100"] = [Reply(401, b"{}")]
    done = helpcentre("import", "zendesk-fetch", zendesk.origin, "--out", str(tmp_path / "e"), env=ENV)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and SECRET not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("helpcentre import zendesk-fetch: ")
    assert "HTTP 401" in done.stderr


def test_no_saved_name_looks_like_a_file_being_written():
    """The end of a run removes leftovers by their suffix: no attachment may be saved with that ending."""
    assert fetch_files.safe_name("backup.part") == "backup.part"
    assert not fetch_files.safe_name("notes" + fetch_files.PARTIAL).endswith(fetch_files.PARTIAL)
