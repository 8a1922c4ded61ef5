"""The layouts benchmark's renderers: one Reuters story as news copy, four ways and a fifth.

Each ``render_X`` lays a story out as one publisher does (headline, date,
byline, furniture, wrapping, lists, mojibake) and returns the copy with what
``clean`` should make of it; ``RENDERERS`` names them.  Apart from
``bench.layouts`` (stories, seeded copies, scoring) because the renderers are
most of the code and ``bench.crosscheck`` lays its copies out with them too.

>>> title_case("BAHIA COCOA REVIEW")
'Bahia Cocoa Review'
"""
from __future__ import annotations

import datetime
import importlib
import random
import re
import textwrap

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WORD = re.compile(r"\w+")


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
    importlib.import_module("ftfy.bad_codecs")     # registers the sloppy-windows-1252 codec
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
