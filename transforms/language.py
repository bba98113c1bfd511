"""Language detection on the cleaned body: seeded langdetect, with a score, ``und`` when undecidable,
and the share of each language among the body's paragraphs."""
from __future__ import annotations

import functools
import re
from typing import Any, Optional

import apache_beam as beam
import numpy as np

from transforms.records import Article, CountFn
from transforms.stage import apply_stage

UNDETERMINED = "und"
LANGDETECT_SEED = 0
# langdetect only needs a few thousand characters; more costs time and changes nothing.
MAX_DETECT_CHARS = 4000

_NOISE_RE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|\d+", re.IGNORECASE)
_PARAGRAPH_RE = re.compile(r"[^\n]+")
# langdetect is unreliable on fewer letters than this (a caption, a one-line quote): such
# paragraphs are not detected on their own.
MIN_PARAGRAPH_LETTERS = 50
# A paragraph's best guess below this probability is not trusted either.
MIN_PARAGRAPH_SCORE = 0.9
# Cost bound: at most this many paragraph detections per article (a langdetect call costs about
# the same whatever the length); beyond, runs of consecutive paragraphs are detected together.
MAX_PARAGRAPH_DETECTIONS = 8
# langdetect averages 7 random trials; for a paragraph of 50+ letters, 3 give the same decisions
# on the dev sets' 1478 paragraphs but one, at 60% of the time.
PARAGRAPH_TRIALS = 3
# Paragraphs are first scored deterministically on langdetect's own n-gram profiles (naive Bayes
# over every n-gram of their first NAIVE_BAYES_CHARS characters). When that names the body's
# language with a margin of at least NAIVE_BAYES_MARGIN (log-likelihood per n-gram over the
# runner-up), langdetect's random trials are skipped: on the dev sets' 1,312 detectable paragraphs
# it agreed with langdetect on all of them, and 1,305 clear the margin.
NAIVE_BAYES_CHARS = 400
NAIVE_BAYES_MARGIN = 0.1


class DetectorHolder:
    """A langdetect factory with its profiles loaded; weak-referenceable for ``Shared``."""

    def __init__(self, seed: int = LANGDETECT_SEED):
        from langdetect.detector_factory import DetectorFactory, PROFILES_DIRECTORY

        self.factory = DetectorFactory()
        self.factory.load_profile(PROFILES_DIRECTORY)
        self.factory.set_seed(seed)
        # The profiles as one matrix of log P(n-gram | language), smoothed as langdetect does (~20 MB).
        grams = self.factory.word_lang_prob_map
        self.ngram_row = {gram: row for row, gram in enumerate(grams)}
        self.log_probs = np.log(np.array(list(grams.values()), dtype=np.float32) + np.float32(0.5 / 10_000))
        self.languages = [code.split("-")[0] for code in self.factory.langlist]
        self.normalize_table = _normalize_table()

    def detector(self, text: str, trials: Optional[int] = None):
        """A seeded langdetect Detector holding ``text``, whose n-grams come from ``ngrams_of`` (the
        same list as langdetect's per-character extraction, in a fraction of the time)."""
        detector = self.factory.create()
        if trials is not None:
            detector.n_trial = trials
        detector.append(text)
        vocabulary = detector.word_lang_prob_map
        detector._extract_ngrams = lambda: ngrams_of(detector.text, vocabulary, self.normalize_table)
        return detector


def _normalize_table() -> dict[int, str]:
    """langdetect's per-character normalisation as a str.translate table. It only changes
    characters of the Basic Multilingual Plane (checked over all of Unicode in the tests)."""
    from langdetect.utils.ngram import NGram

    table = {}
    for code in range(0x10000):
        normal = NGram.normalize(chr(code))
        if normal != chr(code):
            table[code] = normal
    return table


