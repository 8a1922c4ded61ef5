"""Layouts benchmark: clean's title, date and body on news copy laid out as the wider world does.

Run: ``.venv/bin/python -m bench.layouts [--stories N] [--renderer A|B|S|all]
[--split tune|held|all] [--show-errors K] [--write-fixture PATH]``

Reuters stories are the ground truth: the expected body is what ``clean``
makes of the Reuters record itself (title and dateline given), the expected
title is the headline we print on the copy and the expected date is the
story's date when the copy prints one.  Each story is then published as
copies in the layouts of archived and scraped news text: headline, blank
line, body; a date fused to the headline or printed under it; ``Updated`` and
``Published`` lines; bylines, credits and site furniture before, inside and
after the body; hard-wrapped at various widths or not; bulleted lists;
mojibake; Windows line ends; copies cut short or re-titled.

Independent renderers, so that tuning on one cannot overfit the measure:
``A``, ``B`` and ``C`` share no furniture wording, date format, byline
style or wrap width.  ``S`` is the page layout of the syndication benchmark
(``bench.syndication.render``), written for another purpose.  Stories are
split by a hash of their id into ``tune`` and ``held``.  Tuning first
looked only at renderer A on the tune split; B, S and the held split were
then measured once, and C was written before any of their errors were
read, to stay a fresh measure; D in turn was written after C's first
measure and before C's errors were read.  Errors were only ever read on
the tune split.

Scores per copy: title right (copies that print one; copies without a
headline must get none), date right (ISO, ``None`` when no date is
printed), exact body (the body's word sequence equals the expected one),
nothing missing (every expected word is in the body, as a multiset), and
lists kept (a printed list comes back one item a line in one paragraph).

Without the Reuters file the benchmark scores the small fixture in
``tests/clean/fixtures/layouts.jsonl`` instead.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import random
import re
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

from bench.corpus import REUTERS, load
from normtool.article import Article
from normtool.clean import clean_article, fix_encoding

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "clean" / "fixtures" / "layouts.jsonl"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WORD = re.compile(r"\w+")


# --- stories -----------------------------------------------------------------

def split_of(story_id: str) -> str:
    """``tune`` or ``held``, fixed by a hash of the id (half each)."""
    h = hashlib.blake2b(story_id.encode(), digest_size=2).digest()[0]
    return "tune" if h % 2 == 0 else "held"


def _reuters_date(value: str) -> datetime.date:
    day, mon, year = value.split()[0].split("-")
    return datetime.date(int(year), MONTHS.index(next(m for m in MONTHS if m[:3].upper() == mon)) + 1,
                         int(day))


_SMALL = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to",
          "vs", "with", "from", "into", "over", "up"}


def title_case(title: str) -> str:
    """A Reuters all-caps headline in headline case ("Bahia Cocoa Review")."""
    out = []
    for i, word in enumerate(title.split()):
        low = word.lower()
        if word.startswith("<") or "." in word[:-1] or (len(word) <= 3 and word.isalpha()
                                                         and low not in _SMALL and i > 0
                                                         and word in ("US", "UK", "EC", "IMF",
                                                                      "GATT", "OPEC", "CBT")):
            out.append(word)
        elif low in _SMALL and i > 0:
            out.append(low)
        else:
            out.append(low[:1].upper() + low[1:])
    return " ".join(out)


def sentence_case(title: str) -> str:
    """First word capitalised, the rest as in headline case minus capitals."""
    words = title_case(title).split()
    return " ".join([words[0]] + [w if w.startswith("<") or w.isupper() else w.lower()
                                  for w in words[1:]])


def stories(limit_per_split: int | None = None) -> list[dict]:
    """Reuters stories fit to be news copy: a prose lede, 50+ words, a title.

    Each: id, split, title (Reuters caps, entities decoded), date (a
    ``datetime.date``), paras (the cleaned body's paragraphs).
    """
    rows, _ = load()
    out, count = [], Counter()
    for row in rows:
        if not row.get("title") or not row.get("date"):
            continue
        split = split_of(row["id"])
        if limit_per_split and count[split] >= limit_per_split:
            continue
        body = clean_article(Article.from_dict(row)).text
        paras = body.split("\n\n")
        if len(body.split()) < 50 or len(paras[0].split()) < 12 or not paras[0].endswith(('.', '"')):
            continue
        title = " ".join(fix_encoding(row["title"]).split())
        if len(title.split()) < 3:
            continue
        out.append({"id": row["id"], "split": split, "title": title,
                    "date": _reuters_date(row["date"]), "paras": paras})
        count[split] += 1
    return out


# --- shared helpers -------------------------------------------------------------

def _sentences(para: str) -> list[str]:
    return [s for s in re.split(r"(?<=[a-z0-9][.!?])\s+(?=[A-Z])", para) if s]


def make_list(paras: list[str], rnd: random.Random, marker: str) -> tuple[list[str], int | None]:
    """One paragraph of three or more sentences as a bulleted list (its index)."""
    fit = [i for i, p in enumerate(paras[1:], 1) if 3 <= len(_sentences(p)) <= 8]
    if not fit:
        return paras, None
    i = rnd.choice(fit)
    items = [f"{marker} {s}" for s in _sentences(paras[i])]
    return paras[:i] + ["\n".join(items)] + paras[i + 1:], i


def wrap(para: str, width: int, first_indent: str = "") -> list[str]:
    """A paragraph (or list: each item wrapped, continuation indented) as lines."""
    if "\n" in para:   # a list
        lines = []
        for item in para.split("\n"):
            lines += textwrap.wrap(item, width, subsequent_indent="  ", break_long_words=False,
                                   break_on_hyphens=False)
        return lines
    return textwrap.wrap(para, width, initial_indent=first_indent, break_long_words=False,
                         break_on_hyphens=False)


def smart_quotes(text: str) -> str:
    """Typographic quotes and dashes (what mojibake then mangles)."""
    text = re.sub(r'(^|[\s(\[])"', "\\1\u201c", text)
    text = text.replace('"', "\u201d")
    text = re.sub(r"(\w)'(\w)", "\\1\u2019\\2", text)
    return text.replace(" -- ", " \u2014 ")


def mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252, the commonest mojibake (bytes 1252 leaves
    undefined read as Latin-1, as browsers do)."""
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-1252 codec)
    return text.encode("utf-8").decode("sloppy-windows-1252")


