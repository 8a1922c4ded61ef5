"""Despin step: detect machine-paraphrased ("spun") copy and undo the spinning.

Synonym spinners (SpinBot, WordAI and the like) swap words and short phrases
for the most common sense's synonym from a general thesaurus, without looking
at context: "said" becomes "mentioned", "Associated Press" "Related Press",
"artificial intelligence" "counterfeit consciousness".  Many spun words are
also plain English ("mentioned", "issues", "present"), so despin works in two
gates:

1. ``detect`` scores the whole article (``spin_score``); only an article
   scoring at least the threshold is ``spun``.
2. In spun copy the repairer rewrites each table phrase whose context
   condition holds (``match``), then each confident suspect of the news model
   the table did not cover (rule ``thesaurus:<spun words>``), then words seen
   next to one neighbour only whose original wins clearly on the other side
   (``model.half_suspects``), then each confident misfit of the context
   model (``context``, rule ``context:<written word>``), judged again with
   its neighbours' repairs; then phrases of the reverse thesaurus written
   for one word ("applied science" for "technology": ``phrases``, rule
   ``phrase:<spun words>``); then, judging every word again with all those
   repairs as neighbours, also words with one bigram seen, the misfits
   confident enough for an article already flagged (``loose_matches``);
   then the other occurrences of each word repaired by one word, where
   the same original fits them better too (``consistent``: a dictionary
   spinner writes one synonym all through a story); last, spun names
   that a gazetteer of well-known names restores
   (``names``, rule ``name:<written words>``), and leaves everything else
   alone.

The title and the credits lines of a spun article are repaired too (the
spinner went over them as well): with the table, the context model (title)
and the gazetteer of names.

Every change is recorded as ``{"offset", "from", "to", "rule"}``; ``offset``
is where ``to`` starts in the *repaired* text, so
``text[offset:offset + len(to)] == to`` and applying the repairs backwards
from the last gives the input text back.
"""
from __future__ import annotations

import math
from typing import Sequence

from .. import settings
from ..article import Article
from ..options import CleanOptions
from .consistent import consistent_matches
from .dates import date_matches
from .context import candidates, load_model, load_trees, neighbour_only, score_trees, zipf
from .detect import Analysis, analyse, foreign_house, spin_evidence, word_spans
from .fits import Fit, find_fits
from .forms import same_word
from .gazetteer import Gazetteer, headline_case, load_gazetteer
from .match import Match, apply_matches, find_matches, replacement
from .model import THESAURUS, Suspect, find_suspects, half_suspects
from .namephrases import name_phrase_matches
from .names import name_matches
from .phrases import confident, phrase_fits
from .pool import FAMILY as THESAURUS_FAMILY, pooled
from .table import Entry, Table, load_table
from .tokens import Tokens, covered, norm_word
from .topics import NO_TOPIC, Passage
from .trigrams import NO_TRIGRAMS, Trigrams, load_trigrams, trigram_gains, window


def statistical_matches(tok: Tokens, suspects: Sequence[Suspect], half: bool = False
                        ) -> list[Match]:
    """Suspects confident enough to repair, as matches (rule ``thesaurus:<spun>``);
    ``half``: suspects from ``half_suspects`` (already filtered)."""
    cfg = settings.DESPIN
    out = []
    for x in suspects:
        if not half and (not x.original or x.odds < cfg.repair_margin or x.seen_spun > cfg.max_seen_spun
                         or x.seen_orig < cfg.min_seen_orig):
            continue
        if x.n == 1 and same_word(tok.keys[x.start], x.original):
            continue
        i, n = x.start, x.n
        spun = " ".join(tok.keys[i:i + n])
        e = Entry(spun, tuple(tok.keys[i:i + n]), (" ",) * (n - 1), x.original, (), THESAURUS_FAMILY,
                  0.0, False, THESAURUS)
        out.append(Match(tok.spans[i][0], tok.spans[i + n - 1][1], e, replacement(tok, i, n, e)))
    return out


CONTEXT = "context"
BODY = "body"           # a title word repaired as the body's repairs replaced it


