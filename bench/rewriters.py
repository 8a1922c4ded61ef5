"""Spinner behaviours beyond swapping one word for another (``bench.spinners``).

A word spinner leaves every function word and the order of clauses where
they were, and dedup's spun-copy tests lean on that (the skeleton).  The
"article rewriters" sold after SpinBot do more, and these behaviours add
it to any thesaurus spinner (``NAME:rewrite``, ``NAME:headcut``):

* ``rewrite``: phrases and function words rewritten ("in addition to" ->
  "besides", "because of" -> "owing to", "said on Tuesday" -> "stated
  Tuesday", "more than" -> "over", "will" -> "is set to"), about half of
  those found (``REWRITE_SHARE``), and sentences re-ordered: "X said Y."
  becomes "Y, X said." (and back), "P and Q." becomes "Q and P."
  (``REORDER_SHARE`` of the sentences that allow it); then the thesaurus
  swaps ``rate`` of the words as usual, so 20% gives some 30% of the
  words changed.
* ``headcut``: the title spun heavily (``TITLE_RATE``, names too) and the
  story's tail cut: the first 55-80% of its paragraphs kept (of its
  sentences, when it is one paragraph), as a content farm posts a teaser
  under a new headline.

Every choice draws on the random stream it is given, so a record, spinner,
rate and seed give the same copy each time.
"""
from __future__ import annotations

import random
import re

WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

# Phrase and function-word rewrites: (phrase, its stand-ins).  Matched whole,
# lower case or with a capital first; the stand-in takes the capital.
PHRASES = (
    ("in addition to", ("besides", "along with", "on top of")),
    ("as well as", ("along with", "and also", "together with")),
    ("because of", ("due to", "owing to", "on account of")),
    ("due to", ("because of", "owing to")),
    ("according to", ("as indicated by", "as per", "based on")),
    ("more than", ("over", "in excess of", "upwards of")),
    ("less than", ("under", "below", "fewer than")),
    ("in order to", ("to", "so as to")),
    ("as a result of", ("because of", "following")),
    ("at the same time", ("simultaneously", "meanwhile")),
    ("for example", ("for instance",)),
    ("said that", ("said", "stated that", "noted that")),
    ("the company", ("the firm", "the business", "the organization")),
    ("however", ("nonetheless", "though")),
    ("also", ("additionally", "likewise", "too")),
    ("but", ("yet", "however", "though")),
    ("about", ("around", "approximately", "roughly")),
    ("will", ("is going to", "shall", "is set to")),
    ("would", ("could", "might", "is likely to")),
    ("which", ("that",)),
    ("with", ("along with", "having")),
    ("since", ("because", "as")),
    ("until", ("till", "up until")),
    ("while", ("whilst", "whereas")),
    ("after", ("following", "subsequent to")),
    ("before", ("prior to", "ahead of")),
    ("during", ("throughout", "in the course of")),
    ("if", ("in case", "provided that")),
    ("it is", ("it's",)),
    ("did not", ("didn't", "failed to")),
    ("does not", ("doesn't",)),
    ("is expected to", ("is anticipated to", "should")),
    ("its", ("their",)),
)
REWRITE_SHARE = 0.5      # of the phrases found
REORDER_SHARE = 0.35     # of the sentences that can be re-ordered
TITLE_RATE = 0.6         # headcut: share of the title's words swapped
KEEP_RANGE = (0.55, 0.8)  # headcut: share of the paragraphs (or sentences) kept

_PHRASE = re.compile(r"(?<![\w'-])(" + "|".join(
    re.escape(p) for p, _ in sorted(PHRASES, key=lambda x: -len(x[0]))) + r")(?![\w'-])", re.I)
