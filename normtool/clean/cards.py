"""Cards at the top of a copy: a page's stack of other stories' cards over the
story, a generated summary box, a mail's subject over the story's own
headline, and a share card's headline, description and site name over the
story that repeats the headline.

A site's "Latest" rail copied with the article puts several cards over it,
each a headline, perhaps a teaser, and a time ago ("2 hours ago"); the rules
alone would take the time lines out and leave the first card's headline to
be taken for the story's.  A link shared from an app or a chat pastes the
card (headline, description, site) and then the page, whose headline says
the card's again: whatever stands between the two is the card's.

A generated summary box is known by its note, a mail's subject by the mail
headers round it.  All are found by their shape and the rules' lines
(``data/boilerplate.json``: ``age-line`` for a card's time ago), not by
outlet.
"""
from __future__ import annotations

import re

from .layout import is_bulleted
from .metadata import MAX_DECK_WORDS, count_words, is_label, is_prose, looks_like_headline, same_text
from .neighbours import MIN_LEDE_WORDS
from .rules import RuleSet

AGE_RULE = "age-line"   # the rule whose lines are a card's time ago ("2 hours ago", "5h")
SUMMARY_RULE = "generated-summary-note"     # "AI-generated summary. Always check the full story."
MAIL_HEADERS = ("email-address-header", "email-date-header", "email-forward-header")   # "From: ...", "Sent: ..."
_SUBJECT = re.compile(r"Subject:\s+(?!(?:Fwd?|FWD?|FW|Re|RE|Aw|AW|WG|Tr|TR):)\S")
MAX_TOP_AT = 10         # a summary box or a mail's subject this far down the top
MAX_SUMMARY_LABEL = 3   # words of a summary box's label ("Summary", "Key points")
MAX_LEDE_UNDER = 4      # prose this close under the headline under a mail's headers (a byline, a date between)
MIN_CARDS = 2           # one card over a story is its own headline and time
MAX_TEASER_WORDS = 40   # a card's teaser is a sentence or two
MAX_HEADING = 2         # label lines ("Latest News") over the stack
MAX_SHARE_CARD = 4      # lines of a share card between the headline and its repeat
MAX_TRUNCATED_WORDS = 60    # a card's description cut off with "..." may run longer than a deck
_ELLIPSES = ("...", "\u2026")


def top_cards(paras: list[str], rules: RuleSet) -> dict[int, str]:
    """The paragraphs at the top that are cards, by index, with the name
    they are listed under in ``removed``: a stack of other stories' cards
    (``card_stack``), a generated summary box (``generated_summary``) and a
    mail's subject over the story's headline (``mail_subject``)."""
    found = {i: "card-stack" for i in range(card_stack(paras, rules))}
    found.update((i, "generated-summary") for i in generated_summary(paras, rules) if i not in found)
    subject = mail_subject(paras, rules)
    if subject is not None and subject not in found:
        found[subject] = "email-subject"
    return found


def mail_subject(paras: list[str], rules: RuleSet) -> int | None:
    """The index of a mail's ``Subject:`` line among its header lines (the
    ``MAIL_HEADERS`` rules') when the story under the headers has a headline
    of its own: the subject ("for web", "Dam repairs story") is the mail's,
    not the story's title.  With no headline under it the subject is the
    title, as ``title-label`` reads it; "Fwd:" subjects are the rules'.

    >>> from normtool.clean.rules import load_rules
    >>> mail_subject(["From: Desk <desk@post.com>", "Subject: for web", "Bike vote delayed",
    ...               "Councillors put off a vote on Tuesday."], load_rules())
    1
    >>> mail_subject(["From: Desk <desk@post.com>", "Subject: Bike vote delayed",
    ...               "Councillors put off a vote on Tuesday."], load_rules()) is None
    True
    """
    headers = [rule for rule in (rules.by_id(x) for x in MAIL_HEADERS) if rule is not None]

    def is_header(para: str) -> bool:
        return any(rule.find(" ".join(para.split())) for rule in headers)

    for i, para in enumerate(paras[:MAX_TOP_AT]):
        if not _SUBJECT.match(para):
            continue
        if not (i and is_header(paras[i - 1]) or i + 1 < len(paras) and is_header(paras[i + 1])):
            return None
        j = i + 1
        while j < len(paras) and is_header(paras[j]):
            j += 1
        if j < len(paras) and looks_like_headline(paras[j]) and any(
                is_prose(p) for p in paras[j + 1:j + 1 + MAX_LEDE_UNDER]):
            return i
        return None
    return None


