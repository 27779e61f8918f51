"""Load on the feedback receiver over loopback, and a crash in the middle of it.

Results go to handbook/docs/en/development/benchmarks.md, section "Feedback receiver load".

Starts `helpcentre feedback serve` (SQLite by default, or --db URL) with a manifest of 100 pages,
drives it with N concurrent keep-alive HTTP clients for S seconds, and prints votes/s, p50/p99
latency and whether every vote answered 2xx is in the database. Every --contact-every'th request is
a contact request instead, delivered by the receiver to an SMTP server (aiosmtpd) on loopback in this
process; after the load the script waits for the outbox to drain and counts contact requests
answered 202, stored, and received by the SMTP server (and any received twice). Three runs: as fast
as the clients can go, paced at --rate requests/s in total, and as fast as possible with the server
killed by SIGKILL halfway and started again (clients reconnect and keep going). The load generator
runs on the same machine, so on 2 cores it takes CPU from the server. With --db every run writes to
that one database (give an empty one); "rows" then adds up across runs.

    .venv/bin/python benchmarks/feedback_load.py [--clients 50] [--seconds 30] [--rate 1000] [--db URL]
        [--contact-every 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text

PAGES = [f"guides/page-{n}/" for n in range(100)]
DRAIN = 300.0  # seconds to wait after the load for every stored contact request to be delivered


class Mailbox:
    """aiosmtpd's handler: the Message-IDs received, duplicates included."""

    def __init__(self):
        self.ids: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, _server, _session, envelope) -> str:
        for line in envelope.original_content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                with self.lock:
                    self.ids.append(line.split(b"<")[1].split(b"@")[0].decode())
                break
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(site: Path, db: str, port: int, smtp_port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
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
            str(port),
            "--rate-limit",
            "0",
            "--origin",
            "http://bench",
            "--contact-to",
            "support@bench.example",
            "--smtp",
            f"smtp://127.0.0.1:{smtp_port}",
            "--contact-rate-limit",
            "0",
            "--contact-retry-max",
            "1",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HELPCENTRE_LOG": "info"},
    )
    for line in process.stderr:
        if "Uvicorn running on" in line:
            return process
    raise SystemExit("the receiver did not start")


def drain(stream) -> None:
    """Reads the receiver's log for ever, so a chatty receiver never blocks on a full pipe."""
    threading.Thread(target=lambda: stream.read(), daemon=True).start()


