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

from . import contact as contacts
from . import outbox
from .delivery import ContactSettings, Deliverer
from .manifest import Manifest
from .models import MAX_BODY, MAX_DEPTH, ContactEventIn, MissIn, VoteIn, too_deep
from .store import Store, now

BATCH = 500
log = logging.getLogger("helpcentre.feedback")


class Refused(Exception):
    """An answer 4xx/5xx; `extra` adds fields to its JSON (the contact page reads `code` and `field`)."""

    def __init__(self, status: int, reason: str, headers: dict | None = None, **extra):
        self.status, self.reason, self.headers, self.extra = status, reason, headers or {}, extra


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


def create_app(
    store: Store,
    manifest: Manifest,
    origins: list[str],
    per_minute: int = 60,
    contact: ContactSettings | None = None,
) -> Starlette:
    votes, misses = GroupWriter(store.add_votes), GroupWriter(store.add_misses)
    contact_writer = GroupWriter(lambda rows: outbox.add(store.engine, rows))
    events = GroupWriter(store.add_contact_events)
    limit = RateLimit(per_minute)
    # Writing to support costs a person's time: a client gets far fewer of these than votes.
    contact_limit = RateLimit(contact.per_minute if contact else 0)
    deliverer = Deliverer(store.engine, contact) if contact else None
    health = Health(store)

    async def guard(
        request: Request, model: type[BaseModel], max_body: int = MAX_BODY, tighter: RateLimit | None = None
    ) -> BaseModel:
        origin = request.headers.get("origin")
        if origin is not None and origin not in origins:
            raise Refused(403, f"origin {origin} is not allowed")
        client = request.client.host if request.client else "?"
        if not limit.allow(client) or (tighter is not None and not tighter.allow(client)):
            raise Refused(
                429, "too many requests: try again in a minute", {"Retry-After": "60"}, code="rate_limited"
            )
        body = await _read_bounded(request, max_body)
        if too_deep(body):
            raise Refused(400, f"the JSON is nested more than {MAX_DEPTH} levels deep")
        try:
            return model.model_validate(json.loads(body))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise Refused(400, "the body is not JSON") from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "body"
            raise Refused(422, f"{where}: {first['msg']}", code="invalid", field=where) from None

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

    async def contact_status(_request: Request):
        """Whether the contact page should post here or fall back to mailto:, and the form's bounds."""
        if contact is None:
            return JSONResponse({"ok": True, "enabled": False})
        return JSONResponse(
            {
                "ok": True,
                "enabled": True,
                "min_fill_ms": contacts.MIN_FILL_MS,
                "max_subject": contacts.MAX_SUBJECT,
                "max_message": contacts.MAX_MESSAGE,
                "max_suggestions": contacts.MAX_SUGGESTIONS,
            }
        )

    async def post_contact(request: Request):
        if contact is None or deliverer is None:
            raise Refused(
                404,
                "contact requests are not enabled on this receiver (no --contact-to or --contact-webhook): "
                "write to the support address instead",
                code="disabled",
            )
        sent = await guard(request, contacts.ContactIn, contacts.MAX_CONTACT_BODY, contact_limit)
        if spam := sent.spam():
            raise Refused(422, str(spam), code=spam.code)
        if problem := contacts.problem(sent, manifest):
            raise Refused(422, problem, code="invalid")
        page, opened = contacts.known_urls(sent, manifest)
        request_id = uuid.uuid4().hex
        row = outbox.request_row(request_id, {**sent.model_dump(), "page": page}, opened, now())
        await _commit(contact_writer, {"request": row, "targets": contact.names})
        contact.wake.set()  # stored: the worker can send it now
        return JSONResponse({"ok": True, "id": request_id}, status_code=202)

    async def post_contact_event(request: Request):
        """The contact page's deflection counts; browsers send them with sendBeacon (text/plain)."""
        sent = await guard(request, ContactEventIn)
        if problem := manifest.context_problem(sent.lang, sent.page):
            raise Refused(422, problem)
        day = now().date()
        await _commit(events, {"day": day, "lang": sent.lang, "event": sent.event, "page": sent.page or ""})
        return JSONResponse({"ok": True}, status_code=201)

    async def healthz(_request: Request):
        if await health.problem_now():  # the details go to the log, not to the public
            return JSONResponse({"ok": False, "error": "the database cannot be written"}, status_code=503)
        return JSONResponse({"ok": True})

    async def refused(_request: Request, exc: Refused):
        answer = {"ok": False, "error": exc.reason, **exc.extra}
        return JSONResponse(answer, status_code=exc.status, headers=exc.headers)

    async def failed(_request: Request, _exc: Exception):  # uvicorn logs the traceback
        return JSONResponse({"ok": False, "error": "internal error: see the receiver's log"}, status_code=500)

    @asynccontextmanager
    async def lifespan(_app):
        tasks = [asyncio.create_task(writer.run()) for writer in (votes, misses, contact_writer, events)]
        if deliverer is not None:
            await run_in_threadpool(deliverer.purge)  # before serving: a restart applies a new retention
            tasks.append(asyncio.create_task(deliverer.run()))
        yield
        for task in tasks:
            task.cancel()

    return Starlette(
        routes=[
            Route("/api/feedback", post_vote, methods=["POST"]),
            Route("/api/search-miss", post_miss, methods=["POST"]),
            Route("/api/contact", contact_status, methods=["GET"]),
            Route("/api/contact", post_contact, methods=["POST"]),
            Route("/api/contact-event", post_contact_event, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=origins,
                allow_methods=["GET", "POST"],
                allow_headers=["content-type"],
                max_age=600,
            )
        ],
        exception_handlers={Refused: refused, Exception: failed},
        lifespan=lifespan,
    )


async def _read_bounded(request: Request, limit: int = MAX_BODY) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise Refused(413, f"the body is larger than {limit} bytes")
    body = b""
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise Refused(413, f"the body is larger than {limit} bytes")
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
