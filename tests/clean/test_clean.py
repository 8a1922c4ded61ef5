"""clean (issue #3): seeds, encoding, layout, furniture, metadata, given fields."""
from __future__ import annotations

import json
import re
from pathlib import Path

import ftfy
import pytest

from normtool.article import Article
from normtool.clean import clean_article, clean_text, fix_encoding
from normtool.clean.encoding import FTFY_CONFIG
from normtool.lang import add_language
from normtool.options import CleanOptions

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FIX = Path(__file__).resolve().parent / "fixtures"


def seed(prefix: str) -> Article:
    path = next(SEEDS.glob(prefix + "_*.txt"))
    return Article(id=path.stem, text=path.read_text(encoding="utf-8"))


def clean(text: str, **fields) -> Article:
    return clean_article(Article(id="t", text=text, **fields), CleanOptions())


def flat(text: str) -> str:
    return " ".join(text.split())


def sentences(line: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", flat(line)) if s]


def assert_prose_kept(raw: str, body: str, not_prose=(), cut_prefixes=(), cut_suffixes=(),
                      rewritten=None):
    """Every sentence of every prose line of ``raw`` is in ``body``.

    ``not_prose`` lines (furniture, headline) are skipped; known dateline or
    marker prefixes and credit suffixes are cut first; ``rewritten`` maps a
    line to what the body holds instead (crossheads).
    """
    body_flat = flat(body)
    rewritten = rewritten or {}
    for line in fix_encoding(raw).split("\n"):
        line = flat(line)
        if not line or line in not_prose:
            continue
        line = rewritten.get(line, line)
        for prefix in cut_prefixes:
            if line.startswith(prefix):
                line = line[len(prefix):].lstrip()
        for suffix in cut_suffixes:
            if line.endswith(suffix):
                line = line[:-len(suffix)].rstrip()
        for sentence in sentences(line):
            assert sentence in body_flat, sentence


def assert_canonical(body: str):
    assert body == body.strip()
    for para in body.split("\n\n"):
        assert para and para == flat(para), repr(para)
    assert "\n\n\n" not in body


# --- seeds -------------------------------------------------------------------

def test_seed_000_date_marker_no_title_crossheads():
    art = clean_article(seed("000"))
    assert (art.title, art.date, art.dateline, art.credits) == (None, "2024-10-25", None, [])
    assert art.removed == [{"rule": "date-marker", "text": "date 2024-10-25"}]
    paras = art.text.split("\n\n")
    assert paras[0].startswith("South Korea urged Russia to stop")
    assert "'Punish escalation'" in paras and "'Provocation'" in paras
    assert "- 'Provocation'" not in art.text and "date 2024" not in art.text
    assert_canonical(art.text)
    assert_prose_kept(seed("000").text, art.text, cut_prefixes=("date 2024-10-25",),
                      rewritten={"- 'Punish escalation'": "'Punish escalation'",
                                 "- 'Provocation' -": "'Provocation'"})


def test_seed_001_fused_headline_date_and_reflow():
    raw = seed("001").text
    art = clean_article(seed("001"))
    assert art.title == "Seoul 'won't sit idle' over North Korean troops in Russia"
    assert art.date == "2024-10-24"
    assert art.credits == []
    assert art.removed == [{"rule": "date-marker", "text": "date 2024-10-24"},
                           {"rule": "title-date", "text": "October 24, 2024"}]
    paras = art.text.split("\n\n")
    assert paras[0].startswith("South Korea's President Yoon Suk Yeol said")
    joined = [p for p in paras if "cannon fodder" in p]
    assert len(joined) == 1 and 'cannon fodder mercenaries," South Korean' in joined[0]
    assert joined[0].endswith('exploiting his military "for an illegal war of aggression."')
    # sub-headlines of the live blog stay their own paragraphs
    assert "Four injured after Russian strike on Kupiansk \u2014 regional governor" in paras
    assert "Seoul hints it could 'review' potentially sending Ukraine weapons" in paras
    assert "October 24, 2024" not in art.text
    assert_canonical(art.text)
    assert_prose_kept(raw, art.text, not_prose={flat(fix_encoding(raw.split("\n")[0]))})


def test_seed_002_title_crosshead_and_desk_slug():
    raw = seed("002").text
    art = clean_article(seed("002"))
    assert art.title == "Seoul demands 'immediate withdrawal' of North Korean troops in Russia"
    assert art.date is None and art.dateline is None and art.credits == []
    assert art.removed == [{"rule": "afp-desk-slug", "text": "kjk/ceb/dhc/dhw"}]
    assert "North Koreans in Ukraine?" in art.text.split("\n\n")
    assert "kjk/" not in art.text and not art.text.startswith("Seoul demands")
    assert_prose_kept(raw, art.text, not_prose={art.title, "kjk/ceb/dhc/dhw"},
                      rewritten={"- North Koreans in Ukraine? -": "North Koreans in Ukraine?"})


def test_seed_003_straits_times_furniture_caption_dateline_agency_credit():
    raw = seed("003").text
    art = clean_article(seed("003"))
    assert art.title == ("Zelensky says Russia plans to deploy North Korean troops "
                         "starting from Oct 27-28")
    assert art.dateline == "KYIV -"
    assert art.credits == ["REUTERS, AFP"]
    caption = "Ukraine's President Volodymyr Zelensky called the move a \"clear escalation by Russia\"."
    assert art.removed == [
        {"rule": "newsletter-signup", "text": "Sign up now: Get ST's newsletters delivered to your inbox"},
        {"rule": "photo-caption", "text": caption},
        {"rule": "photo-credit", "text": "PHOTO: REUTERS"},
        {"rule": "follow-topic", "text": "Follow topic:"},
    ]
    assert art.text.startswith("Ukrainian President Volodymyr Zelensky said on Oct 25")
    assert art.text.endswith('on both Moscow and Pyongyang," he added.')
    for junk in ("Sign up", "PHOTO", "Follow topic", "KYIV -", "REUTERS"):
        assert junk not in art.text
    assert_prose_kept(raw, art.text, cut_prefixes=("KYIV -",), cut_suffixes=("REUTERS, AFP",),
                      not_prose={art.title, "Sign up now: Get ST's newsletters delivered to your inbox",
                                 caption, "PHOTO: REUTERS", "Follow topic:"})


def test_seed_004_em_dash_dateline_separator_and_contributor_line():
    art = clean_article(seed("004"))
    assert art.title is None and art.date == "2024-10-22"
    assert art.dateline == "SEOUL, South Korea \u2014"
    assert art.credits == ["Related Press writers Kim Tong-hyung in Seoul and Edith M. Lederer "
                           "on the United Nations contributed to this report."]
    assert art.removed == [{"rule": "separator", "text": "__"},
                           {"rule": "date-marker", "text": "date 2024-10-22"}]
    assert art.text.startswith("South Korea on Monday demanded the rapid pullout")
    assert "__" not in art.text and "contributed to this report" not in art.text


# --- encoding ----------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("It\u00e2\u20ac\u2122s caf\u00c3\u00a9 time, \u00c2\u00a35", "It's café time, £5"),   # mojibake
    ("\ufeffByte order mark first.", "Byte order mark first."),                          # BOM
    ("Zero\u200bwidth and\u00a0non-breaking\u2060 spaces.", "Zerowidth and non-breaking spaces."),
    ("Ctrl\x07 chars\x03 gone.", "Ctrl chars gone."),
    ("Standard Oil &lt;SRD> &amp; BP &#3;", "Standard Oil <SRD> & BP"),                   # entities
    ("A &amp;amp; B, even after a stray < sign.", "A & B, even after a stray < sign."),
])
def test_encoding_repairs(raw, expected):
    assert clean_text(raw) == expected


