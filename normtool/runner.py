"""The runner: each command's steps in order, from inputs to outputs.

``clean``:   read -> clean -> despin -> language -> (copies of one story: restore
             spun copies from their sources, ``despin.siblings``) -> write
``dedup``:   read -> spool -> (despin a matching copy) -> fingerprint -> candidates ->
             verify -> cluster -> write (``dedup.stream``: memory set by ``--memory``)
``despin``:  read -> clean -> despin -> show repairs
``overlap``: read -> shared passages -> write

This is the library entry point the CLI calls; it is usable from Python
without Click.  Steps never import the runner.  A run keeps a ``Summary`` of
what each step did (articles in, out, rejected and why) and reports it at
the end.  Every output of a run (``-o``, ``--report``, ``--rejects``) is
opened before any work and published together at the end (``io.Outputs``).
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import IO, BinaryIO, Callable, Iterable, Iterator, Sequence

from .article import Article, json_line
from .clean import clean_article
from .despin import check_files, despin_article
from .errors import InputError, NormtoolError
from .io import Outputs, Rejected, expand_inputs, read_inputs, write_jsonl
from .lang import add_languages
from .options import DEFAULT_MAX_BYTES, CleanOptions, DedupOptions, OverlapOptions, RunOptions
from .workers import make_engine, ordered_map

Progress = Callable[[Iterator[Article]], Iterator[Article]]


@dataclass
class Summary:
    """Counters for one run; ``line()`` is the one-line report on stderr.

    ``read`` counts every item read and ``rejected`` every item set aside at
    any step, so for ``clean``, ``read == written + rejected``.  Rejects go
    to the ``--rejects`` stream as they come (only the first is kept, for
    the message).
    """

    command: str
    read: int = 0
    rejected: int = 0
    written: int = 0
    steps: dict = field(default_factory=dict)   # step name -> counters
    first_reject: Rejected | None = None
    rejects_fh: IO[str] | None = field(default=None, repr=False)

    def count(self, step: str, key: str, n: int = 1) -> None:
        self.steps.setdefault(step, {}).setdefault(key, 0)
        self.steps[step][key] += n

    def reject(self, item: Rejected, run: RunOptions) -> None:
        """Stop (``--on-error fail``), or set the item aside and record it."""
        if run.on_error != "skip":
            raise item.error
        self.rejected += 1
        if self.first_reject is None:
            self.first_reject = item
        if self.rejects_fh is not None:
            self.rejects_fh.write(json_line(item.to_dict()) + "\n")

    def skip(self, kind: str) -> None:
        """An input record that is no article (a WARC ``request``, an image):
        counted for the summary line, neither read nor rejected."""
        self.count("not articles", kind)

    def line(self) -> str:
        parts = [f"normtool {self.command}: {self.read} articles in",
                 f"{self.written} out", f"{self.rejected} rejected"]
        for step in sorted(self.steps):
            detail = ", ".join(f"{k} {v}" for k, v in sorted(self.steps[step].items()))
            parts.append(f"{step}: {detail}")
        return "; ".join(parts)


def accept(items: Iterable[Article | Rejected], run: RunOptions, summary: Summary,
           inputs: Sequence[str] = ()) -> Iterator[Article]:
    """Pass good articles on; stop at or set aside bad ones per ``run.on_error``.

    Raises at the end when the input held no item at all, naming ``inputs``
    (an empty file, or a folder with no article files, in a cron line).
    """
    for item in items:
        summary.read += 1
        if isinstance(item, Rejected):
            summary.reject(item, run)
            continue
        yield item
    if summary.read == 0:
        named = list(inputs) or ["-"]
        more = f" (and {len(named) - 1} more)" if len(named) > 1 else ""
        raise InputError(named[0] + more, None, "no articles found (empty input)")


def read_articles(inputs: Sequence[str], stdin: BinaryIO | None, run: RunOptions,
                  summary: Summary) -> Iterator[Article]:
    """The good articles of ``inputs`` (``accept``); records that are no
    article (a web archive's requests, images) counted in ``summary``."""
    return accept(read_inputs(inputs, stdin, run.max_bytes, on_skip=summary.skip), run, summary,
                  inputs)


def _where(article: Article) -> tuple[str, int | None]:
    """``(path, line)`` of an article, from its ``source``."""
    path, _, line = article.source.rpartition(":")
    if not path or not line.isdigit():
        return article.source, None
    return path, int(line)


def cleaned_or_rejected(article: Article, max_bytes: int | None) -> Article | Rejected:
    """A cleaned article, or a reject when cleaning left no text (a page of
    furniture only) or more than ``max_bytes`` (so that dedup, with the same
    limit, takes every record clean writes).  The reject's ``raw`` is the
    cleaned record: its ``removed`` list holds every paragraph taken out."""
    path, line = _where(article)
    if not article.text.strip():
        rules = sorted({str(r.get("rule")) for r in article.removed if isinstance(r, dict)})
        why = (f"nothing left after cleaning: {len(article.removed)} paragraph(s) removed "
               f"as furniture ({', '.join(rules)})" if rules
               else "nothing left after cleaning (no words in the text)")
        return Rejected(InputError(path, line, why), article.to_json())
    if max_bytes is not None and len(article.text) > max_bytes // 4:
        size = len(article.text.encode("utf-8"))
        if size > max_bytes:
            return Rejected(InputError(path, line, f"article too large after cleaning: "
                                                   f"{size} bytes (--max-bytes {max_bytes})"))
    return article


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

    Articles go through in chunks of ``CLEAN_CHUNK`` (the partitions); with
    workers, at most two chunks per worker are in flight, so memory does not
    grow with the input.  ``options.engine``: the local pool, or a Dask
    cluster (``workers.make_engine``); results come back in order either way.
    """
    tasks = ((chunk, options) for chunk in _chunks(articles, CLEAN_CHUNK))
    engine = make_engine(options.engine, options.jobs, options.scheduler)
    try:
        for cleaned in engine.imap(_clean_task, tasks):
            yield from cleaned
    finally:
        engine.close()


def _clean_task(task: tuple) -> list[Article]:
    return clean_chunk(*task)


def _open_outputs(outs: Outputs, summary: Summary, run: RunOptions, *paths: str | None
                  ) -> list:
    """Open a run's outputs and its ``--rejects`` file, all before any work,
    once none of them is an input or the index (``Outputs.check``).
    The first path is the main output: a folder of parts with ``run.parts``."""
    for k, p in enumerate(paths + (run.rejects,)):
        outs.check(p, run.parts if k == 0 else None)
    streams = [outs.open(p, run.parts if k == 0 else None) if p is not None else None
               for k, p in enumerate(paths)]
    if run.rejects:
        summary.rejects_fh = outs.open(run.rejects)
    return streams


def _clean_reads(inputs: Sequence[str] | None, options: CleanOptions) -> tuple:
    """The files a ``clean`` or ``despin`` run reads, which no output may replace."""
    return (*(inputs or ()), *options.sources, *options.rules_files, *options.spin_table_files,
            *options.name_files)


def run_clean(inputs: Sequence[str], output: str | None,
              options: CleanOptions = CleanOptions(), run: RunOptions = RunOptions(),
              stdin: BinaryIO | None = None, stdout: IO[str] | None = None,
              progress: Progress | None = None) -> Summary:
    """``normtool clean``: read, clean, write JSONL; return the run summary."""
    summary = Summary("clean")
    if options.despin:
        check_files(options.spin_table_files, options.name_files)
    check_sources(options)
    read = _clean_reads(inputs, options)
    with Outputs(stdout, read) as outs:
        [fh] = _open_outputs(outs, summary, run, output or "-")
        articles = read_articles(inputs, stdin, run, summary)
        if progress:
            articles = progress(articles)
        records = _cleaned(clean_articles(articles, options), run, summary)
        if options.despin and options.siblings:
            records = restore_siblings(records, options, summary, run.max_bytes)
        for art in records:
            fh.write(art.to_json() + "\n")
            summary.written += 1
        outs.commit()
    return summary


def _cleaned(articles: Iterable[Article], run: RunOptions, summary: Summary) -> Iterator[Article]:
    for art in articles:
        art = cleaned_or_rejected(art, run.max_bytes)
        if isinstance(art, Rejected):
            summary.reject(art, run)
            summary.count("clean", "rejected")
            continue
        yield art


def check_sources(options: CleanOptions) -> None:
    """Before any work: ``options.sources`` name files or folders that
    exist, and the siblings step that uses them is on."""
    if not options.sources:
        return
    if not (options.despin and options.siblings):
        raise NormtoolError("--sources needs the siblings step, which is off "
                            "(--no-siblings or --no-despin)")
    if "-" in options.sources:
        raise InputError("-", None, "sources are files or folders, not standard input")
    expand_inputs(options.sources)


def has_verdict(article: Article) -> bool:
    """Despin has judged ``article`` (a record ``clean`` wrote): ``spun`` is set or repairs made."""
    return article.spun is not None or bool(article.repairs)


def read_sources(options: CleanOptions, max_bytes: int | None = DEFAULT_MAX_BYTES
                 ) -> Iterator[Article]:
    """The articles of ``options.sources``, in order.  A bad item stops the
    run whatever ``--on-error`` says: a source is never set aside unseen.
    Ids may repeat (two days' output holding one story)."""
    for item in read_inputs(options.sources, None, max_bytes, unique_ids=False):
        if isinstance(item, Rejected):
            raise item.error
        yield item


def _source_task(task: tuple) -> list[Article]:
    """Sources as the run compares them: records ``clean`` wrote as they
    are, others cleaned and despun with the run's options; none that
    cleaning emptied."""
    chunk, options = task
    done = iter(clean_chunk([a for a in chunk if not has_verdict(a)], options))
    out = [a if has_verdict(a) else next(done) for a in chunk]
    return [a for a in out if isinstance(cleaned_or_rejected(a, None), Article)]


def restore_siblings(articles: Iterable[Article], options: CleanOptions = CleanOptions(),
                     summary: Summary | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES
                     ) -> Iterator[Article]:
    """The articles in order, spun copies restored from unspun copies of
    their story (``despin.siblings``).  A one-shot dedup in bounded memory
    (``dedup.stream``) tells which articles are copies of one story.  The
    articles of ``options.sources`` join the dedup after them, to be
    compared only (under ids of their own: they may repeat the run's).
    Flagged articles also take the repairs that the run's other flagged
    articles agree on (``despin.lexicon``: one spinner, one dictionary)."""
    from .dedup.stream import StreamDedup
    from .despin.lexicon import Lexicon, apply
    # The articles are despun already: dedup compares them as they are.
    dedup = DedupOptions(jobs=options.jobs, engine=options.engine, scheduler=options.scheduler,
                         despin=False, memory=options.memory, work_dir=options.work_dir)
    engine = make_engine(options.engine, options.jobs, options.scheduler)
    try:
        lexicon = Lexicon()
        with StreamDedup(dedup, dedup.memory, dedup.work_dir, engine) as sd:
            for art in articles:
                sd.add(art)
                lexicon.add(art)
            if options.sources:
                read = 0
                tasks = ((chunk, options) for chunk in _chunks(read_sources(options, max_bytes),
                                                               CLEAN_CHUNK))
                for chunk in engine.imap(_source_task, tasks):
                    for art in chunk:
                        sd.add(art.replace(id=f"\x00source {read}"), source=True)
                        read += 1
                if summary is not None:
                    summary.count("despin", "sources read", read)
            sd.run()
            pairs = lexicon.pairs()
            # Stories of one article need no work; the others go to the workers in chunks.
            for art, how in _restored(engine, sd.members()):
                if pairs and art.spun:
                    got = apply(art, pairs)
                    if got is not art:
                        art, how = got, how or "repaired as other articles of the run"
                if how and summary is not None:
                    summary.count("despin", how)
                yield art
    finally:
        engine.close()


def _restored(engine, members: Iterable[tuple[Article, list[Article]]]
              ) -> Iterator[tuple[Article, str | None]]:
    """``(article, how it was restored or None)`` in order: the summary's
    counter, ``restored from a copy``, ``repaired from a spun copy``
    (``despin.siblings.from_peer``) or ``unflagged: a copy's source``
    (``despin.siblings.as_written``).  Only articles with members to
    compare go to the workers (a few in a hundred): the rest are never
    pickled there and back."""
    held: deque = deque()       # each chunk as read: articles, and where the sent ones were

    def tasks() -> Iterator[list]:
        for chunk in _chunks(members, CLEAN_CHUNK):
            held.append(chunk)
            yield [(art, m) for art, m in chunk if m]
    for done in engine.imap(_restore_task, tasks()):
        got = iter(done)
        for art, m in held.popleft():
            yield next(got) if m else (art, None)


def _restore_task(chunk: list) -> list[tuple[Article, str | None]]:
    from .despin.siblings import PEER, restore_story
    out = []
    for art, members in chunk:
        got = restore_story(art, members) if members else art
        how = None
        if got is not art:
            peer = any(isinstance(r, dict) and r.get("rule") == PEER for r in got.repairs
                       if r not in art.repairs)
            how = ("unflagged: a copy's source" if art.spun and not got.spun
                   else "repaired from a spun copy" if peer else "restored from a copy")
        out.append((got, how))
    return out


def matching_copies(articles: Sequence[Article], options: DedupOptions) -> list[Article] | None:
    """The articles as dedup should compare them: despun where clean has not.

    An article without a despin verdict (``spun`` unset, no repairs) is
    despun with the user's spin options, so a spun copy matches its source
    by its repaired words; the records written stay as given.  ``None``
    when every article already has its verdict.
    """
    todo = [not has_verdict(a) for a in articles]
    if not options.despin or not any(todo):
        return None
    spin = CleanOptions(spin_table_files=options.spin_table_files,
                        spin_threshold=options.spin_threshold,
                        name_files=options.name_files)
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
    """``normtool dedup``: read JSONL, group copies, write canonical records.

    With ``--index`` the outputs are written after the index commits: a
    crash in between is repaired by running the batch again, which writes
    the same output (the index remembers how it placed each article).
    """
    from .dedup import dedup_articles, report_line
    from .dedup.matchtext import word_table
    summary = Summary("dedup")
    if options.despin:
        check_files(options.spin_table_files, options.name_files)
    word_table(tuple(options.match_words))   # a bad --match-words file stops the run here
    read = (*(inputs or ()), *options.match_words, *options.spin_table_files, *options.name_files)
    with Outputs(stdout, read, options.index) as outs:
        fh, rep = _open_outputs(outs, summary, run, output or "-", report)
        articles = read_articles(inputs, stdin, run, summary)
        if progress:
            articles = progress(articles)
        if options.index:   # incremental: against a persistent index
            result = dedup_with_index(list(articles), options)
            summary.written = write_jsonl(result.records, fh)
            if rep is not None:
                write_jsonl(result.report, rep)
            counts = {("index", k): n for k, n in result.counts.items()}
        else:               # one-shot, in bounded memory
            summary.written, counts = _dedup_stream(articles, options, fh, rep)
        for (step, key), n in sorted(counts.items()):
            summary.count(step, key, n)
        outs.commit()
    return summary


def _dedup_stream(articles: Iterable[Article], options: DedupOptions, fh, rep) -> tuple[int, dict]:
    """One-shot dedup of a stream in bounded memory (``dedup.stream``): the
    same records as ``dedup_articles``; returns (records written, counters)."""
    from .dedup import report_line
    from .dedup.stream import StreamDedup
    engine = make_engine(options.engine, options.jobs, options.scheduler)
    try:
        with StreamDedup(options, options.memory, options.work_dir, engine) as sd:
            for art in articles:
                sd.add(art)
            stats = sd.run()
            written = 0
            for rec in sd.records():
                fh.write(rec.to_json() + "\n")
                if rep is not None:
                    rep.write(json_line(report_line(rec)) + "\n")
                written += 1
    finally:
        engine.close()
    return written, {("dedup", k): n for k, n in stats.items()}


def dedup_with_index(articles: Sequence[Article], options: DedupOptions,
                     now: float | None = None):
    """``dedup --index``: open and lock the index, fingerprint, decide, commit.

    The lock is taken before any work, so an overlapping run waits (or
    gives up) before spending time on fingerprints.  Returns the
    ``IncrementalResult``; the caller writes it.
    """
    from .dedup.incremental import fingerprint_batch, run_incremental
    from .index import open_index

    backend = open_index(options.index, timeout=options.index_timeout)
    try:
        with backend.lock(options.lock_timeout):
            matching = matching_copies(articles, options)
            fps = fingerprint_batch(matching if matching is not None else articles, options)
            return run_incremental(articles, options, backend, None, now, fps)
    finally:
        backend.close()


def despin_inputs(inputs: Sequence[str], options: CleanOptions = CleanOptions(),
                  run: RunOptions = RunOptions(), stdin: BinaryIO | None = None,
                  summary: Summary | None = None) -> Iterator[Article]:
    """``normtool despin``: read and clean ``inputs`` as ``clean`` does, then
    despin, each article alone and then (``options.siblings``) beside the
    other copies of its story; yields the articles with their ``repairs``.
    Bad items, and articles cleaning empties, go to ``summary`` as in ``clean``."""
    summary = summary if summary is not None else Summary("despin")
    check_files(options.spin_table_files, options.name_files)
    check_sources(options)
    arts = (despin_article(clean_article(art, options), options)
            for art in read_articles(inputs, stdin, run, summary))
    arts = _cleaned(arts, run, summary)
    yield from restore_siblings(arts, options, None, run.max_bytes) if options.siblings else arts


def run_despin(inputs: Sequence[str], show: Callable[[Article], None],
               options: CleanOptions = CleanOptions(), run: RunOptions = RunOptions(),
               stdin: BinaryIO | None = None) -> Summary:
    """``normtool despin``: ``show`` each article of ``despin_inputs``; the
    ``--rejects`` file is written as by the other commands.  For the
    summary, ``read == written + rejected``."""
    summary = Summary("despin")
    read = _clean_reads(inputs, options)
    with Outputs(None, read) as outs:
        _open_outputs(outs, summary, run)
        for art in despin_inputs(inputs, options, run, stdin, summary):
            show(art)
            summary.written += 1
        outs.commit()
    return summary


def run_overlap(inputs: Sequence[str], output: str | None,
                options: OverlapOptions = OverlapOptions(), run: RunOptions = RunOptions(),
                stdin: BinaryIO | None = None, stdout: IO[str] | None = None) -> Summary:
    """``normtool overlap``: read articles, write one JSONL line per overlapping pair."""
    from .dedup.overlap import find_overlaps
    summary = Summary("overlap")
    with Outputs(stdout, inputs or ()) as outs:
        [fh] = _open_outputs(outs, summary, run, output or "-")
        articles = list(read_articles(inputs, stdin, run, summary))
        for rec in find_overlaps(articles, options):
            fh.write(json_line(rec) + "\n")
            summary.written += 1
        summary.count("overlap", "pairs", summary.written)
        outs.commit()
    return summary


__all__ = ["Summary", "run_clean", "restore_siblings", "check_sources", "read_sources", "run_dedup",
           "run_overlap", "despin_inputs", "run_despin", "clean_articles", "clean_one", "clean_chunk", "accept",
           "cleaned_or_rejected", "matching_copies", "dedup_with_index", "NormtoolError"]
