"""The scale benchmark's corpus: synthetic news stories with planted copies, at any size.

``generate`` writes what ``python -m bench.scale generate`` writes: stories
made of real Reuters sentences under leads of their own, a copy of one in
ten planted nearby (furniture, retitle, cut, edit, spun, spun_names), every
article a function of ``(seed, story number)`` (``bench.scale``'s module doc
tells the design).  Apart from ``bench.scale``, which times dedup, clean,
Dask and the index on these corpora and scores dedup's report, because
building the corpus is half the code and reads nothing of the timing.
"""
from __future__ import annotations

import gzip
import hashlib
import heapq
import html
import json
import os
import random
import re
import textwrap
import time
from collections import Counter
from pathlib import Path
from typing import Iterator, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
REUTERS = Path(os.environ.get(
    "NORMTOOL_BENCH_CORPUS", ROOT.parent / "shared" / "data" / "reuters21578.jsonl.gz"))

COPY_RATE = 0.10        # share of stories that get a planted copy
WINDOW = 20_000         # a copy lands within this many articles of its original
COPY_FIRST = 0.25       # share of copies placed before their original
KINDS = {"furniture": 0.20, "retitle": 0.15, "cut": 0.15, "edit": 0.15,
         "spun": 0.25, "spun_names": 0.10}
SPIN_RATE = (0.10, 0.20)   # share of a spun copy's words swapped
# Story shape: paragraphs after the lead, sentences per paragraph (drawn
# uniformly from these); many stories are short, as on the wire.
BODY_PARAGRAPHS = (1, 1, 2, 2, 3, 3, 4, 5, 6)
PARAGRAPH_SENTENCES = (1, 1, 2, 2, 3)
COMPANIES, PEOPLE = 4000, 6000   # made-up names, drawn Zipf-like
SENTENCES = 48_000   # Reuters sentences used: each is in ~35 articles at 320k
ID_DIGITS = 7

# ------------------------------------------------------------ sentence pool
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")
# A piece ending in one of these did not end its sentence ("U.S. officials").
_ABBREV = re.compile(r"(?:\b[A-Z]\.|\b(?:Inc|Corp|Co|Ltd|Mr|Mrs|Dr|St|Jan|Feb|Mar|Apr|Jun|Jul|"
                     r"Aug|Sept|Sep|Oct|Nov|Dec|No|Gov|Sen|Rep|Gen|Bros|Jr|vs)\.)$")


def reflow(raw: str) -> list[str]:
    """A Reuters body (hard-wrapped, indented paragraphs) as paragraphs."""
    text = html.unescape(raw.replace("&#3;", ""))
    text = re.sub(r"\s*Reuter\s*$", "", text.strip(), flags=re.I)
    paras = re.split(r"\n\s{2,}|\n\s*\n", text)
    return [" ".join(p.split()) for p in paras if p.strip()]


def sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences (abbreviations such as "U.S." do not end one)."""
    out: list[str] = []
    for piece in _SPLIT.split(paragraph):
        if out and _ABBREV.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def _prose(s: str) -> bool:
    """A sentence of running prose (not a table row, a heading or a fragment)."""
    words = s.split()
    if not 8 <= len(words) <= 45 or not s[0].isupper() or s[-1] != ".":
        return False
    if any(c in s for c in "<>|\t") or s.count("(") != s.count(")"):
        return False
    upper = sum(c.isupper() for c in s)
    digits = sum(c.isdigit() for c in s)
    return upper < 0.2 * len(s) and digits < 0.12 * len(s)


class Pool(NamedTuple):
    """What stories are made of: Reuters sentences and places, and made-up names.

    Names are drawn Zipf-like (a few companies and people are in the news
    every day, most rarely), so unrelated stories share names, as they do.
    """

    sentences: list[str]
    places: list[str]
    companies: list[str]
    people: list[str]
    weights: dict          # list name -> cumulative Zipf weights


def _zipf(n: int, s: float = 1.0) -> list[float]:
    out, total = [], 0.0
    for rank in range(1, n + 1):
        total += rank ** -s
        out.append(total)
    return out


def load_pool(path: Path = REUTERS) -> Pool:
    """``SENTENCES`` distinct prose sentences of Reuters-21578, its places, and names."""
    if not path.exists():
        raise SystemExit(f"bench.scale needs the Reuters-21578 file ({path}); "
                         "set NORMTOOL_BENCH_CORPUS to its location")
    seen: dict[str, None] = {}
    places: dict[str, None] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            for para in reflow(row["text"]):
                for s in sentences(para):
                    if _prose(s):
                        seen.setdefault(s, None)
            place = (row.get("dateline") or "").split(",")[0].strip()
            if place.isupper() and 3 <= len(place) <= 20 and place.replace(" ", "").isalpha():
                places.setdefault(place, None)
    rnd = random.Random(20)
    pool = list(seen)
    rnd.shuffle(pool)
    companies = list(dict.fromkeys(f"{_name(rnd)} {rnd.choice(_SUFFIXES)}"
                                   for _ in range(COMPANIES)))
    people = list(dict.fromkeys(f"{rnd.choice(_FIRST)} {_name(rnd)}" for _ in range(PEOPLE)))
    places_list = list(places)
    weights = {"companies": _zipf(len(companies)), "people": _zipf(len(people)),
               "places": _zipf(len(places_list))}
    return Pool(pool[:SENTENCES], places_list, companies, people, weights)


def _pick(pool: Pool, name: str, rnd: random.Random) -> str:
    return rnd.choices(getattr(pool, name), cum_weights=pool.weights[name])[0]


# ------------------------------------------------------------------ stories
_SYLLABLES = ("ar bel cor dan el fen gar hal in jor kel lan mar nor or pel quin ras sel tor "
              "ul van wes xan yor zel ber cas dor lum").split()
_SUFFIXES = ("Corp Inc Holdings Industries Group Bank Resources Financial International "
             "Petroleum Mining Systems Securities Airlines Motors Foods Communications").split()
_FIRST = ("John James Robert Michael William David Richard Thomas Charles Peter Paul Mark "
          "George Edward Frank Henry Walter Arthur Mary Patricia Linda Barbara Susan Margaret "
          "Helen Anne Ruth Carol Karl Hans Jean Pierre Yuri Kenji Hiroshi Luis Carlos Ahmed").split()
_ROLES = ("chairman", "president", "chief executive", "chief financial officer",
          "spokesman", "treasurer", "vice president")
_PERIODS = ("first quarter", "second quarter", "third quarter", "fourth quarter",
            "first half", "full year", "nine month")
_MONTHS = ("January February March April May June July August September October "
           "November December").split()
_THINGS = ("power plant", "refinery", "bridge", "port terminal", "steel mill", "pipeline",
           "fertiliser plant", "rail link")
# (headline, lead sentence): Reuters-style company news with the story's own
# names and figures, so two stories never share their lead.
LEADS = (
    ("{CO} {PERIOD} NET PROFIT UP {pct} PCT",
     "{co} said its {period} net profit rose {pct} pct to {m1} mln dlrs, or {eps} dlrs a share, "
     "from {m2} mln dlrs a year earlier."),
    ("{CO} TO ACQUIRE {CO2}",
     "{co} said it agreed to acquire {co2} for about {m1} mln dlrs in cash and shares."),
    ("{CO} TO CUT {k} JOBS",
     "{co} said it will cut {k} jobs at its {city} plant by the end of {year} to reduce costs."),
    ("{CO} RAISES QUARTERLY DIVIDEND",
     "{co} said its board approved a {pct} pct increase in its quarterly dividend to {c} cts "
     "a share, payable {month} {day} to holders of record {month2} {day2}."),
    ("{CO} SEES HIGHER {year} SALES",
     "{co} said it expects {year} sales of about {m1} mln dlrs, up from {m2} mln dlrs in {year0}."),
    ("{CO} RAISES STAKE IN {CO2} TO {pct} PCT",
     "{co} said it raised its stake in {co2} to {pct} pct of the outstanding common shares."),
    ("{CO} FILES FOR {k} MLN SHARE OFFERING",
     "{co} said it filed for a public offering of {k} mln common shares at about {c} dlrs a share."),
    ("{CO} NAMES NEW {ROLE}",
     "{co} said {person}, its {role}, resigned and will be replaced by {person2} on {month} {day}."),
    ("{CO} WINS {m1} MLN DLR {CITY} CONTRACT",
     "{co} said it won a {m1} mln dlr contract to build a {thing} near {city}."),
    ("{CO} REPORTS {PERIOD} LOSS",
     "{co} said it had a {period} net loss of {m1} mln dlrs against a profit of {m2} mln dlrs "
     "a year ago."),
)
_FOLLOW = ("{person}, {role} of {co}, told reporters in {city} that the company expected "
           "results to improve in {year}.",
           "{co} shares closed at {c} dlrs, up {eps} dlrs, on the {city} stock exchange.",
           "{person}, {role} of {co}, said the decision followed {k} months of talks.")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


class Story(NamedTuple):
    """One story as its original tells it: paragraphs are lists of sentences."""

    number: int
    title: str
    date: str                   # ISO
    dateline: str
    paragraphs: list[list[str]]


def _rng(seed: int, number: int, salt: int = 0) -> random.Random:
    """The random stream of one story (or of its copy, with ``salt``)."""
    return random.Random((seed * 0x9E3779B1 + number) * 4 + salt)


def _name(rnd: random.Random) -> str:
    word = "".join(rnd.choice(_SYLLABLES) for _ in range(rnd.choice((2, 2, 3))))
    return word.capitalize()


def _redraw(sentence: str, rnd: random.Random) -> str:
    """The sentence with each figure replaced by another of the same shape."""
    def swap(m: re.Match) -> str:
        return "".join(str(rnd.randrange(1, 10)) if i == 0 and c.isdigit()
                       else str(rnd.randrange(10)) if c.isdigit() else c
                       for i, c in enumerate(m.group()))
    return _NUMBER.sub(swap, sentence)


def make_story(pool: Pool, seed: int, number: int) -> Story:
    """Story ``number``: a lead with its own names and figures, then borrowed prose."""
    rnd = _rng(seed, number)
    co, co2 = _pick(pool, "companies", rnd), _pick(pool, "companies", rnd)
    person, person2 = _pick(pool, "people", rnd), _pick(pool, "people", rnd)
    city = _pick(pool, "places", rnd).title()
    year = rnd.randrange(1985, 1990)
    day = rnd.randrange(365)
    date = time.strftime("%Y-%m-%d", time.gmtime(536457600 + 86400 * day))   # 1987
    month = _MONTHS[int(date[5:7]) - 1]
    values = {"co": co, "co2": co2, "person": person, "person2": person2, "city": city,
              "role": rnd.choice(_ROLES), "period": rnd.choice(_PERIODS), "year": year,
              "year0": year - 1, "pct": rnd.randrange(2, 95), "m1": f"{rnd.uniform(1, 900):.1f}",
              "m2": f"{rnd.uniform(1, 900):.1f}", "eps": f"{rnd.uniform(0.05, 4):.2f}",
              "c": rnd.randrange(5, 95), "k": rnd.randrange(2, 90) * 50, "thing": rnd.choice(_THINGS),
              "month": month, "day": rnd.randrange(1, 29), "month2": rnd.choice(_MONTHS),
              "day2": rnd.randrange(1, 29)}
    values.update({k.upper(): str(v).upper() for k, v in values.items() if k in (
        "co", "co2", "city", "role", "period")})
    head, lead = rnd.choice(LEADS)
    first = [lead.format(**values)]
    if rnd.random() < 0.6:
        first.append(rnd.choice(_FOLLOW).format(**values))
    paragraphs = [first]
    surname = person.split()[-1]
    for _ in range(rnd.choice(BODY_PARAGRAPHS)):
        para = []
        for _ in range(rnd.choice(PARAGRAPH_SENTENCES)):
            s = pool.sentences[rnd.randrange(len(pool.sentences))]
            if rnd.random() < 0.3:
                s = _redraw(s, rnd)
            if rnd.random() < 0.1 and " said" not in s:
                s = s[:-1] + f", {surname} said."
            para.append(s)
        paragraphs.append(para)
    if rnd.random() < 0.3:      # a quote from the story's person
        q = pool.sentences[rnd.randrange(len(pool.sentences))]
        paragraphs.insert(2, [f"\"{q[:-1]},\" {person} said."])
    dateline = f"{city.upper()}, {month[:3]} {int(date[8:])} -"
    return Story(number, head.format(**values), date, dateline, paragraphs)


# ------------------------------------------------------------------- copies
# A spinner's table: one stand-in per word, whatever the context.
SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "added": "included",
    "company": "firm", "companies": "firms", "government": "administration",
    "officials": "authorities", "official": "authority", "year": "twelvemonth",
    "market": "marketplace", "markets": "marketplaces", "shares": "stocks", "stock": "inventory",
    "price": "cost", "prices": "costs", "rose": "climbed", "fell": "dropped", "rise": "ascent",
    "increase": "expansion", "decline": "decay", "expected": "anticipated", "expects": "anticipates",
    "plan": "scheme", "plans": "schemes", "agreement": "understanding", "deal": "bargain",
    "talks": "discussions", "meeting": "gathering", "week": "hebdomad", "new": "novel",
    "major": "significant", "large": "huge", "big": "large", "important": "significant",
    "help": "assist", "country": "nation", "countries": "nations", "group": "gathering",
    "sales": "deals", "profit": "benefit", "profits": "benefits", "loss": "misfortune",
    "earnings": "income", "income": "pay", "production": "creation", "output": "yield",
    "demand": "request", "supply": "provision", "growth": "development", "economy": "thrift",
    "trade": "commerce", "bank": "depository", "banks": "depositories", "rate": "pace",
    "rates": "paces", "dividend": "bonus", "quarter": "fourth", "total": "all out",
    "results": "outcomes", "announced": "declared", "reported": "revealed", "statement": "articulation",
    "spokesman": "representative", "chairman": "director", "president": "leader",
    "previous": "past", "recent": "ongoing", "current": "present", "continue": "proceed",
    "strong": "solid", "weak": "feeble", "because": "since", "however": "nonetheless",
    "buy": "purchase", "sell": "auction", "offer": "proposition", "board": "panel",
    "industry": "business", "level": "degree", "month": "period", "months": "periods",
    "compared": "contrasted", "increased": "expanded", "including": "counting",
    "agreed": "concurred", "higher": "more elevated", "lower": "more modest",
    "cut": "slice", "cuts": "slices", "costs": "expenses", "interest": "intrigue",
    "analysts": "experts", "dealers": "merchants", "traders": "brokers", "foreign": "outside",
    "domestic": "homegrown", "exports": "fares", "imports": "imports", "oil": "petroleum",
    "tonnes": "metric tons", "acquire": "obtain", "acquisition": "procurement",
    "reduce": "decrease", "improve": "enhance", "results": "outcomes", "debt": "obligation",
    "loans": "advances", "billion": "billion", "reporters": "correspondents",
}
# Stand-ins for the words the table lacks (the long tail of a spinner's table).
_STANDIN = ("move part place case point form hold turn mind seem work state fact issue side "
            "kind head house service friend power hour game line end member law car city "
            "community name team minute idea body information back parent face others office "
            "door health person art war history party result change morning reason research "
            "moment air force education foot age policy process music sense nation college "
            "death experience effect use class control care field development role effort heart "
            "light voice police decision view relationship town road arm difference value "
            "building action model season society tax director position player record paper "
            "space ground event matter center couple site project activity star table need court "
            "situation figure street image phone data picture practice piece land product doctor "
            "wall worker news test movie north love support technology step computer type "
            "attention film tree source organization window evidence population training plant "
            "sort cause").split()
# Names a spinner's table knows (as in "Related Press", "Wall Road"):
# institutions and titles; the made-up company names are left alone.
NAME_SWAPS = {
    "Associated": "Related", "Street": "Road", "Reserve": "Save", "Federal": "Government",
    "Treasury": "Depository", "Exchange": "Trade", "Minister": "Priest",
    "Department": "Office", "Secretary": "Assistant", "General": "Basic",
    "National": "Public", "United": "Joined", "States": "Expresses",
    "Agriculture": "Farming", "Commission": "Fee", "Union": "Association",
    "Central": "Focal", "Development": "Advancement", "Commerce": "Trade",
    "Board": "Panel", "Trade": "Exchange", "Foreign": "Outside", "Finance": "Money",
}
_STOP = frozenset("""a an the of to in on at by for from with and or but nor so yet as is are was
were be been being am do does did have has had it its this that these those he she they we i you
me him her them us our their his my your who whom whose which what when where why how not no if
then than there here also just very can could will would shall should may might must up down out
over off into onto upon about after before again all any both each few more most other some such
only own same too now one two three four five six seven eight nine ten mln dlrs pct cts bln
vs mths shr net qtr""".split())
_WORD = re.compile(r"[A-Za-z]+")
_UK = {"program": "programme", "center": "centre", "labor": "labour", "favor": "favour",
       "organization": "organisation", "defense": "defence", "analyze": "analyse",
       "harbor": "harbour", "fiber": "fibre", "traveled": "travelled", "color": "colour",
       "fertilizer": "fertiliser", "privatization": "privatisation", "behavior": "behaviour"}
# Outlets: lines above the headline and below the body (furniture clean removes).
_SITES = (
    (["Skip to content"], ["Share this article: Facebook Twitter Email",
                           "(c) 1987 The Daily Courier. All rights reserved."]),
    (["Home | News | Business | Sport | Opinion | Contact"],
     ["Read more: Markets wrap | Weather | Obituaries", "Copyright 1987 Metro Business Journal"]),
    (["Skip to main content", "Home | Markets | Companies | Economy"],
     ["Advertisement", "Terms of use | Privacy policy | Contact us"]),
    ([], ["This article was originally published on financewire.example.",
          "Share this article: Facebook Twitter Email"]),
)
# Furniture lines clean's rules do not know: left in the body of a clean-format copy.
_LEFTOVER = ("Have a news tip? Email the newsroom.", "More business news on page 4.",
             "Our reporters are on the ground in the region.", "Prices are delayed by 15 minutes.")


def _case_like(src: str, word: str) -> str:
    if src.isupper() and len(src) > 1:
        return word.upper()
    return word[0].upper() + word[1:] if src[0].isupper() else word


def _standin(word: str) -> str:
    h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
    return _STANDIN[h % len(_STANDIN)]


def spin(text: str, rnd: random.Random, rate: float, names: bool) -> str:
    """A context-free synonym swapper over about ``rate`` of the words.

    Lower-case content words are swapped (the table's synonym, else a fixed
    stand-in); with ``names``, the names the table knows are swapped too.
    """
    words = _WORD.findall(text)
    eligible = sum(1 for w in words if w.islower() and len(w) > 2 and w not in _STOP)
    p = min(1.0, rate * len(words) / max(eligible, 1))

    def swap(m: re.Match) -> str:
        w = m.group()
        if w.islower() and len(w) > 2 and w not in _STOP:
            return (SYNONYMS.get(w) or _standin(w)) if rnd.random() < p else w
        if names and w in NAME_SWAPS:
            return NAME_SWAPS[w]
        return w
    return _WORD.sub(swap, text)


def _typos(text: str, rnd: random.Random, rate: float = 0.015) -> str:
    def typo(m: re.Match) -> str:
        w = m.group()
        if len(w) > 4 and w.islower() and rnd.random() < rate:
            i = rnd.randrange(1, len(w) - 2)
            return w[:i] + w[i + 1] + w[i] + w[i + 2:]
        return w
    return _WORD.sub(typo, text)


def _formats(text: str) -> str:
    text = re.sub(r"\b(\d{1,3}),(\d{3})\b", r"\1\2", text)
    text = re.sub(r"\bpct\b", "per cent", text)
    text = re.sub(r"\bmln\b", "million", text)
    return re.sub(r"\bdlrs\b", "dollars", text)


class Copy(NamedTuple):
    """A planted copy of a story as an outlet printed it."""

    kind: str
    title: str
    dateline: str | None
    paragraphs: list[str]
    site: int


def make_copy(pool: Pool, seed: int, story: Story) -> Copy:
    """The planted copy of ``story`` (kind and edits from its own random stream)."""
    rnd = _rng(seed, story.number, salt=1)
    kind = rnd.choices(list(KINDS), weights=list(KINDS.values()))[0]
    paras = [list(p) for p in story.paragraphs]
    title, dateline = story.title, story.dateline
    site = rnd.randrange(len(_SITES))
    if kind in ("retitle", "furniture") and rnd.random() < (1.0 if kind == "retitle" else 0.3):
        title = rnd.choice(("UPDATE 1-", "WIRE: ", "Business: ", "")) + story.title.capitalize()
        dateline = None
    if kind == "cut":
        paras = paras[:rnd.randrange(2, len(paras))] if len(paras) > 2 else paras
        if rnd.random() < 0.5 and len(paras[-1]) > 1:
            paras[-1] = paras[-1][:len(paras[-1]) // 2 or 1]
    if kind == "edit":
        edits = rnd.sample(["typos", "british", "formats", "drop", "add"], rnd.randrange(1, 4))
        flat = [(i, j) for i, p in enumerate(paras) for j in range(len(p))]
        if "drop" in edits and len(flat) > 3:
            i, j = flat[rnd.randrange(1, len(flat))]
            del paras[i][j]
            paras = [p for p in paras if p]
        if "add" in edits:
            paras[rnd.randrange(1, len(paras) + 1) - 1].append(
                pool.sentences[rnd.randrange(len(pool.sentences))])
    texts = [" ".join(p) for p in paras]
    if kind == "edit":
        if "typos" in edits:
            texts = [_typos(t, rnd) for t in texts]
        if "british" in edits:
            texts = [_WORD.sub(lambda m: _case_like(m.group(), _UK.get(m.group().lower(),
                                                                        m.group())), t)
                     for t in texts]
        if "formats" in edits:
            texts = [_formats(t) for t in texts]
    if kind.startswith("spun"):
        rate = rnd.uniform(*SPIN_RATE)
        texts = [spin(t, rnd, rate, kind == "spun_names") for t in texts]
        title = spin(title, rnd, rate, kind == "spun_names")
        dateline = None if rnd.random() < 0.5 else dateline
    if kind == "furniture" and rnd.random() < 0.5:
        texts.append(_LEFTOVER[rnd.randrange(len(_LEFTOVER))])
    return Copy(kind, title, dateline, texts, site)


# ---------------------------------------------------------------- the order
class Slot(NamedTuple):
    position: int
    story: int
    copy: bool          # the planted copy (else the original)


def schedule(n: int, seed: int, copy_rate: float = COPY_RATE) -> Iterator[Slot]:
    """Which article goes at each of ``n`` positions, in order.

    Stories are taken in turn; a story that gets a copy leaves the other of
    its pair in a small queue, due within ``WINDOW`` positions.  Memory: the
    queue (about ``copy_rate * WINDOW`` entries), whatever ``n``.
    """
    pending: list[tuple[int, int, bool]] = []
    rnd = random.Random(seed * 7 + 3)
    story = pos = 0
    while pos < n:
        if pending and (pending[0][0] <= pos or pos + len(pending) >= n):
            _, k, is_copy = heapq.heappop(pending)
            yield Slot(pos, k, is_copy)
        else:
            copied = rnd.random() < copy_rate and pos + len(pending) + 1 < n
            first_copy = copied and rnd.random() < COPY_FIRST
            yield Slot(pos, story, first_copy)
            if copied:
                heapq.heappush(pending, (pos + rnd.randint(1, WINDOW), story, not first_copy))
            story += 1
        pos += 1


# ---------------------------------------------------------------- rendering
def article_id(position: int) -> str:
    return f"a{position:0{ID_DIGITS}d}"


def clean_record(aid: str, line: int, title: str, date: str, dateline: str | None,
                 paragraphs: list[str], credits: list[str]) -> dict:
    """A record shaped as ``normtool clean`` writes it (field order included)."""
    return {"id": aid, "source": f"scale.jsonl:{line}", "title": title, "date": date,
            "dateline": dateline, "credits": credits, "lang": "en", "lang_confidence": 1.0,
            "spun": False, "spin_score": 0.0, "text": "\n\n".join(paragraphs),
            "repairs": [], "removed": []}


def _wire(paragraphs: list[str]) -> str:
    """Reuters wire body: 70-column hard wrap, indented paragraphs, sign-off."""
    wrapped = [textwrap.fill(p, 70, break_on_hyphens=False) for p in paragraphs]
    return "\n    ".join(wrapped) + "\n Reuter\n&#3;"


def _page(copy: Copy, date: str) -> str:
    """A web page: the site's menus, headline, byline, date, body, footer."""
    head, foot = _SITES[copy.site]
    y, m, d = date.split("-")
    body = list(copy.paragraphs)
    if copy.dateline:
        body[0] = f"{copy.dateline} {body[0]}"
    top = [*head, copy.title, "By Staff Writer", f"Published: {_MONTHS[int(m) - 1]} {int(d)}, {y}"]
    return "\n".join(top) + "\n\n" + "\n\n".join(body) + "\n\n" + "\n".join(foot) + "\n"


