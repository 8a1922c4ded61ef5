"""clean on what a saved page declares about itself (``clean.pagemeta``):
its date, writers, url and outlet from ``<meta>`` tags, the canonical link,
a ``<time>`` marked as the story's and JSON-LD; given fields win, hostile
values are passed over."""
from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st

from normtool.article import Article
from normtool.clean import clean_article
from normtool.clean.markup import read_markup
from normtool.clean.pagemeta import MAX_VALUES, Head, declared_date

LEDE = ("<p>Acme Corp said on Monday it had agreed to buy Widgets Inc for about $2 billion "
        "in cash, expanding its reach into industrial parts.</p>"
        "<p>The deal is expected to close in the third quarter, the company said.</p>")
BODY = ("Acme Corp said on Monday it had agreed to buy Widgets Inc for about $2 billion in cash, "
        "expanding its reach into industrial parts.\n\n"
        "The deal is expected to close in the third quarter, the company said.")


def clean(text: str, **fields) -> Article:
    return clean_article(Article.from_dict(dict(fields, id="t", text=text)))


def page(head: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def ld(data) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


WORDPRESS = page(
    '<title>Acme buys Widgets &#8211; The Daily Planet</title>'
    '<link rel="canonical" href="https://dailyplanet.example/2025/03/04/acme-buys-widgets/">'
    '<meta property="og:site_name" content="The Daily Planet">'
    '<meta property="article:published_time" content="2025-03-04T09:15:00+00:00">'
    '<meta property="article:modified_time" content="2025-03-06T11:00:00+00:00">'
    '<meta property="article:author" content="https://www.facebook.com/janedoe">'
    '<meta name="author" content="Jane Doe">'
    + ld({"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "@id": "https://dailyplanet.example/2025/03/04/acme-buys-widgets/"},
        {"@type": "Article", "@id": "#article", "headline": "Acme buys Widgets",
         "datePublished": "2025-03-04T09:15:00+00:00", "dateModified": "2025-03-06T11:00:00+00:00",
         "author": {"name": "Jane Doe", "@id": "#/schema/person/1"}, "publisher": {"@id": "#organization"}},
        {"@type": "Organization", "@id": "#organization", "name": "The Daily Planet"},
        {"@type": "Person", "@id": "#/schema/person/1", "name": "Jane Doe"}]}),
    '<header id="masthead"><p class="site-title">The Daily Planet</p></header>'
    '<article><header class="entry-header"><h1 class="entry-title">Acme buys Widgets</h1>'
    '<div class="entry-meta"><time class="entry-date published" datetime="2025-03-04T09:15:00+00:00">'
    'March 4, 2025</time><time class="updated" datetime="2025-03-06T11:00:00+00:00">March 6, 2025</time>'
    '</div></header><div class="entry-content">' + LEDE + '</div></article>')


def test_a_wordpress_page_gives_its_date_writer_url_and_site_never_its_modified_date():
    out = clean(WORDPRESS)
    assert out.title == "Acme buys Widgets" and out.text == BODY
    assert out.date == "2025-03-04" and out.credits == ["Jane Doe"]
    assert out.url == "https://dailyplanet.example/2025/03/04/acme-buys-widgets/"
    assert out.to_dict()["site"] == "The Daily Planet" and list(out.to_dict())[-1] == "site"


ARC = page(
    '<meta property="og:title" content="Acme buys Widgets for $2 billion">'
    + ld({"@context": "http://schema.org", "@type": "NewsArticle",
          "headline": "Acme buys Widgets for $2 billion", "datePublished": "2025-03-04T23:30:00-05:00",
          "dateModified": "2025-03-05T08:00:00Z",
          "author": [{"@type": "Person", "name": "Jane Doe", "url": "https://example.com/people/jane-doe/"},
                     {"@type": "Person", "name": "John Roe"}],
          "publisher": {"@type": "Organization", "name": "The Washington Post"},
          "mainEntityOfPage": {"@type": "WebPage", "@id": "https://www.example.com/business/2025/03/04/acme/"},
          "isAccessibleForFree": False}),
    '<h1>Acme buys Widgets for $2 billion</h1><div class="byline">March 5, 2025 at 4:30 a.m. UTC</div>'
    + LEDE)


