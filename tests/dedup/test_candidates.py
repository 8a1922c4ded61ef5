"""Candidate caps: over-full buckets and many partners stay bounded, by one rule."""
import itertools
import random

import numpy as np
import pytest

from normtool import settings
from normtool.dedup.candidates import bucket_pairs, capped_pairs


def reference(keys, owners, rank, cap, max_partners, weak):
    """The documented rule, written the plain way."""
    buckets: dict = {}
    for k, o in zip(keys.tolist(), owners.tolist()):
        buckets.setdefault(k, []).append(o)
    shared: dict = {}
    for members in buckets.values():
        members.sort(key=lambda o: (int(rank[o]), o))
        for x, y in itertools.combinations(range(len(members)), 2):
            if x < cap:      # x < y: the pair is kept when the first is among the first cap
                a, b = members[x], members[y]
                shared[(a, b)] = shared.get((a, b), 0) + 1
                shared[(b, a)] = shared.get((b, a), 0) + 1
    kept = set()
    for art in {a for a, _ in shared}:
        mine = sorted(((-c, int(rank[b]), b) for (a, b), c in shared.items() if a == art))
        weak_seen = 0
        for place, (negc, _, b) in enumerate(mine):
            if place >= max_partners:
                break
            if -negc == 1:
                if weak_seen >= weak:
                    continue
                weak_seen += 1
            kept.add((min(art, b), max(art, b)))
    return sorted(kept)


def random_bands(seed, n=60, bands=30, spread=8):
    rnd = random.Random(seed)
    keys, owners = [], []
    for art in range(n):
        for band in range(bands):
            keys.append(band * 1000 + rnd.randrange(spread if rnd.random() < 0.7 else 500))
            owners.append(art)
    rank = np.array([rnd.randrange(5) for _ in range(n)], dtype=np.uint64)   # ties on purpose
    return np.array(keys, dtype=np.uint64), np.array(owners, dtype=np.int64), rank


@pytest.mark.parametrize("seed,cap,max_partners,weak", [(1, 64, 16, 1), (2, 5, 16, 1),
                                                         (3, 4, 3, 0), (4, 3, 6, 2)])
def test_caps_follow_the_documented_rule(seed, cap, max_partners, weak):
    keys, owners, rank = random_bands(seed)
    i, j = bucket_pairs(keys, owners, rank, cap)
    a, b = capped_pairs(i, j, rank, max_partners, weak)
    got = list(zip(a.tolist(), b.tolist()))
    assert got == reference(keys, owners, rank, cap, max_partners, weak)
    assert len(got) > 20                               # the rule had work to do


def test_caps_bound_the_pairs_of_a_flood():
    # 500 articles in one bucket (a stock sentence): without the bucket cap
    # that is 124,750 pairs; with it each member pairs with the first 64
    keys = np.zeros(500, dtype=np.uint64)
    owners = np.arange(500, dtype=np.int64)
    rank = np.arange(500, dtype=np.uint64)[::-1].copy()      # the last is preferred
    i, j = bucket_pairs(keys, owners, rank, cap=64)
    assert len(i) == 2 * (64 * 63 // 2 + 64 * (500 - 64))
    assert set(j[i == 0].tolist()) == set(range(499, 435, -1))   # its 64 preferred
    a, b = capped_pairs(i, j, rank, max_partners=16, weak_partners=1)
    assert np.bincount(np.r_[a, b], minlength=500).max() <= 500   # and each keeps one
    assert len(a) <= 500


def test_caps_do_not_depend_on_order_or_on_splitting_by_article():
    keys, owners, rank = random_bands(7)
    i, j = bucket_pairs(keys, owners, rank, 6)
    whole = capped_pairs(i, j, rank, 5, 1)
    perm = np.random.default_rng(0).permutation(len(keys))
    i2, j2 = bucket_pairs(keys[perm], owners[perm], rank, 6)
    assert all((x == y).all() for x, y in zip(whole, capped_pairs(i2, j2, rank, 5, 1)))
    parts = [capped_pairs(i[(i >= lo) & (i < lo + 17)], j[(i >= lo) & (i < lo + 17)], rank, 5, 1)
             for lo in range(0, 60, 17)]
    pairs = sorted(set(zip(np.concatenate([p[0] for p in parts]).tolist(),
                           np.concatenate([p[1] for p in parts]).tolist())))
    assert pairs == list(zip(whole[0].tolist(), whole[1].tolist()))


def test_settings_set_the_caps(monkeypatch):
    keys, owners, rank = random_bands(5)
    i, j = bucket_pairs(keys, owners, rank)
    loose = capped_pairs(i, j, rank)
    monkeypatch.setattr(settings, "MATCH", settings.MATCH._replace(max_partners=2))
    tight = capped_pairs(i, j, rank)
    assert len(tight[0]) < len(loose[0])
