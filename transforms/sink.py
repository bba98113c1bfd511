"""Writing the two output tables as Parquet, with the schemas of ``schemas/``."""
from __future__ import annotations

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.io.parquetio import WriteToParquet

from schemas import ARTICLE_SCHEMA, REJECT_SCHEMA


class WriteArticles(beam.PTransform):
    def __init__(self, output_dir: str):
        super().__init__()
        self.output_dir = output_dir

    def expand(self, articles):
        return (
            articles
            | "ToRow" >> beam.Map(lambda article: article.to_row())
            | "Write" >> WriteToParquet(FileSystems.join(self.output_dir, "articles", "part"), ARTICLE_SCHEMA,
                                        file_name_suffix=".parquet", codec="zstd")
        )


class WriteRejects(beam.PTransform):
    def __init__(self, output_dir: str, max_payload_chars: int):
        super().__init__()
        self.output_dir = output_dir
        self.max_payload_chars = max_payload_chars

    def expand(self, rejects):
        limit = self.max_payload_chars
        return (
            rejects
            | "ToRow" >> beam.Map(lambda reject: reject.to_row(limit))
            | "Write" >> WriteToParquet(FileSystems.join(self.output_dir, "rejects", "part"), REJECT_SCHEMA,
                                        file_name_suffix=".parquet", codec="zstd")
        )
