"""Command-line interface: parses options and calls the library, nothing more.

Every option can also be set from the environment (``NORMTOOL_CLEAN_JOBS``,
``NORMTOOL_DEDUP_THRESHOLD``, ...), which suits cron.
"""
from __future__ import annotations

import math
import os
import signal
import sys
from typing import Iterator

import click

from . import __version__
from .errors import NormtoolError, one_line
from .options import DEFAULT_MAX_BYTES, CleanOptions, DedupOptions, RunOptions


def _refuse_empty(ptype: click.ParamType, value, param, ctx) -> None:
    if value == "":
        ptype.fail(f"an empty string is not a {ptype.name}", param, ctx)


class _Path(click.Path):
    """A file or folder path; an empty one (``-o "$OUT"`` with OUT unset in
    cron) is a usage error, never standard output or the current folder."""

    def convert(self, value, param, ctx):
        _refuse_empty(self, value, param, ctx)
        return super().convert(value, param, ctx)


class _Location(click.ParamType):
    """An index location (a path or redis:// URL); an empty one is a usage
    error, never an index in memory that forgets the run."""

    name = "location"

    def convert(self, value, param, ctx):
        _refuse_empty(self, value, param, ctx)
        return value


class _Float(click.FloatRange):
    """Every float option's type: a range that also refuses nan, which
    passes every comparison (``--threshold nan`` would change the LSH
    parameters an index keeps), and inf (no timeout or age is infinite)."""

    def convert(self, value, param, ctx):
        rv = super().convert(value, param, ctx)
        if not math.isfinite(rv):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return rv


class _Option(click.Option):
    """An option whose environment variable is named after its flag, as the
    README promises (NORMTOOL_CLEAN_RULES for --rules): Click names it after
    the Python name (rules_files), which it still reads second. Values are
    split as Click splits them (paths on os.pathsep, others on whitespace)."""

    def resolve_envvar_value(self, ctx):
        flag = next((o for o in self.opts if o.startswith("--")), None)
        if self.allow_from_autoenv and ctx.auto_envvar_prefix and flag and not self.envvar:
            rv = os.environ.get(f"{ctx.auto_envvar_prefix}_{flag[2:].replace('-', '_').upper()}")
            if rv:
                return rv
        return super().resolve_envvar_value(ctx)


def _run_options(f):
    """Options shared by every command that reads articles."""
    f = click.option("--quiet", "-q", is_flag=True, help="No summary line on stderr.")(f)
    f = click.option("--max-bytes", type=click.IntRange(0), default=DEFAULT_MAX_BYTES,
                     show_default=True,
                     help="Reject an article whose text is longer (UTF-8 bytes); 0: no limit.")(f)
    f = click.option("--rejects", type=_Path(dir_okay=False, readable=False),
                     help="With --on-error skip: write skipped items and reasons here (JSONL).")(f)
    f = click.option("--on-error", type=click.Choice(["fail", "skip"]), default="fail",
                     show_default=True,
                     help="fail: stop at the first bad item (exit 1); skip: set it aside and go on.")(f)
    f = click.option("--output", "-o", type=_Path(readable=False), default="-",
                     show_default=True, help="Output JSONL file (written atomically); - for stdout.")(f)
    # (readable=False: the reader names an unreadable input as it names a missing one, exit 1)
    f = click.argument("inputs", nargs=-1, type=_Path(readable=False))(f)
    return f


def _spin_options(f):
    """Options of the despin step, for every command that runs it."""
    f = click.option("--spin-threshold", type=_Float(0.0, 1.0), default=None,
                     help="spin_score at which an article counts as spun and is repaired "
                          "[default: 0.5].")(f)
    f = click.option("--spin-table", "spin_table_files", multiple=True, cls=_Option,
                     type=_Path(exists=True, dir_okay=False),
                     help="Extra or overriding spinner phrase table. Repeatable.")(f)
    f = click.option("--names", "name_files", multiple=True, cls=_Option,
                     type=_Path(exists=True, dir_okay=False),
                     help="Extra names (name<TAB>count lines) that spun names are restored to; "
                          "a count of 0 removes a shipped name. Repeatable.")(f)
    return f


