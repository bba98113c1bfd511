import itertools

import apache_beam as beam
import numpy as np
import pytest
from apache_beam.testing.util import assert_that, equal_to
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.language import compare
from tests.conftest import ROOT, load_jsonl, make_pipeline
from transforms.language import (LANGDETECT_MAX_TEXT_LENGTH, LANGDETECT_SEED, DetectLanguage, DetectorHolder, alpha_and_upper_counts,
                                 alpha_count, certain_language, detect_language, detect_languages, detection_units,
                                 detector_text, letter_count, ngrams_of, text_for_detection, without_noise)
from transforms.records import Article


@pytest.fixture(scope="module")
def holder():
    return DetectorHolder()


@pytest.fixture(scope="module")
def stock():
    """langdetect's own factory, seeded as the pipeline's detection is, with its profiles in file-name
    order, as ``load_profiles`` takes them (``load_profile`` takes the directory's listing order,
    which varies between file systems; the order changes the last bits of the probabilities)."""
    import os

    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    profiles = []
    for name in sorted(os.listdir(PROFILES_DIRECTORY)):
        with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as file:
            profiles.append(file.read())
    factory.load_json_profile(profiles)
    factory.set_seed(LANGDETECT_SEED)
    return factory


@pytest.mark.parametrize("text,code", [
    ("Le président américain a affirmé mardi qu'il avait le droit de partager ces informations.", "fr"),
    ("The president said on Tuesday that he had every right to share the information with Russia.", "en"),
    ("Der Präsident sagte am Dienstag, er habe das Recht, die Informationen mit Russland zu teilen.", "de"),
    ("El presidente dijo el martes que tenía todo el derecho de compartir la información con Rusia.", "es"),
    ("Il presidente ha detto martedì di avere tutto il diritto di condividere le informazioni.", "it"),
    ("O presidente disse na terça-feira que tinha todo o direito de partilhar as informações.", "pt"),
    ("THE PRESIDENT SAID ON TUESDAY THAT HE HAD EVERY RIGHT TO SHARE THE INFORMATION WITH RUSSIA.", "en"),
])
def test_detects_language(holder, text, code):
    language, score = detect_language(text, holder)
    assert language == code and score > 0.9


def test_short_or_empty_text_is_undetermined(holder):
    assert detect_language("", holder) == ("und", None)
    assert detect_language("12 345 https://example.com a@b.org", holder) == ("und", None)


def test_noise_is_removed_before_detection():
    assert "http" not in text_for_detection("voir https://example.com/page et 2024")
    assert text_for_detection("écrire à presse@example.org ou www.example.org, 12 345 €").split() == [
        "écrire", "à", "ou", "€"]
    assert text_for_detection("TOUT EN CAPITALES") == "tout en capitales"
    assert text_for_detection("Mostly lower case with NATO and EU") == "Mostly lower case with NATO and EU"


def test_low_score_is_undetermined_but_keeps_the_score(holder):
    # Words shared by many languages: the best guess is weak.
    language, score = detect_language("Hotel Restaurant Taxi Bar Pizza Radio", holder, min_score=0.9)
    assert language == "und" and score is not None and score < 0.6


def test_deterministic_across_detector_instances():
    text = "Oui non peut-être, ja nein vielleicht"
    results = {detect_language(text, DetectorHolder(), min_chars=5, min_score=0.0) for _ in range(3)}
    assert len(results) == 1


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_property_never_raises(text):
    language, score = detect_language(text, _HOLDER)
    assert language == "und" or len(language) == 2
    assert score is None or 0.0 <= score <= 1.0


_HOLDER = DetectorHolder()


def test_detect_language_transform(seed_texts):
    articles = [Article(doc_id=str(i), source_id=name, raw_text=text, text=text)
                for i, (name, text) in enumerate(seed_texts.items())]
    with make_pipeline() as pipeline:
        result = pipeline | beam.Create(articles) | DetectLanguage()
        assert_that(result.articles | beam.Map(lambda a: (a.language, a.languages)),
                    equal_to([("fr", [{"language": "fr", "share": 1.0}])] * 5))


_DEV = {record["id"]: record for record in load_jsonl("language_dev.jsonl")}


