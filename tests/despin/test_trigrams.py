"""Word triples in the repair score (despin.trigrams, issue 15)."""
from normtool.data import cache
from normtool.despin import despin as ds
from normtool.despin import trigrams as tg
from normtool.despin.tokens import Tokens


def test_window_stops_at_breaks():
    tok = Tokens("Shares fell. The firm told Reuters it would sell, he added.")
    the, firm, told, it, sell = (tok.keys.index(w) for w in ("the", "firm", "told", "it", "sell"))
    assert tg.window(tok, told) == ("the", "firm", "Reuters", "it")   # a name keeps its case
    assert tg.window(tok, firm) == ("|", "the", "told", "Reuters")
    assert tg.window(tok, the) == (None, "|", "firm", "told")         # first word of its sentence
    assert tg.window(tok, sell) == ("it", "would", "|", None)         # a comma after it
    assert tg.window(tok, 0) == (None, "|", "fell", "|")
    assert tg.window(tok, it) == ("told", "Reuters", "would", "sell")


def test_window_reads_repaired_neighbours_in_lower_case_only():
    tok = Tokens("The firm told Reuters it would sell.")
    keys = list(tok.keys)
    keys[1], keys[2], keys[3] = "company", "said", "reuters"          # a repair, and a name's key
    assert tg.window(tok, 4, keys) == ("said", "Reuters", "would", "sell")
    assert tg.window(tok, 0, keys) == (None, "|", "company", "said")


def test_gains_compare_the_upgrades_triples_with_the_words():
    tri = tg.make_trigrams(["# counts", "the company said\t90", "company said it\t40", "said it would\t30",
                            "company told it\t1"])
    middle, left, right = tg.trigram_gains(tri, ("the", "company", "it", "would"), "told", "said")
    assert middle > 0 and left > 0 and right > 0
    assert middle < tg.trigram_gains(tri, ("the", "company", "it", "would"), "spoke", "said")[0]   # no count at all
    assert tg.trigram_gains(tri, ("the", "company", "it", "would"), "said", "told") == (-middle, -left, -right)
    assert tg.trigram_gains(tri, (None, "|", "|", None), "told", "said") == (0.0, 0.0, 0.0)
    assert tg.trigram_gains(tg.Trigrams({}), ("a", "b", "c", "d"), "told", "said") == tg.NO_TRIGRAMS


def test_shipped_trigrams_know_news_phrases(tmp_path, monkeypatch):
    monkeypatch.setenv("NORMTOOL_CACHE_DIR", str(tmp_path))
    tri = tg.load_trigrams.__wrapped__()
    assert tri.counts["the company said"] > 100 * tri.counts.get("the company told", 1)
    assert all(k.split(" ")[1] != "|" for k in list(tri.counts)[:5000])     # no break in the middle
    assert min(tri.counts.values()) >= 2
    assert cache.load(tg.Trigrams, "despin-trigrams", (tg.TRIGRAMS,), lambda: 1 / 0, (tg.__name__,)) == tri


def test_the_shipped_repair_trees_read_the_trigram_gains():
    gains = {ds.REPAIR_FEATURES.index(f"trigram gain, {side}") for side in ("middle", "left", "right")}
    base, trees = ds.load_repair_trees()
    used = {node[0] for tree in trees for node in tree if node[0] >= 0}
    assert gains <= used
