"""Forms of one word: what a repair must never swap.

A spinner replaces a word by a *synonym*, another word; it does not turn
"says" into "said" or "troops" into "troop".  So a candidate that is only
another form (tense, number) of the written word is no repair: the written
word is what the writer wrote.  Without this guard the news counts, which
hold far more "said" than "says", would put a news agency's tense into
other outlets' copy.

Irregular forms come from WordNet's exception lists of nouns and verbs
(``data/despin_forms.tsv``, built by ``tools/build_despin_forms.py``);
regular ones from the suffix rules below.
Spellings are not forms: WordNet-like thesauri list "colour" beside
"color", so a spinner writes either.
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache

from ..data import WordTableError, open_text, read_text, word_pairs, word_table

FORMS = "despin_forms.tsv"

# (suffix, what replaces it) for regular inflections: plural and third
# person, past tense and participle, gerund.  Comparatives are left out:
# "farther" and "further" are different words a spinner swaps.
_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"),
             ("ing", ""), ("ing", "e"))


@lru_cache(maxsize=1)
def load_forms() -> dict:
    """form -> frozenset of lemmas, from the shipped exception list."""
    out: dict = {}
    with open_text(FORMS) as fh:
        for line in fh:
            if line.startswith("#") or "\t" not in line:
                continue
            form, _, lemma = line.rstrip("\n").partition("\t")
            out.setdefault(form, set()).add(lemma)
    return {k: frozenset(v) for k, v in out.items()}


def lemmas(word: str, forms: dict | None = None) -> set:
    """The words ``word`` may be a form of, itself included.

    >>> sorted(lemmas("said"))
    ['said', 'say']
    >>> "stop" in lemmas("stopped")
    True
    """
    forms = load_forms() if forms is None else forms
    w = word.lower()
    out = {w} | set(forms.get(w, ()))
    for suffix, repl in _SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            stem = w[:-len(suffix)]
            out.add(stem + repl)
            if len(stem) > 2 and stem[-1] == stem[-2] and not repl:     # "stopped"
                out.add(stem[:-1])
    return out


def same_word(a: str, b: str, forms: dict | None = None) -> bool:
    """Is ``b`` only another form of ``a``?

    >>> same_word("says", "said"), same_word("troops", "troop")
    (True, True)
    >>> same_word("states", "says"), same_word("troopers", "soldiers")
    (False, False)
    """
    return bool(lemmas(a, forms) & lemmas(b, forms))


def spelling(a: str, b: str) -> bool:
    """Another spelling or a typo: "centre"/"center", "aquiring"/"acquiring".

    >>> spelling("centre", "center"), spelling("agency", "company")
    (True, False)
    """
    return min(len(a), len(b)) >= 4 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


SPELLINGS = "spelling.tsv"      # British<TAB>American pairs, as dedup reads them

VARIANTS = "spelling_variants.tsv"     # the letters they differ in, as regex rules


@lru_cache(maxsize=1)
def variant_rules() -> tuple:
    """``spelling_variants.tsv``'s (pattern, replacement) rules, compiled, in order."""
    rules = []
    for n, pattern, repl in word_pairs(read_text(VARIANTS), VARIANTS, lower=False):
        try:
            rules.append((re.compile(pattern), repl))
        except re.error as exc:
            raise WordTableError(f"{VARIANTS}:{n}: {exc}") from None
    return tuple(rules)


def letter_form(word: str) -> str:
    """``word`` rewritten by every ``variant_rules`` rule in order: the form
    a British and an American spelling of one word share.

    >>> letter_form("sympathising"), letter_form("sympathizing"), letter_form("fibres")
    ('sympathizing', 'sympathizing', 'fibers')
    """
    for pattern, repl in variant_rules():
        word = pattern.sub(repl, word)
    return word


def variant(a: str, b: str) -> bool:
    """British and American spellings of one word ("fibre" and "fiber",
    "sympathising" and "sympathizing"), not a typo: a spinner's thesaurus
    writes one for the other as often as a British copy does.  By the
    spelling table, else by the letters they differ in (``variant_rules``).

    >>> variant("programme", "program"), variant("sympathising", "sympathizing")
    (True, True)
    >>> variant("otehr", "other"), variant("four", "for")
    (False, False)
    """
    if a == b:
        return False
    table = word_table(SPELLINGS)
    if table.get(a, a) == table.get(b, b):
        return True
    return letter_form(a) == letter_form(b)


def editorial(a: str, b: str) -> bool:
    """Differences an editor makes as often as a spinner: one word's forms,
    spellings and typos, abbreviations.  No evidence of spinning.

    >>> editorial("says", "said"), editorial("honor", "honour"), editorial("cts", "cents")
    (True, True, True)
    >>> editorial("agency", "company"), editorial("said", "stated")
    (False, False)
    """
    return same_word(a, b) or spelling(a, b) or _abbreviation(a, b)


def _abbreviation(a: str, b: str) -> bool:
    """One is the other's abbreviation: its letters, in order, from the same first letter."""
    short, long = sorted((a, b), key=len)
    if not short or short[0] != long[0] or len(short) == len(long):
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)


__all__ = ["FORMS", "load_forms", "lemmas", "same_word", "spelling", "variant", "variant_rules",
           "letter_form", "editorial"]
