"""The feedback receiver: a small Starlette app run by uvicorn (`helpcentre feedback serve`).

Every answer is JSON. A vote is committed before the 201 is sent: requests hand their row to a
writer that commits whatever has queued up in one transaction (group commit), so a burst of votes
costs one commit, not one per vote, and each request still waits for its own commit. A batch the
database refuses is retried row by row, so a row that fails takes no other reader's vote with it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
import uuid
from contextlib import asynccontextmanager

from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .manifest import Manifest
from .models import MAX_BODY, MAX_DEPTH, MissIn, VoteIn, too_deep
from .store import Store, now

BATCH = 500
log = logging.getLogger("helpcentre.feedback")


class Refused(Exception):
    def __init__(self, status: int, reason: str, headers: dict | None = None):
        self.status, self.reason, self.headers = status, reason, headers or {}


class GroupWriter:
    """Commits queued rows together; each submitter resumes once its row is committed."""

    def __init__(self, write):
        self.write = write
        self.queue: asyncio.Queue | None = None

    async def submit(self, row: dict):
        """What `write` said about this row (None if it says nothing), once the row is committed."""
        done = asyncio.get_running_loop().create_future()
        await self.queue.put((row, done))
        return await done

    async def run(self) -> None:
        self.queue = asyncio.Queue()
        while True:
            batch = [await self.queue.get()]
            while not self.queue.empty() and len(batch) < BATCH:
                batch.append(self.queue.get_nowait())
            try:
                results = await run_in_threadpool(self.write, [row for row, _ in batch])
            except Exception as exc:
                if len(batch) == 1:
                    _settle(batch[0][1], exc)
                else:
                    await self._one_by_one(batch)
            else:
                for (_, done), result in zip(batch, results or [None] * len(batch), strict=True):
                    _settle(done, None, result)

    async def _one_by_one(self, batch: list) -> None:
        """Each row in its own transaction: the row that broke the batch fails alone."""
        for index, (row, done) in enumerate(batch):
            try:
                results = await run_in_threadpool(self.write, [row])
            except OperationalError as exc:  # the database itself (locked, read-only, full, gone): all fail
                for _, waiting in batch[index:]:
                    _settle(waiting, exc)
                return
            except Exception as exc:
                _settle(done, exc)
            else:
                _settle(done, None, results[0] if results else None)


def _settle(done: asyncio.Future, failure: Exception | None, result=None) -> None:
    if done.done():  # the request was cancelled while it waited
        return
    if failure is None:
        done.set_result(result)
    else:
        done.set_exception(failure)


class Health:
    """Whether a vote could be committed now; the database is asked at most once per `ttl` seconds."""

    def __init__(self, store: Store, ttl: float = 1.0):
        self.store, self.ttl = store, ttl
        self.lock = asyncio.Lock()
        self.checked, self.problem = -math.inf, None

    async def problem_now(self) -> str | None:
        async with self.lock:  # one probe at a time, however often /healthz is polled
            if time.monotonic() - self.checked >= self.ttl:
                self.problem = await run_in_threadpool(self.store.write_problem)
                self.checked = time.monotonic()
                if self.problem:
                    log.warning("healthz: the database cannot be written: %s", self.problem)
            return self.problem


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
    health = Health(store)

    async def guard(request: Request, model: type[BaseModel]) -> BaseModel:
        origin = request.headers.get("origin")
        if origin is not None and origin not in origins:
            raise Refused(403, f"origin {origin} is not allowed")
        if not limit.allow(request.client.host if request.client else "?"):
            raise Refused(429, "too many requests: try again in a minute", {"Retry-After": "60"})
        body = await _read_bounded(request)
        if too_deep(body):
            raise Refused(400, f"the JSON is nested more than {MAX_DEPTH} levels deep")
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
        row = vote.model_dump(exclude={"id"})
        vote_id = vote.id or str(uuid.uuid4())  # a widget from before vote ids: each message a new vote
        outcome = await _commit(votes, {**row, "vote_id": vote_id, "created_at": now()})
        if outcome == "elsewhere":
            raise Refused(409, "this vote id belongs to a vote on another page or language")
        # 201 a new vote; 200 an update, or an older message than the one stored (nothing changed)
        status = 201 if outcome == "created" else 200
        return JSONResponse({"ok": True, "id": vote_id, "stored": outcome}, status_code=status)

    async def post_miss(request: Request):
        miss = await guard(request, MissIn)
        if miss.lang not in manifest.pages:
            raise Refused(422, f"unknown language '{miss.lang}'")
        await _commit(misses, {**miss.model_dump(), "created_at": now()})
        return JSONResponse({"ok": True}, status_code=201)

    async def healthz(_request: Request):
        if await health.problem_now():  # the details go to the log, not to the public
            return JSONResponse({"ok": False, "error": "the database cannot be written"}, status_code=503)
        return JSONResponse({"ok": True})

    async def refused(_request: Request, exc: Refused):
        return JSONResponse({"ok": False, "error": exc.reason}, status_code=exc.status, headers=exc.headers)

    async def failed(_request: Request, _exc: Exception):  # uvicorn logs the traceback
        return JSONResponse({"ok": False, "error": "internal error: see the receiver's log"}, status_code=500)

    @asynccontextmanager
    async def lifespan(_app):
        tasks = [asyncio.create_task(votes.run()), asyncio.create_task(misses.run())]
        yield
        for task in tasks:
            task.cancel()

    return Starlette(
        routes=[
            Route("/api/feedback", post_vote, methods=["POST"]),
            Route("/api/search-miss", post_miss, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=origins,
                allow_methods=["POST"],
                allow_headers=["content-type"],
                max_age=600,
            )
        ],
        exception_handlers={Refused: refused, Exception: failed},
        lifespan=lifespan,
    )


async def _read_bounded(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise Refused(413, f"the body is larger than {MAX_BODY} bytes")
    body = b""
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise Refused(413, f"the body is larger than {MAX_BODY} bytes")
    except ClientDisconnect:  # e.g. closed by the body timeout (connections.py): nobody reads this answer
        raise Refused(400, "the connection closed before the body arrived") from None
    return body


async def _commit(writer: GroupWriter, row: dict):
    try:
        return await writer.submit(row)
    except SQLAlchemyError as exc:
        log.error("could not store a row: %s", str(getattr(exc, "orig", None) or exc).splitlines()[0])
        raise Refused(
            503, "the database cannot store this right now: please try again later", {"Retry-After": "30"}
        ) from None