def words(text: str) -> list[str]:
    return WORD.findall(text or "")


def cut_short(paras: list[str], rnd: random.Random) -> list[str]:
    """The first paragraphs of a copy, or a copy cut mid-paragraph."""
    if len(paras) > 2 and rnd.random() < 0.6:
        return paras[:rnd.randint(2, len(paras) - 1)]
    keep = paras[:max(1, len(paras) - 1)]
    last = keep[-1].split(" ")
    if "\n" not in keep[-1] and len(last) > 8:
        keep[-1] = " ".join(last[:rnd.randint(4, len(last) - 3)])
    return keep


# --- renderer A -------------------------------------------------------------------

A_SITES = ["The Evening Post", "Northern Ledger", "Coastal Daily News", "Metro Herald Online"]
A_NAMES = ["Jo Smith", "Ann Lee", "Peter Grant", "Maria Lopez", "Tom Baker", "Sara Khan",
           "David Okafor", "Helen Wu"]
A_NAV = ["Home | World | Business | Markets | Sport", "News > Business > Companies",
         "Skip to main content"]
A_TOP = ["Sign up for our free morning newsletter", "Listen to this article \u00b7 4 min",
         "Click here to subscribe to The Evening Post", "Share this article: Facebook Twitter Email"]
A_INSIDE = ["Advertisement", "Read more: Markets close higher as oil prices ease",
            "Story continues below advertisement"]
A_AFTER = ["Share this article: Facebook Twitter Email", "Follow us on Twitter for more business news",
           "\u00a9 {year} The Evening Post. All rights reserved.",
           "Read more: Five things to watch this week"]
A_CAPTIONS = ["Traders work on the floor of the exchange in New York.",
              "A worker walks past containers at the port."]


def a_date(d: datetime.date, rnd: random.Random) -> str:
    """Renderer A's date forms."""
    form = rnd.randrange(3)
    if form == 0:
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if form == 1:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return d.isoformat()


