"""A second syndication set, built from parts the first one was not tuned on.

Run: ``.venv/bin/python -m bench.crosscheck --clean lee.jsonl [--seed 1] [--stories 150]
[--spinners aiksaurus,roget] [--show-apart]``

``bench.syndication`` publishes Reuters stories on five fake sites and
spins them with its own word tables; clean and dedup were tuned against it
for many rounds.  This set changes every part at once, so that what it
measures was not designed for:

* other text: the stories of another outlet, decade and country (the Lee
  corpus: ABC news, 2001; ``bench.cleancorpus --lee``), cut into paragraphs
  of one to three sentences, under a headline made from the opening words;
* other layouts: each copy is laid out by one of ``bench.layouts``'
  renderers (A-D: mastheads, bylines, dates, wraps, lists, credits, copies
  cut short), which the syndication set never used;
* other spinners: ``bench.spinners``' thesaurus spinners (by default the
  development ones of thesauri despin does not ship), names and titles
  spun, at 10-20% of words (``spun``), 25% (``spun_heavy``), or spun and
  cut to its first paragraphs (``spun_cut``);
* distractors: the outlet's other stories, laid out the same ways; the
  corpus holds several stories on one event (bushfires, one trial, one
  election), so different stories share names and places.

The original page is plain (headline, date, body); copies are
``furniture`` (a renderer's layout only), ``truncate`` (first paragraphs),
and the spun kinds.  Stories with a near copy elsewhere in the corpus are
left out (the Lee corpus repeats a few stories).

Seeds 1 and 2 are for development; seeds 3 and 4 are kept for final
figures.  Figures: pairwise precision and recall of ``dedup`` after
``clean`` (``clean``'s siblings step included), copies grouped with their
original by kind, spun copies flagged, word errors against the original
before and after ``clean`` (``bench.syndication.repair_figures``), and
originals changed.
"""
from __future__ import annotations

import argparse
import datetime
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

from bench import layouts, syndication
from bench.spinners import load as load_spinner, spin_text
from normtool.options import DedupOptions

SENTENCE = re.compile(r"(?<=[.!?\"])\s+(?=[A-Z\"])")
KINDS = ("furniture", "truncate", "spun", "spun", "spun_cut", "spun_heavy")
_TRAILING = {"the", "a", "an", "of", "to", "in", "on", "at", "for", "and", "or", "has", "have",
             "is", "are", "was", "were", "be", "been", "by", "with", "from", "that", "its",
             "their", "his", "her", "will", "would", "says", "said"}


def read_pool(path: Path) -> list[dict]:
    """The corpus' development records (``lee-bg-*`` of the Lee corpus; any
    record of another corpus) of 100 words and more, with no near copy."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if not r["id"].startswith("lee-") or r["id"].startswith("lee-bg")]
    rows = [dict(r, title=r.get("title") or "-") for r in rows if len(r["text"].split()) >= 100]
    return syndication._singletons(rows)


def story(row: dict, rnd: random.Random) -> dict:
    """A ``bench.layouts`` story: paragraphs of 1-3 sentences, a headline of
    the opening's first 6-9 words (no trailing function word), a 2001 date."""
    sentences = SENTENCE.split(row["text"].strip())
    paras, cur = [], []
    for s in sentences:
        cur.append(s)
        if len(cur) >= rnd.choice((1, 2, 2, 3)):
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    words = re.findall(r"[A-Za-z'-]+", sentences[0])[:rnd.randint(6, 9)]
    while words and words[-1].lower() in _TRAILING:
        words.pop()
    date = datetime.date(2001, 1, 1) + datetime.timedelta(days=rnd.randint(0, 360))
    return {"id": row["id"], "split": "held", "title": " ".join(words), "date": date, "paras": paras}


