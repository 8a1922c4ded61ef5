"""Test spinners and the despin evaluation harness (bench.spinners, bench.despin_eval,
bench.cleancorpus), on small thesauri made here: no system thesaurus needed."""
from __future__ import annotations

import random

import pytest

from bench import spinners
from bench.cleancorpus import detokenise
from bench.despin_eval import Tally, alignment, run_originals
from bench.spinners import Thesaurus, base_forms, inflect, spin_text

SMALL = Thesaurus("small", {
    "said": [["stated"]],
    "company": [["firm"], ["troupe"]],
    "associated": [["related"]],
    "press": [["media"]],
    "rise": [["climb"]],
    "plan": [["scheme"]],
    "big": [["large"]],
    "world war": [["global conflict"]],
}, {}, {})


def test_inflect_is_naive_like_a_spinner():
    assert inflect("scheme", "ed") == "schemed"
    assert inflect("try", "s") == "tries"
    assert inflect("box", "s") == "boxes"
    assert inflect("make", "ing") == "making"
    assert inflect("go", "ed", {("go", "ed"): "went"}) == "went"


def test_base_forms_undo_inflection_and_doubling():
    known = {"plan", "rise", "company"}.__contains__
    assert ("plan", "ed") in base_forms("planned", known)
    assert ("rise", "s") in base_forms("rises", known)
    assert ("company", "s") in base_forms("companies", known)
    assert base_forms("zebra", known) == []


def test_choose_reinflects_the_substitute():
    rng = random.Random(0)
    assert SMALL.choose("planned", rng) == "schemed"
    assert SMALL.choose("rises", rng) == "climbs"
    assert SMALL.choose("unknown", rng) is None


def test_spin_rate_and_determinism():
    text = "The company said the plan would rise. " * 20
    a = spin_text(text, SMALL, 0.2, random.Random("x"))
    b = spin_text(text, SMALL, 0.2, random.Random("x"))
    assert a == b
    out, n, changed = a
    assert n == len(text.split())
    assert changed == round(0.2 * n)
    assert out.count("firm") + out.count("troupe") + out.count("stated") + out.count("scheme") \
        + out.count("climb") == changed


def test_spin_keeps_everything_between_words():
    text = 'He said: "the company (big) said."\n\nNew para, said he.'
    out, _, changed = spin_text(text, SMALL, 1.0, random.Random(1))
    assert changed > 0
    skeleton = lambda s: [c for c in s if not c.isalpha()]      # noqa: E731
    assert skeleton(out.replace("stated", "said")) == skeleton(text.replace("stated", "said"))


def test_names_only_when_asked_and_case_kept():
    text = "Reporters at the Associated Press said it."
    plain, _, _ = spin_text(text, SMALL, 1.0, random.Random(3))
    assert "Associated Press" in plain
    named, _, _ = spin_text(text, SMALL, 1.0, random.Random(3), names=True)
    assert "Related Media" in named


def test_phrases_are_replaced_whole_and_headlines_stay_capitals():
    out, _, changed = spin_text("after the world war ended", SMALL, 1.0, random.Random(2))
    assert out == "after the global conflict ended" and changed == 2
    head, _, _ = spin_text("COMPANY PLANS BIG RISE", SMALL, 1.0, random.Random(2))
    assert head == head.upper() and head != "COMPANY PLANS BIG RISE"


def test_spin_record_spins_title_and_credits_reproducibly():
    rec = {"id": "r1", "title": "Company said", "text": "The company said so.",
           "credits": ["Associated Press writers said"]}
    spinners.LOADERS["small"] = lambda: SMALL
    try:
        a = spinners.spin_record(rec, "small", 1.0, seed=1)
        assert a == spinners.spin_record(rec, "small", 1.0, seed=1)
        assert a["title"] != rec["title"] and a["text"] != rec["text"]
        assert a["credits"][0].startswith("Related Media")
        assert rec["text"] == "The company said so."             # the input is left alone
    finally:
        del spinners.LOADERS["small"]


def test_alignment_counts_edits():
    errs, ok_ref, ok_hyp = alignment("a b c d".split(), "a x c d e".split())
    assert errs == 2 and ok_ref == {0, 2, 3} and ok_hyp == {0, 2, 3}


