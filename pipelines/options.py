"""The pipeline's options: a PipelineOptions subclass, validated before the pipeline starts."""
from __future__ import annotations

import argparse
import datetime
import os
import re
from pathlib import Path

from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions

from transforms.entities import DEFAULT_MODELS, parse_model_map
from transforms.read import matched_files

SEEDS_DIR = str(Path(__file__).resolve().parent.parent / "seeds")


def today_utc() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")


class OptionError(ValueError):
    """An invalid option value; the message names the option."""


class IngestOptions(PipelineOptions):
    @classmethod
    def names(cls) -> list[str]:
        """This pipeline's own option names (for the run manifest)."""
        parser = argparse.ArgumentParser(add_help=False)
        cls._add_argparse_args(parser)
        return [action.dest for action in parser._actions]

    @classmethod
    def _add_argparse_args(cls, parser):
        parser.add_argument("--input", default=SEEDS_DIR,
                            help="File, directory or glob of raw articles (*.jsonl[.gz]: one JSON article per "
                                 "line; any other file: one article). Any Beam filesystem. Default: seeds/.")
        parser.add_argument("--output", default="output",
                            help="Output directory: articles/ingest_date=RUN_DATE/ and rejects/ingest_date=RUN_DATE/ "
                                 "Parquet partitions, and the run manifests in _runs/.")
        parser.add_argument("--run_date", default=today_utc(),
                            help="The partition this run (re)writes, YYYY-MM-DD (default: today, UTC). Re-running a "
                                 "date replaces its partitions atomically; other dates are untouched.")
        parser.add_argument("--max_reject_ratio", type=float, default=1.0,
                            help="Fail the run (exit 3, partitions not replaced) when rejects / records read exceeds "
                                 "this, in [0, 1]. Default 1: rejects alone never fail a run.")
        parser.add_argument("--spacy_models", default=",".join(f"{k}={v}" for k, v in DEFAULT_MODELS.items()),
                            help="language=spaCy model pairs, comma-separated. Rows of a language whose model is "
                                 "not installed get stand-in entities from capitalised names (nlp_model "
                                 "'capitalised-names').")
        parser.add_argument("--site_furniture_min_stories", type=int, default=3,
                            help="A short line found in this many unrelated stories of one site (site = source, "
                                 "else URL host, else input folder) is removed as site furniture; 0 disables.")
        parser.add_argument("--site_furniture_max_words", type=int, default=40,
                            help="Longer lines are never learned as site furniture.")
        parser.add_argument("--nlp_batch_size", type=int, default=64, help="Articles per spaCy batch.")
        parser.add_argument("--min_language_chars", type=int, default=20,
                            help="Fewer letters than this in the cleaned body: language 'und'.")
        parser.add_argument("--min_language_score", type=float, default=0.5,
                            help="Probability of the best language (language_score) under which the language is 'und'.")
        parser.add_argument("--dedup_threshold", type=float, default=0.5,
                            help="Similarity (word shingles) from which two articles are copies, in (0, 1]: their "
                                 "Jaccard similarity, or the containment of the shorter body in the longer (a body "
                                 "linked by containment alone is linked to the one longer body most alike to it).")
        parser.add_argument("--dedup_num_perm", type=int, default=128, help="MinHash permutations.")
        parser.add_argument("--dedup_bands", type=int, default=64,
                            help="LSH bands (must divide --dedup_num_perm); 64 bands of 2 rows make pairs with a "
                                 "Jaccard of 0.3 (a copy trimmed by half, with a new intro) candidates 99.8%% of the time.")
        parser.add_argument("--dedup_shingle_size", type=int, default=3, help="Words per shingle.")
        parser.add_argument("--dedup_rounds", type=int, default=6,
                            help="Large-star/small-star rounds of the connected-components step.")
        parser.add_argument("--dedup_max_bucket", type=int, default=100,
                            help="LSH buckets larger than this compare each member with the first N only.")
        parser.add_argument("--dedup_history", default="",
                            help="Directory keeping the signatures of earlier runs (Parquet, one file per "
                                 "--dedup_history_tag): copies of earlier articles point to them, and this run's "
                                 "signatures are added. Empty: no history.")
        parser.add_argument("--dedup_history_days", type=int, default=30,
                            help="Read only the history of the runs dated this many days before this run's "
                                 "(tags that are dates; later dates never); 0: all.")
        parser.add_argument("--dedup_history_tag", default="",
                            help="Name of this run's history file (default: --run_date); re-running with the "
                                 "same tag replaces it, so a re-run of a day is idempotent.")
        # Streaming (with Beam's --streaming): see pipelines/stream.py.
        parser.add_argument("--source", default="files", choices=["files", "pubsub", "kafka"],
                            help="Streaming source: files landing under --input (polled), Pub/Sub "
                                 "(--pubsub_subscription) or Kafka (--kafka_bootstrap_servers, --kafka_topic). "
                                 "Each message is one JSON article (the JSONL contract).")
        parser.add_argument("--poll_interval_seconds", type=int, default=60,
                            help="Streaming files source: how often --input is matched again.")
        parser.add_argument("--pubsub_subscription", default="",
                            help="projects/P/subscriptions/S (streaming, --source pubsub).")
        parser.add_argument("--kafka_bootstrap_servers", default="", help="host:port[,…] (streaming, --source kafka).")
        parser.add_argument("--kafka_topic", default="", help="Topic to read (streaming, --source kafka).")
        parser.add_argument("--window_minutes", type=int, default=5,
                            help="Streaming: Parquet files are written per fixed window of this many minutes.")
        parser.add_argument("--allowed_lateness_minutes", type=int, default=60,
                            help="Streaming: an article published up to this long before it arrives goes to the "
                                 "window of its publication (a late pane); older, or dated in the future, to the "
                                 "window of its arrival. Nothing is dropped.")
        parser.add_argument("--dedup_horizon_hours", type=float, default=48,
                            help="Streaming: a copy is linked to an earlier article seen up to this long before.")
        parser.add_argument("--max_input_bytes", type=int, default=256 * 1024 * 1024,
                            help="Larger input files (after decompression) are rejected.")
        parser.add_argument("--max_doc_chars", type=int, default=2_000_000,
                            help="Longer articles are rejected (reason in rejects/).")
        parser.add_argument("--max_reject_payload_chars", type=int, default=100_000,
                            help="Reject payloads are truncated to this many characters (flagged).")


