"""Human- and machine-readable accounts of what despin changed in an article."""
from __future__ import annotations

from typing import Callable

from ..article import Article


def format_repairs(article: Article, style: Callable[..., str] | None = None,
                   width: int = 30) -> str:
    """A human-readable account of a despun article: a header, then one line per
    repair with its context in the repaired text (``[-from +to]``) and rule.
    ``style(text, **kw)`` (e.g. ``click.style``) colours it on a terminal.

    >>> from normtool.despin import despin_article
    >>> art = despin_article(Article(id="a", text="The Related Press mentioned that "
    ...     "counterfeit consciousness is booming, he mentioned."))
    >>> print(format_repairs(art, width=12))
    a  spin_score=0.7364  spun=true  repairs=4
      @4      ...The [-Related Press +Associated Press] said that a...  (proper:related press)
      @21     ...iated Press [-mentioned +said] that artifi...  (reporting:mentioned)
      @31     ...s said that [-counterfeit consciousness +artificial intelligence] is booming,...  (tech:counterfeit consciousness)
      @70     ...booming, he [-mentioned +said]....  (reporting:mentioned)
    """
    if style is None:
        def style(s: str, **kw) -> str:
            return s

    head = (f"{article.id}  spin_score={article.spin_score}  "
            f"spun={str(bool(article.spun)).lower()}  repairs={len(article.repairs)}")
    lines = [style(head, bold=True)]
    text = article.text
    for r in article.repairs:
        text = article.text
        if "field" in r:                      # "credits.0": a repair in that credits line
            name, _, k = r["field"].partition(".")
            try:
                text = getattr(article, name)[int(k)] if k.isdigit() else getattr(article, name)
            except (AttributeError, IndexError, TypeError):
                text = ""                     # a given repair naming no field we hold
            if not isinstance(text, str):
                text = ""
        a, b = r["offset"], r["offset"] + len(r["to"])
        left = text[max(0, a - width):a].split("\n")[-1]
        right = text[b:b + width].split("\n")[0]
        where = f"{r['field']}@{a}" if "field" in r else f"@{a}"
        lines.append(f"  {where:<7} ...{left}[{style('-' + r['from'], fg='red')} "
                     f"{style('+' + r['to'], fg='green')}]{right}...  ({r['rule']})")
    return "\n".join(lines)


def repairs_record(article: Article) -> dict:
    """The JSONL line ``normtool despin --json`` writes for one article."""
    return {"id": article.id, "spin_score": article.spin_score, "spun": article.spun,
            "repairs": article.repairs}


__all__ = ["format_repairs", "repairs_record"]
