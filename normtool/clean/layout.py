"""Layout: raw lines into paragraphs (reflow hard wraps, keep real breaks).

Copy reaches us in three layouts, often mixed: blank-line paragraphs, one
paragraph per line (web copy), and hard-wrapped lines (wire copy wrapped at
~70 columns, paragraphs marked by an indented first line, as in Reuters).  A
line break is a paragraph break unless the evidence says it is a wrap:

* the next line starts in lower case and this line does not end a sentence
  ("cannon fodder\\nmercenaries") or ends with an abbreviation ("a U.S.\\n
  government agency"), or this line ends with a comma;
* or the text is hard-wrapped (most lines run to a common width that is at
  most ``MAX_WRAP_WIDTH``) and the next line is not indented; a short line
  that ends a sentence still ends its paragraph there.

Blank lines and indented first lines always start a new paragraph.  Inside a
paragraph whitespace becomes single spaces; words are never changed.

Furniture lines (``standalone``, e.g. a byline or ``Advertisement``) are
recognised before lines are joined, so even in wrapped copy reflow never
glues them into a sentence.  Whether a break is a wrap is decided line by
line in ``joins.py``.  Bulleted lists stay lists: two or more items
(``- item``, ``* item``, ``\u2022 item``) become one paragraph with one
item a line, however the items were wrapped or spaced.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Callable

from .joins import (WRAP_SLACK, continues, ends_sentence, ends_with_abbreviation, first_word,
                    indent, join_lines, joins_paragraph, restates)

MAX_WRAP_WIDTH = 100    # wider lines are not hard-wrapped copy
MIN_WRAP_WIDTH = 40     # nor is copy whose longest line is this short
WRAP_SUPPORT = 4        # lines that set a width under a longer line no other runs near
# A list item: a bullet, a space, then an item that starts like a sentence
# (a bullet before a lower-case word is a wrapped dash: "offered\\n- no change").
_BULLETS = "-*\u2022\u25aa\u25e6\u2023\u2013\u00b7"
BULLET = re.compile(r"\s*[-*\u2022\u25aa\u25e6\u2023\u2013\u00b7]\s+(?=[A-Z0-9\"'(\u201c\u2018])")


def is_list_item(line: str) -> bool:
    """A bulleted line ("- Prices rose", "\u2022 Exports fell").

    >>> is_list_item("  - Prices rose."), is_list_item("- no comparison."), is_list_item("- - -")
    (True, False, False)
    """
    return line.lstrip()[:1] in _BULLETS and BULLET.match(line) is not None


# A bulleted line whatever its item opens with ("- one point here").
ANY_BULLET = re.compile(r"\s*[-*\u2022\u25aa\u25e6\u2023\u2013\u00b7]\s+(?=[^\W_])")


def is_bulleted(line: str) -> bool:
    """A bullet, a space, then a word, in any case.

    >>> is_bulleted("- one point here"), is_bulleted("- - -"), is_bulleted("-5 pct")
    (True, False, False)
    """
    return line.lstrip()[:1] in _BULLETS and ANY_BULLET.match(line) is not None


def lower_items(lines: list[str]) -> set[int]:
    """Lines of a list whose items open in lower case: two or more bulleted
    lines in a row (blank lines between allowed), none of them a capital
    item, the first opening a paragraph (after a blank line, a sentence end
    or a colon, or at the top).  A dash before a lower-case word after an
    open sentence, or among capital items, is a wrapped dash ("- Rates were
    offered\\n- no change"), no item.

    >>> sorted(lower_items(["Points:", "- one point here", "- two point there"]))
    [1, 2]
    >>> lower_items(["Rates were offered", "- no change", "on the day."])
    set()
    """
    out: set[int] = set()
    run: list[int] = []
    opens = True                # may a paragraph start at the next line?
    for i, line in enumerate([*lines, "."]):      # (a last line closes the last run)
        if not line.strip():
            continue
        if run and is_bulleted(line) and i == run[-1] + 1 + _blanks(lines, run[-1], i):
            run.append(i)
            continue
        if len(run) >= 2 and not any(is_list_item(lines[j]) for j in run):
            out.update(run)     # (beside capital items, "- no comparison" carries one on)
        run = [i] if opens and is_bulleted(line) else []
        opens = ends_sentence(line) or line.rstrip().endswith(":")
        if i + 1 < len(lines) and not lines[i + 1].strip():
            opens = True
    return out


def _blanks(lines: list[str], a: int, b: int) -> int:
    """Blank lines between lines ``a`` and ``b``."""
    return sum(1 for k in range(a + 1, b) if not lines[k].strip())


def is_list(para: str) -> bool:
    """A list paragraph: items on lines of their own."""
    return "\n" in para


def canonical(para: str) -> str:
    """Single spaces inside a paragraph; a list keeps one item a line.

    >>> canonical("  a  b\\n c "), canonical("- A  b\\n-  C")
    ('a b c', '- A b\\n- C')
    """
    lines = [" ".join(line.split()) for line in para.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) > 1 and all(is_bulleted(line) for line in lines):
        return "\n".join(lines)
    return join_lines(lines)


def split_lines(text: str) -> list[str]:
    """Lines with tabs expanded and trailing whitespace removed.

    >>> split_lines("a\\tb  \\n\\n c")
    ['a       b', '', ' c']
    """
    return unquote([line.expandtabs(8).rstrip() for line in text.split("\n")])


QUOTE_MARK = re.compile(r">[> ]*")
MIN_QUOTED = 3          # a run of this many quoted lines is a pasted reply, not a stray ">"


def unquote(lines: list[str]) -> list[str]:
    """Lines of an e-mail quote (a story pasted into a reply) without their marks.

    Only a run of ``MIN_QUOTED`` or more lines each ``>`` or ``> ...`` loses
    them, so a lone "> 5 pct" line in a table stays as it is.

    >>> unquote(["> Nurses voted", "> on Thursday.", ">", "> The deal"])
    ['Nurses voted', 'on Thursday.', '', 'The deal']
    """
    quoted = [line == ">" or line.startswith(("> ", ">>")) for line in lines]
    if sum(quoted) < MIN_QUOTED:
        return lines
    out = list(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and quoted[j]:
            j += 1
        if j - i >= MIN_QUOTED:
            out[i:j] = [QUOTE_MARK.sub("", line, count=1) for line in lines[i:j]]
        i = max(j, i + 1)
    return out


def wrap_width(lines: list[str], standalone: Callable[[str], bool] | None = None) -> int:
    """The width copy was wrapped at: the longest line, but the first, that
    another line follows in the same block.

    A wrapped line always has a successor, so a headline or byline over the
    body (followed by a blank line or by furniture) does not set the width;
    nor does the copy's first line (a headline right over a wrapped lede).

    >>> wrap_width(["A long headline that the wrapper did not touch at all, over the body",
    ...             "The body was wrapped at forty columns and", "so its lines are all",
    ...             "about that long, give or take a word or", "two."])
    41
    """
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    pairs = [(a, b) for a, b in zip(lines[first + 1:], lines[first + 2:]) if a.strip() and b.strip()]
    left = list(pairs)
    widest = None
    while left:     # longest first: furniture is asked about a few lines only
        a, b = max(left, key=lambda pair: len(pair[0]))
        left.remove((a, b))
        if standalone is None or not (standalone(a) or standalone(b)):
            widest = len(a)
            break
    if widest is None:
        return max((len(line) for line in lines), default=0)
    if len(pairs) < 3:
        return widest
    # One line no other runs near (a lede its dateline made long) sets no width
    # when many run near a narrower one: the copy was wrapped there.
    lengths = sorted(len(a) for a, _ in pairs)
    if _near(lengths, widest) >= 2:
        return widest
    for a, b in sorted(left, key=lambda pair: -len(pair[0])):
        if len(a) < MIN_WRAP_WIDTH + WRAP_SLACK:
            break           # no width other lines support: the widest it is
        if (_near(lengths, len(a)) >= WRAP_SUPPORT
                and (standalone is None or not (standalone(a) or standalone(b)))):
            return len(a)
    return widest


def _near(lengths: list[int], width: int) -> int:
    """How many of the sorted ``lengths`` run to within ``WRAP_SLACK`` of ``width``."""
    return bisect_right(lengths, width) - bisect_left(lengths, width - WRAP_SLACK)


def is_hard_wrapped(lines: list[str], standalone: Callable[[str], bool] | None = None,
                    width: int | None = None) -> bool:
    """Whether ``lines`` look like copy wrapped at a fixed width.

    In wrapped copy most breaks that fall where the next word would not have
    fitted within the wrap width (``wrap_width``) fall mid-sentence, and
    most mid-sentence breaks fall there (copy with one sentence or
    paragraph per line breaks at full stops, and its few mid-sentence
    breaks, after headings, are short).  Breaks next to furniture lines
    (``standalone``: bylines, date lines over the story) are not counted.

    >>> wire = ["Standard Oil Co and BP North America",
    ...         "Inc said they plan to form a venture to manage the money market",
    ...         "borrowing and investment activities of both companies.",
    ...         "    The venture will be called BP/Standard Financial Trading",
    ...         "and will be operated by Standard Oil."]
    >>> is_hard_wrapped(wire)
    True
    >>> is_hard_wrapped(["A headline", "A whole paragraph on one line.", "Another one."])
    False
    """
    nonblank = [line for line in lines if line.strip()]
    if len(nonblank) < 2:
        return False
    if width is None:
        width = wrap_width(lines, standalone)
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return False
    base = min(indent(line) for line in nonblank)
    soft = mid = soft_mid = 0   # breaks where the next word would not fit; mid-sentence ones
    indent_style = False
    for prev, line in zip(lines, lines[1:]):
        if not prev.strip() or not line.strip():
            continue
        if indent(line) > base:
            indent_style = True
            continue
        if len(prev) > width or len(line) > width:
            continue
        full = len(prev) + 1 + len(first_word(line)) > width - WRAP_SLACK
        if not full and standalone is not None and (standalone(prev) or standalone(line)):
            continue
        open_end = not ends_sentence(prev)
        soft += full
        mid += open_end
        soft_mid += full and open_end
    return (soft_mid >= (1 if indent_style else 3) and soft_mid * 2 >= soft
            and soft_mid * 2 >= mid)


TOP_LINES = 5   # a dateline opens a paragraph among the copy's first lines only


def reflow(lines: list[str], standalone: Callable[[str], bool] | None = None,
           open_endings: frozenset = frozenset(),
           opens: Callable[[str], bool] | None = None,
           dropped: Callable[[str], bool] | None = None,
           headline: Callable[[str], bool] | None = None) -> list[str]:
    """Paragraphs (single-spaced, stripped) from raw lines.

    >>> reflow(["Showers continued throughout the week in",
    ...         "the Bahia cocoa zone.", "    The dry period means", "delays."])
    ['Showers continued throughout the week in the Bahia cocoa zone.', 'The dry period means delays.']
    >>> reflow(["Sub-headline", "Body line one.", "", "Next  paragraph"])
    ['Sub-headline', 'Body line one.', 'Next paragraph']
    >>> reflow(["Plans:", "- Cut costs", "  by half.", "", "- Sell the unit."])
    ['Plans:', '- Cut costs by half.\\n- Sell the unit.']

    ``standalone(line)`` marks lines (furniture) that are never joined to a
    neighbour unless the neighbour plainly carries on their sentence.  A
    line ending in one of ``open_endings`` ("the", "of") carries on into the
    next whatever the layout.  ``opens(line)`` marks lines that start a
    paragraph among the first ``TOP_LINES`` (a dateline: "LONDON, March 5
    (Reuters) - ..." under a headline in wrapped wire copy); ``dropped(line)``
    marks furniture a rule drops, kept off a cut sentence (``joins_paragraph``);
    ``headline(line)`` marks lines shaped like a headline (``top_headline``):

    >>> reflow(["Copper climbs on supply worries",
    ...         "LONDON, March 5 (Reuters) - Copper prices climbed to an 11-month",
    ...         "high on Tuesday on worries about supply disruptions after smelters",
    ...         "in China agreed to cut output."], opens=lambda line: line.startswith("LONDON"))[0]
    'Copper climbs on supply worries'
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return []
    if standalone is not None:
        standalone = _memo(standalone)
    base = min(indent(lines[i]) for i in filled)
    width = wrap_width(lines, standalone)
    wrapped = is_hard_wrapped(lines, standalone, width)
    first = filled[0]
    paras: list[str] = []
    current: list[str] = []
    start = 0
    in_item = False     # the current paragraph is a list item
    lowers = lower_items(lines) if any(map(is_bulleted, lines)) else set()
    top = filled[1:TOP_LINES]   # where a dateline may open a paragraph
    head = top_headline(lines, filled, base, width, standalone, headline) if wrapped and headline else None
    # the lede's first line may be short where its dateline was cut: at the top, or under the headline
    opening = (first,) if head is None else (first, filled[filled.index(head) + 1])

    items: list[bool] = []      # each paragraph: a list item?

    def close() -> None:
        paras.append(join_lines(current))
        items.append(in_item)
        current.clear()

    for i, line in enumerate(lines):
        if not line.strip():
            if current:
                close()
            continue
        item = is_list_item(line) or i in lowers
        if current:
            if in_item:
                goes_on = not item and _item_goes_on(current, line, wrapped, width, standalone)
            elif item:    # a new item, or a dash in a wrapped sentence
                goes_on = wrapped and not _may_end(current[-1], line, width)
            else:
                nxt = lines[i + 1] if i + 1 < len(lines) else ""
                goes_on = joins_paragraph(current[-1], line, base, wrapped, width, standalone,
                                          len(current) == 1, nxt, start in opening, open_endings,
                                          dropped)
            if (goes_on and opens is not None and i in top and not continues(current[-1], line)
                    and opens(line.strip())):
                goes_on = False     # a dateline opens a paragraph
            if head is not None and (start == head or i == head and not continues(current[-1], line)):
                goes_on = False     # a headline over its lede stands alone
            if not goes_on:
                close()
        if not current:
            start, in_item = i, item
        current.append(line)
    if current:
        close()
    return join_lists(paras, items)      # (lower-case items too)


MAX_TOP_LABEL_WORDS = 4     # a site's name or section over a headline runs to four words
MAX_LEDE_LINES = 8          # the lines a lede's first sentence runs to under its headline


def top_headline(lines: list[str], filled: list[int], base: int, width: int,
                 standalone: Callable[[str], bool] | None,
                 headline: Callable[[str], bool]) -> int | None:
    """The line of a headline set right over its wrapped lede, with no blank
    line between, in copy whose paragraphs are not marked by indents.

    It is the copy's first line but furniture and short labels (a site's
    name), shaped like a headline (``headline``), over a line that opens a
    sentence with a capital, and the lede's first sentence says it again
    (``joins.restates``; more words again under a clearly short line).  In
    Reuters copy a short first line is the lede's own start, where its
    dateline was cut; that copy marks its paragraphs by indents, and the
    lede does not repeat its own first words.

    >>> top_headline(["Japan Buys Some Soybeans from China",
    ...               "Japanese importers bought some 95,000 tonnes of Chinese soybeans",
    ...               "late last month for May to September shipment, trade sources",
    ...               "said."], [0, 1, 2, 3], 0, 65, None, lambda line: True)
    0
    """
    at = next((i for i in filled[:TOP_LINES] if not (
        standalone is not None and standalone(lines[i]) or _top_label(lines, i))), None)
    if at is None or at + 1 >= len(lines) or not lines[at + 1].strip():
        return None
    line, lede = lines[at], lines[at + 1]
    if (indent(line) > base or indent(lede) > base or not headline(line.strip())
            or not (lede.lstrip()[:1].isupper() or lede.lstrip()[:1] in "\"'<\u201c")
            or continues(line, lede) or standalone is not None and standalone(lede)):
        return None
    if any(indent(lines[i]) > base and not (standalone is not None and standalone(lines[i]))
           for i in filled if i > at + 1):
        return None     # paragraphs marked by indents (Reuters)
    sentence = []
    for nxt in lines[at + 1:at + 1 + MAX_LEDE_LINES]:
        if not nxt.strip() or sentence and indent(nxt) > base:
            break
        sentence.append(nxt)
        if ends_sentence(nxt) and not ends_with_abbreviation(nxt):
            break
    if not any(map(ends_sentence, sentence)) or len(sentence) > 1 and not any(
            not _may_end(a, b, width) for a, b in zip(sentence[:2], sentence[1:3])):
        return None     # no sentence wrapped from its first lines: a table's rows ("Shr 45 cts" / "Net ...")
    short = len(line) + 1 + len(first_word(lede)) <= width - WRAP_SLACK
    return at if restates(line, join_lines(sentence), strong=short) else None


def _top_label(lines: list[str], i: int) -> bool:
    """A short line over the headline: a site's name or section, on a line of its own."""
    words = lines[i].split()
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return (len(words) <= MAX_TOP_LABEL_WORDS and not ends_sentence(lines[i])
            and not (nxt.strip() and continues(lines[i], nxt)))


def _may_end(prev: str, line: str, width: int) -> bool:
    """In wrapped copy: ``prev`` is short or ends a sentence, so a paragraph may end there."""
    return ends_sentence(prev) or len(prev) + 1 + len(first_word(line)) <= width - WRAP_SLACK


def _memo(test: Callable[[str], bool]) -> Callable[[str], bool]:
    """``test`` asked once per distinct line."""
    seen: dict[str, bool] = {}

    def cached(line: str) -> bool:
        if line not in seen:
            seen[line] = test(line)
        return seen[line]
    return cached


def _item_goes_on(item: list[str], line: str, wrapped: bool, width: int,
                  standalone: Callable[[str], bool] | None) -> bool:
    """Whether ``line`` is a wrapped continuation of the list item in ``item``.

    It is when it plainly carries on the sentence, or, if the item's
    sentence is not finished, when it is indented under the item's text or
    the item's last line ran to the wrap width.
    """
    prev = item[-1]
    if standalone is not None and standalone(line):
        return False
    if continues(prev, line):
        return True
    if ends_sentence(prev) and not ends_with_abbreviation(prev):
        return False    # an indented line after a finished item starts a paragraph
    return indent(line) >= indent(item[0]) + 2 or wrapped and not _may_end(prev, line, width)


def join_lists(paras: list[str], items: list[bool] | None = None) -> list[str]:
    """Paragraphs with runs of list items (or lists) joined into one list each.
    ``items`` marks paragraphs known to be items besides those shaped so
    (reflow's lower-case items).

    Items that furniture between them kept apart (``- A``, ``Advertisement``,
    ``- B``) form one list once the furniture is gone.

    >>> join_lists(["Intro.", "- Cut costs.", "- Sell the unit.\\n- Hire.", "Outro."])
    ['Intro.', '- Cut costs.\\n- Sell the unit.\\n- Hire.', 'Outro.']
    """
    out: list[str] = []
    last = False                # the last paragraph of ``out`` is a list
    for k, para in enumerate(paras):
        item = bool(items and items[k]) or _all_items(para)
        if out and item and last:
            out[-1] += "\n" + para
        else:
            out.append(para)
        last = item
    return out


def _all_items(para: str) -> bool:
    if "\n" not in para:       # one line (most paragraphs)
        return is_list_item(para)
    lines = para.split("\n")
    return all(is_list_item(line) for line in lines) or all(map(is_bulleted, lines))