def test_dev_articles_all_right_and_sentences_at_least_as_bare_langdetect():
    found = compare(list(_DEV.values()))
    assert found["article"]["ours"] == []
    assert len(found["sentence"]["ours"]) <= len(found["sentence"]["bare"])


def test_mixed_article_gets_both_languages(holder):
    text = "\n\n".join(_DEV[i]["text"] for i in ("fr-a01", "fr-a02", "en-a01"))
    language, score, shares = detect_languages(text, holder)
    assert language == "fr" and score > 0.9
    assert [s["language"] for s in shares] == ["fr", "en"]
    assert 0.6 < shares[0]["share"] < 0.75 and abs(sum(s["share"] for s in shares) - 1) < 1e-3


def test_main_language_follows_the_largest_share(holder):
    # The whole-body guess only reads the first 4000 characters, all English here.
    english = "\n\n".join([_DEV["en-a01"]["text"], _DEV["en-a02"]["text"]] * 3)
    french = "\n\n".join([_DEV["fr-a01"]["text"], _DEV["fr-a02"]["text"]] * 4)
    assert detect_language(english + "\n\n" + french, holder)[0] == "en"
    language, score, shares = detect_languages(english + "\n\n" + french, holder)
    assert language == "fr" == shares[0]["language"] and shares[1]["language"] == "en" and score > 0.9


def test_monolingual_article_and_short_foreign_lines(holder):
    text = _DEV["de-a01"]["text"]
    assert detect_languages(text, holder) == (*detect_language(text, holder), [{"language": "de", "share": 1.0}])
    # A short line in another language is too short to decide: it counts as the article's language.
    assert detect_languages(text + "\n\nRead more: click here", holder)[2] == [{"language": "de", "share": 1.0}]


def test_clear_paragraphs_decide_without_the_whole_body(holder, monkeypatch):
    import transforms.language as language_module

    text = "\n\n".join(_DEV[i]["text"] for i in ("fr-a01", "fr-a02"))
    expected = detect_languages(text, holder)
    assert expected == ("fr", 1.0, [{"language": "fr", "share": 1.0}])

    def whole_body_pass(*args, **kwargs):
        raise AssertionError("the whole body was detected")

    monkeypatch.setattr(language_module, "detect_language", whole_body_pass)
    assert detect_languages(text, holder) == expected
    # Short lines in another language holding more than a fifth of the letters: the whole body is
    # detected after all (and here fails on purpose).
    with pytest.raises(AssertionError, match="whole body"):
        detect_languages(text + "\n" + "\n".join(["Read more: click here for all the news"] * 12), holder)
    # As is a body with a paragraph in another language.
    with pytest.raises(AssertionError, match="whole body"):
        detect_languages(text + "\n\n" + _DEV["en-a01"]["text"], holder)


def _mostly_one_language(language: str):
    """Paragraphs of one language, with short lines or paragraphs of any language and arbitrary text."""
    own = [r["text"] for r in _DEV.values() if r["language"] == language]
    others = [r["text"] for r in _DEV.values()]
    return st.lists(st.one_of(st.sampled_from(own), st.sampled_from(own), st.sampled_from(others),
                              st.sampled_from([text[:45] for text in others]), st.text(max_size=60)),
                    min_size=2, max_size=12)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted({r["language"] for r in _DEV.values()})).flatmap(_mostly_one_language))
def test_property_clear_paragraphs_agree_with_the_whole_body(paragraphs):
    """Where the paragraphs decide alone, the whole body's pass gives the same language and shares
    (and a score of 1.0 where certain, else langdetect's)."""
    import transforms.language as language_module

    text = "\n".join(paragraphs)
    fast = detect_languages(text, _HOLDER)
    original_share = language_module.CLEAR_PARAGRAPHS_SHARE
    language_module.CLEAR_PARAGRAPHS_SHARE = float("inf")  # no unit set can hold that: the whole body is detected
    try:
        whole = detect_languages(text, _HOLDER)
    finally:
        language_module.CLEAR_PARAGRAPHS_SHARE = original_share
    assert (fast[0], fast[2]) == (whole[0], whole[2])
    assert fast[1] == whole[1] or (fast[1] == 1.0 and fast[2] == [{"language": fast[0], "share": 1.0}])


