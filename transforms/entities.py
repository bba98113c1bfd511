"""Named entities with spaCy, one model per language.

Only the components NER needs run: the parser, tagger, lemmatizer and attribute ruler are
excluded; sentences come from ``senter`` (cheap) because NER follows sentence boundaries.
Models are loaded once per worker process (``Shared``), texts are batched through ``nlp.pipe``
inside ``nlp.memory_zone()`` so memory stays flat on long runs (a worker's first texts fill the
tokenizer's cache outside the zone, one thread at a time per model), and only plain records
leave the stage. A paragraph a worker has annotated lately (most of a wire copy's) is not run
through spaCy again (``EntityMemo``). Each entity gets its ``canonical`` name and mention
``count`` (``transforms.names``; titles come from the quote lexicons). Languages with no installed
model get stand-in entities from capitalised names and places (``transforms.quotes.stand_in_entities``),
``nlp_model`` ``capitalised-names``, and one warning per process naming the package to install.
"""
from __future__ import annotations

import collections
import hashlib
import logging
import os
import re
import sys
import threading
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence

import apache_beam as beam
from apache_beam.utils import shared

from transforms.lean_spacy import make_lean
from transforms.names import canonical_entities, without_leading_titles
from transforms.quotes import (STAND_IN_MODEL, load_cue_lexicon, stand_in_entities, with_aliases, with_institutions,
                              with_missed_people, with_places_by_position, with_sports_clubs)
from transforms.records import Article, CountFn, no_count
from transforms.regex_compile import charsets_compiled_once
from transforms.stage import REJECTS, BeamCounters, StageOutputs, reject_article

LOG = logging.getLogger(__name__)

DEFAULT_MODELS = {
    "fr": "fr_core_news_sm", "en": "en_core_web_sm", "de": "de_core_news_sm", "es": "es_core_news_sm",
    "it": "it_core_news_sm", "pt": "pt_core_news_sm", "nl": "nl_core_news_sm",
}
EXCLUDED_COMPONENTS = ["parser", "tagger", "morphologizer", "lemmatizer", "attribute_ruler", "trainable_lemmatizer"]
# Words a worker's tokenizer caches (spaCy's default: 10,000), filled by its first texts
# (tokenize_while_cache_fills). Each costs about 1 KB for good (its lexeme, string, cache entry):
# 20,000 words add ~20 MB per model to a worker (50,000 added 47 MB, for no gain measurable here;
# 80,000 gained nothing either on the benchmark corpus's open vocabulary).
TOKENIZER_CACHE_WORDS = 20_000
# Paragraphs longer than this go through spaCy in pieces (spaCy's own limit is 1M characters).
CHUNK_CHARS = 100_000
# What a worker's EntityMemo holds per model, at most: distinct paragraphs (a key costs about 0.2
# KB), and entities among them (about 0.22 KB each; a news paragraph has 2-3): about 25 MB.
MEMO_PARAGRAPHS = 20_000
MEMO_ENTITIES = 100_000


def parse_model_map(spec: str) -> dict[str, str]:
    """'fr=fr_core_news_sm,en=en_core_web_sm' -> {'fr': 'fr_core_news_sm', 'en': ...}."""
    models = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        language, sep, model = item.partition("=")
        if not sep or not language.strip() or not model.strip():
            raise ValueError(f"--spacy_models: expected 'lang=model[,lang=model]', got {item!r}")
        models[language.strip()] = model.strip()
    return models


def numpy_blas_ops():
    """thinc ops whose matrix products go to numpy's BLAS, on one thread.

    By default thinc multiplies with blis, whose wheel picks its kernels by CPU model and has none
    for AMD Zen 3 and later: there it runs its generic C code and NER takes about 1.5x the time.
    numpy's OpenBLAS picks AVX2/AVX-512 kernels at run time on any x86 CPU, with the same
    entities (on the seeds, the dev sets and 250 generated articles). It takes the embedding and
    encoder layers, where the time goes; the NER parser's per-step products stay on blis (spaCy
    calls it from C). One BLAS thread per process, for the rest of the process's life (a model
    stays loaded as long): the workers are the parallelism, and OpenBLAS's own threads would
    compete with them.
    """
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    return NumpyOps(use_blis=False)