def context_matches(tok: Tokens, fits: Sequence[Fit], taken: Sequence[tuple] = ()) -> list[Match]:
    """Misfits confident enough to repair (score ``fit_repair``, a clear
    winner by ``fit_gap``, fitting no worse than the written word on either
    side by ``fit_side``: a name next to it says nothing, so "The Embassy
    quoted Zinoviev" stays), outside word spans ``taken``, as matches (rule
    ``context:<written>``); the candidate takes the written word's case.
    Never another form or spelling of the written word (``forms``: "says"
    stays "says" though the news counts prefer "said").  A match whose
    candidate is only a distributional neighbour of the written word is a
    *hold* (``is_hold``), dropped at the end of the repair."""
    cfg = settings.DESPIN
    skip = covered(taken)
    out = []
    for f in fits:
        i = f.start
        if f.score < cfg.fit_repair or f.gap < cfg.fit_gap or min(f.left, f.right) < cfg.fit_side \
                or i in skip or same_word(tok.keys[i], f.original):
            continue
        out.append(_fit_match(tok, f))
    return out


def is_hold(m: Match, model=None) -> bool:
    """A context match whose candidate no thesaurus links to the written word,
    only distributional neighbours: "semiconductor" -> "car", a word 1987
    news used more.  No synonym, so no repair; but the misfit is confident,
    so the word is held as written, not left to a looser pass."""
    return m.entry.family == CONTEXT and neighbour_only(model or load_model(), m.entry.spun,
                                                          m.entry.original)


def _fit_match(tok: Tokens, f: Fit) -> Match:
    i = f.start
    e = Entry(tok.keys[i], (tok.keys[i],), (), f.original, (), CONTEXT, 0.0, False, CONTEXT)
    return Match(tok.spans[i][0], tok.spans[i][1], e, replacement(tok, i, 1, e))


def loose_matches(tok: Tokens, fits: Sequence[Fit], taken: Sequence[tuple] = (), model=None,
                  passage: Passage | None = None) -> list[Match]:
    """In an article already flagged, misfits judged with ``every`` (one
    bigram may be seen: a spun word often forms one ordinary bigram, "the
    purlieus") that are confident enough to repair, outside word spans
    ``taken``.  No bigram seen: the ``context_matches`` rule, or a wide gap
    (``wide_*``); one seen: a high score, a wide gap, a clear gain on the
    unseen side and little loss on the seen one (``loose_*``); both seen: a
    higher score, a clear gain on each side and an upgrade that several
    sources link (``both_*``).  The constants keep the repairs' precision
    near the context repairs' on the tuning spinners.  Besides, a misfit
    whose repair score (the repair trees over ``judged_row``) reaches
    ``repair_level`` is repaired when it gains ``repair_side`` on each side, ``repair_side_name``
    beside a name (a gain next to a name says little: its bigrams are few);
    ``passage``, the text's ``topics.Passage``, gives the score its topical
    fit."""
    cfg = settings.DESPIN
    model = model or load_model()
    skip = covered(taken)
    trees = load_repair_trees() if cfg.repair_level is not None else None
    present = set(tok.keys) if trees else ()
    density = repaired_share(tok, taken) if trees else 0.0
    passage = (passage or Passage(tok)) if trees else None
    tri = load_trigrams() if trees else None
    out = []
    for f in fits:
        if f.start in skip or same_word(tok.keys[f.start], f.original):
            continue
        side = min(f.left, f.right)
        if f.seen == 3:
            ok = f.score >= cfg.both_score and f.gap >= cfg.both_gap and side >= cfg.both_side \
                and len(_sources(model, tok.keys[f.start], f.original)) >= cfg.both_sources
        elif f.seen == 0:
            ok = (f.score >= cfg.fit_repair and f.gap >= cfg.fit_gap and side >= cfg.fit_side) or \
                (f.score >= cfg.wide_score and f.gap >= cfg.wide_gap and side >= cfg.wide_side)
        else:
            unseen, seen = (f.right, f.left) if f.seen == 1 else (f.left, f.right)
            ok = f.score >= cfg.loose_score and f.gap >= cfg.loose_gap and unseen >= cfg.loose_unseen \
                and seen >= cfg.loose_seen
        if not ok and trees:
            names = named_neighbours(tok, f.start)
            if side >= (cfg.repair_side_name if any(names) else cfg.repair_side):
                row = judged_row(model, tok, f, present, density, passage, tri)
                ok = score_trees(row, trees) >= cfg.repair_level
        if ok:
            out.append(_fit_match(tok, f))
    return out


