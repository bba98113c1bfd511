"""Raw news text -> clean, annotated, deduplicated Parquet, one date partition per run.

    python -m pipelines.ingest --input PATTERN --output DIR [--run_date YYYY-MM-DD] [Beam options]

Runs on the local FnApiRunner, one worker process per core, unless ``--runner`` names another
(the plain DirectRunner would first try to download the Prism runner binary). Exit status: 0 done,
1 the pipeline failed, 2 an invalid option, 3 more rejects than ``--max_reject_ratio``; a manifest
is written in ``DIR/_runs/`` in every case but the invalid option.
"""
from __future__ import annotations

import sys

if __name__ == "__main__":  # the CLI: the workers' imports start now, beside the driver's own import of Beam
    from pipelines.fork_server import FORK_WORKERS, ForkServer
    from pipelines.sdk_worker import import_warnings_dropped
    from transforms.regex_compile import use_prebuilt_patterns

    _early_fork_server = ForkServer() if FORK_WORKERS else None
    use_prebuilt_patterns()  # the driver's imports compile none of the regexes make install compiled
    with import_warnings_dropped():
        import apache_beam  # noqa: F401 - its import-time warning dropped; the CLI's logging is set in main

import datetime
import logging
import os
from typing import Any, Optional, Sequence

import apache_beam as beam
from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions
from apache_beam.utils import shared

from pipelines.beam_introspection import remember_dofn_specs_and_option_views
from pipelines.fork_server import ForkServer
from pipelines.options import IngestOptions, OptionError, validate
from pipelines.publish import (TABLES, count_rows, new_run_id, partition_dir, publish, remove_stale_staging,
                               staging_root, write_manifest)
from pipelines.report import code_version, counters_of, stage_counts, summary_text
from pipelines.sdk_worker import LOG_FORMAT, WORKER_LOGGER
from schemas import ARTICLE_SCHEMA, REJECT_SCHEMA, SCHEMA_VERSION
from transforms.boilerplate import StripBoilerplate
from transforms.dedup import BAND_SHARDS, FlagDuplicates, MinHashParams, SignatureHistory, band_shards_for
from transforms.entities import ExtractEntities, PreloadModelsFn, parse_model_map
from transforms.language import DetectLanguage
from transforms.quotes import ExtractQuotes
from transforms.read import ReadArticles, matched_files
from transforms.sink import CommitFiles, WriteArticles, WriteRejects

LOG = logging.getLogger("pipelines.ingest")
LOCAL_RUNNERS = (None, "DirectRunner", "direct", "FnApiRunner")


EXIT_OK, EXIT_FAILED, EXIT_BAD_OPTION, EXIT_TOO_MANY_REJECTS = 0, 1, 2, 3


def annotate(articles, options: IngestOptions, models_handle: Optional[shared.Shared] = None, furniture_from=None,
             furniture_windowing=None):
    """The stages every mode shares: boilerplate, language, entities, quotes -> (articles, [rejects]).
    ``furniture_from``: the same articles before they were spread, to learn site furniture from.
    ``furniture_windowing``: the streaming job's windows for it (see ``StripBoilerplate``).
    ``models_handle``: that of a ``PreloadModelsFn`` already in the pipeline, if any. The models
    (also) start loading where the articles arrive: a runner may run the earlier preload on some
    workers only (Dataflow matches the input on one), and a worker whose model is loaded or
    loading just waits for it."""
    models = parse_model_map(options.spacy_models)
    models_handle = models_handle or shared.Shared()
    articles = articles | "PreloadModels" >> beam.ParDo(PreloadModelsFn(models, models_handle))
    cleaned = articles | "StripBoilerplate" >> StripBoilerplate(options.site_furniture_min_stories,
                                                                options.site_furniture_max_words, furniture_from,
                                                                furniture_windowing)
    languages = cleaned.articles | "DetectLanguage" >> DetectLanguage(options.min_language_chars,
                                                                      options.min_language_score)
    entities = languages.articles | "ExtractEntities" >> ExtractEntities(models, options.nlp_batch_size,
                                                                         models_handle)
    quotes = entities.articles | "ExtractQuotes" >> ExtractQuotes()
    return quotes.articles, [cleaned.rejects, languages.rejects, entities.rejects, quotes.rejects]


def minhash_params(options: IngestOptions) -> MinHashParams:
    return MinHashParams(options.dedup_num_perm, options.dedup_bands, options.dedup_shingle_size)


def band_shards(options: IngestOptions) -> int:
    """The dedup's band shards for this run: sized to the input, or all of them when earlier nights'
    signatures (``--dedup_history``, up to its days of full nights) join today's in the same shards."""
    if options.dedup_history:
        return BAND_SHARDS
    return band_shards_for(sum(file.size_in_bytes for file in matched_files(options.input)))


