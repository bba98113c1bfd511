"""Writing the two output tables as Parquet, with the schemas of ``schemas/``, and counting what is written
(the ``output`` metrics of the run manifest)."""
from __future__ import annotations

import apache_beam as beam
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
