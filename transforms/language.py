"""Language detection on the cleaned body: seeded langdetect, with a score, ``und`` when undecidable,
and the share of each language among the body's paragraphs."""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import json
import logging
import math
import os
import pickle
import random
import re
import sys
import threading
import uuid
from typing import Any, Callable, Optional, Sequence, Union

try:
    import fcntl
except ImportError:  # Windows: writers of the prebuilt tables do not take turns
    fcntl = None

import apache_beam as beam
import numpy as np

from transforms.records import Article, CountFn
from transforms.stage import apply_stage

LOG = logging.getLogger(__name__)
UNDETERMINED = "und"
LANGDETECT_SEED = 0
# langdetect's default number of random trials per detection.
LANGDETECT_TRIALS = 7
# langdetect's default cut of the text it detects on (Detector.max_text_length).
LANGDETECT_MAX_TEXT_LENGTH = 10_000
# langdetect only needs a few thousand characters; more costs time and changes nothing.
MAX_DETECT_CHARS = 4000

_NOISE_RE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|\d+", re.IGNORECASE)
# The same without the e-mail branch (its backtracking is most of the cost), for text without '@';
# and its last branch alone, for text without '://' or 'www.' either (the alternation scans slowly).
_NOISE_NO_MAIL_RE = re.compile(r"https?://\S+|www\.\S+|\d+", re.IGNORECASE)
_DIGITS_RE = re.compile(r"\d+")
_WWW_RE = re.compile(r"[wW]{3}\.")  # 'www.' in any case: under IGNORECASE 'w' matches only 'w' and 'W'
_PARAGRAPH_RE = re.compile(r"[^\n]+")
# What langdetect's per-character loops test: a run of spaces, 'A' <= ch <= 'z', and ch >= U+0300
# (its exception for the Latin Extended Additional block compares a block number with a name, so
# it never applies).
_SPACE_RUN_RE = re.compile(" {2,}")
_LATIN_RE = re.compile("[A-z]")
_NON_LATIN_RE = re.compile("[\u0300-\U0010ffff]")
# The diacritical marks langdetect's normalize_vi composes with a preceding letter.
_VIETNAMESE_MARK_RE = re.compile("[\u0300\u0301\u0303\u0309\u0323]")
# Bound on each of DetectorHolder's word caches (entries of ~200 and ~700 bytes).
_MAX_CACHED_WORDS = 50_000
# Where ``make install`` writes the detector's tables (``write_prebuilt_tables``).
PREBUILT_DIRECTORY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "prebuilt", "language")
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
# A text is decided without langdetect's trials, its best language's probability rounded to 1.0,
# when naive Bayes is certain of it: it leads by NAIVE_BAYES_MARGIN and by at least ln(20,000) in
# all (the runner-up's posterior under 0.00005), and names it by that margin in each window (halves,
# or pieces of about NAIVE_BAYES_CHARS characters) with MIN_WINDOW_LETTERS letters. The
# windows keep a text in two languages for langdetect: over a whole mixed text the larger
# language's lead grows with length, while langdetect's trials may split (e.g. 0.7143), which
# --min_language_score is there to catch. On 1,116 two-sentence texts in two languages, the
# whole's margin alone was certain of 550 (143 of them below 0.9 by langdetect), the windows of
# 62 (3); of 266 texts in one language, of 234 and 223 (all 1.0 by langdetect).
CERTAIN_LEAD = math.log(20_000)
# A body is in one language without a pass of its own when its paragraphs long enough to judge all
# name it clearly, are certain of it together, and their units hold this share of its letters
# (so short lines in another language cannot be most of it).
CLEAR_PARAGRAPHS_SHARE = 0.8
MIN_WINDOW_LETTERS = 30
# Letters are counted in numpy from this many characters on (a body's sample of 4,000 characters:
# a tenth of the time of a Python loop over them); shorter texts loop, cheaper than numpy's setup.
_NUMPY_COUNT_CHARS = 200


