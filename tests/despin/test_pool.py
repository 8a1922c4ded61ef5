"""A reverse-thesaurus repair judged again among the pooled candidates (``despin.pool``)."""
from normtool import settings as tuned
from normtool.despin.context import make_model
from normtool.despin.match import Match, replacement
from normtool.despin.phrases import make_phrase_links
from normtool.despin.pool import best_original, pooled
from normtool.despin.table import Entry
from normtool.despin.tokens import Tokens

NEWS = ["U\tcompany\t50", "U\tsaid\t100", "U\tit\t80", "U\toral\t2", "U\tspoken\t3", "U\tsays\t20",
        "B\tcompany said\t40", "B\tsaid it\t30", "B\tcompany says\t10", "B\tsays it\t8"]
ENGLISH = ["said\t500000", "says\t200000", "oral\t5000", "spoken\t9000", "company\t90000", "it\t900000",
           "verbal\t3000"]
MODEL = make_model(NEWS, ENGLISH, ["verbal\tsaid:m|spoken:w|says:w"])
LINKS = make_phrase_links(["viva voce\toral:mw|said:m"])


def repair(text: str, i: int, n: int, original: str) -> Match:
    """A reverse-thesaurus repair of words [i, i+n) to ``original``, as
    ``despin.statistical_matches`` makes it."""
    tok = Tokens(text)
    keys = tuple(tok.keys[i:i + n])
    e = Entry(" ".join(keys), keys, (" ",) * (n - 1), original, (), "thesaurus", 0.0, False, "test")
    return Match(tok.spans[i][0], tok.spans[i + n - 1][1], e, replacement(tok, i, n, e))


def test_a_phrase_takes_the_pooled_original_its_context_wants():
    tok = Tokens("The company viva voce it expects more.")
    assert best_original(tok, 2, 2, "oral", 3.0, MODEL, LINKS) == "said"
    got = pooled(tok, [repair(tok.text, 2, 2, "oral")], MODEL, LINKS)
    assert [(m.entry.original, m.replacement, m.entry.rule) for m in got] == \
        [("said", "said", "thesaurus:viva voce")]


def test_a_word_takes_a_linked_original_but_never_its_own_other_form():
    tok = Tokens("The company verbal it expects more.")
    assert best_original(tok, 2, 1, "spoken", 3.0, MODEL, LINKS) == "said"
    tok = Tokens("The company says it expects more.")      # "said" is another form of "says"
    m = make_model(NEWS, ENGLISH, ["says\tsaid:m|spoken:w"])
    assert best_original(tok, 2, 1, "spoken", 3.0, m, LINKS) == "spoken"


def test_the_reverse_thesaurus_keeps_its_choice_unless_beaten_by_the_margin(monkeypatch):
    tok = Tokens("The company viva voce it expects more.")
    assert best_original(tok, 2, 2, "oral", 50.0, MODEL, LINKS) == "oral"
    match = repair(tok.text, 2, 2, "oral")
    other = Match(0, 3, Entry("the", ("the",), (), "a", (), "table", 1.0, False, "t"), "a")
    assert pooled(tok, [other], MODEL, LINKS) == [other]      # only thesaurus repairs
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(pool_margin=None))
    assert pooled(tok, [match], MODEL, LINKS) == [match]


def test_shipped_models_give_said_for_a_dictionary_spinners_viva_voce():
    """A spinner whose thesaurus files "said" under "verbal" writes "viva
    voce" for it everywhere: WordNet's one original is "oral"."""
    from normtool.despin.despin import repair_text
    text = "Acme Corp viva voce it expects higher profits, the company viva voce in a statement."
    assert repair_text(text, force=True)[0] == \
        "Acme Corp said it expects higher profits, the company said in a statement."
