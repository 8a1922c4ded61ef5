"""A small hand-made dedup output whose every difference is known.

Cluster ``harbour``: a canonical and three copies (near, contained, exact)
with known changed words.  Cluster ``budget``: article text, a title and a
copy id that try to run script.  Cluster ``vote``: a spun canonical whose
repairs sit after an emoji (offsets in code points) and in its credits.
Cluster ``lone``: one untitled article.
"""
from __future__ import annotations

import json
from pathlib import Path

HARBOUR = ("Dock workers in the port of Lorient returned to work on Monday after nine days "
           "of strike, the union said.\n\nThe agreement raises wages by four percent over "
           "two years, according to the port authority.")
HARBOUR_NEAR = HARBOUR.replace("returned to work on Monday", "went back to work on Tuesday")
HARBOUR_CUT = HARBOUR.split("\n\n")[0]
# Words only in the canonical, and only in the near copy, as the diff groups them.
NEAR_GONE, NEAR_NEW = ["returned", "Monday"], ["went back", "Tuesday"]

ATTACKS = ("<script>window.__pwned = 'text'</script>",
           "<img src=x onerror=\"window.__pwned = 'img'\">",
           "</script><script>window.__pwned = 'breakout'</script>")
BUDGET = ("The council passed the budget on Friday by 31 votes to 12. " + ATTACKS[0]
          + "\n\nMembers argued over road repairs " + ATTACKS[1] + " & schools\u2028until late."
          + "\n\n" + ATTACKS[2])
BUDGET_TITLE = "<script>window.__pwned = 'title'</script> Budget passes"
BUDGET_COPY_ID = "</script><script>window.__pwned='id'</script>"

VOTE = "\U0001F600 The Associated Press said the vote was delayed by a week."
VOTE_REPAIRS = [
    {"offset": 6, "from": "Related Press", "to": "Associated Press", "rule": "proper:related press"},
    {"offset": 23, "from": "mentioned", "to": "said", "rule": "reporting:mentioned"},
    {"offset": 0, "from": "Related Press", "to": "Associated Press",
     "rule": "proper:related press", "field": "credits.0"},
]


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def _rec(ident, text, **kw):
    rec = {"id": ident, "source": f"feed.jsonl:{ident}", "title": None, "date": None,
           "dateline": None, "credits": [], "lang": "en", "lang_confidence": 1.0,
           "spun": False, "spin_score": 0.01, "text": text, "repairs": [], "removed": []}
    rec.update(kw)
    return rec


def write_handmade(folder: Path) -> dict:
    """Write corpus/clean/report/rejects JSONL into ``folder``; return their paths."""
    harbour = _rec("harbour-1", HARBOUR, title="Harbour strike ends after nine days",
                   date="2024-03-04", dateline="LORIENT, France -")
    copies = {
        "harbour-2": _rec("harbour-2", HARBOUR_NEAR, title="Harbour strike over", date="2024-03-05"),
        "harbour-3": _rec("harbour-3", HARBOUR_CUT, title="Harbour strike ends"),
        "harbour-4": _rec("harbour-4", HARBOUR, date="2024-03-04"),
        BUDGET_COPY_ID: _rec(BUDGET_COPY_ID, BUDGET.replace("Friday", "Saturday"),
                             spun=True, spin_score=0.91),
    }
    budget = _rec("budget-1", BUDGET, title=BUDGET_TITLE)
    vote = _rec("vote-1", VOTE, title="Vote delayed", spun=True, spin_score=0.88,
                credits=["Associated Press writers contributed."], repairs=VOTE_REPAIRS)
    lone = _rec("lone-1", "A short note about the weather in the valley, with rain.")
    clusters = [
        (harbour, [("harbour-2", 0.8123, "near"), ("harbour-3", 1.0, "contained"),
                   ("harbour-4", 1.0, "exact")]),
        (budget, [(BUDGET_COPY_ID, 0.7, "spun")]),
        (vote, []),
        (lone, []),
    ]
    corpus, report = [], []
    for k, (canon, dups) in enumerate(clusters):
        members = [{"id": i, "similarity": s, "relation": r} for i, s, r in dups]
        corpus.append(dict(canon, cluster=f"{k:016x}", duplicates=members))
        report.append({"cluster": f"{k:016x}", "canonical": canon["id"],
                       "members": [{"id": canon["id"], "relation": "canonical",
                                    "similarity": 1.0}] + members,
                       "size": 1 + len(members)})
    clean = [c for c, _ in clusters] + list(copies.values())
    rejects = [{"source": "feed.jsonl:9", "error": "missing text", "raw": "{}"},
               {"source": "feed.jsonl:10", "error": "malformed JSON", "raw": "{"}]
    return {"corpus": write_jsonl(folder / "corpus.jsonl", corpus),
            "clean": write_jsonl(folder / "clean.jsonl", clean),
            "report": write_jsonl(folder / "report.jsonl", report),
            "rejects": write_jsonl(folder / "rejects.jsonl", rejects)}