def ngrams_of(text: str, vocabulary, normalize_table: dict[int, str]) -> list[str]:
    """The n-grams langdetect 1.0.9's ``Detector._extract_ngrams`` gives for ``text``, in its order:
    at each character of the normalised text, its 1-, 2- and 3-gram ending there (within one
    space-delimited word, the spaces around it included), skipped after two capitals in a row, kept
    when in ``vocabulary``. Tested equal to langdetect's own on arbitrary text."""
    found: list[str] = []
    keep = found.append
    words = text.translate(normalize_table).split(" ")
    last = len(words) - 1
    for index, word in enumerate(words):
        if not word:
            continue
        padded = " " + word + (" " if index < last else "")
        previous = " "
        for end in range(1, len(padded)):
            char = padded[end]
            if char.isupper() and previous.isupper():
                previous = char
                continue
            previous = char
            if char != " " and char in vocabulary:
                keep(char)
            gram = padded[end - 1:end + 1]
            if gram in vocabulary:
                keep(gram)
            if end >= 2:
                gram = padded[end - 2:end + 1]
                if gram in vocabulary:
                    keep(gram)
    return found


def naive_bayes_language(text: str, holder: DetectorHolder) -> tuple[str, float]:
    """(language, margin): the language whose profile gives the text's n-grams the highest likelihood,
    and its lead over the runner-up in log-likelihood per n-gram; ("und", 0.0) without n-grams.
    Deterministic, and cheaper than langdetect's sampled trials."""
    detector = holder.detector(text_for_detection(text[:NAIVE_BAYES_CHARS]))
    detector.cleaning_text()
    rows = [holder.ngram_row[gram] for gram in detector._extract_ngrams()]  # langdetect 1.0.9's n-grams
    if not rows:
        return UNDETERMINED, 0.0
    scores = holder.log_probs[rows].sum(axis=0)
    second, best = np.argpartition(scores, -2)[-2:]
    if scores[second] > scores[best]:
        best, second = second, best
    return holder.languages[best], float(scores[best] - scores[second]) / len(rows)


def text_for_detection(text: str) -> str:
    """URLs, e-mails and numbers removed; text mostly in capitals lower-cased (langdetect
    mistakes ALL CAPS for other languages)."""
    text = _NOISE_RE.sub(" ", text[: MAX_DETECT_CHARS * 2])
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > 0.5 * len(letters):
        text = text.lower()
    return text[:MAX_DETECT_CHARS]


def detect_language(text: str, holder: DetectorHolder, min_chars: int = 20, min_score: float = 0.5,
                    quick: bool = False) -> tuple[str, Optional[float]]:
    """(ISO 639-1 code, probability), or ("und", None) for text with fewer than ``min_chars``
    letters, and ("und", score) when the best guess is below ``min_score``. ``quick``: fewer
    random trials (for paragraphs)."""
    sample = text_for_detection(text)
    if sum(ch.isalpha() for ch in sample) < min_chars:
        return UNDETERMINED, None
    from langdetect.lang_detect_exception import LangDetectException

    detector = holder.detector(sample, PARAGRAPH_TRIALS if quick else None)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return UNDETERMINED, None
    code = best.lang.split("-")[0]  # zh-cn / zh-tw -> zh
    if best.prob < min_score:
        return UNDETERMINED, round(best.prob, 4)
    return code, round(best.prob, 4)


def letter_count(text: str) -> int:
    """Letters that count for detection: URLs, e-mails and digits excluded."""
    return sum(ch.isalpha() for ch in _NOISE_RE.sub(" ", text))


