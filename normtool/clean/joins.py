"""Joins: is a line break inside a block a wrap or a paragraph break?

``layout.reflow`` walks a block's lines and asks ``joins_paragraph`` of each
break; the line tests it reads (a sentence end, an abbreviation, a headline's
shape) are here too, and clean's other steps use them.  ``join_lines`` then
makes a paragraph's lines one line, mending words a wrap split at a hyphen.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Callable

from ..data import open_text

WRAP_SLACK = 10         # a wrapped line ends within this many columns of the width
# Characters that end a sentence (after trailing closing quotes/brackets).
SENTENCE_END = frozenset(".!?:;\u2026\u3002\u061f\u0964")   # and 。 ؟ ।
CLOSERS = "\"')]}\u201d\u2019\u00bb*"
DASHES = "-\u2013\u2014"


def indent(line: str) -> int:
    """Leading spaces of a line."""
    return len(line) - len(line.lstrip())


def ends_sentence(line: str) -> bool:
    """True when ``line`` ends with sentence-final punctuation.

    >>> ends_sentence('he said."'), ends_sentence("cannon fodder")
    (True, False)
    """
    stripped = line.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def first_word(line: str) -> str:
    parts = line.split(None, 1)
    return parts[0] if parts else ""


def ends_with_abbreviation(line: str) -> bool:
    """The line's last word is an abbreviation such as "U.S." or "Co.".

    >>> ends_with_abbreviation("a U.S."), ends_with_abbreviation("Acme Co."), ends_with_abbreviation("fell.")
    (True, True, False)
    """
    words = line.split()
    if not words or not words[-1].endswith("."):
        return False
    word = words[-1].strip("\"'(“‘")[:-1]
    if "." in word:
        return True
    return word[:1].isupper() and word.isalpha() and len(word) <= 4


def continues(prev: str, line: str) -> bool:
    """The next line carries on the sentence whatever the layout (it starts
    in lower case, or with a dash and a lower-case word: "- no change")."""
    nxt = line.lstrip()
    if nxt[:1] in DASHES and nxt[1:2] == " ":
        nxt = nxt[2:]
    if not nxt:
        return False
    if nxt[0].islower() and (not ends_sentence(prev) or ends_with_abbreviation(prev)):
        return True
    return prev.endswith(",")


# Words a lede opens with: a title-case first line over a wrapped line that
# opens with one is a headline, not the start of the lede a dateline was cut
# from; a sentence-case one only over the strong openers (``headline_over_lede``)
_LEDE_OPENERS = frozenset("a an the in on at for after before when while as with from it he she "
                          "they we this these those its his her their there some many".split())
_STRONG_OPENERS = frozenset("a an the it he she they we this these its his her their".split())
_OPEN_WORDS = frozenset("a an the and or nor but of to in on at for with by from as that than "
                        "into over under about after before between said says".split())


def headline_over_lede(prev: str, line: str) -> bool:
    """Is ``prev``, the copy's first line, a headline right over a lede that
    opens with ``line``: in title case over a line opening like a lede, or
    in sentence case over one opening with an article or pronoun?  A Reuters
    first line is short too, where its dateline was cut, but it runs on into
    the next line ("Standard Oil Co and BP North America" / "Inc said ...").

    >>> headline_over_lede("Gao Likely to Show Certs More Costly Than Cash",
    ...                    "A study on grain certificates due out shortly from the Government")
    True
    >>> headline_over_lede("Standard Oil Co and BP North America", "Inc said they plan to form")
    False
    >>> headline_over_lede("Uluslararasi Endustri ve Ticaret Bankasi", "AS (INTERBANK), a large bank")
    False
    >>> headline_over_lede("Balladur expects improved february inflation data",
    ...                    "The French inflation rate is expected to show a")
    True
    >>> headline_over_lede("The dispute will be settled by judges in", "The Hague next year")
    False
    """
    opener = first_word(line)
    if prev.isupper() or not opener.istitle() or opener.lower() not in _LEDE_OPENERS:
        return False        # telex is all capitals
    if title_cased(prev):
        return True
    # in sentence case, only over an article or pronoun, and not where the line
    # stops at a name or a word that leaves the sentence open ("... talks with" /
    # "The Hague", "... said Mark" / "A Cote")
    words = prev.split()
    last = words[-1].strip(",;:") if words else ""
    return (len(words) >= 3 and not ends_sentence(prev) and opener.lower() in _STRONG_OPENERS
            and last.islower() and last not in _OPEN_WORDS)     # "said Mark" / "A Cote"


def capitals_over_case(prev: str, line: str) -> bool:
    """``prev`` is in capitals (a word of four letters at least: a masthead,
    a section) and ``line`` is not: a wrap does not change case, so ``prev``
    is no first line of a lede whose dateline was cut (telex is all capitals).

    >>> capitals_over_case("CAPITAL WIRE DIGEST", "Western Tele-Communications <WTLCA> joins group")
    True
    >>> capitals_over_case("IBM", "Corp said it would"), capitals_over_case("THE DOLLAR", "OPENED LOWER")
    (False, False)
    """
    return (prev.isupper() and not line.isupper()
            and any(sum(ch.isalpha() for ch in word) >= 4 for word in prev.split()))


def title_cased(line: str) -> bool:
    """Three words or more, every one of four letters or more capitalised,
    and no sentence end: a headline's shape, not a line of prose.

    >>> title_cased("Manila Said to Offer Debt Bonds to Banks"), title_cased("Prices rose on Monday")
    (True, False)
    """
    words = line.split()
    long = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    return (len(words) >= 3 and bool(long) and all(w[0].isupper() for w in long)
            and not ends_sentence(line))


_KEY = re.compile(r"[^\W_]+(?:[-'\u2019.,][^\W_]+)*")
MIN_RESTATED = 2        # headline words a lede says again (three under a short line)


def _keys(text: str) -> list[str]:
    """Figures, and words of four letters or more by their first five ("Japan", "Japanese")."""
    out = []
    for word in _KEY.findall(text):
        if any(ch.isdigit() for ch in word):
            out.append(word.replace(",", ""))
        elif len(word) >= 4:
            out.append(word.casefold()[:5])
    return out


def restates(headline: str, sentence: str, strong: bool = False) -> bool:
    """Does ``sentence``, a lede's first, say again what ``headline`` says?
    Half the headline's words or more come back (``MIN_RESTATED`` at least),
    one of them in the lede's first three words: a lede names its headline's
    subject at once.  When ``strong`` (under a line as short as the first of
    a lede whose dateline was cut) one more word comes back, and the lede's
    first three words name the headline's first ("Maxtor Corp and U.S.
    Design" / "Corp said they reached agreement on the acquisition of U.S.
    Design by Maxtor" does not; "Hilton Hotels chairman and president" /
    "Barron Hilton will introduce the hotel ..." shares too few).

    >>> restates("Japan Buys Some 95,000 Tonnes Soybeans from China",
    ...          "Japanese importers bought some 95,000 tonnes of Chinese soybeans late last month.")
    True
    >>> restates("Hilton Hotels chairman and president",
    ...          "Barron Hilton will introduce the hotel chain's newest product.", strong=True)
    False
    """
    keys = _keys(headline)
    head = set(keys)
    shared = head & set(_keys(sentence))
    opening = set(_keys(" ".join(sentence.split()[:3])))
    return (len(shared) >= MIN_RESTATED + strong and 2 * len(shared) >= len(head)
            and (keys[0] in opening if strong else bool(head & opening)))


# "anti-" ending a wrapped line (searched in the line's last two characters only)
_WRAPPED_HYPHEN = re.compile(r"[^\W_]-$")
_GOES_ON = re.compile(r"[^\W_]")
_NOT_JOINED = frozenset("and or nor to".split())     # "pre- and post-war"


def join_lines(lines: list[str]) -> str:
    """The lines of one paragraph as one, single-spaced; a word split at its
    hyphen by the wrap is whole again, without the hyphen where a printed
    page broke one word in two (``soft_hyphen``).

    >>> join_lines(["the anti-", "aircraft guns were", "pre-", "and post-war"])
    'the anti-aircraft guns were pre- and post-war'
    >>> join_lines(["the Senate ap-", "proved a mea-", "sure"])
    'the Senate approved a measure'

    A half that is "and", "or", "nor" or "to" joins only into a very common
    word (``SOFT_COMMON``): "in-" "to" is "into", "pre-" "and post-war" stays.

    >>> join_lines(["chemicals drained in-", "to the river"])
    'chemicals drained into the river'
    """
    out = ""
    for line in lines:
        part = " ".join(line.split())
        if not part:
            continue
        if out and _WRAPPED_HYPHEN.search(out[-2:]) and _GOES_ON.match(part):
            head = _LAST_WORD.search(out[:-1])
            tail = _FIRST_WORD.match(part)
            suspended = part.split(" ", 1)[0].lower() in _NOT_JOINED     # "pre- and post-war"
            if (head and tail and soft_hyphen(head.group(0), tail.group(0))
                    and (not suspended or english_zipf()((head.group(0) + tail.group(0)).lower()) >= SOFT_COMMON)):
                out = out[:-1] + part
            elif suspended:
                out = f"{out} {part}"
            else:
                out += part
        else:
            out = f"{out} {part}" if out else part
    return out


_LAST_WORD = re.compile(r"[^\W\d_]+$")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
SOFT_JOINED = 3.0      # Zipf the word made whole must reach
SOFT_COMMON = 4.5      # ... or this, when both halves are words themselves
SOFT_FLOOR = 3.0       # a half under this is no word of its own


def soft_hyphen(left: str, right: str) -> bool:
    """Is ``left-`` + ``right`` at a line break one word a printed column
    broke ("ap-" "proved"), not a compound ("anti-" "aircraft")?

    Only when the word made whole is common English (general-English
    frequencies, Zipf >= ``SOFT_JOINED``) and the halves are not both words
    of their own ("mid-" "term", "well-" "known" keep their hyphen), unless
    the whole word is very common ("with-" "out").  Lower-case halves only:
    a name's hyphen is its own.

    >>> soft_hyphen("ap", "proved"), soft_hyphen("anti", "aircraft"), soft_hyphen("well", "known")
    (True, False, False)
    """
    if not (left.islower() and right.islower()):
        return False
    zipf = english_zipf()
    whole = zipf((left + right).lower())
    if whole < SOFT_JOINED:
        return False
    halves = len(left) >= 4 and len(right) >= 3 and zipf(left) >= SOFT_FLOOR and zipf(right) >= SOFT_FLOOR
    return not halves or whole >= SOFT_COMMON


@lru_cache(maxsize=1)
def english_zipf() -> Callable[[str], float]:
    """Zipf frequency of a lower-case word in general English (the despin
    model's word list, ``despin_english.tsv.gz``: counts per billion words,
    commonest first), 0 for a word under Zipf 3, which no test here tells
    from a word it lacks; read once, and only when a wrapped hyphen asks."""
    counts = {}
    with open_text("despin_english.tsv.gz") as fh:
        for line in fh:
            word, _, n = line.rstrip("\n").partition("\t")
            if not n:
                continue
            zipf = math.log10(max(float(n), 1.0))
            if zipf < SOFT_FLOOR:
                break
            counts[word] = zipf
    return lambda w: counts.get(w, 0.0)


def joins_paragraph(prev: str, line: str, base: int, wrapped: bool, width: int,
           standalone: Callable[[str], bool] | None, alone: bool = False, nxt: str = "",
           top: bool = False, open_endings: frozenset = frozenset(),
           dropped: Callable[[str], bool] | None = None) -> bool:
    """Whether ``line`` continues the paragraph whose last line is ``prev``.

    ``alone``: ``prev`` is the first line of its paragraph; ``nxt`` is the
    line after ``line``; ``top``: ``prev`` is the first line of the copy.
    Outside wrapped copy furniture never joins.  In wrapped copy:

    * a line longer than the wrap width was never wrapped (a headline or
      byline over wrapped paragraphs): it stands alone, unless it stops
      mid-sentence at a lower-case word over a wrapped line (a lede its
      dateline made long);
    * furniture stands alone unless the next line plainly carries on its
      sentence, and a furniture-shaped line counts only where a paragraph
      could start (first in its paragraph, or after a sentence end or a
      short line), so a wrapped line of prose that happens to read "Reuters"
      stays in its sentence;
    * a short line that ends no sentence joins the next line only when that
      line ends a sentence or is itself wrapped, and, if the short line
      starts a paragraph, only at the top of the copy: a wrapped paragraph's
      lines run to the width but its last, and only the copy's first line
      may be short for a dateline cut from it (Reuters).  So a Reuters lede
      joins; a masthead over a headline over a byline or a lede does not.

    ``dropped`` marks furniture a rule drops: such a line where the text
    stops is not glued to an unfinished sentence of cut copy ("... reopen
    it in" / "Share this story"), so its rule can drop it.
    """
    if indent(line) > base:
        return False
    if wrapped and dropped is not None and _furniture_after_cut(prev, line, nxt, base, dropped):
        return False
    carries_on = continues(prev, line) or (
        prev.rsplit(None, 1)[-1].lower() in open_endings       # but not "Sign in"
        and not (standalone is not None and (standalone(prev) or standalone(line))))
    clearly_short = len(prev) + 1 + len(first_word(line)) <= width - WRAP_SLACK
    if (wrapped and alone and standalone is not None and not clearly_short
            and _rest_of_furniture(prev, line, nxt, base, standalone)):
        return True
    if standalone is not None:
        if not wrapped:
            if standalone(prev) or standalone(line):
                return not top and _ends_cut_sentence(prev, line, nxt, standalone, dropped)
        elif not carries_on and (alone and standalone(prev) or (
                alone or clearly_short or ends_sentence(prev)) and standalone(line)):
            return False
        elif (alone and (clearly_short or top or title_cased(prev) or line.lstrip().startswith("by "))
              or clearly_short and line.lstrip().startswith("by ")) and standalone(line):
            return False    # "by Jo Smith ..." under a headline: short, first, title case, wrapped or not
        elif (alone and clearly_short and not prev.rstrip().endswith(",") and standalone(prev)
              and not standalone(join_lines([prev, line]))):
            return False    # a date or byline line over a lede that opens in lower case
    if not wrapped or carries_on:
        return carries_on
    if len(line) > width:
        # never wrapped, unless the paragraph's last line: the width is read
        # off lines that have a successor, so it may fall a few columns short
        # of the wrapper's, and a full line that stops mid-sentence over a
        # line just past it that ends the paragraph carries on into it
        return (len(line) <= width + WRAP_SLACK and not nxt.strip() and not clearly_short
                and not ends_sentence(prev) and ends_sentence(line)
                and not (standalone is not None and standalone(line)))
    if len(prev) > width:
        # never wrapped: a headline or byline stands alone, but a lede left
        # unwrapped that stops mid-sentence at a lower-case word carries on
        # into the wrapped line under it
        return (not top and not ends_sentence(prev) and prev.rsplit(None, 1)[-1][:1].islower()
                and not (standalone is not None and standalone(prev))
                and _runs_on(line, nxt, base, width, standalone))
    if alone and top and (headline_over_lede(prev, line) or clearly_short and capitals_over_case(prev, line)):
        return False
    if not clearly_short:
        return True
    if ends_sentence(prev) and not ends_with_abbreviation(prev) or alone and not top:
        return False
    if ends_sentence(line) and not ends_with_abbreviation(line):
        # a two-line lede, unless a caption over its photo credit
        return not (nxt.strip() and indent(nxt) <= base and standalone is not None
                    and standalone(nxt))
    return _runs_on(line, nxt, base, width, standalone)


MIN_SENTENCE_WORDS = 8  # a line this long that ends no sentence is prose, not a headline


def _ends_cut_sentence(prev: str, line: str, nxt: str, standalone: Callable[[str], bool],
                       dropped: Callable[[str], bool] | None) -> bool:
    """``line``, the last of its block in unwrapped copy, is furniture's word
    in lower case that ends the sentence ``prev``, a line of prose, leaves
    open ("... critics called a misleading" / "advertisement").

    >>> _ends_cut_sentence("The council voted to ban it, which critics called a misleading",
    ...                    "advertisement", "", lambda line: line == "advertisement", lambda line: True)
    True
    """
    return (dropped is not None and not nxt.strip() and line.lstrip()[:1].islower()
            and continues(prev, line) and len(prev.split()) >= MIN_SENTENCE_WORDS
            and not standalone(prev) and dropped(line))


def _furniture_after_cut(prev: str, line: str, nxt: str, base: int,
                         dropped: Callable[[str], bool]) -> bool:
    """``line``, dropped furniture where the text stops (a blank line, the end
    or more furniture next), under a sentence cut short: neither ends a
    sentence and ``line`` opens with a capital letter ("Associated Press."
    ends one; "... pulled the" / "advertisement" may be the sentence's own
    word, and a wire table's "... by reserve number" / "--" its colon).

    >>> _furniture_after_cut("said it would reopen it in", "Share this story", "", 0,
    ...                      lambda line: line == "Share this story")
    True
    """
    opener = line.lstrip()[:1]
    return (not ends_sentence(prev) and not ends_sentence(line) and opener.isupper()
            and (not nxt.strip() or indent(nxt) > base or dropped(nxt)) and dropped(line))


def _rest_of_furniture(prev: str, line: str, nxt: str, base: int,
                       standalone: Callable[[str], bool]) -> bool:
    """``line``, the last of its block, is the wrapped rest of ``prev``, a full
    furniture line that is still furniture with it ("Reporting by Jo Lee;
    Editing by Ann" / "Smith").

    >>> _rest_of_furniture("Reporting by Jo Lee; Editing by Ann", "Smith", "", 0,
    ...                    lambda line: line.startswith("Reporting by"))
    True
    """
    return ((not nxt.strip() or indent(nxt) > base) and standalone(prev) and not standalone(line)
            and standalone(join_lines([prev, line])))


def _runs_on(line: str, nxt: str, base: int, width: int,
             standalone: Callable[[str], bool] | None) -> bool:
    """In wrapped copy: ``line`` is full, so the break after it is a wrap."""
    if not nxt.strip() or indent(nxt) > base or (standalone is not None and standalone(nxt)):
        return False
    return len(line) + 1 + len(first_word(nxt)) > width - WRAP_SLACK
