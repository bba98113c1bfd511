"""Raw news text -> clean, annotated, deduplicated Parquet.

    python -m pipelines.ingest --input PATTERN --output DIR [Beam options]

Runs on the local FnApiRunner, one worker process per core, unless ``--runner`` names another
(the plain DirectRunner would first try to download the Prism runner binary).
"""
from __future__ import annotations

import logging
import os
import sys
from typing import Optional, Sequence

import apache_beam as beam
from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions

from pipelines.options import IngestOptions, OptionError, validate
from transforms.boilerplate import StripBoilerplate
from transforms.dedup import FlagDuplicates, MinHashParams, SignatureHistory
from transforms.entities import ExtractEntities, parse_model_map
from transforms.language import DetectLanguage
from transforms.quotes import ExtractQuotes
from transforms.read import ReadArticles
from transforms.sink import WriteArticles, WriteRejects

LOCAL_RUNNERS = (None, "DirectRunner", "direct", "FnApiRunner")


def build(pipeline: beam.Pipeline, options: IngestOptions) -> None:
    """The data flow, stage by stage; every stage's rejects go to one table."""
    read = pipeline | "ReadArticles" >> ReadArticles(options.input, options.max_input_bytes, options.max_doc_chars)
    cleaned = read.articles | "StripBoilerplate" >> StripBoilerplate(options.site_furniture_min_stories,
                                                                     options.site_furniture_max_words)
    languages = cleaned.articles | "DetectLanguage" >> DetectLanguage(options.min_language_chars,
                                                                      options.min_language_score)
    entities = languages.articles | "ExtractEntities" >> ExtractEntities(parse_model_map(options.spacy_models),
                                                                         options.nlp_batch_size)
    quotes = entities.articles | "ExtractQuotes" >> ExtractQuotes()
    flagged = quotes.articles | "FlagDuplicates" >> FlagDuplicates(
        MinHashParams(options.dedup_num_perm, options.dedup_bands, options.dedup_shingle_size),
        options.dedup_threshold, options.dedup_rounds, options.dedup_max_bucket,
        SignatureHistory(options.dedup_history, options.dedup_history_tag) if options.dedup_history else None)
    _ = flagged | "WriteArticles" >> WriteArticles(options.output)
    _ = (
        (read.rejects, cleaned.rejects, languages.rejects, entities.rejects, quotes.rejects)
        | "AllRejects" >> beam.Flatten()
        | "WriteRejects" >> WriteRejects(options.output, options.max_reject_payload_chars)
    )


def local_runner():
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner

    return FnApiRunner()


def use_every_core(options: PipelineOptions, argv: Sequence[str]) -> None:
    """Local runs use one worker process per core unless the user chose otherwise. (Reading
    reshuffles after matching files, so even one big file spreads over the workers.)"""
    direct = options.view_as(DirectOptions)
    if not any(arg.startswith("--direct_running_mode") for arg in argv):
        direct.direct_running_mode = "multi_processing"
    if not any(arg.startswith("--direct_num_workers") for arg in argv):
        direct.direct_num_workers = os.cpu_count() or 1


def run(argv: Optional[Sequence[str]] = None) -> beam.runners.runner.PipelineResult:
    argv = list(sys.argv[1:] if argv is None else argv)
    options = PipelineOptions(argv)
    ingest = options.view_as(IngestOptions)
    validate(ingest)
    runner_name = options.view_as(StandardOptions).runner
    runner = local_runner() if runner_name in LOCAL_RUNNERS else None
    if runner is not None:
        use_every_core(options, argv)
    pipeline = beam.Pipeline(runner=runner, options=options)
    build(pipeline, ingest)
    result = pipeline.run()
    result.wait_until_finish()
    return result


def main(argv: Optional[Sequence[str]] = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("apache_beam").setLevel(logging.WARNING)
    try:
        run(argv)
    except OptionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
