"""Syndication test set from Reuters stories, and dedup's pairwise P/R/F1 on it.

Run: ``.venv/bin/python -m bench.syndication [--originals 300] [--grid] [--repairs]``

Each original (a Reuters story with no near copy in the corpus) is
published on fake sites: each site wraps the body in its own furniture
(masthead, menu, newsletter plug, share line, footer, related links), and a
copy may be re-titled, cut short (first paragraphs, or cut mid-paragraph),
given typos, British spellings, other number formats ("1,500", "per cent")
or spun (a thesaurus-style swapper: a fixed stand-in word for each swapped
word, as a spinner's table gives, 25% or 45% of longer words; and, when
the MyThes thesaurus is installed, despin's SpinBot-style spinner from
bench/spinset.py at rate 0.5).  Distractors: the same sites
carry other stories (same furniture, different text) and near-miss stories
(the same story with every figure changed: another quarter, another
company result).  Truth: copies of one original form one story.

The raw pages go through ``normtool.runner.clean_articles`` and
``restore_siblings`` (``clean``'s steps) and then
``dedup_articles`` at default settings; we report pairwise precision,
recall and F1, and the same for a plain datasketch MinHashLSH at 0.8 on the
raw text (connected components of its query results).
"""
from __future__ import annotations

import argparse
import html
import itertools
import random
import re
import sys
import time
from collections import defaultdict

from bench.corpus import load
from normtool.article import Article
from normtool.options import CleanOptions, DedupOptions

SITES = [
    ("The Daily Courier", ["Home | News | Business | Sport | Opinion | Contact",
                           "Subscribe to our newsletter for the day's top stories"],
     ["Share this article: Facebook Twitter Email", "© 2024 The Daily Courier. All rights reserved.",
      "Read more: Markets wrap | Weather | Obituaries"]),
    ("Metro Business Journal", ["MENU  Markets  Companies  Economy  Tech  Careers",
                                "Sign up now: Get our newsletters delivered to your inbox"],
     ["Related: Top 10 stocks to watch this week", "Copyright 2024 Metro Business Journal",
      "Terms of use | Privacy policy | Cookie settings"]),
    ("Harbour Gazette", ["Skip to content", "Harbour Gazette - Local news since 1901",
                         "Follow topic:"],
     ["Advertisement", "Join our WhatsApp channel for breaking news",
      "© Harbour Gazette Ltd 2024. Registered in England."]),
    ("FinanceWire Online", ["Breaking | Latest | Most read", "Log in / Register"],
     ["This article was syndicated from a wire service.", "More from FinanceWire: Commodities, Forex",
      "Back to top"]),
    ("The Valley Times", ["Today's paper | E-edition | Puzzles", "Advertisement"],
     ["Have a news tip? Email newsroom@valleytimes.example", "Valley Times, all rights reserved 2024",
      "Most popular: 1. Council vote 2. School closures 3. Weather"]),
]

