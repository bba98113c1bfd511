import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import quotes
from transforms.boilerplate import load_lexicon
from transforms.literals import fold, holds_any, may_match, required_substrings


@pytest.mark.parametrize("pattern, expected", [
    ("all rights reserved", ("all rights reserved",)),
    ("(?:afp|ap)", ("afp", "ap")),  # the parser factors the 'a' out: the product puts it back
    (r"\d+ min read", (" min read",)),
    (r"(?:ab|cd)\s+(?:long phrase|other one)", ("long phrase", "other one")),  # the most selective run
    ("AB[cd]e", ("abce", "abde")),
    (r"x{2,}y", ("x",)),  # repeated: its body is needed (the run is broken by the repeat)
    ("news(?:letter)?", ("news",)),
    (r"^\s*Foto\b", ("foto",)),  # anchors and boundaries are zero-width
    ("(?P<r0>cookies?)|(?P<r1>trackers?)", ("cookie", "tracker")),  # 'cookies' holds 'cookie'
    ("the (?:news(?:letter)?|paper) desk", ("the news desk", "the newsletter desk", "the paper desk")),
])
def test_required_substrings(pattern, expected):
    assert required_substrings(pattern, re.IGNORECASE) == expected


@pytest.mark.parametrize("pattern", [
    r"\w+", ".*", "(?:abc|.)", "(?:abc)?", "[^x]+", "a|", r"(?:a|b)?\w", "x*",
])
def test_nothing_is_required_where_a_match_may_hold_any_text(pattern):
    assert required_substrings(pattern, re.IGNORECASE) == ()


def test_fold_keeps_every_character_ignorecase_equates():
    letters = {char for pattern in _lexicon_patterns() for char in pattern if char.isalpha()}
    for letter in sorted(letters):
        for code in range(0x10000):
            char = chr(code)
            if re.fullmatch(re.escape(letter), char, re.IGNORECASE):
                assert fold(letter) in fold(char), (letter, char)


def _lexicon_patterns() -> list[str]:
    return [bucket[3].pattern for bucket in load_lexicon().buckets]


def _lexicon_pieces() -> list[str]:
    pieces = set()
    for pattern in _lexicon_patterns():
        pieces.update(piece for piece in re.split(r"[^\w' ]+", pattern) if len(piece) > 2)
    return sorted(pieces)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_line_a_lexicon_rule_matches_always_holds_one_of_its_strings(data):
    """Lines built from the rules' own words, capitals and odd characters: whenever a bucket's
    alternation matches, its substring test passes (the test never skips a match)."""
    pieces = _lexicon_pieces()
    parts = data.draw(st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=6),
                                         st.sampled_from(["AFP", "©", " | ", "ı", "İ", "ß", "ẞ", "K", " "])),
                               max_size=8))
    line = "".join(parts)
    line = data.draw(st.sampled_from([line, line.upper(), line.title()]))
    for kind, _, _, pattern, _, literals in load_lexicon().buckets:
        if literals and pattern.search(line):
            assert holds_any(fold(line), literals), (pattern.pattern[:80], line)


def test_the_costly_searches_have_a_substring_test():
    """The 'contains' and 'suffix' buckets are searched at every position of a line: most skip a
    line without their strings."""
    searched = [bucket for bucket in load_lexicon().buckets if bucket[0] in ("contains", "suffix")]
    assert sum(1 for bucket in searched if bucket[5]) >= 0.9 * len(searched)


def test_a_case_sensitive_pattern_keeps_its_strings_as_written():
    club = re.compile(r"(?:FC|Real)\s[A-Z]\w+")
    assert required_substrings(club.pattern, club.flags, keep_case=True) == ("FC", "Real")
    assert may_match(club, "le Real Madrid") and not may_match(club, "un fc nantes, real madrid")
    assert may_match(re.compile("real", re.IGNORECASE), "REAL") and may_match(re.compile("(?i:real)"), "REAL")
    assert may_match(re.compile(r"\w+"), "anything")  # nothing required: always scanned


_SCANNED_PATTERNS = [quotes._CLUB_RE, quotes._GERMAN_PLACE_COMPOUND_RE, quotes._GERMAN_ADMIN_UNIT_RE,
                     quotes._GERMAN_GREENS_RE, quotes._DUTCH_INSTITUTION_RE]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_may_match_never_skips_a_text_the_pattern_matches(data):
    pieces = sorted({piece for pattern in _SCANNED_PATTERNS
                     for piece in re.split(r"[^\w' -]+", pattern.pattern) if len(piece) > 1})
    text = "".join(data.draw(st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=5),
                                                st.sampled_from([" ", "FC", "Stade ", "1. ", "Ü"])), max_size=10)))
    for pattern in _SCANNED_PATTERNS:
        if pattern.search(text):
            assert may_match(pattern, text), (pattern.pattern[:60], text)


def test_an_alternation_puts_longer_strings_first_and_is_the_same_whatever_the_set_order():
    from transforms.literals import alternation

    words = ["ap", "afp", "agence france-presse", "dpa", "a"]
    assert alternation(words) == "agence france-presse|afp|dpa|ap|a"
    assert alternation(reversed(words)) == alternation(set(words)) == alternation(words)
