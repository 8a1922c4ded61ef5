"""Generality benchmark for despin: spin clean copy ourselves, then measure repair.

    .venv/bin/python -m bench.spinset [--limit N] [--rate P]

Two test spinners, written apart from the repair table
(``normtool/data/spin_table.tsv``) so the figures say how well despin does on
a spinner it was not built from:

* ``thesaurus``: SpinBot-style, from the OpenOffice/MyThes thesaurus
  (Debian package ``mythes-en-us``, ``/usr/share/mythes/th_en_US_v2.dat``)
  when installed: each eligible lower-case word is, with probability ``rate``,
  replaced by the first synonym of its *first* (most common) sense, without
  context, with naive re-inflection.  Skipped when the file is missing.
* ``thesaurus-any``: the same MyThes first sense, but any of its terms,
  "similar"/"related" ones included ("profound" for "deep", "counterfeit" for
  "artificial"), picked at random per word: the tortured-phrase style.
* ``mini``: a small hand-written news thesaurus (``MINI`` below), same rule.

Independence: the statistical repair data (``normtool/data/spin_thesaurus.tsv``)
is made from WordNet 3.0 by ``tools/build_spin_data.py``.  ``mini`` is fully
independent of it.  MyThes en_US is itself derived from WordNet (an older
release, with its own sense order and term selection), so the two
``thesaurus`` spinners share a source with the repair data: their figures
are an optimistic estimate for an unseen thesaurus.

Corpus: seeds 000-003 plus clean Reuters stories from the *evaluation split*
(numeric id divisible by 10; the news model in ``normtool/data/spin_lm.tsv.gz``
is trained on the other stories only), every k-th such story up to
``--limit``; a synthetic text otherwise.

Figures: word error rate against the original before and after repair,
precision of repairs (the share of changed words that restore the original),
detection (spun copies flagged, clean copies flagged), and changes made to
clean copy (must be 0).
"""
from __future__ import annotations

import argparse
import difflib
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path

from normtool.clean import clean_text
from normtool.despin import load_table, repair_text, spin_evidence
from normtool.settings import DESPIN

THRESHOLD = DESPIN.threshold

ROOT = Path(__file__).resolve().parent.parent
REUTERS = ROOT.parent / "shared" / "data" / "reuters21578.jsonl.gz"
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")

STOP = set("""a an the of to in on at by for from with and or but nor so yet as is are was were be
been being am do does did have has had it its this that these those he she they we i you me him
her them us our their his my your who whom whose which what when where why how not no if then than
there here also just very can could will would shall should may might must up down out over off
into onto upon about after before again all any both each few more most other some such only own
same too s t don now one two three four five six seven eight nine ten said says mr mrs ms pct
reuter""".split())

