"""``normtool review``: one self-contained HTML page to check dedup and despin.

``write_review(corpus, output, report=None, clean=None, rejects=None)``
reads dedup's corpus (and optionally its report, clean's output and a
rejects file) and writes the page: counts and histograms, every cluster
with its copies as word diffs against the canonical, and the spin repairs.
"""
from __future__ import annotations

from .page import build_page, write_review

__all__ = ["build_page", "write_review"]
