"""The one record that flows through every normtool step.

Every step (read, clean, despin, fingerprint, cluster, write) takes ``Article``
objects and returns ``Article`` objects; nothing else moves between steps.
Fields a user gave in JSONL input that normtool does not know are kept in
``extra`` and written back at the top level of the output record.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

# Output order of known fields; ``extra`` fields follow in sorted order.
FIELD_ORDER = (
    "id", "source", "title", "date", "dateline", "credits", "url",
    "lang", "lang_confidence", "spun", "spin_score", "text",
    "cluster", "duplicates", "repairs", "removed",
)
KNOWN_FIELDS = frozenset(FIELD_ORDER)
# Characters that JSON leaves raw but many line splitters (Python's
# ``str.splitlines``, JavaScript) take for line breaks: escaped in output, so
# a JSONL record is one line for every reader.
LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def json_line(value) -> str:
    """One JSONL line (no newline) for a JSON-able value.

    >>> json_line({"text": "a\u2028b"})
    '{"text": "a\\\\u2028b"}'
    """
    return json.dumps(value, ensure_ascii=False).translate(LINE_BREAKS)


@dataclass
class Article:
    """A news article and everything normtool learned about it.

    ``text`` is the body.  After ``clean`` it is canonical: paragraphs
    separated by exactly one blank line, single spaces inside a paragraph.
    ``removed`` lists every line clean took out of the body (``{"rule", "text"}``)
    and ``repairs`` every word despin changed (``{"offset", "from", "to",
    "rule"}``), so nothing is lost without a trace.
    """

    id: str
    text: str
    source: str = ""
    title: str | None = None
    date: str | None = None          # ISO 8601 date (YYYY-MM-DD) or None
    dateline: str | None = None
    credits: list[str] = field(default_factory=list)
    url: str | None = None
    lang: str | None = None          # ISO 639-1, or "und"
    lang_confidence: float | None = None
    spun: bool | None = None
    spin_score: float | None = None
    cluster: str | None = None
    duplicates: list[dict] | None = None
    repairs: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # Fields given explicitly by the user (JSONL input); clean's guesses never
    # overwrite them.
    given: frozenset = frozenset()

    def replace(self, **changes) -> "Article":
        """A copy with some fields changed (records are treated as values)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        """The output record: known fields in a fixed order, then extras sorted.

        ``None`` collections are omitted (``duplicates`` before dedup,
        ``cluster`` before dedup), scalar ``None`` is kept as ``null`` so every
        record has the same core keys.
        """
        out: dict[str, Any] = {}
        for name in FIELD_ORDER:
            value = getattr(self, name)
            if value is None and name in ("cluster", "duplicates", "spun",
                                          "spin_score", "url"):
                continue
            out[name] = value
        for key in sorted(self.extra):
            if key not in out:
                out[key] = self.extra[key]
        return out

    def to_json(self) -> str:
        """One JSONL line (no newline); byte-stable for the same record."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False,
                          separators=(", ", ": ")).translate(LINE_BREAKS)

    @classmethod
    def from_dict(cls, data: dict, source: str = "") -> "Article":
        """Build an Article from a JSON object; unknown keys go to ``extra``.

        The caller has checked that ``text`` is a string.  ``id`` is turned
        into a string.  The set of fields the user gave is remembered in
        ``given`` so later guesses do not overwrite them.
        """
        kwargs: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in data.items():
            if key in KNOWN_FIELDS:
                kwargs[key] = value
            else:
                extra[key] = value
        if "id" in kwargs:
            kwargs["id"] = str(kwargs["id"])
        if isinstance(kwargs.get("duplicates"), list):   # ids are text here too
            kwargs["duplicates"] = [dict(d, id=str(d["id"])) if isinstance(d, dict) and "id" in d
                                    else d for d in kwargs["duplicates"]]
        if "credits" in kwargs and not isinstance(kwargs["credits"], list):
            kwargs["credits"] = [kwargs["credits"]] if kwargs["credits"] else []
        for key in ("repairs", "removed"):
            if key in kwargs and not isinstance(kwargs[key], list):
                kwargs[key] = []
        given = frozenset(k for k, v in data.items()
                          if k in KNOWN_FIELDS and v not in (None, "", []))
        # A source the record already names (e.g. clean's output piped into
        # dedup) is kept; otherwise it is where we read the record.
        if not kwargs.get("source"):
            kwargs["source"] = source
        return cls(extra=extra, given=given, **kwargs)