def test_empty_and_short_texts(holder):
    assert detect_languages("", holder) == ("und", None, [])
    assert detect_languages("2024 https://example.org", holder) == ("und", None, [])
    assert detect_languages("Bonjour", holder) == ("und", None, [{"language": "und", "share": 1.0}])


def test_detections_per_article_are_capped():
    text = "\n".join(f"Paragraphe numéro {i} qui est assez long pour être détecté tout seul." for i in range(50))
    units = detection_units(text, max_units=8)
    assert len(units) == 8 and sum(n for _, n in units) == sum(n for _, n in detection_units(text, max_units=100))


def test_shares_deterministic_across_detector_instances():
    text = "\n\n".join(_DEV[i]["text"] for i in ("es-a01", "pt-a01", "it-s01", "ca-a01"))
    assert len({repr(detect_languages(text, DetectorHolder())) for _ in range(3)}) == 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=120), st.sampled_from([r["text"] for r in _DEV.values()])), max_size=10))
def test_property_shares(paragraphs):
    language, score, shares = detect_languages("\n".join(paragraphs), _HOLDER)
    assert all(0.0 <= s["share"] <= 1.0 for s in shares)
    assert not shares or (abs(sum(s["share"] for s in shares) - 1) < 1e-3 and shares[0]["language"] == language)
    assert score is None or 0.0 <= score <= 1.0


def test_languages_fit_the_schema(holder):
    import pyarrow as pa

    from schemas import ARTICLE_SCHEMA
    from transforms.language import tag_language

    text = "\n\n".join(_DEV[i]["text"] for i in ("nl-a01", "nl-a02", "en-a02"))
    article = tag_language(Article(doc_id="1", source_id="a", raw_text=text, text=text), lambda *_: None, _HOLDER)
    row = pa.Table.from_pylist([article.to_row()], schema=ARTICLE_SCHEMA).to_pylist()[0]
    assert row["language"] == "nl" and [s["language"] for s in row["languages"]] == ["nl", "en"]
    assert abs(sum(s["share"] for s in row["languages"]) - 1) < 1e-3


def _langdetect_ngrams(stock, text):
    detector = stock.create()  # langdetect's own extraction, not ours
    detector.text = text
    return detector._extract_ngrams()


def test_normalisation_changes_only_the_basic_multilingual_plane(holder):
    from langdetect.utils.ngram import NGram

    assert all(NGram.normalize(chr(code)) == chr(code) for code in range(0x10000, 0x110000, 7))
    table = holder.normalize_table
    assert all(NGram.normalize(chr(code)) == (chr(table[code]) if isinstance(table[code], int) else table[code])
               for code in range(0x10000))
    assert "a\U0001F600b".translate(table) == "a\U0001F600b"  # past the table: kept


# Letters of several scripts and cases, spaces, punctuation langdetect maps to spaces, astral characters.
_DETECTOR_TEXT = st.text(st.sampled_from(list("aAbBeéÉßsSzZ  .,’-'ИиЖж中文日本語かカ한글ابپی\u0219\u021b\u1ea1ǅ\U0001F600\U00020000"
                                             "xyzXYZ")), max_size=60) | st.text(max_size=60)


@given(text=_DETECTOR_TEXT)
@settings(max_examples=300, deadline=None)
def test_ngrams_equal_langdetects_own_extraction(holder, stock, text):
    assert ngrams_of(text, holder.ngram_row, holder.normalize_table) == _langdetect_ngrams(stock, text)


def test_ngrams_equal_langdetects_on_real_articles(holder, stock, seed_texts):
    dev = [r["text"] for r in load_jsonl("language_dev.jsonl")]
    for text in [*seed_texts.values(), *dev, "ÉTAT D'URGENCE À PARIS. Le Président a dit…", "  double  space  "]:
        sample = detector_text(text, LANGDETECT_MAX_TEXT_LENGTH)
        assert ngrams_of(sample, holder.ngram_row, holder.normalize_table) == _langdetect_ngrams(stock, sample)


def _langdetect_text(stock, text, max_length=None):
    detector = stock.create()  # langdetect's own preparation, not ours
    if max_length is not None:
        detector.set_max_text_length(max_length)
    detector.append(text)
    detector.cleaning_text()
    return detector.text