def test_crlf_and_cr_line_ends_are_paragraph_breaks():
    assert clean_text("First line.\r\nSecond line.\r\n\r\nThird.\rFourth.") == (
        "First line.\n\nSecond line.\n\nThird.\n\nFourth.")


def test_fast_ascii_path_matches_ftfy_on_reuters_sample():
    for line in (FIX / "reuters_sample.jsonl").read_text().splitlines():
        text = json.loads(line)["text"]
        assert fix_encoding(text) == ftfy.fix_text(text, FTFY_CONFIG)


# --- layout ------------------------------------------------------------------

def test_reuters_hard_wrapped_copy_reflows_into_indented_paragraphs():
    raw = (FIX / "reuters_wrapped.txt").read_text()
    art = clean(raw, title="BAHIA COCOA REVIEW", given=frozenset({"title"}))
    paras = art.text.split("\n\n")
    assert paras[0] == ("Showers continued throughout the week in the Bahia cocoa zone, "
                        "alleviating the drought since early January and improving prospects "
                        "for the coming temporao, although normal humidity levels have not "
                        "been restored, Comissaria Smith said in its weekly review.")
    assert paras[1] == "The dry period means the temporao will be late this year."
    assert paras[-1].endswith("carnival which ends midday on February 27.")
    assert art.removed == [{"rule": "wire-signoff", "text": "Reuter"}]
    assert art.title == "BAHIA COCOA REVIEW"
    assert_canonical(art.text)
    assert_prose_kept(raw, art.text, not_prose={"Reuter", "&#3;"})


