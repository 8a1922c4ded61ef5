"""Synthetic dedup output (corpus, clean file, report) of any size, fast.

Texts are random words from a small made-up vocabulary; a share of the
stories get copies (a few words changed, or cut short) so the page has
diffs to store.  Seeded: the same arguments give the same files.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "da", "fe"]


def _vocabulary(rnd: random.Random, n: int = 3000) -> list[str]:
    words = set()
    while len(words) < n:
        words.add("".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(1, 4))))
    return sorted(words)


def write_synthetic(folder: Path, stories: int, copy_share: float = 0.2,
                    length: tuple[int, int] = (40, 90), seed: int = 7) -> dict:
    """Write corpus.jsonl, clean.jsonl and report.jsonl; return the counts.

    ``length``: the range of words in a canonical text.
    """
    rnd = random.Random(seed)
    vocab = _vocabulary(rnd)
    counts = {"stories": stories, "copies": 0, "near": 0, "contained": 0, "exact": 0}
    with open(folder / "corpus.jsonl", "w", encoding="utf-8") as corpus, \
            open(folder / "clean.jsonl", "w", encoding="utf-8") as clean, \
            open(folder / "report.jsonl", "w", encoding="utf-8") as report:
        for s in range(stories):
            words = rnd.choices(vocab, k=rnd.randint(*length))
            cut = len(words) // 2
            text = " ".join(words[:cut]) + "\n\n" + " ".join(words[cut:])
            ident = f"s{s:06d}"
            title = " ".join(rnd.choices(vocab, k=5)).capitalize()
            rec = {"id": ident, "title": title, "date": f"2024-{1 + s % 12:02d}-{1 + s % 28:02d}",
                   "spun": False, "spin_score": 0.0, "text": text, "repairs": []}
            dups = []
            if rnd.random() < copy_share:
                for c in range(rnd.choice((1, 1, 1, 2, 3))):
                    kind = rnd.choice(("near", "near", "contained", "exact"))
                    if kind == "near":
                        changed = list(words)
                        for k in rnd.sample(range(len(changed)), 4):
                            changed[k] = rnd.choice(vocab)
                        copy = " ".join(changed[:cut]) + "\n\n" + " ".join(changed[cut:])
                        sim = round(rnd.uniform(0.5, 0.95), 4)
                    elif kind == "contained":
                        copy, sim = " ".join(words[:cut]), 1.0
                    else:
                        copy, sim = text, 1.0
                    cid = f"{ident}-c{c}"
                    dups.append({"id": cid, "similarity": sim, "relation": kind})
                    clean.write(json.dumps({"id": cid, "title": title, "date": None,
                                            "spun": False, "spin_score": 0.0, "text": copy,
                                            "repairs": []}) + "\n")
                    counts[kind] += 1
                    counts["copies"] += 1
            clean.write(json.dumps(rec) + "\n")
            rec.update(cluster=f"{s:016x}", duplicates=dups)
            corpus.write(json.dumps(rec) + "\n")
            members = [{"id": ident, "relation": "canonical", "similarity": 1.0}] + dups
            report.write(json.dumps({"cluster": rec["cluster"], "canonical": ident,
                                     "members": members, "size": len(members)}) + "\n")
    counts["articles"] = counts["stories"] + counts["copies"]
    return counts