def build(pipeline: beam.Pipeline, options: IngestOptions, destination: str) -> None:
    """The batch data flow, stage by stage; every stage's rejects go to one table. Tables are written
    under ``destination`` (the run's staging directory), in the ``--run_date`` partition."""
    # The first spaCy model starts loading in the first stage each worker runs, while the input is
    # matched, read and spread.
    models_handle = shared.Shared()
    read = pipeline | "ReadArticles" >> ReadArticles(
        options.input, options.max_input_bytes, options.max_doc_chars,
        warm_up=PreloadModelsFn(parse_model_map(options.spacy_models), models_handle))
    # Site furniture is learned from the articles as parsed, so the annotation stage can start
    # where the spread articles arrive (no pass over them to wait for).
    annotated, stage_rejects = annotate(read.articles, options, models_handle, read.parsed)
    flagged = annotated | "FlagDuplicates" >> FlagDuplicates(
        minhash_params(options), options.dedup_threshold, options.dedup_rounds, options.dedup_max_bucket,
        SignatureHistory(options.dedup_history, options.dedup_history_tag or options.run_date,
                         options.dedup_history_days)
        if options.dedup_history else None,
        band_shards(options))
    articles_dir, rejects_dir = (partition_dir(destination, table, options.run_date) for table in TABLES)
    written_articles = flagged.articles | "WriteArticles" >> WriteArticles(articles_dir)
    written_rejects = (
        (read.rejects, *stage_rejects, flagged.rejects)
        | "AllRejects" >> beam.Flatten()
        | "WriteRejects" >> WriteRejects(rejects_dir, options.max_reject_payload_chars)
    )
    _ = ((written_articles, written_rejects)
         | "CommitFiles" >> CommitFiles({articles_dir: ARTICLE_SCHEMA, rejects_dir: REJECT_SCHEMA}))


def local_runner():
    from pipelines.local_runner import BoundedBundleRunner

    return BoundedBundleRunner()


def use_every_core(options: PipelineOptions, argv: Sequence[str]) -> None:
    """Local runs use one worker process per core unless the user chose otherwise. (Reading
    reshuffles after matching files, so even one big file spreads over the workers.)"""
    direct = options.view_as(DirectOptions)
    if not any(arg.startswith("--direct_running_mode") for arg in argv):
        direct.direct_running_mode = "multi_processing"
    if not any(arg.startswith("--direct_num_workers") for arg in argv):
        direct.direct_num_workers = os.cpu_count() or 1


def run_pipeline(options: PipelineOptions, argv: Sequence[str], destination: str,
                 fork_server: Optional[ForkServer] = None):
    """Builds and runs the pipeline, writing under ``destination``; returns the finished result and,
    on the local runner, the wall seconds of each stage (else an empty dict). ``fork_server``: one
    the CLI started, for the local runner's workers (closed if they are not forked)."""
    runner_name = options.view_as(StandardOptions).runner
    runner = local_runner() if runner_name in LOCAL_RUNNERS else None
    ingest = options.view_as(IngestOptions)
    if runner is not None:
        use_every_core(options, argv)
    direct = options.view_as(DirectOptions)
    try:
        if runner is not None and direct.direct_running_mode == "multi_processing":
            # the workers start, and import, while the graph is built
            first_model = next(iter(parse_model_map(ingest.spacy_models).values()), None)
            runner.start_standby_workers(direct.direct_num_workers, first_model, fork_server)
        elif fork_server is not None:
            fork_server.close()
        remember_dofn_specs_and_option_views()  # the graph and its proto in 0.28 s instead of 0.66
        pipeline = beam.Pipeline(runner=runner, options=options)
        build(pipeline, ingest, destination)
        result = pipeline.run()
        result.wait_until_finish()
    finally:
        if runner is not None:
            runner.close_standby_workers()
    return result, dict(getattr(runner, "stage_seconds", {}))


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def run(argv: Optional[Sequence[str]] = None, fork_server: Optional[ForkServer] = None) -> dict[str, Any]:
    """One nightly run: validate, run into staging, check the reject ratio, publish the partitions,
    write the manifest. Returns the manifest; raises OptionError before any work on a bad option.
    ``fork_server``: see ``run_pipeline``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    options = PipelineOptions(argv)
    ingest = options.view_as(IngestOptions)
    validate(ingest)
    started = _utc_now()
    run_id = new_run_id(ingest.run_date, started)
    output, run_date = ingest.output, ingest.run_date
    manifest: dict[str, Any] = {
        "run_id": run_id, "run_date": run_date, "status": "running", "started_at": started.isoformat(),
        "code_version": code_version(), "schema_version": SCHEMA_VERSION,
        "options": {name: getattr(ingest, name) for name in IngestOptions.names()},
        "beam_options": {name: value for name, value in options.get_all_options(
            drop_default=True, retain_unknown_options=True).items() if name not in IngestOptions.names()},
    }
    remove_stale_staging(output, run_date, run_id)
    staging = staging_root(output, run_id)
    try:
        result, stage_seconds = run_pipeline(options, argv, staging, fork_server)
        manifest["counts"] = stage_counts(counters_of(result))
        if stage_seconds:  # fused stages named by the transforms they run
            manifest["stage_seconds"] = {name: round(seconds, 3) for name, seconds in stage_seconds.items()}
        rows = {table: count_rows(partition_dir(staging, table, run_date)) for table in TABLES}
        manifest["rows"] = rows
        ratio = rows["rejects"] / max(1, rows["articles"] + rows["rejects"])
        manifest["reject_ratio"] = round(ratio, 6)
        if ratio > ingest.max_reject_ratio:
            manifest.update(status="failed", exit_code=EXIT_TOO_MANY_REJECTS, staging=staging,
                            error=f"reject ratio {ratio:.4f} is above --max_reject_ratio={ingest.max_reject_ratio}; "
                                  f"partitions of {run_date} not replaced, this run's output is in {staging}")
        else:
            publish(output, run_id, run_date)
            manifest.update(status="succeeded", exit_code=EXIT_OK,
                            partitions={table: partition_dir(output, table, run_date) for table in TABLES})
    except Exception as exc:  # noqa: BLE001 - the manifest records any failure, then the CLI exits 1
        LOG.exception("run %s failed", run_id)
        manifest.update(status="failed", exit_code=EXIT_FAILED, error=f"{type(exc).__name__}: {exc}"[:4000])
    finished = _utc_now()
    manifest.update(finished_at=finished.isoformat(), duration_s=round((finished - started).total_seconds(), 3))
    manifest["manifest"] = write_manifest(output, run_id, manifest)
    return manifest


def run_streaming(argv: Sequence[str]) -> None:
    """The streaming job (``--streaming``): runs until cancelled; each window's files appear as it closes."""
    from pipelines.stream import build_streaming, read_stream, streaming_runner

    options = PipelineOptions(argv)
    ingest = options.view_as(IngestOptions)
    validate(ingest)
    runner = streaming_runner() if options.view_as(StandardOptions).runner in LOCAL_RUNNERS else None
    pipeline = beam.Pipeline(runner=runner, options=options)
    build_streaming(read_stream(pipeline, ingest), ingest)
    pipeline.run().wait_until_finish()


