"""Read step: files, directories and standard input into ``Article`` records.

A ``.txt`` file is one article whose id is the file name without extension.
A ``.jsonl`` file holds one article per line (``text`` required; ``id``,
``title``, ``date``, ``url``, ``source`` and any other fields optional and
kept).  Directories are searched recursively for both, in sorted order so runs
are deterministic.  Any other file named on the command line (``split``'s
``xaa``, ``feed.json``) and ``-`` (or no input at all, standard input) are
read by content: JSONL if the first non-blank character is ``{``, otherwise
one plain-text article.

Bad items are yielded as ``Rejected`` rather than raised, so the caller decides
whether to stop (``--on-error fail``) or skip and record them.
"""
from __future__ import annotations

import itertools
import json
import os
import sys
from dataclasses import dataclass
from typing import BinaryIO, Iterable, Iterator

from ..article import Article
from ..errors import InputError

SUFFIXES = (".txt", ".jsonl")


@dataclass
class Rejected:
    """An input item that could not be read, and why."""

    error: InputError
    raw: str | None = None

    def to_dict(self) -> dict:
        return {"source": self.error.path + (f":{self.error.line}" if self.error.line else ""),
                "error": self.error.message, "raw": self.raw}


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Files to read, in a deterministic order; ``-`` stands for stdin.

    Directories expand to their ``*.txt`` and ``*.jsonl`` files, recursively,
    sorted by path.  A missing path is an error named after the path.
    """
    paths: list[str] = []
    for item in inputs or ["-"]:
        if item == "-":
            paths.append("-")
        elif os.path.isdir(item):
            found = []
            for root, dirs, files in os.walk(item):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [os.path.join(root, f) for f in files
                          if f.endswith(SUFFIXES) and not f.startswith(".")]
            paths += sorted(found)
        elif os.path.exists(item):
            paths.append(item)
        else:
            raise InputError(item, None, "no such file or directory")
    return paths


def read_inputs(inputs: Iterable[str], stdin: BinaryIO | None = None
                ) -> Iterator[Article | Rejected]:
    """Yield every article (or rejected item) from ``inputs``, in order."""
    for path in expand_inputs(inputs):
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stream(stream, "-", "stdin")
        else:
            try:
                with open(path, "rb") as fh:
                    if path.endswith(".jsonl"):
                        yield from _read_jsonl(fh, path)
                    elif path.endswith(".txt"):
                        yield from _read_text(fh.read(), path, _stem(path))
                    else:
                        yield from _read_stream(fh, path, _stem(path))
            except OSError as exc:
                yield Rejected(InputError(path, None, f"cannot read: {exc.strerror or exc}"))


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def _read_stream(stream: BinaryIO, name: str, text_id: str) -> Iterator[Article | Rejected]:
    """A stream read by content: JSONL line by line, or one text article ``text_id``."""
    head = b""
    while True:  # read up to the first non-blank line to decide the format
        line = stream.readline()
        head += line
        if not line or line.lstrip(b"\xef\xbb\xbf").strip():
            break
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        lines = itertools.chain(head.splitlines(keepends=True), stream)
        yield from _read_jsonl(lines, name)
    else:
        yield from _read_text(head + stream.read(), name, text_id)


def _read_text(data: bytes, path: str, article_id: str) -> Iterator[Article | Rejected]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield Rejected(InputError(path, None, f"invalid UTF-8 at byte {exc.start}"))
        return
    if not text.strip():
        yield Rejected(InputError(path, None, "empty article (no text)"), text)
        return
    yield Article(id=article_id, text=text, source=path)


def _read_jsonl(fh: Iterable[bytes], path: str) -> Iterator[Article | Rejected]:
    for lineno, raw in enumerate(fh, 1):
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Rejected(InputError(path, lineno, f"invalid UTF-8 at byte {exc.start}"))
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected(InputError(path, lineno, f"malformed JSON: {exc.msg}"), line.rstrip("\n"))
            continue
        if not isinstance(data, dict):
            yield Rejected(InputError(path, lineno, "not a JSON object"), line.rstrip("\n"))
            continue
        text = data.get("text")
        if not isinstance(text, str):
            what = "missing 'text' field" if text is None else "'text' is not a string"
            yield Rejected(InputError(path, lineno, what), line.rstrip("\n"))
            continue
        if not text.strip():
            yield Rejected(InputError(path, lineno, "empty article (no text)"), line.rstrip("\n"))
            continue
        if "id" in data and (data["id"] is None or isinstance(data["id"], (dict, list))):
            yield Rejected(InputError(path, lineno, "'id' must be a string or number"), line.rstrip("\n"))
            continue
        if "id" not in data:
            data = dict(data, id=f"{_stem(path) if path != '-' else 'stdin'}:{lineno}")
        yield Article.from_dict(data, source=f"{path}:{lineno}")