def test_one_paragraph_per_line_copy_keeps_lines_and_joins_a_broken_one():
    art = clean((FIX / "one_per_line.txt").read_text())
    assert art.title == "Rescue teams reach flooded valley villages"
    paras = art.text.split("\n\n")
    assert paras[2] == "Aid groups said clean water was the most urgent need"
    assert paras[-1].startswith("The regional governor said") and "in two places, and" in paras[-1]
    assert len(paras) == 5


def test_title_less_article_keeps_its_first_paragraph():
    art = clean("The council met on Tuesday.\nIt approved the budget.")
    assert art.title is None
    assert art.text == "The council met on Tuesday.\n\nIt approved the budget."


def test_headline_blank_line_body_is_the_commonest_layout():
    art = clean("Council approves budget\n\nThe council met.\n\nIt voted.")
    assert (art.title, art.text) == ("Council approves budget", "The council met.\n\nIt voted.")
    art = clean("Council approves budget\n\nLONDON, March 3 (Reuters) - The council met.")
    assert art.title == "Council approves budget"
    assert (art.dateline, art.text) == ("LONDON, March 3 (Reuters) -", "The council met.")


def test_a_body_that_opens_with_a_sentence_keeps_it():
    for text in ("The council met on Tuesday.\n\nIt approved the budget.",
                 "Shr 45 cts vs 58 cts\n\nNet 1.1 mln vs 829,000\n\nSales 7.9 mln vs 9.4 mln"):
        art = clean(text)
        assert art.title is None and art.text == text


@pytest.mark.parametrize("raw", ["", "   ", " \n\t\r\n \u00a0 \n"])
def test_empty_and_whitespace_only_articles(raw):
    art = clean(raw)
    assert (art.text, art.title, art.date, art.removed, art.credits) == ("", None, None, [], [])


def test_non_english_article():
    art = add_language(clean((FIX / "french.txt").read_text()))
    assert art.title == "Le port approuve un nouveau terminal de ferries"
    assert art.dateline == "PARIS (AFP) -"
    assert art.text.startswith("L'autorité portuaire a approuvé dimanche")
    assert art.lang == "fr" and art.lang_confidence > 0.9


# --- furniture families in context ------------------------------------------