# A SpinBot-like mini thesaurus for news words: the first sense's synonym.
MINI = {
    "said": "stated", "says": "states", "told": "informed", "asked": "questioned",
    "added": "included", "reported": "described", "announced": "declared",
    "company": "firm", "companies": "firms", "government": "administration",
    "officials": "representatives", "people": "persons", "year": "twelvemonth",
    "market": "marketplace", "markets": "marketplaces", "shares": "stocks", "stock": "inventory",
    "price": "cost", "prices": "costs", "rise": "increase", "rose": "increased",
    "fell": "dropped", "increase": "boost", "decline": "decrease", "expected": "anticipated",
    "plan": "scheme", "plans": "schemes", "agreement": "arrangement", "deal": "bargain",
    "talks": "discussions", "meeting": "session", "week": "hebdomad", "new": "novel",
    "big": "large", "large": "big", "major": "main", "important": "significant",
    "help": "assist", "support": "backing", "show": "display", "showed": "displayed",
    "began": "started", "end": "finish", "ended": "concluded", "country": "land",
    "countries": "lands", "group": "cluster", "members": "associates", "leader": "head",
    "police": "constabulary", "military": "armed forces", "troops": "soldiers",
    "war": "warfare", "attack": "onslaught", "killed": "slain", "death": "decease",
    "report": "account", "reports": "accounts", "news": "tidings", "statement": "declaration",
    "economic": "economical", "growth": "increment", "bank": "depository financial institution",
    "banks": "depository financial institutions", "rate": "charge", "rates": "charges",
    "interest": "involvement", "sales": "gross revenue", "profit": "net income",
    "loss": "red ink", "quarter": "fourth", "analysts": "analyzers", "investors": "capitalists",
    "buy": "purchase", "trade": "commerce", "exports": "exportations", "oil": "petroleum",
    "energy": "vigor", "production": "output", "industry": "manufacture",
    "business": "concern", "workers": "employees", "jobs": "occupations", "job": "occupation",
    "money": "cash", "cost": "toll", "costs": "tolls", "total": "sum",
    "because": "since", "however": "nevertheless", "during": "in the course of",
    "before": "earlier than", "against": "versus", "including": "together with",
    "while": "whilst", "despite": "in spite of", "still": "nonetheless", "many": "numerous",
    "several": "various", "first": "initial", "last": "final", "next": "following",
    "likely": "probable", "need": "necessitate", "want": "desire", "get": "acquire",
    "make": "create", "take": "accept", "give": "grant", "use": "utilize", "used": "utilized",
    "using": "utilizing", "billion": "billion", "million": "million", "foreign": "alien",
    "minister": "curate", "agency": "bureau", "security": "protection", "forces": "forces",
    "recently": "lately", "soon": "shortly", "already": "already", "expects": "anticipates",
    "higher": "higher", "lower": "lower", "strong": "powerful", "weak": "feeble",
    "demand": "requirement", "supply": "provision", "output": "yield", "earnings": "net income",
    "board": "panel", "chairman": "president", "spokesman": "interpreter", "sources": "origins",
    "according to": "as reported by", "more than": "over", "about": "roughly",
    "around": "some", "record": "disc", "court": "tribunal", "law": "jurisprudence",
    "election": "vote", "vote": "ballot", "party": "political party", "campaign": "crusade",
    "team": "squad", "game": "contest", "win": "triumph", "won": "triumphed", "season": "time of year",
    "film": "movie", "show ": "display ", "technology": "engineering", "data": "information",
    "study": "survey", "research": "inquiry", "health": "wellness", "disease": "illness",
}

_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d[\d.,]*|[^\sA-Za-z\d]")