# Adds what langdetect's preparation acts on: URLs, e-mail addresses, Vietnamese marks, space runs.
_PREPARED_TEXT = _DETECTOR_TEXT | st.lists(st.sampled_from(
    ["http://a.b/c?d=1", "https://x.org", "://", "mail@host.fr", "a@b", "@", "a\u0301", "O\u0309", "y\u0323", "\u0300",
     "   ", " ", "Ab", "中文", "ИиЖж", "ǅ", "\u1ea1"]), max_size=12).map("".join)


_NOISY_TEXT = st.lists(st.one_of(st.text(max_size=4), st.sampled_from(
    ["http://a.b/c", "HTTPS://X.org", "httpſ://k", "://", "www.", "WwW.site", "wWw", "ww.", "a@b.fr", "@", "12", "٣٤",
     "x1y", " ", "\n", "é", "ſ", "\u212a", "ｗｗｗ.", "Ｗ", "İ"])), max_size=12).map("".join)


@given(text=_NOISY_TEXT)
@settings(max_examples=400, deadline=None)
def test_noise_removal_takes_the_full_pattern_only_where_it_can_match(text):
    import re

    full = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|\d+", re.IGNORECASE)  # what without_noise stands for
    assert without_noise(text) == full.sub(" ", text)
    assert letter_count(text) == sum(map(str.isalpha, full.sub(" ", text)))


# Short and long texts (the numpy count starts at 200 characters), in any script, with characters
# past the Basic Multilingual Plane and lone surrogates.
_ANY_LENGTH_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(["Élysée ", "NATO ", "ǅemal ", "Ⅻ ", "ß ", "İ ", "١٢ ", "日本語 ", "😀 ", "𝐀𝐁 ", "\ud800",
                              "ＡＢＣ ", "ﬁ ", "ᾈ ", "x", " ", "\n"]), min_size=0, max_size=400).map("".join),
)


@given(text=_ANY_LENGTH_TEXT)
@settings(max_examples=300, deadline=None)
def test_letters_are_counted_as_str_isalpha_and_isupper_count_them(text):
    letters = [char for char in text if char.isalpha()]
    assert alpha_count(text) == len(letters)
    assert alpha_and_upper_counts(text) == (len(letters), sum(char.isupper() for char in letters))


def test_letters_of_long_texts_are_counted_on_the_numpy_path():
    text = "ǅemal ÉTAIT à l'Élysée, Ⅻ fois ﬁn 2024. " * 20  # 'Ⅻ': upper case, no letter; 'ǅ': a letter, title case
    assert alpha_and_upper_counts(text) == (24 * 20, 6 * 20)
    assert alpha_and_upper_counts(text + "𝐀") == (24 * 20 + 1, 6 * 20 + 1)  # a letter past the plane: counted in Python


@given(text=_PREPARED_TEXT)
@settings(max_examples=300, deadline=None)
def test_detector_text_equals_langdetects_own_preparation(stock, text):
    assert detector_text(text, LANGDETECT_MAX_TEXT_LENGTH) == _langdetect_text(stock, text)
    assert detector_text(text, 7) == _langdetect_text(stock, text, 7)


def test_detector_text_on_real_articles_and_cut_to_the_limit(stock, seed_texts):
    assert stock.create().max_text_length == LANGDETECT_MAX_TEXT_LENGTH
    for text in [*seed_texts.values(), *(r["text"] for r in load_jsonl("language_dev.jsonl"))]:
        assert detector_text(text, LANGDETECT_MAX_TEXT_LENGTH) == _langdetect_text(stock, text)
    long_text = "mot  " * 5000  # 25,000 characters, cut before spaces are collapsed, as langdetect does
    assert detector_text(long_text, LANGDETECT_MAX_TEXT_LENGTH) == _langdetect_text(stock, long_text)


@given(text=_DETECTOR_TEXT)
@settings(max_examples=200, deadline=None)
def test_cached_ngrams_and_scores_equal_uncached(holder, text):
    vocabulary = holder.ngram_row
    grams = ngrams_of(text, vocabulary, holder.normalize_table)
    cache: dict = {}
    assert ngrams_of(text, vocabulary, holder.normalize_table, cache) == grams
    assert ngrams_of(text, vocabulary, holder.normalize_table, cache) == grams  # now from the cache
    count, scores = holder.ngram_scores(text)
    assert count == len(grams)
    expected = holder.log_probs[[holder.ngram_row[g] for g in grams]].sum(axis=0, dtype=np.float64)
    assert np.allclose(scores, expected if grams else 0.0)


