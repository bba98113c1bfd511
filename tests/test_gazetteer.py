"""Place and given-name lists of the stand-in entities (transforms.gazetteer)."""
from __future__ import annotations

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from transforms.gazetteer import LEXICON_DIR, _lines, _normal, load_given_names, load_places, overlaps, starts_with_given_name
from transforms.literals import longest_first


def found(language: str, text: str) -> list[str]:
    return [text[start:end] for start, end in load_places(language).find(text)]


def test_places_are_found_whole_longest_first_and_in_the_texts_language():
    text = ("Russia's war, the U.S. and Bosnia and Herzegovina; Hong Kong-based firms, Guinea-Bissau and "
            "Côte d’Ivoire. Chad Smith flew to Rio de Janeiro via New York.")
    assert found("en", text) == ["Russia", "U.S.", "Bosnia and Herzegovina", "Guinea-Bissau", "Côte d’Ivoire",
                                 "Chad", "Rio de Janeiro", "New York"]  # 'Hong Kong-based' is a word of its own
    assert found("es", "EE.UU. y Estados Unidos, Rusia y Nueva Zelanda") == ["EE.UU.", "Estados Unidos", "Rusia",
                                                                           "Nueva Zelanda"]
    assert found("de", "Russland und die Vereinigten Staaten") == ["Russland"]
    # Countries come in the text's language: French 'Maurice' (Mauritius) is a given name elsewhere.
    assert found("fr", "l'île Maurice") == ["Maurice"] and found("en", "Maurice Lévy") == []


@pytest.mark.parametrize("language", ["fr", "en", "de", "es", "it", "pt", "nl", "", "xx"])
def test_each_language_s_places_are_its_countries_and_the_shared_places(language):
    """The lists are read once for all languages; each language's index is still its countries
    (all languages' for one with none) and places.txt's names, by first word, longest first."""
    rows = [line.split("\t") for line in _lines(LEXICON_DIR / "places" / "countries.tsv")]
    known = {lang for lang, _ in rows}
    names = {_normal(name) for lang, name in rows if lang == language or language not in known}
    names |= {_normal(name) for name in _lines(LEXICON_DIR / "places" / "places.txt")}
    expected: dict[str, list[str]] = {}
    for name in names:
        expected.setdefault(name.split(" ", 1)[0].rstrip("."), []).append(name)
    assert load_places(language).by_first_word == {first: tuple(sorted(group, key=longest_first))
                                                   for first, group in expected.items()}


def test_places_need_a_capital_and_word_boundaries():
    assert found("en", "the chile sauce; Chileans; Perus; Francesca") == []
    assert "Sri Lanka" in load_places("en") and "Sri\u00a0Lanka" in load_places("en") and "sri lanka" not in load_places("en")


def test_given_names_decide_a_person_by_the_first_word():
    names = load_given_names()
    assert len(names) > 1000
    for person in ("Margaret Osei", "Jean-Luc Mélenchon", "María José García", "Xi Jinping", "Jürgen Klopp"):
        assert starts_with_given_name(person, names), person
    for other in ("Hebden Bridge", "Estuary Services", "May Day", "Santa Anita", "Paris Saint-Germain"):
        assert not starts_with_given_name(other, names), other


def test_overlaps():
    spans = [(0, 5), (10, 15)]
    assert overlaps(spans, 4, 6) and overlaps(spans, 12, 13) and overlaps(spans, 0, 20)
    assert not overlaps(spans, 5, 10) and not overlaps([], 0, 1)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Rusia EEUU.’'-NewYorkChadÉ\u00a0\n")), max_size=80),
       st.sampled_from(["en", "es", "de", "pt"]))
def test_property_places_are_ordered_disjoint_capitalised_substrings(text, language):
    spans = load_places(language).find(text)
    assert spans == sorted(spans)
    for (start, end), (next_start, _) in zip(spans, spans[1:]):
        assert end <= next_start
    for start, end in spans:
        assert text[start].isupper() and text[start:end] in load_places(language)
