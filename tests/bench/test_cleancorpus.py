"""bench.cleancorpus.openings: the short-copy sets of the grouping checks."""
from bench.cleancorpus import openings

TEXT = "First one here. Second sentence is longer than that.\n\nThird comes after a break. Fourth."


def test_openings_stop_at_the_sentence_that_reaches_the_words():
    got = openings([{"id": "lee-bg-1", "title": "T", "text": TEXT}], words=5, least=1)
    assert got == [{"id": "lee-bg-1", "title": None, "genre": "",
                    "text": "First one here. Second sentence is longer than that."}]
    got = openings([{"id": "lee-bg-1", "title": None, "text": TEXT}], words=12, least=1)
    assert got[0]["text"] == "First one here. Second sentence is longer than that. Third comes after a break."


def test_openings_leave_out_odd_brown_samples_and_cuts_out_of_range():
    rows = [{"id": "brown-ca01-1", "text": TEXT}, {"id": "brown-ca02-1", "text": TEXT},
            {"id": "brown-ca04-1", "text": "Too short."}]
    got = openings(rows, words=5, least=3, most=20)
    assert [r["id"] for r in got] == ["brown-ca02-1"]
    assert openings(rows, words=5, least=3, most=4) == []


def test_openings_draw_the_same_records_in_file_order():
    rows = [{"id": f"lee-bg-{i}", "text": TEXT} for i in range(20)]
    a = openings(rows, words=5, least=1, limit=7)
    assert a == openings(rows, words=5, least=1, limit=7)
    ids = [int(r["id"].rsplit("-", 1)[1]) for r in a]
    assert len(ids) == 7 and ids == sorted(ids)
    assert openings(rows, words=5, least=1, limit=7, seed=6) != a
