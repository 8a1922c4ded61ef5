"""Feeds (RSS 2.0, Atom, RSS 1.0) read one article per item: normtool/io/feeds.py."""
from __future__ import annotations

import gzip
import io
import json
import tracemalloc
from pathlib import Path

from click.testing import CliRunner

from normtool.cli import main
from normtool.io import Rejected, read_inputs

LEDE = "Acme Corp said on Monday it had agreed to buy Widgets Inc for $2 billion in cash."
MORE = "The deal is expected to close in June, the company said."
RAIN = "Heavy rain flooded parts of the northern valley on Sunday, officials said."

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Acme News</title><link>https://news.example.com/</link>
<description>All the news</description>
<item>
  <title>Acme buys Widgets</title>
  <link>https://news.example.com/acme</link>
  <guid isPermaLink="false">acme-1</guid>
  <pubDate>Mon, 03 Mar 2025 14:05:00 GMT</pubDate>
  <dc:creator>Jane Roe</dc:creator>
  <description>A short teaser</description>
  <content:encoded><![CDATA[<p>{LEDE}</p><p>The deal&nbsp;is expected to close in June,
  the company said.</p><div class="share">Share this</div>]]></content:encoded>
</item>
<item>
  <title>Rain floods valley</title>
  <link>https://news.example.com/rain</link>
  <description>{RAIN.replace(" on ", " &lt;b&gt;on&lt;/b&gt; ")}</description>
</item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Acme News</title><id>urn:feed</id><updated>2025-03-04T00:00:00Z</updated>
  <entry>
    <title type="html">Acme buys &lt;em&gt;Widgets&lt;/em&gt;</title>
    <link rel="self" href="https://news.example.com/self/1"/>
    <link rel="alternate" type="text/html" href="https://news.example.com/acme"/>
    <id>tag:news.example.com,2025:acme</id>
    <updated>2025-03-04T09:00:00Z</updated>
    <published>2025-03-03T14:05:00Z</published>
    <author><name>Jane Roe</name><email>jane@example.com</email></author>
    <summary>A short teaser</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{LEDE}</p>
      <p>The deal is <b>expected</b> to close in June, the company said.</p></div></content>
  </entry>
  <entry>
    <title>Rain floods valley</title>
    <id>tag:news.example.com,2025:rain</id>
    <updated>2025-03-02T08:00:00Z</updated>
    <summary>{RAIN}</summary>
  </entry>
</feed>
"""

RDF = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example.com/rss">
    <title>Acme News</title><link>https://news.example.com/</link><description>News</description>
  </channel>
  <item rdf:about="https://news.example.com/acme">
    <title>Acme buys Widgets</title>
    <link>https://news.example.com/acme</link>
    <description>{LEDE}</description>
    <dc:date>2025-03-03</dc:date>
    <dc:creator>Jane Roe</dc:creator>
  </item>
</rdf:RDF>
"""


def rss(*items: str) -> str:
    """An RSS 2.0 feed holding ``items`` (the XML inside each <item>)."""
    body = "".join(f"<item>{x}</item>\n" for x in items)
    return (f'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</title>\n'
            f'{body}</channel></rss>\n')


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def read(*paths, **kw) -> list:
    return list(read_inputs([str(p) for p in paths], **kw))


def test_rss_items_are_articles_with_content_encoded_as_markup(tmp_path):
    src = write(tmp_path, "news.xml", RSS)
    first, second = read(src)
    assert (first.id, first.title, first.date, first.url, first.credits) == \
        ("acme-1", "Acme buys Widgets", "Mon, 03 Mar 2025 14:05:00 GMT",
         "https://news.example.com/acme", ["Jane Roe"])
    assert first.text.startswith(f"<article><p>{LEDE}</p>")     # content:encoded, not the teaser
    assert first.source == f"{src}:6" and {"title", "date", "url"} <= first.given
    # no guid: the link is the id; escaped HTML in a description is markup too
    assert (second.id, second.date, second.credits) == ("https://news.example.com/rain", None, [])
    assert second.text == f"<article>{RAIN.replace(' on ', ' <b>on</b> ')}</article>"


def test_atom_entries_with_xhtml_content(tmp_path):
    first, second = read(write(tmp_path, "news.atom", ATOM))
    assert (first.id, first.date, first.url, first.credits) == \
        ("tag:news.example.com,2025:acme", "2025-03-03T14:05:00Z",
         "https://news.example.com/acme", ["Jane Roe"])
    assert first.title == "Acme buys Widgets"       # an HTML title without its tags
    assert f"<p>{LEDE}</p>" in first.text and "<b>expected</b>" in first.text
    assert "xmlns" not in first.text and "teaser" not in first.text
    # a plain-text summary stays plain; without <published> the date is <updated>
    assert (second.text, second.date, second.url) == (RAIN, "2025-03-02T08:00:00Z", None)


