"""Build the review page: one self-contained HTML file.

The overview (counts, histograms) is written here as plain HTML and SVG and
needs no script.  Clusters go into the page as JSON: a small index (one
entry per cluster: ids, title, size, flags) that page.js searches and pages
through, and the details (texts, copies as word diffs, repairs) in chunks of
``CHUNK`` clusters, each in its own ``<script type="application/json">``,
parsed only when one of its clusters is opened.  Article text never goes
through an HTML parser: it sits in JSON with ``<``, ``>`` and ``&`` escaped,
and page.js puts it on the page as text nodes.  A Content-Security-Policy
allows only the page's own script and style and no network at all.
"""
from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import math
import os
import re
from importlib import resources
from string import Template
from typing import IO, Iterator

from . import diff, why
from .load import ReviewInput

CHUNK = 100                  # clusters per details chunk
RELATIONS = ("exact", "near", "contained", "spun")
# Index flags (also in page.js).
F_RELATION = {r: 1 << k for k, r in enumerate(RELATIONS)}
F_CANONICAL_SPUN, F_COPY_SPUN, F_INDEXED = 16, 32, 64

SIZE_BINS = ((1, 1), (2, 2), (3, 3), (4, 4), (5, 9), (10, 19), (20, 49), (50, 99),
             (100, None))
SIMILARITY_BINS = 10

RECORD_FIELDS = ("title", "date", "dateline", "credits", "url", "source", "lang",
                 "spun", "spin_score")

_JSON_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
              0x2028: "\\u2028", 0x2029: "\\u2029"}