def _langdetect_probabilities(stock, text, trials):
    detector = stock.create()  # langdetect's own detection, seeded as ours
    detector.n_trial = trials
    detector.append(text)
    return [(found.lang, found.prob) for found in detector.get_probabilities()]


def _our_probabilities(holder, text, trials):
    from langdetect.lang_detect_exception import LangDetectException

    try:
        return [(found.lang, found.prob) for found in holder.probabilities(text, trials)]
    except LangDetectException:
        return "no features"


@given(text=_PREPARED_TEXT, trials=st.sampled_from([1, 3, 7]))
@settings(max_examples=200, deadline=None)
def test_probabilities_equal_langdetects_own(holder, stock, text, trials):
    from langdetect.lang_detect_exception import LangDetectException

    try:
        expected = _langdetect_probabilities(stock, text, trials)
    except LangDetectException:
        expected = "no features"
    assert _our_probabilities(holder, text, trials) == expected  # exactly: same floats


def test_probabilities_equal_langdetects_on_real_articles(holder, stock, seed_texts):
    dev = [r["text"] for r in load_jsonl("language_dev.jsonl")]
    texts = [*seed_texts.values(), *dev]
    paragraphs = [p for text in texts[:10] for p in text.split("\n") if len(p) > 40]
    assert len(texts) > 20 and len(paragraphs) > 20
    for text in texts + paragraphs:
        for trials in (3, 7):
            ours = _our_probabilities(holder, text, trials)
            assert ours == _langdetect_probabilities(stock, text, trials) and ours[0][1] > 0.1


@pytest.mark.parametrize("limit", [0, 5, 9, 10, 11])
def test_probabilities_equal_langdetects_when_trials_hit_the_iteration_limit(holder, stock, monkeypatch, limit):
    from langdetect.detector import Detector

    monkeypatch.setattr(Detector, "ITERATION_LIMIT", limit)  # read by both at run time
    for text in ["Hotel Restaurant Taxi Bar Pizza Radio", "a", "Le président a dit mardi qu'il partirait."]:
        assert _our_probabilities(holder, text, 7) == _langdetect_probabilities(stock, text, 7)


def test_profiles_load_as_langdetects_factory_loads_them(holder, stock):
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    assert holder.codes == stock.langlist and len(holder.codes) == 55
    assert holder.ngram_row.keys() == stock.word_lang_prob_map.keys()
    expected = np.array(list(stock.word_lang_prob_map.values()))
    assert np.array_equal(holder.probs[[holder.ngram_row[gram] for gram in stock.word_lang_prob_map]], expected)
    as_listed = DetectorFactory()  # langdetect's own loading, in the directory's order: the same languages
    as_listed.load_profile(PROFILES_DIRECTORY)
    assert sorted(as_listed.langlist) == holder.codes


def test_word_score_cache_refills_without_mixing_rows(monkeypatch):
    import transforms.language as language

    monkeypatch.setattr(language, "_MAX_CACHED_WORDS", 8)  # a cache that refills every few texts
    small = DetectorHolder()
    texts = ["le chat noir", "der Hund bellt", "el perro come", "le chat dort", "il cane dorme", "o gato come",
             "der Hund", "noir et blanc", "le le le le le"]
    for text in texts * 3:
        count, scores = small.ngram_scores(text)
        grams = ngrams_of(text, small.ngram_row, small.normalize_table)
        expected = small.log_probs[[small.ngram_row[gram] for gram in grams]].sum(axis=0, dtype=np.float64)
        assert count == len(grams) and np.allclose(scores, expected), text
        assert len(small.word_scores) <= 8
    with pytest.raises(ValueError, match="at most 16 characters"):
        small.ngram_scores("x" * 17)