SPIN = {
    "said": ["stated", "expressed"], "company": ["organization", "firm"], "shares": ["offers", "stocks"],
    "rose": ["climbed", "ascended"], "fell": ["dropped", "tumbled"], "increase": ["expansion", "addition"],
    "expected": ["anticipated", "normal"], "market": ["marketplace", "showcase"], "profit": ["benefit", "gain"],
    "sales": ["deals", "bargains"], "agreed": ["concurred", "consented"], "official": ["authority", "formal"],
    "officials": ["authorities"], "reported": ["announced", "revealed"], "year": ["year"], "price": ["cost", "value"],
    "prices": ["costs", "values"], "government": ["administration", "legislature"], "major": ["significant", "real"],
    "plans": ["designs", "intends"], "plan": ["arrangement", "design"], "group": ["gathering", "bunch"],
    "industry": ["business", "trade"], "pay": ["compensate", "pay"], "net": ["web", "net"],
    "loss": ["misfortune", "deficit"], "high": ["high", "elevated"], "low": ["low", "depressed"],
    "first": ["first", "initial"], "last": ["last", "keep going"], "new": ["new", "novel"],
    "week": ["week", "seven day stretch"], "quarter": ["quarter", "fourth"], "total": ["all out", "complete"],
    "added": ["included", "additional"], "about": ["about", "around"], "also": ["additionally", "too"],
    "will": ["will", "shall"], "would": ["would", "could"], "buy": ["purchase", "get"],
    "sell": ["sell", "auction"], "agreement": ["understanding", "arrangement"], "bank": ["bank", "save"],
    "trade": ["exchange", "commerce"], "talks": ["discussions", "talks"], "rate": ["rate", "pace"],
    "rates": ["rates", "paces"], "growth": ["development", "advancement"], "economy": ["economy", "thrift"],
    "stock": ["stock", "stock"], "board": ["board", "load up"], "offer": ["offer", "proposition"],
    "dividend": ["profit", "dividend"], "income": ["pay", "salary"], "earnings": ["income", "profit"],
    "production": ["creation", "generation"], "output": ["yield", "result"], "demand": ["request", "interest"],
    "supply": ["supply", "flexibly"], "help": ["assist", "help"], "because": ["since", "in light of the fact that"],
    "however": ["nonetheless", "in any case"], "but": ["yet", "be that as it may"], "large": ["huge", "enormous"],
    "small": ["little", "modest"], "big": ["huge", "large"], "early": ["ahead of schedule", "early"],
    "recent": ["late", "ongoing"], "current": ["current", "present"], "expects": ["anticipates", "expects"],
    "told": ["told", "disclosed to"], "statement": ["explanation", "articulation"], "increased": ["expanded", "expanded"],
    "decline": ["decay", "decrease"], "results": ["outcomes", "results"], "including": ["counting", "including"],
    "announced": ["declared", "reported"], "country": ["nation", "nation"], "countries": ["nations", "nations"],
    "oil": ["oil", "oil"], "spokesman": ["representative", "agent"], "president": ["president", "leader"],
    "chairman": ["director", "executive"], "meeting": ["gathering", "meeting"], "end": ["end", "finish"],
    "month": ["month", "month"], "months": ["months", "months"], "level": ["level", "level"],
    "previous": ["past", "earlier"], "compared": ["analyzed", "contrasted"], "due": ["due", "expected"],
    "continue": ["proceed", "keep"], "strong": ["solid", "solid"], "weak": ["powerless", "feeble"],
    "important": ["significant", "significant"], "change": ["change", "alter"], "show": ["appear", "show"],
    "take": ["take", "bring"], "make": ["make", "create"], "made": ["made", "created"], "get": ["get", "acquire"],
}
_UK = None
KINDS: dict[str, str] = {}   # page id -> how it was made (for error analysis)


def _uk_table() -> dict[str, str]:
    """American -> British, from dedup's own spelling table (reversed)."""
    global _UK
    if _UK is None:
        from normtool.data import read_text
        from normtool.dedup.matchtext import read_word_table
        _UK = {}
        for b, a in read_word_table(read_text("spelling.tsv")).items():
            _UK.setdefault(a, b)
    return _UK


def reflow(raw: str) -> list[str]:
    """Reuters wire text -> clean paragraphs."""
    text = html.unescape(raw.replace("&#3;", ""))
    text = re.sub(r"\s*Reuter\s*$", "", text.strip())
    paras = re.split(r"\n\s{2,}|\n\s*\n", text)
    return [" ".join(p.split()) for p in paras if p.strip()]


def _map_words(text: str, fn) -> str:
    return re.sub(r"[A-Za-z]+", lambda m: fn(m.group()), text)


def _case_like(src: str, word: str) -> str:
    if src.isupper() and len(src) > 1:
        return word.upper()
    if src[0].isupper():
        return word[0].upper() + word[1:]
    return word


def spin(text: str, rnd: random.Random, rate: float) -> str:
    def swap(w):
        lw = w.lower()
        if lw in SPIN and rnd.random() < rate:
            return _case_like(w, rnd.choice(SPIN[lw]))
        return w
    return _map_words(text, swap)


_VOCAB = ("move part place case point form hold turn mind seem work state fact issue side kind head "
          "house service friend power hour game line end member law car city community name "
          "president team minute idea kid body information back parent face others level office "
          "door health person art war history party result change morning reason research girl guy "
          "moment air teacher force education foot boy age policy process music market sense nation "
          "plan college interest death experience effect use class control care field development role "
          "effort rate heart drug show leader light voice wife police mind price report decision son "
          "view relationship town road arm difference value building action model season society tax "
          "director position player record paper space ground form event official matter center couple "
          "site project activity star table need court oil situation cost industry figure street image "
          "phone data picture practice piece land product doctor wall patient worker news test movie "
          "north love support technology step baby computer type attention film tree source organization "
          "hair window evidence population site training plant sort cause").split()


