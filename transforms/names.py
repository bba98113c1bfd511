"""Canonical names of an article's entities: "M. Trump", "Trump" and "Donald Trump" are one person.

Pure functions on plain entity dicts (text, label, start, end); the titles to strip are data
(the ``[titles]`` of the quote lexicons), passed in by the caller.
"""
from __future__ import annotations

import collections
import functools
import re
import unicodedata
from typing import Any, Iterable, Sequence

# Labels of different models that name the same kind of thing: only names of one family merge.
LABEL_FAMILIES = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC"}
# Leading determiners dropped when in lower case. Capitalised ones are often part of the name
# ("Le Monde", "The Guardian", "Los Angeles"); "de", "van", "von" start surnames ("de Gaulle").
DETERMINERS = frozenset({"le", "la", "les", "the", "der", "die", "das", "den", "dem", "el", "los", "las", "il", "lo",
                         "gli", "o", "os", "as", "het"})
# The capital letters a name may start with, as a regex class's content: Latin-1's and Latin
# Extended's ('Świątek', 'Šefčovič', 'Łódź', 'İlham', 'Ūawa', 'Đặng'), not only 'A-ZÀ-ÖØ-Þ'.
CAPITALS = "A-ZÀ-ÖØ-Þ" + "".join(char for char in map(chr, [*range(0x100, 0x250), *range(0x1E00, 0x1F00)])
                                   if char.isupper())
_ELIDED_RE = re.compile(r"^l['’](?=\w)")  # "l'OTAN", "l’ONU"
_TRAILING_ELIDED_RE = re.compile(r"(?<=\w)\s+[a-zà-ÿ]{1,5}['’]$")  # "… n’", "… qu’", "… dell’"
_EDGE_CHARS = " \t\n\u00a0\u202f,;:«»\"“”„‹›()[]"


def label_family(label: str) -> str:
    return LABEL_FAMILIES.get(label, label)


def clean_name(text: str, titles: Iterable[str] = ()) -> str:
    """The name without quote marks, leading lower-case determiners and leading titles
    (``titles``: casefolded, e.g. {"m.", "mme", "président"}; a final dot is optional), spaces
    normalised. A name that is only a title or determiner is kept as it is."""
    titles = _without_final_dots(titles if isinstance(titles, frozenset) else frozenset(titles))
    words = _ELIDED_RE.sub("", text.strip(_EDGE_CHARS)).split()
    while len(words) > 1 and (words[0] in DETERMINERS or words[0].casefold().rstrip(".") in titles):
        words = words[1:]
    return " ".join(words) or " ".join(text.split()) or text


# Titles that only a person bears, in every language: a name a model labelled otherwise after one
# ('Pr Hicham Bennani-Alaoui' as an organisation) is a person's.
HONORIFICS = frozenset("m mme mlle mm me dr pr mgr mr mrs ms mx prof sir dame madam miss herr frau sr sra dra don doña "
                       "dott sig sig.ra dott.ssa dhr mevr mw madame monsieur docteur professeur profa".split())


def without_leading_titles(entities: Sequence[dict[str, Any]], titles: Iterable[str]) -> list[dict[str, Any]]:
    """Persons whose span a model opened with a title ('Me Mariam Traoré-Bamba', 'M. Dupont'):
    the span starts at the name (and a span opened with an honorific is a person's, whatever its
    label). A title alone stays. Any span a model closed with the next sentence's elided word
    ('Réjean Poulin n’' of 'Réjean Poulin n’a pas dormi') ends before it."""
    titles = _without_final_dots(titles if isinstance(titles, frozenset) else frozenset(titles))
    trimmed = []
    for entity in entities:
        elided = _TRAILING_ELIDED_RE.search(entity["text"])
        if elided:
            entity = {**entity, "text": entity["text"][:elided.start()], "end": entity["end"] - len(elided.group())}
        words = list(re.finditer(r"\S+", entity["text"]))
        if label_family(entity["label"]) != "PER" and len(words) > 1 and words[0].group().casefold().rstrip(
                ".") in HONORIFICS and words[1].group()[:1].isupper():
            entity = {**entity, "label": "PER"}
        skip = 0
        while label_family(entity["label"]) == "PER" and skip < len(words) - 1 and words[skip].group().casefold().rstrip(
                ".") in titles:
            skip += 1
        if skip:
            cut = words[skip].start()  # 'M.\u00a0Dupont', 'Me  Mariam Traoré'
            entity = {**entity, "text": entity["text"][cut:], "start": entity["start"] + cut}
        trimmed.append(entity)
    return trimmed


