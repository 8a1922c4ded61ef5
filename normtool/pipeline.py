"""Runs: read -> clean -> despin -> language -> write, and read -> dedup -> write.

This is the library entry point the CLI calls; it is usable from Python
without Click.  A run keeps a ``Summary`` of what each step did (articles in,
out, rejected and why) and reports it at the end.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import IO, BinaryIO, Callable, Iterable, Iterator, Sequence

from .article import Article
from .clean import clean_article
from .despin import despin_article
from .errors import InputError, NormtoolError
from .lang import add_languages
from .options import CleanOptions, DedupOptions, RunOptions
from .read import Rejected, read_inputs
from .write import AtomicOutput, write_jsonl

Progress = Callable[[Iterator[Article]], Iterator[Article]]


@dataclass
class Summary:
    """Counters for one run; ``line()`` is the one-line report on stderr."""

    command: str
    read: int = 0
    rejected: int = 0
    written: int = 0
    steps: dict = field(default_factory=dict)   # step name -> counters
    rejects: list = field(default_factory=list)

    def count(self, step: str, key: str, n: int = 1) -> None:
        self.steps.setdefault(step, {}).setdefault(key, 0)
        self.steps[step][key] += n

    def line(self) -> str:
        parts = [f"normtool {self.command}: {self.read} articles in",
                 f"{self.written} out", f"{self.rejected} rejected"]
        for step in sorted(self.steps):
            detail = ", ".join(f"{k} {v}" for k, v in sorted(self.steps[step].items()))
            parts.append(f"{step}: {detail}")
        return "; ".join(parts)


def accept(items: Iterable[Article | Rejected], run: RunOptions, summary: Summary
           ) -> Iterator[Article]:
    """Pass good articles on; stop at or set aside bad ones per ``run.on_error``.

    Also rejects a repeated id (the second and later occurrence), and raises
    at the end when the input held no article at all.
    """
    seen: dict[str, str] = {}
    total = 0
    for item in items:
        total += 1
        if isinstance(item, Article) and item.id in seen:
            err = _dup_error(item, seen[item.id])
            item = Rejected(err, None)
        if isinstance(item, Rejected):
            if run.on_error != "skip":
                raise item.error
            summary.rejected += 1
            summary.rejects.append(item)
            continue
        seen[item.id] = item.source
        summary.read += 1
        yield item
    if total == 0:
        raise InputError("input", None, "no articles found (empty input)")


def _dup_error(article: Article, first_source: str) -> InputError:
    path, _, line = article.source.rpartition(":")
    if not path or not line.isdigit():
        path, line = article.source, None
    return InputError(path, int(line) if line else None,
                      f"duplicate id {article.id!r} (first seen at {first_source})")


def clean_one(article: Article, options: CleanOptions) -> Article:
    """Everything ``clean`` does to one article, in order."""
    return clean_chunk([article], options)[0]


CLEAN_CHUNK = 256   # articles cleaned together (language detection runs per chunk)


def clean_chunk(articles: Sequence[Article], options: CleanOptions) -> list[Article]:
    """Everything ``clean`` does to a run of articles, in order; languages
    are detected as one batch."""
    out = []
    for article in articles:
        article = clean_article(article, options)
        if options.despin:
            article = despin_article(article, options)
        out.append(article)
    return add_languages(out) if options.detect_language else out


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def clean_articles(articles: Iterable[Article], options: CleanOptions = CleanOptions()
                   ) -> Iterator[Article]:
    """Clean a stream of articles, in order, with ``options.jobs`` processes.

    Articles go through in chunks of ``CLEAN_CHUNK``; with workers, at most
    two chunks per worker are in flight, so memory does not grow with the
    input.
    """
    if options.jobs <= 1:
        for chunk in _chunks(articles, CLEAN_CHUNK):
            yield from clean_chunk(chunk, options)
        return
    import multiprocessing as mp
    from collections import deque
    with mp.get_context("fork").Pool(options.jobs) as pool:
        pending: deque = deque()
        for chunk in _chunks(articles, CLEAN_CHUNK):
            pending.append(pool.apply_async(clean_chunk, (chunk, options)))
            if len(pending) >= 2 * options.jobs:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _write_rejects(summary: Summary, path: str | None) -> None:
    if not path:
        return
    with AtomicOutput(path) as fh:
        for rej in summary.rejects:
            fh.write(json.dumps(rej.to_dict(), ensure_ascii=False) + "\n")


def run_clean(inputs: Sequence[str], output: str | None,
              options: CleanOptions = CleanOptions(), run: RunOptions = RunOptions(),
              stdin: BinaryIO | None = None, stdout: IO[str] | None = None,
              progress: Progress | None = None) -> Summary:
    """``normtool clean``: read, clean, write JSONL; return the run summary."""
    summary = Summary("clean")
    articles = accept(read_inputs(inputs, stdin), run, summary)
    if progress:
        articles = progress(articles)
    with AtomicOutput(output, stdout) as fh:
        summary.written = write_jsonl(clean_articles(articles, options), fh)
    _write_rejects(summary, run.rejects)
    return summary


def run_dedup(inputs: Sequence[str], output: str | None,
              options: DedupOptions = DedupOptions(), run: RunOptions = RunOptions(),
              stdin: BinaryIO | None = None, stdout: IO[str] | None = None,
              progress: Progress | None = None, report: str | None = None) -> Summary:
    """``normtool dedup``: read JSONL, group copies, write canonical records."""
    from .dedup import dedup_articles
    summary = Summary("dedup")
    articles = accept(read_inputs(inputs, stdin), run, summary)
    if progress:
        articles = progress(articles)
    articles = list(articles)
    if options.index:   # incremental: against a persistent index (issue #6)
        from .incremental import dedup_with_index
        result = dedup_with_index(articles, options, output, stdout, report)
        summary.written = len(result.records)
        for key, n in sorted(result.counts.items()):
            summary.count("index", key, n)
        _write_rejects(summary, run.rejects)
        return summary
    stats: dict = {}
    records = list(dedup_articles(articles, options, stats))
    with AtomicOutput(output, stdout) as fh:
        summary.written = write_jsonl(records, fh)
    if report:
        from .dedup import report_line
        with AtomicOutput(report) as fh:
            for rec in records:
                fh.write(json.dumps(report_line(rec), ensure_ascii=False) + "\n")
    for key, n in sorted(stats.items()):
        summary.count("dedup", key, n)
    _write_rejects(summary, run.rejects)
    return summary


__all__ = ["Summary", "run_clean", "run_dedup", "clean_articles", "clean_one",
           "accept", "NormtoolError"]