def test_web_page_furniture_of_every_family_is_removed_and_recorded():
    raw = (FIX / "web_furniture.txt").read_text()
    art = clean(raw)
    assert art.title == "Harbour authority approves new ferry terminal for island routes"
    assert art.date == "2024-03-03"
    assert art.dateline == "PORT LOUIS, March 3 (Reuters) -"
    assert art.credits == ["By Mary Jones and Tom Lee", "Reporting by Mary Jones; Editing by Tom Lee"]
    rules = {r["rule"] for r in art.removed}
    assert rules >= {"nav-item", "nav-bar", "listen-line", "share-line", "newsletter-signup",
                     "photo-caption", "photo-credit", "follow-topic", "advertisement",
                     "read-more", "subscribe-line", "separator", "afp-desk-slug", "most-read"}
    assert art.text.split("\n\n") == [
        "The harbour authority on Sunday approved plans for a new ferry terminal that will "
        "serve six island routes, officials said.",
        "The terminal will replace a pier built in 1962 that floods in heavy weather.",
        "Construction is due to start in June and finish within two years.",
        "'A long wait'",
        "Residents have asked for a new terminal for more than a decade, local councillor "
        "Anna Pillay said.",
        '"We are glad it is finally happening," she said.',
    ]
    # nothing silently lost: every raw line is in the body, a field, or removed
    kept = flat(" ".join([art.text, art.title, art.dateline] + art.credits
                         + [r["text"] for r in art.removed]))
    for line in raw.splitlines():
        for word in re.findall(r"\w+", line):
            assert word in kept, (word, line)


@pytest.mark.parametrize("line, rule", [
    ("Updated 3 hours ago", "timestamp-line"),
    ("Anthony Wallace/AFP via Getty Images", "photo-getty"),
    ("Image caption, The minister spoke in Kyiv on Friday", "photo-label"),
    ("Photo 2 of 12", "photo-label"),
    ("Get the latest news delivered to your inbox", "newsletter-promo"),
    ("Story continues below advertisement", "advertisement"),
    ("5 min read", "listen-line"),
    ("Related: Storm closes pier", "read-more"),
    ("We use cookies to give you the best experience.", "cookie-notice"),
    ("https://example.com/news/story-123", "url-line"),
    ("Supported by", "advertisement"),
])
def test_more_furniture_in_context(line, rule):
    body = "The council met on Monday.\n\nIt approved the budget, officials said."
    first, second = body.split("\n\n")
    art = clean(f"{first}\n\n{line}\n\n{second}")
    assert art.text == body
    assert art.removed == [{"rule": rule, "text": line}]


@pytest.mark.parametrize("credit, rule", [("(Photo by Jung Yeon-je/AFP)", "photo-by"),
                                          ("REUTERS/Kim Hong-Ji/File Photo", "photo-agency"),
                                          ("Photo: AFP", "photo-credit")])
def test_photo_credit_takes_the_caption_directly_above_it(credit, rule):
    caption = "Soldiers march in Seoul on October 1."
    art = clean(f"The council met on Monday.\n\nIt approved the budget.\n\n{caption}\n{credit}\n"
                "Officials said so.")
    assert art.text == "The council met on Monday.\n\nIt approved the budget.\n\nOfficials said so."
    assert art.removed == [{"rule": "photo-caption", "text": caption}, {"rule": rule, "text": credit}]


def test_syndicated_page_header_agency_date_and_read_time():
    raw = ("Seoul demands 'immediate withdrawal' of North Korean troops in Russia\n"
           "AFP\n"
           "October 21, 2024 \u00b7 3 min read\n"
           "South Korea summoned the Russian ambassador on Monday, the ministry said.\n"
           "Story continues\n"
           "Any military cooperation violates resolutions, Kim said.")
    art = clean(raw)
    assert art.title == "Seoul demands 'immediate withdrawal' of North Korean troops in Russia"
    assert (art.date, art.credits) == ("2024-10-21", ["AFP"])
    assert art.text == ("South Korea summoned the Russian ambassador on Monday, the ministry said."
                        "\n\nAny military cooperation violates resolutions, Kim said.")
    assert art.removed == [{"rule": "advertisement", "text": "Story continues"},
                           {"rule": "date-only-line", "text": "October 21, 2024 \u00b7 3 min read"}]