def generated_summary(paras: list[str], rules: RuleSet) -> list[int]:
    """A summary box a machine wrote, near the top: its note (the
    ``generated-summary-note`` rule's line), the label over it and its
    bullets.  A story's own summary bullets, with no such note, stay.

    >>> from normtool.clean.rules import load_rules
    >>> generated_summary(["Ambulances slow", "Summary", "AI-generated summary. Check the story.",
    ...                    "- Times rose\\n- Delays blamed", "Ambulances took 41 minutes."], load_rules())
    [1, 2, 3]
    """
    rule = rules.by_id(SUMMARY_RULE)
    if rule is None:
        return []
    for i, para in enumerate(paras[:MAX_TOP_AT]):
        if rule.find(" ".join(para.split())) is None:
            continue
        box = [i]
        if i + 1 < len(paras) and _bullets(paras[i + 1]):
            box.append(i + 1)
        elif i and _bullets(paras[i - 1]):
            box.insert(0, i - 1)
        j = box[0] - 1
        if j >= 0 and count_words(paras[j]) <= MAX_SUMMARY_LABEL and is_label(paras[j], rules):
            box.insert(0, j)
        return box
    return []


def _bullets(para: str) -> bool:
    """A paragraph of bulleted lines only ("- Times rose" / "- Delays blamed")."""
    return all(is_bulleted(line) for line in para.split("\n"))


def card_stack(paras: list[str], rules: RuleSet) -> int:
    """How many leading paragraphs are a stack of other stories' cards
    (headline, teaser, time ago), with any label heading over it; 0 if none.

    The stack must hold ``MIN_CARDS`` cards and have a story under it: a
    paragraph of prose a lede's length.

    >>> from normtool.clean.rules import load_rules
    >>> card_stack(["Latest News", "Floods close roads", "Rain will go on, forecasters said.", "2 hours ago",
    ...             "Tram line approved", "1 day ago", "Hospital parking to be free",
    ...             "Night-shift workers at the hospital will no longer pay to park from next month, "
    ...             "the health trust said on Wednesday after years of complaints from nurses."], load_rules())
    6
    >>> card_stack(["Floods close roads", "2 hours ago", "Rain closed six roads on Tuesday."], load_rules())
    0
    """
    rule = rules.by_id(AGE_RULE)
    if rule is None:
        return 0

    def timed(para: str) -> bool:
        return rule.find(para) is not None

    for start in range(min(MAX_HEADING, len(paras)) + 1):
        if start and not is_label(paras[start - 1], rules):
            break
        i, cards = start, 0
        while i + 1 < len(paras) and looks_like_headline(paras[i]) and not timed(paras[i]):
            if timed(paras[i + 1]):
                i += 2
            elif (i + 2 < len(paras) and timed(paras[i + 2]) and not timed(paras[i + 1])
                  and count_words(paras[i + 1]) <= MAX_TEASER_WORDS):
                i += 3
            else:
                break
            cards += 1
        if cards >= MIN_CARDS and any(count_words(p) >= MIN_LEDE_WORDS and is_prose(p) for p in paras[i:]):
            return i
    return 0


def share_card(paras: list[str], title: str) -> int:
    """How many leading paragraphs (those under the headline) are a share
    card's, standing between the headline and the page's own copy of it;
    0 if the headline is not said again within ``MAX_SHARE_CARD`` lines.

    A card's line is short (a deck's length) or a description cut off with
    an ellipsis; a lede is neither, so a story is never cut.

    >>> share_card(["The reservoir is at 31 per cent, its lowest since...", "waternews.com",
    ...             "Drought empties reservoir", "The main reservoir ..."], "Drought empties reservoir")
    2
    >>> share_card(["Rain fell on Tuesday.", "More rain is due."], "Drought empties reservoir")
    0
    """
    for j, para in enumerate(paras[:MAX_SHARE_CARD + 1]):
        if same_text(para, title):
            return j if all(_card_line(p) for p in paras[:j]) else 0
    return 0


def _card_line(para: str) -> bool:
    """A line a share card may hold: a deck's length, or a description cut off."""
    words = count_words(para)
    return (words <= MAX_DECK_WORDS
            or para.rstrip().endswith(_ELLIPSES) and words <= MAX_TRUNCATED_WORDS)


__all__ = ["top_cards", "card_stack", "generated_summary", "mail_subject", "share_card"]
