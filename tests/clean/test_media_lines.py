"""Lines of audio pages, channel reposts and agency pictures around a story
(round 28): a radio page's "Heard on ..." and "▶ Listen · 3:45" lines and its
transcript note, a channel's view counter, and Reuters' sports picture
captions, whose slug ("Soccer Football - Bundesliga - ...") ends in the
photographer's credit with no stop before it."""
from normtool.article import Article
from normtool.options import CleanOptions

from . import paras

LEDE = ("Firefighters in central Chile were battling more than 40 wildfires on Monday after "
        "strong winds and record temperatures spread blazes across the Valparaiso region.")
MORE = ("The interior ministry said about 6,000 hectares had burned since Sunday and that at "
        "least 120 homes had been destroyed in the hills above Vina del Mar.")


def _clean(*lines: str) -> Article:
    return paras.clean(*lines, options=CleanOptions(despin=False))


def test_a_radio_page_keeps_its_story_only():
    got = _clean("Chile fights dozens of wildfires as thousands flee",
                 "Heard on All Things Considered", "\u25b6 Listen \u00b7 3:45", LEDE, MORE,
                 "This transcript was created on a rush deadline. Accuracy and availability may vary.")
    assert got.title == "Chile fights dozens of wildfires as thousands flee"
    assert got.text == LEDE + "\n\n" + MORE


def test_a_channel_view_counter_goes():
    got = _clean("Chile declares emergency as wildfires spread", LEDE, MORE,
                 "\U0001F441 14.2K  \u00b7  edited  18:22")
    assert got.text == LEDE + "\n\n" + MORE


def test_a_reuters_sports_caption_goes():
    caption = ("Soccer Football - Bundesliga - Bayer Leverkusen v SC Freiburg - BayArena, "
               "Leverkusen, Germany - November 28, 2026 Bayer Leverkusen's Florian Wirtz "
               "celebrates scoring their second goal REUTERS/Thilo Schmuelgen")
    got = _clean("Leverkusen beat Freiburg to stretch lead", caption, LEDE, MORE)
    assert got.text == LEDE + "\n\n" + MORE


def test_story_lines_of_the_same_start_stay():
    heard = "Heard on the street, traders said the peso would fall further this week."
    play = "Play resumed after a two-hour delay."
    dashes = ("Copper - the metal of the energy transition - rose 2% on Monday, its biggest "
              "gain in a month, as the dollar fell.")
    note = "This transcript was released by the court on Monday."
    got = _clean("Markets rally as peso steadies", LEDE, heard, play, dashes, MORE, note)
    for kept in (heard, play, dashes, note):
        assert kept in got.text
