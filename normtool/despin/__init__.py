"""Despin stage: detect machine-paraphrased ("spun") copy and repair it.

``tokens`` splits a text into words once; ``table`` is the spinner phrase table
(data); ``match`` finds its phrases; ``model`` is the statistical layer
(reverse thesaurus and news bigram model); ``detect`` scores an article;
``despin`` is the step that repairs spun articles; ``context`` is the news
bigram model and each word's upgrades, by which ``fits`` scores a word in its
context, with ``topics`` (the passage's subject) and ``trigrams`` (word
triples) for a flagged article's repair score; ``forms`` tells a word's forms
from a synonym; ``phrases`` judges phrases written for one word; ``consistent``
spreads a repair to the word's other occurrences; ``names`` restores spun names
and ``dates`` spun months; ``siblings`` restores a copy from its source in the
run (``compare`` tells a spinner's rewrite by the swaps); ``lexicon`` takes the
repairs a run's flagged copies agree on; ``report`` shows repairs.
"""
from .despin import check_files, despin_article, repair_text
from .detect import spin_evidence, spin_score
from .gazetteer import NamesFileError
from .report import format_repairs, repairs_record
from .table import SpinTableError, load_table

__all__ = ["check_files", "despin_article", "repair_text", "spin_score", "spin_evidence", "format_repairs",
           "repairs_record", "load_table", "SpinTableError", "NamesFileError"]
