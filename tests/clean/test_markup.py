"""clean on saved web pages and Markdown (``clean.markup``): the copy, its
headline and byline, never the tags, scripts or menus; plain copy untouched."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from normtool.article import Article
from normtool.clean import clean_article
from normtool.clean.markup import from_markup, is_html, plain_paragraph

PAGE = """<!DOCTYPE html>
<html><head><title>Acme buys Widgets | Example News</title>
<script>var x = "<p>tracking</p>"; window.dataLayer=[];</script>
<style>p { color: red }</style>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<h1>Acme buys Widgets for $2 billion</h1>
<p class="byline">By Jane Doe</p>
<p>NEW YORK &mdash; Acme Corp said on Monday it had agreed to buy Widgets Inc for about
$2&nbsp;billion in cash, expanding its reach into industrial parts.</p>
<figure><img src="a.jpg"><figcaption>Acme's head office. Photo: Jo Lee</figcaption></figure>
<p>The deal is expected to close in the third quarter, the company said in a statement.
<footer>&copy; 2024 Example News. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>"""


def clean(text: str) -> Article:
    return clean_article(Article(id="t", text=text))


def test_a_web_page_gives_its_headline_byline_and_paragraphs_and_lists_its_furniture():
    """(no </head>, the last <p> left open: pages are often so)"""
    out = clean(PAGE)
    assert out.title == "Acme buys Widgets for $2 billion"
    assert out.credits == ["By Jane Doe"] and out.dateline.startswith("NEW YORK")
    assert out.text == ("Acme Corp said on Monday it had agreed to buy Widgets Inc for about $2 billion in "
                        "cash, expanding its reach into industrial parts.\n\nThe deal is expected to close "
                        "in the third quarter, the company said in a statement.")
    removed = {r["rule"]: r["text"] for r in out.removed}
    assert removed["html:nav"] == "Home | World" and removed["html:figure"].startswith("Acme's head office")
    assert removed["html:footer"].startswith("© 2024 Example News")
    assert "tracking" not in str(out.to_dict()) and "<" not in out.text


def test_a_page_that_marks_its_story_gives_the_story_only():
    page = ("<html><body><div>Most read: Prices soar at the pump</div><h1>Rates held</h1><article>"
            "<p>The central bank held its main rate at 4 percent on Thursday, as expected.</p>"
            "<ul><li>Inflation fell</li><li>Growth slowed</li></ul></article>"
            "<div>Sign up for our newsletter</div></body></html>")
    out = clean(page)
    assert out.title == "Rates held"
    assert out.text == ("The central bank held its main rate at 4 percent on Thursday, as expected.\n\n"
                        "- Inflation fell\n- Growth slowed")


def test_markdown_loses_its_marks_and_keeps_its_words():
    text = ("# Acme buys Widgets for $2 billion\n\n*By Jane Doe* | **March 3, 2024**\n\n"
            "NEW YORK -- Acme Corp said on Monday it had agreed to buy "
            "[Widgets Inc](https://example.com/widgets) for about $2 billion in cash.\n\n"
            "> \"This is a great day,\" the CEO said.\n")
    out = clean(text)
    assert (out.title, out.date) == ("Acme buys Widgets for $2 billion", "2024-03-03")
    assert out.text == ("Acme Corp said on Monday it had agreed to buy Widgets Inc for about $2 billion "
                        "in cash.\n\n\"This is a great day,\" the CEO said.")


def test_plain_copy_is_no_markup():
    wire = ("<GENZYME CORP> said it had agreed to buy <BIOGEN INC> for 20 dlrs a share.\n"
            "    The deal is worth about 300 mln dlrs, it said. Shares rose 5 pct.\n")
    assert not is_html(wire) and from_markup(wire) == (wire, [])
    assert clean(wire).text == ("<GENZYME CORP> said it had agreed to buy <BIOGEN INC> for 20 dlrs a "
                                "share.\n\nThe deal is worth about 300 mln dlrs, it said. Shares rose 5 pct.")
    assert plain_paragraph("A #1 seed won, up 5 pct > forecast.") == "A #1 seed won, up 5 pct > forecast."


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<br>", "<nav>", "</nav>", "<script>", "</script>", "<h1>",
                                 "</h1>", "<article>", "</div>", "&amp;", "&#0;", "<!--", "-->", "<![CDATA[",
                                 "# ", "**", "[a](http://x)", "> ", "\n", "Text said so.", "<", ">", "&"]),
                max_size=40).map("".join))
def test_any_markup_is_cleaned_without_raising_and_cleaning_again_changes_nothing(text):
    out = clean(text)
    again = clean_article(Article(id="t", text=out.text, title=out.title, dateline=out.dateline))
    assert again.text == out.text


def test_a_scraped_body_of_one_paragraph_loses_its_tags():
    """A JSONL body scraped with its markup, one <p> only: a single closing
    tag makes it a page (Reuters, Brown and Lee hold none)."""
    out = clean("<p>Acme Corp said on Monday it had agreed to buy Widgets Inc for about "
                "$2&nbsp;billion in cash.</p>")
    assert out.text == "Acme Corp said on Monday it had agreed to buy Widgets Inc for about $2 billion in cash."


def test_a_cdata_section_keeps_its_story():
    """A feed item pasted as text: its story is escaped HTML in a CDATA
    section, which was dropped whole with its marks (the story lost).  The
    content stays and is read as markup; a script's CDATA still goes with
    the script."""
    item = ("<item>\n<title><![CDATA[Teachers accept pay deal]]></title>\n"
            "<description><![CDATA[\n<p>Members of the teachers' union voted on Wednesday to "
            "accept a new pay offer, ending a three-week strike.</p>\n<p>The deal raises "
            "salaries by 11 per cent over three years, the union said.</p>\n]]></description>\n"
            "</item>")
    out = clean(item)
    assert "Members of the teachers' union voted on Wednesday" in out.text
    assert "The deal raises salaries by 11 per cent over three years, the union said." in out.text
    assert "<p>" not in out.text and "CDATA" not in out.text
    page = ("<html><body><script>//<![CDATA[\nvar story = 'not copy';\n//]]></script>"
            "<p>Acme said on Monday it had agreed to buy Widgets for $2 billion.</p></body></html>")
    assert clean(page).text == "Acme said on Monday it had agreed to buy Widgets for $2 billion."
