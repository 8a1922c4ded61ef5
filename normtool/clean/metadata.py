"""Metadata from raw copy: headline, dates, and the helpers clean uses for them.

Only the decisions live here; the patterns (date marker, fused dates,
datelines, credits) are rules in ``data/boilerplate.json``.

Title rule (precision first, and idempotent).  It is decided on the
paragraphs left once the furniture rules have run, so bylines, date lines,
photo credits and site prompts between a headline and its story do not
matter, and a headline followed by a single line break or by a blank line
is treated alike.  The headline is the last of the leading short lines
when all of these hold:

* it looks like one: 2 to ``MAX_HEADLINE_WORDS`` words, at most
  ``MAX_TITLE_CHARS`` characters, starts with a capital, digit, quote,
  bracket or currency sign, contains no sentence break, does not end a
  sentence (a short question or exclamation may: ``asks``; a date fused on
  is cut first: ``dated_headline``) and does not end in a word that leaves
  a sentence open ("of", "the", "said": the data file's
  ``headlines.open_endings``);
* the paragraph after it is prose (ends a sentence, or is too long to be a
  headline, or is all that is left of a copy cut short: long, or stopping at
  an open ending, and then no deck is read over it), so a body that
  opens with a real sentence keeps it, and a table row ("Shr 45 cts vs 58
  cts") followed by more rows is no headline;
* the short lines above it, at most ``MAX_MASTHEAD``, are labels (a site
  name, a section): up to ``MAX_LABEL_WORDS`` mostly capitalised words, no
  figures but a year or a site's trailing number, no open ending.  They are
  the masthead and are removed (listed in ``removed``).  But a label of
  ``MIN_TITLED_WORDS`` or more words over its deck is the headline
  (``_over_deck``: a release's subheadline, a site's standfirst).

Reflow decides what is one line: in hard-wrapped copy a short first line is
the start of the wrapped lede (Reuters copy), not a headline, unless a date
is fused to it (``dated_headline``).  Once a title is taken out, the body
opens with prose, so cleaning the body again takes no new title from it.
"""
from __future__ import annotations

import datetime
import re
from typing import NamedTuple

from ..text import FOLD
from .joins import CLOSERS, ends_sentence, ends_with_abbreviation, restates
from .layout import is_bulleted, is_list
from .rules import RuleSet, builtin_rule

MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30
MAX_HEADLINE_WORDS = 20  # a headline taken from the top of the body is no longer
MAX_MASTHEAD = 3        # label lines (site name, section) above a headline
MAX_LABEL_WORDS = 8
MIN_TITLED_WORDS = 5    # a capitalised line this long over a deck is a headline, not a masthead
MIN_DECK_LOWER = 3      # lower-case words of four letters or more that make a line a sentence-case deck
MIN_PROSE_WORDS = 3
MAX_ABBREVIATED_WORDS = 12  # a headline may end in "U.S.", "?" or "!" if no longer
MIN_CUT_WORDS = 10      # a last paragraph this long is a lede cut short, not a headline
MAX_DECK_WORDS = 24     # a standfirst over a byline is shorter (a lede is rarely)
_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_SITE_NUMBER = re.compile(r"\d{1,3}")
_FUSED_NUMBER = re.compile(r"[A-Z][A-Za-z]+\d{1,3}|\d{1,3}[A-Z][A-Za-z]+")   # "News24", "9News"
# A full stop, question or exclamation mark inside the line, then a new
# sentence: a headline has none ("U.S. Treasury" does not count).
_SENTENCE_BREAK = re.compile(r"[a-z0-9][.!?][\"'\u201d\u2019)]*\s*[A-Z\"'(\u201c\u2018]")
# a digest's item number before its headline ("1. Kenya to ban ..."); a number
# on the first of several paragraphs is a list's and stays
_DIGEST_NUMBER = re.compile(r"\d{1,2}[.)]\s+(?=[A-Z\"'\u201c\u2018])")
_SUMMARY_HEADING = re.compile(r"[A-Z][\w'\u2019]*(?: [\w'\u2019]+){0,3}:")   # "Key points:" over summary bullets
MAX_TABLE_TOP = 4    # a story with no prose this close under its byline is a table ("Shr 12 cts vs 10 cts")
# Besides capitals and digits a headline may open with a quote, a bracket
# ("<GENZYME>, Pfizer unit in venture") or a currency sign.
_HEADLINE_OPENERS = "\"'\u201c\u2018<([$\u00a3\u20ac"