def validate(options: IngestOptions) -> None:
    """Fails fast, before any work, with a message naming the faulty option."""
    def positive(name: str) -> None:
        if getattr(options, name) <= 0:
            raise OptionError(f"--{name} must be positive, got {getattr(options, name)}")

    for name in ("nlp_batch_size", "dedup_num_perm", "dedup_bands", "dedup_shingle_size", "dedup_rounds",
                 "dedup_max_bucket", "max_input_bytes", "max_doc_chars", "max_reject_payload_chars"):
        positive(name)
    if options.site_furniture_min_stories < 0 or options.site_furniture_min_stories == 1:
        raise OptionError("--site_furniture_min_stories must be 0 (off) or at least 2, got "
                          f"{options.site_furniture_min_stories}")
    positive("site_furniture_max_words")
    for name in ("poll_interval_seconds", "window_minutes", "dedup_horizon_hours"):
        positive(name)
    if options.allowed_lateness_minutes < 0:
        raise OptionError(f"--allowed_lateness_minutes must be >= 0, got {options.allowed_lateness_minutes}")
    if options.dedup_history_days < 0:
        raise OptionError(f"--dedup_history_days must be >= 0, got {options.dedup_history_days}")
    if options.min_language_chars < 0:
        raise OptionError(f"--min_language_chars must be >= 0, got {options.min_language_chars}")
    if not 0.0 <= options.min_language_score <= 1.0:
        raise OptionError(f"--min_language_score must be in [0, 1], got {options.min_language_score}")
    if not 0.0 < options.dedup_threshold <= 1.0:
        raise OptionError(f"--dedup_threshold must be in (0, 1], got {options.dedup_threshold}")
    if options.dedup_num_perm % options.dedup_bands:
        raise OptionError(f"--dedup_bands={options.dedup_bands} must divide --dedup_num_perm={options.dedup_num_perm}")
    try:
        parse_model_map(options.spacy_models)
    except ValueError as exc:
        raise OptionError(str(exc)) from None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", options.run_date):
            raise ValueError
        datetime.date.fromisoformat(options.run_date)
    except (TypeError, ValueError):
        raise OptionError(f"--run_date must be a date YYYY-MM-DD, got {options.run_date!r}") from None
    if not 0.0 <= options.max_reject_ratio <= 1.0:
        raise OptionError(f"--max_reject_ratio must be in [0, 1], got {options.max_reject_ratio}")
    if options.dedup_history_tag and not re.fullmatch(r"[\w.-]+", options.dedup_history_tag):
        raise OptionError(f"--dedup_history_tag must be letters, digits, '.', '-' or '_', got {options.dedup_history_tag!r}")
    if not options.output:
        raise OptionError("--output must be a directory path")
    if options.view_as(StandardOptions).streaming:
        required = {"pubsub": ["pubsub_subscription"], "kafka": ["kafka_bootstrap_servers", "kafka_topic"],
                    "files": ["input"]}[options.source]
        for name in required:
            if not getattr(options, name):
                raise OptionError(f"--{name} is required with --streaming --source {options.source}")
    else:
        _check_input(options.input)
    _check_output(options.output)


def _check_input(path: str) -> None:
    try:
        matched = matched_files(path)
    except Exception as exc:  # noqa: BLE001 - any filesystem error is a bad --input
        raise OptionError(f"--input {path!r}: {exc}") from None
    if not matched:
        raise OptionError(f"--input {path!r} matches no file")


def _check_output(output: str) -> None:
    if FileSystems.get_scheme(output) is None:  # local: fail now rather than after the NLP work
        try:
            os.makedirs(output, exist_ok=True)
        except OSError as exc:
            raise OptionError(f"--output {output!r} cannot be created: {exc.strerror}") from None
        if not os.access(output, os.W_OK):
            raise OptionError(f"--output {output!r} is not writable")
