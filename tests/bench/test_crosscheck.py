"""bench.crosscheck: a syndication set from other text, layouts and spinners,
built reproducibly, its spun copies measured against their own unspun words."""
from __future__ import annotations

import json
import random

from bench import crosscheck
from bench.spinners import Thesaurus

SMALL = Thesaurus("small", {
    "said": [["stated"]], "police": [["constabulary"]], "fire": [["blaze"]],
    "homes": [["dwellings"]], "town": [["township"]], "strong": [["powerful"]],
}, {}, {})

STORIES = [
    "Police said strong winds pushed a fire towards the town of Hill Top today. Hundreds of "
    "people have been forced from their homes. Police said the fire was not yet contained. "
    "Firefighters from three states are helping local crews. The town hall is open as a shelter. "
    "Residents were told to take pets and medicines. Roads to the north are closed. A change in "
    "the weather is expected tonight, police said, but winds may strengthen first. Crews said "
    "the fire had burnt more than 2,000 hectares since it began on Sunday afternoon. Schools in the area will stay closed until Wednesday at the earliest.",
    "The council said it would spend $4 million on new footpaths in the town over two years. "
    "The mayor said residents had asked for safer streets near schools. Work begins in March. "
    "The plan covers twelve streets and two new crossings. Shop owners said the works would "
    "disrupt trade, but the council said each street would take only a few weeks. Opposition "
    "councillors said the money should go to flood repairs first. The budget vote is next week, "
    "and the plan needs a majority of the council's nine members to pass into law this year. Residents may comment on the plan at the library until Friday.",
]


def test_story_cuts_sentences_into_paragraphs_under_a_headline():
    st = crosscheck.story({"id": "lee-bg-1", "text": STORIES[0]}, random.Random(3))
    assert " ".join(st["paras"]).split() == STORIES[0].split()
    assert st["title"] and STORIES[0].startswith(st["title"])
    assert st["title"].split()[-1].lower() not in crosscheck._TRAILING
    assert st["date"].year == 2001


def test_build_is_reproducible_and_every_page_is_accounted_for(monkeypatch):
    monkeypatch.setattr(crosscheck, "load_spinner", lambda name: SMALL)
    pool = [{"id": f"lee-bg-{i}", "title": "-", "text": t} for i, t in enumerate(STORIES)]
    a = crosscheck.build(pool, 1, 7, ["small"])
    b = crosscheck.build(pool, 1, 7, ["small"])
    assert a == b
    docs, truth, kinds, refs = a
    assert {d["id"] for d in docs} == set(truth) == set(kinds)
    assert sorted(set(kinds.values()) - set(crosscheck.KINDS)) == ["distractor", "orig"]
    assert sum(k == "orig" for k in kinds.values()) == 1
    # a spun copy's reference is its own words before spinning: no spun word in it
    for did, body in refs.items():
        assert kinds[did].startswith("spun")
        assert not {"constabulary", "blaze", "dwellings", "township"} & set(body.lower().split())


def test_spin_damage_counts_only_the_spinners_words(monkeypatch):
    from normtool.article import Article
    body = "Police said the fire was not contained.\n\nResidents left their homes."
    spun = body.replace("Police", "Constabulary").replace("homes", "dwellings")
    docs = [{"id": "x1", "text": "Fire near the town\n\n" + spun}]
    fixed = Article(id="x1", text=spun.replace("dwellings", "homes"))
    from bench.syndication import plain_clean
    got = crosscheck.spin_damage({"x1": "spun"}, {"x1": body}, [fixed], plain_clean(docs))
    n, before, after, undone = got["spun"]
    assert (n, before, after) == (1, 2, 1) and undone == 50.0


def test_read_pool_keeps_development_stories_with_no_near_copy(tmp_path):
    rows = [{"id": "lee-bg-0", "text": STORIES[0]}, {"id": "lee-bg-1", "text": STORIES[0]},
            {"id": "lee-bg-2", "text": STORIES[1]}, {"id": "lee-3", "text": STORIES[1] + " More."},
            {"id": "lee-bg-4", "text": "Too short to publish."}]
    path = tmp_path / "pool.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert [r["id"] for r in crosscheck.read_pool(path)] == ["lee-bg-2"]
