"""The feedback receiver: a small Starlette app run by uvicorn (`helpcentre feedback serve`).

Every answer is JSON. A vote is committed before the 201 is sent: requests hand their row to a
writer that commits whatever has queued up in one transaction (group commit), so a burst of votes
costs one commit, not one per vote, and each request still waits for its own commit.
"""

from __future__ import annotations

import asyncio
import json
import time
from contextlib import asynccontextmanager

from pydantic import BaseModel, ValidationError
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .schema import MAX_BODY, Manifest, MissIn, VoteIn
from .store import Store, now

BATCH = 500


class Refused(Exception):
    def __init__(self, status: int, reason: str, headers: dict | None = None):
        self.status, self.reason, self.headers = status, reason, headers or {}


class GroupWriter:
    """Commits queued rows together; each submitter resumes once its row is committed."""

    def __init__(self, write):
        self.write = write
        self.queue: asyncio.Queue | None = None

    async def submit(self, row: dict) -> None:
        done = asyncio.get_running_loop().create_future()
        await self.queue.put((row, done))
        await done

    async def run(self) -> None:
        self.queue = asyncio.Queue()
        while True:
            batch = [await self.queue.get()]
            while not self.queue.empty() and len(batch) < BATCH:
                batch.append(self.queue.get_nowait())
            try:
                await run_in_threadpool(self.write, [row for row, _ in batch])
            except Exception as exc:  # noqa: BLE001 — every waiting request gets the failure
                for _, done in batch:
                    done.set_exception(exc)
            else:
                for _, done in batch:
                    done.set_result(None)


class RateLimit:
    """A token bucket per client address, in memory only: addresses are never stored."""

    def __init__(self, per_minute: int, max_clients: int = 50_000):
        self.rate, self.capacity, self.max_clients = per_minute / 60, per_minute, max_clients
        self.buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str) -> bool:
        if self.capacity <= 0:
            return True
        moment = time.monotonic()
        tokens, last = self.buckets.get(client, (self.capacity, moment))
        tokens = min(self.capacity, tokens + (moment - last) * self.rate)
        if len(self.buckets) >= self.max_clients and client not in self.buckets:
            self.buckets.clear()  # bounded memory; a reset only ever lets a client through
        if tokens < 1:
            self.buckets[client] = (tokens, moment)
            return False
        self.buckets[client] = (tokens - 1, moment)
        return True


def create_app(store: Store, manifest: Manifest, origins: list[str], per_minute: int = 60) -> Starlette:
    votes, misses = GroupWriter(store.add_votes), GroupWriter(store.add_misses)
    limit = RateLimit(per_minute)

    async def guard(request: Request, model: type[BaseModel]) -> BaseModel:
        origin = request.headers.get("origin")
        if origin is not None and origin not in origins:
            raise Refused(403, f"origin {origin} is not allowed")
        if not limit.allow(request.client.host if request.client else "?"):
            raise Refused(429, "too many requests: try again in a minute", {"Retry-After": "60"})
        body = await _read_bounded(request)
        try:
            return model.model_validate(json.loads(body))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise Refused(400, "the body is not JSON") from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "body"
            raise Refused(422, f"{where}: {first['msg']}") from None

    async def post_vote(request: Request):
        vote = await guard(request, VoteIn)
        problem = manifest.problem(vote)
        if problem:
            raise Refused(422, problem)
        await votes.submit({**vote.model_dump(), "created_at": now()})
        return JSONResponse({"ok": True}, status_code=201)

    async def post_miss(request: Request):
        miss = await guard(request, MissIn)
        if miss.lang not in manifest.pages:
            raise Refused(422, f"unknown language '{miss.lang}'")
        await misses.submit({**miss.model_dump(), "created_at": now()})
        return JSONResponse({"ok": True}, status_code=201)

    async def healthz(_request: Request):
        def ping():
            with store.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        await run_in_threadpool(ping)
        return JSONResponse({"ok": True})

    async def refused(_request: Request, exc: Refused):
        return JSONResponse({"ok": False, "error": exc.reason}, status_code=exc.status, headers=exc.headers)

    @asynccontextmanager
    async def lifespan(_app):
        tasks = [asyncio.create_task(votes.run()), asyncio.create_task(misses.run())]
        yield
        for task in tasks:
            task.cancel()

    return Starlette(
        routes=[Route("/api/feedback", post_vote, methods=["POST"]),
                Route("/api/search-miss", post_miss, methods=["POST"]),
                Route("/healthz", healthz, methods=["GET"])],
        middleware=[Middleware(CORSMiddleware, allow_origins=origins, allow_methods=["POST"],
                               allow_headers=["content-type"], max_age=600)],
        exception_handlers={Refused: refused},
        lifespan=lifespan,
    )


async def _read_bounded(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise Refused(413, f"the body is larger than {MAX_BODY} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise Refused(413, f"the body is larger than {MAX_BODY} bytes")
    return body