class DetectorHolder:
    """langdetect's language profiles, loaded as matrices, and its seed; weak-referenceable for ``Shared``."""

    def __init__(self, seed: int = LANGDETECT_SEED, profiles: Optional[str] = None):
        from langdetect.detector_factory import PROFILES_DIRECTORY

        # langdetect's language codes (zh-cn, zh-tw), the row of each n-gram, P(n-gram | language) as
        # one matrix (39 MB, where langdetect's own map of Python lists takes about 110 MB), the same
        # as smoothed log-probabilities (~20 MB), and the normalisation table.
        tables = profile_tables(profiles or PROFILES_DIRECTORY)
        self.codes = list(tables.codes)
        self.ngram_row, self.probs, self.log_probs = tables.ngram_row, tables.probs, tables.log_probs
        self.languages = [code.split("-")[0] for code in self.codes]
        self.normalize_table = tables.normalize_table
        self.seed = seed
        # Padded word -> its n-grams; and -> (number of n-grams, row of ``word_log_probs`` holding their
        # summed log-probabilities): words repeat, so most are looked up rather than extracted again.
        # A worker process may run bundles in several threads (Dataflow does): the rows are
        # written and reused under a lock.
        self.word_ngrams: dict[str, tuple[str, ...]] = {}
        self.word_scores: dict[str, tuple[int, int]] = {}
        self.word_log_probs = np.empty((_MAX_CACHED_WORDS, len(self.codes)))
        self._scores_lock = threading.Lock()

    def probabilities(self, text: str, trials: int = LANGDETECT_TRIALS) -> list:
        """langdetect 1.0.9's ``Detector.get_probabilities()`` for ``text``, seeded: the same
        languages and probabilities (tested equal on arbitrary text), in a fraction of the time.
        Text preparation and n-gram extraction are ``detector_text`` and ``ngrams_of``; each round of
        sampled updates is a few numpy operations instead of a Python loop over 55 languages.
        Raises langdetect's ``LangDetectException`` for text without n-grams, as it does."""
        from langdetect.detector import Detector
        from langdetect.lang_detect_exception import ErrorCode, LangDetectException
        from langdetect.language import Language

        grams = self.ngrams(detector_text(text, LANGDETECT_MAX_TEXT_LENGTH))
        if not grams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        generator = random.Random(self.seed)  # one per call, as langdetect's Detector: threads may share the holder
        ngram_row, probs = self.ngram_row, self.probs
        getrandbits, length = generator.getrandbits, len(grams)
        bits = length.bit_length()

        def choice() -> str:
            """``generator.choice(grams)``: Random.choice takes the top bits of getrandbits until
            they fall under the length (its _randbelow), the same draws in one call."""
            drawn = getrandbits(bits)
            while drawn >= length:
                drawn = getrandbits(bits)
            return grams[drawn]

        sampled = len(self.languages)
        multiply = np.multiply.reduce
        total = np.zeros(sampled)
        for _ in range(trials):
            prob = np.full(sampled, 1.0 / sampled)
            weight = (Detector.ALPHA_DEFAULT + generator.gauss(0.0, 1.0) * Detector.ALPHA_WIDTH) / Detector.BASE_FREQ
            # langdetect normalises after the first update and then after every fifth, and stops
            # when one language passes CONV_THRESHOLD or after ITERATION_LIMIT updates.
            updates, done = 1, 0
            while True:
                factors = probs[[ngram_row[choice()] for _ in range(updates)]]
                factors += weight
                # In order, rounded as langdetect's products are: prob * f1, then * f2, ... (IEEE
                # products commute, and a multiply reduction over rows runs row after row).
                factors[0] *= prob
                prob = multiply(factors, axis=0)
                done += updates
                values = prob.tolist()
                norm = sum(values)  # Python's sum, as langdetect's (numpy's is pairwise)
                prob /= norm
                # Division by the same positive number keeps the order: the largest quotient is max / norm.
                if max(values) / norm > Detector.CONV_THRESHOLD or done > Detector.ITERATION_LIMIT:
                    break
                updates = 5
            total += prob / trials
        found = [Language(code, p) for code, p in zip(self.codes, total.tolist()) if p > Detector.PROB_THRESHOLD]
        found.sort(reverse=True)
        return found

    def ngrams(self, text: str) -> list[str]:
        if len(self.word_ngrams) > _MAX_CACHED_WORDS:
            self.word_ngrams.clear()
        return ngrams_of(text, self.ngram_row, self.normalize_table, self.word_ngrams)

    def ngram_scores(self, text: str) -> tuple[int, np.ndarray]:
        """(number of n-grams, their log-probabilities summed per language) of ``ngrams_of(text)``,
        for a text of at most 2 x ``_MAX_CACHED_WORDS`` characters (callers pass samples of a few
        thousand)."""
        words, count, found = self.word_scores, 0, []
        new_words_at_most = (len(text) + 1) // 2
        if new_words_at_most > _MAX_CACHED_WORDS:
            raise ValueError(f"ngram_scores takes at most {2 * _MAX_CACHED_WORDS} characters, got {len(text)}")
        with self._scores_lock:
            if len(words) + new_words_at_most > _MAX_CACHED_WORDS:
                words.clear()  # before the words, not among them: no row this call sums is overwritten
            for key in word_keys(text, self.normalize_table):
                entry = words.get(key)
                if entry is None:
                    rows = [self.ngram_row[gram] for gram in _word_ngrams(padded_word(key), self.ngram_row)]
                    entry = (len(rows), len(words))
                    self.word_log_probs[entry[1]] = self.log_probs[rows].sum(axis=0, dtype=np.float64)
                    words[key] = entry  # only once its row is written
                count += entry[0]
                found.append(entry[1])
            return count, self.word_log_probs[found].sum(axis=0)