def _despinner():
    """normtool's despin, as clean runs it on each article (None without normtool)."""
    try:
        from normtool.article import Article
        from normtool.despin import despin_article
    except ImportError:
        return None

    def fix(rec: dict) -> dict:
        art = despin_article(Article(id=rec["id"], text=rec["text"], credits=rec["credits"]))
        return {"spun": art.spun, "spin_score": art.spin_score, "text": art.text,
                "credits": art.credits, "repairs": art.repairs}
    return fix


def generate(n: int, out, truth, fmt: str = "clean", seed: int = 1,
             copy_rate: float = COPY_RATE, despin: bool = True, pool: Pool | None = None) -> Counter:
    """Write ``n`` articles to ``out`` and ``id<TAB>story<TAB>kind`` lines to ``truth``.

    Only planted copies go through despin (``--format clean``): the
    originals are Reuters prose, which despin leaves alone (0 of 19,043
    Reuters stories flagged), so running it on them would change nothing
    but the time.  Returns the count of articles by kind.
    """
    pool = pool or load_pool()
    fix = _despinner() if despin and fmt == "clean" else None
    counts: Counter = Counter()
    for slot in schedule(n, seed, copy_rate):
        story = make_story(pool, seed, slot.story)
        aid = article_id(slot.position)
        copy = make_copy(pool, seed, story) if slot.copy else None
        kind = copy.kind if copy else "orig"
        counts[kind] += 1
        if fmt == "clean" and copy is None:
            rec = clean_record(aid, slot.position + 1, story.title, story.date, story.dateline,
                               [" ".join(p) for p in story.paragraphs], [])
        elif fmt == "clean":
            rec = clean_record(aid, slot.position + 1, copy.title, story.date, copy.dateline,
                               copy.paragraphs, ["By Staff Writer"])
            if fix is not None and kind.startswith("spun"):
                rec.update(fix(rec))
        elif copy is None:
            y, m, d = story.date.split("-")
            rec = {"id": aid, "date": f"{d}-{_MONTHS[int(m) - 1][:3].upper()}-{y} 09:00:00.00",
                   "title": story.title, "dateline": story.dateline,
                   "text": _wire([" ".join(p) for p in story.paragraphs])}
        else:
            rec = {"id": aid, "text": _page(copy, story.date)}
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        truth.write(f"{aid}\t{slot.story}\t{kind}\n")
    return counts