def test_tally_damage_undone_precision_and_broken():
    orig = {"text": "the company said profits rose", "title": "Profits rose"}
    spun = {"text": "the firm stated profits climbed", "title": "Profits climbed"}
    # repairs: firm->company (right), stated->declared (wrong), profits->gains (breaks a word)
    out = {"text": "the company declared gains climbed", "title": "Profits rose", "flagged": True}
    t = Tally()
    t.add(orig, spun, out, 0.01)
    r = t.row()
    assert r["flagged"] == 1
    assert r["wer_before"] == 0.6 and r["wer_after"] == 0.6
    assert r["damage_undone"] == round(1 / 3, 4)
    assert r["broken_words"] == 1
    assert r["repair_words"] == 3 and r["repair_precision"] == round(1 / 3, 4)
    assert r["title_wer_before"] == 0.5 and r["title_wer_after"] == 0.0


def test_run_originals_counts_flags_and_changes():
    recs = [{"id": "a", "title": None, "text": "x y"}, {"id": "b", "title": "T", "text": "z"}]

    def fn(rec):
        return {"text": rec["text"].replace("z", "w"), "title": rec["title"], "flagged": rec["id"] == "a"}

    res = run_originals(fn, recs)
    assert (res["flagged"], res["changed"]) == (1, 1)
    assert res["flagged_ids"] == ["a"] and res["changed_ids"] == ["b"]


@pytest.mark.parametrize("tokens,text", [
    (["``", "No", ",", "''", "he", "said", "."], '"No," he said.'),
    (["It", "cost", "$", "5", "(", "then", ")", "."], "It cost $5 (then)."),
    (["Ivan", "Allen", "Jr.", "."], "Ivan Allen Jr."),
])
def test_detokenise_brown(tokens, text):
    assert detokenise(tokens) == text


def test_moby_loader_keeps_lower_case_terms_of_two_words_at_most(tmp_path):
    f = tmp_path / "words.txt"
    f.write_text("store,Fort Knox,magazine,storehouse,bonded ware house,depot\nUnited States,America\n",
                 encoding="latin-1")
    th = spinners.load_moby.__wrapped__(f)
    assert th.senses == {"store": [["magazine", "storehouse", "depot"]]}
    assert th.choose("stores", random.Random(0)) in {"magazines", "storehouses", "depots"}


def test_webster_loader_reads_1913_lists_and_skips_wordnet_ones(tmp_path):
    import gzip
    text = """Abandon \\A*ban"don\\, v. t. [OF. abandoner.]
   1. To cast or drive out; to banish; to expel; to reject.
      [1913 Webster]

            That he might . . . abandon them from him. --Udall.
      [1913 Webster]

   Syn: To give up; yield; forego; cede; surrender.

Payment \\Pay"ment\\, n.
   1. That which is paid; reward; recompense; requital.
      [1913 Webster]

   Syn: pay, remuneration
        [WordNet 1.5]

"""
    f = tmp_path / "gcide.dict.dz"
    with gzip.open(f, "wt", encoding="utf-8") as fh:
        fh.write(text)
    th = spinners.load_webster.__wrapped__(f)
    assert th.senses["abandon"][0] == ["give up", "yield", "forego", "cede", "surrender"]
    assert ["banish", "expel", "reject"] in th.senses["abandon"]
    assert th.senses["payment"] == [["reward", "recompense", "requital"]]


def test_grouping_finds_the_copy_and_no_wrong_merge():
    from bench.despin_eval import grouping
    body = ("The central bank raised its benchmark interest rate by half a point on Tuesday, "
            "citing rising prices for food and fuel across the country and a weaker currency. ")
    other = ("Heavy rain flooded the northern valley overnight, closing three schools and the "
             "main highway while rescue crews moved families from low-lying farms to shelters. ")
    originals = [{"id": "a", "title": None, "text": body * 4}, {"id": "b", "title": None, "text": other * 4}]
    outputs = [{"text": body * 4, "title": None}, {"text": "Something else entirely. " * 20, "title": None}]
    assert grouping(originals, outputs) == {"grouped": 1, "wrong_merges": 0}