def detector_text(text: str, max_length: int) -> str:
    """The text langdetect 1.0.9's ``Detector.append`` then ``cleaning_text`` leave of ``text``:
    URLs and e-mail addresses removed, Vietnamese diacritics composed, cut to ``max_length``,
    runs of spaces collapsed, and Latin letters dropped from text mostly in another script."""
    from langdetect.detector import Detector
    from langdetect.utils.ngram import NGram

    # Each substitution only runs where it can match.
    if "://" in text:
        text = Detector.URL_RE.sub(" ", text)
    if "@" in text:
        text = Detector.MAIL_RE.sub(" ", text)
    if _VIETNAMESE_MARK_RE.search(text):
        text = NGram.normalize_vi(text)
    text = text[:max_length]
    if "  " in text:
        text = _SPACE_RUN_RE.sub(" ", text)
    non_latin = len(_NON_LATIN_RE.findall(text))
    if non_latin and 2 * (len(text) - len(_LATIN_RE.sub("", text))) < non_latin:
        text = _LATIN_RE.sub("", text)
    return text


def load_profiles(directory: str) -> tuple[tuple[str, ...], dict[str, int], np.ndarray]:
    """langdetect's profiles in ``directory`` -> (language codes, n-gram -> row, matrix of
    P(n-gram | language)), with the probabilities langdetect 1.0.9's ``DetectorFactory`` computes
    (tested equal), without its Python lists. Languages in file-name order (langdetect takes the
    directory's listing order, which varies between file systems). Read-only; about 0.2 s (a
    process reads them once, through ``profile_tables``)."""
    profiles = []
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if not name.startswith(".") and os.path.isfile(path):
            with open(path, encoding="utf-8") as file:
                profiles.append(json.load(file))
    # Rows in first-seen order, as langdetect's map fills; built without a Python step per n-gram
    # (184,000 of them: most of a worker's start-up cost of this stage).
    rows: dict[str, int] = {gram: row for row, gram in enumerate(
        dict.fromkeys(itertools.chain.from_iterable(profile["freq"] for profile in profiles)))}
    probs = np.zeros((len(rows), len(profiles)))
    for column, profile in enumerate(profiles):
        frequencies = profile["freq"]
        # langdetect knows every n-gram of a profile, and gives 1 to 3 characters a probability
        lengths = np.fromiter(map(len, frequencies), dtype=np.int64, count=len(frequencies))
        kept = (lengths >= 1) & (lengths <= 3)
        row_numbers = np.fromiter(map(rows.__getitem__, frequencies), dtype=np.int64, count=len(frequencies))
        counts = np.fromiter(frequencies.values(), dtype=np.float64, count=len(frequencies))
        # langdetect: 1.0 * freq / n_words[len - 1], the same float division
        n_words = np.array(profile["n_words"], dtype=np.float64)
        probs[row_numbers[kept], column] = counts[kept] / n_words[lengths[kept] - 1]
    probs.setflags(write=False)
    return tuple(profile["name"] for profile in profiles), rows, probs


