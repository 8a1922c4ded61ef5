"""JSONL input: one article a line, each line checked on its own.

A line is an article when it is valid UTF-8 and strict JSON (no NaN, no
lone surrogates, no absurd nesting), an object whose ``text`` is a
non-empty string no longer than ``max_bytes`` and whose known fields have
their types (``schema.check_record``); anything else is one ``Rejected``
keeping the line, never a traceback further on.  An article with no
``id`` is named ``STEM:LINE`` (``stdin:LINE`` on standard input).
"""
from __future__ import annotations

import json
import math
import re
from typing import Iterable, Iterator

from ..article import Article
from ..errors import InputError
from .items import LongLine, Read, Rejected, file_stem, raw_text, too_large
from .schema import check_record

# A JSON escape of a UTF-16 surrogate: only then can a parsed string hold a lone one.
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF]")


def _finite_float(s: str) -> float:
    value = float(s)
    if not math.isfinite(value):
        raise ValueError(f"number {s} is out of range")
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def parse_line(line: str):
    """``json.loads`` for input lines: strict JSON numbers, errors as ``ValueError``.

    >>> parse_line('{"a": 1}')
    {'a': 1}
    >>> parse_line('{"a": NaN}')
    Traceback (most recent call last):
    ...
    ValueError: NaN is not valid JSON
    """
    try:
        return json.loads(line, parse_float=_finite_float, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def read_jsonl(lines: Iterable[bytes | LongLine], path: str, max_bytes: int | None
                ) -> Iterator[Read | Rejected]:
    for lineno, raw in enumerate(lines, 1):
        if isinstance(raw, LongLine):
            yield Rejected(InputError(path, lineno, f"article too large: a line of more than "
                                                    f"{raw.limit} bytes (--max-bytes {max_bytes})"))
            continue
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        yield _read_line(raw, path, lineno, max_bytes)


def _read_line(raw: bytes, path: str, lineno: int, max_bytes: int | None
               ) -> Read | Rejected:
    """One JSONL line: a ``Read`` article, or a ``Rejected`` keeping the line."""
    def reject(message: str) -> Rejected:
        return Rejected(InputError(path, lineno, message), raw_text(raw))

    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return reject(f"invalid UTF-8 at byte {exc.start}")
    try:
        data = parse_line(line)
    except json.JSONDecodeError as exc:
        return reject(f"malformed JSON: {exc.msg}")
    except ValueError as exc:   # (Python's limit on an integer's digits names its own API)
        return reject("malformed JSON: an integer with too many digits"
                      if "integer string conversion" in str(exc) else f"malformed JSON: {exc}")
    if not isinstance(data, dict):
        return reject("not a JSON object")
    text = data.get("text")
    if not isinstance(text, str):
        return reject("missing 'text' field" if "text" not in data
                      else "'text' must be a string, not null" if text is None
                      else "'text' is not a string")
    if max_bytes is not None and len(raw) > max_bytes:
        size = len(text.encode("utf-8"))
        if size > max_bytes:
            return Rejected(too_large(path, lineno, size, max_bytes))
    if not text.strip():
        return reject("empty article (no text)")
    problem = check_record(data)
    if problem:
        return reject(problem)
    if SURROGATE_ESCAPE.search(raw):   # (after the depth check: json.dumps recurses)
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            return reject(f"invalid Unicode: a lone surrogate "
                          f"\\u{ord(exc.object[exc.start]):04x} (not a character)")
    is_int = isinstance(data.get("id"), int)
    if "id" not in data:
        data = dict(data, id=f"{file_stem(path) if path != '-' else 'stdin'}:{lineno}")
    return Read(Article.from_dict(data, source=f"{path}:{lineno}"), raw_text(raw), is_int,
                path, lineno)


__all__ = ["parse_line", "read_jsonl"]