def test_with_peer_gives_the_first_copy_after_it_took_the_others_words():
    from bench.despin_eval import with_peer
    text = ("Dock workers at the three largest ports began a strike on Monday over pay, and the "
            "vessels waiting outside the harbour were sent to other terminals, officials said. "
            "The stoppage could last a week, the union warned, and exporters fear the delays "
            "will hurt sales abroad.")
    a = (text.replace("largest", "biggest").replace("vessels", "watercraft")
         .replace("warned", "cautioned").replace("exporters fear", "exporters dread"))
    b = (text.replace("began a strike", "commenced a strike").replace("harbour", "seaport")
         .replace("sales abroad", "gross sales abroad").replace("officials said", "officials stated"))
    [got] = with_peer([{"id": "s", "title": None, "text": text}],
                      [{"text": a, "title": None, "flagged": True}],
                      [{"text": b, "title": None, "flagged": True}])
    assert got["flagged"] and "watercraft" not in got["text"] and got["text"] != a


def test_distrib_thesaurus_gives_words_of_shared_contexts(tmp_path):
    # "gained" and "climbed" share every neighbour; "cat" shares none with them
    rows = []
    for left in ("prices", "shares", "sales", "profits"):
        for word in ("gained", "climbed"):
            rows.append(f"{left} {word} 50")
    for right in ("sharply", "slightly", "again"):
        for word in ("gained", "climbed"):
            rows.append(f"{word} {right} 40")
    rows += ["the cat 90", "cat sat 80", "fat cat 70"]
    f = tmp_path / "bigrams.txt"
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    th = spinners.load_distrib.__wrapped__(f, vocab=100, keep=3)
    assert th.senses["gained"] == [["climbed"]]
    assert "cat" not in th.senses.get("gained", [[]])[0]
    assert spinners.HELD_OUT == ("webster", "mythes") and "distrib" in spinners.SOURCES


def test_mythes_thesaurus_keeps_plain_synonyms_in_sense_order(tmp_path):
    f = tmp_path / "th.dat"
    f.write_text("UTF-8\n"
                 "company|3\n"
                 "(noun)|institution (generic term)|establishment (generic term)\n"
                 "(noun)|troupe|organization (generic term)\n"
                 "(noun)|companionship|fellowship|society\n"
                 "big|1\n"
                 "(adj)|large|huge (similar term)\n"
                 "deep|1\n"
                 "(adj)|profound (similar term)|shallow (antonym)\n", encoding="utf-8")
    th = spinners.load_mythes.__wrapped__(f)
    assert th.senses["company"] == [[], ["troupe"], ["companionship", "fellowship", "society"]]
    assert th.senses["big"] == [["large"]]
    assert th.senses["deep"] == [["profound"]]          # a similar term stands in for none
    rng = random.Random(0)
    assert {th.choose("company", rng) for _ in range(40)} <= {"troupe", "companionship", "fellowship", "society"}
    assert "mythes" in spinners.SOURCES and "mythes" in spinners.LOADERS


def test_fixed_spinner_writes_one_synonym_for_a_word_wherever_it_stands():
    """``NAME:fixed``: a dictionary spinner, as in seed 004 ("mentioned" for every "said")."""
    from dataclasses import replace
    many = replace(SMALL, senses={**SMALL.senses, "said": [["stated", "declared", "mentioned"]]},
                   policy="fixed")
    text = "The company said the plan would rise, he said. " * 10
    out, n, changed = spin_text(text, many, 0.2, random.Random("x"))
    written = {w for w in ("stated", "declared", "mentioned") if w in out}
    assert len(written) == 1                        # one synonym, the same all through
    # a word it chose is spun wherever it stands: the quota cuts into one word at most
    partly = [w for w, subs in (("said", written), ("plan", {"scheme"}), ("rise", {"climb"}),
                                ("company", {"firm", "troupe"})) if w in out and any(x in out for x in subs)]
    assert len(partly) <= 1, partly
    assert any(w not in out for w in ("said", "plan", "rise", "company"))   # one spun all through
    assert changed >= round(0.2 * n)
    other, _, _ = spin_text(text, many, 0.2, random.Random("y"))
    assert written == {w for w in ("stated", "declared", "mentioned") if w in other}   # fixed per word
    plain, _, _ = spin_text(text, replace(many, policy="sense"), 0.5, random.Random("x"))
    assert len({w for w in ("stated", "declared", "mentioned") if w in plain}) > 1


