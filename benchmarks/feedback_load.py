"""Load on the feedback receiver over loopback, and a crash in the middle of it.

Results go to handbook/docs/en/development/benchmarks.md, section "Feedback receiver load".

Starts `helpcentre feedback serve` (SQLite by default, or --db URL) with a manifest of 100 pages,
drives it with N concurrent keep-alive HTTP clients for S seconds, and prints votes/s, p50/p99
latency and whether every vote answered 2xx is in the database. Three runs: as fast as the
clients can go, paced at --rate votes/s in total, and as fast as possible with the server killed by
SIGKILL halfway and started again (clients reconnect and keep voting). The load generator runs on
the same machine, so on 2 cores it takes CPU from the server. With --db every run writes to that one
database (give an empty one); "rows" then adds up across runs.

    .venv/bin/python benchmarks/feedback_load.py [--clients 50] [--seconds 30] [--rate 1000] [--db URL]
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
import time
from pathlib import Path

from sqlalchemy import create_engine, text

PAGES = [f"guides/page-{n}/" for n in range(100)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(site: Path, db: str, port: int) -> subprocess.Popen:
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
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HELPCENTRE_LOG": "info"},
    )
    for line in process.stderr:
        if "Uvicorn running on" in line:
            return process
    raise SystemExit("the receiver did not start")


class Client:
    """One keep-alive connection posting votes; each vote carries a unique comment to find it later."""

    def __init__(self, number: int, port: int, results: dict):
        self.number, self.port, self.results = number, port, results
        self.reader = self.writer = None

    async def request(self, sequence: int) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        body = json.dumps(
            {
                "page": PAGES[sequence % len(PAGES)],
                "lang": "en",
                "helpful": sequence % 3 != 0,
                "comment": f"c{self.number}-{sequence}",
            }
        ).encode()
        self.writer.write(
            b"POST /api/feedback HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        )
        status = int((await self.reader.readline()).split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await self.reader.readexactly(length)
        return status

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
                status = await self.request(sequence)
            except (OSError, IndexError, ValueError, asyncio.IncompleteReadError):
                self.results["errors"] += 1
                self.writer = None
                await asyncio.sleep(0.01)  # the server is down: reconnect shortly, do not spin
                continue
            self.results["latencies"].append(time.perf_counter() - started)
            if 200 <= status < 300:
                self.results["acked"].add(f"c{self.number}-{sequence}")
            else:
                self.results["refused"] += 1


async def load(port: int, clients: int, seconds: float, rate: float) -> dict:
    results = {"latencies": [], "acked": set(), "errors": 0, "refused": 0}
    until = time.monotonic() + seconds
    interval = clients / rate if rate else 0.0
    await asyncio.gather(*(Client(n, port, results).run(until, interval, clients) for n in range(clients)))
    return results


def stored_comments(db: str) -> set[str]:
    engine = create_engine(db)
    with engine.connect() as connection:
        found = {row[0] for row in connection.execute(text("SELECT comment FROM votes"))}
    engine.dispose()
    return found


def scenario(
    name: str, site: Path, db: str, clients: int, seconds: float, crash: bool, rate: float
) -> list[str]:
    port = free_port()
    servers = [start_server(site, db, port)]

    async def crash_halfway():
        await asyncio.sleep(seconds / 2)
        servers[0].send_signal(signal.SIGKILL)
        servers[0].wait()
        servers.append(await asyncio.to_thread(start_server, site, db, port))

    async def run():
        return (
            await asyncio.gather(load(port, clients, seconds, rate), *([crash_halfway()] if crash else []))
        )[0]

    results = asyncio.run(run())
    servers[-1].terminate()
    servers[-1].wait()
    stored = stored_comments(db)
    latencies = sorted(results["latencies"])
    lost = len(results["acked"] - stored)
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else 0
    return [
        name,
        str(clients),
        f"{seconds:.0f}",
        f"{len(results['acked']) / seconds:.0f}",
        f"{statistics.median(latencies) * 1000:.1f}",
        f"{p99 * 1000:.1f}",
        str(len(results["acked"])),
        str(len(stored)),
        str(results["errors"]),
        str(lost),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rate", type=int, default=1000, help="votes/s of the paced run")
    parser.add_argument("--db", help="SQLAlchemy URL of an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "helpcentre-feedback.json").write_text(
            json.dumps({"pages": {"en": PAGES}, "reasons": ["unclear"]})
        )
        rows = []
        runs = [
            ("as fast as possible", False, 0),
            (f"paced at {args.rate}/s", False, args.rate),
            ("SIGKILL halfway", True, 0),
        ]
        for number, (name, crash, rate) in enumerate(runs):
            db = args.db or f"sqlite:///{site / f'run{number}.sqlite3'}"
            rows.append(scenario(name, site, db, args.clients, args.seconds, crash, rate))
    header = ["run", "clients", "s", "votes/s", "p50 ms", "p99 ms", "2xx", "rows", "conn errors", "2xx lost"]
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
