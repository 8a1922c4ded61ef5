"""A spinner's thesaurus and its naive inflection, apart from the loaders.

``Thesaurus`` (senses per word and a spinner's policy for choosing one),
``inflect`` and ``base_forms`` are what every thesaurus loader
(``bench.thesauri``) builds on and what ``bench.spinners`` spins with; kept
here, below both, so that neither imports the other's half.
"""
from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from typing import Callable

# Words a spinner leaves alone: articles, pronouns, auxiliaries, the
# commonest conjunctions (thesauri list few of them anyway).
STOP = frozenset("""a an the and or but nor of to in on at by for with from as is are was were be
been being am have has had having do does did it its it's he she they we you i me him her them us
my our your their his this that these those who whom whose which what not no so if than then
there here will would can could may might must shall should s t""".split())


# --------------------------------------------------------------------------- inflection

def inflect(word: str, infl: str, irregular: dict | None = None) -> str:
    """Put ``word`` (a base form) in inflection ``s``/``ed``/``ing``/``er``/``est``,
    with naive rules as spinners do (``irregular`` maps (base, infl) to a form).

    >>> inflect("scheme", "ed"), inflect("try", "s"), inflect("big", "er")
    ('schemed', 'tries', 'biger')
    """
    if not infl:
        return word
    if irregular and (word, infl) in irregular:
        return irregular[(word, infl)]
    cons_y = word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u", "")
    if infl == "s":
        return (word[:-1] + "ies" if cons_y else
                word + "es" if word.endswith(("s", "x", "z", "ch", "sh")) else word + "s")
    if infl in ("ed", "er", "est"):
        if word.endswith("e"):
            return word + infl[1:]
        return (word[:-1] + "i" if cons_y else word) + infl
    if infl == "ing":
        return (word[:-1] if word.endswith("e") and not word.endswith("ee") else word) + "ing"
    return word


def inflect_phrase(phrase: str, infl: str, irregular: dict | None = None) -> str:
    """Inflect a substitute phrase: verbs' ``ed``/``ing`` on the first word,
    plurals and comparatives on the last (a spinner's guess at the head)."""
    words = phrase.split(" ")
    k = 0 if infl in ("ed", "ing") else len(words) - 1
    words[k] = inflect(words[k], infl, irregular)
    return " ".join(words)


# Suffix rules to find a base form: (suffix, replacement, inflection).
_DEINFLECT = (("ies", "y", "s"), ("ses", "s", "s"), ("xes", "x", "s"), ("ches", "ch", "s"),
              ("shes", "sh", "s"), ("es", "e", "s"), ("s", "", "s"),
              ("ied", "y", "ed"), ("ed", "e", "ed"), ("ed", "", "ed"),
              ("ing", "e", "ing"), ("ing", "", "ing"),
              ("ier", "y", "er"), ("er", "e", "er"), ("er", "", "er"),
              ("iest", "y", "est"), ("est", "e", "est"), ("est", "", "est"))


def base_forms(word: str, known: Callable[[str], bool]) -> list[tuple[str, str]]:
    """(base, inflection) pairs for ``word`` whose base is ``known``, the word
    itself first; doubled consonants undone ("planned" -> "plan")."""
    out = [(word, "")] if known(word) else []
    for suf, rep, infl in _DEINFLECT:
        if word.endswith(suf) and len(word) > len(suf) + 2:
            base = word[:-len(suf)] + rep
            if known(base):
                out.append((base, infl))
            if not rep and infl in ("ed", "ing", "er", "est") and base[-1:] == base[-2:-1]:
                if known(base[:-1]):
                    out.append((base[:-1], infl))
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------- thesauri

@dataclass
class Thesaurus:
    """Substitutes for a word or phrase (lower case), most common sense first.

    ``senses[key]`` is a list of senses, each a list of substitute terms;
    ``choose`` picks one for a given word (policy of the spinner).
    """

    name: str
    senses: dict                 # key (words joined by " ") -> [[term, ...], ...]
    irregular: dict              # (base, infl) -> inflected form
    exceptions: dict             # inflected form -> [(base, infl), ...]
    policy: str = "sense"        # "sense": first senses first; "any": uniform over all terms;
                                 # "fixed": one synonym of the first sense per word (``FIXED``)
    max_phrase: int = 3
    by_pos: dict | None = None   # (key, pos) -> senses, where the part of speech is known
    never: Callable[[str, str], bool] | None = None   # (term, key) -> a term the spinner never writes

    def known(self, key: str) -> bool:
        return key in self.senses

    def candidates(self, word: str) -> list[tuple[list, str]]:
        """[(senses, inflection)] for an inflected single word."""
        pairs = list(self.exceptions.get(word, ())) + base_forms(word, self.known)
        out = []
        for base, infl in dict.fromkeys(pairs):
            if self.by_pos is not None and infl:
                # an inflection says the part of speech: "goods" is a noun, "planned" a verb
                for p in _INFL_POS[infl]:
                    if (base, p) in self.by_pos:
                        out.append((self.by_pos[(base, p)], infl))
                        break
            elif base in self.senses:
                out.append((self.senses[base], infl))
        return out

    def choose(self, key: str, rng: random.Random) -> str | None:
        """A substitute for ``key`` (a word in any inflection, or a phrase), or None."""
        if " " in key:
            found = [(self.senses[key], "")] if key in self.senses else []
        else:
            found = self.candidates(key)
        if not found:
            return None
        senses, infl = found[0]
        if self.policy == "any":
            terms = [t for s in senses for t in s]
        elif self.policy == "fixed":
            # one synonym per word, the same wherever and whenever it is written
            usable = [[t for t in s if t != key] for s in senses]
            terms = next((t for t in usable if t), [])
            if not terms:
                return None
            sub = terms[zlib.crc32(f"{self.name}:{key}".encode()) % len(terms)]
            return inflect_phrase(sub, infl, self.irregular) if infl else sub
        else:
            # the most common sense 3 times in 4, else the next one that has terms
            usable = [s for s in senses if s]
            if not usable:
                return None
            terms = usable[0] if len(usable) == 1 or rng.random() < 0.75 else usable[1]
        terms = [t for t in terms if t != key and not (self.never and self.never(t, key))]
        if not terms:
            return None
        sub = rng.choice(terms)
        return inflect_phrase(sub, infl, self.irregular) if infl else sub


# the parts of speech an inflection says a word is ("goods" a noun, "planned" a verb)
_INFL_POS = {"s": ("n", "v"), "ed": ("v",), "ing": ("v",), "er": ("a",), "est": ("a",)}
