"""Every text stage runs in linear time on inputs built to trigger regex backtracking."""
import time

import pytest

from transforms.boilerplate import load_lexicon, strip_boilerplate
from transforms.dedup import MinHashParams, normalized_tokens, shingle_hashes
from transforms.quotes import extract_quotes

SIZE = 300_000
CASES = {
    "one_line": "mot " * (SIZE // 4),
    "quote_marks": '« " “ „ ' * (SIZE // 8),
    "guillemets_never_closed": "« texte " * (SIZE // 8),
    "dots": "." * SIZE,
    "spaces": " \u00a0" * (SIZE // 2),
    "apostrophes": "l'’" * (SIZE // 3),
    "brackets": "(" * (SIZE // 2) + ")" * (SIZE // 2),
    "slashes": "A/" * (SIZE // 2),
    "breadcrumbs": "a > " * (SIZE // 4),
    "deep_unicode": "é\u0301\u200b😀\u202e" * (SIZE // 5),
    "short_lines": "Rechercher\n" * 100_000,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_text_stages_finish_fast(name):
    text = CASES[name]
    started = time.perf_counter()
    cleaned = strip_boilerplate(text, load_lexicon())
    for quote in extract_quotes(cleaned.text, [], "fr"):
        assert cleaned.text[quote["start"]:quote["end"]] == quote["text"]
    shingle_hashes(normalized_tokens(cleaned.text), MinHashParams().shingle_size)
    # Linear work is well under a second here; a quadratic regex takes minutes at this size.
    assert time.perf_counter() - started < 8.0