REPAIR = "despin_repair.tsv"
REPAIR_FEATURES = ("score", "gain", "gain left", "gain right", "total", "gap", "left bigram seen",
                   "right bigram seen", "upgrade rarer than the word", "linking sources",
                   "zipf(word)", "zipf(upgrade)", "log1p news count(word)", "log1p news count(upgrade)",
                   "upgrade elsewhere in the text", "prior penalty of the upgrade", "candidates",
                   "words repaired so far per word", "name on the left", "name on the right",
                   "topical gain", "topical fit(upgrade)", "topical fit(word)", "content words around",
                   "trigram gain, middle", "trigram gain, left", "trigram gain, right")


def load_repair_trees() -> tuple:
    """The repair score's trees (``despin_repair.tsv``, by ``tools/fit_despin_repair.py``), read once."""
    return load_trees(REPAIR)


def repair_row(model, word: str, f: Fit, present: bool, density: float, names: tuple = (False, False),
               topic: tuple = NO_TOPIC, trigram: tuple = NO_TRIGRAMS) -> tuple:
    """The ``REPAIR_FEATURES`` of a misfit judged with ``every``: its
    ``Fit``, how common and how well linked the word and its upgrade are
    (an upgrade may be rarer: a downgrade), ``density``, the share of the
    article's words repaired so far (a heavily spun copy has more), and
    ``names``: is the left, the right neighbour a name (a gain next to a
    name says little), and ``topic``, how much better the upgrade than the
    word fits the passage's topic (``topics.Passage.fit``: a spinner's
    synonym of another sense is off the subject), and ``trigram``, how much
    likelier the upgrade than the word makes the word triples around it
    (``trigrams.trigram_gains``: both neighbours at once)."""
    x = f.original
    zw, zx = zipf(model, word), zipf(model, x)
    cands = candidates(model, word, down=True)
    pen, src = next(((p, s) for c, p, s in cands if c == x), (0.0, ""))
    return (f.score, f.odds, f.left, f.right, f.total, f.gap, float(f.seen & 1), float(f.seen >> 1 & 1),
            float(zx < zw), float(len(src)), zw, zx,
            math.log1p(model.uni.get(word, 0)), math.log1p(model.uni.get(x, 0)), float(present),
            pen, float(len(cands)), density, float(names[0]), float(names[1])) + tuple(topic) + tuple(trigram)


def judged_row(model, tok: Tokens, f: Fit, present: set, density: float, passage: Passage,
               tri: Trigrams | None = None) -> tuple:
    """``repair_row`` of ``f`` in ``tok``: its names beside it, its topical
    fit in ``passage`` and its trigram gains with ``passage``'s words as the
    neighbours (repaired ones included); ``present``: the text's words."""
    x = f.original
    gains = trigram_gains(tri or load_trigrams(), window(tok, f.start, passage.keys), tok.keys[f.start], x)
    return repair_row(model, tok.keys[f.start], f, x in present, density, named_neighbours(tok, f.start),
                      passage.fit(f.start, x), gains)


def named_neighbours(tok: Tokens, i: int) -> tuple:
    """(left, right): is word i's neighbour in the same sentence a
    capitalised word that does not start the sentence (a name)?

    >>> named_neighbours(Tokens("Troops would assist Moscow in it."), 2)
    (False, True)
    """
    def name(k: int) -> bool:
        return 0 <= k < len(tok.surf) and not tok.starts[k] and tok.surf[k][:1].isupper()
    return (not tok.starts[i] and name(i - 1), name(i + 1))


def repaired_share(tok: Tokens, taken: Sequence[tuple]) -> float:
    """Share of ``tok``'s words inside the word spans ``taken`` (the repairs so far).

    >>> repaired_share(Tokens("a b c d"), [(1, 2)])
    0.5
    """
    return len(covered(taken)) / max(1, len(tok.keys))


def _sources(model, word: str, original: str) -> str:
    """The sources ("wmd") that link ``word`` to its upgrade ``original``."""
    return next((src for x, _, src in candidates(model, word, down=True) if x == original), "")


def _loose_pass(tok: Tokens, done: list, model=None) -> list[Match]:
    """``loose_matches`` with every repair so far as the neighbours; then,
    once, the words next to its repairs judged again with those."""
    if not settings.DESPIN.loose:
        return []
    out: list = []
    new: list = []
    for _ in range(2):
        spans = word_spans(tok, done + out)
        view = tok.view()
        _repaired_keys(view, spans, done + out)
        taken = spans + _away_from(tok, new) if out else spans
        passage = Passage(tok, keys=view.keys)
        new = loose_matches(tok, find_fits(tok, taken, model, view.keys, every=True, passage=passage), spans, model,
                            passage)
        if not new:
            break
        out += new
    return out


PHRASE = "phrase"