def _first_senses(path: Path):
    """(word, [terms of its first sense]) for each single-word MyThes entry."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        fh.readline()
        lines = iter(fh)
        for line in lines:
            word, _, n = line.rstrip("\n").partition("|")
            if not n.isdigit():
                continue
            senses = [next(lines, "") for _ in range(int(n))]
            if senses and " " not in word and word.isalpha():
                yield word, senses[0].rstrip("\n").split("|")[1:]


def load_mythes_any(path: Path = MYTHES) -> dict:
    """word -> every single-word-or-phrase term of its first sense (any relation
    but antonyms), for the ``thesaurus-any`` spinner."""
    if not path.exists():
        return {}
    out: dict = {}
    for word, terms in _first_senses(path):
        kept = []
        for syn in terms:
            if "(antonym)" in syn:
                continue
            syn = re.sub(r"\s*\(.*\)$", "", syn)
            if syn.lower() != word and re.fullmatch(r"[a-z][a-z -]*", syn):
                kept.append(syn)
        if kept:
            out[word] = tuple(dict.fromkeys(kept))
    return out


def load_mythes(path: Path = MYTHES) -> dict:
    """word -> first synonym of its first sense (a thesaurus' most common sense)."""
    if not path.exists():
        return {}
    out: dict = {}
    for word, terms in _first_senses(path):
        for syn in terms:
            if "(" in syn or syn.lower() == word or not re.fullmatch(r"[a-z][a-z -]*", syn):
                continue
            out[word] = syn
            break
    return out


def _inflect(base_syn: str, suffix: str) -> str:
    head, sep, tail = base_syn.partition(" ")
    w = head
    if suffix == "s":
        w = w[:-1] + "ies" if w.endswith("y") and w[-2:-1] not in "aeiou" else (
            w + "es" if w.endswith(("s", "x", "ch", "sh")) else w + "s")
    elif suffix == "ed":
        w = w + "d" if w.endswith("e") else w + "ed"
    elif suffix == "ing":
        w = (w[:-1] if w.endswith("e") and not w.endswith("ee") else w) + "ing"
    return w + sep + tail


def thesaurus_lookup(word: str, thes: dict, rng: random.Random | None = None) -> str | None:
    if word in thes:
        hit = thes[word]
        return rng.choice(hit) if isinstance(hit, tuple) else hit
    for suf, cut, add, infl in (("ies", 3, "y", "s"), ("es", 2, "", "s"), ("s", 1, "", "s"),
                                ("ied", 3, "y", "ed"), ("ed", 1, "", "ed"), ("ed", 2, "", "ed"),
                                ("ing", 3, "e", "ing"), ("ing", 3, "", "ing")):
        if word.endswith(suf) and len(word) > len(suf) + 2:
            base = word[:-cut] + add
            if base in thes:
                hit = thes[base]
                return _inflect(rng.choice(hit) if isinstance(hit, tuple) else hit, infl)
    return None


def spin(text: str, table: dict, rate: float, rng: random.Random, lookup=None) -> str:
    """Replace eligible words (and MINI phrases) with their synonym at ``rate``."""
    out = []
    for para in text.split("\n\n"):
        toks = _WORD.findall(para)
        res, i = [], 0
        while i < len(toks):
            t = toks[i]
            two = f"{t} {toks[i + 1]}" if i + 1 < len(toks) else None
            start = i == 0 or (res and res[-1] in ".!?")
            if two and lookup is None and two.lower() in table and rng.random() < rate:
                res.append(table[two.lower()])
                i += 2
                continue
            low = t.lower()
            cap = t[:1].isupper()
            eligible = t.isalpha() and (lookup is None or low not in STOP) and (not cap or (start and t[1:].islower()))
            if eligible and rng.random() < rate:
                syn = lookup(low, table, rng) if lookup else table.get(low)
                if syn and syn != low:
                    res.append(syn[0].upper() + syn[1:] if cap else syn)
                    i += 1
                    continue
            res.append(t)
            i += 1
        out.append(_detok(res))
    return "\n\n".join(out)


def _detok(toks: list) -> str:
    s = " ".join(toks)
    s = re.sub(r" ([.,;:!?%)\]'’])", r"\1", s)
    s = re.sub(r"([(\[$]) ", r"\1", s)
    return s


def words(text: str) -> list:
    return re.findall(r"[^\W_]+(?:['’-][^\W_]+)*|\d", text)


def word_errors(ref: list, hyp: list) -> int:
    """Edit operations between two word lists (difflib alignment; an upper bound)."""
    errs = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ref, hyp, autojunk=False).get_opcodes():
        if op != "equal":
            errs += max(i2 - i1, j2 - j1)
    return errs


def repair_precision(original: str, repaired: str, repairs: list) -> tuple[int, int]:
    """(repairs whose words all match the original, repairs) via word alignment."""
    ref, hyp = words(original), words(repaired)
    ok_pos = set()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ref, hyp, autojunk=False).get_opcodes():
        if op == "equal":
            ok_pos.update(range(j1, j2))
    starts, pos = [], 0
    for m in re.finditer(r"[^\W_]+(?:['’-][^\W_]+)*|\d", repaired):
        starts.append(m.start())
    good = 0
    import bisect
    for r in repairs:
        a = bisect.bisect_left(starts, r["offset"])
        b = bisect.bisect_left(starts, r["offset"] + len(r["to"]))
        if a < b and all(k in ok_pos for k in range(a, b)):
            good += 1
    return good, len(repairs)


