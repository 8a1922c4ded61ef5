"""Neighbours: what the paragraphs around one tell about it.

A line a rule matches is not always furniture: a lede over a photo credit,
a headline over a caption's credit, the story's last paragraph over a
closing credit, a sentence that ran on over a removed page header.  These
functions read the paragraphs around it (``hits``: the furniture found so far,
None for story text) for the rule passes of ``clean``.
"""
from __future__ import annotations

import re

from .joins import ends_sentence, title_cased
from .layout import is_list
from .metadata import count_words, is_prose, looks_like_headline
from .rules import RuleSet

MIN_LEDE_WORDS = 25  # a first paragraph this long over a photo credit is the lede, not a caption
MIN_BROKEN_WORDS = 10   # shorter, it may be a headline over a label ("description: ...")
MIN_PULL_WORDS = 5      # a pull quote repeats at least this many of the story's words
_PULL = re.compile(r"[\"'\u2018\u201c](?P<words>[^\"\u201c\u201d.!?]{10,200}?)[,.]?[\"'\u2019\u201d]")
_WORDS = re.compile(r"[\w']+")


def pull_quotes(paras: list[str]) -> list[int]:
    """Indices of pull quotes: a paragraph that is only a quotation with no
    stop of its own, whose words another, longer paragraph holds word for
    word (print repeats a line of the story in large type between its
    paragraphs).

    >>> story = ['"These ferries will be quieter and dependable," she said.', "\u2018These ferries will be quieter and dependable\u2019"]
    >>> pull_quotes(story), pull_quotes(story[1:])
    ([1], [])
    """
    found = []
    for i, para in enumerate(paras):
        m = _PULL.fullmatch(para)
        words = _WORDS.findall(m.group("words").lower().replace("\u2019", "'")) if m else []
        if len(words) < MIN_PULL_WORDS:
            continue
        needle = " ".join(words)
        if any(j != i and len(_WORDS.findall(other)) > len(words)
               and f" {needle} " in " " + " ".join(_WORDS.findall(other.lower().replace("\u2019", "'"))) + " "
               for j, other in enumerate(paras)):
            found.append(i)
    return found


def broken_by_furniture(before: str, after: str) -> bool:
    """Whether a sentence ran on over a removed line (a PDF page header):
    ``before`` stops mid-sentence and ``after`` goes on in lower case.

    >>> broken_by_furniture("It will be paid for from a state grant that", "runs through 2026.")
    True
    """
    first = after.split(None, 1)[0]
    return (not is_list(before) and not is_list(after) and first.isalpha() and first.islower()
            and not ends_sentence(before) and len(before.split()) >= MIN_BROKEN_WORDS
            and not title_cased(before))          # a headline over its lede cut short


def cuts_no_story(paras: list[str], i: int) -> bool:
    """A cutting heading at ``i`` ("Most read") ends the story: prose above
    it, and under it no paragraph of a lede's length that ends a sentence
    (the story going on under an in-text "Recommended Stories" list)."""
    return (prose_above(paras, i)
            and not any(count_words(p) >= MIN_LEDE_WORDS and is_prose(p) for p in paras[i + 1:]))


def prose_above(paras: list[str], i: int) -> bool:
    """Is there prose above paragraph ``i``: is it inside the story, not over it?"""
    return any(is_prose(p) for p in paras[:i])


def top_headline(paras: list[str], i: int) -> bool:
    """Paragraph ``i`` is a headline-like line with only such lines above it.

    Such a line is the headline, not a caption over a photo credit nor a
    link line ("WATCH: ...").
    """
    return all(looks_like_headline(p) for p in paras[:i + 1])


def lede_over_credit(paras: list[str], hits: list, i: int, rules: RuleSet) -> bool:
    """Paragraph ``i`` is the first prose of the copy, a lede's length, over
    a photo credit whose next story paragraph (``hits``: furniture found)
    opens with no dateline: the lede over a photo that has no caption ("The
    city has hired an outside firm to review ... / Photo: Jo Lee/AP / The
    contract ..."), not a caption, which is shorter or has a dateline under
    its credit ("Caption. / PHOTO: REUTERS / KYIV - Ukraine's ...").
    """
    if count_words(paras[i]) < MIN_LEDE_WORDS or prose_above(paras, i):
        return False
    after = next((p for p, hit in zip(paras[i + 2:], hits[i + 2:]) if hit is None), "")
    return is_prose(paras[i]) and not (after and opens_with_dateline(after, rules))


def caption_over_bare_credit(paras: list[str], hits: list, i: int) -> bool:
    """Paragraph ``i`` is a caption over a bare credit ("AFP via Getty Images"):
    a lede longer than it is under the credit.  Under a lede the credit is the
    next photo's, over its caption ("Lede. / Getty Images / Caption. / More")."""
    after = next((p for p, hit in zip(paras[i + 2:], hits[i + 2:]) if hit is None), "")
    return (count_words(after) >= MIN_LEDE_WORDS and is_prose(after)
            and count_words(paras[i]) < count_words(after))


def last_prose_over_closing_credit(paras: list[str], hits: list, i: int) -> bool:
    """Paragraph ``i`` is story prose (prose above it too) over a photo credit
    that closes the copy (only furniture under it): the story's last
    paragraph over the credit of its lead photo, not a caption ("... schools
    will stay closed on Monday. / Photo: AP" at the end of a feed item).
    """
    return (all(h is not None for h in hits[i + 2:]) and is_prose(paras[i])
            and prose_above(paras, i))


def opens_with_dateline(para: str, rules: RuleSet) -> bool:
    """A paragraph opening with a dateline is the lede, never a caption."""
    return any(r.action == "dateline" and r.find(para) for r in rules.prefix_rules)


__all__ = ["broken_by_furniture", "cuts_no_story", "prose_above", "top_headline", "lede_over_credit", "caption_over_bare_credit", "last_prose_over_closing_credit", "opens_with_dateline", "MIN_LEDE_WORDS"]
