"""Clean step: raw news copy into a canonical body plus title, date, dateline, credits.

Order of work for one text (each part in its own module):

1. Encoding (``encoding``): ftfy -- mojibake, HTML entities, control
   characters, line ends -- then zero-width characters and byte-order marks.
   Then markup (``markup``): a saved web page becomes plain copy, headline
   first; menus and footers go to ``removed``; what the page declares in its
   tags (``pagemeta``) settles date, credits, url and site at the end.
2. Date marker on the first raw line (``metadata``).
3. Layout: reflow hard wraps into paragraphs (``layout``); furniture lines
   are never glued into a sentence, lists keep one item a line.  A stack of
   other stories' cards over the story goes (``cards``).
4. Rules (``rules``, data in ``data/boilerplate.json``) and Markdown marks
   taken off (``markup.plain_paragraph``) over the paragraphs,
   repeated until nothing changes, so cleaning clean copy changes nothing:
   furniture removed, credits and datelines moved to fields, AFP crossheads
   reduced to their words.
5. Headline (``metadata.find_title``) on what the rules left, once a bare
   writer's name under it is taken into the credits (``bylines``): the title,
   a date fused to it, and any masthead lines above it come out; so does a
   shared link's card between the headline and the page's copy of it
   (``cards``); then the rules run again on the body alone.

Every paragraph or fragment taken out of the body is either held verbatim by
a field (title, dateline, credits) or listed in ``removed`` with its rule
(date text is always listed: the ``date`` field holds its ISO form).
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ..article import Article
from ..options import CleanOptions
from .bylines import bare_byline
from .cards import share_card, top_cards
from .encoding import fix_encoding
from .dropcaps import mend_drop_caps
from .dumps import read_dump
from .evidence import day_first, names_site
from .markup import has_marks, plain_paragraph, read_markup
from .joins import join_lines
from .layout import canonical, is_list, join_lists, reflow, split_lines
from .neighbours import (MIN_LEDE_WORDS, broken_by_furniture, caption_over_bare_credit, cuts_no_story,
                         last_prose_over_closing_credit, lede_over_credit, opens_with_dateline, prose_above,
                         pull_quotes, top_headline)
from .metadata import (MAX_MASTHEAD, asks, count_words, dated_headline, find_title, headline_line,
                       is_prose, looks_like_headline, normalise_given_date, parse_date, same_text,
                       split_title_date, strip_title_labels, summary_bullets)
from .pagemeta import apply_page
from .rules import RuleSet, load_rules
from .stamps import take_lines

MAX_PASSES = 10   # rule passes until a fixpoint; real copy needs 1-3
_BY = re.compile(r"(?:by|written by|story by)\s", re.IGNORECASE)
MAX_STANDFIRST_AT = 10  # a byline or date line this far down may have a deck over it
MAX_LINKS = 3     # link lines under a "Read more:" heading


def _refix(paras: list[str]) -> list[str]:
    """Paragraphs after running ftfy again on a non-ASCII body we re-spaced.

    ftfy judges mojibake in context; once whitespace is normalised (a
    non-breaking space stripped, lines joined) it may fix what it first left
    alone.  Fixing the canonical body too (and then rerunning the rules on
    it) keeps ``clean`` idempotent.
    """
    body = "\n\n".join(paras)
    if body.isascii():
        return paras
    fixed = fix_encoding(body)
    if fixed == body:
        return paras
    return [p for p in (canonical(x) for x in fixed.split("\n\n")) if p]


@dataclass
class Cleaned:
    """What ``analyse`` found in one text.

    ``found`` lists extracted metadata as ``(field, rule id, value, original
    text)`` so the caller can drop guesses for fields the user gave (into
    ``removed``) without losing them.  ``declared`` lists the fields taken
    from a page's own tags, ``(field, "page:" source, value)``: no copy, so
    never in ``removed``.
    """

    body: str
    title: str | None = None
    date: str | None = None
    dateline: str | None = None
    credits: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    found: list = field(default_factory=list)
    standfirsts: set = field(default_factory=set)   # paragraphs over a byline or date line
    url: str | None = None      # the article's url: its host names the site, its path may date it
    day_first: bool = False     # the page writes numeric dates day first (``evidence.day_first``)
    site: str | None = None     # the outlet's name, as a page declares it
    declared: list = field(default_factory=list)    # (field, "page:" source, value) taken from the page


def clean_text(text: str, rules_files: tuple = ()) -> str:
    """The canonical body of raw copy (furniture and metadata taken out).

    >>> clean_text("  Caf\\u00c3\\u00a9  au lait\\r\\n\\r\\n\\r\\nNext  para ")
    'Café au lait\\n\\nNext para'
    >>> clean_text("KYIV - Talks resumed on Friday.\\nPHOTO: REUTERS\\nMore talks are due.")
    'Talks resumed on Friday.\\n\\nMore talks are due.'
    """
    return analyse(text, load_rules(tuple(rules_files))).body


def analyse(text: str, rules: RuleSet, given_title: str | None = None,
            guess_title: bool = True, url: str | None = None, site: str | None = None) -> Cleaned:
    """Clean ``text``: body, metadata found in it, and what was removed.

    With ``given_title`` no headline is guessed; leading paragraphs equal to
    it are taken out of the body.  ``url``, the article's, tells the site's
    name and may tell which way its numeric dates run; ``site`` (a record's
    own) names it too.
    """
    out = Cleaned(body="", url=url if isinstance(url, str) else None)
    url_given = out.url is not None
    fixed = fix_encoding(text)
    plain, dropped, page = read_markup(fixed)     # on repaired text, as cleaning clean copy sees it
    out.url = out.url or page.url
    out.site = (page.site if page is not None else None) or (site if isinstance(site, str) else None)
    if plain is not fixed:
        fixed = fix_encoding(plain)
    out.removed.extend(dropped)
    fixed, dumped = read_dump(fixed)              # a text browser's dump (``dumps``)
    out.removed.extend(dumped)
    lines = mend_drop_caps(split_lines(fixed))
    _strip_date_marker(lines, rules, out)
    guess = given_title is None and guess_title
    paras = reflow(lines, _standalone(lines, rules, guess), rules.open_endings,
                   lambda line: opens_with_dateline(line, rules), rules.is_dropped,
                   (lambda line: headline_line(line, rules)) if guess else
                   (lambda line: same_text(line, given_title or "")))
    cards = top_cards(paras, rules) if guess else {}    # other stories' cards, a generated summary
    out.removed.extend({"rule": rule, "text": paras[i]} for i, rule in sorted(cards.items()))
    paras = _apply_rules([p for i, p in enumerate(paras) if i not in cards], given_title, rules, out)
    if guess:
        # a bare name is the writer only on a copy with no "By" line of its own:
        # over "By Staff Writer | 3-MAR-1987", "Italian Government Resigns" is the headline;
        # but a name its copy's "Written by Tariq Bell" repeats (an author card) is the writer's
        by_lines = [text for *_, text in out.found if _BY.match(text)]
        byline = bare_byline(paras, rules.byline_agencies, lambda p: opens_with_dateline(p, rules), rules)
        repeated = byline is not None and any(text.endswith(" " + paras[byline]) for text in by_lines)
        if byline is not None and (not by_lines or repeated):
            if repeated:
                out.removed.append({"rule": "byline-repeat", "text": paras[byline]})
            else:
                out.found.append(("credit", "byline-name", paras[byline], paras[byline]))
            out.standfirsts.add(paras[byline - 1])
            del paras[byline]
        found = find_title(paras, rules, frozenset(out.standfirsts))
        if found is not None:
            out.removed.extend({"rule": "masthead", "text": paras[i]} for i in found.masthead)
            headline, cut = split_title_date(_tidy(found.text), rules)
            for rule_id, value in cut:
                out.found.append(("date", rule_id, value, value))
            fired = frozenset(r["rule"] for r in out.removed) | {f[1] for f in out.found}
            headline, labels = strip_title_labels(headline, rules, fired)
            out.removed.extend({"rule": rule_id, "text": value} for rule_id, value in labels)
            out.title = headline
            if found.deck is not None:
                out.removed.append({"rule": "deck", "text": paras[found.deck]})
            paras = paras[(found.index if found.deck is None else found.deck) + 1:]
            card = share_card(paras, headline)      # a shared link's card over the page's headline
            out.removed.extend({"rule": "share-card", "text": p} for p in paras[:card])
            paras = _apply_rules(paras[card:], headline, rules, out)
    for i in reversed(pull_quotes(paras)):
        out.removed.append({"rule": "pull-quote", "text": paras.pop(i)})
    out.body = "\n\n".join(paras)
    if any(kind == "date" and "/" in value for kind, _rule, value, _text in out.found):
        out.day_first = day_first(fixed, out.url, rules)
    _settle(out, rules)
    apply_page(out, page, url_given)    # what the page declares (``pagemeta``)
    return out


def _standalone(lines: list[str], rules: RuleSet, guess: bool):
    """Lines reflow never glues to a neighbour: furniture, and (when a
    headline is wanted) a headline with a date fused on among the first
    lines, whatever follows it."""
    if not guess:
        return rules.is_furniture
    top = {line for line in itertools.islice((x for x in lines if x.strip()), MAX_MASTHEAD + 1)
           if dated_headline(line, rules)}
    if not top:
        return rules.is_furniture
    return lambda line: line in top or rules.is_furniture(line)


def _apply_rules(paras: list[str], title: str | None, rules: RuleSet, out: Cleaned) -> list[str]:
    """The rule passes until nothing changes (encoding refixed in between)."""
    for _ in range(MAX_PASSES):
        for _ in range(MAX_PASSES):
            changed = _drop_title_repeats(paras, title, out)
            changed |= _line_pass(paras, rules, out)
            changed |= _suffix_pass(paras, rules, out)
            changed |= _prefix_pass(paras, rules, out)
            changed |= _drop_site_name(paras, out)
            plain = [plain_paragraph(p) for p in paras] if has_marks(paras) else paras
            if plain != paras:                                  # Markdown marks off
                paras[:] = [p for p in plain if p]
                changed = True
            joined = join_lists(paras)
            if joined != paras:
                paras[:] = joined
                changed = True
            if not changed:     # last, so a rule that knows the line names it
                changed = take_lines(paras, out.found, out.removed)
            if not changed:
                break
        refixed = _refix(paras)
        if refixed == paras:
            break
        paras = refixed
    return paras


def _story_below(paras: list[str], hits: list, i: int) -> bool:
    """Whether story prose no rule took follows paragraph ``i``."""
    return any(h is None and count_words(p) >= MIN_LEDE_WORDS and is_prose(p)
               for p, h in zip(paras[i + 1:], hits[i + 1:]))


def _drop_site_name(paras: list[str], out: Cleaned) -> bool:
    """The site's own name alone on the last line ("NZ Herald" on
    nzherald.co.nz, "TimesLIVE" where the record or page names its site so,
    "Mexico News Daily" repeating the masthead, "Keston Mercury" repeating
    "The Keston Mercury" taken for a deck under the headline): known by the
    url or site."""
    last = paras[-1] if paras else ""
    names = [out.site] + [r["text"] for r in out.removed if r.get("rule") in ("masthead", "deck")]
    if len(paras) > 1 and (names_site(last, out.url) or any(names_site(last, None, n) for n in names)) \
            and not is_prose(last) and prose_above(paras, len(paras) - 1):
        out.removed.append({"rule": "site-name", "text": paras.pop()})
        return True
    return False


def _strip_date_marker(lines: list[str], rules: RuleSet, out: Cleaned) -> None:
    """Cut leading ``date YYYY-MM-DD`` markers off the first non-blank line.

    Markers are the date rules that only ever touch the first paragraph
    (``within`` 1); a stamp glued to the lede is the prefix pass's business.
    """
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return
    for _ in range(MAX_PASSES):
        for rule in rules.prefix_rules:
            if rule.action != "date" or not (rule.where == "first" and rule.within == 1):
                continue
            m = rule.find(lines[first])
            if m and m.end() > 0:
                out.found.append(("date", rule.id, rule.value(m), m.group(0).strip()))
                lines[first] = lines[first][m.end():]
                break
        else:
            return


def _drop_title_repeats(paras: list[str], title: str | None, out: Cleaned) -> bool:
    changed = False
    while title and paras and same_text(paras[0], title):
        out.removed.append({"rule": "title", "text": paras.pop(0)})
        changed = True
    return changed


def _line_pass(paras: list[str], rules: RuleSet, out: Cleaned) -> bool:
    """Whole-paragraph rules; one combined regex call per paragraph.

    Returns whether anything changed.  A date line that does not parse is
    left alone, so the next pass makes the same decision (fixpoint).
    """
    n = len(paras)
    hits = [None if is_list(p) else rules.match_line(p, i, n) for i, p in enumerate(paras)]
    for i, hit in enumerate(hits):
        if hit is not None and hit[0].family == "kicker-links" and top_headline(paras, i):
            hits[i] = None      # "Watch: ..." over the story is its headline, not a link
        elif hit is not None and hit[0].over_story and not _story_below(paras, hits, i):
            hits[i] = None      # "... said Tuesday. (Yonhap)" closing a short story is its last line
    for i in range(n - 2, -1, -1):     # upwards: a run of counters over a share bar ("42 / 7 / Share")
        if (hits[i] is None and hits[i + 1] is not None and not is_list(paras[i])
                and not opens_with_dateline(paras[i], rules) and not top_headline(paras, i)
                and not lede_over_credit(paras, hits, i, rules)
                and not last_prose_over_closing_credit(paras, hits, i)):
            below = hits[i + 1][0]
            if below.either_side and not caption_over_bare_credit(paras, hits, i):
                continue
            for rule in rules.next_rules:
                if below.id in rule.next and rule.applies_at(i, n):
                    m = rule.find(paras[i])
                    if m:
                        hits[i] = (rule, m)
                        break
    for i in range(1, n):    # downwards: the city line under an Anadolu byline-and-date line
        if hits[i] is None and hits[i - 1] is not None and not is_list(paras[i]):
            prev_id = hits[i - 1][0].id
            for rule in rules.after_rules:
                m = rule.find(paras[i]) if prev_id in rule.after and rule.applies_at(i, n) else None
                if m and rule.repeats and not same_text(paras[i], hits[i - 1][0].value(hits[i - 1][1])):
                    m = None    # a video's title under its player line ("Click to play video: 'X'" / "X")
                if m and rule.over_story and not _story_below(paras, hits, i):
                    m = None    # a caption-shaped last line under a photo credit is the story's
                if m:
                    hits[i] = (rule, m)
                    break
    for rule in rules.credited_rules:
        for i in range(n):
            m = None if hits[i] is not None or not rule.applies_at(i, n) else rule.find(paras[i])
            if m and (not rule.credited or _credited(rule.value(m), out)) and (
                    not rule.unmentioned or _unmentioned(rule.value(m), paras, i)):
                hits[i] = (rule, m)
    if not any(hits):
        return False
    _take_links(paras, hits)
    _note_standfirsts(paras, hits, rules, out)
    kept: list[str] = []
    gap = False         # furniture just taken out from between two kept paragraphs
    for i, (para, hit) in enumerate(zip(paras, hits)):
        if hit is None:
            if gap and broken_by_furniture(kept[-1], para):
                kept[-1] = join_lines([kept[-1], para])     # a page header in mid-sentence
            else:
                kept.append(para)
            gap = False
            continue
        rule, m = hit
        if rule.action == "date" and parse_date(rule.value(m), rules) is None:
            kept.append(para)       # a "Published ..." line we cannot read stays
            gap = False
            continue
        gap = bool(kept) and rule.action in ("remove", "date")
        if rule.action == "cut" and cuts_no_story(paras, i):
            out.removed.extend({"rule": rule.id, "text": p} for p in paras[i:])
            break
        if rule.action == "subhead":
            kept.append(rule.value(m) or para)
        elif rule.action in ("remove", "links", "cut"):   # a "cut" here ends no story:
            out.removed.append({"rule": rule.id, "text": para})   # "Trending" over it
        else:
            _extract(out, rule.action, rule.id, rule.value(m), para)
            writer = rule.writer(m)
            if writer:      # the line itself is listed in removed as date text
                out.found.append(("credit", rule.id, writer, writer))
    changed = kept != paras
    paras[:] = kept
    return changed


def _take_links(paras: list[str], hits: list) -> None:
    """The headline-shaped lines right under a "Read more from X:" heading
    (a ``links`` rule, or a cutting heading inside the story) are its links:
    they go with it ("Read more: / Man charged over arson attacks / The
    incident ..."), a question too ("Lees ook / Hoe ontstaat een storm?")."""
    for i, hit in enumerate(hits):
        if hit is None or hit[0].action not in ("links", "cut"):
            continue
        if hit[0].action == "cut" and not prose_above(paras, i):
            continue        # "Trending" over the story: the headline under it is no link
        taken = 0
        for j in range(i + 1, len(paras)):
            if hits[j] is not None:
                continue    # furniture among the links ("list 1 of 4")
            if (taken == MAX_LINKS or is_prose(paras[j])
                    or not (looks_like_headline(paras[j]) or asks(paras[j]))):
                break
            hits[j] = hit
            taken += 1


def _credited(name: str, out: Cleaned) -> bool:
    """Is ``name`` ("Hannah Natanson") one of the writers in the credits found?"""
    return any(kind == "credit" and name in value for kind, _rule, value, _text in out.found)


def _unmentioned(name: str, paras: list[str], i: int) -> bool:
    """Is the last word of ``name`` ("Jane Doe") in no paragraph but ``i``: a
    writer's bio, not the story's last word on someone it is about?"""
    last = re.compile(rf"\b{re.escape(name.split()[-1])}\b")
    return not any(last.search(p) for j, p in enumerate(paras) if j != i)


def _note_standfirsts(paras: list[str], hits: list, rules: RuleSet, out: Cleaned) -> None:
    """Note the paragraph kept right over a byline or date line near the top:
    under a headline it is the deck, a sentence or not (``find_title``); one
    opening with a dateline is the lede."""
    for i, hit in enumerate(hits[:MAX_STANDFIRST_AT]):
        if hit is not None and (hit[0].action in ("credit", "date")
                                or hit[0].family in ("metadata", "credits")) and not _entry_stamp(paras, hits, i):
            above = next((j for j in range(i - 1, -1, -1) if hits[j] is None), None)
            if above is not None and not opens_with_dateline(paras[above], rules):
                out.standfirsts.add(paras[above])


def _entry_stamp(paras: list[str], hits: list, i: int) -> bool:
    """Is hit ``i`` a live blog's entry time ("17:05 GMT"), its line's rule
    matching again below kept prose?  The paragraph over it is the last
    entry, not a deck: "Strike: live updates / 17:05 GMT / Copper fell ... /
    16:48 GMT / ..." keeps "Copper fell ..." in the body."""
    rule = hits[i][0]
    return (rule.action == "remove" and rule.match == "line" and hits[i + 1:i + 2] == [None]
            and any(rule.find(p) for p in paras[i + 2:]))


_SPEAKER = re.compile(r"[A-Z][A-Z'.-]{2,}(?:[ -][A-Z][A-Z'.-]+){0,2}:\s")     # a transcript's turn


def _suffix_pass(paras: list[str], rules: RuleSet, out: Cleaned) -> bool:
    """Credits fused onto the end of the last paragraph(s)."""
    changed = False
    for rule in rules.suffix_rules:
        n = len(paras)
        for i in range(n - 1, -1, -1):
            if not rule.applies_at(i, n):
                break
            m = rule.find(paras[i])
            if m is None or m.start() == 0:
                continue
            _extract(out, rule.action, rule.id, rule.value(m), m.group(0).strip())
            rest = paras[i][:m.start()].rstrip()
            if rest:
                paras[i] = rest
            else:
                del paras[i]
            changed = True
    return changed


def _prefix_pass(paras: list[str], rules: RuleSet, out: Cleaned) -> bool:
    """Datelines (and date markers) at the start of the body.

    They apply to the first paragraph that is not a headline-like line, so a
    headline left in the body does not hide the dateline under it.
    """
    index = next((i for i, p in enumerate(paras)
                  if not looks_like_headline(p) and not summary_bullets(paras, i)), None)
    if index is None:
        return False
    n = len(paras)
    for rule in rules.prefix_rules:
        if not rule.applies_at(index, n):
            continue
        m = rule.find(paras[index])
        if m and rule.speaker_like and any(_SPEAKER.match(p) for p in paras[index + 1:]):
            continue        # "SMITH: Thanks for having me." opens a transcript, each turn so
        if m and m.end() > 0:
            _extract(out, rule.action, rule.id, rule.value(m), m.group(0).strip())
            rest = paras[index][m.end():].lstrip()
            if rest:
                paras[index] = rest
            else:
                del paras[index]
            return True
    return False


def _extract(out: Cleaned, action: str, rule_id: str, value: str, original: str) -> None:
    if action == "remove":
        out.removed.append({"rule": rule_id, "text": original})
    else:
        out.found.append((action, rule_id, value, original))


def _settle(out: Cleaned, rules: RuleSet) -> None:
    """Fill fields from what was found; the first date and dateline win,
    and a dateline holding a whole date gives the date when nothing else did.

    Found text no field keeps verbatim goes to ``removed``: every date text
    (the field holds the ISO form) and any second dateline.
    """
    for kind, rule_id, value, original in out.found:
        if kind == "credit":
            out.credits.append(_tidy(value))
        elif kind == "dateline":
            if out.dateline is None:
                out.dateline = _tidy(value)
            else:
                out.removed.append({"rule": rule_id, "text": original})
        elif kind == "date":
            # The field holds a normalised date, not the text: keep the text.
            iso = parse_date(value, rules, out.day_first)
            if out.date is None and iso:
                out.date = iso
            out.removed.append({"rule": rule_id, "text": original})
    if out.date is None and out.dateline:       # "NEW YORK, March 3, 2024 (Reuters) -"
        out.date = parse_date(out.dateline, rules, out.day_first)


def _tidy(value):
    """A one-line text field with encoding repaired and spaces collapsed.

    Repeated until stable, as ftfy may fix more once spaces are collapsed.
    """
    if not isinstance(value, str):
        return value
    for _ in range(MAX_PASSES):
        tidy = " ".join(fix_encoding(value).split())
        if tidy == value:
            break
        value = tidy
    return value


def clean_article(article: Article, options: CleanOptions = CleanOptions()) -> Article:
    """The article with a canonical body and the metadata found in its copy.

    Fields the user gave (``article.given``) win: their guessed values are not
    used but listed in ``removed`` so nothing is lost.  A given date is
    normalised to ISO when it parses (``26-FEB-1987 15:01:01.79`` ->
    ``1987-02-26``), else kept as given; given title and dateline get their
    encoding repaired.
    """
    rules = load_rules(tuple(options.rules_files))
    given = article.given
    given_title = _tidy(article.title) if "title" in given else None
    cleaned = analyse(article.text, rules,
                      given_title=given_title if isinstance(given_title, str) else None,
                      guess_title="title" not in given, url=article.url,
                      site=article.extra.get("site"))
    removed = list(article.removed or []) + cleaned.removed
    changes = {"text": cleaned.body}
    if "title" in given:
        changes["title"] = given_title
    else:
        changes["title"] = cleaned.title
    if "date" in given:
        changes["date"] = normalise_given_date(article.date, rules)
    else:
        changes["date"] = cleaned.date
    if "dateline" in given:
        changes["dateline"] = _tidy(article.dateline)
    else:
        changes["dateline"] = cleaned.dateline
    if "credits" not in given:
        changes["credits"] = cleaned.credits
    if "url" not in given and cleaned.url:
        changes["url"] = cleaned.url
    if cleaned.site and not article.extra.get("site"):
        changes["extra"] = dict(article.extra, site=cleaned.site)
    for kind, rule_id, _value, original in cleaned.found:
        field_name = {"credit": "credits"}.get(kind, kind)
        if field_name in given and kind != "date":    # dates are always in removed
            removed.append({"rule": rule_id, "text": original})
    changes["removed"] = removed
    return article.replace(**changes)


__all__ = ["clean_article", "clean_text", "analyse", "Cleaned"]
