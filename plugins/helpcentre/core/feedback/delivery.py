"""The delivery worker: a task in the receiver that sends stored contact requests to their targets.

It wakes when a request is stored, when the next retry is due, and every POLL seconds (another receiver
on the same database may have stored one). Each delivery is claimed, sent, then marked delivered; a
failed one is retried with exponential backoff, for ever: nothing accepted is dropped. The only way to
get a request twice is the receiver dying between the target taking it and the mark being committed;
then it is sent again after LEASE seconds with the same Message-ID / Idempotency-Key, by which a help
desk or webhook can recognise the repeat.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta

from starlette.concurrency import run_in_threadpool

from . import outbox
from .store import now
from .targets import NotDelivered, Request, SmtpTarget, WebhookTarget

log = logging.getLogger("helpcentre.feedback")
POLL = 30.0  # seconds between looks at the database when nothing wakes the worker
LEASE = 120.0  # seconds a claimed delivery is left alone: longer than any send (targets.TIMEOUT)
PURGE_EVERY = 3600.0
FIRST_RETRY = 5.0  # seconds; doubles with each failed attempt up to --contact-retry-max


@dataclass
class ContactSettings:
    targets: list[SmtpTarget | WebhookTarget]
    retention_days: float = 30
    per_minute: int = 5
    retry_max: float = 3600.0  # the longest wait between two attempts, in seconds
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def names(self) -> list[str]:
        return [target.name for target in self.targets]


def backoff(attempts: int, longest: float) -> float:
    """Seconds before attempt `attempts + 1`: 5, 10, 20, … capped at `longest`."""
    return min(longest, FIRST_RETRY * 2 ** min(attempts - 1, 30))


class Deliverer:
    def __init__(self, engine, settings: ContactSettings):
        self.engine, self.settings = engine, settings
        self.by_name = {target.name: target for target in settings.targets}
        self.purged_at = -float("inf")

    def purge(self) -> None:
        """Empties requests delivered more than the retention ago; warns about old undelivered ones."""
        moment, retention = now(), timedelta(days=self.settings.retention_days)
        emptied = outbox.purge(self.engine, moment, retention)
        if emptied:
            log.info("contact: emptied %d delivered request(s) older than the retention", emptied)
        waiting = outbox.undelivered_before(self.engine, moment - retention)
        if waiting:
            log.warning("contact: %d request(s) older than the retention are still undelivered", waiting)
        self.purged_at = time.monotonic()

    async def run(self) -> None:
        while True:
            self.settings.wake.clear()  # before looking: a request stored while sending wakes us again
            try:
                if time.monotonic() - self.purged_at >= PURGE_EVERY:
                    await run_in_threadpool(self.purge)
                await self.deliver_due()
                pause = await run_in_threadpool(self._pause)
            except Exception as exc:  # the database is away: keep the worker, try again shortly
                log.error("contact delivery: %s", str(exc).splitlines()[0] if str(exc) else repr(exc))
                pause = min(POLL, self.settings.retry_max)
            with contextlib.suppress(TimeoutError):  # time for the next retry, or a look for new rows
                await asyncio.wait_for(self.settings.wake.wait(), timeout=pause)

    def _pause(self) -> float:
        due = outbox.next_due(self.engine, self.settings.names)
        if due is None:
            return POLL
        return max(0.0, min(POLL, (due - now()).total_seconds()))

    async def deliver_due(self) -> None:
        while rows := await run_in_threadpool(outbox.due, self.engine, now(), self.settings.names):
            for row in rows:
                await self.deliver(row)

    async def deliver(self, row: dict) -> None:
        lease_until = now() + timedelta(seconds=LEASE)
        if not await run_in_threadpool(outbox.claim, self.engine, row, lease_until):
            return  # another receiver on this database took it
        target = self.by_name[row["target"]]
        item = Request.from_row(row, outbox.as_utc(row["created_at"]))
        try:
            await run_in_threadpool(target.send, item)
        except NotDelivered as exc:
            wait = backoff(row["attempts"] + 1, self.settings.retry_max)
            log.warning(
                "contact request %s not delivered to %s (retry in %.0f s): %s",
                item.id,
                target.name,
                wait,
                exc,
            )
            await run_in_threadpool(
                outbox.failed, self.engine, row["id"], now() + timedelta(seconds=wait), str(exc)
            )
            return
        await run_in_threadpool(outbox.delivered, self.engine, row["id"], now())
        log.info("contact request %s delivered to %s", item.id, target.name)