def test_rss_1_0_rdf_items(tmp_path):
    [art] = read(write(tmp_path, "news.rss", RDF))
    assert (art.id, art.title, art.date, art.credits, art.text) == \
        ("https://news.example.com/acme", "Acme buys Widgets", "2025-03-03", ["Jane Roe"], LEDE)


def test_items_without_an_id_are_numbered_and_ids_stay_unique_across_inputs(tmp_path):
    a = write(tmp_path, "a.xml", rss(f"<description>{LEDE}</description>",
                                     f"<description>{RAIN}</description>"))
    b = write(tmp_path, "b.xml", rss(f"<guid>a:2</guid><description>{MORE}</description>"))
    got = read(a, b)
    assert [x.id for x in got[:2]] == ["a:1", "a:2"]
    assert isinstance(got[2], Rejected) and got[2].error.message == \
        f"duplicate id 'a:2' (first seen at {a}:4)"


def test_a_bad_item_is_one_reject_and_the_others_are_kept(tmp_path):
    long_id = f"<guid>{'x' * 5000}</guid><description>{RAIN}</description>"
    src = write(tmp_path, "bad.xml", rss(f"<title>One</title><description>{LEDE}</description>",
                                         "<title>Only a title</title><description> </description>",
                                         long_id, f"<description>{MORE}</description>"))
    got = read(src)
    assert [type(x).__name__ for x in got] == ["Article", "Rejected", "Rejected", "Article"]
    assert (got[1].error.path, got[1].error.line, got[1].error.message) == \
        (str(src), 4, "empty article (no text)")
    assert got[2].error.message == "'id' is longer than 4096 bytes"
    assert got[3].id == "bad:4"
    res = CliRunner().invoke(main, ["clean", str(src), "-q", "--no-despin"])
    assert res.exit_code == 1 and res.stderr == f"Error: {src}:4: empty article (no text)\n"


def test_max_bytes_applies_per_item(tmp_path):
    src = write(tmp_path, "big.xml", rss(f"<description>{'word ' * 300}</description>",
                                         f"<description>{LEDE}</description>",
                                         f"<description>{'word ' * 300000}</description>"))
    got = read(src, max_bytes=1000)
    assert [type(x).__name__ for x in got] == ["Rejected", "Article", "Rejected"]
    assert got[0].error.message == "article too large: 1500 bytes of text (--max-bytes 1000)"
    assert got[2].error.message == \
        "article too large: an item of more than 1064576 bytes (--max-bytes 1000)"


def test_a_malformed_feed_keeps_the_items_before_and_is_one_reject_with_its_line(tmp_path):
    text = rss(f"<description>{LEDE}</description>", f"<description>{RAIN}</description>")
    src = write(tmp_path, "cut.xml", text.replace(f"{RAIN}</description>", f"{RAIN}</descr>"))
    got = read(src)
    assert [type(x).__name__ for x in got] == ["Article", "Rejected"]
    assert (got[1].error.line, got[1].error.message) == (4, "malformed XML: mismatched tag")
    res = CliRunner().invoke(main, ["clean", str(src), "-q", "--no-despin"])
    assert res.exit_code == 1 and res.stderr == f"Error: {src}:4: malformed XML: mismatched tag\n"
    assert "Traceback" not in res.output