@functools.lru_cache(maxsize=64)  # one lexicon's titles per language, for every entity of every article
def _without_final_dots(titles: frozenset[str]) -> frozenset[str]:
    return frozenset(title.rstrip(".") for title in titles)


def name_key(name: str) -> str:
    """Case, accents and apostrophe styles do not matter when names are compared."""
    folded = name.casefold().replace("’", "'")
    if folded.isascii():  # nothing to decompose, no combining mark: most names
        return " ".join(folded.split())
    decomposed = unicodedata.normalize("NFKD", folded)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def _extends(full: str, short: str, family: str) -> bool:
    """Whether ``full`` is a longer form of ``short`` (keys): a person's name ending with it
    ("donald trump" / "trump", "bachar al-assad" / "assad"), or another name starting with it
    ("conseil de securite de l'onu" / "conseil de securite")."""
    if family == "PER":
        return full.endswith((" " + short, "-" + short))
    return full.startswith(short + " ")


def canonical_entities(entities: Sequence[dict[str, Any]], titles: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Copies of ``entities`` with ``canonical`` (the fullest name the article uses for that
    entity) and ``count`` (mentions with the same canonical and label in the article).

    Titles are stripped from persons only. A short name takes the full name of its family that
    extends it (see ``_extends``) and that the article uses most; when two such names are used
    equally often ("Trump" with "Donald Trump" and "Melania Trump" once each) it stays as it is.
    Among spellings of one name (case, accents), the most used, then the longest, then the
    first in sort order is shown. Offsets and texts are not changed.
    """
    titles = frozenset(titles)
    names = [clean_name(e["text"], titles if label_family(e["label"]) == "PER" else ()) for e in entities]
    families = [label_family(e["label"]) for e in entities]
    keys = [name_key(name) for name in names]
    mentions: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for name, family, key in zip(names, families, keys):
        mentions[family, key][name] += 1
    # Candidates are found through the word they share with the short name (last or first).
    index: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    for family, key in sorted(mentions):
        words = key.split()
        if len(words) > 1:
            anchor = words[-1].rsplit("-", 1)[-1] if family == "PER" else words[0]
            index[family, anchor].append(key)
            if family == "PER" and anchor != words[-1]:
                index[family, words[-1]].append(key)

    def full_key(family: str, key: str) -> str:
        if sum(map(str.isalpha, key)) < 2:
            return key
        words = key.split()
        anchor = words[-1] if family == "PER" else words[0]
        longer = [k for k in index.get((family, anchor), ()) if len(k) > len(key) and _extends(k, key, family)]
        # Only the fullest forms compete ("al-assad" is part of "bachar al-assad").
        longest = [k for k in longer if not any(other != k and _extends(other, k, family) for other in longer)]
        if not longest:
            return key
        used = sorted(((sum(mentions[family, k].values()), k) for k in longest), reverse=True)
        if len(used) > 1 and used[0][0] == used[1][0]:
            return key
        return used[0][1]

    def display(family: str, key: str) -> str:
        forms = mentions[family, key]
        return min(forms, key=lambda form: (-forms[form], -len(form), form))

    canonicals = [display(family, full_key(family, key)) for family, key in zip(families, keys)]
    counts = collections.Counter(zip(canonicals, (e["label"] for e in entities)))
    return [{**entity, "canonical": canonical, "count": counts[canonical, entity["label"]]}
            for entity, canonical in zip(entities, canonicals)]
