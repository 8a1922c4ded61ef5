"""Build despin's statistical data: a reverse thesaurus and a news word/bigram model.

    .venv/bin/python tools/build_spin_data.py [--wordnet DIR] [--reuters FILE]

Writes two files under ``normtool/data/`` (both loaded once, lazily, by
``normtool.despin``):

``spin_thesaurus.tsv``  spinner output -> candidate originals, one line each::

    <spun word or phrase> TAB <original>|<original>~|... [TAB <floor>]

    (``~``: a rank-1 candidate, see ``read_first_senses``; despin gives
    those a prior penalty; ``floor``: a count the news model gives the spun
    word at least, from its frequency in general English (WordNet's SemCor
    sense-tag counts, ``cntlist.rev``, scaled to the news corpus and halved):
    a word Reuters rarely uses but English often does ("dispatch") is not
    taken for spinner output on the unigram odds alone)

    Made by running a SpinBot-style spinner *forwards* over every word of the
    training vocabulary: a word X (in any inflection) is looked up in WordNet
    3.0 (Debian ``wordnet-base``, ``/usr/share/wordnet``); for each part of
    speech, its *most common* sense (the first synset in WordNet's index)
    gives X's possible substitutes W: the synset's other lemmas, and for an
    adjective its "similar to" satellites too.  W is re-inflected like X
    (irregular forms from WordNet's exception lists plus the naive regular
    rules spinners use).  The pair is kept, reversed, when X is at least
    ``RATIO`` times as common as W in the training text (a spinner's output is
    rarely commoner than what it replaced; this also keeps the run-time scan
    cheap).  Rank-1 candidates (``~``) come from X's next senses and the first
    sense's hypernyms.  Function words are never originals.

``spin_lm.tsv.gz``  word and bigram counts of Reuters news copy::

    U TAB word TAB count       (unigrams, count >= MIN_UNI)
    B TAB w1 w2 TAB count      (bigrams, count >= MIN_BI)
    N TAB tokens TAB bigrams   (totals)

    Tokens are despin's words (``normtool.despin.tokens.Tokens``): lower case,
    except capitalised words inside a sentence which keep their case (names
    are not the same words as the common nouns they spell); numbers are
    ``<num>``; ``|`` marks a sentence start/end or punctuation between words.

Training split: Reuters-21578 (``../shared/data/reuters21578.jsonl.gz``)
stories whose numeric id is NOT divisible by 10.  ``bench.spinset`` draws
its evaluation stories only from ids divisible by 10, so no evaluation story
is in the training counts.

WordNet licence: WordNet 3.0 Copyright 2006 by Princeton University; the
notice is shipped as ``normtool/data/spin_thesaurus.NOTICE``.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normtool.clean import clean_text  # noqa: E402
from normtool.despin.tokens import Tokens, lm_key  # noqa: E402

DATA = ROOT / "normtool" / "data"
REUTERS = ROOT.parent / "shared" / "data" / "reuters21578.jsonl.gz"
WORDNET = Path("/usr/share/wordnet")
MIN_UNI = 2          # unigrams kept
MIN_BI = 1           # bigrams kept (all: a bigram seen once is a normal collocation)
MIN_X = 5            # an original must be seen this often in training
RATIO = 3            # ... and RATIO times as often as the spun form (+1)
SENSES = 3           # synsets of an original looked at (the first gives rank 0)
HYPERNYMS = True     # the first synset's hypernyms give rank-1 substitutes
FLOOR_SCALE = 0.1    # share of its SemCor frequency (scaled to the news corpus) a spun word keeps
POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
# Function words and particles are never offered as originals ("its" is
# WordNet's plural of "IT", information technology; "off" is a verb, "kill",
# whose synonym "dispatch" would otherwise be taken back to "off").
FUNCTION = frozenset("""a an the its it it's i me my we us our you your he him his she her they
them their this that these those who whom whose which what there here is are was were be been
am do does did has have had having will would shall should can could may might must of to in
on at by for from with and or but nor so yet as if than then not no own also ever off up down
out over back away through under along across behind upon into onto within without since until
while because though although whether""".split())

NOTICE = """\
spin_thesaurus.tsv is derived from WordNet 3.0 (reverse first-sense synonyms).

WordNet Release 3.0