@dataclasses.dataclass(frozen=True)
class ProfileTables:
    """What ``DetectorHolder`` reads langdetect's profiles into (see there); read-only."""

    codes: tuple[str, ...]
    ngram_row: dict[str, int]
    probs: np.ndarray
    log_probs: np.ndarray
    normalize_table: tuple[Union[int, str], ...]


def build_profile_tables(directory: str) -> ProfileTables:
    """The tables from langdetect's JSON profiles in ``directory`` (about 0.3 s)."""
    codes, ngram_row, probs = load_profiles(directory)
    # Smoothed as langdetect does, computed in place: no temporary matrices to allocate and fault in.
    log_probs = probs.astype(np.float32)
    log_probs += np.float32(0.5 / 10_000)
    np.log(log_probs, out=log_probs)
    log_probs.setflags(write=False)
    return ProfileTables(codes, ngram_row, probs, log_probs, _normalize_table())


def profiles_fingerprint(directory: str) -> str:
    """What prebuilt tables must have been built from: the profile files (name, size, modification
    time), langdetect's and numpy's versions, and this module's code (which builds and reads them:
    a change to their format is a change to it)."""
    from importlib.metadata import version

    files = [(name, (stat := os.stat(os.path.join(directory, name))).st_size, stat.st_mtime_ns)
             for name in sorted(os.listdir(directory)) if not name.startswith(".")]
    with open(__file__, "rb") as source:
        code = hashlib.sha256(source.read()).hexdigest()
    return json.dumps([code, version("langdetect"), np.__version__, os.path.abspath(directory), files])


def write_prebuilt_tables(directory: Optional[str] = None, target: str = PREBUILT_DIRECTORY) -> str:
    """Writes the tables of ``directory`` (langdetect's own by default) into ``target`` for
    ``profile_tables``: the matrices under names of their own, then the index naming them, renamed
    over the last one. A reader holds one index and the matrices it names, whatever is written
    meanwhile; writers take turns (a lock file, where ``fcntl`` is). Matrices no index names any
    more are removed. ``make install`` runs this (``python -m transforms.language``)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY

    directory = directory or PROFILES_DIRECTORY
    tables = build_profile_tables(directory)
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, ".lock"), "a+b") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        token = uuid.uuid4().hex[:16]
        names = {"probs": f"probs-{token}.npy", "log_probs": f"log_probs-{token}.npy"}
        for key, array in (("probs", tables.probs), ("log_probs", tables.log_probs)):
            _write_durably(os.path.join(target, names[key]), lambda file, a=array: np.save(file, a, allow_pickle=False))
        index = {"fingerprint": profiles_fingerprint(directory), "codes": tables.codes, "ngram_row": tables.ngram_row,
                 "normalize_table": tables.normalize_table, "shape": tables.probs.shape, "matrices": names}
        part = os.path.join(target, f"index-{token}.part")
        _write_durably(part, lambda file: pickle.dump(index, file, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(part, os.path.join(target, "index.pickle"))
        for name in os.listdir(target):
            if name.endswith((".npy", ".part")) and name not in names.values():
                try:
                    os.remove(os.path.join(target, name))
                except OSError:  # mapped by a running process, where that forbids it (Windows)
                    pass
    return target


def _write_durably(path: str, write: Callable[[Any], None]) -> None:
    with open(path, "wb") as file:
        write(file)
        file.flush()
        os.fsync(file.fileno())


def read_prebuilt_tables(directory: str, target: str = PREBUILT_DIRECTORY) -> Optional[ProfileTables]:
    """The tables ``write_prebuilt_tables`` wrote for ``directory``, its matrices mapped read-only from
    their files (their pages shared by every process that maps them); None when there are none, or
    they were built from other profiles or by other code (logged), or a file is cut short or not
    what its index says (logged). A file's bytes are not checked otherwise."""
    index_path = os.path.join(target, "index.pickle")
    if not os.path.exists(index_path):
        return None
    try:
        with open(index_path, "rb") as file:
            index = pickle.load(file)
        if index["fingerprint"] != profiles_fingerprint(directory):
            LOG.info("prebuilt language tables in %s are not of langdetect's profiles and this code as installed: "
                     "reading the profiles (`make install` builds them again)", target)
            return None
        # plain arrays over the mapping: np.memmap's own methods would run on every lookup
        probs, log_probs = (np.load(os.path.join(target, index["matrices"][key]), mmap_mode="r",
                                    allow_pickle=False).view(np.ndarray) for key in ("probs", "log_probs"))
        if probs.shape != index["shape"] or log_probs.shape != index["shape"] or probs.dtype != np.float64 \
                or log_probs.dtype != np.float32:
            raise ValueError(f"matrices of shape {probs.shape} and {log_probs.shape}, not {index['shape']}")
        return ProfileTables(tuple(index["codes"]), index["ngram_row"], probs, log_probs,
                             tuple(index["normalize_table"]))
    except Exception as exc:  # noqa: BLE001 - a damaged file: the profiles are read instead
        LOG.warning("prebuilt language tables in %s not read (%s): reading langdetect's profiles", target, exc)
        return None


