"""Errors users see: one line naming the file (and line) and what is wrong."""
from __future__ import annotations


class NormtoolError(Exception):
    """Base class for errors reported to users without a traceback."""


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