def render_a(story: dict, rnd: random.Random) -> dict:
    """One copy in renderer A's layouts; returns text plus what clean should find."""
    style = rnd.random()
    title = (title_case if style < 0.7 else sentence_case if style < 0.9 else str)(story["title"])
    tag = ""
    if rnd.random() < 0.1:   # re-titled copy
        tag = rnd.choice(["UPDATE 2-", "Exclusive: ", "Analysis: "])
        title = tag + title
    paras = list(story["paras"])
    if rnd.random() < 0.2:
        paras = cut_short(paras, rnd)
    paras, list_at = make_list(paras, rnd, "-") if rnd.random() < 0.15 else (paras, None)
    expected_body = "\n\n".join(paras)
    credits_after = []
    if rnd.random() < 0.25:
        credits_after.append(rnd.choice(["Additional reporting by {n}",
                                         "(Reporting by {n}; Editing by {m})"]).format(
            n=rnd.choice(A_NAMES), m=rnd.choice(A_NAMES)))

    # header: masthead, navigation, headline (maybe with a fused date), date and byline lines
    date_shown = rnd.random() < 0.85
    date_text = a_date(story["date"], rnd)
    header: list[str] = []
    if rnd.random() < 0.3:
        header.append(rnd.choice(A_SITES))
        if rnd.random() < 0.7:
            header.append(rnd.choice(A_NAV))
    under: list[str] = []
    byline = rnd.choice([None, None, "By {n}", "By {n}, {s}", "By {n} and {m}"])
    if byline:
        byline = byline.format(n=rnd.choice(A_NAMES), m=rnd.choice(A_NAMES), s=rnd.choice(A_SITES))
    head = title
    if date_shown:
        where = rnd.random()
        if where < 0.3:     # fused to the headline
            head = title + rnd.choice(["", "", " ", " | ", " - "]) + rnd.choice(
                ["", "", "Updated ", "Published "]) + date_text
        elif where < 0.8:   # a line of its own under the headline
            under.append(rnd.choice(["", "", "Updated ", "Published: ", "Updated: "]) + date_text
                         + rnd.choice(["", "", " 10:42 GMT", " 3:15 pm"]))
        else:
            byline = (byline or "By " + rnd.choice(A_NAMES)) + " | " + date_text
    if byline:
        under.insert(rnd.randrange(len(under) + 1), byline)
    top = [rnd.choice(A_TOP)] if rnd.random() < 0.3 else []
    if rnd.random() < 0.15:
        top += [rnd.choice(A_CAPTIONS), rnd.choice(["PHOTO: REUTERS", "PHOTO: REUTERS, AFP",
                                                   "Photo: AFP"])]

    # body with furniture inside and after
    blocks = list(paras)
    if len(blocks) > 3 and rnd.random() < 0.3:
        blocks.insert(rnd.randrange(2, len(blocks)), rnd.choice(A_INSIDE))
    tail = credits_after + ([rnd.choice(A_AFTER).format(year=story["date"].year)]
                            if rnd.random() < 0.3 else [])

    # layout
    gap = "\n\n" if rnd.random() < 0.6 else "\n"     # after the headline block
    mode = rnd.choice(["blank", "blank", "lines", "wrap", "wrap", "wrap-glued"])
    width = rnd.choice([60, 64, 68, 72, 76, 80])
    if mode == "blank":
        body = "\n\n".join(top + blocks + tail)
    elif mode == "lines":    # one paragraph a line (web copy)
        body = "\n".join(top + blocks + tail)
    else:
        glued = mode == "wrap-glued"    # furniture lines right against wrapped paragraphs
        chunks = []
        for b in top:
            chunks.append((b, True))
        for b in blocks:
            chunks.append((b, b in A_INSIDE))
        for b in tail:
            chunks.append((b, True))
        out = []
        for text, furniture in chunks:
            lines = [text] if furniture else wrap(text, width)
            out.append("\n".join(lines))
        body = ("\n" if glued else "\n\n").join(out)
    text = "\n".join(header + [head] + under) + gap + body + "\n"
    if rnd.random() < 0.15:
        text, title = mojibake(smart_quotes(text)), smart_quotes(title)
    if rnd.random() < 0.1:
        text = text.replace("\n", "\r\n")
    if tag == "UPDATE 2-":  # a wire's tag is furniture: clean lists it in removed
        title = title[len(tag):]
    return {"text": text, "title": title, "date": story["date"].isoformat() if date_shown else None,
            "body": expected_body, "list": list_at is not None}


# --- renderer B -------------------------------------------------------------------

