"""Despin on held-out spinners: detection, repair and harm to clean copy.

    .venv/bin/python -m bench.despin_eval [--despin today] [--spinners wordnet,moby]
        [--rates 0.10,0.15,0.20] [--limit 300] [--clean clean.jsonl] [--json out.json]

Spun copies are made from Reuters stories of the evaluation split (numeric
id divisible by 10: despin's news model never saw them), or with ``--source
clean`` from records of the clean corpus, by the spinners of
``bench.spinners`` (body, title and names, seeded), and given to a despin
function together with the originals and a clean corpus of other outlets
(``--clean``, JSONL with ``id``/``title``/``text``; ``bench.cleancorpus``
builds one).  A despin function takes a record ``{"id", "title", "text"}``
and returns ``{"text", "title", "flagged"}``; ``--despin`` names one:
``today`` (``normtool.despin.despin_article``), ``none`` (changes nothing;
a floor for the figures), or ``module:function``.

Figures, words counted as ``words()`` gives them, aligned with difflib:

* flagged: spun copies the function flags / originals it flags;
* changed: originals whose body or title it changes (must be 0);
* WER before/after: edit operations against the original, per original word;
* damage undone: original words the spinner changed that the repair restores,
  over all it changed (and ``broken``: original words intact in the spun copy
  that the repair changed);
* precision: words the repair wrote that match the original, over all it wrote;
* ms/article: wall time of the function per spun copy and per original;
* with ``--siblings``, also "with sources": the figures when originals and
  copies are in one ``clean`` run, so that copies are also restored from
  their originals (``despin.siblings``); as in ``clean``, each original is
  despun on its own first, and ``originals changed`` counts originals whose
  body or title the whole run changed;
* with ``--grouping``: despun copies that ``normtool dedup`` puts in their
  original's cluster, and wrong merges (two originals, or a copy and another
  original, in one cluster);
* with ``--run``, also "in one run": every spun copy in one ``clean`` run
  and no original, so that flagged copies take the repairs the run's
  other copies agree on (``despin.lexicon``);
* with ``--peers``, also "two copies": each story spun a second time (seed
  + 1) and the two copies in one run without their original, so that each
  flagged copy takes words from the other (``despin.siblings.from_peer``);
  the figures of the first copy.
"""
from __future__ import annotations

import argparse
import difflib
import gzip
import importlib
import json
import re
import sys
import time
from pathlib import Path

from bench import spinners
from bench.corpus import REUTERS
_WORDS = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def words(text: str | None) -> list:
    return _WORDS.findall(text or "")


def is_eval(story_id: str) -> bool:
    """Evaluation split: numeric id divisible by 10 (despin's model trains on the rest)."""
    num = story_id.rsplit("-", 1)[-1]
    return num.isdigit() and int(num) % 10 == 0


