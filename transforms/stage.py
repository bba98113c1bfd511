"""What every stage shares: a DoFn that applies a pure function to each article, and routes
any exception to the rejects output with the stage name, so one bad record never stops a run."""
from __future__ import annotations

from typing import Any, Callable, NamedTuple, Optional

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.pvalue import TaggedOutput
from apache_beam.utils import shared

from transforms.records import Article, CountFn, Reject

REJECTS = "rejects"


class StageOutputs(NamedTuple):
    """What every stage returns: the articles that went through and the records it rejected."""
    articles: object
    rejects: object


def error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def reject_article(article: Article, stage: str, exc: BaseException) -> Reject:
    return Reject(source_id=article.source_id, stage=stage, error=error_text(exc),
                  payload=article.raw_text, input_path=article.input_path)


class BeamCounters:
    """A CountFn backed by Beam counters in one namespace (created lazily, cached)."""

    def __init__(self, namespace: str):
        self.namespace = namespace
        self._counters: dict = {}

    def __call__(self, name: str, value: int = 1) -> None:
        counter = self._counters.get(name)
        if counter is None:
            counter = self._counters[name] = Metrics.counter(self.namespace, name)
        counter.inc(value)


class ArticleStageFn(beam.DoFn):
    """Applies ``fn(article, count) -> article`` to each article; failures go to ``rejects``.

    With ``load_resource`` (a picklable callable returning a weak-referenceable object, e.g. a
    model holder), the resource is built once per worker process and passed as a third argument.
    """

    def __init__(self, stage: str, fn: Callable[..., Article], load_resource: Optional[Callable[[], Any]] = None):
        self.stage = stage
        self.fn = fn
        self.load_resource = load_resource
        self.shared_handle = shared.Shared() if load_resource else None

    def setup(self):
        self.count = BeamCounters(self.stage)
        self.args = (self.shared_handle.acquire(self.load_resource),) if self.load_resource else ()

    def process(self, article: Article, **side_inputs):
        try:
            yield self.fn(article, self.count, *self.args, **side_inputs)
        except Exception as exc:  # noqa: BLE001 - any failure of one record is that record's reject
            self.count("rejected")
            yield TaggedOutput(REJECTS, reject_article(article, self.stage, exc))


def apply_stage(pcoll, stage: str, fn: Callable[..., Article], load_resource: Optional[Callable[[], Any]] = None,
                **side_inputs):
    """Side inputs are passed to ``fn`` as keyword arguments."""
    outputs = pcoll | beam.ParDo(ArticleStageFn(stage, fn, load_resource), **side_inputs).with_outputs(REJECTS, main="articles")
    return StageOutputs(outputs.articles, outputs[REJECTS])