def configure_logging(argv: Sequence[str]) -> None:
    """The CLI's log: INFO and above on standard error (unless the program set up logging already),
    Beam's own from WARNING, and the workers' records (``WORKER_LOGGER``) as they are sent: from
    ``--default_sdk_harness_log_level`` if given, else from WARNING."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    logging.getLogger("apache_beam").setLevel(logging.WARNING)
    level = _worker_log_level(argv)
    logging.getLogger(WORKER_LOGGER).setLevel(logging.WARNING if level is None else max(level, 1))


def _worker_log_level(argv: Sequence[str]) -> Optional[int]:
    """The level the workers send from, as Beam's harness reads ``--default_sdk_harness_log_level``
    (a decimal number, or a level's name; another value: INFO); None when it is not given. Read
    from the arguments as they are: parsing them as options would print another usage on a bad one
    (main reports those)."""
    value = None
    for index, argument in enumerate(argv):
        name, equals, given = argument.partition("=")
        if name == "--default_sdk_harness_log_level":
            value = given if equals else (argv[index + 1] if index + 1 < len(argv) else None)
    if value is None:
        return None
    level = int(value) if value.isdecimal() else getattr(logging, value, None)
    return level if isinstance(level, int) else logging.INFO


def main(argv: Optional[Sequence[str]] = None, fork_server: Optional[ForkServer] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    configure_logging(argv)
    try:
        if PipelineOptions(argv).view_as(StandardOptions).streaming:
            if fork_server is not None:
                fork_server.close()  # the streaming runner starts its own workers; the job runs until cancelled
            run_streaming(argv)
            return EXIT_OK
        manifest = run(argv, fork_server)
    except OptionError as exc:
        _tell(f"error: {exc}")
        return EXIT_BAD_OPTION
    finally:
        if fork_server is not None:
            fork_server.close()  # if the run did not (a bad option, the streaming job)
    _tell(summary_text(manifest))
    return manifest["exit_code"]


def _tell(text: str) -> None:
    """``text`` on stderr, if it can still be written: a reader gone (a closed pipe) or a closed
    stream does not change the exit status (the manifest holds the summary; an option's error is
    also in the status, 2)."""
    try:
        print(text, file=sys.stderr)
    except (OSError, ValueError):
        pass


def ends_without_teardown(argv: Sequence[str]) -> bool:
    """Whether the CLI may end without the interpreter's teardown once ``main`` returns: a batch run
    on the local runner, whose workers have ended by then. Other runners (Flink's, Prism's) start a
    job server that an ``atexit`` handler stops."""
    try:
        options = PipelineOptions(list(argv)).view_as(StandardOptions)
    except Exception:  # noqa: BLE001 - main reported the options' error: end as Python does
        return False
    return options.runner in LOCAL_RUNNERS and not options.streaming


if __name__ == "__main__":
    from pipelines.sdk_worker import exit_without_teardown

    exit_code = main(fork_server=_early_fork_server)
    if ends_without_teardown(sys.argv[1:]):
        exit_without_teardown(exit_code)  # ~0.12 s sooner: the run's files and manifest are written
    sys.exit(exit_code)
