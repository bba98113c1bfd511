"""Language detection on the cleaned body: seeded langdetect, with a score, ``und`` when undecidable."""
from __future__ import annotations

import functools
import re
from typing import Optional

import apache_beam as beam

from transforms.records import Article, CountFn
from transforms.stage import apply_stage

UNDETERMINED = "und"
LANGDETECT_SEED = 0
# langdetect only needs a few thousand characters; more costs time and changes nothing.
MAX_DETECT_CHARS = 4000

_NOISE_RE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|\d+", re.IGNORECASE)


class DetectorHolder:
    """A langdetect factory with its profiles loaded; weak-referenceable for ``Shared``."""

    def __init__(self, seed: int = LANGDETECT_SEED):
        from langdetect.detector_factory import DetectorFactory, PROFILES_DIRECTORY

        self.factory = DetectorFactory()
        self.factory.load_profile(PROFILES_DIRECTORY)
        self.factory.set_seed(seed)


def text_for_detection(text: str) -> str:
    """URLs, e-mails and numbers removed; text mostly in capitals lower-cased (langdetect
    mistakes ALL CAPS for other languages)."""
    text = _NOISE_RE.sub(" ", text[: MAX_DETECT_CHARS * 2])
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > 0.5 * len(letters):
        text = text.lower()
    return text[:MAX_DETECT_CHARS]


def detect_language(text: str, holder: DetectorHolder, min_chars: int = 20,
                    min_score: float = 0.5) -> tuple[str, Optional[float]]:
    """(ISO 639-1 code, probability), or ("und", None) for text with fewer than ``min_chars``
    letters, and ("und", score) when the best guess is below ``min_score``."""
    sample = text_for_detection(text)
    if sum(ch.isalpha() for ch in sample) < min_chars:
        return UNDETERMINED, None
    from langdetect.lang_detect_exception import LangDetectException

    detector = holder.factory.create()
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return UNDETERMINED, None
    code = best.lang.split("-")[0]  # zh-cn / zh-tw -> zh
    if best.prob < min_score:
        return UNDETERMINED, round(best.prob, 4)
    return code, round(best.prob, 4)


def tag_language(article: Article, count: CountFn, holder: DetectorHolder,
                 min_chars: int = 20, min_score: float = 0.5) -> Article:
    article.language, article.language_score = detect_language(article.text, holder, min_chars, min_score)
    count(f"language_{article.language}", 1)
    return article


class DetectLanguage(beam.PTransform):
    """Articles -> articles with ``language`` and ``language_score``; ``.articles`` and ``.rejects``."""

    def __init__(self, min_chars: int = 20, min_score: float = 0.5):
        super().__init__()
        self.min_chars = min_chars
        self.min_score = min_score

    def expand(self, articles):
        fn = functools.partial(tag_language, min_chars=self.min_chars, min_score=self.min_score)
        return apply_stage(articles, "language", fn, DetectorHolder)