This software and database is being provided to you, the LICENSEE, by
Princeton University under the following license.  By obtaining, using
and/or copying this software and database, you agree that you have
read, understood, and will comply with these terms and conditions.:

Permission to use, copy, modify and distribute this software and
database and its documentation for any purpose and without fee or
royalty is hereby granted, provided that you agree to comply with
the following copyright notice and statements, including the disclaimer,
and that the same appear on ALL copies of the software, database and
documentation, including modifications that you make for internal
use or for distribution.

WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.

THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON
UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR
IMPLIED.  BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON
UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT-
ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE
OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT
INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR
OTHER RIGHTS.

The name of Princeton University or Princeton may not be used in
advertising or publicity pertaining to distribution of the software
and/or database.  Title to copyright in this software, database and
any associated documentation shall at all times remain with
Princeton University and LICENSEE agrees to preserve same.

spin_lm.tsv.gz holds word and bigram counts of the Reuters-21578 collection
(Reuters 1987, distributed free for research use), training split.
"""


def is_train(story_id: str) -> bool:
    """Training split: numeric id not divisible by 10 (bench.spinset evaluates on the rest)."""
    num = story_id.rsplit("-", 1)[-1]
    return not (num.isdigit() and int(num) % 10 == 0)


# ------------------------------------------------------------------ counts

def count_reuters(path: Path) -> tuple[Counter, Counter, int]:
    uni: Counter = Counter()
    bi: Counter = Counter()
    stories = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if not is_train(row["id"]):
                continue
            stories += 1
            seq = lm_sequence(clean_text(row["text"]))
            uni.update(seq)
            bi.update(zip(seq, seq[1:]))
    return uni, bi, stories


def lm_sequence(text: str) -> list:
    """The token sequence the model counts: keys with ``|`` at every break."""
    tok = Tokens(text)
    seq = []
    for i in range(len(tok.keys)):
        if tok.starts[i] or not tok.clean_gap(i):
            if seq and seq[-1] != "|":
                seq.append("|")
            elif not seq:
                seq.append("|")
        seq.append(lm_key(tok, i))
    seq.append("|")
    return seq


# ------------------------------------------------------------------ WordNet

def read_exceptions(wn: Path) -> dict:
    """pos -> {inflected: [base, ...]} from WordNet's *.exc lists."""
    out = {}
    for name, p in POS.items():
        d = defaultdict(list)
        f = wn / f"{name}.exc"
        if f.exists():
            for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
                parts = line.split()
                if len(parts) >= 2:
                    for base in parts[1:]:
                        d[parts[0]].append(base)
        out[p] = d
    return out


def read_first_senses(wn: Path) -> dict:
    """(pos, lemma) -> [(substitute, rank)]: rank 0 from its first (most common)
    synset (and, for adjectives, the synsets "similar to" it); rank 1 from its
    next ``SENSES - 1`` synsets and the first synset's hypernyms, for
    thesauri whose sense order or relations differ from WordNet's."""
    data = {}
    for name, p in POS.items():
        offsets = {}
        for line in (wn / f"index.{name}").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(" "):
                continue
            parts = line.split()
            lemma, n_syn, n_ptr = parts[0], int(parts[2]), int(parts[3])
            syn_offsets = parts[4 + n_ptr + 2:]
            if len(syn_offsets) != n_syn or not syn_offsets:
                continue
            offsets[lemma] = syn_offsets[:SENSES]
        raw = (wn / f"data.{name}").read_bytes()
        synsets = {}

        def synset(off: str):
            if off in synsets:
                return synsets[off]
            i = int(off)
            line = raw[i:raw.index(b"\n", i)].decode("utf-8", "replace")
            parts = line.split(" | ")[0].split()
            n_words = int(parts[3], 16)
            words = [re.sub(r"\(.*\)$", "", parts[4 + 2 * k]).lower() for k in range(n_words)]
            j = 4 + 2 * n_words
            n_ptr = int(parts[j])
            similar, hyper = [], []
            for k in range(n_ptr):
                sym, off2, pos2 = parts[j + 1 + 4 * k:j + 4 + 4 * k]
                if sym == "&":
                    similar.append(off2)
                elif sym in ("@", "@i") and pos2 == p:
                    hyper.append(off2)
            synsets[off] = (words, similar, hyper)
            return synsets[off]

        for lemma, offs in offsets.items():
            words, similar, hyper = synset(offs[0])
            ranked = [(w, 0) for w in words]
            for off2 in similar:
                ranked += [(w, 0) for w in synset(off2)[0]]
            if HYPERNYMS:
                for off2 in hyper:
                    ranked += [(w, 1) for w in synset(off2)[0]]
            for off2 in offs[1:]:
                ranked += [(w, 1) for w in synset(off2)[0]]
            subs: dict = {}
            for w, r in ranked:
                w = w.replace("_", " ")
                if w != lemma and re.fullmatch(r"[a-z][a-z' -]*[a-z]", w):
                    subs[w] = min(r, subs.get(w, r))
            if subs:
                data[(p, lemma)] = list(subs.items())
    return data


