"""normtool: turn raw news copy into a clean, canonical, de-duplicated corpus.

Library use (no Click needed)::

    from normtool import Article, clean_one, CleanOptions
    art = clean_one(Article(id="a", text=raw), CleanOptions())
"""
__version__ = "0.1.0"

from .article import Article  # noqa: E402
from .options import CleanOptions, DedupOptions, RunOptions  # noqa: E402


def __getattr__(name):
    # Runner functions are imported lazily so `import normtool` stays cheap.
    if name in ("run_clean", "run_dedup", "clean_articles", "clean_one"):
        from . import runner
        return getattr(runner, name)
    raise AttributeError(name)


__all__ = ["Article", "CleanOptions", "DedupOptions", "RunOptions", "__version__",
           "run_clean", "run_dedup", "clean_articles", "clean_one"]