def _sources_option(f):
    """Copies from earlier runs that the siblings step may restore from."""
    return click.option("--sources", "sources", multiple=True, type=_Path(),
                        help="Files or folders (as inputs; e.g. an earlier clean's JSONL) of "
                             "copies to restore spun copies from: compared, never written. "
                             "Repeatable.")(f)


def _stream_options(f):
    """Where and in how much memory a one-shot dedup runs (``dedup``, and
    ``clean``'s --siblings step)."""
    f = click.option("--work-dir", type=_Path(file_okay=False), default=None,
                     help="Folder for a one-shot dedup's temporary files (about 10 kB per "
                          "article); default: the system's temporary folder. Shared by all "
                          "machines with --engine dask --scheduler.")(f)
    f = click.option("--memory", default="1G", show_default=True, callback=_memory,
                     help="Memory budget of a one-shot dedup (all processes), e.g. 512M, 4G: "
                          "sets task and partition sizes, not the result.")(f)
    return f


def _engine_options(f):
    """Where the work runs (this machine's worker processes, or a Dask
    cluster) and whether the output is one file or a folder of parts."""
    f = click.option("--parts", type=click.IntRange(1, 99999), default=None,
                     help="Write -o as a folder of N part files (part-00000.jsonl, ...), "
                          "the one-file output cut in order.")(f)
    f = click.option("--scheduler", default=None, metavar="tcp://HOST:8786",
                     help="With --engine dask: a running Dask scheduler (default: a local "
                          "cluster of --jobs worker processes).")(f)
    f = click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
                     show_default=True,
                     help="local: --jobs worker processes; dask: a Dask distributed cluster "
                          "(pip install 'normtool[dask]'). Same output either way.")(f)
    return f


def _check_engine(engine: str, scheduler: str | None) -> None:
    """A usage error before any work: a scheduler is an address of a Dask cluster."""
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")


def _check_index_options(index: str | None) -> None:
    """A usage error for an index option typed without ``--index``: ``--max-age 30``
    would otherwise forget nothing, silently.  (Set in the environment for
    every run, as cron may, they stay harmless.)"""
    ctx = click.get_current_context()
    given = [f"--{name.replace('_days', '').replace('_', '-')}"
             for name in ("lock_timeout", "index_timeout", "max_age_days")
             if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE]
    if given and not index:
        raise click.UsageError(f"{' and '.join(given)} need{'s' * (len(given) == 1)} --index")


