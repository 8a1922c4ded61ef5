"""Read the review's inputs (corpus, report, clean, rejects) into plain dicts.

Every problem is one line naming the file and line: ``InputError``.  The
report is checked against the corpus, so files from different runs are not
shown side by side without a word.  Files are opened as the other commands
open their inputs (``io.read``: gzipped when clean or dedup wrote them so),
and lines read up to the length those read by default.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterator

from ..errors import InputError
from ..io.items import LongLine, line_limit, read_lines
from ..io.jsonl import parse_line
from ..io.read import GZIP_ERRORS, open_input, read_error
from ..options import DEFAULT_MAX_BYTES

LINE_LIMIT = line_limit(DEFAULT_MAX_BYTES)   # the longest line read


@dataclass
class ReviewInput:
    """Everything the page shows, as read from the files."""

    corpus: list[dict]                     # canonical records, in file order
    records: dict[str, dict] = field(default_factory=dict)  # copy id -> clean record
    clean_given: bool = False
    clean_total: int = 0                   # records in the clean file
    clean_unaccounted: int = 0             # ... neither a canonical, a copy nor indexed
    report_given: bool = False
    indexed: list[dict] = field(default_factory=list)   # copies of stories indexed earlier
    seen: set = field(default_factory=set)  # ids the index had already seen
    rejects: int | None = None             # lines in the rejects file, if given


def read_jsonl(path: str, long_lines: bool = False) -> Iterator[tuple[int, dict]]:
    """``(line number, object)`` for each non-blank line of a JSONL file
    (gzipped or not).  A line longer than ``LINE_LIMIT`` is an error, or
    with ``long_lines`` an empty object (to count it)."""
    try:
        with open_input(path) as fh:
            for n, raw in enumerate(read_lines(fh, LINE_LIMIT), 1):
                if isinstance(raw, LongLine):
                    if not long_lines:
                        raise InputError(path, n, f"line too long: more than {raw.limit} bytes")
                    yield n, {}
                    continue
                obj = _parse(path, n, raw)
                if obj is not None:
                    yield n, obj
    except GZIP_ERRORS as exc:
        raise read_error(path, exc) from None


def _parse(path: str, n: int, raw: bytes) -> dict | None:
    """One line's object; None for a blank line."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(path, n, "invalid UTF-8") from None
    if not line.strip():
        return None
    try:
        obj = parse_line(line)      # as every reader: nesting and NaN are errors too
    except json.JSONDecodeError as exc:
        raise InputError(path, n, f"malformed JSON: {exc.msg}") from None
    except ValueError as exc:
        raise InputError(path, n, f"malformed JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise InputError(path, n, "not a JSON object")
    return obj


def _need_str(path: str, n: int, obj: dict, key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or (key == "id" and not value):
        raise InputError(path, n, f'"{key}" missing or not a string')
    return value


def _members(path: str, n: int, obj: dict, key: str) -> list[dict]:
    """A list of ``{id, relation, similarity}`` objects, checked."""
    value = obj.get(key) or []
    if not isinstance(value, list) or not all(
            isinstance(m, dict) and isinstance(m.get("id"), str) for m in value):
        raise InputError(path, n, f'"{key}" is not a list of objects with an "id"')
    return value


def load_corpus(path: str) -> list[dict]:
    """Canonical records; each article id may appear once (as canonical or copy)."""
    corpus, where = [], {}
    for n, rec in read_jsonl(path):
        ids = [_need_str(path, n, rec, "id")]
        _need_str(path, n, rec, "text")
        ids += [d["id"] for d in _members(path, n, rec, "duplicates")]
        for i in ids:
            if i in where:
                raise InputError(path, n, f"id {i!r} already listed on line {where[i]}")
            where[i] = n
        corpus.append(rec)
    return corpus


def load_report(path: str, data: ReviewInput) -> None:
    """Check the report against the corpus; keep indexed copies and seen counts.

    Lines are ``{cluster, canonical, members, size}``; a run with
    ``--index`` also writes ``{"indexed": true, duplicates}`` (copies of
    stories from earlier runs) and ``{"seen": true, id}`` lines.
    """
    copies = {r["id"]: len(r.get("duplicates") or []) for r in data.corpus}
    for n, line in read_jsonl(path):
        if line.get("seen"):
            data.seen.add(_need_str(path, n, line, "id"))
            continue
        canonical = _need_str(path, n, line, "canonical")
        if line.get("indexed"):
            members = _members(path, n, line, "duplicates" if "duplicates" in line else "members")
            data.indexed.append({"cluster": line.get("cluster"), "canonical": canonical,
                                 "members": [m for m in members if m["id"] != canonical]})
            continue
        members = _members(path, n, line, "members")
        if canonical not in copies:
            raise InputError(path, n, f"canonical {canonical!r} is not in the corpus "
                             "(report and corpus from different runs?)")
        listed = sum(1 for m in members if m["id"] != canonical)
        if listed != copies[canonical]:
            raise InputError(path, n, f"cluster of {canonical!r} has {listed} copies here and "
                             f"{copies[canonical]} in the corpus (different runs?)")
    data.report_given = True


def load_clean(path: str, data: ReviewInput) -> None:
    """Keep the clean records of copies (canonicals are in the corpus already)."""
    canonical = {r["id"] for r in data.corpus} | data.seen
    wanted = {d["id"] for r in data.corpus for d in r.get("duplicates") or []}
    wanted |= {m["id"] for line in data.indexed for m in line["members"]}
    first: dict[str, int] = {}
    for n, rec in read_jsonl(path):
        ident = _need_str(path, n, rec, "id")
        if ident in first:
            raise InputError(path, n, f"repeated id {ident!r} (first on line {first[ident]})")
        first[ident] = n
        data.clean_total += 1
        if ident in wanted:
            _need_str(path, n, rec, "text")
            data.records[ident] = rec
        elif ident not in canonical:     # e.g. set aside by dedup
            data.clean_unaccounted += 1
    data.clean_given = True


def count_rejects(path: str) -> int:
    """Items a run set aside (one JSON object a line; a long one, whose raw
    line may be longer than any record, is counted unread)."""
    return sum(1 for _ in read_jsonl(path, long_lines=True))


def load(corpus: str, report: str | None = None, clean: str | None = None,
         rejects: str | None = None) -> ReviewInput:
    """Read all inputs; raises ``InputError`` on the first bad line."""
    data = ReviewInput(corpus=load_corpus(corpus))
    if report:
        load_report(report, data)
    if clean:
        load_clean(clean, data)
    if rejects:
        data.rejects = count_rejects(rejects)
    return data