@functools.lru_cache(maxsize=2)
def profile_tables(directory: str) -> ProfileTables:
    """The tables of the profiles in ``directory``: prebuilt (``make install``; about 0.03 s) or
    built now (about 0.3 s, on the path before a local run's first worker starts). Once per process."""
    return read_prebuilt_tables(directory, PREBUILT_DIRECTORY) or build_profile_tables(directory)


@functools.lru_cache(maxsize=1)
def _normalize_table() -> tuple[Union[int, str], ...]:
    """langdetect's per-character normalisation as a str.translate table: the normalised
    character of each of the Basic Multilingual Plane, or its own code where it is unchanged
    (indexing a sequence covers every character without a miss: a dict made str.translate raise
    and catch a KeyError for each letter, twice the time). Characters past the plane are out of
    range, so kept, as langdetect keeps them (checked over all of Unicode in the tests). Built
    once per process (about 0.1 s, a Python step per character)."""
    from langdetect.utils.ngram import NGram

    return tuple(code if (normal := NGram.normalize(chr(code))) == chr(code) else normal for code in range(0x10000))


def ngrams_of(text: str, vocabulary, normalize_table: Sequence[Union[int, str]],
              cache: Optional[dict[str, tuple[str, ...]]] = None) -> list[str]:
    """The n-grams langdetect 1.0.9's ``Detector._extract_ngrams`` gives for ``text``, in its order:
    at each character of the normalised text, its 1-, 2- and 3-gram ending there (within one
    space-delimited word, the spaces around it included), skipped after two capitals in a row, kept
    when in ``vocabulary``. Tested equal to langdetect's own on arbitrary text. ``cache`` maps a
    ``word_keys`` key to its n-grams; one cache serves one vocabulary."""
    cache = {} if cache is None else cache
    found: list[str] = []
    extend, cached = found.extend, cache.get
    for key in word_keys(text, normalize_table):
        grams = cached(key)
        if grams is None:
            grams = cache[key] = _word_ngrams(padded_word(key), vocabulary)
        extend(grams)
    return found


def word_keys(text: str, normalize_table: Sequence[Union[int, str]]) -> list[str]:
    """The words of the normalised text, as keys of their padded form as langdetect sees it (a
    space before, and one after but for the last): the word itself, and ' ' + word for the last."""
    words = text.translate(normalize_table).split(" ")
    keys = [word for word in words[:-1] if word]
    if words[-1]:
        keys.append(" " + words[-1])
    return keys


def padded_word(key: str) -> str:
    """The padded word of a ``word_keys`` key (words hold no space)."""
    return key if key.startswith(" ") else " " + key + " "