def lemmas(word: str, p: str, senses: dict, exc: dict) -> list:
    """(base, inflection) pairs for ``word`` as part of speech ``p``.

    Inflections: "" (base), "s" (plural / 3rd person), "ed", "ing".
    """
    out = []
    if (p, word) in senses:
        out.append((word, ""))
    for base in exc[p].get(word, ()):
        if (p, base) in senses:
            if p == "n":
                out.append((base, "s"))
            elif p == "v":
                out.append((base, "ing" if word.endswith("ing") else "ed"))
    rules = {"n": [("ses", "s", "s"), ("xes", "x", "s"), ("zes", "z", "s"), ("ches", "ch", "s"),
                   ("shes", "sh", "s"), ("ies", "y", "s"), ("s", "", "s")],
             "v": [("ies", "y", "s"), ("es", "e", "s"), ("es", "", "s"), ("s", "", "s"),
                   ("ied", "y", "ed"), ("ed", "e", "ed"), ("ed", "", "ed"),
                   ("ing", "e", "ing"), ("ing", "", "ing")]}.get(p, [])
    for suf, add, infl in rules:
        if word.endswith(suf) and len(word) > len(suf) + 1:
            base = word[: len(word) - len(suf)] + add
            if (p, base) in senses:
                out.append((base, infl))
            # doubled consonant: "planned" -> "plan"
            if infl in ("ed", "ing") and len(base) > 3 and base[-1] == base[-2] and not add:
                b2 = base[:-1]
                if (p, b2) in senses:
                    out.append((b2, infl))
    return list(dict.fromkeys(out))


def inflect(sub: str, p: str, infl: str, irregular: dict) -> list:
    """Forms a spinner would write for substitute ``sub`` in inflection ``infl``."""
    if not infl:
        return [sub]
    words = sub.split(" ")
    k = len(words) - 1 if p == "n" else 0          # nouns: last word; verbs: head word
    w = words[k]
    forms = []
    for form in irregular.get((p, w), ()):
        kind = "ing" if form.endswith("ing") else ("s" if p == "n" or form.endswith("s") else "ed")
        if kind == infl:
            forms.append(form)
    if infl == "s":
        forms.append(w[:-1] + "ies" if w.endswith("y") and w[-2:-1] not in "aeiou" else
                     w + "es" if w.endswith(("s", "x", "ch", "sh", "z")) else w + "s")
    elif infl == "ed":
        forms.append(w + "d" if w.endswith("e") else
                     w[:-1] + "ied" if w.endswith("y") and w[-2:-1] not in "aeiou" else w + "ed")
    elif infl == "ing":
        forms.append((w[:-1] if w.endswith("e") and not w.endswith("ee") else w) + "ing")
    out = []
    for f in dict.fromkeys(forms):
        ws = list(words)
        ws[k] = f
        out.append(" ".join(ws))
    return out


def semcor_counts(wn: Path) -> Counter:
    """lemma -> sense-tagged occurrences in SemCor (all senses, all parts of speech)."""
    out: Counter = Counter()
    f = wn / "cntlist.rev"
    if f.exists():
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[2].isdigit():
                out[parts[0].split("%")[0].replace("_", " ")] += int(parts[2])
    return out


