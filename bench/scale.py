"""Scale benchmark for dedup: synthetic corpora of any size with planted copies.

    python -m bench.scale generate -n 80000 -o corpus.jsonl --truth truth.tsv
    python -m bench.scale generate -n 80000 --format raw -o raw.jsonl --truth truth.tsv
    python -m bench.scale metrics --truth truth.tsv --report report.jsonl
    python -m bench.scale measure -- normtool dedup corpus.jsonl -o out.jsonl
    python -m bench.scale run --sizes 20000,80000        # the table (make bench-scale)

Why synthetic: Reuters has 19,043 stories; a million-article run needs
stories that are distinct yet written in real news sentences.  Each story
is built from real Reuters sentences, and a sentence recurs in many stories
(about 35 at 320k articles), as quotes, stock phrases and boilerplate recur
in real feeds: that is what makes candidates and false matches grow with
the corpus.  Each story also has its own lead: a template sentence with a
company, person and place drawn Zipf-like from made-up names (the same
names recur in unrelated stories, as they do) and figures of its own; 30%
of the borrowed sentences get their figures redrawn.

Planted copies: ~10% of the stories get one copy, placed within
``WINDOW`` articles of its original (before it, one time in four):

* ``furniture``: the same body under another site's furniture;
* ``retitle``: another headline, dateline dropped;
* ``cut``: the first paragraphs only, sometimes cut mid-paragraph;
* ``edit``: small edits (typos, British spellings, number formats, a
  sentence dropped or added);
* ``spun``: a context-free synonym swapper over 10-20% of the words;
* ``spun_names``: the same, and names spun too ("Wall Road").

Everything is a function of ``(seed, story number)``: a story or its copy
is generated again when needed instead of being kept, so 1.28M articles
are written in constant memory.  ``--format clean`` writes what
``normtool clean`` would output (canonical paragraphs, title, date,
dateline; spun copies go through despin when normtool is importable);
``--format raw`` writes wire copy and web pages for ``normtool clean`` to
run on.  Article ids are ``a`` + position (``a0000042``), so the truth
file loads into arrays: ``id<TAB>story<TAB>kind`` (``orig`` or the copy kind).

Metrics (``metrics``) come from dedup's ``--report`` in memory linear in
the article count (a few integer arrays, no dicts of ids): recall of the
planted copies (a copy in the same cluster as its original) and wrongly
merged pairs (two articles of different stories in one cluster), with the
wrong links (a member whose story is not its canonical's) by relation.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import heapq
import html
import json
import os
import random
import re
import subprocess
import sys
import tempfile
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


# ------------------------------------------------------------------ metrics
def load_truth(path: str):
    """The truth file as arrays indexed by position: story number, kind code."""
    import numpy as np
    from array import array
    stories, kinds = array("q"), array("b")     # 9 bytes an article while reading
    names = ["orig", *KINDS]
    code = {k: i for i, k in enumerate(names)}
    with open(path, encoding="utf-8") as fh:
        for pos, line in enumerate(fh):
            aid, story, kind = line.rstrip("\n").split("\t")
            if int(aid[1:]) != pos:
                raise SystemExit(f"{path}:{pos + 1}: ids must be a0000000, a0000001, ...")
            stories.append(int(story))
            kinds.append(code[kind])
    return np.frombuffer(stories, dtype=np.int64), np.frombuffer(kinds, dtype=np.int8), names


def metrics(truth_path: str, report_path: str, examples: int = 0) -> dict:
    """Recall of planted copies and wrong merges, from dedup's ``--report``.

    Memory: a few integer arrays of the article count; the report is read
    one line (one cluster) at a time.  ``examples``: keep that many wrong
    links (canonical, member, relation, similarity) for analysis.
    """
    import numpy as np
    story, kind, names = load_truth(truth_path)
    n = len(story)
    cluster = np.full(n, -1, dtype=np.int64)
    wrong_pairs = wrong_links = clusters = 0
    by_relation: Counter = Counter()
    wrong_kinds: Counter = Counter()
    found: list[dict] = []
    with open(report_path, encoding="utf-8") as fh:
        for c, line in enumerate(fh):
            rec = json.loads(line)
            members = rec.get("members")
            if members is None:
                continue            # index runs: copies of indexed stories, seen articles
            clusters += 1
            idx = np.array([int(m["id"][1:]) for m in members], dtype=np.int64)
            if (cluster[idx] >= 0).any():
                raise SystemExit(f"{report_path}:{c + 1}: an article is in two clusters")
            cluster[idx] = c
            s = story[idx]
            _, per_story = np.unique(s, return_counts=True)
            k = len(idx)
            wrong_pairs += k * (k - 1) // 2 - int((per_story * (per_story - 1) // 2).sum())
            for m, i in zip(members[1:], idx[1:]):
                if story[i] != s[0]:
                    wrong_links += 1
                    by_relation[m["relation"]] += 1
                    wrong_kinds[f"{names[kind[idx[0]]]}~{names[kind[i]]}"] += 1
                    if len(found) < examples:
                        found.append({"canonical": members[0]["id"], "member": m["id"],
                                      "relation": m["relation"], "similarity": m["similarity"]})
    missing = int((cluster < 0).sum())
    orig_at = np.full(int(story.max()) + 1, -1, dtype=np.int64)
    orig_at[story[kind == 0]] = np.flatnonzero(kind == 0)
    copies = np.flatnonzero(kind > 0)
    together = cluster[copies] == cluster[orig_at[story[copies]]]
    recall = {names[k]: round(float(together[kind[copies] == k].mean()), 4)
              for k in range(1, len(names)) if (kind[copies] == k).any()}
    return {"articles": n, "clusters": clusters, "missing": missing,
            "planted": len(copies), "recall": round(float(together.mean()), 4),
            "recall_by_kind": recall, "missed": int((~together).sum()),
            "wrong_pairs": wrong_pairs, "wrong_links": wrong_links,
            "wrong_per_10k": round(wrong_pairs * 10_000 / n, 2),
            "wrong_links_by_relation": dict(sorted(by_relation.items())),
            "wrong_links_by_kinds": dict(wrong_kinds.most_common()), "examples": found}


# ------------------------------------------------------------------ measure
def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc/PID/task/TID/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def _rss(pids: list[int]) -> int:
    """Resident bytes summed over ``pids`` (``/proc/PID/statm``: cheap to read)."""
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * page
        except (OSError, IndexError):
            pass
    return total


def _pss(pids: list[int]) -> int:
    """Proportional set size summed over ``pids``: pages a forked worker still
    shares with its parent count once.  Costly on big processes (the kernel
    walks their page tables), so it is sampled rarely."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += sum(int(line.split()[1]) * 1024 for line in fh if line.startswith("Pss:"))
        except OSError:
            pass
    return total