def test_arc_style_json_ld_gives_the_writers_and_the_date_as_written_in_its_own_time_zone():
    """(the page's declared date wins over the date line in its copy)"""
    out = clean(ARC)
    assert out.date == "2025-03-04" and out.credits == ["Jane Doe", "John Roe"]
    assert out.url == "https://www.example.com/business/2025/03/04/acme/"
    assert out.to_dict()["site"] == "The Washington Post" and out.text == BODY


BBC = page(
    '<title>Acme buys Widgets - BBC News</title>'
    '<link rel="canonical" href="https://www.bbc.example/news/business-123">'
    + ld({"@context": "http://schema.org", "@graph": [
        {"@type": "ReportageNewsArticle", "url": "https://www.bbc.example/news/business-123",
         "publisher": {"@type": "NewsMediaOrganization", "name": "BBC News"},
         "datePublished": "2025-03-04T10:00:00.000Z", "headline": "Acme buys Widgets",
         "author": {"@type": "NewsMediaOrganization", "name": "BBC News"}}]}),
    '<main><article><h1>Acme buys Widgets</h1>' + LEDE + '</article></main>')


def test_a_bbc_style_graph_gives_date_and_site_and_no_credit_for_the_site_itself():
    out = clean(BBC)
    assert out.date == "2025-03-04" and out.credits == [] and out.to_dict()["site"] == "BBC News"
    assert out.url == "https://www.bbc.example/news/business-123"


GUARDIAN = page(
    '<title>Vigil review – twisty, explosive … and so boring | Television | The Guardian</title>'
    + ld([{"@type": "NewsArticle", "@context": "https://schema.org",
           "publisher": {"@type": "Organization", "name": "The Guardian"},
           "author": [{"@type": "Person", "name": "Rachel Aroesti",
                       "sameAs": "https://www.theguardian.com/profile/rachel-aroesti"}],
           "datePublished": "2026-08-30T21:00:06.000Z", "dateModified": "2026-08-31T02:23:18.000Z",
           "headline": "Vigil review – twisty, explosive … and so boring",
           "mainEntityOfPage": "https://www.theguardian.com/tv-and-radio/2026/aug/30/vigil-review"},
          {"@type": "WebPage", "@id": "https://www.theguardian.com/tv-and-radio/2026/aug/30/vigil-review"}])
    + '<meta property="article:author" content="https://www.theguardian.com/profile/rachel-aroesti"/>'
    '<meta property="og:site_name" content="the Guardian"/>', LEDE)


def test_a_guardian_style_list_of_objects_gives_the_story_objects_fields():
    """(no <h1>: the declared headline heads the copy, not the <title> with its section)"""
    out = clean(GUARDIAN)
    assert out.title == "Vigil review – twisty, explosive … and so boring" and out.text == BODY
    assert out.date == "2026-08-30" and out.credits == ["Rachel Aroesti"]
    assert out.url.endswith("/vigil-review") and out.to_dict()["site"] == "the Guardian"


NYT = page(
    '<meta name="byl" content="By Jane Doe and John Roe">'
    '<meta name="pdate" content="20250304">'
    '<meta property="og:url" content="https://www.nytimes.example/2025/03/04/business/acme.html">',
    '<h1>Acme buys Widgets</h1>' + LEDE)


def test_nyt_style_meta_names_give_the_byline_and_a_compact_date():
    out = clean(NYT)
    assert out.date == "2025-03-04" and out.credits == ["By Jane Doe and John Roe"]
    assert out.url == "https://www.nytimes.example/2025/03/04/business/acme.html"
    assert "site" not in out.to_dict()