def _word_ngrams(padded: str, vocabulary) -> tuple[str, ...]:
    found: list[str] = []
    keep = found.append
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
    return tuple(found)


def naive_bayes_language(text: str, holder: DetectorHolder) -> tuple[str, float]:
    """(language, margin): the language whose profile gives the text's n-grams the highest likelihood,
    and its lead over the runner-up in log-likelihood per n-gram; ("und", 0.0) without n-grams.
    Deterministic, and cheaper than langdetect's sampled trials."""
    return _naive_bayes_of_sample(text_for_detection(text[:NAIVE_BAYES_CHARS]), holder)[:2]


def _naive_bayes_of_sample(sample: str, holder: DetectorHolder) -> tuple[str, float, int]:
    """``naive_bayes_language`` of a text already through ``text_for_detection``, and its number of n-grams."""
    count, scores = holder.ngram_scores(detector_text(sample, LANGDETECT_MAX_TEXT_LENGTH))  # langdetect's n-grams
    if not count:
        return UNDETERMINED, 0.0, 0
    return (*_best_of(scores, count, holder), count)


def certain_language(sample: str, holder: DetectorHolder) -> Optional[str]:
    """The language naive Bayes is certain of (``CERTAIN_LEAD``) in a text already through
    ``text_for_detection``, else None: the whole text's score must lead, and each window's (see
    ``_windows``) must name the same language, so a text in two languages goes to langdetect."""
    text = detector_text(sample, LANGDETECT_MAX_TEXT_LENGTH)
    count, total, language = 0, None, None
    for window in _windows(text, NAIVE_BAYES_CHARS):
        # n-grams stop at spaces (langdetect's NGram) and windows end after one: the windows'
        # n-grams are the text's (in scripts without spaces, but for the few across a cut).
        window_count, scores = holder.ngram_scores(window)
        if not window_count:
            continue
        count += window_count
        total = scores if total is None else total + scores
        if alpha_count(window) < MIN_WINDOW_LETTERS:
            continue
        code, margin = _best_of(scores, window_count, holder)
        if margin < NAIVE_BAYES_MARGIN or language not in (None, code):
            return None
        language = code
    if total is None:
        return None
    code, margin = _best_of(total, count, holder)
    if language not in (None, code) or margin < NAIVE_BAYES_MARGIN or margin * count < CERTAIN_LEAD:
        return None
    return code