def is_eval(story_id: str) -> bool:
    """Evaluation split: numeric id divisible by 10 (tools/build_spin_data.py trains on the rest)."""
    num = story_id.rsplit("-", 1)[-1]
    return num.isdigit() and int(num) % 10 == 0


def corpus(limit: int) -> tuple[list, str]:
    texts = []
    for f in sorted((ROOT / "seeds").glob("00[0-3]_*.txt")):
        texts.append((f.stem, clean_text(f.read_text(encoding="utf-8"))))
    name = "seeds 000-003"
    if limit > 0 and REUTERS.exists():        # --limit 0: the seeds only
        rows = [json.loads(l) for l in gzip.open(REUTERS, "rt", encoding="utf-8")]
        rows = [r for r in rows if len(r["text"].split()) >= 80 and is_eval(r["id"])]
        step = max(1, len(rows) // limit)
        for r in rows[::step][:limit]:
            texts.append((r["id"], clean_text(r["text"])))
        name += (f" + {min(limit, len(rows[::step]))} Reuters stories from the evaluation "
                 "split (id % 10 == 0; the news model never saw them)")
    return texts, name


def run(limit: int, rate: float, out=sys.stdout) -> dict:
    texts, name = corpus(limit)
    table = load_table()
    spinners = [("mini", MINI, None)]
    thes = load_mythes()
    if thes:
        spinners.append(("thesaurus", thes, thesaurus_lookup))
        spinners.append(("thesaurus-any", load_mythes_any(), thesaurus_lookup))
    print(f"corpus: {name}; spin rate {rate}; repair table {table.size} entries", file=out)
    clean_flagged = clean_changed = 0
    for _, t in texts:
        fixed, reps = repair_text(t, table)
        clean_flagged += spin_evidence(t, table).score >= THRESHOLD
        clean_changed += len(reps)
    print(f"clean copy: {clean_flagged}/{len(texts)} flagged, {clean_changed} words changed",
          file=out)
    results = {"clean_flagged": clean_flagged, "clean_changed": clean_changed, "n": len(texts)}
    for sname, stable, lookup in spinners:
        t0 = time.time()
        ref_words = err_before = err_after = good = nrep = flagged = 0
        err_after_forced = good_f = nrep_f = 0
        for k, (ident, t) in enumerate(texts):
            rng = random.Random(f"{sname}:{ident}")
            spun = spin(t, stable, rate, rng, lookup)
            ref = words(t)
            ref_words += len(ref)
            err_before += word_errors(ref, words(spun))
            fixed, reps = repair_text(spun, table)
            flagged += bool(reps) or spin_evidence(spun, table).score >= THRESHOLD
            err_after += word_errors(ref, words(fixed))
            g, n = repair_precision(t, fixed, reps)
            good, nrep = good + g, nrep + n
            ffixed, freps = repair_text(spun, table, force=True)
            err_after_forced += word_errors(ref, words(ffixed))
            g, n = repair_precision(t, ffixed, freps)
            good_f, nrep_f = good_f + g, nrep_f + n
        wb, wa, wf = err_before / ref_words, err_after / ref_words, err_after_forced / ref_words
        line = (f"{sname:9s} spinner: detected {flagged}/{len(texts)}; WER {wb:.2%} -> {wa:.2%} "
                f"(undone {1 - wa / wb if wb else 0:.1%}); repairs {nrep}, precision "
                f"{good / nrep if nrep else 0:.1%}; ungated repair: WER -> {wf:.2%}, "
                f"precision {good_f / nrep_f if nrep_f else 0:.1%}  [{time.time() - t0:.0f}s]")
        print(line.replace(f"{sname:9s} spinner", f"{sname:13s} spinner"), file=out)
        results[sname] = {"detected": flagged, "wer_before": wb, "wer_after": wa,
                          "repairs": nrep, "precision": good / nrep if nrep else 0.0}
    return results


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=500, help="Reuters stories to use")
    ap.add_argument("--rate", type=float, default=0.5, help="probability a word is spun")
    args = ap.parse_args(argv)
    run(args.limit, args.rate)


if __name__ == "__main__":
    main()
