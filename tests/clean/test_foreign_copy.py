"""clean on news copy in other languages than English: wire copy (dpa, AFP,
EFE, ANSA, Lusa, ANP, APA, Belga, TT, PAP) and news sites' pages in German,
French, Spanish, Italian, Portuguese, Dutch, Swedish and Polish.

The fixture holds 37 articles written in those outlets' layouts, each with the
title, date, dateline, credits, language and exact body clean should give
(``either``: a standfirst, which may stay or go as the deck).  The last six
(``h_``) were written after the rules, as a held-out check: 5 came out right.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from normtool.article import Article
from normtool.clean import clean_article
from normtool.clean.metadata import parse_date
from normtool.clean.rules import load_rules

FIX = Path(__file__).resolve().parent / "fixtures"
COPIES = [json.loads(line) for line in (FIX / "foreign_copy.jsonl").read_text(encoding="utf-8").splitlines()]
# Left for want of a safe rule: a site's name alone under the story ("Le Figaro").
KNOWN = {"fr03_figaro_web"}
DASHES = " -\u2013\u2014."


def clean(text: str) -> Article:
    return clean_article(Article(id="t", text=text))


def verdict(copy: dict) -> dict:
    out = clean(copy["text"])
    body = [" ".join(p.split()) for p in out.text.split("\n\n")]
    return {"title": out.title == copy["title"], "date": out.date == copy["date"],
            "dateline": (out.dateline or "").strip(DASHES) == (copy["dateline"] or "").strip(DASHES),
            "credits": all(c in out.credits for c in copy["credits"])
            and all(any(c in f for f in copy["furniture"]) for c in out.credits),
            "body": [p for p in body if p not in copy["either"]] == copy["body"],
            "complete": all(p in body for p in copy["body"])}


@pytest.mark.parametrize("copy", COPIES, ids=[c["id"] for c in COPIES])
def test_foreign_copies(copy):
    """Before these rules 1 of the 37 came out fully right, now 36."""
    result = verdict(copy)
    if copy["id"] in KNOWN:
        assert not all(result.values()), "a known failure now passes: drop it from KNOWN"
        assert result["complete"], result       # what is left over is furniture, no prose lost
    else:
        assert all(result.values()), result


def test_foreign_copies_keep_their_language_and_are_never_despun():
    """Despin repairs English only; each copy is detected in its own language."""
    from normtool import CleanOptions, clean_one
    for copy in COPIES:
        out = clean_one(Article(id=copy["id"], text=copy["text"]), CleanOptions())
        assert out.lang == copy["lang"], copy["id"]
        assert not out.repairs and not out.spun, copy["id"]


@pytest.mark.parametrize("text, iso", [
    ("5. März 2024", "2024-03-05"), ("2 juillet 2024", "2024-07-02"), ("2 juin 2024", "2024-06-02"),
    ("14 novembre 2024", "2024-11-14"), ("5 de marzo de 2024", "2024-03-05"),
    ("31 de outubro de 2024", "2024-10-31"), ("18 settembre 2024", "2024-09-18"),
    ("2.mai.2024", "2024-05-02"), ("5 maart 2024", "2024-03-05"), ("1 août 2024", "2024-08-01"),
    ("Publié le 05/03/2024 à 11:32", "2024-03-05"), ("Publicado em 05/03/2024 - 10:15", "2024-03-05"),
    ("05/03/2024 18h45", "2024-03-05"), ("05/03/2024 6:45 PM", "2024-05-03"),
])
def test_dates_in_other_languages(text, iso):
    assert parse_date(text, load_rules()) == iso


@pytest.mark.parametrize("text", ["12 outlets 2024", "5 generals 1987", "3 settlers 1990"])
def test_foreign_abbreviations_match_only_whole_words(text):
    """'out', 'gen', 'set' are months only as whole words, never as English prefixes."""
    assert parse_date(text, load_rules()) is None


@pytest.mark.parametrize("line, iso", [
    ("Stand: 22.02.2024 14:32 Uhr", "2024-02-22"),
    ("Aktualisiert am 2. April 2024, 16:05 Uhr", "2024-04-02"),
    ("Publié le 14 novembre 2024 à 19h42, modifié le 14 novembre 2024 à 21h05", "2024-11-14"),
    ("Actualizado Sábado, 1 junio 2024 - 23:58", "2024-06-01"),
    ("Barcelona - 01 feb 2024 - 14:32 CET", "2024-02-01"),
    ("18 settembre 2024 (modifica il 18 settembre 2024 | 16:40)", "2024-09-18"),
    ("5 maart 2024 10:05 Laatste update: 5 maart 2024 11:20", "2024-03-05"),
    ("05/03/2024 18h45 Atualizado há 2 horas", "2024-03-05"),
])
def test_date_lines_under_the_headline(line, iso):
    out = clean(f"Regierung legt Haushalt vor\n\n{line}\n\n" + LEDE)
    assert (out.title, out.date, out.text) == ("Regierung legt Haushalt vor", iso, LEDE)


LEDE = "Die Bundesregierung hat am Mittwoch ihren Entwurf für den Haushalt vorgelegt, teilte das Ministerium mit."


@pytest.mark.parametrize("para", [
    "Von Berlin aus fuhren am Morgen keine Züge mehr in Richtung Köln, teilte die Bahn mit.",
    "Von den 120 Abgeordneten stimmten 80 für den Antrag.",
    "Teilen wollte der Minister seine Pläne am Dienstag noch nicht mit den Ländern.",
    "Anzeige erstattet hat die Polizei gegen drei Männer im Alter von 19 bis 24 Jahren.",
    "Am 5. März 2024 beginnt der Prozess vor dem Landgericht.",
    "Mit Informationen von Zeugen sucht die Polizei nun nach dem Täter.",
    "Par 142 voix contre 45, les députés ont rejeté le texte mardi soir.",
    "Par ailleurs, le ministre a annoncé une nouvelle réunion.",
    "Partager les richesses est notre priorité, a déclaré le ministre.",
    "Avec les informations de la police, les enquêteurs ont pu identifier le suspect.",
    "Por su parte, el Partido Popular criticó el plan.",
    "Compartir piso se ha convertido en la única opción para muchos jóvenes.",
    "Di fronte alle critiche, il ministro ha difeso la scelta.",
    "Door de regen vielen op veel plaatsen treinen uit, meldt ProRail.",
    "Deel van de schade is verzekerd, zegt de gemeente.",
])
def test_prose_that_opens_like_furniture_stays(para):
    """A sentence opening with a byline word (Von, Par, Por, Di, Door) or a share or
    advertisement word is prose, at the top and at the bottom of a story."""
    for text in (f"{para}\n\n{LEDE}", f"{LEDE}\n\n{para}"):
        assert para in clean(text).text.split("\n\n")


@pytest.mark.parametrize("byline", ["Von Anna Lehmann und Tobias Becker", "Par Camille DUBOIS", "di Marco Bianchi",
                                    "Por Daniel Mello - Repórter da Agência Brasil - São Paulo",
                                    "Por g1 — Rio de Janeiro", "Door Sanne de Vries"])
def test_bylines_in_other_languages(byline):
    out = clean(f"Regierung legt Haushalt vor\n\n{byline}\n\n{LEDE}")
    assert (out.title, out.credits, out.text) == ("Regierung legt Haushalt vor", [byline], LEDE)


@pytest.mark.parametrize("name", ["Lucía Martín", "José Álvarez"])
def test_an_accented_bare_name_under_the_headline_is_a_credit(name):
    out = clean(f"La sequía obliga a restringir el agua en Cataluña\n\n{name}\n\n"
                "El Gobierno catalán ha declarado este jueves el estado de emergencia por sequía.")
    assert out.credits == [name]


@pytest.mark.parametrize("heading, link", [("Lees ook", "Hoe ontstaat een najaarsstorm?"),
                                           ("Read more:", "Is the rally over?"),
                                           ("Veja também", "Gasolina fica mais cara nos postos")])
def test_a_question_under_a_read_more_heading_is_its_link(heading, link):
    out = clean(f"{LEDE}\n\nDer Bundestag berät im Herbst darüber.\n\n{heading}\n\n{link}")
    assert link not in out.text and {"rule": out.removed[-1]["rule"], "text": link} in out.removed
