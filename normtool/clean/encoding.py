"""Encoding repair: mojibake, entities, control characters, invisible marks.

``fix_encoding`` is ftfy with its defaults (entities always decoded) plus
removal of zero-width characters and byte-order marks that ftfy keeps.
Plain-ASCII text takes a fast path through the only ftfy fixers that can
change ASCII; it gives byte-identical output (tested).
"""
from __future__ import annotations

import ftfy
from ftfy import fixes

# Invisible characters that are never part of a word (ftfy keeps them).
INVISIBLE = str.maketrans({"\ufeff": None, "\u200b": None, "\u2060": None, "\u00ad": None})
# ftfy's defaults, except that entities are always decoded: with "auto" a
# stray "<" on one line stops decoding on later lines, so removing that line
# would change the result of cleaning again.
FTFY_CONFIG = ftfy.TextFixerConfig(unescape_html=True, explain=False)


def fix_encoding(text: str) -> str:
    """``ftfy.fix_text(text, FTFY_CONFIG)`` minus invisible characters.

    >>> fix_encoding("\\ufeffCaf\\u00c3\\u00a9 &lt;BP&gt;\\r\\nit\\u00e2\\u20ac\\u2122s\\u200b")
    "Café <BP>\\nit's"
    """
    text = unescape_line_breaks(text)
    if text.isascii():
        fixed = _fix_ascii(text)
        if fixed is not None:
            return fixed
    return ftfy.fix_text(text, FTFY_CONFIG).translate(INVISIBLE)


def unescape_line_breaks(text: str) -> str:
    """Line breaks left as literal escapes by a doubly encoded export.

    Only text with no real line break and at least one escaped blank line
    (backslash-n twice) is touched, so an article that mentions one keeps it.

    >>> unescape_line_breaks(r"Zoo gets cubs\\r\\n\\r\\nThe zoo said.\\nMore.")
    'Zoo gets cubs\\n\\nThe zoo said.\\nMore.'
    """
    if "\n" in text or not ("\\n\\n" in text or "\\r\\n\\r\\n" in text):
        return text
    return text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\r", "\n")


def _fix_ascii(text: str) -> str | None:
    """ftfy's result for ASCII text, or None when ftfy's full path is needed.

    On ASCII input only these of ftfy's fixers can change anything, applied in
    ftfy's order until nothing changes; if unescaping produced non-ASCII text
    the caller falls back to ``ftfy.fix_text``.
    """
    while True:
        before = text
        if "&" in text:
            text = fixes.unescape_html(text)
            if not text.isascii():
                return None
        if "\r" in text:
            text = fixes.fix_line_breaks(text)
        if "\x1b" in text:
            text = fixes.remove_terminal_escapes(text)
        text = fixes.remove_control_chars(text)
        if text == before:
            return text


__all__ = ["fix_encoding", "unescape_line_breaks", "FTFY_CONFIG"]
