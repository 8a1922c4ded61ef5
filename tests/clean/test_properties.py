"""Property tests: clean never raises, is idempotent, and its ASCII fast path is ftfy's."""
from __future__ import annotations

import json
import string

import ftfy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from normtool.article import Article
from normtool.clean import clean_article, clean_text, fix_encoding
from normtool.clean.encoding import FTFY_CONFIG, unescape_line_breaks
from normtool.clean.layout import is_list_item

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Pieces of news copy and furniture, so examples hit the rules, not just noise.
PIECES = list("aAbB .,-:\n\n  \t\r?'\"&;#<>|/_(") + [
    "KYIV", "SEOUL, South Korea \u2014 ", "Reuter", "PHOTO: REUTERS", " date 2024-10-25 ",
    "October 24, 2024", "Sign up now: ", "\u00a0", "\u200b", "\ufeff", "\u00c3\u00a9",
    "&amp;", "&lt;", "&#3;", " - ", "REUTERS, AFP", "(Reporting by Jo Lee)",
    "contributed to this report.", "Follow topic:", "kjk/ceb", "Most read",
    "Home | World | Asia", "\u2014", "The", "said.", "Headline words here", "U.S.", "__",
    "    ", "- 'Crosshead' -", "Published: March 3, 2024",
    "\n- Item one", "\n* Item two", "\n\u2022 Item", "\nBy Jo Smith, The Post\n", "Updated 06 April 2025 ",
    "Advertisement\n", "The Evening Post\n", "Is it over?\n\n", "troops head to the front",
    "\n\nAdditional reporting by Ann Lee", "frontMarch 3, 2025", "2025-03-03",
]
news_text = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
any_text = st.text(max_size=300)


def canonical(body: str) -> bool:
    """Paragraphs single-spaced; a list paragraph holds one bulleted item a line."""
    def para_ok(p: str) -> bool:
        lines = p.split("\n")
        return bool(p) and all(x and x == " ".join(x.split()) for x in lines) and (
            len(lines) == 1 or all(is_list_item(x) for x in lines))
    return all(para_ok(p) for p in body.split("\n\n")) if body else True


@SETTINGS
@given(st.one_of(any_text, news_text))
def test_clean_never_raises_and_output_is_canonical(text):
    art = clean_article(Article(id="p", text=text))
    assert canonical(art.text)
    assert all(set(r) == {"rule", "text"} for r in art.removed)


@SETTINGS
@given(st.one_of(news_text, any_text))
def test_clean_text_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once


@SETTINGS
@given(news_text)
def test_clean_article_on_its_own_output_changes_nothing(text):
    first = clean_article(Article(id="p", text=text))
    record = json.loads(first.to_json())
    again = clean_article(Article.from_dict(record))
    assert again.text == first.text
    assert again.to_dict() == first.to_dict()


@SETTINGS
@given(st.text(alphabet=string.printable + "\x00\x03\x07\x1b\x7f&#;", max_size=200)
       | st.lists(st.sampled_from(["&amp;", "&lt;", "&#3;", "&eacute;", "&#195;&#169;", "<",
                                   "\r\n", "\x1b[31m", "a", " ", "&amp;lt;", "&"]),
                  max_size=30).map("".join))
@example("\\n\\n")          # escaped blank lines: unescaped first, on purpose (unescape_line_breaks)
def test_ascii_fast_path_is_identical_to_ftfy(text):
    assert fix_encoding(text) == ftfy.fix_text(unescape_line_breaks(text), FTFY_CONFIG)
