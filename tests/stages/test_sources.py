"""Every finding's sources hold up against the articles: the quote is the article's own words,
under the heading named, and every article cited has a reference a reader can look up.

The five articles are vendored in tests/data/seeds (CI has the shared copy read-only, beside the
checkout, and may not); the test checks the vendored copy against it where it is there.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "data" / "seeds"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
STAGES = ["audience", "duration", "networks", "objectives", "resources", "tone"]
TEXTS = {stage: ROOT / "src" / "workshop" / "stages" / f"{stage}.toml" for stage in STAGES}
TEXTS["listening"] = (ROOT / "plugins" / "workshop-listening" / "src" / "workshop_listening"
                      / "texts.toml")

# The headings of each article, as it writes them (read by a person, once): a quote is under
# the last one before it. Text before the first heading is under "" (seed 004 has no title).
HEADINGS = {
    "000": [
        "Blogs professionnels, réseaux sociaux et web 2.0 : 6 bonnes raisons de… ne PAS vous "
        "lancer à titre professionnel",
        "Pré-requis n°1 : comprendre les attentes des internautes… et y répondre !",
        "Pré-requis n°2 : être ouvert au dialogue (et y être préparé en termes d’organisation).",
        "Pré-requis n°3 : accepter de consacrer régulièrement du temps (ou un budget) à ce type "
        "d’outils.",
        "Pré-requis n°4 : avoir préalablement défini précisément sa stratégie de présence sur les "
        "médias sociaux.",
        "Pré-requis n°5 : être prêt à s’engager dans la durée.",
        "Pré-requis n°6 : accepter d’employer une tonalité de communication / d’écriture "
        "différente.",
    ],
    "001": ["Médias sociaux : on y va ! (ou pas)", "Je n’y suis pas donc on ne parle pas de moi !",
            "Il faut être présent partout !"],
    "002": ["Investir sur les médias sociaux en 6 étapes",
            "Pourquoi investir sur les médias sociaux ?",
            "Quand ne pas exploiter les médias sociaux ?", "Une approche en 6 étapes",
            "1.Ecouter les discussions.",
            "2.Définir une stratégie en fonction de l’état des lieux et des écarts constatés avec "
            "la stratégie globale.",
            "3.Etre présent.", "4.Se tenir prêt.", "5.Répondre.", "6.Initier le dialogue.",
            "Toutes les situations sont différentes (ou pas)", "Vous avez le droit d’échouer"],
    "003": ["Fuir les réseaux sociaux est la meilleure solution (parfois)",
            "Squatter les réseaux sociaux, mais pour quoi faire ?",
            "Quels réseaux sociaux investir ?",
            "Avez-vous les moyens de vos ambitions ? Vraiment ?"],
    "004": ["Pas de stratégie sans objectif(s)", "Présent !",
            "Dans réseau social, il y a « social » !"],
}


def plain(text: str) -> str:
    """Spacing and apostrophes as in the articles or not: the words are what counts."""
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip()


def seed_text(seed: str) -> str:
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    return path.read_text("utf-8")


def sections(seed: str) -> dict[str, str]:
    """The article cut at its headings: {heading: the text under it} ("" before the first)."""
    found: dict[str, list[str]] = {"": []}
    current = ""
    for line in seed_text(seed).splitlines():
        if line.strip() in HEADINGS[seed]:
            current = line.strip()
            found.setdefault(current, [])
            continue
        found[current].append(line)
    return {heading: plain("\n".join(lines)) for heading, lines in found.items()}


def all_cited() -> list[tuple[str, str, dict[str, str]]]:
    """(stage, finding code, one cited entry) for every source of every stage."""
    found = []
    for stage, path in TEXTS.items():
        table = tomllib.loads(path.read_text("utf-8"))["sources"]
        for code, entry in table.items():
            for cited in entry["cited"]:
                found.append((stage, code, cited))
    return found


CITED = all_cited()


def test_every_heading_is_found_in_its_article() -> None:
    for seed, headings in HEADINGS.items():
        assert set(sections(seed)) == {"", *headings}, seed


@pytest.mark.parametrize(("stage", "code", "cited"), CITED,
                         ids=[f"{code}-{i}" for i, (_, code, _) in enumerate(CITED)])
def test_each_quote_is_word_for_word_under_the_heading_named(stage, code, cited) -> None:
    seed, section, quote = cited["seed"], cited["section"], cited["quote"]
    assert seed in HEADINGS, f"{code}: no article {seed}"
    assert section == "" or section in HEADINGS[seed], f"{code}: {section!r}: no heading of {seed}"
    assert len(quote) >= 20, code
    text = sections(seed)
    assert plain(quote) in text[section], (
        f"{code}: the quote is not under {section!r} in {seed}; it is under "
        f"{[h for h, body in text.items() if plain(quote) in body]}")


def test_every_finding_has_sources_in_the_new_form_and_a_readable_line() -> None:
    for stage, path in TEXTS.items():
        table = tomllib.loads(path.read_text("utf-8"))["sources"]
        findings = tomllib.loads(path.read_text("utf-8"))["en"]["findings"]
        assert set(table) == set(findings), stage
        for code, entry in table.items():
            assert entry["cited"], code
            assert "seed" not in entry["source"].lower(), code  # a reader's line, not "seed 002"
            assert "quote" not in entry, code  # the quote lives in cited


def references() -> dict:
    return tomllib.loads(resources.files("workshop.data").joinpath("sources.toml").read_text(
        "utf-8"))


def test_every_article_has_a_reference_in_both_languages() -> None:
    data = references()
    assert set(data["sources"]) == set(HEADINGS)
    for seed, ref in data["sources"].items():
        assert ref["date"] and (ref["title"] or ref.get("known_as")), seed
        for lang in ("fr", "en"):
            assert ref[lang]["date"], (seed, lang)
        if ref["title"]:
            assert ref["title"] in HEADINGS[seed], seed  # the title as the article writes it
    assert data["sources"]["002"]["author"] == "Fred Cavazza"
    assert set(data["era"]) == {"fr", "en"}


def test_every_quote_has_an_english_rendering_in_order() -> None:
    quotes = references()["quotes"]
    for stage, path in TEXTS.items():
        table = tomllib.loads(path.read_text("utf-8"))["sources"]
        for code, entry in table.items():
            renderings = quotes[code]["en"]
            assert len(renderings) == len(entry["cited"]), (stage, code)
            assert all(len(text) >= 15 and text != cited["quote"]
                       for text, cited in zip(renderings, entry["cited"], strict=True)), code


def test_the_engine_reads_the_new_form(host) -> None:
    """The findings carry the cited sources and a readable line, never a bare seed number."""
    from workshop.engine.recommendation import recommend
    from workshop.session.io import load_session

    session = load_session(ROOT / "sessions" / "examples" / "no-go-copy-competitors.toml")
    findings = recommend(session, host).findings
    cited = [f for f in findings if f.sources]
    assert cited
    for finding in cited:
        assert not finding.source.startswith("seed"), finding.code
        assert all(source.seed in HEADINGS for source in finding.sources)


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="no shared seeds beside the checkout")
def test_the_vendored_articles_are_the_shared_ones() -> None:
    for path in SHARED_SEEDS.glob("*.txt"):
        assert (SEEDS / path.name).read_text("utf-8") == path.read_text("utf-8"), path.name