_JSON_SAFE.update({c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)})  # lone surrogates
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def script_json(obj) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    >>> script_json({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_JSON_SAFE)


def utf16_offset(text: str, offset: int) -> int:
    """A code-point offset as the page's JavaScript counts (UTF-16 units).

    >>> utf16_offset("\U0001F600 said", 2)
    3
    """
    return offset + len(_ASTRAL.findall(text, 0, offset))


def _repairs(rec: dict, text: str) -> list[dict]:
    """Repairs with offsets for the page; credits repairs index their line."""
    out = []
    credits = rec.get("credits") or []
    for r in rec.get("repairs") or []:
        if not isinstance(r, dict) or not isinstance(r.get("offset"), int):
            continue
        where, field = text, r.get("field")
        if field:
            name, _, k = str(field).partition(".")
            if name != "credits" or not k.isdigit() or int(k) >= len(credits):
                continue
            where = credits[int(k)]
        if not 0 <= r["offset"] <= len(where):      # a hand-made corpus: no repair of this field
            continue
        item = {"offset": utf16_offset(where, r["offset"]), "from": str(r.get("from", "")),
                "to": str(r.get("to", "")), "rule": str(r.get("rule", ""))}
        if field:
            item["field"] = field
        out.append(item)
    return out


def _record(rec: dict, text: str) -> dict:
    """The fields the page shows of one article (empty ones left out)."""
    out = {k: rec[k] for k in RECORD_FIELDS if rec.get(k) not in (None, "", [])}
    if isinstance(out.get("credits"), list):
        out["credits"] = [str(c) for c in out["credits"]]
    else:
        out.pop("credits", None)
    out["words"] = diff.word_count(text)
    reps = _repairs(rec, text)
    if reps:
        out["repairs"] = reps
    return out


def _similarity(m: dict) -> float | None:
    s = m.get("similarity")
    return float(s) if isinstance(s, (int, float)) and not isinstance(s, bool) else None


INDEX_COLUMNS = ("cluster", "id", "title", "date", "size", "minsim", "flags", "more")


def _entry(cluster, canonical_id, title, date, flags, members, copies) -> dict:
    """A cluster's line in the page's index (what the list and search use)."""
    sims = [s for s in (_similarity(m) for m in members) if s is not None]
    for m in members:
        flags |= F_RELATION.get(m.get("relation"), 0)
    more = [m["id"] for m in members]
    more += [c["record"]["title"] for c in copies
             if c.get("record") and c["record"].get("title")]
    return {"cluster": str(cluster or ""), "id": canonical_id, "title": title, "date": date,
            "size": len(members) + 1,            # an indexed canonical counts too
            "minsim": min(sims) if sims else None, "flags": flags, "more": "\n".join(more)}


def cluster_items(data: ReviewInput) -> Iterator[tuple[dict, dict]]:
    """``(index entry, details)`` of each cluster: the corpus's stories in
    file order, then copies of stories indexed by earlier runs."""
    for rec in data.corpus:
        text = rec["text"]
        flags = F_CANONICAL_SPUN if rec.get("spun") else 0
        copies = []
        for m in rec.get("duplicates") or []:
            copy = {"id": m["id"], "relation": m.get("relation"), "similarity": _similarity(m)}
            other = data.records.get(m["id"])
            if other is not None:
                copy["record"] = _record(other, other["text"])
                copy["diff"] = diff.encode(text, other["text"])
                flags |= F_COPY_SPUN if other.get("spun") else 0
                copy["why"] = why.explain(rec, other)
            elif data.clean_given:
                copy["why"] = "The clean file has no record of this copy to compare."
            else:
                copy["why"] = ("Give --clean to see this copy's text and why the canonical "
                               "was preferred.")
            copies.append(copy)
        head = dict(id=rec["id"], **_record(rec, text), text=text)
        yield (_entry(rec.get("cluster"), rec["id"], rec.get("title") or "",
                      rec.get("date") or "", flags, rec.get("duplicates") or [], copies),
               {"canonical": head, "copies": copies})

    for line in data.indexed:
        flags, copies, title = F_INDEXED, [], ""
        for m in line["members"]:
            copy = {"id": m["id"], "relation": m.get("relation"), "similarity": _similarity(m),
                    "why": "The canonical was indexed by an earlier run; a story keeps it."}
            other = data.records.get(m["id"])
            if other is not None:
                copy["record"] = _record(other, other["text"])
                copy["text"] = other["text"]
                flags |= F_COPY_SPUN if other.get("spun") else 0
                title = title or other.get("title") or ""
            copies.append(copy)
        yield (_entry(line["cluster"], line["canonical"], title, "", flags, line["members"],
                      copies),
               {"canonical": {"id": line["canonical"], "indexed": True}, "copies": copies})


def clusters(data: ReviewInput) -> tuple[dict, list[dict]]:
    """The page's cluster index (columns) and the details of every cluster."""
    cols: dict[str, list] = {k: [] for k in INDEX_COLUMNS}
    details = []
    for entry, detail in cluster_items(data):
        for k in INDEX_COLUMNS:
            cols[k].append(entry[k])
        details.append(detail)
    return cols, details


def overview(data: ReviewInput) -> dict:
    """The counts at the top of the page."""
    rel = {r: 0 for r in RELATIONS}
    other_rel = 0
    spun = 0
    for rec in data.corpus:
        spun += bool(rec.get("spun"))
        for m in rec.get("duplicates") or []:
            if m.get("relation") in rel:
                rel[m["relation"]] += 1
            else:
                other_rel += 1
    copies = sum(rel.values()) + other_rel
    spun += sum(1 for r in data.records.values() if r.get("spun"))
    indexed = sum(len(line["members"]) for line in data.indexed)
    counts = {"articles": len(data.corpus) + copies + indexed + len(data.seen),
              "stories": len(data.corpus), "copies": copies, **rel}
    if other_rel:
        counts["other"] = other_rel
    counts["spun-articles"] = spun
    counts["rejects"] = data.rejects
    # Rows that only an --index run or a mismatched clean file fill.
    for key, value in (("indexed", indexed), ("seen", len(data.seen)),
                       ("unaccounted", data.clean_unaccounted)):
        if value:
            counts[key] = value
    return counts


COUNT_LABELS = {
    "articles": "Articles in",
    "stories": "Stories (canonical records)",
    "copies": "Copies merged",
    "exact": "\u2003exact copies",
    "near": "\u2003near copies",
    "contained": "\u2003contained (cut) copies",
    "spun": "\u2003spun copies",
    "other": "\u2003copies with another relation",
    "spun-articles": "Spun articles (flagged by clean)",
    "rejects": "Rejects",
    "indexed": "Copies of stories indexed by earlier runs",
    "seen": "Articles the index had already seen",
    "unaccounted": "Articles in the clean file but not in the corpus",
}


def _counts_table(counts: dict, data: ReviewInput) -> str:
    rows = []
    for key, value in counts.items():
        label = html.escape(COUNT_LABELS[key])
        if value is None:
            cell = f'<td id="n-{key}">not given</td>'
        else:
            cell = f'<td id="n-{key}" data-value="{value}">{value:,}</td>'
        rows.append(f"<tr><th scope=\"row\">{label}</th>{cell}</tr>")
    notes = []
    if not data.clean_given:
        notes.append("Copies are listed by id only: give --clean to see their text.")
    note = "".join(f"<p class=\"note\">{html.escape(n)}</p>" for n in notes)
    return ('<table class="counts"><caption>Counts</caption><tbody>'
            + "".join(rows) + "</tbody></table>" + note)


def size_histogram(sizes: list[int]) -> list[tuple[str, int]]:
    """Clusters per size bin, up to the largest bin in use.

    >>> size_histogram([1, 1, 2, 7])
    [('1', 2), ('2', 1), ('3', 0), ('4', 0), ('5\u20139', 1)]
    """
    bins = []
    for lo, hi in SIZE_BINS:
        label = str(lo) if lo == hi else (f"{lo}+" if hi is None else f"{lo}\u2013{hi}")
        bins.append((label, sum(1 for s in sizes if s >= lo and (hi is None or s <= hi))))
    while len(bins) > 1 and bins[-1][1] == 0:
        bins.pop()
    return bins


def similarity_histogram(sims: list[float]) -> list[tuple[str, int]]:
    """Copies per similarity bin of 0.1 (1.0 goes in the last bin).

    >>> similarity_histogram([0.05, 0.95, 1.0])[::9]
    [('0.0', 1), ('0.9', 2)]
    """
    counts = [0] * SIMILARITY_BINS
    for s in sims:
        counts[min(int(s * SIMILARITY_BINS), SIMILARITY_BINS - 1)] += 1
    return [(f"{k / SIMILARITY_BINS:.1f}", n) for k, n in enumerate(counts)]


def bar_chart(ident: str, title: str, axis: str, bins: list[tuple[str, int]]) -> str:
    """An inline SVG bar chart with a count over each bar (log-scaled heights,
    so a few large clusters still show next to many single ones)."""
    width, height, top, bottom, side = 420, 200, 24, 40, 10
    step = (width - 2 * side) / len(bins)
    bar = round(min(step * 0.7, 40), 1)
    top_value = max([n for _, n in bins] + [1])
    scale = (height - top - bottom) / math.log10(top_value + 1)
    parts = [f'<svg id="{ident}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="{ident}-t {ident}-d" class="chart">',
             f'<title id="{ident}-t">{html.escape(title)}</title>',
             f'<desc id="{ident}-d">{html.escape(axis)}: '
             + html.escape(", ".join(f"{label}: {n}" for label, n in bins)) + "</desc>",
             f'<line x1="{side}" y1="{height - bottom}" x2="{width - side}" '
             f'y2="{height - bottom}" class="axis"/>']
    for k, (label, n) in enumerate(bins):
        middle = round(side + step * (k + 0.5), 1)
        h = round(math.log10(n + 1) * scale, 1)
        y = round(height - bottom - h, 1)
        parts.append(f'<rect x="{round(middle - bar / 2, 1)}" y="{y}" width="{bar}" '
                     f'height="{h}" class="bar"/>')
        parts.append(f'<text x="{middle}" y="{round(y - 5, 1)}" class="count">{n:,}</text>')
        parts.append(f'<text x="{middle}" y="{height - bottom + 16}" class="label">'
                     f"{html.escape(label)}</text>")
    if not any(n for _, n in bins):
        parts.append(f'<text x="{width // 2}" y="{height // 2}" class="axis-label">'
                     "none</text>")
    parts.append(f'<text x="{width // 2}" y="{height - 6}" class="axis-label">'
                 f"{html.escape(axis)}</text></svg>")
    return "\n".join(parts)


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _charts(data: ReviewInput) -> str:
    sizes = [1 + len(r.get("duplicates") or []) for r in data.corpus]
    sizes += [1 + len(line["members"]) for line in data.indexed]
    members = [m for r in data.corpus for m in r.get("duplicates") or []]
    members += [m for line in data.indexed for m in line["members"]]
    sims = [s for s in map(_similarity, members) if s is not None]
    return (
        "<figure>" + bar_chart("sizes", "Clusters by size", "articles in the cluster",
                               size_histogram(sizes))
        + "<figcaption>Clusters by number of articles (bar height on a log scale; "
          "the figure over each bar is the count).</figcaption></figure>"
        + "<figure>" + bar_chart("similarities", "Copies by similarity",
                                 "similarity to the canonical", similarity_histogram(sims))
        + "<figcaption>Copies by similarity to their canonical, in steps of 0.1 "
          "(log scale, counts over the bars).</figcaption></figure>")


def _block(ident: str, value) -> str:
    return f'<script type="application/json" id="{ident}">{script_json(value)}</script>\n'


def write_page(data: ReviewInput, names: dict, fh: IO[str]) -> None:
    """Write the page to ``fh`` as it goes (one chunk of details at a time).
    ``names``: the input file names to show."""
    css, js = _asset("page.css"), _asset("page.js")
    csp = ("default-src 'none'; "
           f"script-src 'sha256-{_sha256(js)}'; style-src 'sha256-{_sha256(css)}'; "
           "img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")
    inputs = " \u00b7 ".join(f"{k}: {v}" for k, v in names.items() if v)
    fields = dict(csp=html.escape(csp, quote=False),
                  title=html.escape(f"normtool review: {names['corpus']}"),
                  heading=html.escape(names["corpus"]), inputs=html.escape(inputs),
                  counts=_counts_table(overview(data), data), charts=_charts(data),
                  css=css, js=js)
    head, tail = (Template(part).substitute(fields)
                  for part in _asset("page.html").split("$data\n"))
    fh.write(head)
    cols: dict[str, list] = {k: [] for k in INDEX_COLUMNS}
    chunk: list[dict] = []
    chunks = 0
    for entry, detail in cluster_items(data):
        for k in INDEX_COLUMNS:
            cols[k].append(entry[k])
        chunk.append(detail)
        if len(chunk) == CHUNK:
            fh.write(_block(f"nt-d{chunks}", chunk))
            chunk, chunks = [], chunks + 1
    if chunk:
        fh.write(_block(f"nt-d{chunks}", chunk))
        chunks += 1
    fh.write(_block("nt-index", {"chunk": CHUNK, "chunks": chunks, **cols}))
    fh.write(tail)


def build_page(data: ReviewInput, names: dict) -> str:
    """The whole page as one string (see ``write_page``)."""
    buf = io.StringIO()
    write_page(data, names, buf)
    return buf.getvalue()


def write_review(corpus: str, output: str, report: str | None = None,
                 clean: str | None = None, rejects: str | None = None) -> dict:
    """Read the inputs, write the review page atomically; return the counts."""
    from .load import load
    from ..io.write import AtomicOutput    # the one place the review imports the writer
    data = load(corpus, report=report, clean=clean, rejects=rejects)
    names = {"corpus": os.path.basename(corpus),
             "report": report and os.path.basename(report),
             "clean": clean and os.path.basename(clean),
             "rejects": rejects and os.path.basename(rejects)}
    with AtomicOutput(output, inputs=[p for p in (corpus, report, clean, rejects) if p]) as fh:
        write_page(data, names, fh)
    return overview(data)
