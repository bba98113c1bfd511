"""The streaming job: the batch pipeline's stages on an unbounded source, windowed Parquet, incremental dedup.

    python -m pipelines.ingest --streaming --source files|pubsub|kafka --output DIR [--window_minutes 5] …

    source (files landing under --input | Pub/Sub | Kafka)
      -> parse (same JSON contract as JSONL lines)      -> rejects
      -> event time (published, else arrival) -> fixed windows with allowed lateness
      -> boilerplate (site furniture learned per window) -> language -> entities -> quotes (shared with batch)
      -> copies linked through keyed state per LSH band, across windows, for --dedup_horizon_hours
      -> DIR/{articles,rejects}/ingest_date=<window day>/part-<window>-pane<i>-….parquet
"""
from __future__ import annotations

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystems import FileSystems

from pipelines.options import IngestOptions
from schemas import ARTICLE_SCHEMA, REJECT_SCHEMA
from transforms.dedup import LinkCopiesIncrementally
from transforms.read import ParseFilesFn, ParseMessages, SplitFilesFn, resolve_input_pattern
from transforms.records import Article
from transforms.sink import WriteWindowedParquet, count_article, count_reject
from transforms.stage import REJECTS, StageOutputs
from transforms.windowing import AssignEventTime, fixed_windows


def read_stream(pipeline: beam.Pipeline, options: IngestOptions) -> StageOutputs:
    """The unbounded source chosen by ``--source``, parsed into articles and rejects."""
    if options.source == "files":
        parsed = (
            pipeline
            | "Watch" >> fileio.MatchContinuously(resolve_input_pattern(options.input),
                                                  interval=float(options.poll_interval_seconds))
            | "Split" >> beam.ParDo(SplitFilesFn(options.max_input_bytes))
            | "Parse" >> beam.ParDo(ParseFilesFn(options.max_input_bytes, options.max_doc_chars))
            .with_outputs(REJECTS, main="articles")
        )
        return StageOutputs(parsed.articles, parsed[REJECTS])
    if options.source == "pubsub":
        from apache_beam.io.gcp.pubsub import ReadFromPubSub  # needs apache-beam[gcp]

        messages = (pipeline
                    | "PubSub" >> ReadFromPubSub(subscription=options.pubsub_subscription, with_attributes=True)
                    | "Named" >> beam.Map(lambda m: (f"pubsub:{m.message_id}", m.data)))
    else:
        from apache_beam.io.kafka import ReadFromKafka  # cross-language: needs Java and the expansion service

        messages = (pipeline
                    | "Kafka" >> ReadFromKafka(consumer_config={"bootstrap.servers": options.kafka_bootstrap_servers,
                                                                "group.id": "news-ingest"},
                                               topics=[options.kafka_topic], with_metadata=True,
                                               timestamp_policy=ReadFromKafka.create_time_policy)
                    | "Named" >> beam.Map(lambda r: (f"kafka:{r.topic}/{r.partition}/{r.offset}", r.value)))
    return messages | "ParseMessages" >> ParseMessages(options.max_doc_chars)


def build_streaming(read: StageOutputs, options: IngestOptions) -> None:
    """Everything after the source (tests feed it a TestStream)."""
    from pipelines.ingest import annotate, minhash_params

    window_seconds, lateness = options.window_minutes * 60, options.allowed_lateness_minutes * 60
    windowing = fixed_windows(window_seconds, lateness)
    articles = read.articles | "EventTime" >> AssignEventTime(lateness) | "Windows" >> windowing
    annotated, stage_rejects = annotate(articles, options,
                                        furniture_windowing=fixed_windows(window_seconds, lateness, accumulating=True))
    linked = annotated | "LinkCopies" >> LinkCopiesIncrementally(
        windowing, minhash_params(options), options.dedup_threshold, options.dedup_horizon_hours * 3600,
        options.dedup_max_bucket)
    _ = linked | "WriteArticles" >> WriteWindowedParquet(
        FileSystems.join(options.output, "articles"), ARTICLE_SCHEMA, Article.to_row, count_article,
        row_key=lambda row: row["doc_id"])
    limit = options.max_reject_payload_chars
    _ = (
        (read.rejects | "RejectWindows" >> windowing, *stage_rejects)
        | "AllRejects" >> beam.Flatten()
        | "WriteRejects" >> WriteWindowedParquet(FileSystems.join(options.output, "rejects"), REJECT_SCHEMA,
                                                 lambda reject: reject.to_row(limit), count_reject,
                                                 row_key=lambda row: f"{row['source_id']}\x00{row['stage']}")
    )


def streaming_runner():
    """The Python DirectRunner's streaming engine (runs TestStream; the FnApiRunner is batch only)."""
    from apache_beam.runners.direct.direct_runner import BundleBasedDirectRunner

    return BundleBasedDirectRunner()