def reuters_eval(limit: int, path: Path = REUTERS, min_words: int = 50) -> list[dict]:
    """Up to ``limit`` cleaned evaluation-split stories (``min_words`` and up),
    spread evenly over the file."""
    from normtool.clean import clean_text
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if is_eval(r["id"]) and len(r["text"].split()) >= min_words:
                rows.append(r)
    step = max(1, len(rows) // limit) if limit else 1
    out = []
    for r in rows[::step][:limit or None]:
        title = " ".join((r.get("title") or "").split()) or None
        out.append({"id": r["id"], "title": title, "text": clean_text(r["text"])})
    return out


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --------------------------------------------------------------------------- despin functions

def despin_today(rec: dict) -> dict:
    """normtool's despin step as it is (body and credits; titles untouched)."""
    from normtool.article import Article
    from normtool.despin import despin_article
    art = despin_article(Article(id=rec["id"], text=rec["text"], title=rec.get("title")))
    return {"text": art.text, "title": art.title, "flagged": bool(art.spun), "repairs": art.repairs,
            "score": art.spin_score}


def despin_none(rec: dict) -> dict:
    return {"text": rec["text"], "title": rec.get("title"), "flagged": False}


def resolve(name: str):
    if name == "today":
        return despin_today
    if name == "none":
        return despin_none
    mod, _, fn = name.partition(":")
    return getattr(importlib.import_module(mod), fn)


# --------------------------------------------------------------------------- scoring

def _opcodes(a: list, b: list):
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def alignment(ref: list, hyp: list) -> tuple[int, set, set]:
    """(edit operations, ref indices matched, hyp indices matched)."""
    errs, ok_ref, ok_hyp = 0, set(), set()
    for op, i1, i2, j1, j2 in _opcodes(ref, hyp):
        if op == "equal":
            ok_ref.update(range(i1, i2))
            ok_hyp.update(range(j1, j2))
        else:
            errs += max(i2 - i1, j2 - j1)
    return errs, ok_ref, ok_hyp


class Tally:
    """Running sums of the word-level figures for one spinner and rate."""

    def __init__(self):
        self.n = self.flagged = 0
        self.ref = self.before = self.after = 0
        self.damaged = self.undone = self.broken = 0
        self.written = self.right = 0
        self.t_ref = self.t_before = self.t_after = 0
        self.seconds = 0.0

    def add(self, original: dict, spun: dict, out: dict, seconds: float) -> None:
        self.n += 1
        self.flagged += bool(out.get("flagged"))
        self.seconds += seconds
        ref, sp, rep = words(original["text"]), words(spun["text"]), words(out["text"])
        e_before, ok_sp_ref, _ = alignment(ref, sp)
        e_after, ok_rep_ref, ok_rep = alignment(ref, rep)
        _, _, same = alignment(sp, rep)
        damaged = set(range(len(ref))) - ok_sp_ref
        self.ref += len(ref)
        self.before += e_before
        self.after += e_after
        self.damaged += len(damaged)
        self.undone += len(damaged & ok_rep_ref)
        self.broken += len(ok_sp_ref - ok_rep_ref)
        written = set(range(len(rep))) - same
        self.written += len(written)
        self.right += len(written & ok_rep)
        tr, ts, to = words(original.get("title")), words(spun.get("title")), words(out.get("title"))
        self.t_ref += len(tr)
        self.t_before += alignment(tr, ts)[0]
        self.t_after += alignment(tr, to)[0]

    def row(self) -> dict:
        div = lambda a, b: round(a / b, 4) if b else 0.0     # noqa: E731
        return {"copies": self.n, "flagged": self.flagged, "flagged_share": div(self.flagged, self.n),
                "wer_before": div(self.before, self.ref), "wer_after": div(self.after, self.ref),
                "damage_undone": div(self.undone, self.damaged), "broken_words": self.broken,
                "repair_words": self.written, "repair_precision": div(self.right, self.written),
                "title_wer_before": div(self.t_before, self.t_ref),
                "title_wer_after": div(self.t_after, self.t_ref),
                "ms_per_article": round(1000 * self.seconds / max(1, self.n), 2)}


def grouping(originals: list[dict], outputs: list[dict]) -> dict:
    """Run normtool's dedup over the originals and the despun copies: copies
    grouped with their own original, and wrong merges (a cluster holding two
    originals, or a copy grouped with another original)."""
    from normtool.article import Article
    from normtool.dedup import dedup_articles
    # ``spun`` set as clean sets it, so that dedup takes the despin function's
    # verdict and text as they are (with ``spun`` unset it would despin again)
    arts = [Article(id=r["id"], text=r["text"], title=r.get("title"), spun=False) for r in originals]
    arts += [Article(id=r["id"] + "~spun", text=o["text"], title=o.get("title"),
                     spun=bool(o.get("flagged"))) for r, o in zip(originals, outputs)]
    cluster = {}
    for rec in dedup_articles(arts):
        for member in [rec.id] + [d["id"] for d in rec.duplicates or ()]:
            cluster[member] = rec.id
    grouped = sum(cluster[r["id"] + "~spun"] == cluster[r["id"]] for r in originals)
    per_cluster: dict = {}
    for r in originals:
        per_cluster.setdefault(cluster[r["id"]], []).append(r["id"])
    wrong = sum(len(v) - 1 for v in per_cluster.values())
    wrong += sum(1 for r in originals
                 if cluster[r["id"] + "~spun"] != cluster[r["id"]]
                 and cluster[r["id"] + "~spun"] in per_cluster)
    return {"grouped": grouped, "wrong_merges": wrong}


def with_siblings(originals: list[dict], outputs: list[dict],
                  own: list[dict] | None = None) -> tuple[list[dict], int]:
    """The despun copies after ``clean``'s last despin step, which runs over
    the whole run: each copy beside its original (``runner.restore_siblings``).
    ``own``: the originals as the despin function gave them (as ``clean``
    hands them on; else taken unflagged as they are).  Returns the copies'
    new outputs and how many originals the run changed."""
    from normtool.article import Article
    from normtool.runner import restore_siblings
    if own is None:
        arts = [Article(id=r["id"], text=r["text"], title=r.get("title"), spun=False) for r in originals]
    else:
        arts = [_article(r["id"], o) for r, o in zip(originals, own)]
    arts += [_article(r["id"] + "~spun", o) for r, o in zip(originals, outputs)]
    got = list(restore_siblings(arts))
    n = len(originals)
    changed = sum(a.text != r["text"] or (a.title or None) != (r.get("title") or None)
                  for r, a in zip(originals, got[:n]))
    return _outputs(got[n:]), changed


def _article(ident: str, out: dict):
    """A despin function's output as the article ``clean`` would pass on
    (its repairs too: the run's lexicon reads them; its score, when given)."""
    from normtool.article import Article
    return Article(id=ident, text=out["text"], title=out.get("title"), spun=bool(out.get("flagged")),
                   repairs=list(out.get("repairs") or []), spin_score=out.get("score"))


def _outputs(arts) -> list[dict]:
    """Articles as a despin function's outputs."""
    return [{"text": a.text, "title": a.title, "flagged": bool(a.spun), "repairs": a.repairs}
            for a in arts]


def in_one_run(originals: list[dict], outputs: list[dict]) -> list[dict]:
    """The despun copies after ``clean``'s last despin step over a run that
    holds every spun copy and no original: flagged copies take the repairs
    the run's other copies agree on (``despin.lexicon``)."""
    from normtool.runner import restore_siblings
    return _outputs(list(restore_siblings([_article(r["id"] + "~spun", o)
                                           for r, o in zip(originals, outputs)])))


def with_peer(originals: list[dict], outputs: list[dict], others: list[dict]) -> list[dict]:
    """The despun copies after ``clean``'s last despin step over a run that
    holds two spun copies of each story and no original."""
    from normtool.runner import restore_siblings
    arts = [_article(r["id"] + tag, o)
            for tag, outs in (("~spun", outputs), ("~other", others)) for r, o in zip(originals, outs)]
    return _outputs(list(restore_siblings(arts))[:len(originals)])


def run_originals(fn, records: list[dict]) -> dict:
    """How many clean records ``fn`` flags or changes, and its time per record."""
    flagged = changed = 0
    ids_flagged, ids_changed = [], []
    t0 = time.perf_counter()
    for rec in records:
        out = fn(rec)
        if out.get("flagged"):
            flagged += 1
            ids_flagged.append(rec["id"])
        if out["text"] != rec["text"] or (out.get("title") or None) != (rec.get("title") or None):
            changed += 1
            ids_changed.append(rec["id"])
    secs = time.perf_counter() - t0
    return {"records": len(records), "flagged": flagged, "changed": changed,
            "ms_per_article": round(1000 * secs / max(1, len(records)), 2),
            "flagged_ids": ids_flagged[:20], "changed_ids": ids_changed[:20]}


def evaluate(fn, originals: list[dict], spinner_names: list[str], rates: list[float],
             seed: int = 1, names: bool = True, clean: list[dict] | None = None,
             out=sys.stdout, group: bool = False, siblings: bool = False, peers: bool = False,
             run: bool = False) -> dict:
    """Every figure of the module doc for ``fn``; prints a table as it goes."""
    fn(originals[0])                                    # load tables before timing
    result: dict = {"originals": run_originals(fn, originals)}
    o = result["originals"]
    print(f"originals:         {o['flagged']}/{o['records']} flagged, {o['changed']} changed, "
          f"{o['ms_per_article']} ms/article", file=out)
    if clean:
        result["clean"] = c = run_originals(fn, clean)
        print(f"clean corpus:      {c['flagged']}/{c['records']} flagged, {c['changed']} changed, "
              f"{c['ms_per_article']} ms/article", file=out)
    print(f"{'spinner':9s} {'rate':>5s} {'flagged':>9s} {'WER before':>10s} {'after':>7s} "
          f"{'undone':>7s} {'broken':>6s} {'prec':>6s} {'title WER':>15s} {'ms/art':>7s}", file=out)
    result["spun"] = {}
    own = [fn(rec) for rec in originals] if siblings else None
    for name in spinner_names:
        for rate in rates:
            tally = Tally()
            outputs, copies, secs = [], [], []
            for rec in originals:
                spun = spinners.spin_record(rec, name, rate, seed, names)
                t0 = time.perf_counter()
                outputs.append(fn(spun))
                secs.append(time.perf_counter() - t0)
                copies.append(spun)
            for rec, spun, res, t in zip(originals, copies, outputs, secs):
                tally.add(rec, spun, res, t)
            r = tally.row()
            if group:
                r.update(grouping(originals, outputs))
            if run:
                one = Tally()
                for rec, spun, res in zip(originals, copies, in_one_run(originals, outputs)):
                    one.add(rec, spun, res, 0.0)
                r["run"] = one.row()
            if peers:
                others = [fn(spinners.spin_record(rec, name, rate, seed + 1, names)) for rec in originals]
                two = Tally()
                for rec, spun, res in zip(originals, copies, with_peer(originals, outputs, others)):
                    two.add(rec, spun, res, 0.0)
                r["peers"] = two.row()
            if siblings:
                outputs, changed = with_siblings(originals, outputs, own)
                both = Tally()
                for rec, spun, res in zip(originals, copies, outputs):
                    both.add(rec, spun, res, 0.0)
                r["siblings"] = dict(both.row(), originals_changed=changed)
                if group:
                    r["siblings"].update(grouping(originals, outputs))
            result["spun"][f"{name}@{rate}"] = r
            print(f"{name:9s} {rate:5.2f} {r['flagged']:>4d}/{r['copies']:<4d} {r['wer_before']:10.2%} "
                  f"{r['wer_after']:7.2%} {r['damage_undone']:7.1%} {r['broken_words']:6d} "
                  f"{r['repair_precision']:6.1%} {r['title_wer_before']:7.1%}->{r['title_wer_after']:6.1%} "
                  f"{r['ms_per_article']:7.2f}"
                  + (f" grouped {r['grouped']}/{r['copies']}, wrong merges {r['wrong_merges']}"
                     if group else "")
                  + (" | with sources: flagged {flagged}, WER {wer_after:.2%}, undone {damage_undone:.1%}, "
                     "prec {repair_precision:.1%}, title WER {title_wer_after:.1%}, originals changed "
                     "{originals_changed}".format(**r["siblings"])
                     + (", grouped {grouped}".format(**r["siblings"]) if group else "")
                     if siblings else "")
                  + (" | two copies: WER {wer_after:.2%}, undone {damage_undone:.1%}, prec "
                     "{repair_precision:.1%}, title WER {title_wer_after:.1%}".format(**r["peers"])
                     if peers else "")
                  + (" | in one run: WER {wer_after:.2%}, undone {damage_undone:.1%}, prec "
                     "{repair_precision:.1%}, broken {broken_words}".format(**r["run"]) if run else ""),
                  file=out, flush=True)
    return result


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--despin", default="today", help="today, none or module:function")
    ap.add_argument("--spinners", default=",".join(s for s in spinners.SOURCES))
    ap.add_argument("--rates", default="0.10,0.15,0.20")
    ap.add_argument("--limit", type=int, default=300, help="Reuters evaluation stories")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-names", action="store_true", help="leave capitalised words alone")
    ap.add_argument("--clean", type=Path, help="JSONL clean corpus of other outlets")
    ap.add_argument("--reuters", type=Path, default=REUTERS, help="Reuters-21578 JSONL (.gz)")
    ap.add_argument("--source", choices=("reuters", "clean"), default="reuters",
                    help="spin Reuters evaluation stories, or records of the --clean corpus")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--grouping", action="store_true",
                    help="also run dedup over originals and despun copies")
    ap.add_argument("--siblings", action="store_true",
                    help="originals and copies in one run: copies restored from their originals")
    ap.add_argument("--peers", action="store_true",
                    help="two spun copies of each story in one run, no original")
    ap.add_argument("--run", action="store_true",
                    help="every spun copy in one run, no original (the run's lexicon)")
    args = ap.parse_args(argv)
    fn = resolve(args.despin)
    clean = read_jsonl(args.clean) if args.clean else None
    if args.source == "clean":
        if not clean:
            raise SystemExit("--source clean needs --clean")
        step = max(1, len(clean) // args.limit)
        originals = clean[::step][:args.limit]
    else:
        originals = reuters_eval(args.limit, args.reuters)
    names = [s for s in args.spinners.split(",") if s]
    held = [s for s in names if s in spinners.HELD_OUT]
    if held:
        print(f"note: {', '.join(held)} held out: final figures only, not for tuning", file=sys.stderr)
    res = evaluate(fn, originals, names, [float(r) for r in args.rates.split(",")],
                   args.seed, not args.no_names, clean, group=args.grouping, siblings=args.siblings,
                   peers=args.peers, run=args.run)
    res["settings"] = {"despin": args.despin, "limit": args.limit, "source": args.source, "seed": args.seed,
                       "names": not args.no_names, "clean": str(args.clean) if args.clean else None}
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
