"""A site's notices around a syndicated story: a sign-up consent paragraph,
a copyright paragraph with its reproduction notice, a contact address, a
bracketed "With files from" credit, a lower-case "by" over an agency in
capitals.  The story's sentences stay."""
from __future__ import annotations

from normtool.article import Article
from normtool.clean import clean_article

HEAD = "Copper output falls 4% as mine stays shut after collapse"
LEDE = ("Copper production fell 4.1% in October from a year earlier, the statistics institute "
        "said on Friday, as the El Teniente mine remained closed after a tunnel collapse.")
MORE = "Output totalled 421,300 tonnes, the lowest for the month since 2019, the institute said."
LAST = "The country is the world's largest copper producer."
BODY = "\n\n".join([LEDE, MORE, LAST])


def clean(*lines: str) -> Article:
    return clean_article(Article(id="s", text="\n".join(lines)))


def test_a_sign_up_consent_paragraph_goes():
    out = clean(HEAD, "Get the biggest daily news stories by email", "Subscribe",
                "We use your sign-up to provide content in ways you've consented to and to improve our "
                "understanding of you. This may include adverts from us and 3rd parties based on our "
                "understanding. You can unsubscribe at any time. Read our Privacy Policy", LEDE, MORE, LAST)
    assert (out.title, out.text) == (HEAD, BODY)


def test_a_copyright_paragraph_with_its_reproduction_notice_and_a_contact_line_go():
    out = clean(HEAD, LEDE, MORE, LAST, "Copyright PUNCH.",
                "All rights reserved. This material, and other digital content on this website, may not be "
                "reproduced, published, broadcast, rewritten or redistributed in whole or in part without "
                "prior express written permission from PUNCH.",
                "Contact: the.punch@punchng.com")
    assert out.text == BODY


def test_a_sentence_about_permission_stays():
    last = "This material may not be published without the ministry's consent, officials warned."
    out = clean(HEAD, LEDE, MORE, last)
    assert out.text == "\n\n".join([LEDE, MORE, last])


def test_a_bracketed_with_files_from_is_a_credit():
    out = clean(HEAD, LEDE, MORE, LAST, "(With files from Reuters)")
    assert out.text == BODY
    assert out.credits == ["Reuters"]


def test_a_lower_case_by_over_an_agency_in_capitals_is_a_credit_not_the_headlines_end():
    out = clean(HEAD, "by REUTERS", LEDE, MORE, LAST)
    assert (out.title, out.text, out.credits) == (HEAD, BODY, ["by REUTERS"])
