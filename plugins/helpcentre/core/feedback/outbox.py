"""The contact requests' outbox: a request and one delivery row per target, committed together before the
receiver answers 202, then worked through by the delivery worker (delivery.py).

Several receivers may share one PostgreSQL database: a worker claims a delivery with a compare-and-set
on its attempt count, so two workers never send the same delivery at the same time.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, exists, func, insert, select, update
from sqlalchemy.engine import Engine

from .store import writing
from .tables import contact_deliveries as deliveries
from .tables import contact_requests as requests

PENDING, DELIVERED = "pending", "delivered"
PERSONAL = ("subject", "message", "email", "page", "suggestions")


def as_utc(moment: datetime) -> datetime:
    """SQLite gives datetimes back without their zone; everything stored here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def request_row(request_id: str, fields: dict, opened: list[str], created_at: datetime) -> dict:
    return {
        "id": request_id,
        **{key: fields.get(key) for key in ("lang", "topic", "subject", "message", "email", "page")},
        "suggestions": json.dumps(opened),
        "suggestions_opened": len(opened),
        "created_at": created_at,
    }


def add(engine: Engine, rows: list[dict]) -> None:
    """Each row is {"request": request_row(...), "targets": [...]}; all committed in one transaction."""
    outbox = [
        {
            "request_id": row["request"]["id"],
            "target": target,
            "state": PENDING,
            "attempts": 0,
            "next_attempt_at": row["request"]["created_at"],
        }
        for row in rows
        for target in row["targets"]
    ]
    with writing(engine) as connection:
        connection.execute(insert(requests), [row["request"] for row in rows])
        if outbox:
            connection.execute(insert(deliveries), outbox)


def due(engine: Engine, moment: datetime, targets: list[str], limit: int = 50) -> list[dict]:
    """Pending deliveries whose time has come, oldest first, with their request."""
    query = (
        select(deliveries, *[requests.c[key] for key in ("lang", "topic", "created_at", *PERSONAL)])
        .join(requests, requests.c.id == deliveries.c.request_id)
        .where(
            deliveries.c.state == PENDING,
            deliveries.c.next_attempt_at <= moment,
            deliveries.c.target.in_(targets),
        )
        .order_by(deliveries.c.next_attempt_at, deliveries.c.id)
        .limit(limit)
    )
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def claim(engine: Engine, delivery: dict, lease_until: datetime) -> bool:
    """Takes the delivery for one attempt; False when another worker took it first. Until `lease_until`
    no worker takes it again: if this process dies while sending, the delivery is retried after that."""
    with writing(engine) as connection:
        taken = connection.execute(
            update(deliveries)
            .where(
                deliveries.c.id == delivery["id"],
                deliveries.c.state == PENDING,
                deliveries.c.attempts == delivery["attempts"],
            )
            .values(attempts=delivery["attempts"] + 1, next_attempt_at=lease_until)
        )
    return taken.rowcount == 1


def delivered(engine: Engine, delivery_id: int, moment: datetime) -> None:
    with writing(engine) as connection:
        connection.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery_id)
            .values(state=DELIVERED, delivered_at=moment, last_error=None)
        )


def failed(engine: Engine, delivery_id: int, retry_at: datetime, error: str) -> None:
    with writing(engine) as connection:
        connection.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery_id)
            .values(next_attempt_at=retry_at, last_error=error[:300])
        )


def next_due(engine: Engine, targets: list[str]) -> datetime | None:
    query = select(func.min(deliveries.c.next_attempt_at)).where(
        deliveries.c.state == PENDING, deliveries.c.target.in_(targets)
    )
    with engine.connect() as connection:
        found = connection.execute(query).scalar_one()
    return as_utc(found) if found is not None else None


def purge(engine: Engine, moment: datetime, retention: timedelta) -> int:
    """Empties the personal fields of requests every target has had for `retention`; returns how many."""
    cutoff = moment - retention
    pending_or_recent = exists().where(
        deliveries.c.request_id == requests.c.id,
        (deliveries.c.state != DELIVERED) | (deliveries.c.delivered_at > cutoff),
    )
    with writing(engine) as connection:
        emptied = connection.execute(
            update(requests)
            .where(requests.c.purged_at.is_(None), requests.c.created_at <= cutoff, ~pending_or_recent)
            .values(purged_at=moment, **dict.fromkeys(PERSONAL))
        )
    return emptied.rowcount


def undelivered_before(engine: Engine, cutoff: datetime) -> int:
    """Requests older than `cutoff` that some target still has not got: kept, and worth a warning."""
    query = (
        select(func.count(func.distinct(deliveries.c.request_id)))
        .select_from(deliveries.join(requests, requests.c.id == deliveries.c.request_id))
        .where(and_(deliveries.c.state == PENDING, requests.c.created_at <= cutoff))
    )
    with engine.connect() as connection:
        return connection.execute(query).scalar_one()
