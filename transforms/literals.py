"""The strings a regular expression cannot match without: a substring test that skips a costly search.

``required_substrings(pattern)`` reads the pattern's parse tree and returns strings, case-folded
(``fold``), at least one of which every match holds, case-insensitively; or nothing when no such
strings are known (a match may be any text). ``holds_any(fold(text), strings)`` is then False
only for texts the pattern cannot match: a case-insensitive alternation of phrases without a
literal start ('all rights reserved|tous droits réservés|…') is searched at every position of
every line, where ``str.__contains__`` of a few phrases is a fraction of that.
"""
from __future__ import annotations

import functools
import re
from typing import Iterable, Optional

try:  # Python 3.11+
    from re import _constants as sre, _parser as sre_parse
except ImportError:  # Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# Finite sets of exact strings are enumerated up to this size (a character class, a branch of words).
MAX_EXACT = 64
# Classes of up to this many single characters count as exact ('[cd]').
_MAX_CLASS_CHARS = 16
_ZERO_WIDTH = frozenset({""})


def longest_first(word: str) -> tuple[int, str]:
    """Sort key of the alternatives of a regex or of phrases tried in turn: longer first (so no
    alternative is hidden by its own prefix), then in code-point order, so that words from a set
    give the same pattern in every process (and ``re`` finds it among the prebuilt ones)."""
    return -len(word), word


def alternation(strings: Iterable[str]) -> str:
    """``strings`` as the alternatives of a regex, ``longest_first`` (escape them first if they are
    literals): the same pattern text in every process, whatever order a set gives them in."""
    return "|".join(sorted(strings, key=longest_first))


def fold(text: str) -> str:
    """Case-folded as ``re.IGNORECASE`` compares: casefold, and the dotless i it matches to 'i'."""
    return text.casefold().replace("ı", "i")


def holds_any(folded_text: str, strings: tuple[str, ...]) -> bool:
    return any(map(folded_text.__contains__, strings))


@functools.lru_cache(maxsize=None)  # the module-level patterns of the stages: a few hundred at most
def _strings_of(pattern: re.Pattern) -> tuple[tuple[str, ...], bool]:
    """(required strings, whether they are folded) of a compiled pattern. Folded unless the pattern
    matches case-sensitively throughout (no IGNORECASE flag, no '(?i' group)."""
    folded = bool(pattern.flags & re.IGNORECASE) or "(?i" in pattern.pattern
    return required_substrings(pattern.pattern, pattern.flags, keep_case=not folded), folded


def may_match(pattern: re.Pattern, text: str) -> bool:
    """False only when ``pattern`` cannot match anywhere in ``text``: before scanning a whole text."""
    strings, folded = _strings_of(pattern)
    return not strings or holds_any(fold(text) if folded else text, strings)


def required_substrings(pattern: str, flags: int = 0, keep_case: bool = False) -> tuple[str, ...]:
    """Folded strings, at least one of which every match of ``pattern`` holds (sorted); () if unknown.
    ``keep_case``: the strings as written, for a pattern that matches case-sensitively throughout."""
    exact, needed = _sequence(sre_parse.parse(pattern, flags), str if keep_case else fold)
    strings = exact if exact is not None else needed
    if not strings or not all(strings):
        return ()
    # A string that holds another of them adds nothing: the shorter one is there whenever it is.
    return tuple(sorted(s for s in strings if not any(other != s and other in s for other in strings)))


# A node's analysis: (exact, needed). ``exact``: the node matches one of these strings and nothing
# else (None: not a small finite set). ``needed``: every match holds one of these non-empty strings
# (None: unknown).
_Analysis = tuple[Optional[frozenset[str]], Optional[frozenset[str]]]


def _as_needed(strings: Optional[frozenset[str]]) -> Optional[frozenset[str]]:
    return strings if strings and all(strings) else None


def _selectivity(strings: frozenset[str]) -> tuple[int, int]:
    """Longer strings, then fewer of them, skip more lines."""
    return min(map(len, strings)), -len(strings)


def _sequence(items, case) -> _Analysis:
    """Consecutive exact items are multiplied into one set of exact strings while it stays small;
    every such run, and every inexact item's needed strings, is a candidate: the most selective wins."""
    current: frozenset[str] = _ZERO_WIDTH
    candidates: list[frozenset[str]] = []
    for op, value in items:
        exact, needed = _node(op, value, case)
        if exact is not None:
            product = frozenset(a + b for a in current for b in exact)
            if len(product) <= MAX_EXACT:
                current = product
            else:
                candidates.append(current)
                current = exact
            continue
        candidates.append(current)
        current = _ZERO_WIDTH
        if needed:
            candidates.append(needed)
    if not candidates:
        return current, _as_needed(current)
    candidates.append(current)
    usable = [candidate for candidate in candidates if _as_needed(candidate)]
    return None, max(usable, key=_selectivity, default=None)


def _node(op, value, case) -> _Analysis:
    if op is sre.LITERAL:
        return frozenset({case(chr(value))}), None
    if op is sre.IN:
        if len(value) <= _MAX_CLASS_CHARS and all(kind is sre.LITERAL for kind, _ in value):
            return frozenset(case(chr(code)) for _, code in value), None
        return None, None
    if op is sre.SUBPATTERN:
        return _sequence(value[-1], case)
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(value, case)
    if op is sre.BRANCH:
        return _branch([_sequence(alternative, case) for alternative in value[1]])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, high, body = value
        if low == high == 1:
            return _sequence(body, case)
        exact, needed = _sequence(body, case)
        if low == 0:  # optional: exact only as once or not at all ('cookies?')
            if high == 0:
                return _ZERO_WIDTH, None
            return (exact | _ZERO_WIDTH if exact is not None and high == 1 else None), None
        return None, needed if exact is None else _as_needed(exact)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # zero-width: the literals around it stay adjacent
        return _ZERO_WIDTH, None
    return None, None  # any character, categories, negated classes, back-references…


def _branch(alternatives: list[_Analysis]) -> _Analysis:
    if all(exact is not None for exact, _ in alternatives):
        union = frozenset().union(*(exact for exact, _ in alternatives))
        if len(union) <= MAX_EXACT:
            return union, None
    needed: set[str] = set()
    for exact, needs in alternatives:
        strings = _as_needed(exact) if exact is not None else needs
        if strings is None:
            return None, None
        needed |= strings
    return None, frozenset(needed)