def spin_generic(text: str, rnd: random.Random, rate: float) -> str:
    """A thesaurus spinner without a thesaurus: each lower-case word of 4+
    letters is swapped (with probability ``rate``) for a fixed stand-in word,
    the same one wherever it occurs, as a spinner's table would."""
    import hashlib

    def swap(w):
        if w.islower() and len(w) >= 4 and rnd.random() < rate:
            h = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=4).digest(), "little")
            return _VOCAB[h % len(_VOCAB)]
        return w
    return _map_words(spin(text, rnd, 0.8), swap)


_THES = None


def _thesaurus():
    """despin's SpinBot-style test spinner (bench/spinset.py, MyThes), when installed."""
    global _THES
    if _THES is None:
        try:
            from bench.spinset import load_mythes, thesaurus_lookup
            _THES = (load_mythes(), thesaurus_lookup)
        except Exception:
            _THES = ({}, None)
    return _THES if _THES[0] else None


def thesaurus_spin(text: str, rnd: random.Random, rate: float = 0.5) -> str:
    """First-sense synonym for half the eligible words, no context (SpinBot-like)."""
    from bench.spinset import spin as spinset_spin
    thes, lookup = _thesaurus()
    return spinset_spin(text, thes, rate, random.Random(rnd.random()), lookup)


def typos(text: str, rnd: random.Random, rate: float) -> str:
    def typo(w):
        if len(w) > 4 and w.islower() and rnd.random() < rate:
            i = rnd.randrange(1, len(w) - 2)
            return w[:i] + w[i + 1] + w[i] + w[i + 2:]
        return w
    return _map_words(text, typo)


def british(text: str, rnd: random.Random) -> str:
    uk = _uk_table()
    return _map_words(text, lambda w: _case_like(w, uk[w.lower()]) if w.lower() in uk else w)


def numbers(text: str, rnd: random.Random) -> str:
    text = re.sub(r"\b(\d{1,3}),(\d{3})\b", r"\1\2", text)
    text = re.sub(r"\bpct\b", rnd.choice(["per cent", "percent", "%"]), text)
    text = re.sub(r"\bmln\b", "million", text)
    return re.sub(r"\bdlrs\b", "dollars", text)


def change_figures(text: str, rnd: random.Random) -> str:
    """Every number different: a near-miss story, not a copy."""
    def bump(m):
        s = m.group()
        digits = [c for c in s if c.isdigit()]
        out, changed = [], False
        for c in s:
            if c.isdigit():
                c = str((int(c) + rnd.randint(1, 8)) % 10)
                changed = True
            out.append(c)
        return "".join(out) if changed and digits else s
    return re.sub(r"\d[\d.,]*", bump, text)


def render(site, title: str, paras: list[str], date: str, rnd: random.Random) -> str:
    name, head, foot = site
    lines = [name] + head + [title, f"By Staff Writer | {date}", ""]
    body = []
    for i, p in enumerate(paras):
        body.append(p)
        if i == 2 and rnd.random() < 0.4:
            body.append("ADVERTISEMENT")
    return "\n".join(lines) + "\n\n" + "\n\n".join(body) + "\n\n" + "\n".join(foot) + "\n"