def parse_date(text: str, rules: RuleSet, day_first: bool = False) -> str | None:
    """ISO ``YYYY-MM-DD`` for the first date the rules' date patterns find.

    With ``day_first`` (the page writes its dates so: ``evidence.day_first``)
    a pattern of ``dates.month_first`` reads its match day first when it can.

    >>> from normtool.clean.rules import load_rules
    >>> parse_date("26-FEB-1987 15:01:01.79", load_rules())
    '1987-02-26'
    >>> parse_date("October 24, 2024", load_rules()), parse_date("soon", load_rules())
    ('2024-10-24', None)
    >>> parse_date("5. März 2024", load_rules()), parse_date("2 juillet 2024", load_rules())
    ('2024-03-05', '2024-07-02')
    >>> parse_date("Published 04/12/2025", load_rules()), parse_date("04/12/2025", load_rules(), True)
    ('2025-04-12', '2025-12-04')
    """
    if not text:
        return None
    for pattern in rules.date_patterns:
        swap = day_first and pattern.pattern in rules.month_first
        for m in pattern.finditer(text):
            month = m.group("m")
            if month is None:       # an optional group that took no part in the match
                continue
            if month.isdigit():
                month_no = int(month)
            else:
                month_no = (rules.month_names.get(month.lower().rstrip("."))
                            or rules.months.get(month[:3].lower()))
                if month_no is None:
                    continue
            readings = ((int(m.group("d")), month_no), (month_no, int(m.group("d")))) if swap else \
                ((month_no, int(m.group("d"))),)
            for month_no, day in readings:
                try:
                    return datetime.date(int(m.group("y")), month_no, day).isoformat()
                except (ValueError, TypeError):
                    continue
    return None


def normalise_given_date(value, rules: RuleSet):
    """A user's date in ISO form when it parses, else exactly as given.

    >>> from normtool.clean.rules import load_rules
    >>> normalise_given_date("26-FEB-1987 15:01:01.79", load_rules())
    '1987-02-26'
    >>> normalise_given_date("spring 1987", load_rules())
    'spring 1987'
    """
    if not isinstance(value, str):
        return value
    return parse_date(value, rules) or value


