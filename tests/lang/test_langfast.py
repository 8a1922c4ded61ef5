"""langfast must give exactly langdetect's answers (it is only faster)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from normtool.lang import langfast

TEXTS = [
    "The minister said on Friday that the talks would go on into next week.",
    "Der Minister sagte am Freitag, dass die Gespräche weitergehen würden.",
    "Le ministre a déclaré vendredi que les négociations se poursuivraient.",
    "El ministro dijo el viernes que las conversaciones continuarían la semana próxima.",
    "Министр заявил в пятницу, что переговоры продолжатся на следующей неделе.",
    "東京で記者会見した首相は金曜日、交渉を続けると述べた。",
    "الوزير قال يوم الجمعة إن المحادثات ستستمر",
    "Bộ trưởng cho biết hôm thứ Sáu rằng các cuộc đàm phán sẽ tiếp tục.",
    "NATO AND THE USA SAID ON FRIDAY THAT TALKS WOULD GO ON",
    "Visit https://example.com/news or mail desk@example.com for more. Ceasefire talks resume.",
    "Seoul said it would work with allies to take appropriate measures 12 345.",
]


def reference(text: str):
    from langdetect import DetectorFactory
    from langdetect.detector_factory import init_factory
    from langdetect.lang_detect_exception import LangDetectException
    DetectorFactory.seed = 0
    init_factory()
    from langdetect import detector_factory
    det = detector_factory._factory.create()
    det.append(text)
    try:
        return [(p.lang, p.prob) for p in det.get_probabilities()]
    except LangDetectException:
        return []


def same(a, b):
    return [l for l, _ in a] == [l for l, _ in b] and all(
        abs(p - q) < 1e-12 for (_, p), (_, q) in zip(a, b))


@pytest.mark.parametrize("text", TEXTS + [p.read_text()[:3000] for p in
                                          sorted(Path(__file__).resolve().parents[2].glob("seeds/*.txt"))])
def test_same_answers_as_langdetect(text):
    assert same(langfast.probabilities(text), reference(text))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdeéfghijklmnopqrstuvwxyzABCZ  .,'äöüßжфы漢字あア")),
               min_size=0, max_size=120))
def test_same_answers_on_arbitrary_text(text):
    assert same(langfast.probabilities(text), reference(text))


def test_batch_gives_each_text_its_own_answer():
    """probabilities_many runs texts in lockstep; each answer is still langdetect's."""
    texts = TEXTS + ["", "12 345", "ok"] + [p.read_text()[:2000] for p in
                                         sorted(Path(__file__).resolve().parents[2].glob("seeds/*.txt"))]
    batch = langfast.probabilities_many(texts)
    assert batch == [langfast.probabilities(t) for t in texts]
    assert all(same(b, reference(t)) for b, t in zip(batch, texts))
    # Order and company do not matter.
    assert langfast.probabilities_many(texts[::-1]) == batch[::-1]
    assert langfast.probabilities_many(texts[3:4]) == batch[3:4]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzäöüжфы  .")),
                        max_size=80), max_size=6))
def test_batch_equals_one_by_one_on_arbitrary_texts(texts):
    assert langfast.probabilities_many(texts) == [langfast.probabilities(t) for t in texts]