class Client:
    """One keep-alive connection posting votes; each vote carries a unique comment to find it later."""

    def __init__(self, number: int, port: int, results: dict, contact_every: int):
        self.number, self.port, self.results = number, port, results
        self.contact_every = contact_every
        self.reader = self.writer = None

    def body(self, sequence: int) -> tuple[bytes, bytes]:
        if self.contact_every and sequence % self.contact_every == 0:
            contact = {
                "lang": "en",
                "subject": f"Question {self.number}-{sequence}",
                "message": "Where is my refund? " * 20,
                "email": f"customer{self.number}@example.com",
                "topic": "guides",
                "suggestions_opened": PAGES[:2],
                "elapsed_ms": 30_000,
            }
            return b"/api/contact", json.dumps(contact).encode()
        vote = {
            "page": PAGES[sequence % len(PAGES)],
            "lang": "en",
            "helpful": sequence % 3 != 0,
            "comment": f"c{self.number}-{sequence}",
        }
        return b"/api/feedback", json.dumps(vote).encode()

    async def request(self, sequence: int) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        path, body = self.body(sequence)
        self.writer.write(
            b"POST %s HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (path, len(body), body)
        )
        status = int((await self.reader.readline()).split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return status, await self.reader.readexactly(length)

    async def run(self, until: float, interval: float, clients: int) -> None:
        # Paced clients start spread over one interval, so the load is even rather than 50 at once.
        sequence, next_send = 0, time.monotonic() + interval * self.number / clients
        while time.monotonic() < until:
            if interval:  # paced: this client's share of the target rate
                next_send += interval
                await asyncio.sleep(max(0.0, next_send - time.monotonic()))
            sequence += 1
            started = time.perf_counter()
            try:
                status, answer = await self.request(sequence)
            except (OSError, IndexError, ValueError, asyncio.IncompleteReadError):
                self.results["errors"] += 1
                self.writer = None
                await asyncio.sleep(0.01)  # the server is down: reconnect shortly, do not spin
                continue
            self.results["latencies"].append(time.perf_counter() - started)
            if status == 202:
                self.results["contacts"].add(json.loads(answer)["id"])
            elif 200 <= status < 300:
                self.results["acked"].add(f"c{self.number}-{sequence}")
            else:
                self.results["refused"] += 1


async def load(port: int, clients: int, seconds: float, rate: float, contact_every: int) -> dict:
    results = {"latencies": [], "acked": set(), "contacts": set(), "errors": 0, "refused": 0}
    until = time.monotonic() + seconds
    interval = clients / rate if rate else 0.0
    await asyncio.gather(
        *(Client(n, port, results, contact_every).run(until, interval, clients) for n in range(clients))
    )
    return results


def stored_rows(db: str) -> tuple[set[str], set[str], int]:
    """Vote comments, contact request ids, and how many deliveries are still pending."""
    engine = create_engine(db)
    with engine.connect() as connection:
        comments = {row[0] for row in connection.execute(text("SELECT comment FROM votes"))}
        requests = {row[0] for row in connection.execute(text("SELECT id FROM contact_requests"))}
        pending = connection.execute(
            text("SELECT count(*) FROM contact_deliveries WHERE state = 'pending'")
        ).scalar_one()
    engine.dispose()
    return comments, requests, pending


def wait_for_outbox(db: str) -> float:
    """Seconds until no delivery is pending (the receiver keeps running meanwhile)."""
    started = time.monotonic()
    while stored_rows(db)[2] and time.monotonic() - started < DRAIN:
        time.sleep(0.2)
    return time.monotonic() - started


def scenario(name: str, site: Path, db: str, args: argparse.Namespace, crash: bool, rate: float) -> list[str]:
    port, mailbox = free_port(), Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    servers = [start_server(site, db, port, smtp.port)]
    drain(servers[0].stderr)
    seconds = args.seconds

    async def crash_halfway():
        await asyncio.sleep(seconds / 2)
        servers[0].send_signal(signal.SIGKILL)
        servers[0].wait()
        servers.append(await asyncio.to_thread(start_server, site, db, port, smtp.port))
        drain(servers[-1].stderr)

    async def run():
        work = load(port, args.clients, seconds, rate, args.contact_every)
        return (await asyncio.gather(work, *([crash_halfway()] if crash else [])))[0]

    results = asyncio.run(run())
    drained = wait_for_outbox(db)
    servers[-1].terminate()
    servers[-1].wait()
    smtp.stop()
    stored, requests, _ = stored_rows(db)
    latencies = sorted(results["latencies"])
    lost = len(results["acked"] - stored)
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else 0
    received = set(mailbox.ids)
    accepted = results["contacts"]
    return [
        name,
        str(args.clients),
        f"{seconds:.0f}",
        f"{len(results['acked']) / seconds:.0f}",
        f"{statistics.median(latencies) * 1000:.1f}",
        f"{p99 * 1000:.1f}",
        str(len(results["acked"])),
        str(len(stored)),
        str(results["errors"]),
        str(lost),
        str(len(accepted)),
        str(len(requests)),
        str(len(received & requests)),
        str(len(mailbox.ids) - len(received)),
        str(len(accepted - received)),
        f"{drained:.1f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rate", type=int, default=1000, help="requests/s of the paced run")
    parser.add_argument(
        "--contact-every", type=int, default=20, help="every n-th request is a contact request (0: none)"
    )
    parser.add_argument("--db", help="SQLAlchemy URL of an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        categories = {"en": [{"slug": "guides", "title": "Guides"}]}
        (site / "helpcentre-feedback.json").write_text(
            json.dumps({"pages": {"en": PAGES}, "reasons": ["unclear"], "categories": categories})
        )
        rows = []
        runs = [
            ("as fast as possible", False, 0),
            (f"paced at {args.rate}/s", False, args.rate),
            ("SIGKILL halfway", True, 0),
        ]
        for number, (name, crash, rate) in enumerate(runs):
            db = args.db or f"sqlite:///{site / f'run{number}.sqlite3'}"
            rows.append(scenario(name, site, db, args, crash, rate))
    header = ["run", "clients", "s", "votes/s", "p50 ms", "p99 ms", "2xx", "rows", "conn errors", "2xx lost"]
    header += ["contact 202", "stored", "mailed", "mailed twice", "202 not mailed", "drain s"]
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