def measure(cmd: list[str], interval: float = 0.25, pss_every: int = 8,
            env: dict | None = None, stdout=subprocess.DEVNULL,
            limit_mb: float | None = None) -> dict:
    """Run ``cmd``: wall time, and peak memory summed over its process tree.

    The tree's RSS is summed every ``interval`` seconds (a peak shorter than
    that can be missed), its PSS every ``pss_every`` samples.  The command
    runs under ``/usr/bin/time -v`` when present: its memory figure is the
    largest single process (``max_single_mb``), its CPU time (user + system,
    children included) says more than wall time on a busy machine.
    With ``limit_mb``, a run whose tree goes over it is stopped (its process
    group killed) and reported as ``stopped`` with the time it had run.
    """
    timer = ["/usr/bin/time", "-v"] if os.path.exists("/usr/bin/time") else []
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(timer + cmd, stdout=stdout, stderr=err, env=env,
                                start_new_session=True)
        peak_rss = peak_pss = samples = 0
        stopped = False
        while proc.poll() is None:
            tree = _tree(proc.pid)
            peak_rss = max(peak_rss, _rss(tree))
            if limit_mb and peak_rss > limit_mb * 2**20 and not stopped:
                os.killpg(proc.pid, 9)      # the group this call started, nothing else
                stopped = True
            if pss_every and samples % pss_every == 0:
                peak_pss = max(peak_pss, _pss(tree))
            samples += 1
            time.sleep(interval)
        wall = time.perf_counter() - t0
        err.seek(0)
        text = err.read()
    if stopped:
        return {"stopped": f"over {limit_mb:.0f} MB", "seconds": round(wall, 2),
                "cpu_seconds": None, "peak_rss_mb": round(peak_rss / 2**20), "peak_pss_mb": 0,
                "max_single_mb": None, "load": round(os.getloadavg()[0], 1)}
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {text[-1500:]}")
    single = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text))
    return {"seconds": round(wall, 2), "cpu_seconds": round(cpu, 2) if timer else None,
            "peak_rss_mb": round(peak_rss / 2**20), "peak_pss_mb": round(peak_pss / 2**20),
            "max_single_mb": round(int(single.group(1)) / 1024) if single else None,
            "load": round(os.getloadavg()[0], 1)}


