"""Errors users see: one line naming the file (and line) and what is wrong."""
from __future__ import annotations

# Lone surrogates: what ``os.fsdecode`` makes of a file name's bytes that are not
# UTF-8 (U+DC80..U+DCFF), shown as those bytes; no UTF-8 writer takes them.
_SURROGATES = {c: f"\\x{c - 0xDC00:02x}" if 0xDC80 <= c <= 0xDCFF else f"\\u{c:04x}"
               for c in range(0xD800, 0xE000)}
# Characters that would break an error line or act on the terminal: C0 (newline,
# carriage return, tab, escape, ...), DEL, C1, and the Unicode line and paragraph
# separators; written as Python writes them in a repr (``\n``, ``\x1b``, ``\u2028``).
_UNPRINTABLE = {c: repr(chr(c))[1:-1]
                for c in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)} | _SURROGATES


def one_line(text: str) -> str:
    """``text`` with control characters escaped, so that a message naming a
    file called ``bad<newline>name`` is still one line, and an escape sequence
    in a name cannot colour or move a terminal.

    >>> one_line("in/bad\\nname.txt: invalid UTF-8, \\x1b[31mred\\r")
    'in/bad\\\\nname.txt: invalid UTF-8, \\\\x1b[31mred\\\\r'
    """
    return text.translate(_UNPRINTABLE)


def printable_name(path: str) -> str:
    """``path`` as text UTF-8 can hold, for ids, sources and messages: a byte
    of the name that is not UTF-8 (a Latin-1 name from an old archive) written
    as ``\\xNN``, as ``ls -b`` shows it.  Such a name used to stop the run
    when its article's id or source was written.

    >>> printable_name(b"in/caf\\xe9.txt".decode("utf-8", "surrogateescape"))
    'in/caf\\\\xe9.txt'
    """
    return path if path.isascii() else path.translate(_SURROGATES)


class NormtoolError(Exception):
    """Base class for errors reported to users without a traceback.

    ``str()`` is always one line (``one_line``).  ``exit_code``: the status
    the command exits with (2 for a command line that cannot be run as given).
    """

    exit_code = 1

    def __str__(self) -> str:
        return one_line(super().__str__())


class InputError(NormtoolError):
    """A bad input item: ``path:line: message``.

    >>> str(InputError("feed.jsonl", 3, "malformed JSON"))
    'feed.jsonl:3: malformed JSON'
    >>> str(InputError("a.txt", None, "invalid UTF-8"))
    'a.txt: invalid UTF-8'
    """

    def __init__(self, path: str, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")

    def __reduce__(self):   # picklable, so worker processes can return rejects
        return (type(self), (self.path, self.line, self.message))


class IndexFailure(NormtoolError):
    """A persistent index cannot be opened, locked or written."""