def _phrase_pass(tok: Tokens, done: list, disabled: frozenset = frozenset(), model=None, stats=None,
                 trees: tuple | None = None, links=None) -> list[Match]:
    """Phrases of the reverse thesaurus written for one word ("applied
    science" for "technology"), rewritten where the phrase score is
    confident (``phrases``), outside the repairs so far, never a phrase a
    user's table disabled (rule ``phrase:<spun words>``); off with
    ``phrase_level`` None (``model``, ``stats``, ``trees``, ``links``: see ``phrases``).

    >>> tok = Tokens("Interest charge per unit on the loans went up.")
    >>> apply_matches(tok.text, _phrase_pass(tok, []))[0]
    'Interest rate on the loans went up.'
    """
    if settings.DESPIN.phrase_level is None:
        return []
    spans = word_spans(tok, done)
    out = []
    for f in confident(phrase_fits(tok, spans, model, stats, repaired_share(tok, spans), trees, links)):
        i, n = f.start, f.n
        if disabled and _holds_disabled(tuple(tok.keys[i:i + n]), disabled):
            continue
        e = Entry(" ".join(tok.keys[i:i + n]), tuple(tok.keys[i:i + n]), (" ",) * (n - 1), f.original, (),
                  PHRASE, 0.0, False, PHRASE)
        out.append(Match(tok.spans[i][0], tok.spans[i + n - 1][1], e, replacement(tok, i, n, e)))
    return out


def _away_from(tok: Tokens, matches: Sequence[Match]) -> list[tuple]:
    """Word spans ``(i, 1)`` of every word not next to one of ``matches``
    (what a second look at a repair's neighbours skips)."""
    near = set()
    for i, _ in word_spans(tok, matches):
        near.update((i - 1, i + 1))
    return [(i, 1) for i in range(len(tok.keys)) if i not in near]


def _context_pass(tok: Tokens, fits: Sequence[Fit], done: list) -> list[Match]:
    """Context repairs outside ``done``; then words next to a repair judged
    again with the repaired words as neighbours (jointly for neighbouring
    suspects: the first repair reveals the collocation of the next)."""
    spans = word_spans(tok, done)
    first = context_matches(tok, fits, spans)
    if not first:
        return []
    view = tok.view()
    all_spans = spans + word_spans(tok, first)
    _repaired_keys(view, all_spans, done + first)
    taken = all_spans + _away_from(tok, first)
    again = context_matches(view, find_fits(tok, taken, keys=view.keys), all_spans)
    return first + again


def _all_matches(an: Analysis, table: Table, gaz: Gazetteer | None = None) -> list[Match]:
    """Table matches, then confident suspects; then, once, suspects judged again
    with the first pass's one-word repairs as their neighbours (a spinner
    changes neighbouring words too, which hides the original's collocations);
    then the context model's repairs where nothing else repaired."""
    extra = statistical_matches(an.tok, an.suspects)
    extra = pooled(an.tok, extra)
    done = an.matches + extra
    if extra and settings.DESPIN.second_pass:
        tok = an.tok
        view = tok.view()
        spans = word_spans(tok, done)
        _repaired_keys(view, spans, done)
        more = statistical_matches(view, find_suspects(view, spans))
        if settings.DESPIN.half_margin is not None:
            new_spans = word_spans(tok, more)
            _repaired_keys(view, new_spans, more)
            spans += new_spans
            more += statistical_matches(view, half_suspects(view, spans), half=True)
        done = done + pooled(view, more)
    done = done + _context_pass(an.tok, an.fits, done)
    done = done + _phrase_pass(an.tok, done, table.disabled)
    done = done + _loose_pass(an.tok, done)
    done = done + consistent_matches(an.tok, done, table.disabled)
    if not mostly_capitalised(an.tok):
        done = done + _names_pass(an.tok, done, table, gaz=gaz)
        done = done + date_matches(an.tok, table, word_spans(an.tok, done))
    if table.disabled:      # a disabled word is never rewritten, whichever pass took it
        done = [m for m, (i, n) in zip(done, word_spans(an.tok, done))
                if not _holds_disabled(tuple(an.tok.keys[i:i + n]), table.disabled)]
    house = foreign_house(an.tok, table)
    model = load_model()
    done = [m for m in done if not is_hold(m, model)        # held as written (``is_hold``)
            # "percent" stays in a text that never writes "pct" (``foreign_house``)
            and not (house and m.replacement.lower() in house)]
    return sorted(done, key=lambda m: m.start)


