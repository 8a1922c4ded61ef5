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


# ------------------------------------------------------- the skeleton path
def skeleton_fixture():
    """A story and a heavy spin of it (a third of the content words swapped,
    the opening's names too; made-up words, as new to the story as a
    spinner's), and two stories written to one wire template (another
    company, the same figures)."""
    import json
    from pathlib import Path
    from normtool.article import Article
    from normtool.dedup.fingerprint import fingerprints
    rows = [json.loads(line) for line in
            (Path(__file__).parent / "fixtures" / "skeleton.jsonl").read_text().splitlines()]
    return fingerprints([Article.from_dict(r) for r in rows])


def paths(fps):
    """The kept pairs of the first path and of the skeleton path, as id pairs."""
    from normtool.dedup.candidates import band_keys_of, lsh_params, skeleton_keys_of, \
        skeleton_pairs
    from normtool.dedup.verify import preference_rank
    from normtool.options import DedupOptions
    rank = np.array([preference_rank(fp) for fp in fps], dtype=np.uint64)
    first = capped_pairs(*bucket_pairs(*band_keys_of(fps, lsh_params(DedupOptions())), rank),
                         rank)
    skel = skeleton_pairs(*skeleton_keys_of(fps), rank)
    return [{(fps[a].id, fps[b].id) for a, b in zip(*p)} for p in (first, skel)]


def test_skeleton_path_finds_a_heavy_spin_the_text_bands_miss(monkeypatch):
    from normtool.dedup.batch import group
    from normtool.dedup.verify import scores
    fps = skeleton_fixture()
    story, spun = fps[0], fps[1]
    s = scores(story, spun)
    assert s["jaccard"] < 0.3 and s["skeleton"] == 1.0
    first, skel = paths(fps)
    assert ("yard", "yard-spun") not in first and ("yard", "yard-spun") in skel
    stories = group(fps)
    assert [m.id for m in stories["yard"]] == ["yard-spun"]
    # without the skeleton paths the copy stays apart
    monkeypatch.setattr(settings, "MATCH", settings.MATCH._replace(skeleton_bands=0,
                                                                   skeleton_head_bands=0))
    assert group(fps)["yard"] == []


def head_fixture():
    """A story and a spin of it (half its content words and its names
    swapped) cut to its first two paragraphs, a third of the story."""
    import json
    from pathlib import Path
    from normtool.article import Article
    from normtool.dedup.fingerprint import fingerprints
    rows = [json.loads(line) for line in
            (Path(__file__).parent / "fixtures" / "skeleton_head.jsonl").read_text().splitlines()]
    return fingerprints([Article.from_dict(r) for r in rows])


def test_skeleton_head_path_finds_a_spun_copy_cut_to_its_opening(monkeypatch):
    """The cut copy holds a third of its story's skeleton: no skeleton band
    is shared, and the text bands share nothing either; but its opening's
    skeleton is its story's, so the skeleton-head path pairs them, and
    verification takes it as spun.  Without that path it stays apart."""
    from normtool.dedup.batch import group
    from normtool.dedup.candidates import skeleton_head_keys_of, skeleton_pairs
    from normtool.dedup.verify import scores
    fps = head_fixture()
    s = scores(*fps)
    assert s["size"] < 0.35 and s["jaccard"] < 0.2 and s["skeleton"] == 1.0
    first, skel = paths(fps)
    assert not first and not skel
    rank = np.arange(2, dtype=np.uint64)
    assert [a.tolist() for a in skeleton_pairs(*skeleton_head_keys_of(fps), rank)] == [[0], [1]]
    assert [m.id for m in group(fps)["halden"]] == ["halden-cut"]
    monkeypatch.setattr(settings, "MATCH", settings.MATCH._replace(skeleton_head_bands=0))
    assert group(fps)["halden"] == []


def test_skeleton_head_is_the_opening_skeleton():
    """The fingerprint's ``skeleton_head``: the first ``skeleton_head``
    skeleton shingles in text order (unique: fewer where one repeats), a
    part of ``skeleton``; a text's opening decides it, not its tail."""
    from normtool.article import Article
    from normtool.dedup.fingerprint import fingerprints
    story = head_fixture()[0]
    n = settings.MATCH.skeleton_head
    assert n // 2 < len(story.skeleton_head) <= n < len(story.skeleton)
    assert np.isin(story.skeleton_head, story.skeleton).all()
    import json
    from pathlib import Path
    row = json.loads((Path(__file__).parent / "fixtures" / "skeleton_head.jsonl")
                     .read_text().splitlines()[0])
    paras = row["text"].split("\n\n")
    tail_changed, = fingerprints([Article(id="t", text="\n\n".join(paras[:2] + paras[:1]))])
    head_changed, = fingerprints([Article(id="h", text="\n\n".join(paras[2:] + paras[:2]))])
    assert (tail_changed.skeleton_head == story.skeleton_head).all()
    assert len(np.intersect1d(head_changed.skeleton_head, story.skeleton_head)) < n // 2