def _memory(ctx, param, value):
    from .dedup.stream import parse_memory
    try:
        return parse_memory(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _progress(quiet: bool):
    """A Click progress bar on a terminal; nothing at all for cron."""
    if quiet or sys.stderr is None or not sys.stderr.isatty():   # (None: stderr closed, 2>&-)
        return None

    def wrap(items: Iterator) -> Iterator:
        with click.progressbar(items, label="articles", file=sys.stderr,
                               show_pos=True) as bar:
            yield from bar
    return wrap


def _run(on_error, rejects, quiet, max_bytes, parts=None) -> RunOptions:
    return RunOptions(on_error=on_error, rejects=rejects, quiet=quiet,
                      max_bytes=max_bytes or None, parts=parts)


def _finish(summary, quiet: bool) -> None:
    if summary.rejected:
        first = summary.first_reject
        click.echo(f"normtool: skipped {summary.rejected} bad item(s)"
                   + ("" if first is None else f"; first: {first.error}"), err=True)
    if not quiet:
        click.echo(summary.line(), err=True)


def _call(fn, *args, **kwargs):
    """Run a library call, turning user-facing errors into one clean line.

    SIGTERM and SIGHUP unwind the call like Ctrl-C (temporary files are
    removed, an index transaction rolled back); then the process ends by
    the same signal, so the caller sees how it ended.  A reader of standard
    output that goes away ends it by SIGPIPE, silently, as it ends ``cat``.
    """
    from .io import Terminated, stop_on_signals
    try:
        with stop_on_signals():
            try:
                return fn(*args, **kwargs)
            except Exception as exc:    # a signal a library's bare "except:" turned into its
                stopped = _terminated_in(exc, Terminated)   # own error (langdetect loading)
                if stopped is None:
                    raise
                raise stopped from None
    except NormtoolError as exc:
        error = click.ClickException(str(exc))
        error.exit_code = exc.exit_code
        raise error from None
    except BrokenPipeError:     # the reader went away (| head): end as cat and grep do
        sigpipe = getattr(signal, "SIGPIPE", None)
        if sigpipe is not None:
            signal.signal(sigpipe, signal.SIG_DFL)
            os.kill(os.getpid(), sigpipe)
        sys.exit(1)
    except Terminated as exc:
        name = signal.Signals(exc.signum).name
        click.echo(f"normtool: stopped by {name}; no output written", err=True)
        signal.signal(exc.signum, signal.SIG_DFL)
        os.kill(os.getpid(), exc.signum)
        sys.exit(128 + exc.signum)


def _terminated_in(exc: BaseException, kind: type) -> BaseException | None:
    """The ``kind`` (``Terminated``) exception ``exc`` was raised while handling, if any."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


@click.group(context_settings={"auto_envvar_prefix": "NORMTOOL",
                               "help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="normtool")
def main() -> None:
    """normtool: turn raw news copy into a clean, canonical, de-duplicated corpus.

    Typical use:  normtool clean raw/ -o clean.jsonl && normtool dedup clean.jsonl -o corpus.jsonl

    In a pipe (clean ... | dedup -) use `set -o pipefail`: otherwise a clean
    that stops half-way exits 1 while the pipe as a whole reports success.
    """


@main.command()
@_run_options
@click.option("--rules", "rules_files", multiple=True, cls=_Option,
              type=_Path(exists=True, dir_okay=False),
              help="Extra boilerplate rules file (same format as the built-in one). Repeatable.")
@click.option("--despin/--no-despin", default=True, show_default=True,
              help="Detect and repair machine-paraphrased (spun) copy.")
@click.option("--siblings/--no-siblings", default=True, show_default=True,
              help="With despin: restore a spun copy from an unspun copy of the same story "
                   "in this run (finds copies as dedup does).")
@_sources_option
@_spin_options
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (or Dask workers of a local cluster); output is "
                   "identical for any value.")
@_stream_options
@_engine_options
def clean(inputs, output, on_error, rejects, quiet, max_bytes, rules_files, despin, siblings,
          sources, spin_table_files, spin_threshold, name_files, jobs, memory, work_dir, engine,
          scheduler, parts):
    """Clean raw articles (.txt, .jsonl, gzipped or not, directories, - for stdin) into JSONL."""
    from .runner import run_clean
    _check_engine(engine, scheduler)
    opts = CleanOptions(rules_files=tuple(rules_files), despin=despin, siblings=siblings,
                        sources=tuple(sources), spin_table_files=tuple(spin_table_files),
                        spin_threshold=spin_threshold, name_files=tuple(name_files), jobs=jobs,
                        memory=memory, work_dir=work_dir, engine=engine, scheduler=scheduler)
    run = _run(on_error, rejects, quiet, max_bytes, parts)
    summary = _call(run_clean, inputs, output, opts, run, progress=_progress(quiet))
    _finish(summary, quiet)


@main.command()
@_run_options
@click.option("--threshold", type=_Float(0.0, 1.0), default=DedupOptions().threshold,
              show_default=True, help="Verified similarity at which two texts are copies.")
@click.option("--num-perm", type=click.IntRange(16, 1024), default=DedupOptions().num_perm,
              show_default=True, help="MinHash permutations.")
@click.option("--shingle-size", type=click.IntRange(1, 10), default=DedupOptions().shingle_size,
              show_default=True, help="Words per shingle.")
@click.option("--bands", type=click.IntRange(1), default=None,
              help="LSH bands (with --rows; default derived from the threshold).")
@click.option("--rows", type=click.IntRange(1), default=None, help="LSH rows per band.")
@click.option("--report", type=_Path(dir_okay=False, readable=False),
              help="Write one JSONL line per cluster (members, relations, similarities).")
@click.option("--index", "index", type=_Location(), default=None,
              help="Persistent index: a file path (SQLite) or redis://host:port/db.")
@click.option("--lock-timeout", type=_Float(0), default=60.0, show_default=True,
              help="Seconds to wait for another run's lock on the index.")
@click.option("--index-timeout", type=_Float(0.1, 86400),
              default=DedupOptions().index_timeout, show_default=True,
              help="Seconds a Redis index may take to connect or to answer before the run "
                   "fails (the URL's ?socket_timeout= and ?socket_connect_timeout= win).")
@click.option("--max-age", "max_age_days", cls=_Option, type=_Float(0), default=None,
              help="Index retention: forget stories with no copy added in the last DAYS days.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (or Dask workers of a local cluster); output is "
                   "identical for any value.")
@click.option("--match-words", "match_words", multiple=True,
              type=_Path(exists=True, dir_okay=False),
              help="Extra FROM<TAB>TO word-folding file for fingerprints "
                   "(same format as data/match_words.tsv). Repeatable.")
@_spin_options
@click.option("--despin/--no-despin", default=True, show_default=True,
              help="Compare articles clean has not despun by their despun text.")
@_stream_options
@_engine_options
def dedup(inputs, output, on_error, rejects, quiet, max_bytes, threshold, num_perm,
          shingle_size, bands, rows, report, index, lock_timeout, index_timeout, max_age_days,
          jobs, match_words, spin_table_files, spin_threshold, name_files, despin, memory, work_dir, engine,
          scheduler, parts):
    """Group near-duplicate articles; write one canonical record per story."""
    from .runner import run_dedup
    if (bands is None) != (rows is None):
        raise click.UsageError("--bands and --rows go together")
    if bands and rows and bands * rows > num_perm:
        raise click.UsageError(f"--bands x --rows ({bands * rows}) exceeds --num-perm ({num_perm})")
    opts = DedupOptions(threshold=threshold, num_perm=num_perm, shingle_size=shingle_size,
                        bands=bands, rows=rows, index=index, lock_timeout=lock_timeout,
                        index_timeout=index_timeout,
                        max_age_days=max_age_days, jobs=jobs, match_words=tuple(match_words),
                        despin=despin, spin_table_files=tuple(spin_table_files),
                        spin_threshold=spin_threshold, name_files=tuple(name_files),
                        memory=memory, work_dir=work_dir,
                        engine=engine, scheduler=scheduler)
    if index and engine != "local":
        raise click.UsageError("--index runs on the local engine only")
    _check_index_options(index)
    _check_engine(engine, scheduler)
    run = _run(on_error, rejects, quiet, max_bytes, parts)
    summary = _call(run_dedup, inputs, output, opts, run, progress=_progress(quiet),
                    report=report)
    _finish(summary, quiet)


@main.group("index")
def index_group() -> None:
    """Inspect a persistent dedup index (a file path or redis://host:port/db)."""


@index_group.command("stats")
@click.argument("location", type=_Location())
@click.option("--json", "as_json", is_flag=True, cls=_Option,
              help="One JSON object instead of lines.")
def index_stats_cmd(location, as_json):
    """Articles, clusters and size of the index at LOCATION."""
    import json
    from .index.maintenance import index_stats
    stats = _call(index_stats, location)
    if as_json:
        click.echo(json.dumps(stats, sort_keys=True))
        return
    for key in ("backend", "location", "articles", "clusters", "bytes", "bytes_per_article",
                "bytes_estimated"):
        if key in stats:
            click.echo(f"{key}: {stats[key]}")
    if stats.get("params"):
        click.echo("params: " + json.dumps(stats["params"], sort_keys=True))


@index_group.command("export")
@click.argument("location", type=_Location())
@click.option("--output", "-o", type=_Path(dir_okay=False, readable=False), default="-",
              show_default=True,
              help="Output JSONL file (written atomically); - for stdout.")
@click.option("--payload", is_flag=True, help="Include each fingerprint (hex).")
def index_export_cmd(location, output, payload):
    """Write what the index holds as JSONL: one line per article."""
    from .index.maintenance import export_index
    from .io import AtomicOutput

    def export():
        with AtomicOutput(output, index=location) as fh:
            export_index(location, fh, payload)
    _call(export)


@index_group.command("check")
@click.argument("location", type=_Location())
def index_check_cmd(location):
    """Verify the index is consistent; exit 1 and list problems if not."""
    from .index.maintenance import check_index
    problems = _call(check_index, location)
    for line in problems[:50]:
        click.echo(one_line(line), err=True)
    if problems:
        raise click.ClickException(one_line(f"index {location}: {len(problems)} problem(s)"))
    click.echo(f"index {location}: consistent")


@main.command()
@_run_options
@click.option("--min-similarity", type=_Float(0.0, 1.0), default=0.6, show_default=True,
              help="Share of the shorter paragraph's word 3-shingles found in the other.")
@click.option("--min-words", type=click.IntRange(1), default=8, show_default=True,
              help="Paragraphs with fewer words are not compared.")
@click.option("--include-duplicates", is_flag=True,
              help="Also report pairs that dedup groups as copies of one story.")
def overlap(inputs, output, on_error, rejects, quiet, max_bytes, min_similarity, min_words,
            include_duplicates):
    """List paragraphs that different stories share (JSONL, one line per pair)."""
    from .options import OverlapOptions
    from .runner import run_overlap
    opts = OverlapOptions(min_similarity=min_similarity, min_words=min_words,
                          include_duplicates=include_duplicates)
    run = _run(on_error, rejects, quiet, max_bytes)
    summary = _call(run_overlap, inputs, output, opts, run)
    _finish(summary, quiet)


@main.command()
@click.argument("corpus", type=_Path(exists=True, dir_okay=False))
@click.option("--output", "-o", type=_Path(dir_okay=False), required=True,
              help="The HTML page to write (atomically).")
@click.option("--report", type=_Path(exists=True, dir_okay=False),
              help="dedup --report file: checked against the corpus; index runs add counts.")
@click.option("--clean", "clean_file", cls=_Option, type=_Path(exists=True, dir_okay=False),
              help="clean's output: the copies' texts, for the word diffs.")
@click.option("--rejects", type=_Path(exists=True, dir_okay=False),
              help="A --rejects file of clean or dedup, for the rejects count.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line on stderr.")
def review(corpus, output, report, clean_file, rejects, quiet):
    """Write one self-contained HTML page to review a dedup CORPUS."""
    from .review import write_review
    counts = _call(write_review, corpus, output, report=report, clean=clean_file,
                   rejects=rejects)
    if not quiet:
        indexed = f", {counts['indexed']} indexed copies" if counts.get("indexed") else ""
        click.echo(f"normtool review: {counts['stories']} stories, {counts['copies']} copies"
                   f"{indexed} -> {output}", err=True)


@main.command()
@click.argument("inputs", nargs=-1, type=_Path(readable=False))
@_spin_options
@click.option("--json", "as_json", is_flag=True, cls=_Option,
              help="One JSONL line per article: id, spin_score, spun, repairs.")
@click.option("--all", "show_all", is_flag=True, cls=_Option,
              help="On a terminal, also list articles that are not spun.")
@click.option("--on-error", type=click.Choice(["fail", "skip"]), default="fail",
              show_default=True, help="fail: stop at the first bad item; skip: go on.")
@click.option("--rejects", type=_Path(dir_okay=False, readable=False),
              help="With --on-error skip: write skipped items and reasons here (JSONL).")
@click.option("--siblings/--no-siblings", default=True, show_default=True,
              help="Also restore spun copies from unspun copies of their story (as clean does).")
@_sources_option
def despin(inputs, spin_table_files, spin_threshold, name_files, as_json, show_all, on_error,
           rejects, siblings, sources):
    """Show the spin repairs clean would make to INPUTS (same inputs as clean)."""
    import json as _json
    from .despin import format_repairs, repairs_record
    from .runner import run_despin
    opts = CleanOptions(spin_table_files=tuple(spin_table_files), spin_threshold=spin_threshold,
                        name_files=tuple(name_files), siblings=siblings, sources=tuple(sources))
    run = RunOptions(on_error=on_error, rejects=rejects)
    style = click.style if sys.stdout.isatty() else None

    def show(art):
        if as_json:
            click.echo(_json.dumps(repairs_record(art), ensure_ascii=False))
        elif art.spun or show_all:
            click.echo(format_repairs(art, style=style) + "\n")
    _finish(_call(run_despin, inputs, show, opts, run), quiet=True)


if __name__ == "__main__":  # pragma: no cover
    main()