B_SITES = ["Valley Chronicle", "The Morning Record", "Harbour City Times", "Capital Wire Digest"]
B_NAMES = ["Rachel Moreno", "Kwame Mensah", "Lucy Hartley", "Ivan Petrov", "Nora Quinn",
           "Samuel Adeyemi", "Grace Lim", "Oliver Stone-Hughes"]
B_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
B_TOP = ["Subscribe today and get unlimited access to The Morning Record",
         "Get the latest headlines delivered to your inbox",
         "Image: Getty Images", "Comments (12)"]
B_INSIDE = ["ADVERTISEMENT", "Related: Why the dollar keeps falling",
            "Click here to read the full coverage", "Scroll to continue reading"]
B_AFTER = ["Copyright {year} Capital Wire Digest", "Recommended",
           "Share this story", "More news: Business | Economy | Tech"]


def b_date(d: datetime.date, rnd: random.Random) -> str:
    """Renderer B's date forms (abbreviated months, weekdays, ordinals)."""
    mon = MONTHS[d.month - 1]
    form = rnd.randrange(5)
    if form == 0:
        return f"{B_WEEKDAYS[d.weekday()]}, {mon} {d.day}, {d.year}"
    if form == 1:
        return f"{mon[:3]}. {d.day}, {d.year}" if len(mon) > 4 else f"{mon} {d.day}, {d.year}"
    if form == 2:
        return f"{B_WEEKDAYS[d.weekday()][:3]} {d.day:02d} {mon[:3]} {d.year}"
    if form == 3:
        return f"{d.day} {mon}, {d.year}"
    return f"{d.isoformat()}T{rnd.randrange(24):02d}:{rnd.randrange(60):02d}:00Z"


def render_b(story: dict, rnd: random.Random) -> dict:
    """One copy in renderer B's layouts (its own words, dates and widths)."""
    title = title_case(story["title"]) if rnd.random() < 0.6 else sentence_case(story["title"])
    if rnd.random() < 0.1:
        title = rnd.choice(["WATCH: ", "Breaking: ", "Markets - "]) + title
    paras = list(story["paras"])
    if rnd.random() < 0.2:
        paras = cut_short(paras, rnd)
    paras, list_at = (make_list(paras, rnd, rnd.choice(["*", "\u2022"])) if rnd.random() < 0.15
                      else (paras, None))
    expected_body = "\n\n".join(paras)
    author = rnd.choice(B_NAMES)
    date_shown = rnd.random() < 0.85
    date_text = b_date(story["date"], rnd)
    lines_above: list[str] = []
    if rnd.random() < 0.25:
        lines_above.append(rnd.choice(B_SITES).upper())
    head, under = title, []
    if date_shown:
        where = rnd.random()
        if where < 0.25:
            head = title + rnd.choice(["", " \u2022 ", " \u00b7 ", " \u2014 "]) + rnd.choice(
                ["", "Published ", "Last updated "]) + date_text
        elif where < 0.75:
            under.append(rnd.choice(["", "Published on ", "Last updated: ", "Posted "]) + date_text)
        else:
            under.append(f"{author} \u00b7 {date_text}" if rnd.random() < 0.5
                         else f"Written by {author} on {date_text}")
            author = None
    if author and rnd.random() < 0.5:
        under.insert(0, rnd.choice([f"By {author.upper()}", f"{author} | Staff reporter",
                                    f"By {author}, Business Correspondent"]))
    top = [rnd.choice(B_TOP)] if rnd.random() < 0.3 else []
    if rnd.random() < 0.1:
        top += ["Workers unload cargo at the harbour on Tuesday.", "Photograph: Reuters"]
    blocks = list(paras)
    if len(blocks) > 2 and rnd.random() < 0.35:
        blocks.insert(rnd.randrange(1, len(blocks)), rnd.choice(B_INSIDE))
    tail = []
    if rnd.random() < 0.2:
        tail.append(f"Additional reporting by {rnd.choice(B_NAMES)} in London")
    if rnd.random() < 0.3:
        tail.append(rnd.choice(B_AFTER).format(year=story["date"].year))

    mode = rnd.choice(["blank", "indent", "wrap-blank", "wrap-indent", "wrap-glued"])
    width = rnd.choice([52, 58, 66, 70, 88, 96])
    furniture = set(B_INSIDE) | set(top) | set(tail)
    if mode == "blank":
        body = "\n\n".join(top + blocks + tail)
    elif mode == "indent":       # paragraphs on one line each, indented
        body = "\n".join(b if b in furniture else "   " + b.replace("\n", "\n   ")
                         for b in top + blocks + tail)
    else:
        out = []
        for b in top + blocks + tail:
            if b in furniture:
                out.append(b)
            else:
                out.append("\n".join(wrap(b, width, "    " if mode == "wrap-indent" else "")))
        body = ("\n\n" if mode == "wrap-blank" else "\n").join(out)
    gap = rnd.choice(["\n\n", "\n\n", "\n", "\n\n\n"])
    text = "\n".join(lines_above + [head] + under) + gap + body
    if rnd.random() < 0.15:
        text, title = mojibake(smart_quotes(text)), smart_quotes(title)
    if rnd.random() < 0.1:
        text = text.replace("\n", "\r\n")
    return {"text": text + rnd.choice(["", "\n", "\n\n"]), "title": title,
            "date": story["date"].isoformat() if date_shown else None,
            "body": expected_body, "list": list_at is not None}