def floors(rev: dict, uni: Counter, semcor: Counter, senses: dict, exc: dict) -> dict:
    """spun form -> floor count for the news model (see the module doc)."""
    total = sum(semcor.values()) or 1
    scale = FLOOR_SCALE * sum(c for w, c in uni.items() if w != "|") / total
    out = {}
    for w in rev:
        if " " in w:
            n = semcor.get(w, 0)
        else:
            bases = {w} | {b for p in ("n", "v", "a", "r") for b, _ in lemmas(w, p, senses, exc)}
            n = max(semcor.get(b, 0) for b in bases)
        f = int(scale * n)
        if f > uni.get(w, 0):
            out[w] = f
    return out


def reverse_thesaurus(uni: Counter, senses: dict, exc: dict) -> dict:
    irregular = defaultdict(list)             # (pos, base) -> inflected forms
    for p, d in exc.items():
        for form, bases in d.items():
            for b in bases:
                irregular[(p, b)].append(form)
    rev: dict = defaultdict(dict)       # spun form -> {original: rank}
    for x, c in uni.items():
        if x in FUNCTION or c < MIN_X or not re.fullmatch(r"[a-z][a-z'-]*[a-z]", x) or len(x) < 3:
            continue
        for p in ("n", "v", "a", "r"):
            for base, infl in lemmas(x, p, senses, exc):
                for sub, rank in senses.get((p, base), ()):
                    for w in inflect(sub, p, infl, irregular):
                        if w != x and c >= RATIO * (uni.get(w, 0) + 1):
                            rev[w][x] = min(rank, rev[w].get(x, rank))
    return rev


# ------------------------------------------------------------------ main

def commonest_first(rows) -> list:
    """(key, count) rows, the largest count first, ties by key: the order
    every count file is written in.  A dict is loaded in file order, so the
    entries and key strings that running text asks for most lie together in
    memory and a look-up misses the processor's caches less often (about a
    third faster on a million word pairs).

    >>> commonest_first([("a b", 1), ("of the", 90), ("in the", 90)])
    [('in the', 90), ('of the', 90), ('a b', 1)]
    """
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wordnet", type=Path, default=WORDNET)
    ap.add_argument("--reuters", type=Path, default=REUTERS)
    ap.add_argument("--out", type=Path, default=DATA)
    args = ap.parse_args(argv)
    if not (args.wordnet / "index.noun").exists():
        sys.exit(f"WordNet not found in {args.wordnet} (apt-get install wordnet-base)")
    uni, bi, stories = count_reuters(args.reuters)
    print(f"training split: {stories} Reuters stories, {sum(uni.values())} tokens", file=sys.stderr)
    exc = read_exceptions(args.wordnet)
    senses = read_first_senses(args.wordnet)
    rev = reverse_thesaurus(uni, senses, exc)
    floor = floors(rev, uni, semcor_counts(args.wordnet), senses, exc)
    with open(args.out / "spin_thesaurus.tsv", "w", encoding="utf-8") as fh:
        fh.write("# spinner output -> candidate originals; generated by tools/build_spin_data.py "
                 "from WordNet 3.0 (see spin_thesaurus.NOTICE) and Reuters counts\n")
        for w in sorted(rev):
            origs = '|'.join(x + '~' * r for x, r in sorted(rev[w].items()))
            fh.write(f"{w}\t{origs}\t{floor[w]}\n" if w in floor else f"{w}\t{origs}\n")
    (args.out / "spin_thesaurus.NOTICE").write_text(NOTICE, encoding="utf-8")
    n_tok, n_bi = sum(uni.values()), sum(bi.values())
    rows = [f"N\t{n_tok}\t{n_bi}\n"]
    rows += [f"U\t{w}\t{c}\n" for w, c in commonest_first((w, c) for w, c in uni.items() if c >= MIN_UNI)]
    rows += [f"B\t{k}\t{c}\n" for k, c in commonest_first((f"{a} {b}", c) for (a, b), c in bi.items()
                                                            if c >= MIN_BI)]
    with gzip.GzipFile(args.out / "spin_lm.tsv.gz", "wb", mtime=0) as fh:
        fh.write("".join(rows).encode("utf-8"))
    print(f"reverse thesaurus: {len(rev)} spun forms; model: "
          f"{sum(1 for r in rows if r[0] == 'U')} words, {sum(1 for r in rows if r[0] == 'B')} bigrams",
          file=sys.stderr)


if __name__ == "__main__":
    main()
