"""The real receiver (`helpcentre feedback serve`) in a subprocess on loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from urllib import error, request

import pytest
from sqlalchemy import create_engine, text

from conftest import ENV, free_port

POSTGRES_ENV = (
    "HELPCENTRE_TEST_POSTGRES"  # e.g. postgresql+psycopg://helpcentre:helpcentre@127.0.0.1/helpcentre
)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A new, empty database for each test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
        return
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set: .ci/run should have started PostgreSQL")
        pytest.skip(f"set {POSTGRES_ENV} to run against PostgreSQL")
    name = f"hc_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


class Receiver:
    """`helpcentre feedback serve` as a user starts it; ready once uvicorn says it listens."""

    def __init__(
        self,
        site: Path,
        db: str,
        origins: list[str],
        rate_limit: int = 0,
        port: int | None = None,
        extra: list[str] = (),
    ):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = [
            sys.executable,
            "-m",
            "helpcentre.cli",
            "feedback",
            "serve",
            "--site",
            str(site),
            "--db",
            db,
            "--port",
            str(self.port),
            "--rate-limit",
            str(rate_limit),
        ]
        for origin in origins:
            self.args += ["--origin", origin]
        self.args += list(extra)
        self.process = None
        self.log: list[str] = []  # its standard error, read all along so a chatty receiver never blocks
        self.reader = None

    def start(self, env: dict | None = None) -> Receiver:
        self.process = subprocess.Popen(
            self.args, stderr=subprocess.PIPE, text=True, env={**ENV, "HELPCENTRE_LOG": "info", **(env or {})}
        )
        for line in self.process.stderr:
            self.log.append(line)
            if "Uvicorn running on" in line:
                self.reader = threading.Thread(target=self._read_log, daemon=True)
                self.reader.start()
                return self
        raise AssertionError(f"the receiver did not start (exit {self.process.wait()}): {''.join(self.log)}")

    def _read_log(self) -> None:
        for line in self.process.stderr:
            self.log.append(line)

    def stop(self) -> None:
        self.process.terminate()
        self._reap()

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as when the machine or the OOM killer ends it."""
        self.process.kill()
        self._reap()

    def _reap(self) -> None:
        self.process.wait(timeout=10)
        if self.reader is not None:
            self.reader.join(timeout=10)
        self.process.stderr.close()

    def post(
        self,
        path: str,
        body,
        origin: str | None = None,
        raw: bytes | None = None,
        headers: dict | None = None,
    ) -> tuple[int, dict]:
        data = raw if raw is not None else json.dumps(body).encode()
        headers = {
            "Content-Type": "application/json",
            **({"Origin": origin} if origin else {}),
            **(headers or {}),
        }
        return _answer(request.Request(self.url + path, data, headers, method="POST"))

    def get(self, path: str) -> tuple[int, dict]:
        return _answer(request.Request(self.url + path))


def _answer(sent: request.Request) -> tuple[int, dict]:
    """Status and JSON body; a body that is not JSON fails the test (every answer must be JSON)."""
    try:
        with request.urlopen(sent, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


@pytest.fixture
def receiver(demo_site, db_url):
    server = Receiver(demo_site, db_url, ["http://help.example"]).start()
    yield server
    server.stop()


def rows(db_url: str, table: str = "votes") -> list[dict]:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        found = [dict(r._mapping) for r in connection.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
    engine.dispose()
    return found
