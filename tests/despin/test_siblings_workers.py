"""The siblings step sends the workers only articles with story members to
compare, and still yields every article in order (``runner._restored``)."""
from normtool.article import Article
from normtool.runner import CLEAN_CHUNK, _restored
from normtool.workers import LocalEngine


class Recording:
    """An engine that runs tasks here and keeps what it was sent."""

    def __init__(self):
        self.sent = []

    def imap(self, fn, items):
        for item in items:
            self.sent.append(item)
            yield fn(item)


def _stream(n):
    """Every 100th article has a member: a copy of it with one word changed (no spin)."""
    for k in range(n):
        art = Article(id=f"a{k}", text=f"Story {k} says the company sold {k} shares on Monday.")
        yield art, ([art.replace(id=f"b{k}", text=art.text.replace("sold", "bought"))]
                    if k % 100 == 0 else [])


def test_only_articles_with_members_are_sent_and_order_is_kept():
    n = 2 * CLEAN_CHUNK + 10
    eng = Recording()
    out = list(_restored(eng, _stream(n)))
    assert [a.id for a, _ in out] == [f"a{k}" for k in range(n)]
    assert not any(restored for _, restored in out)
    sent = [art.id for chunk in eng.sent for art, _ in chunk]
    assert sent == [f"a{k}" for k in range(0, n, 100)]
    assert len(eng.sent) == 3                       # one task per chunk read, even an empty one


def test_workers_give_the_same_pairs():
    want = list(_restored(Recording(), _stream(600)))
    got = list(_restored(LocalEngine(2), _stream(600)))
    assert [(a.to_json(), r) for a, r in got] == [(a.to_json(), r) for a, r in want]