# --- renderer C (written after A and B were measured, kept unseen while tuning) -----

C_SITES = ["NORTHWIND DAILY", "The Lakeside Sentinel", "Riverbend Courier-Journal", "Metro Ledger Digital"]
C_NAMES = ["Priya Natarajan", "Tomas Keller", "Amara Obi", "Chen Wei", "Lars Nilsson", "Fatima Haddad"]
C_NAV = ["Home \u203a Business \u203a Markets", "Menu", "Search", "Sign in"]
C_INSIDE = ["(Story continues below)", "RELATED: Markets slide as traders weigh rate outlook",
            "SEE ALSO: Five charts that explain the economy", "\u2014 Advertisement \u2014",
            "Sponsored content"]
C_AFTER = ["Tags: business, economy, markets", "Have a story idea? Email us at news@lakeside.example",
           "Follow us on Facebook and Instagram", "More from Northwind: Weather | Sport | Opinion",
           "Copyright \u00a9 {year} The Lakeside Sentinel"]


def c_date(d: datetime.date, rnd: random.Random) -> str:
    """Renderer C's date forms."""
    mon = MONTHS[d.month - 1]
    suffix = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    form = rnd.randrange(6)
    if form == 0:
        return f"{d.day}{suffix} {mon} {d.year}"
    if form == 1:
        return f"{mon[:3]} {d.day} {d.year}"
    if form == 2:
        return f"{mon} {d.day}{suffix}, {d.year}, {rnd.randint(1, 12)}:{rnd.randrange(60):02d} p.m."
    if form == 3:
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if form == 4:
        return f"{d.day:02d} {mon[:3]} {d.year} {rnd.randrange(24):02d}:{rnd.randrange(60):02d} UTC"
    return f"{B_WEEKDAYS[d.weekday()]} {d.day} {mon} {d.year}"


