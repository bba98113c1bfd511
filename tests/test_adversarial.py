"""Every text stage runs in linear time on 1 MB inputs built to trigger regex backtracking."""
import time

import pytest

from transforms.boilerplate import load_lexicon, strip_boilerplate
from transforms.dates import published_timestamp
from transforms.dedup import MinHashParams, normalized_tokens, shingle_hashes
from transforms.entities import chunk_spans
from transforms.language import DetectorHolder, detect_language
from transforms.quotes import extract_quotes, load_cue_lexicon, name_entities

SIZE = 1_000_000
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
    "short_lines": "Rechercher\n" * (SIZE // 11),
    "capitals": "Der Präsident Der Bundesbank Sagte " * (SIZE // 35),
    "dashes_and_colons": "-t-il : « " * (SIZE // 10),
}


@pytest.fixture(scope="module")
def detector():
    return DetectorHolder()


@pytest.mark.parametrize("name", sorted(CASES))
def test_text_stages_finish_fast(name, detector):
    text = CASES[name]
    assert len(text) >= SIZE * 0.9
    started = time.perf_counter()
    cleaned = strip_boilerplate(text, load_lexicon())
    detect_language(cleaned.text, detector)
    for start, end in chunk_spans(cleaned.text):
        assert 0 <= start < end <= len(cleaned.text)
    for language in ("fr", "de"):
        for quote in extract_quotes(cleaned.text, [], language):
            assert cleaned.text[quote["start"]:quote["end"]] == quote["text"]
    name_entities(text, load_cue_lexicon("de"))
    shingle_hashes(normalized_tokens(cleaned.text), MinHashParams().shingle_size)
    published_timestamp(text)
    # Linear work takes a few seconds here; a quadratic regex takes hours at this size.
    assert time.perf_counter() - started < 60.0


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=500)


@settings(max_examples=150, deadline=None)
@given(ANY_TEXT)
def test_property_signature_of_any_text(text):
    from transforms.dedup import signature_of
    from transforms.records import Article

    params = MinHashParams()
    signature = signature_of(Article(doc_id="d", source_id="s", raw_text=text, text=text), params,
                             params.permutations())
    assert len(signature.minhash) == 4 * params.num_perm and signature.shingles >= 0
    again = signature_of(Article(doc_id="d", source_id="s", raw_text=text, text=text), params, params.permutations())
    assert again == signature  # deterministic


@settings(max_examples=150, deadline=None)
@given(ANY_TEXT, st.integers(min_value=2, max_value=50))
def test_property_chunks_cover_every_non_blank_line_in_order(text, max_chars):
    spans = chunk_spans(text, max_chars)
    assert all(0 <= start < end <= len(text) and end - start <= max_chars for start, end in spans)
    assert all(previous[1] <= current[0] for previous, current in zip(spans, spans[1:]))
    covered = "".join(text[start:end] for start, end in spans)
    assert "".join(text.split()) == "".join(covered.split())  # only whitespace is left out