OG_ONLY = page(
    '<title>Acme buys Widgets | Example News</title>'
    '<meta property="og:title" content="Acme buys Widgets for $2 billion | Example News">'
    '<meta property="og:site_name" content="Example News">'
    '<meta property="og:url" content="https://news.example/acme">', LEDE)


def test_a_page_with_only_og_tags_gives_its_headline_without_the_site_name():
    out = clean(OG_ONLY)
    assert out.title == "Acme buys Widgets for $2 billion" and out.text == BODY
    assert out.url == "https://news.example/acme" and out.to_dict()["site"] == "Example News"


def test_an_h1_that_is_only_the_site_name_gives_way_to_the_declared_headline():
    head = ('<meta property="og:site_name" content="Example News">'
            '<meta property="og:title" content="Acme buys Widgets for $2 billion">'
            '<meta name="author" content="Jane Doe">')
    out = clean(page(head, '<h1>Example News</h1><article>' + LEDE + '</article>'))
    assert out.title == "Acme buys Widgets for $2 billion" and out.text == BODY
    out = clean(page(head, '<h1>Example News</h1><div>' + LEDE + '</div>'))     # no byline, the logo
    assert out.title == "Acme buys Widgets for $2 billion" and out.text == BODY
    assert out.credits == ["Jane Doe"] and {"rule": "site-name", "text": "Example News"} in out.removed


def test_a_byline_in_the_copy_wins_over_the_declared_writer():
    out = clean(page('<meta name="author" content="Web Desk">',
                     '<h1>Acme buys Widgets</h1><p>By Jane Doe</p>' + LEDE))
    assert out.credits == ["By Jane Doe"]


def test_a_person_is_credited_over_an_organisation_and_a_url_never():
    out = clean(page('<meta property="article:author" content="https://www.facebook.com/acme">'
                     + ld({"@type": "NewsArticle", "author": [{"@type": "Organization", "name": "Reuters"},
                                                             {"@type": "Person", "name": "Jane Doe"}]}),
                     '<h1>Acme buys Widgets</h1>' + LEDE))
    assert out.credits == ["Jane Doe"]
    out = clean(page(ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Reuters"},
                         "publisher": {"name": "Example News"}}), '<h1>Acme buys Widgets</h1>' + LEDE))
    assert out.credits == ["Reuters"]


def test_a_time_counts_only_when_marked_as_the_storys():
    """(a date in the story's own words, or an "updated" one, is not its date)"""
    body = ('<h1>Acme buys Widgets</h1><article><header><time class="updated" datetime="2025-03-06">'
            'Updated</time></header><p>The vote is set for <time datetime="2025-06-01">June 1</time> '
            'and Acme Corp said on Monday it had agreed to buy Widgets Inc for cash.</p></article>')
    assert clean(page("", body)).date is None
    marked = body.replace('<time datetime="2025-06-01">', '<time pubdate datetime="2025-03-04">')
    assert clean(page("", marked)).date == "2025-03-04"
    related = body.replace("</article>", '</article><article><header><time datetime="2024-01-01">Jan 1</time>'
                           '</header><p>An older story.</p></article>')
    assert clean(page("", related)).date is None        # a related story's time is not this one's
    unedited = body.replace('class="updated" datetime="2025-03-06"', 'class="entry-date published updated" '
                            'datetime="2025-03-04"')
    assert clean(page("", unedited)).date == "2025-03-04"       # (WordPress, a post never edited)


def test_given_fields_win_over_what_the_page_declares():
    out = clean(WORDPRESS, date="2025-01-02", url="https://feed.example/a", credits=["Ann Lee"],
                site="Feed Title")
    assert out.date == "2025-01-02" and out.url == "https://feed.example/a"
    assert out.credits == ["Ann Lee"] and out.to_dict()["site"] == "Feed Title"
    assert not any("Jane Doe" in r["text"] for r in out.removed)   # declared values are no copy