def render_c(story: dict, rnd: random.Random) -> dict:
    """One copy in renderer C's layouts (its own words, dates, bylines and widths)."""
    style = rnd.random()
    title = (title_case if style < 0.5 else sentence_case if style < 0.85 else str)(story["title"])
    if rnd.random() < 0.1:
        title = rnd.choice(["EXCLUSIVE | ", "Opinion: ", "LIVE: "]) + title
    paras = list(story["paras"])
    if rnd.random() < 0.2:
        paras = cut_short(paras, rnd)
    list_at = None
    if rnd.random() < 0.15:
        paras, list_at = make_list(paras, rnd, rnd.choice(["-", "*"]))
    expected_body = "\n\n".join(paras)
    author = rnd.choice(C_NAMES)
    date_shown = rnd.random() < 0.8
    date_text = c_date(story["date"], rnd)
    top: list[str] = []
    if rnd.random() < 0.35:
        top.append(rnd.choice(C_SITES))
        top += rnd.sample(C_NAV, rnd.randint(0, 2))
    head, under = title, []
    if date_shown:
        where = rnd.random()
        if where < 0.2:
            head = title + rnd.choice([" \u2014 ", " | ", "  "]) + date_text
        elif where < 0.7:
            under.append(rnd.choice(["", "Published ", "First published: ", "Last modified on "]) + date_text)
        else:
            under.append(rnd.choice([f"By {author} \u2022 Published {date_text}",
                                     f"Story by {author} | {date_text}"]))
            author = None
    if author and rnd.random() < 0.5:
        under.insert(0, rnd.choice([f"Story by {author}", f"By {author.upper()}",
                                    f"{author}, Staff Writer"]))
    before = []
    if rnd.random() < 0.15:
        before += ["Commuters walk past a bank branch in the city centre.",
                   rnd.choice(["Photo: Reuters/File", "(Photo: AFP)"])]
    blocks = list(paras)
    if len(blocks) > 2 and rnd.random() < 0.35:
        blocks.insert(rnd.randrange(1, len(blocks)), rnd.choice(C_INSIDE))
    tail = [rnd.choice(C_AFTER).format(year=story["date"].year)] if rnd.random() < 0.35 else []
    if rnd.random() < 0.15:
        tail.insert(0, f"(Additional reporting by {rnd.choice(C_NAMES)})")
    furniture = set(C_INSIDE) | set(before) | set(tail)
    mode = rnd.choice(["blank", "lines", "wrap-blank", "wrap-indent2", "wrap-none"])
    width = rnd.choice([45, 62, 74, 79, 99])
    if mode == "blank":
        body = "\n\n".join(before + blocks + tail)
    elif mode == "lines":
        body = "\n".join(before + blocks + tail)
    else:
        out = []
        for b in before + blocks + tail:
            if b in furniture:
                out.append(b)
            else:
                out.append("\n".join(wrap(b, width, "  " if mode == "wrap-indent2" else "")))
        body = ("\n\n" if mode == "wrap-blank" else "\n").join(out)
    gap = rnd.choice(["\n\n", "\n"])
    text = "\n".join(top + [head] + under) + gap + body + "\n"
    if rnd.random() < 0.12:     # UTF-8 read as Latin-1
        text, title = smart_quotes(text).encode("utf-8").decode("latin-1"), smart_quotes(title)
    if rnd.random() < 0.1:
        text = text.replace("\n", "\r\n")
    return {"text": text, "title": title, "date": story["date"].isoformat() if date_shown else None,
            "body": expected_body, "list": list_at is not None}


# --- renderer D (written after C was measured, kept unseen while tuning on C) --------

D_SITES = ["The Daily Wire Review", "Kingsport Evening Echo", "BAYSIDE TIMES-HERALD", "Newsline 24"]
D_SECTIONS = ["BUSINESS", "World News", "Markets | Energy", "Economy"]
D_NAMES = ["Hannah Brooks", "Diego Alvarez", "Mei Tanaka", "Olusegun Bello", "Sofia Rossi", "Ravi Menon"]
D_INSIDE = ["Continue reading below", "RECOMMENDED: Oil prices and the week ahead", "Skip advert",
            "Show caption", "Getty Images", "Print this page"]
D_AFTER = ["Topics: Business, Markets", "Reuse content", "\u00a9 Newsline 24 Ltd",
           "Sign up to our morning briefing", "Gift this article"]


