"""What the clean tests share: an article made of paragraphs, cleaned, and
what its ``removed`` list says about the lines that went."""
from __future__ import annotations

from normtool.article import Article
from normtool.clean import clean_article
from normtool.options import CleanOptions


def clean(*paras: str, options: CleanOptions | None = None, **fields) -> Article:
    """The article of ``paras`` (blank lines between them) and ``fields``, cleaned."""
    return clean_article(Article(id="t", text="\n\n".join(paras), **fields), options or CleanOptions())


def rules_of(out: Article) -> list[str]:
    """The rules that removed lines, in order."""
    return [item["rule"] for item in out.removed]


def removed(out: Article) -> dict:
    """Each removed line's text and the rule that removed it."""
    return {item["text"]: item["rule"] for item in out.removed}