def test_an_entity_declaration_is_refused_and_a_bomb_never_expands(tmp_path):
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    body = rss("<description>&lol9;</description>").split("\n", 1)[1]
    bomb = write(tmp_path, "bomb.xml", f'<?xml version="1.0"?>\n'
                                       f'<!DOCTYPE rss [<!ENTITY lol0 "lol">{lol}]>\n{body}')
    tracemalloc.start()
    got = read(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [(x.error.line, x.error.message) for x in got] == \
        [(2, "a DOCTYPE declaring entities (refused: entity expansion)")]
    assert peak < 10 << 20
    external = write(tmp_path, "ext.xml", '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                     + rss("<description>&x;</description>").split("\n", 1)[1])
    assert read(external)[0].error.message.startswith("a DOCTYPE declaring entities")


def test_a_tag_without_end_is_a_reject_in_bounded_memory(tmp_path):
    src = write(tmp_path, "open.xml", b'<rss><channel><item><description a="' + b"x" * (3 << 20))
    [rej] = read(src, max_bytes=1000)
    assert rej.error.message == "a tag, comment or declaration of more than 1064576 bytes"
    assert read(write(tmp_path, "page.xml", "<html><body><p>x</p></body></html>"))[0] \
        .error.message == "not an RSS, Atom or RDF feed (root element <html>)"
    assert read(write(tmp_path, "none.xml", rss()))[0].error.message == "a feed without items"


def test_gzipped_feeds_and_a_folder_mixing_feeds_and_text(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    write(folder, "a.xml.gz", gzip.compress(RSS.encode()))
    write(folder, "b.txt", RAIN + "\n")
    write(folder, "c.atom", ATOM.replace("2025:", "2025b:"))
    write(folder, "notes.json", "{}")       # (not a suffix read in a folder)
    got = read(folder)
    assert [x.id for x in got] == ["acme-1", "https://news.example.com/rain", "b",
                                   "tag:news.example.com,2025b:acme",
                                   "tag:news.example.com,2025b:rain"]
    assert got[0].source == f"{folder / 'a.xml.gz'}:6"


def test_a_feed_read_by_content_and_a_page_still_a_text(tmp_path):
    got = list(read_inputs(["-"], stdin=io.BytesIO(rss(f"<description>{LEDE}</description>")
                                                   .split("\n", 1)[1].encode())))
    assert [(x.id, x.source) for x in got] == [("stdin:1", "-:2")]     # starts <rss
    got = list(read_inputs(["-"], stdin=io.BytesIO(gzip.compress(b"\n  " + RDF.encode()))))
    assert [(x.id, x.source) for x in got] == [("https://news.example.com/acme", "-:8")]
    nameless = write(tmp_path, "xaa", rss(f"<description>{LEDE}</description>"))
    assert [x.id for x in read(nameless)] == ["xaa:1"]
    xhtml = ('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
             f"<p>{LEDE}</p></body></html>")
    [page] = list(read_inputs(["-"], stdin=io.BytesIO(xhtml.encode())))
    assert (page.id, page.text) == ("stdin", xhtml)         # one text article, as before


def test_clean_of_a_feed_gives_cleaned_articles_with_title_date_and_url(tmp_path):
    src = write(tmp_path, "feed.xml", RSS)
    res = CliRunner().invoke(main, ["clean", str(src), "-q", "--no-despin"])
    assert res.exit_code == 0, res.output
    first, second = map(json.loads, res.stdout.splitlines())
    assert (first["title"], first["date"], first["url"], first["credits"]) == \
        ("Acme buys Widgets", "2025-03-03", "https://news.example.com/acme", ["Jane Roe"])
    assert first["text"] == f"{LEDE}\n\n{MORE}"
    assert (second["title"], second["text"]) == ("Rain floods valley", RAIN)


class _Pipe(io.RawIOBase):
    """Standard input that gives ``chunks`` one a read, the last one only once ``ready``."""

    def __init__(self, *chunks: bytes):
        self.chunks, self.ready = list(chunks), False

    def readable(self):
        return True

    def readinto(self, buffer):
        if len(self.chunks) == 1 and not self.ready:
            raise AssertionError("read on before the first article went on")
        data = self.chunks.pop(0) if self.chunks else b""
        buffer[:len(data)] = data
        return len(data)


def test_jsonl_on_a_pipe_is_read_as_it_comes_with_feeds_sniffed(tmp_path):
    first = json.dumps({"id": "a", "text": LEDE}).encode() + b"\n"
    pipe = _Pipe(first[:10], first[10:], json.dumps({"id": "b", "text": RAIN}).encode() + b"\n")
    got = read_inputs(["-"], stdin=io.BufferedReader(pipe))
    assert next(got).id == "a"      # (the second line has not come yet)
    pipe.ready = True
    assert [x.id for x in got] == ["b"]


def test_relative_links_are_read_against_xml_base_or_the_channel_link(tmp_path):
    """Sites write relative links (``/news/1``): read as given, the link of
    two sites' items without a guid was the same id, and the second item a
    duplicate-id reject that stopped the run.  Atom's ``xml:base`` (nested
    ones too) and else an RSS channel's ``<link>`` make them absolute; a link
    with nothing absolute to read it against stays as given."""
    def site(name: str) -> str:
        return (f'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</title>'
                f'<link>https://{name}.example/</link>\n'
                f'<item><link>/news/1</link><description>{LEDE}</description></item>\n'
                f'</channel></rss>\n')
    a, b = write(tmp_path, "a.xml", site("alpha")), write(tmp_path, "b.xml", site("beta"))
    got = read(a, b)
    assert [(x.id, x.url) for x in got] == [("https://alpha.example/news/1",) * 2,
                                            ("https://beta.example/news/1",) * 2]
    atom = ('<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
            'xml:base="https://gamma.example/blog/"><title>T</title><id>urn:f</id>\n'
            f'<entry><id>urn:1</id><link href="posts/7"/><summary>{LEDE}</summary></entry>\n'
            '<entry xml:base="archive/"><id>urn:2</id><link href="8"/>'
            f'<summary>{RAIN}</summary></entry>\n</feed>\n')
    first, second = read(write(tmp_path, "g.atom", atom))
    assert (first.url, second.url) == ("https://gamma.example/blog/posts/7",
                                       "https://gamma.example/blog/archive/8")
    [plain] = read(write(tmp_path, "p.xml", rss(f"<link>/news/2</link><description>{MORE}</description>")))
    assert (plain.id, plain.url) == ("/news/2", "/news/2")


def test_a_rejected_items_raw_is_its_record_as_read(tmp_path):
    """A reject says which item it was, as a JSONL reject does: an empty
    item's raw was null, so the id, title and link it had were lost."""
    src = write(tmp_path, "bad.xml", rss("<title>Only a title</title><guid>g-1</guid>"
                                         "<link>https://t.example/1</link><description> </description>",
                                         f"<description>{MORE}</description>"))
    rejects = tmp_path / "rejects.jsonl"
    res = CliRunner().invoke(main, ["clean", str(src), "-q", "--no-despin", "--on-error", "skip",
                                    "--rejects", str(rejects), "-o", str(tmp_path / "out.jsonl")])
    assert res.exit_code == 0
    [line] = rejects.read_text().splitlines()
    assert json.loads(line) == {"source": f"{src}:3", "error": "empty article (no text)",
                                "raw": json.dumps({"id": "g-1", "title": "Only a title",
                                                   "url": "https://t.example/1", "site": "T"})}


def test_an_rss_title_holding_escaped_html_is_read_without_its_tags(tmp_path):
    """RSS titles are HTML as often as descriptions are ("Acme &lt;em&gt;buys&lt;/em&gt;"):
    the title kept the tags, where an Atom HTML title loses them.  A
    Reuters-style "<ACME CORP>" is no HTML and stays."""
    src = write(tmp_path, "t.xml", rss(f"<title>Acme &lt;em&gt;buys&lt;/em&gt; Widgets</title>"
                                       f"<description>{LEDE}</description>",
                                       f"<title>&lt;ACME CORP&gt; sets dividend</title>"
                                       f"<description>{MORE}</description>"))
    assert [a.title for a in read(src)] == ["Acme buys Widgets", "<ACME CORP> sets dividend"]


def test_a_two_digit_year_is_read_as_rfc_2822_reads_it(tmp_path):
    """RSS 2.0 allows "15 Nov 23": the date was kept as given and never read."""
    feed = RSS.replace("Mon, 03 Mar 2025 14:05:00 GMT", "Mon, 03 Mar 25 14:05:00 GMT")
    res = CliRunner().invoke(main, ["clean", str(write(tmp_path, "feed.xml", feed)), "-q", "--no-despin"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout.splitlines()[0])["date"] == "2025-03-03"
    old = RSS.replace("Mon, 03 Mar 2025 14:05:00 GMT", "Tue, 03 Mar 87 14:05:00 GMT")
    res = CliRunner().invoke(main, ["clean", str(write(tmp_path, "old.xml", old)), "-q", "--no-despin"])
    assert json.loads(res.stdout.splitlines()[0])["date"] == "1987-03-03"


def test_an_entry_without_author_is_credited_to_its_feeds_author(tmp_path):
    """Atom: an entry's author is its feed's when it names none (a one-writer
    blog); an entry's own author wins.  The feed's title is no author."""
    feed = f"""<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Acme Blog</title>
<author><name>Jane  Roe</name><email>jane@example.com</email></author>
<entry><id>e1</id><title>One</title><content>{LEDE}</content></entry>
<entry><id>e2</id><title>Two</title><author><name>Max Mustermann</name></author><content>{RAIN}</content></entry>
</feed>"""
    got = list(read_inputs([str(write(tmp_path, "blog.atom", feed))]))
    assert [a.credits for a in got] == [["Jane Roe"], ["Max Mustermann"]]
    rss = RSS.replace("<description>All the news</description>",
                      "<description>All the news</description><dc:creator>Desk Staff</dc:creator>")
    got = list(read_inputs([str(write(tmp_path, "desk.xml", rss))]))
    assert [a.credits for a in got] == [["Jane Roe"], ["Desk Staff"]]


def test_the_feeds_title_is_each_items_site(tmp_path):
    """A collector polls many feeds: each item says which outlet it came from
    (RSS and RSS 1.0 channel/title, Atom feed/title; not an image's or an item's title)."""
    for name, text in (("news.xml", RSS), ("news.atom", ATOM), ("news.rdf.xml", RDF)):
        arts = read(write(tmp_path, name, text))
        assert [a.extra.get("site") for a in arts] == ["Acme News"] * len(arts), name
    imaged = RSS.replace("<channel><title>Acme News</title>",
                         "<channel><image><title>Logo</title><url>x.png</url></image>"
                         "<title>Acme &amp; Co  News</title>")
    assert {a.extra["site"] for a in read(write(tmp_path, "img.xml", imaged))} == {"Acme & Co News"}
    untitled = RSS.replace("<title>Acme News</title>", "")
    assert all("site" not in a.extra for a in read(write(tmp_path, "bare.xml", untitled)))
    atom_html = ATOM.replace("<title>Acme News</title>", '<title type="html">Acme &lt;b&gt;News&lt;/b&gt;</title>')
    assert {a.extra["site"] for a in read(write(tmp_path, "h.atom", atom_html))} == {"Acme News"}
    # and it is written out with the record
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(main, ["clean", str(tmp_path / "news.xml"), "-o", str(out), "-q"])
    assert res.exit_code == 0
    assert [json.loads(x)["site"] for x in out.read_text().splitlines()] == ["Acme News", "Acme News"]


ITEM = f"""<item>
  <title>Acme buys Widgets</title>
  <link>https://news.example.com/acme</link>
  <dc:creator>Jane Roe</dc:creator>
  <pubDate>Mon, 03 Mar 2025 14:05:00 GMT</pubDate>
  <content:encoded><![CDATA[<p>{LEDE}</p><p>{MORE}</p>]]></content:encoded>
</item>
"""


def test_an_item_copied_out_of_its_feed_is_a_feed_of_one(tmp_path):
    # its dc: and content: prefixes were declared on the feed it came from
    [item] = read(write(tmp_path, "item.xml", ITEM))
    assert (item.title, item.url, item.credits, item.date) == \
        ("Acme buys Widgets", "https://news.example.com/acme", ["Jane Roe"],
         "Mon, 03 Mar 2025 14:05:00 GMT")
    assert LEDE in item.text and MORE in item.text
    out = CliRunner().invoke(main, ["clean", "-", "-q", "--no-despin"], input=ITEM)
    assert out.exit_code == 0, out.output
    record = json.loads(out.output)
    assert record["title"] == "Acme buys Widgets" and record["text"] == f"{LEDE}\n\n{MORE}"


def test_a_feed_using_a_prefix_it_never_declared_is_read(tmp_path):
    [item] = read(write(tmp_path, "feed.xml", rss(
        "<title>Acme buys Widgets</title><dc:creator>Jane Roe</dc:creator>"
        f"<description>{LEDE}</description>")))
    assert (item.title, item.credits, item.text) == ("Acme buys Widgets", ["Jane Roe"], LEDE)
    # a prefix no feed vocabulary has stays an error, with its line
    [rej] = read(write(tmp_path, "odd.xml", rss(f"<foo:bar>x</foo:bar><description>{LEDE}</description>")))
    assert rej.error.message == "malformed XML: unbound prefix" and rej.error.line == 3


def test_an_atom_entry_copied_without_its_namespace(tmp_path):
    entry = (f'<entry><title>Rain floods valley</title><link href="https://news.example.com/rain"/>'
             f'<published>2025-03-02T08:00:00Z</published><summary>{RAIN}</summary></entry>')
    [item] = read(write(tmp_path, "entry.atom", entry))
    assert (item.title, item.url, item.date, item.text) == \
        ("Rain floods valley", "https://news.example.com/rain", "2025-03-02T08:00:00Z", RAIN)


def test_declarations_written_with_spaces_are_not_declared_twice(tmp_path):
    # XML allows blanks around "=": a duplicate declaration would be malformed
    feed = RSS.replace('xmlns:dc="http://purl.org/dc/elements/1.1/"',
                       'xmlns:dc =\n     "http://purl.org/dc/elements/1.1/"')
    first, second = read(write(tmp_path, "spaced.xml", feed))
    assert first.credits == ["Jane Roe"] and second.title == "Rain floods valley"