def test_each_field_taken_from_the_page_names_its_source():
    from normtool.clean.clean import analyse
    from normtool.clean.rules import load_rules
    found = analyse(WORDPRESS, load_rules()).declared
    assert [(name, source) for name, source, _ in found] == [
        ("date", "page:ld:datePublished"), ("credits", "page:ld:author"), ("url", "page:canonical"),
        ("site", "page:og:site_name")]


def test_hostile_json_ld_and_values_are_passed_over():
    hostile = [
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>',
        '<script type="application/ld+json">' + "[" * 100000 + "]" * 100000 + '</script>',
        '<script type="application/ld+json">' + '{"@type": "NewsArticle", "x": "' + "a" * 1_100_000
        + '"}</script>',
        ld({"@type": {"a": 1}, "headline": 5}),
        ld([{"@type": ["Thing", 7], "author": 42},
            {"@type": "NewsArticle", "headline": ["x"], "datePublished": ["2025-01-01"],
             "author": [None, 3, {"name": {"x": 1}}, {"@id": "#nobody"}, "https://x.example/a"],
             "publisher": [], "url": {"@id": 9}, "mainEntityOfPage": "not a url"}]),
        '<meta name="date" content="0000-00-00"><meta name="pubdate" content="yesterday">'
        '<meta property="article:published_time" content="2025-02-30T10:00:00Z">'
        '<link rel="canonical" href="/relative/path"><meta property="og:url" content="javascript:x()">',
    ]
    text = page("".join(hostile) + '<meta name="sailthru.date" content="2025-03-04 10:00:00">',
                "<h1>Acme buys Widgets</h1>" + LEDE)
    out = clean(text)
    assert out.date == "2025-03-04" and out.credits == [] and out.url is None
    assert out.title == "Acme buys Widgets" and out.text == BODY


def test_what_is_gathered_from_a_page_is_bounded():
    head = Head()
    for i in range(MAX_VALUES * 3):
        head.start("meta", [("name", f"n{i}"), ("content", "x")])
    head.start("meta", [("name", "author"), ("content", "y" * 100_000)])
    assert len(head.values) == MAX_VALUES
    many = page("".join(ld({"@type": "Thing"}) for _ in range(50)) + ld({"@type": "NewsArticle",
                                                                         "datePublished": "2025-03-04"}), LEDE)
    assert read_markup(many).page.date is None      # past the blocks read


def test_declared_dates_read_machine_forms_only():
    assert declared_date("2025-03-04T23:30:00-05:00") == "2025-03-04"
    assert declared_date("2025/03/04") == "2025-03-04"
    assert declared_date("Tue, 4 Mar 2025 23:30:00 -0500") == "2025-03-04"
    assert declared_date("03/04/2025") is None and declared_date("") is None and declared_date(None) is None


def test_plain_copy_declares_nothing():
    out = clean("Acme buys Widgets\n\nAcme Corp said on Monday it had agreed to buy Widgets Inc.")
    assert "site" not in out.to_dict() and out.url is None


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
    | st.sampled_from(["NewsArticle", "Person", "Organization", "2025-03-04", "https://a.example/x"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["@type", "@graph", "@id", "author", "name", "headline", "datePublished",
                         "publisher", "url", "mainEntityOfPage", "mainEntity"]), inner, max_size=6),
    max_leaves=30)


@settings(max_examples=150, deadline=None)
@given(_JSON, st.text(max_size=40), st.text(max_size=40))
def test_any_json_ld_and_any_meta_value_is_read_or_passed_over_never_raised(data, value, name):
    text = page(ld(data) + f'<meta name="author" content="{value}"><meta property="{name}" content="{value}">'
                f'<time pubdate datetime="{value}"></time>', "<h1>Acme buys Widgets</h1>" + LEDE)
    out = clean(text)
    assert out.text.endswith("the company said.")
    assert out.date is None or len(out.date) == 10
    assert all(isinstance(c, str) and c for c in out.credits)
    assert out.url is None or out.url.startswith(("http://", "https://"))