def mostly_capitalised(tok: Tokens, share: float = 0.5) -> bool:
    """Are more than ``share`` of the words capitalised?  A body written in
    Title Case is all capitalised runs, none of them a name ("Give Up" must
    not become "Strike Up"), so its names are left alone; news prose runs
    at a fifth or so.

    >>> mostly_capitalised(Tokens("Shares Of Acme Rose On Monday"))
    True
    >>> mostly_capitalised(Tokens("The Related Press said shares rose on Monday."))
    False
    """
    caps = sum(1 for w in tok.surf if w[:1].isupper())
    return caps > share * max(1, len(tok.surf))


def _names_pass(tok: Tokens, done: Sequence[Match], table: Table, within: str | None = None,
                gaz: Gazetteer | None = None) -> list[Match]:
    """Spun names restored from the gazetteer (``names``; first a name word
    written as a phrase, ``namephrases``), where nothing else repaired
    (``within``: see ``names.find_name_fixes``), never over a phrase a
    user's table disabled; off with ``settings.DESPIN.names`` False."""
    if not settings.DESPIN.names:
        return []
    taken = word_spans(tok, done)
    out = name_phrase_matches(tok, taken, gaz=gaz, within=within)
    out += name_matches(tok, taken + word_spans(tok, out), gaz=gaz, within=within)
    if table.disabled:
        out = [m for m in out if not _holds_disabled(m.entry.key, table.disabled)]
    return out


def _holds_disabled(key: tuple, disabled: frozenset) -> bool:
    """Does the word tuple ``key`` hold a disabled phrase?

    >>> _holds_disabled(("the", "related", "press"), frozenset({("related", "press")}))
    True
    """
    n = len(key)
    return any(key[a:b] in disabled for a in range(n) for b in range(a + 1, n + 1))


def _repaired_keys(view: Tokens, spans: Sequence[tuple], matches: Sequence[Match]) -> None:
    """Give ``view`` the repaired word where a match replaced one word by one."""
    for (i, n), m in zip(spans, matches):
        if n == 1 and " " not in m.replacement:
            view.keys[i] = norm_word(m.replacement)


def repair_text(text: str, table: Table | None = None, force: bool = False
                ) -> tuple[str, list[dict]]:
    """Repair ``text`` if it is spun (or always, with ``force``).

    Returns the text and the repairs made (none for clean copy).  Fast enough
    to run on every article: one pass over the words with dict look-ups.

    >>> repair_text("The Related Press mentioned that colossal information "
    ...             "is vital, he mentioned.")[0]
    'The Associated Press said that big data is vital, he said.'
    >>> repair_text("Profits rose, the company said.")
    ('Profits rose, the company said.', [])
    """
    table = table or load_table()
    an = analyse(text, table)
    if not force and _evidence(text, table, an).score < settings.DESPIN.threshold:
        return text, []
    return apply_matches(text, _all_matches(an, table))


def _evidence(text: str, table: Table, an: Analysis):
    return spin_evidence(text, table, an.matches, an.suspects, an.tok, an.fits)


def check_files(spin_table_files: Sequence[str] = (), name_files: Sequence[str] = ()) -> None:
    """Read users' spin tables and names files once, so that a bad one stops
    a run before any output is written, whether or not an article needs
    despin (raises ``SpinTableError`` or ``NamesFileError``: file and line)."""
    if spin_table_files:
        load_table(tuple(spin_table_files))
    if name_files:
        load_gazetteer(tuple(name_files))