def build(n_originals: int = 300, seed: int = 5, pool: list[dict] | None = None):
    """Raw copies (dicts id/text) and truth (id -> story id)."""
    rnd = random.Random(seed)
    KINDS.clear()
    rows = pool if pool is not None else load()[0]
    rows = [r for r in rows if len(r["text"].split()) >= 120 and r.get("title")]
    rows = _singletons(rows)
    rnd.shuffle(rows)
    originals = rows[:n_originals]
    distractors = rows[n_originals:n_originals + n_originals // 2]
    docs, truth = [], {}

    def add(story, text, kind="orig"):
        did = f"s{len(docs):05d}"
        docs.append({"id": did, "text": text})
        truth[did] = story
        KINDS[did] = kind

    for k, row in enumerate(originals):
        paras = reflow(row["text"])
        title = row["title"].title()
        date = row.get("date", "")[:11]
        story = f"o{k}"
        n_copies = rnd.choice([1, 2, 3, 3, 4, 5, 6])
        sites = rnd.sample(SITES, min(len(SITES), n_copies))
        while len(sites) < n_copies:
            sites.append(rnd.choice(SITES))
        for c, site in enumerate(sites):
            ps = list(paras)
            kind = "orig" if c == 0 else rnd.choice(
                ["furniture", "truncate", "cut", "retitle", "typos", "british", "numbers", "spun",
                 "spun_heavy", "mixed"] + (["spun_thesaurus"] * 2 if _thesaurus() else []))
            t = title
            if kind in ("truncate", "mixed") and len(ps) > 3:
                ps = ps[:rnd.randint(2, max(2, len(ps) - 1))]
            if kind == "cut" and len(ps) > 2:
                ps = ps[:rnd.randint(2, len(ps))]
                words = ps[-1].split()
                ps[-1] = " ".join(words[:max(3, len(words) // 2)])
            if kind in ("retitle", "mixed"):
                t = rnd.choice(["UPDATE 1-", "Markets: ", "WIRE: ", ""]) + title.lower().capitalize()
            text = "\n\n".join(ps)
            if kind in ("typos", "mixed"):
                text = typos(text, rnd, 0.02)
            if kind in ("british", "mixed"):
                text = british(text, rnd)
            if kind in ("numbers", "mixed"):
                text = numbers(text, rnd)
            if kind == "spun":
                text = spin_generic(text, rnd, 0.25)
            if kind == "spun_heavy":
                text = spin_generic(text, rnd, 0.45)
            if kind == "spun_thesaurus":
                text = thesaurus_spin(text, rnd)
            add(story, render(site, t, text.split("\n\n"), date, rnd), kind)
        if k % 4 == 0 and len(re.findall(r"\d+", row["text"])) >= 4:
            # near miss: same story shape, every figure changed
            text = change_figures("\n\n".join(paras), rnd)
            add(f"n{k}", render(rnd.choice(SITES), title, text.split("\n\n"), date, rnd))
    for k, row in enumerate(distractors):
        add(f"d{k}", render(rnd.choice(SITES), row["title"].title(), reflow(row["text"]),
                            row.get("date", "")[:11], rnd))
    order = list(range(len(docs)))
    rnd.shuffle(order)
    return [docs[i] for i in order], truth


def _singletons(rows: list[dict]) -> list[dict]:
    """Stories with no near copy elsewhere in the pool (Reuters has some)."""
    from normtool.dedup import dedup_articles
    arts = [Article(id=r["id"], text="\n\n".join(reflow(r["text"]))) for r in rows]
    keep = {a.id for a in dedup_articles(arts, DedupOptions(threshold=0.3))
            if not a.duplicates}
    return [r for r in rows if r["id"] in keep]


def pairs_of(groups) -> set:
    out = set()
    for members in groups:
        for a, b in itertools.combinations(sorted(members), 2):
            out.add((a, b))
    return out


def prf(pred: set, true: set) -> dict:
    tp = len(pred & true)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(true) if true else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "pred_pairs": len(pred), "true_pairs": len(true), "tp": tp}


def clean(docs: list[dict]) -> list[Article]:
    """The pages as ``normtool clean`` writes them: each cleaned and despun,
    then spun copies restored from their sources in the set (siblings)."""
    from normtool.runner import clean_articles, restore_siblings
    arts = [Article(id=d["id"], text=d["text"]) for d in docs]
    try:
        options = CleanOptions(detect_language=False)
        return list(restore_siblings(clean_articles(arts, options), options))
    except Exception as exc:  # clean still being built: fall back without despin
        print(f"# clean failed ({exc}); cleaning without despin", file=sys.stderr)
        return list(clean_articles(arts, CleanOptions(detect_language=False, despin=False)))


def plain_clean(docs: list[dict]) -> dict[str, Article]:
    """The pages cleaned without despin, by id: the "before" of the repair figures."""
    from normtool.runner import clean_articles
    return {a.id: a for a in clean_articles([Article(id=d["id"], text=d["text"]) for d in docs],
                                            CleanOptions(detect_language=False, despin=False))}


def word_errors(copies, plain: dict, done: dict) -> dict:
    """Per kind: (copies, word errors against each copy's reference words
    in ``plain``, the same in ``done``, share undone).  ``copies``: (kind,
    reference words, page id) in order."""
    from bench.despin_eval import alignment, words
    rows: dict = {}
    for kind, ref, did in copies:
        row = rows.setdefault(kind, [0, 0, 0])
        row[0] += 1
        row[1] += alignment(ref, words(plain[did].text))[0]
        row[2] += alignment(ref, words(done[did].text))[0]
    return {k: (n, e0, e1, round(100.0 * (1 - e1 / e0), 1) if e0 else 0.0)
            for k, (n, e0, e1) in sorted(rows.items())}


def repair_figures(docs: list[dict], truth: dict, arts: list[Article],
                   plain: dict | None = None) -> tuple[dict, int, int]:
    """Per kind of copy: (copies, word errors against its story's original,
    the same after ``clean``, share undone), both sides cleaned without
    despin for "before" (``plain``: ``plain_clean(docs)``, made here when not
    given); how many originals ``clean`` changed, of how many.  The
    issue's measure for the syndication set: spun copies restored, every
    other copy and original left as it is."""
    from bench.despin_eval import words
    plain = plain_clean(docs) if plain is None else plain
    done = {a.id: a for a in arts}
    source = {story: did for did, story in truth.items() if KINDS.get(did) == "orig"}
    copies = ((KINDS.get(did, "?"), words(plain[source[story]].text), did)
              for did, story in sorted(truth.items())
              if source.get(story) is not None and source[story] != did)
    out = word_errors(copies, plain, done)
    changed = sum(done[s].text != plain[s].text for s in source.values())
    return out, changed, len(source)


def dedup_groups(arts: list[Article], options: DedupOptions) -> list[list[str]]:
    return groups_of(dedup_records(arts, options))


def dedup_records(arts: list[Article], options: DedupOptions) -> list[Article]:
    from normtool.dedup import dedup_articles
    return list(dedup_articles(arts, options))


def groups_of(records: list[Article]) -> list[list[str]]:
    return [[r.id] + [d["id"] for d in r.duplicates] for r in records]


FULL_KINDS = ("orig", "furniture", "retitle")   # the original's whole text, unaltered


def canonical_figures(records: list[Article], truth: dict) -> dict:
    """Who heads each story of two or more copies, and how cut copies are labelled.

    ``full``: the canonical is a whole unaltered copy (the original or a
    copy of its text on another site: ``FULL_KINDS``); ``whole``: that, or
    an exact copy of the original as dedup matches text (British spelling,
    other number formats: nothing in the text tells which came first);
    ``orig``: the original page itself (every page here is a site's copy,
    and the original has the smallest id of its story, so among exact
    copies this counts the id tie-break); ``cut``: relations given to
    ``truncate``/``cut`` copies that joined their story's canonical.
    """
    sizes: dict = defaultdict(int)
    for story in truth.values():
        sizes[story] += 1
    out = {"stories": 0, "full": 0, "whole": 0, "orig": 0, "cut": defaultdict(int)}
    for r in records:
        if not r.duplicates or sizes[truth[r.id]] < 2:
            continue
        out["stories"] += 1
        out["full"] += KINDS.get(r.id) in FULL_KINDS
        out["orig"] += KINDS.get(r.id) == "orig"
        out["whole"] += KINDS.get(r.id) in FULL_KINDS or any(
            KINDS.get(d["id"]) == "orig" and d["relation"] == "exact" for d in r.duplicates)
        for d in r.duplicates:
            if KINDS.get(d["id"]) in ("truncate", "cut") and truth[d["id"]] == truth[r.id]:
                out["cut"][d["relation"]] += 1
    out["cut"] = dict(sorted(out["cut"].items()))
    return out


def plain_groups(docs: list[dict], threshold: float = 0.8, k: int = 3) -> list[list[str]]:
    """Plain datasketch: MinHash of raw word k-shingles, LSH, connected components."""
    from datasketch import MinHash, MinHashLSH
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    parent = {d["id"]: d["id"] for d in docs}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for d in docs:
        words = d["text"].lower().split()
        m = MinHash(num_perm=128)
        for i in range(max(1, len(words) - k + 1)):
            m.update(" ".join(words[i:i + k]).encode())
        for other in lsh.query(m):
            parent[find(other)] = find(d["id"])
        lsh.insert(d["id"], m)
    comps = defaultdict(list)
    for i in parent:
        comps[find(i)].append(i)
    return list(comps.values())


def truth_groups(truth: dict) -> list[list[str]]:
    g = defaultdict(list)
    for did, story in truth.items():
        g[story].append(did)
    return list(g.values())


def errors(pred_groups, truth, limit=10):
    """Print the worst mistakes (for tuning)."""
    pred_of = {i: k for k, g in enumerate(pred_groups) for i in g}
    fn = [(a, b) for g in truth_groups(truth) for a, b in itertools.combinations(g, 2)
          if pred_of[a] != pred_of[b]]
    fp = [(a, b) for g in pred_groups for a, b in itertools.combinations(g, 2)
          if truth[a] != truth[b]]
    return fn[:limit], fp[:limit]


def show_errors(arts, groups, truth, limit=15):
    """Print missed and false pairs with their batch scores (for tuning)."""
    from normtool.dedup.batch import group
    from normtool.dedup.boilerplate import boilerplate_lines
    from normtool.dedup.fingerprint import fingerprints
    from normtool.dedup.verify import scores, verify
    o = DedupOptions()
    boiler = boilerplate_lines((a.text for a in arts), o.boilerplate_docs)
    fps = {f.id: f for f in fingerprints(arts, o.num_perm, o.shingle_size, o.match_words,
                                         boiler, o.common_docs)}
    canon = {}
    for c, ms in group(list(fps.values()), o).items():
        canon[c] = (c, "canonical")
        for m in ms:
            canon[m.id] = (c, m.relation)
    by_id = {a.id: a for a in arts}
    fn, fp = errors(groups, truth, limit)
    for label, lst in (("MISSED", fn), ("FALSE", fp)):
        for a, b in lst:
            s = {k: round(v, 3) for k, v in scores(fps[a], fps[b]).items()}
            print(label, a, truth[a], canon[a], b, truth[b], canon[b], s, verify(fps[a], fps[b]))
            print("   A:", by_id[a].text[:200].replace("\n", " | "))
            print("   B:", by_id[b].text[:200].replace("\n", " | "))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--originals", type=int, default=300)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--grid", action="store_true", help="also try shingle sizes 2..5, thresholds")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--repairs", action="store_true",
                    help="also the word errors each kind of copy keeps against its original")
    args = ap.parse_args(argv)
    t0 = time.time()
    docs, truth = build(args.originals, args.seed)
    true = pairs_of(truth_groups(truth))
    print(f"syndication set: {len(docs)} pages, {len(set(truth.values()))} stories, "
          f"{len(true)} true pairs (built in {time.time() - t0:.1f}s)")
    t0 = time.time()
    arts = clean(docs)
    print(f"cleaned in {time.time() - t0:.1f}s")
    t0 = time.time()
    records = dedup_records(arts, DedupOptions())
    groups = groups_of(records)
    res = prf(pairs_of(groups), true)
    print(f"normtool dedup (defaults): {res}  [{time.time() - t0:.1f}s]")
    print(f"canonicals (stories of 2+ copies): {canonical_figures(records, truth)}")
    if args.show_errors:
        show_errors(arts, groups, truth)
    if args.repairs:
        rows, changed, originals = repair_figures(docs, truth, arts)
        print(f"word errors against the original (cleaned without despin -> by clean); "
              f"originals changed: {changed} of {originals}")
        for kind, (n, before, after, undone) in rows.items():
            print(f"  {kind:15s} {n:4d} copies  {before:6d} -> {after:6d}  undone {undone:5.1f}%")
    plain = prf(pairs_of(plain_groups(docs)), true)
    print(f"plain datasketch MinHashLSH 0.8 on raw text: {plain}")
    if args.grid:
        for k in (2, 3, 4, 5):
            for t in (0.4, 0.5, 0.6):
                r = prf(pairs_of(dedup_groups(arts, DedupOptions(shingle_size=k, threshold=t))), true)
                print(f"  shingle {k} threshold {t}: {r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