def test_stories_on_one_template_share_a_skeleton_but_stay_apart():
    """The template pair is a skeleton candidate (its skeleton is nearly
    the same: same figures, same function words) and half its text is
    shared; its names differ and its opening is kept, so it is no spin."""
    from normtool.dedup.batch import group
    from normtool.dedup.verify import scores, verify
    fps = skeleton_fixture()
    sun, citgo = fps[2], fps[3]
    s = scores(sun, citgo)
    assert s["skeleton"] > 0.95 and s["numbers"] == 1.0 and 0.5 < s["containment"] < 0.8
    _, skel = paths(fps)
    assert ("crude-sun", "crude-citgo") in skel or ("crude-citgo", "crude-sun") in skel
    assert verify(sun, citgo) is None
    stories = group(fps)
    assert stories.get("crude-sun", []) == [] and stories.get("crude-citgo", []) == []
    # the opening decides: the skeleton-whole way would take it without that test
    loose = settings.MATCH._replace(spun_lead=1.01)
    assert verify(sun, citgo, loose) is not None


def test_skeleton_path_has_its_own_caps(monkeypatch):
    """Many texts with one skeleton (a template): each keeps at most
    ``skeleton_partners``, whatever the first path keeps."""
    from normtool.dedup.candidates import skeleton_pairs
    n, bands = 30, 10
    keys = np.repeat(np.arange(bands, dtype=np.uint64) + 7, n)      # every band shared by all
    owners = np.tile(np.arange(n, dtype=np.int64), bands)
    rank = np.arange(n, dtype=np.uint64)
    monkeypatch.setattr(settings, "MATCH", settings.MATCH._replace(skeleton_partners=3))
    a, b = skeleton_pairs(keys, owners, rank)
    per = np.bincount(np.r_[a, b], minlength=n)
    # each article keeps its 3 preferred partners (the first three, which
    # are kept by all); the first path's caps would keep 16 each
    assert len(a) <= 3 * n and (per[3:] == 3).all()
    first = capped_pairs(*bucket_pairs(keys, owners, rank), rank)
    assert len(first[0]) > 3 * len(a)


def test_index_skeleton_keys_follow_the_first_paths_bands():
    """The index's skeleton keys: ``None`` in each first-path band, then
    the skeleton path's bands (the keys ``skeleton_keys_of`` gives); none
    at all for a skeleton shorter than ``skeleton_min``."""
    from dataclasses import replace
    from normtool.dedup.candidates import index_keys, index_skeleton_keys, lsh_params, \
        skeleton_keys_of
    from normtool.options import DedupOptions
    fps = skeleton_fixture()
    params = lsh_params(DedupOptions())
    n = len(index_keys(fps[0], params))
    short = replace(fps[0], skeleton=fps[0].skeleton[:settings.MATCH.skeleton_min - 1])
    out = index_skeleton_keys(fps, params)
    keys, owners = skeleton_keys_of(fps)
    for k, fp in enumerate(fps):
        assert out[k][:n] == [None] * n
        assert out[k][n:] == [int(x).to_bytes(8, "big") for x in keys[owners == k].tolist()]
        assert len(out[k]) == n + settings.MATCH.skeleton_bands
    assert out[0][n:] == out[1][n:]                    # the heavy spin keeps its skeleton
    assert index_skeleton_keys([short, fps[0]], params) == [[], out[0]]


def test_index_skeleton_head_keys_follow_both_other_paths():
    """The index's skeleton-head keys come after the first path's and the
    skeleton path's bands; a text whose opening skeleton is under
    ``skeleton_head_min`` shingles has none."""
    from dataclasses import replace
    from normtool.dedup.candidates import index_keys, index_skeleton_head_keys, lsh_params, \
        skeleton_head_keys_of
    from normtool.dedup.incremental import stored_keys
    from normtool.options import DedupOptions
    fps = head_fixture()
    params = lsh_params(DedupOptions())
    n = len(index_keys(fps[0], params)) + settings.MATCH.skeleton_bands
    out = index_skeleton_head_keys(fps, params)
    keys, owners = skeleton_head_keys_of(fps)
    for k in range(2):
        assert out[k][:n] == [None] * n
        assert out[k][n:] == [int(x).to_bytes(8, "big") for x in keys[owners == k].tolist()]
    short = replace(fps[0], skeleton_head=fps[0].skeleton_head[:settings.MATCH.skeleton_head_min - 1])
    assert index_skeleton_head_keys([short], params) == [[]]
    stored = stored_keys(index_keys(fps[0], params), [], out[0])
    assert len(stored) == n + settings.MATCH.skeleton_head_bands and stored[n:] == out[0][n:]