def load_pipeline(model: str, spacy_defaults: bool = False):
    """Loads a spaCy pipeline with only NER and a sentence splitter, on ``numpy_blas_ops``, with a
    ``TOKENIZER_CACHE_WORDS`` cache and ``transforms.lean_spacy``'s shortcuts for words the cache
    does not hold. With ``spacy_defaults``, the same components as spaCy builds them by default
    (blis, its own cache size, every lexical attribute): what the tests compare with."""
    if spacy_defaults:
        import spacy

        nlp = spacy.load(model, exclude=EXCLUDED_COMPONENTS)
    else:
        nlp = _load_on_numpy_blas(model)
        nlp.tokenizer.max_cache_size = max(nlp.tokenizer.max_cache_size, TOKENIZER_CACHE_WORDS)
    if "tok2vec" in nlp.pipe_names and not nlp.get_pipe("tok2vec").listening_components:
        nlp.remove_pipe("tok2vec")  # fr_core_news_sm's NER embeds its own tok2vec
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if not any(name in nlp.pipe_names for name in ("senter", "parser", "sentencizer")):
        nlp.add_pipe("sentencizer", first=True)
    if not spacy_defaults:
        make_lean(nlp)
    return nlp


def import_spacy_without_its_cli() -> None:
    """``import spacy``, less its command line. spaCy's ``__init__`` imports ``spacy.cli`` (typer,
    weasel, httpx, jinja2: ~0.1 s, on the fork server's imports, the path to every run's first
    stage) for one name, ``spacy.info``, which no stage calls. While spaCy imports, stand-ins take
    the place of ``spacy.cli`` and ``spacy.cli.info``; then ``spacy.info`` imports the real
    command line when it is called, and so does any later ``import spacy.cli``."""
    if "spacy" in sys.modules:
        return
    package, module = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    package.__path__ = []
    module.info = _spacy_info
    stand_ins = {package.__name__: package, module.__name__: module}
    sys.modules.update(stand_ins)
    try:
        import spacy
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is package:
        del spacy.cli


def _spacy_info(*args, **kwargs):
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _load_on_numpy_blas(model: str):
    with charsets_compiled_once():
        import_spacy_without_its_cli()
        import spacy
        from thinc.api import get_current_ops, set_current_ops

        previous = get_current_ops()
        set_current_ops(numpy_blas_ops())  # layers keep the ops current when they are built
        try:
            return spacy.load(model, exclude=EXCLUDED_COMPONENTS)  # imports the language's module
        finally:
            set_current_ops(previous)


def model_installed(model: str) -> bool:
    import spacy.util

    return spacy.util.is_package(model) or os.path.isdir(model)


def import_model_modules(model: str) -> None:
    """Imports spaCy and the language module ``model`` is built on (most of its load: see
    ``charsets_compiled_once``) without loading it, for a worker started ahead of its work; nothing
    for a model not installed."""
    import_spacy_without_its_cli()
    if not model_installed(model):
        return
    import spacy.util

    path = spacy.util.get_package_path(model) if spacy.util.is_package(model) else Path(model)
    with charsets_compiled_once():
        spacy.util.get_lang_class(spacy.util.load_meta(path / "meta.json")["lang"])


# Models a process loaded before it forked its workers (``load_before_fork``).
_LOADED_BEFORE_FORK: dict[str, Any] = {}


def load_before_fork(model: str) -> None:
    """Loads ``model`` as ``load_pipeline`` does, in a process about to fork workers
    (``pipelines.fork_server``): each worker's ``ModelHolder`` takes its copy of it instead of
    loading it again (about 0.6 CPU s per worker, while its first stages run); nothing for a model
    not installed."""
    if model not in _LOADED_BEFORE_FORK and model_installed(model):
        _LOADED_BEFORE_FORK[model] = load_pipeline(model)