@pytest.mark.parametrize("tail, rule", [
    ("This article was originally published on The Conversation.", "syndication-note"),
    ("Our Standards: The Thomson Reuters Trust Principles.", "our-standards"),
    ("Follow AP's coverage of the war at https://apnews.com/hub/russia-ukraine", "follow-coverage"),
])
def test_end_of_article_notes(tail, rule):
    art = clean("The council met on Monday.\n\n" + tail)
    assert art.text == "The council met on Monday."
    assert art.removed == [{"rule": rule, "text": tail}]


def test_footer_copyright_and_links_without_most_read():
    art = clean("Prices rose on Monday.\n\nThey fell on Tuesday.\n\n"
                "About us | Contact | Privacy Policy | Terms of Use\n\n"
                "\u00a9 2024 Example News Ltd")
    assert art.text == "Prices rose on Monday.\n\nThey fell on Tuesday."
    assert [r["rule"] for r in art.removed] == ["footer-links", "copyright"]


def test_wire_credits_reporting_suffix_and_agency_line():
    art = clean("Talks will resume on Monday, he said. (Reporting by Jo Lee; Editing by Ann Ray)")
    assert art.text == "Talks will resume on Monday, he said."
    assert art.credits == ["Reporting by Jo Lee; Editing by Ann Ray"]
    art = clean("WASHINGTON (Reuters) - Talks ended.\n\n- AFP")
    assert (art.dateline, art.text, art.credits) == ("WASHINGTON (Reuters) -", "Talks ended.", ["AFP"])
    art = clean("Talks ended, the minister said. (AFP)")
    assert (art.text, art.credits) == ("Talks ended, the minister said.", ["AFP"])


def test_prose_that_resembles_furniture_is_kept():
    prose = ["Readers can sign up for the newsletter, which launched in 2020 and has "
             "200,000 subscribers, the company said.",
             "The firm contributed 5 mln dlrs to the report's funding, it said.",
             "Home sales rose 3 pct in March from February.",
             "Follow-up talks are set for May, officials said.",
             "Photo agencies said their staff were safe.",
             "Writing by hand is still taught in schools, the ministry said."]
    art = clean("\n\n".join(prose))
    assert art.text.split("\n\n") == prose and art.removed == [] and art.credits == []


# --- given fields -------------------------------------------------------------

def test_given_fields_win_and_guesses_are_listed_in_removed():
    raw = (" date 2024-10-24 Headline fused with dateOctober 24, 2024\n"
           "KYIV - Troops moved on Friday, officials said.\n"
           "(Reporting by Jo Lee)")
    art = Article.from_dict({"id": "g", "text": raw, "title": "User title",
                             "date": "26-FEB-1987 15:01:01.79", "dateline": "USER -"})
    out = clean_article(art)
    assert (out.title, out.date, out.dateline) == ("User title", "1987-02-26", "USER -")
    assert out.credits == ["Reporting by Jo Lee"]
    assert out.text == ("Headline fused with dateOctober 24, 2024\n\n"
                        "Troops moved on Friday, officials said.")
    assert {"rule": "dateline", "text": "KYIV -"} in out.removed
    assert {"rule": "date-marker", "text": "date 2024-10-24"} in out.removed


def test_given_title_repeated_as_first_line_is_taken_out_of_the_body():
    art = Article.from_dict({"id": "g", "text": "Council Approves Budget\nThe council met.",
                             "title": "Council approves budget"})
    out = clean_article(art)
    assert out.text == "The council met."
    assert out.removed == [{"rule": "title", "text": "Council Approves Budget"}]


