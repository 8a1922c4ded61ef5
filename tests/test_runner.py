"""The runner: dedup compares despun copies made with the user's spin options."""
from __future__ import annotations

from normtool.article import Article
from normtool.options import DedupOptions
from normtool.runner import matching_copies

SPUN = ("The Related Press mentioned that counterfeit consciousness is booming, "
        "the minister mentioned on Friday.")


def test_raw_articles_are_despun_for_matching_and_records_stay_as_given():
    raw = Article(id="a", text=SPUN)
    (copy,) = matching_copies([raw], DedupOptions())
    assert copy.spun is True and "Associated Press said" in copy.text
    assert raw.text == SPUN and raw.spun is None          # the record itself is untouched


def test_articles_clean_already_judged_are_left_alone():
    judged = Article(id="a", text=SPUN, spun=False)
    assert matching_copies([judged], DedupOptions()) is None


def test_the_users_spin_options_are_honoured(tmp_path):
    raw = Article(id="a", text=SPUN)
    assert matching_copies([raw], DedupOptions(despin=False)) is None
    (never,) = matching_copies([raw], DedupOptions(spin_threshold=1.0))
    assert never.text == SPUN and never.spun is False
    table = tmp_path / "mine.tsv"
    table.write_text("related press\t-\n", encoding="utf-8")   # "-": never repair this phrase
    (mine,) = matching_copies([raw], DedupOptions(spin_table_files=(str(table),)))
    assert "Related Press" in mine.text and "said" in mine.text


def test_despun_copies_do_not_depend_on_jobs():
    arts = [Article(id=str(i), text=SPUN + f" Item {i}.") for i in range(600)]
    one = matching_copies(arts, DedupOptions(jobs=1))
    two = matching_copies(arts, DedupOptions(jobs=2))
    assert [a.to_json() for a in one] == [a.to_json() for a in two]
