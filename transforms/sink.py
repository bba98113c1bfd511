"""Writing the two output tables as Parquet, with the schemas of ``schemas/``, and counting what is written
(the ``output`` metrics of the run manifest)."""
from __future__ import annotations

import hashlib
import os
import uuid
import zlib

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems
from apache_beam.io.parquetio import WriteToParquet

from schemas import ARTICLE_SCHEMA, REJECT_SCHEMA
from transforms.records import Article, CountFn, Reject
from transforms.stage import BeamCounters

OUTPUT_METRICS = "output"
# Rows are buffered up to this many bytes per row group: ~10k news articles, large enough for fast
# scans, small enough for a worker's memory.
ROW_GROUP_BYTES = 64 * 1024 * 1024


def count_article(article: Article, count: CountFn) -> None:
    count("articles", 1)
    count("duplicates" if article.duplicate_of else "clusters", 1)


def count_reject(reject: Reject, count: CountFn) -> None:
    count("rejects", 1)
    count(f"rejected_{reject.stage}", 1)


class _CountThenConvert(beam.DoFn):
    def __init__(self, count_fn, to_row):
        self.count_fn = count_fn
        self.to_row = to_row

    def setup(self):
        self.count = BeamCounters(OUTPUT_METRICS)

    def process(self, record):
        self.count_fn(record, self.count)
        yield self.to_row(record)


def _parquet(directory: str, schema) -> WriteToParquet:
    return WriteToParquet(FileSystems.join(directory, "part"), schema, file_name_suffix=".parquet", codec="zstd",
                          row_group_buffer_size=ROW_GROUP_BYTES)


class WriteArticles(beam.PTransform):
    """Articles -> ``directory/part-*.parquet``."""

    def __init__(self, directory: str):
        super().__init__()
        self.directory = directory

    def expand(self, articles):
        return (articles
                | "ToRow" >> beam.ParDo(_CountThenConvert(count_article, Article.to_row))
                | "Write" >> _parquet(self.directory, ARTICLE_SCHEMA))


class WriteRejects(beam.PTransform):
    """Rejects -> ``directory/part-*.parquet``, payloads truncated to ``max_payload_chars``."""

    def __init__(self, directory: str, max_payload_chars: int):
        super().__init__()
        self.directory = directory
        self.max_payload_chars = max_payload_chars

    def expand(self, rejects):
        limit = self.max_payload_chars
        return (rejects
                | "ToRow" >> beam.ParDo(_CountThenConvert(count_reject, lambda reject: reject.to_row(limit)))
                | "Write" >> _parquet(self.directory, REJECT_SCHEMA))


def window_file_name(window_start, window_end, pane_index: int, row_keys: list[str]) -> str:
    """``ingest_date=<window start, UTC>/part-<start>-<end>-pane<i>-<digest>.parquet``. The digest of the rows'
    keys keeps every firing's file apart (a late pane never replaces the first), and a retried bundle
    rewrites the same name with the same rows."""
    digest = hashlib.blake2b("\n".join(sorted(row_keys)).encode("utf-8"), digest_size=6).hexdigest()
    return (f"ingest_date={window_start:%Y-%m-%d}/part-{window_start:%Y%m%dT%H%M%S}-{window_end:%Y%m%dT%H%M%S}"
            f"-pane{pane_index}-{digest}.parquet")


class _WriteWindowFileFn(beam.DoFn):
    """One Parquet file per window, pane and shard: written under a temporary name, then renamed into place."""

    def __init__(self, directory: str, schema, row_key):
        self.directory = directory
        self.schema = schema
        self.row_key = row_key

    def process(self, shard_rows, window=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam):
        rows = list(shard_rows[1])
        name = window_file_name(window.start.to_utc_datetime(), window.end.to_utc_datetime(),
                                pane.index if pane else 0, [self.row_key(row) for row in rows])
        final = FileSystems.join(self.directory, name)
        temporary = FileSystems.join(self.directory, f".tmp-{uuid.uuid4().hex}.parquet")
        if FileSystems.get_scheme(self.directory) is None:
            os.makedirs(os.path.dirname(final), exist_ok=True)
        with FileSystems.create(temporary) as handle:
            pq.write_table(pa.Table.from_pylist(rows, self.schema), handle, compression="zstd")
        if FileSystems.exists(final):
            FileSystems.delete([final])  # the same rows again (a retried bundle)
        FileSystems.rename([temporary], [final])
        yield final


class WriteWindowedParquet(beam.PTransform):
    """Windowed records -> one Parquet file per window, pane and shard under ``directory``; a reader never
    sees a partial file."""

    def __init__(self, directory: str, schema, to_row, count_fn, row_key, shards: int = 1):
        super().__init__()
        self.directory = directory
        self.schema = schema
        self.to_row = to_row
        self.count_fn = count_fn
        self.row_key = row_key
        self.shards = shards

    def expand(self, records):
        shards, row_key = self.shards, self.row_key
        return (records
                | "ToRow" >> beam.ParDo(_CountThenConvert(self.count_fn, self.to_row))
                | "ByShard" >> beam.Map(lambda row: (zlib.crc32(row_key(row).encode("utf-8")) % shards, row))
                | "GroupShard" >> beam.GroupByKey()
                | "WriteFile" >> beam.ParDo(_WriteWindowFileFn(self.directory, self.schema, row_key)))
