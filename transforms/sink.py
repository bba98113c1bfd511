"""Writing the two output tables as Parquet, with the schemas of ``schemas/``, and counting what is written
(the ``output`` metrics of the run manifest)."""
from __future__ import annotations

import hashlib
import os
import uuid
import zlib
from typing import Iterable, Optional

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems
from apache_beam.transforms import window

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


# A bundle's files are written here, inside the table's partition directory, then renamed into it
# (``CommitFiles``); readers skip names that start with "_".
TEMPORARY_DIR = "_temporary"
# As Beam's WriteToParquet wrote them (list elements named "item", as in the partitions written
# before), zstd-compressed.
PARQUET_OPTIONS = {"compression": "zstd", "use_compliant_nested_type": False}
PARQUET_MIME_TYPE = "application/x-parquet"
# Rows are turned into Arrow batches this many at a time, so that a row group's size is known as it
# fills and only one batch of rows is held as Python objects.
BATCH_ROWS = 1000


def part_file_names(count: int) -> list[str]:
    """The names of a table's ``count`` files, as Beam's file sinks name shards."""
    return [f"part-{index:05d}-of-{count:05d}.parquet" for index in range(count)]


class _WriteBundleFileFn(beam.DoFn):
    """Rows -> one Parquet file per bundle in ``directory/_temporary``, in row groups of about
    ``row_group_bytes``; when the bundle ends, ``(directory, its path)``. The file of a bundle that
    fails is never emitted, so never committed (a retried bundle writes another)."""

    def __init__(self, directory: str, schema: pa.Schema, row_group_bytes: int = ROW_GROUP_BYTES,
                 batch_rows: int = BATCH_ROWS):
        self.directory = directory
        self.schema = schema
        self.row_group_bytes = row_group_bytes
        self.batch_rows = batch_rows
        self._writer = self._handle = None  # the open file of the bundle under way

    def start_bundle(self):
        self._close()  # the file of a bundle that failed, if any: never emitted, never committed
        self._rows: list[dict] = []
        self._batches: list[pa.RecordBatch] = []
        self._batched_bytes = 0
        self._path = None

    def process(self, row: dict):
        self._rows.append(row)
        if len(self._rows) >= self.batch_rows:
            self._batch()
            if self._batched_bytes >= self.row_group_bytes:
                self._write_row_group()

    def finish_bundle(self):
        self._batch()
        self._write_row_group()
        if self._writer is not None:
            self._close()
            yield window.GlobalWindows.windowed_value((self.directory, self._path))

    def teardown(self):
        self._close()

    def _close(self) -> None:
        writer, handle, self._writer, self._handle = self._writer, self._handle, None, None
        try:
            if writer is not None:
                writer.close()
        finally:
            if handle is not None:
                handle.close()

    def _batch(self) -> None:
        if self._rows:
            batch = pa.RecordBatch.from_pylist(self._rows, self.schema)
            self._rows = []
            self._batches.append(batch)
            self._batched_bytes += batch.nbytes

    def _write_row_group(self) -> None:
        if not self._batches:
            return
        if self._writer is None:
            self._path = FileSystems.join(self.directory, TEMPORARY_DIR, f"{uuid.uuid4().hex}.parquet")
            self._handle = FileSystems.create(self._path, mime_type=PARQUET_MIME_TYPE)
            self._writer = pq.ParquetWriter(self._handle, self.schema, **PARQUET_OPTIONS)
        table = pa.Table.from_batches(self._batches, self.schema)
        self._writer.write_table(table, row_group_size=table.num_rows)
        self._batches, self._batched_bytes = [], 0


def _names(pattern: str) -> set[str]:
    """The file names (without their directory) that ``pattern`` matches: one listing."""
    return {FileSystems.split(found.path)[1] for found in FileSystems.match([pattern])[0].metadata_list}