def despin_article(article: Article, options: CleanOptions = CleanOptions()) -> Article:
    """Score the article for spinning; repair it when it is spun.

    The body is repaired with the table and the news and context models;
    the title with the table, the context model and the names; the
    ``credits`` lines (the spinner went over them too: "Related Press
    writers ...") with the table and the names.  A title repair carries ``"field": "title"``, a credits
    repair ``"field": "credits.<k>"``; their offsets are into that field.
    A verdict the input gave (``spun`` and ``spin_score``, as in a record
    ``clean`` wrote) stands, and the article is left as it is: fields the
    user gives win.  (``spun`` alone may be a label of the user's: judged.)
    """
    if {"spun", "spin_score"} <= article.given:     # clean's own verdict, read again, stands
        return article
    table = load_table(tuple(options.spin_table_files))
    # A user's names files are read (and checked) before the verdict, not on the first spun article.
    gaz = load_gazetteer(tuple(options.name_files)) if options.name_files else None
    an = analyse(article.text, table)
    ev = _evidence(article.text, table, an)
    threshold = settings.DESPIN.threshold if options.spin_threshold is None else options.spin_threshold
    if ev.score < threshold:
        return article.replace(spun=False, spin_score=ev.score)
    text, repairs = apply_matches(article.text, _all_matches(an, table, gaz))
    changes = {}
    if article.title:
        title, reps = repair_title(article.title, table, body=text, gaz=gaz,
                                   body_repairs=repairs)
        if reps:
            changes["title"] = title
            repairs += [dict(r, field="title") for r in reps]
    if article.credits:
        credits = []
        for k, line in enumerate(article.credits):
            tok = Tokens(line)
            found = find_matches(line, table, tok)
            fixed, reps = apply_matches(line, sorted(found + _names_pass(tok, found, table, gaz=gaz),
                                               key=lambda m: m.start))
            credits.append(fixed)
            repairs += [dict(r, field=f"credits.{k}") for r in reps]
        if credits != list(article.credits):
            changes["credits"] = credits
    return article.replace(spun=True, spin_score=ev.score, text=text,
                           repairs=list(article.repairs) + repairs, **changes)


def repair_title(title: str, table: Table | None = None, body: str | None = None,
                 gaz: Gazetteer | None = None, body_repairs: Sequence[dict] = ()
                 ) -> tuple[str, list[dict]]:
    """Repair the title of a spun article: table phrases, context misfits,
    then spun names.  A headline in capitals is judged in lower case (its words are
    not names), with the table's capitalised phrases ("Related Press") looked
    up in title case, and the repairs are put back in capitals.  With the
    repaired ``body``, spun names are restored too, when the body has the
    name (a headline's words are all capitalised: its names need the
    body's word).  A word the ``body_repairs`` replaced, one way only, is
    replaced so in the title too: a headline is too short for the context
    model, and the spinner went over it with the same thesaurus."""
    table = table or load_table()
    caps = sum(c.isupper() for c in title) > 0.8 * max(1, sum(c.isalpha() for c in title))
    text = title.lower() if caps and len(title.lower()) == len(title) else title
    an = analyse(text, table, stats=False)
    done = list(an.matches)
    if text is not title and len(title.title()) == len(title):
        named = [m for m in find_matches(title.title(), table) if m.entry.cased]
        done = named + [m for m in done if not any(m.start < n.end and n.start < m.end for n in named)]
    done += _context_pass(an.tok, find_fits(an.tok, word_spans(an.tok, done)), done)
    if body is not None and text is title:
        done += _names_pass(an.tok, done, table, body, gaz)
    elif body is not None:                  # in capitals: names looked up as names write them
        cased = Tokens(headline_case(title, gaz))
        done += [m for m in _names_pass(cased, done, table, body, gaz)
                 if not any(m.start < d.end and d.start < m.end for d in done)]
    done += _as_in_body(an.tok, done, body_repairs)
    done = sorted((m for m in done if not is_hold(m)), key=lambda m: m.start)
    if text is not title:
        done = [m._replace(replacement=m.replacement.upper()) for m in done]
    return apply_matches(title, done)


def _as_in_body(tok: Tokens, done: Sequence[Match], body_repairs: Sequence[dict]) -> list[Match]:
    """Title words outside ``done`` that the body's repairs replaced by one
    word, always the same one (rule ``body``).

    >>> tok = Tokens("Union mentioned to end work stoppage")
    >>> reps = [{"from": "mentioned", "to": "said"}, {"from": "Mentioned", "to": "Said"}]
    >>> [m.replacement for m in _as_in_body(tok, [], reps)]
    ['said']
    """
    seen: dict[str, set] = {}
    for r in body_repairs:
        frm, to = norm_word(r["from"]), norm_word(r["to"])
        if frm.isalpha() and to.isalpha():            # one word for one word
            seen.setdefault(frm, set()).add(to)
    skip = covered(word_spans(tok, done))
    out = []
    for i, key in enumerate(tok.keys):
        if i not in skip and len(seen.get(key, ())) == 1:
            [to] = seen[key]
            e = Entry(key, (key,), (), to, (), BODY, 0.0, False, BODY)
            out.append(Match(tok.spans[i][0], tok.spans[i][1], e, replacement(tok, i, 1, e)))
    return out


__all__ = ["check_files", "despin_article", "repair_text", "repair_title", "statistical_matches", "context_matches",
           "loose_matches"]