_STAND_INS = dict(PHRASES)
_SAID_ON = re.compile(r"\b(said|says) on (" + "|".join(WEEKDAYS) + r")\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")
_SAID_FIRST = re.compile(r"^(?P<subj>[A-Z][^,;:\"]{2,60}?) said (?:that )?(?P<rest>[^;:\"]{20,})\.$")
_SAID_LAST = re.compile(r"^(?P<rest>[A-Z][^;:\"]{20,}), (?P<subj>[^,;:\"]{3,60}) said\.$")
_AND = re.compile(r"^(?P<p>[A-Z][^,;:\"]{15,}?) and (?P<q>[^,;:\"]{15,})\.$")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """A sentence's first word in lower case, unless it is a name (capitals
    past its first letter, or a word the sentence repeats capitalised)."""
    first = text.split(" ", 1)[0]
    if first in ("The", "A", "An", "It", "He", "She", "They", "We", "This", "That", "These", "Those",
                 "Its", "Their", "His", "Her", "Our", "In", "On", "At", "For", "But", "And"):
        return text[:1].lower() + text[1:]
    return text


def reorder(sentence: str, rng: random.Random) -> str:
    """One sentence re-ordered when it has a shape a rewriter turns around.

    >>> reorder("The company said it would sell its stake in the unit.", random.Random(0))
    'It would sell its stake in the unit, the company said.'
    """
    m = _SAID_FIRST.match(sentence)
    if m and len(m["rest"].split()) >= 5:
        return f"{_capital(m['rest'])}, {_lower_first(m['subj'])} said."
    m = _SAID_LAST.match(sentence)
    if m:
        return f"{_capital(m['subj'])} said {_lower_first(m['rest'])}."
    m = _AND.match(sentence)
    if m and len(m["p"].split()) >= 4 and len(m["q"].split()) >= 4:
        return f"{_capital(m['q'])} and {_lower_first(m['p'])}."
    return sentence


def rewrite_phrases(text: str, rng: random.Random, share: float = REWRITE_SHARE) -> str:
    """Phrases and function words swapped for stand-ins (``PHRASES``),
    ``share`` of those found; "said on Tuesday" loses its "on".

    >>> rewrite_phrases("Sales rose because of demand.", random.Random(1), 1.0)
    'Sales rose due to demand.'
    """
    text = _SAID_ON.sub(lambda m: (rng.choice(("stated", "said")) + " " + m[2])
                        if rng.random() < share else m[0], text)

    def swap(m: re.Match) -> str:
        found = m.group(1)
        if rng.random() >= share:
            return found
        sub = rng.choice(_STAND_INS[found.lower()])
        return _capital(sub) if found[0].isupper() else sub
    return _PHRASE.sub(swap, text)


def rewrite_text(text: str, rng: random.Random) -> str:
    """Every paragraph's sentences re-ordered (``REORDER_SHARE``) and its
    phrases rewritten; line breaks and paragraphs kept."""
    out = []
    for para in re.split(r"(\n+)", text):
        if not para.strip() or para.startswith("\n"):
            out.append(para)
            continue
        parts = _SENTENCE.split(para)
        seps = _SENTENCE.findall(para)
        parts = [reorder(s, rng) if rng.random() < REORDER_SHARE else s for s in parts]
        joined = parts[0] + "".join(sep + s for sep, s in zip(seps, parts[1:]))
        out.append(rewrite_phrases(joined, rng))
    return "".join(out)


def cut_tail(text: str, rng: random.Random) -> str:
    """The story's opening only: ``KEEP_RANGE`` of its paragraphs, or of
    its sentences when it is one paragraph (at least one kept).

    >>> cut_tail("One.\\n\\nTwo.\\n\\nThree.\\n\\nFour.", random.Random(0))
    'One.\\n\\nTwo.\\n\\nThree.'
    """
    keep = rng.uniform(*KEEP_RANGE)
    paras = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    if len(paras) >= 3:
        return "\n\n".join(paras[:max(1, round(keep * len(paras)))])
    sentences = _SENTENCE.split(text.strip())
    seps = _SENTENCE.findall(text.strip())
    n = max(1, round(keep * len(sentences)))
    return sentences[0] + "".join(sep + s for sep, s in zip(seps[:n - 1], sentences[1:n]))
