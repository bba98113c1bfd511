"""Place and given-name lists of the stand-in entities (transforms.gazetteer)."""
from __future__ import annotations

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from transforms.gazetteer import load_given_names, load_places, overlaps, starts_with_given_name


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