# A paragraph's entities: (text, label, start, end), offsets within the paragraph.
ParagraphEntities = tuple[tuple[str, str, int, int], ...]


class EntityMemo:
    """The entities of the paragraphs a model annotated last, by a digest of their text, at most
    ``max_paragraphs`` of them holding at most ``max_entities`` entities (a long paragraph full of
    names would otherwise hold megabytes). A wire copy repeats most of its original's paragraphs
    word for word, and each paragraph is a spaCy Doc of its own, so its entities do not depend on
    the other texts of the batch: a paragraph seen before is not run through spaCy again (the same
    entities, tested). The least recently used go first."""

    def __init__(self, max_paragraphs: int = MEMO_PARAGRAPHS, max_entities: int = MEMO_ENTITIES):
        self.max_paragraphs = max_paragraphs
        self.max_entities = max_entities
        self._entities: collections.OrderedDict[bytes, ParagraphEntities] = collections.OrderedDict()
        self._held = 0  # entities held

    @staticmethod
    def key(paragraph: str) -> bytes:
        return hashlib.blake2b(paragraph.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def get(self, key: bytes) -> Optional[ParagraphEntities]:
        entities = self._entities.get(key)
        if entities is not None:
            self._entities.move_to_end(key)
        return entities

    def put(self, key: bytes, entities: ParagraphEntities) -> None:
        if len(entities) > self.max_entities or key in self._entities:
            return
        self._entities[key] = entities
        self._held += len(entities)
        while len(self._entities) > self.max_paragraphs or self._held > self.max_entities:
            self._held -= len(self._entities.popitem(last=False)[1])

    def __len__(self) -> int:
        return len(self._entities)

    @property
    def entities_held(self) -> int:
        return self._held


@dataclass
class LoadedModel:
    """A spaCy pipeline loaded in a worker process. Its users hold ``lock``: a memory zone belongs
    to the vocabulary, not to the thread, so a thread leaving its zone would free the words
    another thread's documents still use. ``warm_words``: the words tokenized outside any zone
    (``tokenize_while_cache_fills``)."""

    nlp: Any
    version: str  # 'model-version', the rows' nlp_model
    lock: threading.Lock = field(default_factory=threading.Lock)
    warm_words: set[str] = field(default_factory=set)
    memo: EntityMemo = field(default_factory=EntityMemo)


class ModelHolder:
    """The spaCy pipelines of one worker process, loaded on first use of each language (one thread
    at a time: a model being preloaded is waited for, not loaded twice)."""

    def __init__(self, models: dict[str, str]):
        self.models = dict(models)
        self._loaded: dict[str, LoadedModel] = {}
        self._missing: set[str] = set()
        self._lock = threading.Lock()

    def pipeline(self, language: str) -> Optional[LoadedModel]:
        """The language's loaded model, or None when no model is installed for it."""
        model = self.models.get(language)
        if model is None or model in self._missing:
            return None
        if model not in self._loaded:
            with self._lock:
                return self._load(language, model)
        return self._loaded[model]

    def _load(self, language: str, model: str) -> Optional[LoadedModel]:
        if model not in self._loaded and model not in self._missing:
            if not model_installed(model):
                self._missing.add(model)
                LOG.warning("spaCy model %r for language %r is not installed: rows in %r get stand-in entities "
                            "(capitalised names, nlp_model 'capitalised-names'). Install the model package into "
                            "this environment (python -m spacy download %s, or its wheel) or map the language to "
                            "another model with --spacy_models.",
                            model, language, language, model)
                return None
            nlp = _LOADED_BEFORE_FORK.pop(model, None)
            nlp = load_pipeline(model) if nlp is None else nlp
            self._loaded[model] = LoadedModel(nlp, f"{model}-{nlp.meta.get('version', '?')}")
        return self._loaded.get(model)


def chunk_spans(text: str, max_chars: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Paragraph spans of a text (so no entity or sentence crosses a paragraph break), each cut
    to at most ``max_chars`` at a line break or space where possible."""
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        start, end = paragraph.span()
        while end - start > max_chars:
            cut = text.rfind(" ", start + max_chars // 2, start + max_chars)
            cut = start + max_chars if cut == -1 else cut + 1
            spans.append((start, cut))
            start = cut
        if text[start:end].strip():
            spans.append((start, end))
    return spans


def tokenize_while_cache_fills(nlp, pieces: list[str], warm_words: set[str]) -> list[Any]:
    """``pieces`` as Docs tokenized outside any memory zone while ``warm_words`` (the words so
    tokenized before) is smaller than the tokenizer's cache; the rest as they are.

    Inside a memory zone spaCy's tokenizer caches nothing, so every word goes through its affix
    and exception regexes: tokenizing French took 5x as long (a fifth of the worker's time). A
    worker's first texts are tokenized outside the zone and fill the cache with their words,
    which later zones reuse. Their words stay in the vocabulary: memory bounded by the cache.
    The tokens are the same either way."""
    limit = nlp.tokenizer.max_cache_size
    docs: list[Any] = []
    for piece in pieces:
        if len(warm_words) >= limit:
            docs.append(piece)
            continue
        warm_words.update(piece.split())
        docs.append(nlp.make_doc(piece))
    return docs


def annotate_texts(nlp, texts: Sequence[str], batch_size: int = 64, warm_words: Optional[set[str]] = None,
                   memo: Optional[EntityMemo] = None, count: CountFn = no_count) -> Iterator[list[dict[str, Any]]]:
    """Texts -> entities per text, as plain data with offsets into each text. With ``memo``, a
    paragraph goes through spaCy only when the memo does not hold it, and once however often the
    texts repeat it (the others are counted as ``paragraphs_reused``). With ``warm_words``, first
    fills the tokenizer's cache (``tokenize_while_cache_fills``)."""
    pieces: list[tuple[int, int, int]] = []  # (text index, offset, end)
    for index, text in enumerate(texts):
        pieces.extend((index, start, end) for start, end in chunk_spans(text))
    found: list[ParagraphEntities] = [()] * len(pieces)
    # A distinct paragraph's key -> it, and the pieces holding it; without a memo, every piece runs.
    to_run: dict[Any, tuple[str, list[int]]] = {}
    for position, (index, start, end) in enumerate(pieces):
        paragraph = texts[index][start:end]
        key = position if memo is None else EntityMemo.key(paragraph)
        known = None if memo is None else memo.get(key)
        if known is None:
            to_run.setdefault(key, (paragraph, []))[1].append(position)
        else:
            found[position] = known
    count("paragraphs_reused", len(pieces) - len(to_run))
    # The models learned the apostrophe as "'": with "’" they take 'n’' or 'd’État' for names.
    # One character for another, so the offsets hold; the entities' text is the paragraph's own.
    inputs: list[Any] = [paragraph.replace("’", "'") for paragraph, _ in to_run.values()]
    if warm_words is not None:
        inputs = tokenize_while_cache_fills(nlp, inputs, warm_words)
    with nlp.memory_zone():
        for (key, (paragraph, positions)), doc in zip(to_run.items(), nlp.pipe(inputs, batch_size=batch_size)):
            entities = tuple((paragraph[ent.start_char:ent.end_char], ent.label_, ent.start_char, ent.end_char)
                             for ent in doc.ents)
            for position in positions:
                found[position] = entities
            if memo is not None:
                memo.put(key, entities)
    results: list[list[dict[str, Any]]] = [[] for _ in texts]
    for (index, offset, _), entities in zip(pieces, found):
        results[index].extend({"text": text, "label": label, "start": start + offset, "end": end + offset}
                              for text, label, start, end in entities)
    yield from results


def annotate_articles(articles: Sequence[Article], holder: ModelHolder, batch_size: int = 64,
                      count: CountFn = no_count) -> list[Article]:
    """Fills ``entities`` (with canonical names) and ``nlp_model`` for a batch (grouped by language)."""
    by_language: dict[str, list[Article]] = {}
    for article in articles:
        by_language.setdefault(article.language, []).append(article)
    for language in sorted(by_language):
        group = by_language[language]
        model = holder.pipeline(language)
        lexicon = load_cue_lexicon(language)
        if model is None:  # capitalised names stand in for the model's entities
            for article in group:
                entities = without_leading_titles(stand_in_entities(article.text, language, lexicon), lexicon.titles)
                article.entities, article.nlp_model = canonical_entities(entities, lexicon.titles), STAND_IN_MODEL
                count("entities", len(entities))
            count("articles_without_model", len(group))
            continue
        titles = lexicon.titles
        with model.lock:
            found = list(annotate_texts(model.nlp, [a.text for a in group], batch_size, model.warm_words,
                                        model.memo, count))
        for article, entities in zip(group, found):
            entities = with_sports_clubs(article.text, entities)
            entities = without_leading_titles(entities, titles)
            entities = with_institutions(article.text, entities, language)
            entities = with_aliases(article.text, entities, language)
            entities = with_missed_people(article.text, entities, language)
            entities = with_places_by_position(article.text, entities, language)
            article.entities, article.nlp_model = canonical_entities(entities, titles), model.version
            count("entities", len(entities))
        count("articles_with_model", len(group))
    return list(articles)


class PreloadModelsFn(beam.DoFn):
    """Passes elements through; its setup starts loading the first model of ``models`` in a
    background thread, so the model loads while the worker would otherwise wait for the first
    annotation stage (1.5-2 CPU s for fr_core_news_sm, most of it importing spaCy's French module).
    Placed in the first stage and again where the articles arrive; a second one on the same
    ``handle`` (the ``Shared`` handle ``ExtractEntities`` uses) waits for the first's model."""

    def __init__(self, models: dict[str, str], handle: shared.Shared):
        self.models = models
        self.handle = handle

    def setup(self):
        def preload():
            self.holder = self.handle.acquire(lambda: ModelHolder(self.models))  # held, so Shared keeps it
            if self.models:
                self.holder.pipeline(next(iter(self.models)))

        threading.Thread(target=preload, name="preload-spacy-models", daemon=True).start()

    def process(self, element):
        yield element


class AnnotateEntitiesFn(beam.DoFn):
    def __init__(self, models: dict[str, str], batch_size: int, handle: Optional[shared.Shared] = None):
        self.models = models
        self.batch_size = batch_size
        self.shared_handle = handle or shared.Shared()

    def setup(self):
        self.holder = self.shared_handle.acquire(lambda: ModelHolder(self.models))
        self.count = BeamCounters("entities")

    def process(self, batch: list[Article]):
        try:
            annotated = annotate_articles(batch, self.holder, self.batch_size, self.count)
        except Exception:  # noqa: BLE001 - isolate the failing record(s), keep the rest of the batch
            yield from self._one_by_one(batch)
            return
        yield from annotated

    def _one_by_one(self, batch: Iterable[Article]):
        for article in batch:
            try:
                yield from annotate_articles([article], self.holder, self.batch_size, self.count)
            except Exception as exc:  # noqa: BLE001
                self.count("rejected", 1)
                yield beam.pvalue.TaggedOutput(REJECTS, reject_article(article, "entities", exc))


class ExtractEntities(beam.PTransform):
    """Articles -> articles with ``entities`` (canonical names, counts) and ``nlp_model``."""

    def __init__(self, models: dict[str, str], batch_size: int = 64, handle: Optional[shared.Shared] = None):
        """``handle``: the ``Shared`` handle of a ``PreloadModelsFn`` earlier in the pipeline, if any."""
        super().__init__()
        self.models = models
        self.batch_size = batch_size
        self.handle = handle

    def expand(self, articles):
        outputs = (
            articles
            | "Batch" >> beam.BatchElements(min_batch_size=self.batch_size, max_batch_size=self.batch_size)
            | "Annotate" >> beam.ParDo(AnnotateEntitiesFn(self.models, self.batch_size, self.handle)).with_outputs(
                REJECTS, main="articles")
        )
        return StageOutputs(outputs.articles, outputs[REJECTS])