def test_threads_sharing_a_holder_get_the_same_results(holder, seed_texts, monkeypatch):
    import concurrent.futures

    import transforms.language as language

    paragraphs = [p for text in seed_texts.values() for p in text.split("\n") if len(p) > 40]
    texts = [*paragraphs, *seed_texts.values()]

    def results(h, text):
        count, scores = h.ngram_scores(text[:400])
        return detect_language(text, h), detect_languages(text, h), count, scores.tolist()

    alone = [results(holder, t) for t in texts]
    monkeypatch.setattr(language, "_MAX_CACHED_WORDS", 2500)  # refills while threads run; holds a 4,000-character sample
    shared = DetectorHolder()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda t: results(shared, t), texts * 4))
    assert [r[:3] for r in together] == [r[:3] for r in alone * 4]
    assert all(np.allclose(t[3], a[3]) for t, a in zip(together, alone * 4))  # every score row its word's


def test_certain_naive_bayes_names_langdetects_language(holder):
    """Where naive Bayes is certain, langdetect's trials are skipped: on every dev text and paragraph
    where that happens, langdetect names the same language; where it does not, langdetect decides."""
    texts = [record["text"] for record in _DEV.values()]
    texts += [p for text in texts for p in text.split("\n") if len(p) > 30]
    certain = uncertain = 0
    for text in texts:
        sample = text_for_detection(text)
        code = certain_language(sample, holder)
        found = detect_language(text, holder, min_chars=1, min_score=0.0)
        if code is not None:
            certain += 1
            assert found == (code, 1.0)
            assert holder.probabilities(sample)[0].lang.split("-")[0] == code, text
        elif holder.ngram_scores(detector_text(sample, LANGDETECT_MAX_TEXT_LENGTH))[0]:  # langdetect has features
            uncertain += 1
            best = holder.probabilities(sample)[0]
            assert found == (best.lang.split("-")[0], round(best.prob, 4)), text
    assert certain > 100 and uncertain > 5


def test_a_text_in_two_languages_is_left_to_langdetect(holder):
    """Over a long text two thirds in one language and a third in another, the larger part's naive
    Bayes lead grows with length; each ~400-character window names its own language, so the text is
    not certain and gets langdetect's split probability (which ``min_score`` can then refuse)."""
    by_language: dict[str, list[str]] = {}
    for record in _DEV.values():
        by_language.setdefault(record["language"], []).append(record["text"].replace("\n", " "))
    halves = {code: " ".join(parts) for code, parts in by_language.items() if sum(map(len, parts)) >= 1600}
    assert len(halves) >= 6
    scores = []
    for first, second in itertools.permutations(sorted(halves), 2):
        # A third in the second language (two windows' worth), in one paragraph: no paragraph detection to help.
        text = halves[first] + " " + halves[second][:halves[second].index(" ", 800)]
        sample = text_for_detection(text)
        assert certain_language(sample, holder) is None, (first, second)
        best = holder.probabilities(sample)[0]
        assert detect_language(text, holder, min_score=0.0) == (best.lang.split("-")[0], round(best.prob, 4))
        scores.append(best.prob)
    assert min(scores) < 0.9  # langdetect's trials split on some of them


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Cc")), min_size=1, max_size=60),
                max_size=200),
       st.integers(min_value=20, max_value=600))