def detection_units(text: str, max_units: int = MAX_PARAGRAPH_DETECTIONS) -> list[tuple[str, int]]:
    """(text, letters) of the paragraphs that have letters; when more than ``max_units`` of them
    are long enough to detect, ``max_units`` runs of consecutive paragraphs with about as many
    letters each instead."""
    paragraphs = [(found.group(), letter_count(found.group())) for found in _PARAGRAPH_RE.finditer(text)]
    paragraphs = [(paragraph, n) for paragraph, n in paragraphs if n]
    if sum(n >= MIN_PARAGRAPH_LETTERS for _, n in paragraphs) <= max_units:
        return paragraphs
    total = sum(n for _, n in paragraphs)
    groups: list[list[tuple[str, int]]] = [[] for _ in range(max_units)]
    before = 0
    for paragraph, letters in paragraphs:
        groups[min(max_units - 1, before * max_units // total)].append((paragraph, letters))
        before += letters
    return [("\n".join(p for p, _ in group), sum(n for _, n in group)) for group in groups if group]


def detect_languages(text: str, holder: DetectorHolder, min_chars: int = 20,
                     min_score: float = 0.5) -> tuple[str, Optional[float], list[dict[str, Any]]]:
    """(language, score, shares): the body's language and the share of its letters in each
    language, measured per paragraph ([] for a body without letters).

    Paragraphs are detected quickly (``PARAGRAPH_TRIALS``); one found in another language than the
    whole body is detected again in full. Paragraphs with fewer than ``MIN_PARAGRAPH_LETTERS``
    letters, or detected below ``MIN_PARAGRAPH_SCORE``, count towards the language of the whole
    body (``detect_language``, possibly ``und``), so short lines add no spurious languages. The
    language is then the one with the largest share: when that is not the whole body's, its score
    is the letter-weighted mean probability of its paragraphs. Shares are rounded to 4 decimals,
    sorted by share (the language first among equals), then code.
    """
    language, score = detect_language(text, holder, min_chars, min_score)
    units = detection_units(text)
    total = sum(n for _, n in units)
    if not total:
        return language, score, []
    letters: dict[str, int] = {language: 0}
    weighted: dict[str, float] = {}  # letters x probability, per detected language
    for unit, n in units:
        # One paragraph: the whole-body result is already its result.
        if n < MIN_PARAGRAPH_LETTERS or len(units) == 1 or _clearly(language, unit, holder):
            letters[language] += n
            continue
        code, probability = detect_language(unit, holder, MIN_PARAGRAPH_LETTERS, MIN_PARAGRAPH_SCORE, quick=True)
        if code not in (UNDETERMINED, language):  # a second language is confirmed with all 7 trials
            code, probability = detect_language(unit, holder, MIN_PARAGRAPH_LETTERS, MIN_PARAGRAPH_SCORE)
        if code == UNDETERMINED:
            code = language
        else:
            weighted[code] = weighted.get(code, 0.0) + n * probability
        letters[code] = letters.get(code, 0) + n
    top = min(letters, key=lambda code: (-letters[code], code != language, code))
    if top != language:
        language, score = top, round(weighted[top] / letters[top], 4)
    shares = sorted(((code, round(n / total, 4)) for code, n in letters.items() if n),
                    key=lambda s: (-s[1], s[0] != language, s[0]))
    return language, score, [{"language": code, "share": share} for code, share in shares]


def _clearly(language: str, unit: str, holder: DetectorHolder) -> bool:
    """Every paragraph of the unit (one, or a run of them) is clearly in ``language``."""
    for paragraph in _PARAGRAPH_RE.findall(unit):
        if letter_count(paragraph[:NAIVE_BAYES_CHARS]) < MIN_PARAGRAPH_LETTERS:
            continue
        code, margin = naive_bayes_language(paragraph, holder)
        if code != language or margin < NAIVE_BAYES_MARGIN:
            return False
    return True


def tag_language(article: Article, count: CountFn, holder: DetectorHolder,
                 min_chars: int = 20, min_score: float = 0.5) -> Article:
    article.language, article.language_score, article.languages = detect_languages(
        article.text, holder, min_chars, min_score)
    count(f"language_{article.language}", 1)
    count("multilingual", int(len(article.languages) > 1))
    return article


class DetectLanguage(beam.PTransform):
    """Articles -> articles with ``language``, ``language_score`` and ``languages``; ``.articles`` and ``.rejects``."""

    def __init__(self, min_chars: int = 20, min_score: float = 0.5):
        super().__init__()
        self.min_chars = min_chars
        self.min_score = min_score

    def expand(self, articles):
        fn = functools.partial(tag_language, min_chars=self.min_chars, min_score=self.min_score)
        return apply_stage(articles, "language", fn, DetectorHolder)
