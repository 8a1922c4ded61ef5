"""clean on syndicated copies: the furniture aggregators and news sites put
around a wire story (a note naming the source at the top, a relative time
stamp with its section, "You might also like" and "More from SITE" lists,
"Continue reading on ..." under a copy cut short, a Guardian-style agency
byline), without touching prose that reads alike."""
from normtool.article import Article
from normtool.clean import clean_article

from .paras import clean

LEDE = ("LONDON (AFP) - Brentford won the FA Cup for the first time in their 137-year history "
        "on Saturday, beating Newcastle 2-1 at Wembley with a stoppage-time header.")
BODY = ["Brentford won the FA Cup for the first time in their 137-year history on Saturday, "
        "beating Newcastle 2-1 at Wembley with a stoppage-time header.",
        "Newcastle took the lead in the 23rd minute when Alexander Isak turned in a low cross.",
        "Brentford levelled through Mikkel Damsgaard shortly after the break."]


def test_aggregator_copy_keeps_its_headline_and_loses_its_furniture():
    """Before: the time stamp became the title (the headline, label-shaped,
    was taken for a masthead), the source note stayed in the body, and so
    did the "You might also like" list."""
    out = clean("Brentford's fairytale: Bees sting Magpies at Wembley",
                "Posted 3 hours ago in World News",
                "This story originally appeared on AFP.",
                LEDE, *BODY[1:],
                "You might also like:",
                "10 photos that will restore your faith in humanity")
    assert out.title == "Brentford's fairytale: Bees sting Magpies at Wembley"
    assert out.text.split("\n\n") == BODY
    rules = {r["rule"] for r in out.removed}
    assert {"timestamp-line", "syndication-note-top", "most-read"} <= rules


def test_copy_cut_short_loses_its_continue_reading_line():
    out = clean("Brentford stun Newcastle to win first FA Cup", LEDE, BODY[1],
                "Continue reading this story on reuters.com")
    assert out.text.split("\n\n") == BODY[:2]
    assert any(r["rule"] == "continue-reading" for r in out.removed)


def test_more_from_the_site_list_is_cut():
    out = clean("Brentford stun Newcastle to win first FA Cup", LEDE, *BODY[1:],
                "More from The Daily Ledger",
                "City to consult on bus lane changes",
                "Opinion: Why our city needs light rail now")
    assert out.text.split("\n\n") == BODY


def test_agency_byline_ending_in_a_separator_is_a_credit():
    """A saved page: the byline and a <time> element are separate blocks, so
    the byline ends in its separator.  Before: the byline became the title
    and the headline was removed as a masthead."""
    page = ("<html><body><h1>Brentford stun Newcastle to win first FA Cup</h1>"
            "<div>Staff and agencies &middot; <time datetime=\"2026-05-16\">May 16, 2026</time></div>"
            + "".join(f"<p>{p}</p>" for p in [LEDE] + BODY[1:]) + "</body></html>")
    out = clean_article(Article(id="t.html", text=page))
    assert out.title == "Brentford stun Newcastle to win first FA Cup"
    assert out.credits == ["Staff and agencies"] and out.date == "2026-05-16"
    assert out.text.split("\n\n") == BODY


def test_a_feed_items_post_footer_goes():
    """WordPress feeds end every item with "The post TITLE appeared first on SITE."."""
    out = clean("Brentford stun Newcastle to win first FA Cup", LEDE, *BODY[1:],
                "The post Brentford stun Newcastle to win first FA Cup appeared first on West London Daily.")
    assert out.text.split("\n\n") == BODY
    assert "feed-post-footer" in {r["rule"] for r in out.removed}


def test_prose_that_reads_like_this_furniture_stays():
    prose = ["More from the ministry is expected next week, officials said.",
             "This story originally appeared to be a hoax, police said on Monday.",
             "Continue reading the signs, the coach told his players before the final.",
             "Posted 3 hours ago in World News, the clip drew a million views.",
             "The post of sporting director appeared first on the agenda of the board."]
    out = clean("Brentford stun Newcastle to win first FA Cup", LEDE, *prose)
    assert out.text.split("\n\n") == BODY[:1] + prose


