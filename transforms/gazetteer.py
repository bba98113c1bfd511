"""Word lists that tell what a capitalised name is, for languages with no spaCy model: place names
(countries from the Unicode CLDR, in the language of the text; cities, regions and the like in
every language) and given names (a run of capitalised words that starts with one names a person).

Pure functions over immutable data, loaded once per process (``lru_cache``); see
``transforms/lexicons/places/README.md`` and ``transforms/lexicons/names/README.md``.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import re
import unicodedata
from pathlib import Path

from transforms.literals import longest_first
from transforms.names import CAPITALS, name_key

LEXICON_DIR = Path(__file__).parent / "lexicons"
_CAPITALISED_WORD_RE = re.compile(r"(?<![\w'’.-])[" + CAPITALS + r"][\w'’.-]*")
_SPACE_RUN_RE = re.compile(r"[ \t\u00a0\u202f]+")
# What may follow a name: no letter, digit or hyphen; an apostrophe only as a possessive or a closing mark.
_NAME_ENDS_RE = re.compile(r"(?![\w-])(?!['’]\w)|(?=['’]s\b)")


@dataclasses.dataclass(frozen=True)
class Gazetteer:
    """Place names by their first word: (name, ...) longest first."""
    by_first_word: dict[str, tuple[str, ...]]

    def __contains__(self, name: str) -> bool:
        name = _normal(name)
        return name in self.by_first_word.get(name.split(" ", 1)[0], ())

    def find(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the place names in ``text``, longest match first, none overlapping,
        each a whole word sequence starting with a capital ('Buenos Aires', 'Rio de Janeiro')."""
        spans: list[tuple[int, int]] = []
        end_of_last = -1
        by_first_word = self.by_first_word
        for found in _CAPITALISED_WORD_RE.finditer(text):
            start = found.start()
            if start < end_of_last:
                continue
            word = found.group().replace("’", "'")
            firsts = (word.rstrip("."),) if "'" not in word else (word.rstrip("."), word.split("'", 1)[0])  # "Russia's"
            for first in firsts:
                for name in by_first_word.get(first, ()):
                    end = start + len(name)
                    if _normal(text[start:end]) == name and _NAME_ENDS_RE.match(text, end):
                        spans.append((start, end))
                        end_of_last = end
                        break
                if end_of_last > start:
                    break
        return spans


def _lines(path: Path) -> list[str]:
    return [unicodedata.normalize("NFC", line.strip()) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _by_first_word(names: set[str]) -> dict[str, tuple[str, ...]]:
    by_first: dict[str, list[str]] = {}
    for name in names:
        by_first.setdefault(name.split(" ", 1)[0].rstrip("."), []).append(name)
    return {first: tuple(sorted(group, key=longest_first)) for first, group in by_first.items()}


@functools.lru_cache(maxsize=4)
def _place_lists(directory: str) -> tuple[tuple[tuple[str, str], ...], frozenset[str], dict[str, tuple[str, ...]]]:
    """``countries.tsv``'s (language, name) rows and their languages, and ``places.txt``'s names by
    their first word, read once per process for all languages (each worker meets most of them early)."""
    rows = tuple((language, _normal(name)) for language, name in
                 (line.split("\t") for line in _lines(Path(directory) / "countries.tsv")))
    places = Path(directory) / "places.txt"
    return (rows, frozenset(language for language, _ in rows),
            _by_first_word({_normal(name) for name in _lines(places)} if places.exists() else set()))


@functools.lru_cache(maxsize=16)
def load_places(language: str, directory: str = str(LEXICON_DIR / "places")) -> Gazetteer:
    """Countries as ``language`` writes them (all languages' forms if it has none), and the
    places of ``places.txt`` in every language."""
    rows, languages, places = _place_lists(directory)
    by_first = dict(places)
    for first, names in _by_first_word({name for lang, name in rows
                                        if lang == language or language not in languages}).items():
        by_first[first] = tuple(sorted(set(names).union(places.get(first, ())), key=longest_first))
    return Gazetteer(by_first)


def _normal(name: str) -> str:
    """Spaces as one plain space, apostrophes straight ('N’Djamena' is 'N'Djamena'); lengths kept."""
    return _SPACE_RUN_RE.sub(" ", name).replace("’", "'")


@functools.lru_cache(maxsize=1)
def load_given_names(path: str = str(LEXICON_DIR / "names" / "given.txt")) -> frozenset[str]:
    """Given names (and, for names written family name first, common family names: 'Xi', 'Kim'),
    each also as its ``name_key`` ('Valéria' is found from 'Valeria' and the other way round)."""
    names = _lines(Path(path)) if Path(path).exists() else []
    return frozenset(names) | frozenset(name_key(name) for name in names)


def is_given_name(word: str, given_names: frozenset[str]) -> bool:
    """'Margaret', 'Valéria', 'Jean-Luc' (its first hyphenated part); not an acronym ('INSA', not 'Insa')."""
    first = word.split("-", 1)[0]
    if len(first) > 1 and first.isupper():
        return False
    return word in given_names or first in given_names or name_key(first) in given_names


def starts_with_given_name(name: str, given_names: frozenset[str]) -> bool:
    """'Margaret Osei', 'Jean-Luc Mélenchon', 'María José García': the first word is a given name."""
    return bool(name.strip()) and is_given_name(name.split(maxsplit=1)[0], given_names)


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of ``spans`` (sorted, not overlapping one another)."""
    at = bisect.bisect_left(spans, (start, end))
    return any(spans[k][0] < end and start < spans[k][1] for k in (at - 1, at) if 0 <= k < len(spans))