def test_load_takes_the_fixed_suffix():
    with pytest.raises(SystemExit, match="NAME:fixed"):
        spinners.load("nosuch:fixed")


def test_unlinked_spinner_writes_only_what_no_shipped_link_leads_back_from():
    """``NAME:unlinked``: a tuning thesaurus as a spinner with a thesaurus of its
    own would use it: no term despin's links undo."""
    from dataclasses import replace
    from normtool.despin.context import candidates, load_model
    said = [["stated", "mentioned", "declared", "quoth"]]
    linked = {t for t in said[0] if spinners.linked_back(t, "said")}
    assert linked and linked != set(said[0])        # the shipped links undo some, not all
    th = replace(SMALL, senses={**SMALL.senses, "said": said}, never=spinners.linked_back)
    got = {th.choose("said", random.Random(k)) for k in range(60)}
    assert got == set(said[0]) - linked
    assert not any(x == "said" for t in got for x, _, _ in candidates(load_model(), t, down=True))
    plain = {replace(th, never=None).choose("said", random.Random(k)) for k in range(60)}
    assert plain & linked
    assert spinners.linked_back("global conflict", "war") is False    # phrases: never excluded


def test_roget_loader_reads_semicolon_groups_and_drops_references(tmp_path):
    f = tmp_path / "roget.txt"
    f.write_text(
        "Project Gutenberg preamble, not read.\n\n"
        "1. Existence -- N. existence, being, entity, ens [Lat.],\nsubsistence.\n"
        "     reality, actuality; positiveness &amp;c adj.; fact, matter of fact.\n"
        "V. exist, be; subsist, live, breathe.\n\n"
        "2. Inexistence -- N. inexistence; nonexistence, nonsubsistence; nil.\n",
        encoding="utf-8")
    th = spinners.load_roget.__wrapped__(f)
    # a semicolon group is a sense; a word alone in its group takes its paragraph
    assert th.senses["reality"] == [["actuality"]]
    assert th.senses["fact"] == [["matter of fact"]]
    assert th.senses["existence"] == [["being", "entity", "ens", "subsistence"]]   # "[Lat.]" dropped
    # "&c adj." is a cross-reference, not a term: "positiveness" stands alone, so its paragraph
    assert th.senses["positiveness"] == [["reality", "actuality", "fact", "matter of fact"]]
    # parts of speech are separate paragraphs: verbs never list nouns
    assert th.senses["subsist"] == [["live", "breathe"]]
    assert "existence" not in {t for s in th.senses["exist"] for t in s}
    assert "roget" in spinners.SOURCES and "roget" not in spinners.HELD_OUT


def test_aiksaurus_loader_reads_meanings_in_the_datas_order(tmp_path):
    """words.dat: a NUL-ended name (":" for a space), then its meanings'
    numbers (16-bit, big-endian) closed by 0xFFFF; meanings.dat: each
    meaning's word numbers, closed the same way."""
    def nums(*ns):
        return b"".join(n.to_bytes(2, "big") for n in ns) + b"\xff\xff"
    names = ["firm", "company", "concern:house", "Acme", "troop", "party"]
    meanings = [[1, 0, 2, 3], [1, 4, 5]]              # a business; a group
    of = {w: [m for m, ws in enumerate(meanings) if k in ws] for k, w in enumerate(names)}
    (tmp_path / "words.dat").write_bytes(b"".join(w.encode() + b"\0" + nums(*of[w]) for w in names))
    (tmp_path / "meanings.dat").write_bytes(b"".join(nums(*m) for m in meanings))
    th = spinners.load_aiksaurus.__wrapped__(tmp_path)
    assert th.senses["company"] == [["firm", "concern house"], ["troop", "party"]]   # no name, not itself
    assert th.senses["party"] == [["company", "troop"]]
    assert "Acme" not in th.senses
    assert "aiksaurus" in spinners.SOURCES and "aiksaurus" not in spinners.HELD_OUT


