"""Field types of a JSONL input line, checked when it is read.

The types are data (``normtool/data/fields.json``): every later step can
trust that ``title`` is a string or null, ``credits`` a list of strings,
``duplicates`` a list of ``{id, similarity, relation}``, and so on, so a
hostile value is one clear reject at read time instead of a traceback deep
inside clean or dedup.  Fields normtool does not know are kept as given,
only their nesting depth is bounded (deep nesting breaks JSON writers).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache

from ..data import read_text

KIND_NAMES = {"string": "a string", "integer": "an integer", "number": "a number",
              "boolean": "true or false", "null": "null", "list": "a list",
              "object": "an object"}


@lru_cache(maxsize=1)
def schema() -> dict:
    """The parsed ``fields.json``."""
    return json.loads(read_text("fields.json"))


def kind(value) -> str:
    """The JSON kind of a parsed value (``bool`` is not an integer)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "object"


def _allowed(value, types) -> bool:
    k = kind(value)
    return k in types or (k == "integer" and "number" in types)


def _check(value, spec: dict, name: str) -> str | None:
    """What is wrong with ``value`` for ``spec`` (None when it fits)."""
    types = spec["type"]
    if not _allowed(value, types):
        wanted = " or ".join(KIND_NAMES[t] for t in types)
        return f"'{name}' must be {wanted}, not {KIND_NAMES[kind(value)]}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"'{name}' is not a finite number"
    if kind(value) in ("integer", "number") and not spec.get("min", value) <= value <= spec.get("max", value):
        return f"'{name}' is outside {spec.get('min', '')}..{spec.get('max', '')}"
    if isinstance(value, str):
        if "max_bytes" in spec and len(value) > spec["max_bytes"] // 4 \
                and len(value.encode("utf-8", "surrogatepass")) > spec["max_bytes"]:
            return f"'{name}' is longer than {spec['max_bytes']} bytes"
        if spec.get("nonblank") and not value.strip():
            return f"'{name}' is empty"
    if isinstance(value, int) and not isinstance(value, bool) and "max_bytes" in spec \
            and len(str(value)) > spec["max_bytes"]:
        return f"'{name}' is longer than {spec['max_bytes']} digits"
    if isinstance(value, list) and "items" in spec:
        for i, item in enumerate(value):
            problem = _check(item, spec["items"], f"{name}[{i}]")
            if problem:
                return problem
    if isinstance(value, dict):
        for key in spec.get("required", ()):
            if key not in value:
                return f"'{name}' has no '{key}'"
        for key, sub in spec.get("keys", {}).items():
            if key in value:
                problem = _check(value[key], sub, f"{name}.{key}")
                if problem:
                    return problem
    return None


def depth(value) -> int:
    """How deeply lists and objects nest in ``value`` (0 for a scalar), without recursion."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict):
            stack.extend((x, d + 1) for x in v.values())
        elif isinstance(v, list):
            stack.extend((x, d + 1) for x in v)
        else:
            continue
        deepest = max(deepest, d + 1)
    return deepest


def check_record(data: dict) -> str | None:
    """The first problem with a parsed JSONL object, or None when it is sound.

    >>> check_record({"text": "x", "title": 2024})
    "'title' must be a string or null, not an integer"
    >>> check_record({"text": "x", "id": True})
    "'id' must be a string or an integer, not true or false"
    >>> check_record({"text": "x", "extra": {"any": [1, "thing"]}}) is None
    True
    """
    fields = schema()["fields"]
    for name, spec in fields.items():
        if name in data:
            problem = _check(data[name], spec, name)
            if problem:
                return problem
    limit = schema()["max_depth"]
    if depth(data) > limit:
        return f"nested more than {limit} levels deep"
    return _repairs_inside(data)


def _repairs_inside(data: dict) -> str | None:
    """Does each repair lie inside the field it repairs (``text`` unless it
    names ``title`` or ``credits.K``)?  A repair says ``field[offset:offset +
    len(to)] == to``; one pointing past its field is no repair of it.

    >>> _repairs_inside({"text": "abc", "repairs": [{"offset": 2, "from": "x", "to": "cd", "rule": "r"}]})
    "'repairs[0]' lies outside its field"
    """
    for i, r in enumerate(data.get("repairs") or ()):
        field = r.get("field") or "text"
        name, _, k = field.partition(".")
        where = data.get(name) if name in ("text", "title", "credits") else None
        if name == "credits":
            where = [where] if isinstance(where, str) else where      # one credit given as a string
            where = where[int(k)] if isinstance(where, list) and k.isdigit() and int(k) < len(where) \
                else None
        if not isinstance(where, str) or r["offset"] + len(r["to"]) > len(where):
            return f"'repairs[{i}]' lies outside its field"
    return None


__all__ = ["check_record", "depth", "kind", "schema"]
