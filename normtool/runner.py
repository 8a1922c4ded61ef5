"""The runner: each command's steps in order, from inputs to outputs.

``clean``:   read -> clean -> despin -> language -> write
``dedup``:   read -> (despin a matching copy) -> fingerprint -> candidates ->
             verify -> cluster -> write
``despin``:  read -> clean -> despin -> show repairs
``overlap``: read -> shared passages -> write

This is the library entry point the CLI calls; it is usable from Python
without Click.  Steps never import the runner.  A run keeps a ``Summary`` of
what each step did (articles in, out, rejected and why) and reports it at
the end.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import IO, BinaryIO, Callable, Iterable, Iterator, Sequence

from .article import Article
from .clean import clean_article
from .despin import despin_article
from .errors import InputError, NormtoolError
from .io import AtomicOutput, Rejected, read_inputs, write_jsonl
from .lang import add_languages
from .options import CleanOptions, DedupOptions, OverlapOptions, RunOptions
from .workers import ordered_map

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


def _chunks(items: Iterable, size: int) -> Iterator[list]:
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
    two chunks per worker are in flight (``workers.ordered_map``), so memory
    does not grow with the input.
    """
    tasks = ((chunk, options) for chunk in _chunks(articles, CLEAN_CHUNK))
    for cleaned in ordered_map(_clean_task, tasks, options.jobs):
        yield from cleaned


def _clean_task(task: tuple) -> list[Article]:
    return clean_chunk(*task)


def write_rejects(summary: Summary, path: str | None) -> None:
    """Write the items a ``--on-error skip`` run set aside, with their reasons."""
    if path:
        _write_lines(path, (rej.to_dict() for rej in summary.rejects))


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
    write_rejects(summary, run.rejects)
    return summary


def matching_copies(articles: Sequence[Article], options: DedupOptions) -> list[Article] | None:
    """The articles as dedup should compare them: despun where clean has not.

    An article without a despin verdict (``spun`` unset, no repairs) is
    despun with the user's spin options, so a spun copy matches its source
    by its repaired words; the records written stay as given.  ``None``
    when every article already has its verdict.
    """
    todo = [a.spun is None and not a.repairs for a in articles]
    if not options.despin or not any(todo):
        return None
    spin = CleanOptions(spin_table_files=options.spin_table_files,
                        spin_threshold=options.spin_threshold)
    tasks = ((chunk, spin) for chunk in _chunks(
        (a for a, t in zip(articles, todo) if t), CLEAN_CHUNK))
    despun = iter([a for chunk in ordered_map(_despin_task, tasks, options.jobs) for a in chunk])
    return [next(despun) if t else a for a, t in zip(articles, todo)]


def _despin_task(task: tuple) -> list[Article]:
    chunk, options = task
    return [despin_article(a, options) for a in chunk]


def run_dedup(inputs: Sequence[str], output: str | None,
              options: DedupOptions = DedupOptions(), run: RunOptions = RunOptions(),
              stdin: BinaryIO | None = None, stdout: IO[str] | None = None,
              progress: Progress | None = None, report: str | None = None) -> Summary:
    """``normtool dedup``: read JSONL, group copies, write canonical records."""
    from .dedup import dedup_articles, report_line
    summary = Summary("dedup")
    articles = accept(read_inputs(inputs, stdin), run, summary)
    if progress:
        articles = progress(articles)
    articles = list(articles)
    matching = matching_copies(articles, options)
    if options.index:   # incremental: against a persistent index
        result = dedup_with_index(articles, options, output, stdout, report, matching=matching)
        summary.written = len(result.records)
        for key, n in sorted(result.counts.items()):
            summary.count("index", key, n)
        write_rejects(summary, run.rejects)
        return summary
    stats: dict = {}
    records = list(dedup_articles(articles, options, stats, matching=matching))
    with AtomicOutput(output, stdout) as fh:
        summary.written = write_jsonl(records, fh)
    if report:
        _write_lines(report, [report_line(rec) for rec in records])
    for key, n in sorted(stats.items()):
        summary.count("dedup", key, n)
    write_rejects(summary, run.rejects)
    return summary


def _write_lines(path: str, lines: Iterable[dict]) -> None:
    """JSON objects, one a line, written atomically to ``path``."""
    with AtomicOutput(path) as fh:
        for line in lines:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def dedup_with_index(articles: Sequence[Article], options: DedupOptions, output: str | None,
                     stdout: IO[str] | None = None, report: str | None = None,
                     now: float | None = None, matching: Sequence[Article] | None = None):
    """``dedup --index``: fingerprint, open the index, decide, write files, commit.

    ``matching``: the same articles with the text to compare (e.g. despun);
    the records written are always ``articles``.  Returns the
    ``IncrementalResult``.
    """
    from .dedup.incremental import fingerprint_batch, run_incremental
    from .index import open_index

    def write(result) -> None:
        with AtomicOutput(output, stdout) as fh:
            write_jsonl(result.records, fh)
        if report:
            _write_lines(report, result.report)

    fps = fingerprint_batch(matching if matching is not None else articles, options)
    backend = open_index(options.index)
    try:
        to_stdout = output in (None, "-")
        return run_incremental(articles, options, backend, write, now, fps,
                               write_after_commit=to_stdout and backend.kind == "redis")
    finally:
        backend.close()


def despin_inputs(inputs: Sequence[str], options: CleanOptions = CleanOptions(),
                  run: RunOptions = RunOptions(), stdin: BinaryIO | None = None
                  ) -> Iterator[tuple[Article, str]]:
    """``normtool despin``: read and clean ``inputs`` as ``clean`` does, then despin.

    Yields ``(article, text before despin)`` so a report can show what changed.
    """
    summary = Summary("despin")
    for art in accept(read_inputs(inputs, stdin), run, summary):
        art = clean_article(art, options)
        yield despin_article(art, options), art.text


def run_overlap(inputs: Sequence[str], output: str | None,
                options: OverlapOptions = OverlapOptions(), run: RunOptions = RunOptions(),
                stdin: BinaryIO | None = None, stdout: IO[str] | None = None) -> Summary:
    """``normtool overlap``: read articles, write one JSONL line per overlapping pair."""
    from .dedup.overlap import find_overlaps
    summary = Summary("overlap")
    articles = list(accept(read_inputs(inputs, stdin), run, summary))
    with AtomicOutput(output, stdout) as fh:
        for rec in find_overlaps(articles, options):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            summary.written += 1
    summary.count("overlap", "pairs", summary.written)
    write_rejects(summary, run.rejects)
    return summary


__all__ = ["Summary", "run_clean", "run_dedup", "run_overlap", "despin_inputs", "clean_articles",
           "clean_one", "clean_chunk", "accept", "matching_copies", "write_rejects", "dedup_with_index",
           "NormtoolError"]