# ------------------------------------------------------------------- anchor
def datasketch_loop(path: str, threshold: float = 0.8, num_perm: int = 128) -> dict:
    """The plain loop: one ``MinHash.update`` per word 3-shingle, ``MinHashLSH``
    query then insert per article, read as a stream (the anchor of the table)."""
    from datasketch import MinHash, MinHashLSH
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    pairs = n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            words = rec["text"].lower().split()
            m = MinHash(num_perm=num_perm)
            for i in range(max(1, len(words) - 2)):
                m.update(" ".join(words[i:i + 3]).encode("utf-8"))
            pairs += len(lsh.query(m))
            lsh.insert(rec["id"], m)
            n += 1
    return {"articles": n, "candidate_pairs": pairs}


# ---------------------------------------------------------------------- run
SIZES = (20_000, 80_000, 320_000, 1_280_000)
LIMIT_MB = 16_000       # a step using more than this (all processes) is stopped
STEPS = ("clean", "dedup", "dask", "index", "anchor")


def _normtool() -> list[str]:
    return [sys.executable, "-m", "normtool"]


def _has_option(command: str, option: str) -> bool:
    """Does this normtool's ``command`` know ``option`` (e.g. ``--engine``)?"""
    out = subprocess.run(_normtool() + [command, "--help"], capture_output=True, text=True)
    return option in out.stdout


FILL_BATCH = 32_000     # index fill: articles per run (a 288k one-batch fill did not finish)


def _split(path: Path, n: int, work: Path) -> tuple[list[Path], Path]:
    """The first 90% of a corpus in files of ``FILL_BATCH`` lines, and the last 10%."""
    cut = n - n // 10
    heads: list[Path] = []
    tail = work / "tail.jsonl"
    out = None
    with open(path, encoding="utf-8") as src:
        for i, line in enumerate(src):
            if i == cut or (i < cut and i % FILL_BATCH == 0):
                if out:
                    out.close()
                heads.append(work / f"head-{len(heads):03d}.jsonl")
                out = open(tail if i == cut else heads[-1], "w", encoding="utf-8")
                if i == cut:
                    heads.pop()
            out.write(line)
    if out:
        out.close()
    return heads, tail


def run_sizes(sizes, steps, work: Path, seed: int = 1, jobs: int = 2,
              limit_mb: float | None = LIMIT_MB) -> list[dict]:
    """Generate (once per size and seed, kept in ``work``) and measure each step.

    A step whose processes go over ``limit_mb`` together is stopped and
    reported as such (today's one-shot dedup at 1.28M articles).
    """
    def measure_step(cmd: list[str]) -> dict:
        return measure(cmd, limit_mb=limit_mb)

    pool = None
    rows = []
    dask = "dask" in steps and _has_option("dedup", "--engine")
    for n in sizes:
        corpus, truth = work / f"scale-{seed}-{n}.jsonl", work / f"scale-{seed}-{n}.truth.tsv"
        if not corpus.exists() or not truth.exists():
            pool = pool or load_pool()
            with open(corpus, "w", encoding="utf-8") as out, open(truth, "w", encoding="utf-8") as tr:
                generate(n, out, tr, "clean", seed, pool=pool)
        row: dict = {"articles": n}
        out, report = work / "out.jsonl", work / "report.jsonl"
        if "clean" in steps:
            raw = work / f"scale-{seed}-{n}.raw.jsonl"
            if not raw.exists():
                pool = pool or load_pool()
                with open(raw, "w", encoding="utf-8") as fh, open(os.devnull, "w") as null:
                    generate(n, fh, null, "raw", seed, pool=pool)
            row["clean"] = measure_step(_normtool() + ["clean", str(raw), "-o", str(out), "-q",
                                                  "--jobs", str(jobs)])
        if "dedup" in steps:
            row["dedup"] = measure_step(_normtool() + ["dedup", str(corpus), "-o", str(out), "-q",
                                                  "--jobs", str(jobs), "--report", str(report)])
            if "stopped" not in row["dedup"]:
                row["quality"] = {k: v for k, v in metrics(str(truth), str(report)).items()
                                  if k != "examples"}
        if dask:
            dout = work / "out-dask.jsonl"
            row["dask"] = measure_step(_normtool() + ["dedup", str(corpus), "-o", str(dout), "-q",
                                                 "--engine", "dask", "--jobs", str(jobs)])
            row["dask"]["same_output"] = (_same(out, dout) if "quality" in row
                                          and "stopped" not in row["dask"] else None)
        if "index" in steps:
            index = work / "index.sqlite"
            for f in work.glob("index.sqlite*"):
                f.unlink()
            heads, tail = _split(corpus, n, work)
            fills = [measure_step(_normtool() + ["dedup", str(h), "-o", os.devnull, "-q",
                                            "--index", str(index)]) for h in heads]
            row["index_fill"] = {"seconds": round(sum(f["seconds"] for f in fills), 1),
                                 "peak_rss_mb": max(f["peak_rss_mb"] for f in fills),
                                 "runs": len(fills),
                                 "stopped": any("stopped" in f for f in fills)}
            row["index_add"] = measure_step(_normtool() + ["dedup", str(tail), "-o", str(out), "-q",
                                                      "--index", str(index)])
            row["index_add"]["batch"] = n // 10
        if "anchor" in steps:
            row["anchor"] = measure_step([sys.executable, "-m", "bench.scale", "anchor", str(corpus)])
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def _same(a: Path, b: Path) -> bool:
    with open(a, "rb") as x, open(b, "rb") as y:
        while True:
            p, q = x.read(1 << 20), y.read(1 << 20)
            if p != q:
                return False
            if not p:
                return True