def d_date(d: datetime.date, rnd: random.Random) -> str:
    """Renderer D's date forms."""
    mon = MONTHS[d.month - 1]
    form = rnd.randrange(5)
    if form == 0:
        return f"{B_WEEKDAYS[d.weekday()]} {d.day} {mon} {d.year} {rnd.randrange(24):02d}.{rnd.randrange(60):02d} GMT"
    if form == 1:
        return f"{mon.upper()} {d.day}, {d.year}"
    if form == 2:
        return f"{d.day} {mon[:3]}. {d.year}"
    if form == 3:
        return f"{mon[:3]} {d.day:02d}, {d.year}"
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def render_d(story: dict, rnd: random.Random) -> dict:
    """One copy in renderer D's layouts (its own words, dates, bylines and widths)."""
    style = rnd.random()
    title = (sentence_case if style < 0.5 else title_case if style < 0.9 else str)(story["title"])
    tag = ""
    if rnd.random() < 0.1:
        tag = rnd.choice(["EXCLUSIVE-", "In focus: ", "Explainer: "])
        title = tag + title
    paras = list(story["paras"])
    if rnd.random() < 0.2:
        paras = cut_short(paras, rnd)
    list_at = None
    if rnd.random() < 0.15:
        paras, list_at = make_list(paras, rnd, rnd.choice(["\u2022", "-"]))
    expected_body = "\n\n".join(paras)
    author = rnd.choice(D_NAMES)
    date_shown = rnd.random() < 0.8
    date_text = d_date(story["date"], rnd)
    top: list[str] = []
    if rnd.random() < 0.3:
        top.append(rnd.choice(D_SITES))
    if rnd.random() < 0.3:
        top.append(rnd.choice(D_SECTIONS))
    head, under = title, []
    if date_shown:
        where = rnd.random()
        if where < 0.15:
            head = title + rnd.choice([" - ", " | ", ", "]) + date_text
        elif where < 0.75:
            under.append(rnd.choice(["", "Last Updated: ", "Published: ", "Posted at 14:05, "]) + date_text)
        else:
            under.append(f"by {author} on {date_text}")
            author = None
    if author and rnd.random() < 0.5:
        under.insert(0, rnd.choice([f"by {author}", f"BY {author.upper()}", f"From {author} in London",
                                    f"\u2014 {author}"]))
    blocks = list(paras)
    if len(blocks) > 2 and rnd.random() < 0.35:
        blocks.insert(rnd.randrange(1, len(blocks)), rnd.choice(D_INSIDE))
    tail = [rnd.choice(D_AFTER)] if rnd.random() < 0.35 else []
    if rnd.random() < 0.15:
        tail.insert(0, f"Reporting by {rnd.choice(D_NAMES)}; Editing by {rnd.choice(D_NAMES)}")
    furniture = set(D_INSIDE) | set(tail)
    mode = rnd.choice(["blank", "blank", "wrap-blank", "wrap-all", "lines"])
    width = rnd.choice([50, 70, 72, 76])
    if mode == "blank":
        body = "\n\n".join(blocks + tail)
    elif mode == "lines":
        body = "\n".join(blocks + tail)
    else:
        out = []
        for b in blocks + tail:
            out.append(b if b in furniture and mode != "wrap-all" else "\n".join(wrap(b, width)))
        body = "\n\n".join(out)
    header = top + [head] + under
    if mode == "wrap-all":    # the header wrapped too, line by line
        header = [x for h in header for x in textwrap.wrap(h, width, break_on_hyphens=False)]
    text = "\n".join(header) + rnd.choice(["\n\n", "\n\n", "\n"]) + body + "\n"
    if rnd.random() < 0.12:
        text, title = mojibake(smart_quotes(text)), smart_quotes(title)
    if rnd.random() < 0.1:
        text = text.replace("\n", "\r\n")
    if tag == "EXCLUSIVE-":     # a wire's tag is furniture, as in renderer A
        title = title[len(tag):]
    return {"text": text, "title": title, "date": story["date"].isoformat() if date_shown else None,
            "body": expected_body, "list": list_at is not None}


# --- renderer S: the syndication benchmark's site pages ------------------------------

def render_s(story: dict, rnd: random.Random) -> dict:
    """A page of ``bench.syndication`` (masthead, menu, byline with date, footer)."""
    from bench.syndication import SITES, render
    title = story["title"].title()
    d = story["date"]
    date = f"{d.day}-{MONTHS[d.month - 1][:3].upper()}-{d.year}"
    text = render(rnd.choice(SITES), title, story["paras"], date, rnd)
    return {"text": text, "title": title, "date": d.isoformat(), "body": "\n\n".join(story["paras"]),
            "list": False}


RENDERERS = {"A": render_a, "B": render_b, "C": render_c, "D": render_d, "S": render_s}


def copies(story_list: list[dict], renderer: str, per_story: int = 2) -> list[dict]:
    """Seeded copies: the same stories and renderer always give the same text."""
    out = []
    for story in story_list:
        for k in range(per_story):
            seed = int.from_bytes(hashlib.blake2b(f"{renderer}:{story['id']}:{k}".encode(),
                                                  digest_size=8).digest(), "little")
            copy = RENDERERS[renderer](story, random.Random(seed))
            copy.update(id=f"{renderer}-{story['id']}-{k}", renderer=renderer, split=story["split"])
            out.append(copy)
    return out


# --- scoring --------------------------------------------------------------------------

def expected_title(title: str | None) -> str | None:
    return " ".join(fix_encoding(title).split()) if title else None


def score(copy: dict, out: Article) -> dict:
    """Per-copy verdicts (see the module docstring)."""
    want, got = words(copy["body"]), words(out.text)
    missing = Counter(want) - Counter(got)
    result = {"title": out.title == expected_title(copy["title"]),
              "date": out.date == copy["date"],
              "body": got == want,
              "complete": not missing}
    if copy.get("list"):
        want_lists = [p for p in copy["body"].split("\n\n") if "\n" in p]
        result["list"] = all(p in out.text.split("\n\n") for p in want_lists)
    return result