def commit_files(directory: str, paths: Iterable[Optional[str]], schema: pa.Schema) -> list[str]:
    """Renames the files bundles wrote (``paths``, None ignored) to ``directory/part-*-of-*.parquet``
    and removes what is left in the temporary directory (the files of bundles that failed); a table
    with no file gets one with no rows, so that its partition reads as a table. Two listings, then
    one bulk rename, whatever the number of files (one request per file adds up on object stores).
    Safe to run again (a retried commit): a file already renamed is skipped. The final paths."""
    written = sorted({path for path in paths if path})
    final_names = part_file_names(max(1, len(written)))
    finals = [FileSystems.join(directory, name) for name in final_names]
    temporary = FileSystems.join(directory, TEMPORARY_DIR)
    waiting = _names(FileSystems.join(temporary, "*"))
    committed = _names(FileSystems.join(directory, "part-*.parquet"))
    if written:
        names = [FileSystems.split(path)[1] for path in written]
        missing = [path for path, name, final in zip(written, names, final_names)
                   if name not in waiting and final not in committed]
        if missing:
            raise FileNotFoundError(f"files written by bundles that succeeded are gone before their commit: {missing}")
        moving = [(path, final) for path, name, final in zip(written, names, finals) if name in waiting]
        if moving:
            FileSystems.rename([path for path, _ in moving], [final for _, final in moving])
            waiting -= {FileSystems.split(path)[1] for path, _ in moving}
    elif final_names[0] not in committed:
        with FileSystems.create(finals[0], mime_type=PARQUET_MIME_TYPE) as handle:
            pq.write_table(schema.empty_table(), handle, **PARQUET_OPTIONS)
    if waiting:  # object stores have no directory to delete: the files, by name
        FileSystems.delete([FileSystems.join(temporary, name) for name in sorted(waiting)])
    if FileSystems.exists(temporary):  # a local or HDFS directory
        FileSystems.delete([temporary])
    return finals


class CommitFiles(beam.PTransform):
    """The ``(directory, path)`` of every file the writers wrote -> each table's files renamed into
    place (``commit_files``), in one stage for all tables once every writer is done. ``schemas``:
    each table's directory and schema, for a table with no rows."""

    def __init__(self, schemas: dict[str, pa.Schema]):
        super().__init__()
        self.schemas = schemas

    def expand(self, written):
        schemas = self.schemas
        # Every table reaches the commit, also one no bundle wrote to (one stage: no reshuffle).
        every_table = written[0].pipeline | "EveryTable" >> beam.Create([(directory, None) for directory in schemas],
                                                                         reshuffle=False)
        return ((*written, every_table)
                | "AllFiles" >> beam.Flatten()
                | "ByTable" >> beam.GroupByKey()
                | "Commit" >> beam.FlatMapTuple(lambda directory, paths: commit_files(directory, paths,
                                                                                      schemas[directory])))


class WriteArticles(beam.PTransform):
    """Articles -> Parquet files in ``directory/_temporary``: their ``(directory, path)``, for ``CommitFiles``."""

    def __init__(self, directory: str):
        super().__init__()
        self.directory = directory

    def expand(self, articles):
        return (articles
                | "ToRow" >> beam.ParDo(_CountThenConvert(count_article, Article.to_row))
                | "Write" >> beam.ParDo(_WriteBundleFileFn(self.directory, ARTICLE_SCHEMA)))


class WriteRejects(beam.PTransform):
    """Rejects -> Parquet files as ``WriteArticles``, payloads truncated to ``max_payload_chars``."""

    def __init__(self, directory: str, max_payload_chars: int):
        super().__init__()
        self.directory = directory
        self.max_payload_chars = max_payload_chars

    def expand(self, rejects):
        limit = self.max_payload_chars
        return (rejects
                | "ToRow" >> beam.ParDo(_CountThenConvert(count_reject, lambda reject: reject.to_row(limit)))
                | "Write" >> beam.ParDo(_WriteBundleFileFn(self.directory, REJECT_SCHEMA)))


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