def table(rows: list[dict]) -> str:
    """The benchmark as a Markdown table: seconds (CPU) and peak GB per step."""
    def cell(m):
        if not m:
            return ""
        if m.get("stopped"):
            return f"stopped at {m['peak_rss_mb'] / 1024:.1f} GB after {m['seconds']:.0f} s"
        return f"{m['seconds']:.0f} s ({m['cpu_seconds'] or 0:.0f}) {m['peak_rss_mb'] / 1024:.2f} GB"
    head = ["articles", *[s for s in STEPS if any(s in r or f"{s}_add" in r for r in rows)],
            "recall", "wrong pairs (per 10k)"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in rows:
        cells = [f"{r['articles']:,}"]
        for s in head[1:-2]:
            cells.append(cell(r.get(s) or r.get(f"{s}_add")))
        q = r.get("quality") or {}
        cells += [str(q.get("recall", "")),
                  f"{q['wrong_pairs']} ({q['wrong_per_10k']})" if q else ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------------- cli
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate", help="write a synthetic corpus and its truth file")
    g.add_argument("-n", type=int, required=True, help="articles")
    g.add_argument("-o", "--output", required=True)
    g.add_argument("--truth", required=True)
    g.add_argument("--format", choices=("clean", "raw"), default="clean")
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--copy-rate", type=float, default=COPY_RATE)
    g.add_argument("--no-despin", action="store_true",
                   help="clean format: leave spun copies as spun (no normtool despin)")
    m = sub.add_parser("metrics", help="recall and wrong merges from a dedup --report")
    m.add_argument("--truth", required=True)
    m.add_argument("--report", required=True)
    m.add_argument("--examples", type=int, default=0)
    r = sub.add_parser("measure", help="time and peak memory (all processes) of a command")
    r.add_argument("command", nargs=argparse.REMAINDER)
    a = sub.add_parser("anchor", help="the plain datasketch loop over a JSONL file")
    a.add_argument("path")
    b = sub.add_parser("run", help="the scale table: generate, then time each step")
    b.add_argument("--sizes", default=",".join(map(str, SIZES)))
    b.add_argument("--steps", default=",".join(STEPS), help=f"any of {','.join(STEPS)}")
    b.add_argument("--work", default=str(ROOT / "out" / "scale"),
                   help="where corpora are kept between runs")
    b.add_argument("--seed", type=int, default=1)
    b.add_argument("--jobs", type=int, default=2)
    b.add_argument("--limit-mb", type=float, default=LIMIT_MB,
                   help="stop a step whose processes use more memory than this together")
    args = ap.parse_args(argv)
    if args.cmd == "generate":
        t0 = time.perf_counter()
        with open(args.output, "w", encoding="utf-8") as out, \
                open(args.truth, "w", encoding="utf-8") as truth:
            counts = generate(args.n, out, truth, args.format, args.seed, args.copy_rate,
                              despin=not args.no_despin)
        print(json.dumps({"articles": args.n, "kinds": dict(sorted(counts.items())),
                          "seconds": round(time.perf_counter() - t0, 1)}))
    elif args.cmd == "metrics":
        print(json.dumps(metrics(args.truth, args.report, args.examples)))
    elif args.cmd == "measure":
        cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
        print(json.dumps(measure(cmd)))
    elif args.cmd == "anchor":
        print(json.dumps(datasketch_loop(args.path)))
    elif args.cmd == "run":
        work = Path(args.work)
        work.mkdir(parents=True, exist_ok=True)
        rows = run_sizes([int(x) for x in args.sizes.split(",")], args.steps.split(","), work,
                         args.seed, args.jobs, args.limit_mb)
        result = ROOT / "out" / "bench-scale.json"
        result.write_text(json.dumps(rows, indent=1) + "\n")
        print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