def test_unparseable_given_date_is_kept_as_given():
    art = Article.from_dict({"id": "g", "text": "Body.", "date": "spring 1987"})
    assert clean_article(art).date == "spring 1987"


def test_clean_article_on_its_own_output_changes_nothing():
    for prefix in ("000", "001", "002", "003", "004"):
        first = clean_article(seed(prefix))
        again = clean_article(Article.from_dict(json.loads(first.to_json())))
        assert again.to_dict() == first.to_dict(), prefix


def test_language_batch_equals_one_by_one():
    from normtool.lang import detect_language, detect_languages
    texts = [(FIX / "french.txt").read_text(), "The minister said on Friday that talks go on.",
             "ok", "", "Der Minister sagte am Freitag, dass die Gespräche weitergehen."]
    one = [detect_language(t) for t in texts]
    assert detect_languages(texts) == one
    assert [c for c, _ in one] == ["fr", "en", "und", "und", "de"]


def test_language_cache_stays_bounded_and_correct(monkeypatch):
    from normtool.lang import detect as lang
    monkeypatch.setattr(lang, "_CACHE_SIZE", 3)
    monkeypatch.setattr(lang, "_CACHE", {})
    texts = [f"The minister said on day {i} that the talks would go on into next week."
             for i in range(5)] + ["Der Minister sagte am Freitag, dass die Gespräche weitergehen."]
    first = lang.detect_languages(texts[:2])
    # A batch mixing cached samples with enough new ones to overflow the cache.
    both = lang.detect_languages(texts[:2] + texts[2:] + texts[:1])
    assert both[:2] == first and both[-1] == first[0]
    assert [c for c, _ in both] == ["en"] * 5 + ["de", "en"]
    assert len(lang._CACHE) <= 6


# ---------------------------------------------------- pages with nothing left
FURNITURE_ONLY = ("Skip to main content\nHome | World | Asia | Business | Sport\n"
                  "Share this article: Facebook Twitter WhatsApp Email\nADVERTISEMENT\n"
                  "About us | Contact | Privacy Policy | Cookie Policy | Terms of Use\n")


@pytest.mark.parametrize("name,content,reason", [
    ("furniture.txt", FURNITURE_ONLY, "nothing left after cleaning: 5 paragraph(s) removed"),
    ("nul.txt", "\x00" * 40, "nothing left after cleaning (no words in the text)"),
])
def test_a_page_with_nothing_left_is_rejected_with_its_reason(tmp_path, name, content, reason):
    from click.testing import CliRunner
    from normtool.cli import main
    page = tmp_path / name
    page.write_text(content, encoding="utf-8")
    story = next(SEEDS.glob("000_*.txt"))
    res = CliRunner().invoke(main, ["clean", str(story), str(page), "-q"])
    assert res.exit_code == 1 and res.stderr.startswith(f"Error: {page}: {reason}")
    assert len(res.stderr.splitlines()) == 1
    out, rej = tmp_path / "clean.jsonl", tmp_path / "rejects.jsonl"
    res = CliRunner().invoke(main, ["clean", str(story), str(page), "-o", str(out),
                                    "--on-error", "skip", "--rejects", str(rej)])
    assert res.exit_code == 0 and "2 articles in; 1 out; 1 rejected" in res.stderr
    [rejected] = [json.loads(x) for x in rej.read_text().splitlines()]
    assert rejected["source"] == str(page) and reason in rejected["error"]
    assert json.loads(rejected["raw"])["text"] == ""       # the cleaned record, with its removed
    if name == "furniture.txt":
        assert len(json.loads(rejected["raw"])["removed"]) == 5
    # ... and the chain goes on: dedup takes everything clean wrote.
    res = CliRunner().invoke(main, ["dedup", str(out), "-q"])
    assert res.exit_code == 0 and [json.loads(x)["id"] for x in res.stdout.splitlines()] == \
        [story.stem]