def test_windows_cut_a_text_after_spaces_without_changing_its_ngrams(holder, words, size):
    """The windows are the text, in order, none empty; cut after spaces, their n-grams are the whole's."""
    from transforms.language import _windows

    text = detector_text(" ".join(words), LANGDETECT_MAX_TEXT_LENGTH)
    windows = _windows(text, size)
    assert "".join(windows) == text and all(windows)
    assert len(windows) <= max(2, -(-len(text) // size))
    if all(window.endswith(" ") for window in windows[:-1]):  # cut after spaces, as in spaced scripts
        assert sum(holder.ngram_scores(window)[0] for window in windows) == holder.ngram_scores(text)[0]


def test_windows_of_an_article_are_cut_after_spaces():
    from transforms.language import _windows

    french = [record["text"] for record in _DEV.values() if record["language"] == "fr"]
    text = detector_text(" ".join(french), LANGDETECT_MAX_TEXT_LENGTH)
    windows = _windows(text, 400)
    assert len(windows) == -(-len(text) // 400) >= 3 and all(window.endswith(" ") for window in windows[:-1])
    assert max(map(len, windows)) < 400 + 40


_CHINESE = ("国家统计局今天发布的数据显示，今年前三季度全国居民人均可支配收入比上年同期名义增长百分之五点三。"
            "专家表示，消费市场继续恢复，服务消费增长较快，但外部环境依然复杂严峻，需要进一步扩大内需。"
            "市政府昨天召开新闻发布会，宣布将在明年年底前新建三条地铁线路，总投资超过八百亿元。"
            "据当地气象部门介绍，受冷空气影响，本周末北方大部分地区气温将下降八到十度，并伴有大风天气。")
_JAPANESE = ("政府は今日、来年度の予算案について閣議で決定したと発表しました。首相は記者会見で、物価の上昇に"
             "対応するため、家計への支援を続ける考えを示しました。気象庁によりますと、週末にかけて各地で"
             "雪が降る見込みで、交通機関への影響に注意するよう呼びかけています。")


def test_a_text_in_two_unspaced_scripts_is_left_to_langdetect(holder):
    """Chinese and Japanese have no spaces to cut at: the windows are cut anyway, so a Chinese text
    with a Japanese third is not taken as certain, while each language alone is."""
    chinese = (_CHINESE * 4)[:800]
    japanese = (_JAPANESE * 4)[:400]
    assert certain_language(text_for_detection(chinese), holder) == "zh"
    assert certain_language(text_for_detection(japanese * 2), holder) == "ja"
    assert certain_language(text_for_detection(chinese + japanese), holder) is None


def test_log_probabilities_are_langdetect_smoothed_probabilities(holder):
    """Computed in place (no temporaries): the same float32 values as the plain expression."""
    expected = np.log(holder.probs.astype(np.float32) + np.float32(0.5 / 10_000))
    assert holder.log_probs.dtype == np.float32 and np.array_equal(holder.log_probs, expected)


@pytest.fixture()
def three_profiles(tmp_path):
    """A copy of three of langdetect's profiles, and a directory for their prebuilt tables."""
    import shutil

    from langdetect.detector_factory import PROFILES_DIRECTORY

    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for name in ("de", "en", "fr"):
        shutil.copy(f"{PROFILES_DIRECTORY}/{name}", profiles / name)
    return str(profiles), str(tmp_path / "prebuilt")


def test_prebuilt_tables_are_the_tables_built_from_the_profiles(three_profiles):
    from transforms.language import build_profile_tables, read_prebuilt_tables, write_prebuilt_tables

    profiles, target = three_profiles
    assert read_prebuilt_tables(profiles, target) is None  # none written yet
    write_prebuilt_tables(profiles, target)
    read, built = read_prebuilt_tables(profiles, target), build_profile_tables(profiles)
    assert read.codes == built.codes == ("de", "en", "fr")
    assert read.ngram_row == built.ngram_row and read.normalize_table == built.normalize_table
    for matrix, expected in ((read.probs, built.probs), (read.log_probs, built.log_probs)):
        assert type(matrix) is np.ndarray and matrix.dtype == expected.dtype and np.array_equal(matrix, expected)
        assert not matrix.flags.writeable


def test_tables_written_again_leave_a_reader_its_own(three_profiles):
    """Other tables written over those a process holds: it keeps reading the ones it mapped, a new
    reader gets the new ones, and only the new matrices stay on disk."""
    import os
    import shutil

    from transforms.language import build_profile_tables, read_prebuilt_tables, write_prebuilt_tables

    profiles, target = three_profiles
    write_prebuilt_tables(profiles, target)
    held, first = read_prebuilt_tables(profiles, target), build_profile_tables(profiles)
    from langdetect.detector_factory import PROFILES_DIRECTORY

    os.remove(f"{profiles}/de")
    shutil.copy(f"{PROFILES_DIRECTORY}/it", f"{profiles}/it")  # other profiles: other matrices
    write_prebuilt_tables(profiles, target)
    assert np.array_equal(held.probs, first.probs) and held.codes == ("de", "en", "fr")
    fresh = read_prebuilt_tables(profiles, target)
    assert fresh.codes == ("en", "fr", "it") and np.array_equal(fresh.probs, build_profile_tables(profiles).probs)
    assert len([name for name in os.listdir(target) if name.endswith(".npy")]) == 2


def test_prebuilt_tables_of_other_profiles_or_code_are_not_used(three_profiles, caplog, monkeypatch):
    from langdetect.detector_factory import PROFILES_DIRECTORY

    import transforms.language as language

    profiles, target = three_profiles
    language.write_prebuilt_tables(profiles, target)
    assert language.read_prebuilt_tables(PROFILES_DIRECTORY, target) is None  # another directory
    for changed in ("code", "numpy"):  # other code (another format), another numpy
        with monkeypatch.context() as patch:
            if changed == "numpy":
                patch.setattr(np, "__version__", "0.0")
            else:
                patch.setattr(language, "__file__", f"{profiles}/fr")  # a source that hashes otherwise
            assert language.read_prebuilt_tables(profiles, target) is None
    assert language.read_prebuilt_tables(profiles, target) is not None
    with open(f"{profiles}/fr", "a", encoding="utf-8") as file:
        file.write(" ")  # the profiles changed since (a new langdetect)
    with caplog.at_level("INFO", logger="transforms.language"):
        assert language.read_prebuilt_tables(profiles, target) is None
    assert "not of langdetect's profiles and this code as installed" in caplog.text


@pytest.mark.parametrize("damaged", ["index.pickle", "probs", "log_probs"])
def test_damaged_prebuilt_tables_are_read_from_the_profiles_instead(three_profiles, damaged, monkeypatch, caplog):
    import os
    import pickle

    import transforms.language as language

    profiles, target = three_profiles
    language.write_prebuilt_tables(profiles, target)
    with open(f"{target}/index.pickle", "rb") as file:
        names = pickle.load(file)["matrices"]
    path = f"{target}/{names.get(damaged, damaged)}"
    with open(path, "r+b") as file:  # cut short: in the header, or halfway through the matrix
        file.truncate(100 if damaged == "index.pickle" else os.path.getsize(path) // 2)
    with caplog.at_level("WARNING", logger="transforms.language"):
        assert language.read_prebuilt_tables(profiles, target) is None
    assert "prebuilt language tables" in caplog.text and "not read" in caplog.text
    monkeypatch.setattr(language, "PREBUILT_DIRECTORY", target)
    language.profile_tables.cache_clear()
    try:
        small = DetectorHolder(profiles=profiles)  # built from the profiles: the same detector
        assert small.codes == ["de", "en", "fr"] and detect_language("Le chat noir dort sur le canapé du salon.",
                                                                     small)[0] == "fr"
    finally:
        language.profile_tables.cache_clear()


def test_make_install_builds_the_tables_once():
    """``python -m transforms.language`` (``make install``) leaves tables the detector takes; run
    again, it keeps them."""
    import subprocess
    import sys

    from langdetect.detector_factory import PROFILES_DIRECTORY

    from transforms.language import read_prebuilt_tables

    for _ in range(2):
        completed = subprocess.run([sys.executable, "-m", "transforms.language"], cwd=ROOT, capture_output=True,
                                   text=True, timeout=120)
        assert completed.returncode == 0, completed.stderr
    assert "are up to date" in completed.stdout
    assert read_prebuilt_tables(PROFILES_DIRECTORY) is not None


def test_detector_takes_prebuilt_tables_when_they_match(three_profiles, monkeypatch):
    import transforms.language as language

    profiles, target = three_profiles
    language.write_prebuilt_tables(profiles, target)
    monkeypatch.setattr(language, "PREBUILT_DIRECTORY", target)
    monkeypatch.setattr(language, "build_profile_tables", lambda directory: pytest.fail("built, not read"))
    language.profile_tables.cache_clear()
    try:
        small = DetectorHolder(profiles=profiles)
        assert small.codes == ["de", "en", "fr"]
        assert detect_language("Der Hund bellt laut im Garten hinter dem alten Haus.", small)[0] == "de"
    finally:
        language.profile_tables.cache_clear()


def test_tables_that_cannot_be_written_do_not_fail_the_install(tmp_path, monkeypatch, capsys):
    import transforms.language as language

    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")  # no directory can be made under it, whoever runs this
    monkeypatch.setattr(language, "PREBUILT_DIRECTORY", str(blocked / "language"))
    language.main()
    assert "language tables not written" in capsys.readouterr().err
