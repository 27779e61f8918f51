"""Cut a key → value map into files of bounded size, named by key prefixes.

Keys are grouped by their first two letters; a group larger than the limit is split by one more
letter, recursively, and children small enough to stay are kept in their parent. A key therefore
lives in the shard named by the longest listed prefix of it, which is how the browser finds it.
"""

from __future__ import annotations

import json
from collections import defaultdict

SHARD_BYTES = 16_000


def encode(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def plan(entries: dict[str, object], limit: int = SHARD_BYTES) -> dict[str, dict[str, object]]:
    """Shard prefix → the entries stored in that shard."""
    sizes = {key: len(key.encode()) + len(encode(value).encode()) + 4 for key, value in entries.items()}
    top: dict[str, list[str]] = defaultdict(list)
    for key in entries:
        top[key[:2]].append(key)
    shards: dict[str, list[str]] = {}
    for prefix, keys in top.items():
        shards.update(_split(prefix, keys, sizes, limit))
    return {prefix: {key: entries[key] for key in sorted(keys)} for prefix, keys in shards.items()}


def _split(prefix: str, keys: list[str], sizes: dict[str, int], limit: int) -> dict[str, list[str]]:
    if sum(sizes[k] for k in keys) <= limit:
        return {prefix: keys}
    depth = len(prefix)
    children: dict[str, list[str]] = defaultdict(list)
    kept: list[str] = []
    for key in keys:
        (children[key[: depth + 1]] if len(key) > depth else kept).append(key)
    kept_size = sum(sizes[k] for k in kept)
    result: dict[str, list[str]] = {}
    for child, child_keys in sorted(children.items(), key=lambda c: sum(sizes[k] for k in c[1])):
        child_size = sum(sizes[k] for k in child_keys)
        if kept_size + child_size <= limit:  # small enough to stay with the parent
            kept += child_keys
            kept_size += child_size
        else:
            result.update(_split(child, child_keys, sizes, limit))
    if kept:
        result[prefix] = kept
    return result


def shard_of(key: str, prefixes: set[str]) -> str | None:
    for end in range(len(key), 0, -1):
        if key[:end] in prefixes:
            return key[:end]
    return None


def file_name(prefix: str) -> str:
    return prefix.encode("utf-8").hex()
