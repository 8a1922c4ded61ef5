"""Build ``normtool/data/despin_forms.tsv``: irregular word forms and their lemmas.

    python tools/build_despin_forms.py [--wordnet /usr/share/wordnet]

From WordNet 3.0's morphological exception lists (Debian ``wordnet-base``:
``noun.exc`` and ``verb.exc``; adjectives' comparatives are left out, as
"farther" and "further" are different words to a spinner), one-word entries
only: ``form TAB lemma`` ("said TAB say", "mice TAB mouse").  Despin's
``forms.same_word`` reads it to tell another form of the written word
("said" for "says") from a synonym.  WordNet licence: see
``spin_thesaurus.NOTICE``.
"""
from __future__ import annotations

import argparse
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "normtool" / "data" / "despin_forms.tsv"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    args = ap.parse_args(argv)
    pairs = set()
    for pos in ("noun", "verb"):
        for line in (args.wordnet / f"{pos}.exc").read_text(encoding="utf-8").splitlines():
            form, *lemmas = line.split()
            for lemma in lemmas:
                if form.isalpha() and lemma.isalpha() and form != lemma:
                    pairs.add((form.lower(), lemma.lower()))
    head = ("# despin's irregular word forms (tools/build_despin_forms.py): form<TAB>lemma,\n"
            "# from WordNet 3.0's exception lists (licence: spin_thesaurus.NOTICE).\n")
    OUT.write_text(head + "".join(f"{f}\t{l}\n" for f, l in sorted(pairs)), encoding="utf-8")
    print(f"{len(pairs)} forms -> {OUT}")


if __name__ == "__main__":
    main()