def test_title_case_headline_over_its_standfirst_is_the_title():
    """A site's headline in title case over a longer standfirst without a full
    stop: before, the headline was taken for a masthead and the standfirst
    for the title.  A menu line over a title-case headline stays a masthead."""
    out = clean("Brentford Stun Newcastle To Win First FA Cup",
                "A stoppage-time header from Yoane Wissa settles a tense final at Wembley",
                LEDE, *BODY[1:])
    assert out.title == "Brentford Stun Newcastle To Win First FA Cup"
    assert out.text.split("\n\n") == BODY
    out = clean("MENU Markets Companies Economy Tech Careers",
                "Brentford Stun Newcastle To Win Their First Ever FA Cup Final", LEDE, *BODY[1:])
    assert out.title == "Brentford Stun Newcastle To Win Their First Ever FA Cup Final"


def test_a_feed_items_post_footer_in_another_language_goes():
    """The same footer as WordPress (Yoast) writes it in German, French,
    Spanish, Italian and Dutch; it stayed under a German feed item."""
    de = ["Heftiger Regen hat am Sonntag Teile des nördlichen Tals überflutet, wie die "
          "Behörden mitteilten.", "Hunderte Familien mussten ihre Häuser verlassen."]
    for footer in ("Der Beitrag Heftiger Regen überflutet Tal erschien zuerst auf Europa Nachrichten.",
                   "L\u2019article Pluies dans la vallée est apparu en premier sur Le Petit Journal.",
                   "La entrada Lluvias en el valle se publicó primero en Diario Sur.",
                   "L'articolo Pioggia nella valle proviene da Il Post.",
                   "Het bericht Regen in het dal verscheen eerst op NU.nl."):
        out = clean("Heftiger Regen überflutet Tal", *de, footer)
        assert out.text.split("\n\n") == de, footer
        assert "feed-post-footer-intl" in {r["rule"] for r in out.removed}
    prose = ["Der Beitrag des Bundes erschien zuerst auf der Liste der Kürzungen.",
             "L'article 49.3 est apparu en premier sur la table du gouvernement."]
    out = clean("Heftiger Regen überflutet Tal", *de, *prose)
    assert out.text.split("\n\n") == de + prose


def test_a_share_line_naming_networks_in_another_language_goes():
    """"Teilen: Facebook X" under a German feed item stayed (the intl share
    rule took "Teilen" alone, the English one "Share: Facebook X")."""
    de = ["Heftiger Regen hat am Sonntag Teile des nördlichen Tals überflutet, wie die "
          "Behörden mitteilten.", "Hunderte Familien mussten ihre Häuser verlassen."]
    for line in ("Teilen: Facebook X", "Artikel teilen Facebook WhatsApp E-Mail",
                 "Partager : Facebook Twitter Courriel", "Compartir Facebook, Twitter"):
        out = clean("Heftiger Regen überflutet Tal", de[0], line, de[1])
        assert out.text.split("\n\n") == de, line
    prose = "Teilen auf Facebook will die Regierung nicht verbieten, sagte der Minister."
    out = clean("Heftiger Regen überflutet Tal", de[0], prose, de[1])
    assert out.text.split("\n\n") == [de[0], prose, de[1]]


def test_the_last_paragraph_over_a_closing_photo_credit_stays():
    """A feed item (or page) ending "... last paragraph. / Photo: AP" credits
    its lead photo: the last paragraph was taken for the photo's caption.  A
    caption over a credit inside the copy still goes."""
    out = clean("Brentford stun Newcastle to win first FA Cup", LEDE, *BODY[1:], "Photo: AP")
    assert out.text.split("\n\n") == BODY
    assert [r["rule"] for r in out.removed] == ["photo-credit"]
    out = clean("Brentford stun Newcastle to win first FA Cup", LEDE,
                "Fans celebrate at Wembley on Saturday.", "Photo: AP", *BODY[1:])
    assert out.text.split("\n\n") == BODY
    assert [r["rule"] for r in out.removed] == ["photo-caption", "photo-credit"]
