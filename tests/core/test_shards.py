"""The static index's sharding: every key is found by longest prefix, and shards stay small."""

import random

from helpcentre.core.search import shards


def _corpus(n: int) -> dict[str, str]:
    rng = random.Random(7)
    letters = "aaabcdeeiklmnoprstuvõäöü"
    return {"".join(rng.choice(letters) for _ in range(rng.randint(1, 12))): "term" for _ in range(n)}


def test_every_key_is_in_the_shard_named_by_its_longest_listed_prefix():
    entries = _corpus(20_000)
    planned = shards.plan(entries, limit=4_000)
    prefixes = set(planned)
    for key in entries:
        assert key in planned[shards.shard_of(key, prefixes)]
    assert sum(len(s) for s in planned.values()) == len(entries)


def test_shards_stay_under_the_limit_unless_one_key_alone_is_larger():
    entries = {**_corpus(20_000), "kala": "x" * 10_000}
    planned = shards.plan(entries, limit=4_000)
    for prefix, shard in planned.items():
        assert len(shards.encode(shard).encode()) <= 4_200 or len(shard) == 1, prefix
    assert len(planned) > 20


def test_a_small_vocabulary_is_sharded_by_first_two_letters():
    planned = shards.plan({"kala": 1, "kalad": 2, "maja": 3})
    assert sorted(planned) == ["ka", "ma"]