def test_pivot_loader_takes_english_words_that_share_a_german_translation(tmp_path):
    """Ding's "German :: English" lines: the first segment of each side is
    the headword, later ones plurals and examples; terms by ";"."""
    f = tmp_path / "de-en"
    f.write_text(
        "# Version :: devel\n"
        "Plan {m}; Entwurf {m} | Pläne {pl} | technischer Plan :: plan; design | plans | engineering plan\n"
        "Plan {m}; Liste {f} :: rota [Br.] | rotas\n"
        "Entwurf {m} (Skizze) :: draft; sketch (outline) | drafts\n"
        "etw. planen {vt} | planend :: to plan sth. | planning\n"
        "etw. planen; etw. entwerfen {vt} :: to design sth.; to lay out sth. for sb.\n"
        "sagen {vt} :: to say sth. to sb.; to tell\n"
        "Begleitung {f}; Gesellschaft {f} :: company; escort; Company Ltd\n",
        encoding="utf-8")
    th = spinners.load_pivot.__wrapped__(f)
    # a noun's senses: each German translation's English terms, where the word heads the line first
    assert th.by_pos[("plan", "n")] == [["design", "rota"], ["design", "draft", "sketch"]]
    # verbs apart ("to ... sth." is "..."; "lay out sth. for sb." loses its object and preposition)
    assert th.by_pos[("plan", "v")] == [["design", "lay out"]]
    assert th.senses["plan"][0] == ["design", "rota"]              # uninflected: nouns first
    assert th.candidates("planned")[0] == ([["design", "lay out"]], "ed")
    assert th.senses["company"] == [["escort"]]                    # no capitals: no names
    assert "engineering plan" not in th.senses                     # examples are not read
    assert "pivot" in spinners.SOURCES and "pivot" not in spinners.HELD_OUT


def test_rewriter_reorders_attribution_and_clauses_and_rewrites_phrases():
    from bench.rewriters import reorder, rewrite_phrases
    rng = random.Random(0)
    assert reorder("The company said it would sell its stake in the unit.", rng) == \
        "It would sell its stake in the unit, the company said."
    assert reorder("It would sell its stake in the unit, the company said.", rng) == \
        "The company said it would sell its stake in the unit."
    assert reorder("The dollar rose sharply in early trade and the yen fell to a new low.", rng) == \
        "The yen fell to a new low and the dollar rose sharply in early trade."
    # a name keeps its capital where it moves
    assert reorder("Texaco Inc said it would sell its stake in the unit.", rng) == \
        "It would sell its stake in the unit, Texaco Inc said."
    assert reorder("Sales rose 5 pct.", rng) == "Sales rose 5 pct."          # no shape to turn
    out = rewrite_phrases("In addition to oil, it said on Tuesday it had more than 5 rigs.",
                          random.Random(3), share=1.0)
    assert not any(p in out for p in ("In addition to", "said on", "more than"))
    assert "Tuesday" in out and "5" in out and out[0].isupper()
    assert rewrite_phrases("Sales rose because of demand.", random.Random(3), share=0.0) == \
        "Sales rose because of demand."


def test_headcut_and_rewrite_behaviours_through_spin_record():
    from bench.rewriters import cut_tail
    text = "\n\n".join(f"Paragraph {k} said the plan would rise." for k in range(10))
    cut = cut_tail(text, random.Random(0))
    kept = cut.split("\n\n")
    assert 5 <= len(kept) <= 8 and text.startswith(cut)                 # an opening, cut between paragraphs
    one = "One rose. Two fell. Three held. Four rose. Five fell."
    assert one.startswith(cut_tail(one, random.Random(0))) and cut_tail(one, random.Random(0)) != one
    rec = {"id": "r1", "title": "Company plan to rise", "text": text}
    spinners.LOADERS["small"] = lambda: SMALL
    try:
        a = spinners.spin_record(rec, "small:headcut", 0.0, seed=1)
        assert a == spinners.spin_record(rec, "small:headcut", 0.0, seed=1)
        assert len(a["text"].split("\n\n")) < 10 and text.startswith(a["text"])   # rate 0: no swap
        assert sum(w not in rec["title"].split() for w in a["title"].split()) >= 2  # the title spun
        b = spinners.spin_record({**rec, "text": "The company said it would sell its stake in the unit."},
                                 "small:rewrite", 0.0, seed=2)
        assert b["text"] != "The company said it would sell its stake in the unit."
        assert spinners.split_name("headcut") == ("moby", ["headcut"])
        assert spinners.split_name("small:fixed:rewrite") == ("small:fixed", ["rewrite"])
    finally:
        del spinners.LOADERS["small"]