def evaluate(copy_list: list[dict]) -> tuple[dict, list]:
    """Accuracy of each verdict over ``copy_list``, and the failing copies."""
    totals: Counter = Counter()
    counts: Counter = Counter()
    failures = []
    for copy in copy_list:
        out = clean_article(Article(id=copy["id"], text=copy["text"]))
        verdict = score(copy, out)
        for key, ok in verdict.items():
            counts[key] += 1
            totals[key] += ok
        if not all(verdict.values()):
            failures.append((copy, out, verdict))
    acc = {key: round(totals[key] / counts[key], 4) for key in counts}
    acc["copies"] = len(copy_list)
    return acc, failures


def show(failures: list, limit: int) -> None:
    for copy, out, verdict in failures[:limit]:
        bad = [k for k, v in verdict.items() if not v]
        print(f"--- {copy['id']} {bad}")
        print(f"  title want {expected_title(copy['title'])!r}\n        got  {out.title!r}")
        if "date" in bad:
            print(f"  date  want {copy['date']!r} got {out.date!r}")
        if "body" in bad or "complete" in bad:
            want, got = words(copy["body"]), words(out.text)
            i = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
            print(f"  body differs at word {i}: want {' '.join(want[max(0, i - 3):i + 6])!r}\n"
                  f"                         got  {' '.join(got[max(0, i - 3):i + 6])!r}")
        print("  raw: " + copy["text"][:700].replace("\r", "\\r").replace("\n", "\n       "))


def fixture_copies(story_list: list[dict], per_renderer: int = 16, lists: int = 3) -> list[dict]:
    """A small test fixture: for each of A to D, copies of the first stories
    plus a few copies that print a list."""
    rows = []
    for r in ("A", "B", "C", "D"):
        plain, listed = [], []
        for story in story_list:
            copy = copies([story], r, 1)[0]
            if copy["list"] and len(listed) < lists:
                listed.append(copy)
            elif not copy["list"] and len(plain) < per_renderer:
                plain.append(copy)
            if len(plain) == per_renderer and len(listed) == lists:
                break
        rows += plain + listed
    return rows


def load_fixture(path: Path = FIXTURE) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=600, help="stories per split")
    ap.add_argument("--renderer", default="all", choices=["A", "B", "C", "D", "S", "all"])
    ap.add_argument("--split", default="all", choices=["tune", "held", "all"])
    ap.add_argument("--show-errors", type=int, default=0, metavar="K")
    ap.add_argument("--write-fixture", metavar="PATH",
                    help="write a small fixture (tune split, renderers A to D) and stop")
    args = ap.parse_args(argv)
    t0 = time.time()
    if not REUTERS.exists():
        acc, failures = evaluate(load_fixture())
        print(f"layouts (fixture {FIXTURE.name}, no Reuters file): {acc}")
        print(json.dumps({"fixture": acc}))
        return 0
    pool = stories(args.stories)
    if args.write_fixture:
        rows = fixture_copies([s for s in pool if s["split"] == "tune"
                               and sum(len(p.split()) for p in s["paras"]) <= 250])
        with open(args.write_fixture, "w", encoding="utf-8") as fh:
            for c in rows:
                fh.write(json.dumps({k: c[k] for k in ("id", "renderer", "text", "title", "date",
                                                        "body", "list")}, ensure_ascii=False) + "\n")
        print(f"wrote {len(rows)} copies to {args.write_fixture}")
        return 0
    renderers = ["A", "B", "C", "D", "S"] if args.renderer == "all" else [args.renderer]
    splits = ["tune", "held"] if args.split == "all" else [args.split]
    print(f"layouts: {len(pool)} Reuters stories (built in {time.time() - t0:.1f}s)")
    result = {}
    for r in renderers:
        for sp in splits:
            acc, failures = evaluate(copies([s for s in pool if s["split"] == sp], r))
            result[f"{r}/{sp}"] = acc
            print(f"renderer {r}, {sp} stories: " + ", ".join(f"{k} {v}" for k, v in acc.items()))
            if args.show_errors:
                show(failures, args.show_errors)
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