def _windows(text: str, size: int) -> list[str]:
    """``text`` cut into halves, or into as many pieces of about ``size`` characters as it takes
    (of about equal length, so no piece is a short remainder); cut after a space near each cut
    point, or at the point in text without spaces (Chinese, Japanese, Thai)."""
    pieces = max(2, -(-len(text) // size))
    windows, start = [], 0
    for piece in range(1, pieces):
        point = max(start, len(text) * piece // pieces)
        space = text.find(" ", point, point + size // 2)
        end = point if space < 0 else space + 1
        if end > start:
            windows.append(text[start:end])
            start = end
    if start < len(text):
        windows.append(text[start:])
    return windows


def _best_of(scores: np.ndarray, count: int, holder: DetectorHolder) -> tuple[str, float]:
    """(language, lead over the runner-up per n-gram) of log-likelihoods summed over ``count`` n-grams."""
    second, best = np.argpartition(scores, -2)[-2:]
    if scores[second] > scores[best]:
        best, second = second, best
    return holder.languages[best], float(scores[best] - scores[second]) / count


@functools.lru_cache(maxsize=1)
def _letter_classes() -> np.ndarray:
    """Per character of the Basic Multilingual Plane: 0, 1 for a letter (``str.isalpha``), 3 for a
    capital one (also ``str.isupper``). Built once per process (about 10 ms)."""
    return np.fromiter((2 * char.isupper() + 1 if char.isalpha() else 0 for char in map(chr, range(0x10000))),
                       dtype=np.uint8, count=0x10000)


def _classes_of(text: str) -> Optional[np.ndarray]:
    """``_letter_classes`` of each character of a long text in the plane, else None (count in Python)."""
    if len(text) < _NUMPY_COUNT_CHARS:
        return None
    units = text.encode("utf-16-le", "surrogatepass")  # a lone surrogate as itself: no letter
    if len(units) != 2 * len(text):  # characters past the plane, in two units each
        return None
    return _letter_classes()[np.frombuffer(units, dtype=np.uint16)]


def alpha_count(text: str) -> int:
    """``sum(map(str.isalpha, text))``, in numpy for long texts (see ``letter_count`` for the letters
    that count for detection)."""
    classes = _classes_of(text)
    return sum(map(str.isalpha, text)) if classes is None else int(np.count_nonzero(classes))


def alpha_and_upper_counts(text: str) -> tuple[int, int]:
    """(letters, capital letters) of ``text``, as ``str.isalpha`` and ``str.isupper`` count them."""
    classes = _classes_of(text)
    if classes is None:
        letters = list(filter(str.isalpha, text))
        return len(letters), sum(map(str.isupper, letters))
    return int(np.count_nonzero(classes)), int(np.count_nonzero(classes == 3))


def text_for_detection(text: str) -> str:
    """URLs, e-mails and numbers removed; text mostly in capitals lower-cased (langdetect
    mistakes ALL CAPS for other languages)."""
    text = without_noise(text[: MAX_DETECT_CHARS * 2])
    letters, capitals = alpha_and_upper_counts(text)
    if letters and capitals > 0.5 * letters:
        text = text.lower()
    return text[:MAX_DETECT_CHARS]


def detect_language(text: str, holder: DetectorHolder, min_chars: int = 20, min_score: float = 0.5,
                    quick: bool = False) -> tuple[str, Optional[float]]:
    """(ISO 639-1 code, probability), or ("und", None) for text with fewer than ``min_chars``
    letters, and ("und", score) when the best guess is below ``min_score``. The probability is 1.0
    where naive Bayes is certain (``certain_language``), else langdetect's; ``quick``: fewer of its
    random trials (for paragraphs)."""
    sample = text_for_detection(text)
    if alpha_count(sample) < min_chars:
        return UNDETERMINED, None
    code = certain_language(sample, holder)
    if code is not None:
        return code, 1.0
    from langdetect.lang_detect_exception import LangDetectException

    try:
        best = holder.probabilities(sample, PARAGRAPH_TRIALS if quick else LANGDETECT_TRIALS)[0]
    except (LangDetectException, IndexError):
        return UNDETERMINED, None
    code = best.lang.split("-")[0]  # zh-cn / zh-tw -> zh
    if best.prob < min_score:
        return UNDETERMINED, round(best.prob, 4)
    return code, round(best.prob, 4)


def _noise_pattern(text: str) -> re.Pattern:
    """The cheapest pattern that does what ``_NOISE_RE`` does to ``text``."""
    if "@" in text:
        return _NOISE_RE
    if "://" in text or _WWW_RE.search(text):
        return _NOISE_NO_MAIL_RE
    return _DIGITS_RE


def without_noise(text: str) -> str:
    """``text`` with its URLs, e-mail addresses and numbers replaced by a space (``_NOISE_RE``)."""
    return _noise_pattern(text).sub(" ", text)


def letter_count(text: str) -> int:
    """Letters that count for detection: URLs, e-mails and digits excluded (digits are no letters)."""
    pattern = _noise_pattern(text)
    return alpha_count(text if pattern is _DIGITS_RE else pattern.sub(" ", text))


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

    A body whose paragraphs are all clearly in one language (``_language_of_clear_paragraphs``)
    is in that language, score 1.0, without a pass over the whole body.
    """
    units = detection_units(text)
    verdicts: dict[str, Optional[ParagraphVerdict]] = {}  # each paragraph scored once

    def verdict(paragraph: str) -> Optional[ParagraphVerdict]:
        if paragraph not in verdicts:
            verdicts[paragraph] = _paragraph_verdict(paragraph, holder)
        return verdicts[paragraph]

    total = sum(n for _, n in units)
    if len(units) > 1 and total >= min_chars:
        language = _language_of_clear_paragraphs(units, verdict, holder)
        if language is not None:
            return language, 1.0, [{"language": language, "share": 1.0}]
    language, score = detect_language(text, holder, min_chars, min_score)
    if not total:
        return language, score, []
    letters: dict[str, int] = {language: 0}
    weighted: dict[str, float] = {}  # letters x probability, per detected language
    for unit, n in units:
        # One paragraph: the whole-body result is already its result.
        if n < MIN_PARAGRAPH_LETTERS or len(units) == 1 or _clearly(language, unit, verdict):
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


# (language, margin, number of n-grams, log-likelihoods per language) of a paragraph's naive Bayes.
ParagraphVerdict = tuple[str, float, int, np.ndarray]


def _paragraph_verdict(paragraph: str, holder: DetectorHolder) -> Optional[ParagraphVerdict]:
    """Naive Bayes over a paragraph's first ``NAIVE_BAYES_CHARS`` characters, or None when they
    hold fewer than ``MIN_PARAGRAPH_LETTERS`` letters (too few to judge on their own)."""
    sample = text_for_detection(paragraph[:NAIVE_BAYES_CHARS])
    if alpha_count(sample) < MIN_PARAGRAPH_LETTERS:  # letter_count of the same characters
        return None
    count, scores = holder.ngram_scores(detector_text(sample, LANGDETECT_MAX_TEXT_LENGTH))
    if not count:
        return UNDETERMINED, 0.0, 0, scores
    return (*_best_of(scores, count, holder), count, scores)


def _clearly(language: str, unit: str, verdict: Callable[[str], Optional[ParagraphVerdict]]) -> bool:
    """Every paragraph of the unit (one, or a run of them) is clearly in ``language``."""
    for paragraph in _PARAGRAPH_RE.findall(unit):
        found = verdict(paragraph)
        if found is not None and (found[0] != language or found[1] < NAIVE_BAYES_MARGIN):
            return False
    return True


def _language_of_clear_paragraphs(units: list[tuple[str, int]], verdict: Callable[[str], Optional[ParagraphVerdict]],
                                  holder: DetectorHolder) -> Optional[str]:
    """The language that every paragraph long enough to judge names clearly (``_clearly``), when
    the units holding such paragraphs have ``CLEAR_PARAGRAPHS_SHARE`` of the letters and naive
    Bayes over those paragraphs together is certain of it (``CERTAIN_LEAD``); else None. The
    body's own pass then names the same language, and each unit is clearly in it: the same
    language and shares, the score 1.0 also where short lines in other languages split
    langdetect's trials over the whole body (3 of 4,005 recombined texts, at 0.71 and 0.86)."""
    language, count, scores, covered = None, 0, None, 0
    for unit, letters in units:
        judged = False
        for paragraph in _PARAGRAPH_RE.findall(unit):
            found = verdict(paragraph)
            if found is None:
                continue
            code, margin, grams, paragraph_scores = found
            if margin < NAIVE_BAYES_MARGIN or language not in (None, code):
                return None
            language, judged, count = code, True, count + grams
            scores = paragraph_scores if scores is None else scores + paragraph_scores
        covered += letters if judged else 0
    if language is None or covered < CLEAR_PARAGRAPHS_SHARE * sum(n for _, n in units):
        return None
    code, margin = _best_of(scores, count, holder)
    return language if code == language and margin * count >= CERTAIN_LEAD else None


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


def main() -> None:
    """``make install``: builds the tables, unless those in place match the profiles and this code."""
    from langdetect.detector_factory import PROFILES_DIRECTORY

    if read_prebuilt_tables(PROFILES_DIRECTORY, PREBUILT_DIRECTORY) is not None:
        print(f"language tables in {PREBUILT_DIRECTORY} are up to date")
        return
    try:
        print(f"language tables written to {write_prebuilt_tables(target=PREBUILT_DIRECTORY)}")
    except OSError as exc:  # a read-only install: each process builds them (0.3 s), as without this step
        print(f"language tables not written ({exc}): each process will build them from langdetect's profiles",
              file=sys.stderr)


if __name__ == "__main__":
    main()