def build(pool: list[dict], n_stories: int, seed: int, spinners: list[str]):
    """Pages (dicts id/text) in a seeded order, truth (page -> story) and
    kinds (page -> how it was made)."""
    rnd = random.Random(seed)
    rows = list(pool)
    rnd.shuffle(rows)
    thesauri = {name: load_spinner(name) for name in spinners}
    n_stories = min(n_stories, len(rows) * 2 // 3)
    docs, truth, kinds, refs = [], {}, {}, {}

    def add(story_id: str, text: str, kind: str) -> None:
        did = f"x{len(docs):05d}"
        docs.append({"id": did, "text": text})
        truth[did], kinds[did] = story_id, kind

    def render(s: dict, plain: dict | None = None) -> str:
        """A renderer's page of ``s``; with ``plain`` (the copy before spinning),
        also its body laid out by the same renderer and seed: the words the
        spun copy stands for, cuts and all."""
        name, seed = rnd.choice("ABCD"), rnd.random()
        if plain is not None:
            refs[f"x{len(docs):05d}"] = layouts.RENDERERS[name](plain, random.Random(seed))["body"]
        return layouts.RENDERERS[name](s, random.Random(seed))["text"]

    for k, row in enumerate(rows[:n_stories]):
        st = story(row, rnd)
        add(f"o{k}", f"{st['title']}\n\n{st['date']:%B %d, %Y}\n\n" + "\n\n".join(st["paras"]), "orig")
        for _ in range(rnd.choice((1, 2, 2, 3, 4))):
            kind = rnd.choice(KINDS)
            copy = dict(st, paras=list(st["paras"]))
            if kind in ("truncate", "spun_cut") and len(copy["paras"]) > 2:
                copy["paras"] = copy["paras"][:rnd.randint(2, len(copy["paras"]) - 1)]
            plain = dict(copy) if kind.startswith("spun") else None
            if kind.startswith("spun"):
                thes = thesauri[rnd.choice(spinners)]
                rate = 0.25 if kind == "spun_heavy" else rnd.choice((0.10, 0.15, 0.20))
                body = spin_text("\n\n".join(copy["paras"]), thes, rate, random.Random(rnd.random()),
                                 names=True)[0]
                copy["paras"] = body.split("\n\n")
                copy["title"] = spin_text(copy["title"], thes, rate, random.Random(rnd.random()),
                                          names=True)[0]
            add(f"o{k}", render(copy, plain), kind)
    for k, row in enumerate(rows[n_stories:]):
        add(f"d{k}", render(story(row, rnd)), "distractor")
    order = list(range(len(docs)))
    rnd.shuffle(order)
    return [docs[i] for i in order], truth, kinds, refs


def spin_damage(kinds: dict, refs: dict, arts: list, plain: dict) -> dict:
    """Per spun kind: (copies, word errors against the copy's own unspun
    words before clean (``plain``: cleaned without despin), after clean,
    share undone).  Unlike ``repair_figures`` no cut or layout counts, only
    the spinner's damage, whatever its original looked like."""
    from bench.despin_eval import words
    copies = ((kinds[did], words(body), did) for did, body in sorted(refs.items()))
    return syndication.word_errors(copies, plain, {a.id: a for a in arts})


def figures(docs: list[dict], truth: dict, kinds: dict, refs: dict) -> dict:
    """Run clean and dedup as ``normtool`` does and measure (see the module doc)."""
    syndication.KINDS.clear()
    syndication.KINDS.update(kinds)
    arts = syndication.clean(docs)
    groups = syndication.groups_of(syndication.dedup_records(arts, DedupOptions()))
    true = syndication.pairs_of(syndication.truth_groups(truth))
    group_of = {m: g for g, members in enumerate(groups) for m in members}
    source = {s: d for d, s in truth.items() if kinds[d] == "orig"}
    grouped, flagged = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    apart = []
    for a in arts:
        kind = kinds[a.id]
        flagged[kind][0] += 1
        flagged[kind][1] += bool(a.spun)
        if kind in ("orig", "distractor"):
            continue
        together = group_of[a.id] == group_of[source[truth[a.id]]]
        grouped[kind][0] += 1
        grouped[kind][1] += together
        if not together:
            apart.append(a.id)
    plain = syndication.plain_clean(docs)
    repairs, changed, originals = syndication.repair_figures(docs, truth, arts, plain)
    return {"pages": len(docs), "stories": len(set(truth.values())),
            "dedup": syndication.prf(syndication.pairs_of(groups), true),
            "grouped": {k: tuple(v) for k, v in sorted(grouped.items())},
            "flagged": {k: tuple(v) for k, v in sorted(flagged.items())},
            "repairs": repairs, "damage": spin_damage(kinds, refs, arts, plain),
            "originals_changed": (changed, originals), "apart": sorted(apart)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clean", type=Path, required=True,
                    help="JSONL corpus of another outlet (bench.cleancorpus --lee)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stories", type=int, default=150)
    ap.add_argument("--spinners", default="aiksaurus,roget")
    ap.add_argument("--show-apart", action="store_true", help="list the copies kept apart")
    args = ap.parse_args(argv)
    docs, truth, kinds, refs = build(read_pool(args.clean), args.stories, args.seed,
                                     args.spinners.split(","))
    out = figures(docs, truth, kinds, refs)
    print(f"crosscheck seed {args.seed}: {out['pages']} pages, {out['stories']} stories; "
          f"spinners {args.spinners}")
    print(f"  dedup: {out['dedup']}")
    print("  grouped with the original: " + ", ".join(
        f"{k} {b}/{a}" for k, (a, b) in out["grouped"].items()))
    print("  flagged spun: " + ", ".join(f"{k} {b}/{a}" for k, (a, b) in out["flagged"].items()))
    changed, originals = out["originals_changed"]
    print(f"  word errors against the original (before -> after clean); originals changed: "
          f"{changed} of {originals}")
    for kind, (n, before, after, undone) in out["repairs"].items():
        print(f"    {kind:12s} {n:4d} copies {before:6d} -> {after:6d}  undone {undone:5.1f}%")
    print("  spinner's damage (word errors against the copy's own unspun words, before -> after):")
    for kind, (n, before, after, undone) in out["damage"].items():
        print(f"    {kind:12s} {n:4d} copies {before:6d} -> {after:6d}  undone {undone:5.1f}%")
    if args.show_apart:
        print("  apart: " + " ".join(f"{d}({kinds[d]})" for d in out["apart"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
