"""The matching copy: the words dedup compares, never shown to users.

Copies of one story differ in typography, spelling and number formats more
than in words.  The matching copy folds them: quote and dash forms (the
shared ``text.FOLD`` table), thousands separators, British/American
spellings and word forms such as "per cent"/"pct" (``data/spelling.tsv``,
``data/match_words.tsv``, extendable with ``--match-words``), case.  Anchors
are what a spinner leaves alone: names and numbers.  The skeleton keeps
function words and numbers only: a spinner swaps the other words.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from ..data import WordTableError, read_text, word_list, word_pairs
from ..text import FOLD

# Tokenisation (not a rule table: the shape of a word for the matcher).
_TOKEN = re.compile(r"\d+(?:[.,/-]\d+)*|[^\W\d_]+(?:\.[^\W\d_]+)*|%")
# Words and numbers, each with the sentence-end mark (if any) just before it.
_ANCHOR_SCAN = re.compile(r"([.!?:;\"'(\n]?)[ \t]*(\d+(?:[.,/-]\d+)*|[^\W\d_][^\W_]*)")
# _TOKEN for case-folded ASCII text (nearly all English copy): the same
# matches there, faster than the Unicode classes.
_TOKEN_ASCII = re.compile(r"[0-9]+(?:[.,/-][0-9]+)*|[a-z]+(?:\.[a-z]+)*|%")
# In ASCII text: numbers and capitalised words at a word boundary.  A regex
# starting with a character class is fast to scan; it finds _ANCHOR_SCAN's
# tokens exactly unless a word has a capital after a lower-case letter or a
# digit ("eBay", "12ABC") or touches an underscore: _ANCHOR_ASCII_UNSAFE.
_ANCHOR_ASCII = re.compile(r"\b(?:[0-9]+(?:[.,/-][0-9]+)*|[A-Z][A-Za-z0-9]*)", re.ASCII)
_ANCHOR_ASCII_UNSAFE = re.compile(r"[A-Z](?<=[a-z0-9_][A-Z])")   # and any "_"
_MARKS = frozenset(".!?:;\"'(\n")
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}\b)")
_SPACED_FIGURE = re.compile(r"(\d) ?([-/]) ?(?=\d)")   # "6 - 3 / 8" -> "6-3/8"


class MatchWordsError(WordTableError):
    """A word table (``--match-words``) that cannot be read: ``file:line: message``."""


def read_word_table(text: str, where: str = "match_words.tsv") -> dict[str, str]:
    """``FROM<TAB>TO`` lines (``#`` comments) as a lower-case dict.

    A line that would be silently ignored or never match raises
    ``MatchWordsError`` naming ``where`` and the line: not two columns
    (``data.word_pairs``), ``FROM`` not one or two words the matcher sees,
    ``TO`` not one word (or ``-``).
    """
    table = {}
    for n, src, dst in word_pairs(text, where, MatchWordsError):
        words = src.split()
        if len(words) > 2:
            raise MatchWordsError(f"{where}:{n}: FROM is one or two words, not {len(words)}")
        for word in words:
            if not _TOKEN.fullmatch(word.casefold()):
                raise MatchWordsError(f"{where}:{n}: {word!r} is no word the matcher sees "
                                      "(it splits text at spaces, hyphens and punctuation)")
        if len(dst.split()) != 1:
            raise MatchWordsError(f"{where}:{n}: TO is one word, or - to drop FROM")
        table[" ".join(words)] = dst
    return table


def read_word_file(path: str) -> dict[str, str]:
    """A user's ``--match-words`` file, checked (``MatchWordsError``)."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise MatchWordsError(f"{path}: cannot read match-words file: {exc}") from None
    return read_word_table(text, path)


def stopwords() -> frozenset:
    """Function words kept in the skeleton (``data/match_stopwords.txt``)."""
    return word_list("match_stopwords.txt")


def number_words() -> frozenset:
    """Figures written as words (``data/match_numbers.txt``)."""
    return word_list("match_numbers.txt")


def figures(tokens: Sequence[str]) -> list[str]:
    """The figures among matching tokens: numbers, and numbers written as words.

    >>> figures(["pay", "april", "one", "record", "april", "16"])
    ['one', '16']
    """
    words = number_words()
    return [t for t in tokens if t[0].isdigit() or t in words]


def skeleton(tokens: Sequence[str]) -> list[str]:
    """Function words and numbers kept, every other word blanked.

    >>> skeleton(["the", "firm", "said", "it", "sold", "12", "units"])
    ['the', '*', '*', 'it', '*', '12', '*']
    """
    stop = stopwords()
    return [t if t in stop or t[0].isdigit() else "*" for t in tokens]


@lru_cache(maxsize=8)
def word_table(extra_files: tuple[str, ...] = ()) -> tuple[dict, dict]:
    """(one-word map, two-word map) from the built-in tables plus user files.

    ``"-"`` as the target drops the word from the matching copy.  A bad
    user file raises ``MatchWordsError`` (file and line).
    """
    table = read_word_table(read_text("spelling.tsv"), "spelling.tsv")
    table.update(read_word_table(read_text("match_words.tsv")))
    for path in extra_files:
        table.update(read_word_file(path))
    one = {k: v for k, v in table.items() if " " not in k}
    two = {tuple(k.split()): v for k, v in table.items() if len(k.split()) == 2}
    return one, two


def fold(text: str) -> str:
    """Unify quote and dash forms, drop thousands separators, close up figures.

    >>> fold("It\u2019s \u201c1,500\u201d \u2014 not 1,5 or 6 - 3 / 8")
    'It\\'s "1500"   not 1,5 or 6-3/8'
    """
    return _SPACED_FIGURE.sub(r"\1\2", _THOUSANDS.sub("", text.translate(FOLD)))


def match_tokens(text: str, extra_files: tuple[str, ...] = ()) -> list[str]:
    """The words the matcher sees: folded, case-free, spelling-unified.

    >>> match_tokens("Mr Smith's colour-TV sales rose 12 per cent to $1,500 mln.")
    ['smith', 's', 'color', 'tv', 'sales', 'rose', '12', 'percent', 'to', '1500', 'million']
    """
    return match_folded(fold(text), extra_files)


def match_folded(folded: str, extra_files: tuple[str, ...] = ()) -> list[str]:
    """``match_tokens`` of text already passed through ``fold``."""
    one, two = word_table(extra_files)
    raw = (_TOKEN_ASCII if folded.isascii() else _TOKEN).findall(folded.casefold())
    if not two or _two_first(extra_files).isdisjoint(raw):
        # No two-word entry can start here: one lookup per token.
        out = list(map(one.get, raw, raw))
        return [tok for tok in out if tok != "-"] if "-" in out else out
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        tok = raw[i]
        if i + 1 < n and (tok, raw[i + 1]) in two:
            tok = two[(tok, raw[i + 1])]
            i += 2
        else:
            tok = one.get(tok, tok)
            i += 1
        if tok != "-":
            out.append(tok)
    return out


@lru_cache(maxsize=8)
def _two_first(extra_files: tuple[str, ...] = ()) -> frozenset:
    """First words of the two-word entries (most texts contain none)."""
    return frozenset(k[0] for k in word_table(extra_files)[1])


def anchor_tokens(text: str, extra_files: tuple[str, ...] = ()) -> list[str]:
    """Names and numbers, in order: the words a spinner leaves alone.

    A capitalised word counts unless it opens a sentence (where any word is
    capitalised and a spinner may have swapped it).

    >>> anchor_tokens("Shares rose. Acme Corp said on Friday it sold 1,200 tonnes to Boeing.")
    ['corp', 'friday', '1200', 'boeing']
    """
    return anchors_folded(fold(text), extra_files)


def anchors_folded(text: str, extra_files: tuple[str, ...] = ()) -> list[str]:
    """``anchor_tokens`` of text already passed through ``fold``."""
    if text.isascii() and "_" not in text and not _ANCHOR_ASCII_UNSAFE.search(text):
        keep = _anchor_words_ascii(text)
    else:
        keep = _anchor_words(text)
    one, _ = word_table(extra_files)
    folded = list(map(str.casefold, keep))
    out = list(map(one.get, folded, folded))
    return [tok for tok in out if tok != "-"] if "-" in out else out


def _anchor_words(text: str) -> list[str]:
    """Numbers, and words not lower-case that open no sentence (any text)."""
    pairs = _ANCHOR_SCAN.findall(text)
    if not pairs:
        return []
    keep = [tok for mark, tok in pairs if tok[0].isdigit() or not (mark or tok.islower())]
    mark0, tok0 = pairs[0]
    if text[:1].isalpha() and not mark0 and not tok0[0].isdigit() and not tok0.islower():
        keep = keep[1:]     # the text's first word opens a sentence too
    return keep


def _anchor_words_ascii(text: str) -> list[str]:
    """``_anchor_words`` for ASCII text without ``_ANCHOR_ASCII_UNSAFE`` spots.

    Only candidates are visited: a capitalised word opens a sentence when a
    mark (then spaces or tabs) comes before it, or it starts the text.
    """
    keep = []
    marks = _MARKS
    for m in _ANCHOR_ASCII.finditer(text):
        tok = m.group()
        if tok[0] > "9":
            j = m.start() - 1
            while j >= 0 and text[j] in " \t":
                j -= 1
            if m.start() == 0 or j >= 0 and text[j] in marks:
                continue
        keep.append(tok)
    return keep


__all__ = ["fold", "match_tokens", "match_folded", "anchor_tokens", "anchors_folded", "word_table",
           "read_word_table", "read_word_file", "MatchWordsError", "stopwords", "number_words",
           "figures", "skeleton"]