def same_text(a: str, b: str) -> bool:
    """Equal up to case, spacing and quote style (a repeated headline).

    >>> same_text("Seoul \\u2018won\\u2019t sit idle\\u2019", "SEOUL 'WON'T  SIT IDLE'")
    True
    """
    def norm(s):
        return " ".join(s.translate(FOLD).casefold().split())
    return bool(a) and norm(a) == norm(b)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def count_words(text: str) -> int:
    """Words of ``text``, where Chinese and Japanese, written without spaces,
    count a word for every two characters.

    >>> count_words("Troops head to front"), count_words("中国央行宣布降息")
    (4, 4)
    """
    words = text.split()
    if text.isascii() or not _CJK.search(text):
        return len(words)
    return sum(max(1, len(_CJK.findall(w)) // 2) for w in words)


def breaks_sentence(text: str) -> bool:
    """Does a sentence end inside ``text`` and a new one start?  A full stop
    after an abbreviation does not ("Dr. Ann Lee named", "Acme Corp. Announces").

    >>> breaks_sentence("Prices fell. Traders sold"), breaks_sentence("Dr. Ann Lee named chief")
    (True, False)
    """
    return any(m.group()[1] != "." or not ends_with_abbreviation(text[:m.start() + 2])
               for m in _SENTENCE_BREAK.finditer(text))


def _pictographs() -> re.Pattern:
    """Pictographs a channel puts before a headline ("\u26a1\ufe0f"): rule ``title-pictographs``."""
    return builtin_rule("title-pictographs").regex


def looks_like_headline(line: str) -> bool:
    """A short line with no sentence-final punctuation, starting like a title.

    >>> looks_like_headline("Seoul demands 'immediate withdrawal' of North Korean troops")
    True
    >>> looks_like_headline("The talks ended on Friday.")
    False
    >>> looks_like_headline("Rice exports fell, the ministry said. (XYYE 0405)")
    False
    >>> looks_like_headline("\u26a1\ufe0f MARKETS RALLY AS RATES FALL")    # a channel's pictographs
    True
    """
    text = line.strip()
    if text and text[0] >= "\u2190":      # the cheap test first: most lines open in ASCII
        cut = _pictographs().match(text)
        text = text[cut.end():] if cut else text
    if not text or len(text) > MAX_TITLE_CHARS:
        return False
    words = text.split()
    if not 2 <= count_words(text) <= MAX_TITLE_WORDS:
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit() or first in _HEADLINE_OPENERS
            or first.isalpha() and not first.islower()):     # a script without case
        return False
    if breaks_sentence(text) and not _question_then_headline(text):
        return False
    if ends_sentence(text) and not (len(words) <= MAX_ABBREVIATED_WORDS
                                    and _INITIALS.fullmatch(words[-1])):
        return False    # but a short "Japan to open market to U.S." is a headline
    return not text.endswith((",", "-", "\u2013", "\u2014"))


def _question_then_headline(text: str) -> bool:
    """A re-titled copy's two-part headline: a short question or exclamation,
    then a headline ("Could K2-18b be covered by an ocean? Webb data adds to the case").

    >>> _question_then_headline("Is the rally over? Traders sell tech shares")
    True
    >>> _question_then_headline("Why? Prices fell."), _question_then_headline("Prices fell. Traders sold")
    (False, False)
    """
    breaks = list(_SENTENCE_BREAK.finditer(text))
    if len(breaks) != 1 or breaks[0].group()[1] not in "?!":
        return False
    cut = breaks[0].start() + 2
    head, rest = text[:cut], text[cut:].strip()
    return (asks(head) and count_words(rest) >= 3 and not ends_sentence(rest)
            and looks_like_headline(rest))


_TEASER = re.compile(r"(?P<head>.+?[^\W_][\"'\u2019\u201d)]?)\.\s+Here(?:['\u2019]s| is) "
                     r"(?:why|how|who|when|where|what(?: (?:to know|we know|happened|it means|you need to know|comes next))?)[.!:]?")


def teaser_headline(text: str) -> bool:
    """An explainer's headline: a headline, then "Here's why." (USA Today's form).
    ``find_title`` takes one only with nothing but labels above it: under a
    headline the same shape is a short lede.

    >>> teaser_headline("Your flight may get a cockpit check. Here's why.")
    True
    >>> teaser_headline("The vote was 66-32. It passed.")
    False
    >>> teaser_headline("Prices fell. Here's why traders sold.")
    False
    """
    m = _TEASER.fullmatch(text.strip())
    return bool(m) and not breaks_sentence(m["head"]) and looks_like_headline(m["head"])


class Headline(NamedTuple):
    """A headline found at the top of the body paragraphs."""

    index: int                # paragraph index of the headline
    text: str
    masthead: tuple = ()      # indices of the label paragraphs above it
    deck: int | None = None   # index of a deck under it (a second headline-shaped line)


def is_prose(para: str) -> bool:
    """A paragraph of running text: ends a sentence, or too long for a headline
    (a short question shaped like a headline is not: see ``asks``).

    >>> is_prose("The army said so."), is_prose("Troops head to front"), is_prose("Pay April 30")
    (True, False, False)
    """
    words = count_words(para)
    if is_list(para) or words < MIN_PROSE_WORDS or asks(para):
        return False
    return (ends_sentence(para) and not looks_like_headline(para)
            or words > MAX_HEADLINE_WORDS
            or breaks_sentence(para) and not _question_then_headline(para))


def is_label(para: str, rules: RuleSet) -> bool:
    """A masthead or section line: a few mostly capitalised words, no figures
    but a year or a site's trailing number.

    >>> from normtool.clean.rules import load_rules
    >>> [is_label(x, load_rules()) for x in ("The Evening Post", "Business", "Net 1.1 mln vs 829,000",
    ...                                      "Two-for-one stock split", "THE RAIN RECORDED IN", "WJW FOX 8 News",
    ...                                      "News24")]
    [True, True, False, False, False, True, True]
    """
    words = para.split()
    if not 1 <= len(words) <= MAX_LABEL_WORDS or is_list(para) or ends_sentence(para):
        return False
    figures = [i for i, w in enumerate(words) if any(ch.isdigit() for ch in w) and not _YEAR.fullmatch(w)]
    if not all(_SITE_NUMBER.fullmatch(words[i]) and (i == len(words) - 1 or i > 0 and _channel(words[i - 1], rules))
               or _FUSED_NUMBER.fullmatch(words[i]) for i in figures) or len(figures) > 1:
        return False    # a figure only as a site's trailing number ("Newsline 24", "News24") or a channel's ("FOX 8 News")
    named = [w for w in words if w[:1].isalpha()]
    return 2 * sum(w[0].isupper() for w in named) >= len(named) and not _open_ended(para, rules)


def _channel(word: str, rules: RuleSet) -> bool:
    """A word a station's channel number follows: call letters, a network (``headlines.channel``)."""
    return rules.channel is not None and rules.channel.fullmatch(word) is not None


def find_title(paras: list[str], rules: RuleSet, standfirsts=frozenset()) -> Headline | None:
    """The headline at the top of ``paras`` (furniture already removed), if any.

    ``standfirsts`` are paragraphs that stood right over a byline or date
    line the rules took out: one of them under the headline and over prose
    is its deck even when it ends a sentence ("Headline / The measure now
    heads to the House. / By Jo Lee / March 3, 2025 / The Senate ...").

    >>> from normtool.clean.rules import load_rules
    >>> find_title(["Troops head to front", "The army said so."], load_rules())
    Headline(index=0, text='Troops head to front', masthead=(), deck=None)
    >>> find_title(["The Evening Post", "Troops head to front", "The army said so."], load_rules())
    Headline(index=1, text='Troops head to front', masthead=(0,), deck=None)
    >>> find_title(["Troops head to front", "Convoy seen near border, officials say", "The army said so."],
    ...            load_rules()).deck
    1
    >>> find_title(["Zenith Electronics Corp said", "Howard Graham was named."], load_rules()) is None
    True
    >>> find_title(["1. Troops head to front", "The army said so."], load_rules()).text
    'Troops head to front'
    >>> find_title(["The Evening Post", "Acme Q4 loss", "Shr loss 12 cts vs loss 10 cts"], load_rules(),
    ...            standfirsts={"Acme Q4 loss"}).text      # it stood over "By Staff | 30-MAR-1987"
    'Acme Q4 loss'
    """
    numbered = _DIGEST_NUMBER.match(paras[0]) if paras else None
    if numbered and not any(_DIGEST_NUMBER.match(p) for p in paras[1:]):
        paras = [paras[0][numbered.end():], *paras[1:]]     # one digest item, not a list
    top: list[int] = []
    teasers: set[int] = set()   # "... Here's why." lines with only labels above: headlines
    standfirst = cut = False
    for i, para in enumerate(paras[:MAX_MASTHEAD + 3]):     # labels, headline, deck
        teaser = teaser_headline(para) and all(is_label(paras[j], rules) for j in top)
        if asks(para) or dated_headline(para, rules):
            # "Is the rally over?", "Troops move | March 3, 2025 3:15 p.m." end the top
            # lines: they head the story only if prose follows
            top.append(i)
            if i + 1 == len(paras) or not is_lede(paras, i + 1, rules.open_endings):
                return None
            cut = not is_lede(paras, i + 1)
            break
        if (i and para in standfirsts and count_words(para) <= MAX_DECK_WORDS
                and not looks_like_headline(para) and (looks_like_headline(paras[i - 1]) or i - 1 in teasers)
                and i + 1 < len(paras) and is_lede(paras, i + 1)):
            top.append(i)
            standfirst = True
            break
        if i and is_lede(paras, i, rules.open_endings) and not teaser:
            cut = not is_lede(paras, i)     # a copy cut short mid-sentence
            break
        if (i and top and top[-1] == i - 1 and paras[i - 1] in standfirsts
                and not any(is_lede(paras, j, rules.open_endings)
                            for j in range(i, min(len(paras), i + MAX_TABLE_TOP)))):
            break       # the top ends over its byline or date line when no prose follows (a table)
        if top and (summary_bullets(paras, i) or _SUMMARY_HEADING.fullmatch(para)
                    and i + 1 < len(paras) and summary_bullets(paras, i + 1)):
            break       # the story's bullets under its headline stay in the body, "Key points:" over them too
        if not i and is_prose(para) and not teaser:
            return None
        if not (looks_like_headline(para) or is_label(para, rules) or teaser):
            return None
        if teaser:
            teasers.add(i)
        top.append(i)
    else:
        return None
    if not top:
        return None
    *above, head = top
    deck = None
    over_deck = bool(above) and not standfirst and _over_deck(paras[above[-1]], paras[head], rules,
                                                              paras[head + 1] if head + 1 < len(paras) else "")
    if standfirst:
        *above, head = above
        deck = top[-1]
        if not all(is_label(paras[i], rules) for i in above):
            return None
    elif above and (over_deck or not all(is_label(paras[i], rules) for i in above)):
        # a headline with a deck under it ("Man, 34, found hiding, police say"):
        # the lines above the headline are labels, the deck is the last top line
        *above, head = above
        deck = top[-1]
        if (not all(is_label(paras[i], rules) for i in above)
                or not over_deck and is_label(paras[head], rules)
                or cut):    # over a cut copy a deck may be the lede's first half
            return None
    text = split_title_date(paras[head], rules)[0]
    if not (looks_like_headline(text) or asks(text) or head in teasers):
        return None
    if count_words(text) > MAX_HEADLINE_WORDS or _open_ended(text, rules):
        return None
    return Headline(head, paras[head], tuple(above), deck)


def summary_bullets(paras: list[str], i: int) -> bool:
    """Paragraph ``i`` is a list of bullets over the lede: a wire story's
    summary under its headline ("* LME copper up 1.1%" / "* Aluminium slips"
    / "LONDON, Feb 24 (Reuters) - Copper prices ...").

    >>> summary_bullets(["Copper hits high", "* Copper up 1%\\n* Tin slips", "Copper rose on Monday."], 1)
    True
    """
    return (is_list(paras[i]) and all(is_bulleted(line) for line in paras[i].split("\n"))
            and i + 1 < len(paras) and is_lede(paras, i + 1))


def _over_deck(line: str, below: str, rules: RuleSet, after: str = "") -> bool:
    """A headline over its deck, not a masthead over a headline: a line of
    ``MIN_TITLED_WORDS`` or more in capitals over a title-case line or a
    headline-shaped one in capitals over a story (``after``) not in
    capitals (archive and wire copy: a line in sentence case may be the
    first wrapped line of the lede, a line in capitals that of a story in
    capitals), or one in title case or shorter than the line
    under it, over a line in sentence case (``MIN_DECK_LOWER`` lower-case
    words of four letters or more; a title-case headline under a menu line
    has none) that is no label.  Site names run to four words.

    >>> from normtool.clean.rules import load_rules
    >>> _over_deck("Floods Force Hundreds From Homes in Northern Valley",
    ...            "Rescue teams used boats to reach cut-off villages as the river kept rising", load_rules())
    True
    >>> _over_deck("Globex Reports Record Fourth Quarter Results", "Revenue up 12%; company raises outlook",
    ...            load_rules())
    True
    >>> _over_deck("The Evening Post", "Troops head to the front as talks stall in the capital", load_rules())
    False
    >>> _over_deck("FLOOD WATERS RECEDE IN CEDAR VALLEY", "Hundreds Return to Homes as River Falls",
    ...            load_rules())
    True
    >>> _over_deck("STOCKS TUMBLE AS FED SIGNALS MORE HIKES", "TRADERS BRACE FOR VOLATILE WEEK", load_rules(),
    ...            "Stocks fell on Tuesday.")
    True
    >>> _over_deck("THE EVENING POST", "TROOPS HEAD TO FRONT", load_rules())
    False

    A line the story under them says again (``joins.restates``, three words
    at least: a site's name or section is not said again) is the headline,
    however short, and the line under it its deck:

    >>> _over_deck("SENATE PASSES BUDGET BILL", "Vote came after all-night session", load_rules(),
    ...            "The Senate passed a spending bill early on Saturday.")
    True
    """
    if after and restates(line, after, strong=True) and not is_list(below):
        return True
    n = count_words(line)
    if n >= MIN_TITLED_WORDS and line.isupper() and (
            _titled(below) if not below.isupper() else looks_like_headline(below) and not after.isupper()):
        return True     # a headline in capitals over its deck in title case or capitals
    return (n >= MIN_TITLED_WORDS and (_titled(line) or count_words(below) > n)
            and not is_label(below, rules)
            and sum(w[:1].islower() and len(w) > 3 for w in below.split()) >= MIN_DECK_LOWER)


_MINOR = frozenset("a an the and but or nor for of in on at to by with from as into onto "
                   "over up off out per via vs than".split())


def _titled(para: str) -> bool:
    """A headline in title case (every word but the minor ones capitalised),
    longer than a site's name.

    >>> [_titled(x) for x in ("Floods Force Hundreds From Homes in Northern Valley",
    ...                       "The Evening Post", "Damon Corp said its Damon")]
    [True, False, False]
    """
    words = [w for w in para.split() if w[:1].isalpha()]
    return (count_words(para) >= MIN_TITLED_WORDS and looks_like_headline(para)
            and all(w[0].isupper() for w in words if w.lower() not in _MINOR))


def is_lede(paras: list[str], i: int, open_endings: frozenset = frozenset()) -> bool:
    """Paragraph ``i`` opens the story: prose, or all that is left of a copy
    cut short: long, or stopping at a word of ``open_endings`` (the rules'),
    where no headline stops ("Acme Corp said its").

    >>> is_lede(["Acme sets payout", "Acme Corp said its"], 1, frozenset({"its"}))
    True
    """
    if is_prose(paras[i]):
        return True
    if i != len(paras) - 1:
        return False
    words = paras[i].split()
    return (count_words(paras[i]) >= MIN_CUT_WORDS
            or len(words) >= MIN_PROSE_WORDS and words[-1].lower() in open_endings and not is_list(paras[i]))


def asks(para: str) -> bool:
    """A short question or exclamation shaped like a headline ("Is the rally over?").

    >>> asks("Is the rally over?"), asks("Why? Prices fell."), asks("The rally is over.")
    (True, False, False)
    """
    text = para.strip().rstrip(CLOSERS)
    words = text.split()
    if not text.endswith(("?", "!")) or not 2 <= len(words) <= MAX_ABBREVIATED_WORDS:
        return False
    return looks_like_headline(text[:-1]) and not breaks_sentence(text[:-1])


def dated_headline(line: str, rules: RuleSet) -> bool:
    """A headline with a date fused on: it ends its paragraph whatever follows.

    >>> from normtool.clean.rules import load_rules
    >>> dated_headline("Troops head to the frontMarch 3, 2025", load_rules())
    True
    >>> dated_headline("the talks ended on March 3, 2025", load_rules())
    False
    """
    if not any(ch.isdigit() for ch in line[-14:]):   # every date form ends near a figure
        return False
    title, cut = split_title_date(" ".join(line.split()), rules)
    return bool(cut) and looks_like_headline(title) and not _open_ended(title, rules)


def headline_line(line: str, rules: RuleSet) -> bool:
    """A line that may be a whole headline: shaped like one, ending in no open
    word, possessive ("Japan's") or open bracket ("<Caisse").

    >>> from normtool.clean.rules import load_rules
    >>> headline_line("Spanish Farmers Battle Police", load_rules()), headline_line("Royal Bank of Canada's", load_rules())
    (True, False)
    """
    last = line.split()[-1] if line.split() else ""
    return (looks_like_headline(line) and not _open_ended(line, rules)
            and not last.endswith(("'s", "'", "\u2019s", "\u2019"))
            and line.count("<") <= line.count(">") and line.count("(") <= line.count(")"))


def _open_ended(line: str, rules: RuleSet) -> bool:
    """Ends in a word that leaves a sentence open ("of", "said"): a wrapped line."""
    words = line.split()
    return bool(words) and words[-1].lower() in rules.open_endings


def split_title_date(title: str, rules: RuleSet) -> tuple[str, list[tuple[str, str]]]:
    """Cut a date fused onto a headline; return the title and ``(rule, text)`` cut.

    >>> from normtool.clean.rules import load_rules
    >>> split_title_date("Seoul 'won't sit idle' over troops in RussiaOctober 24, 2024", load_rules())
    ("Seoul 'won't sit idle' over troops in Russia", [('title-date', 'October 24, 2024')])
    """
    cut = []
    for rule in rules.title_rules:
        if rule.match != "suffix" or rule.action != "date":
            continue
        m = rule.find(title)
        if m and m.start() > 0:
            cut.append((rule.id, rule.value(m)))
            title = title[:m.start()].rstrip()
    return title, cut


def strip_title_labels(title: str, rules: RuleSet,
                       fired: frozenset = frozenset()) -> tuple[str, list[tuple[str, str]]]:
    """Cut the other title rules' matches: a field label before the headline
    ("TITLE: ..."), furniture after it; return the title and ``(rule, text)`` cut.

    A rule with ``requires`` cuts only when one of those rules fired on the
    article (``fired``): "DJ " is Dow Jones furniture only over Dow Jones copy,
    not in "DJ Khaled ...".

    >>> from normtool.clean.rules import load_rules
    >>> strip_title_labels("TITLE: Floods force hundreds from homes", load_rules())
    ('Floods force hundreds from homes', [('title-label', 'TITLE:')])
    """
    cut = []
    for rule in rules.title_rules:
        if rule.match == "suffix" and rule.action == "date":
            continue        # split_title_date's
        if rule.requires and not fired.intersection(rule.requires):
            continue
        m = rule.find(title)
        if m is None or m.end() == m.start():
            continue
        if rule.match == "prefix" and m.end() < len(title):
            cut.append((rule.id, m.group(0).strip()))
            title = title[m.end():].lstrip()
        elif rule.match == "suffix" and m.start() > 0:
            cut.append((rule.id, m.group(0).strip()))
            title = title[:m.start()].rstrip()
    return title, cut


__all__ = ["headline_line", "parse_date", "normalise_given_date", "same_text", "looks_like_headline",
           "teaser_headline", "find_title", "split_title_date", "strip_title_labels", "is_prose", "is_label",
           "Headline", "dated_headline", "asks", "summary_bullets", "is_lede", "count_words"]
