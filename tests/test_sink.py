"""The batch sink: one Parquet file per bundle, renamed into place by one commit once every writer is done."""
import os

import apache_beam as beam
import pyarrow.parquet as pq
import pytest
from apache_beam.options.pipeline_options import PipelineOptions

from pipelines.local_runner import BoundedBundleRunner

from schemas import ARTICLE_SCHEMA, REJECT_SCHEMA
from transforms.records import Reject
from transforms.sink import (TEMPORARY_DIR, CommitFiles, WriteArticles, WriteRejects, _WriteBundleFileFn,
                             commit_files, part_file_names)


def _reject(number: int) -> Reject:
    return Reject(source_id=f"r{number:05d}", stage="parse", error="JSONDecodeError: x", payload="{" * (number % 7))


def _rows(directory):
    return sorted(row["source_id"] for row in pq.read_table(directory).to_pylist())


class _FailOnceAfterAFileIsWritten(beam.DoFn):
    """Fails the first bundle that wrote a file (fused after the writer: the file is on disk)."""

    def __init__(self, flag: str):
        self.flag = flag

    def process(self, written):
        try:
            os.close(os.open(self.flag, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            yield written
            return
        raise RuntimeError("the worker lost its disk")


def test_every_row_is_committed_once_also_when_a_bundle_failed_after_writing_its_file(tmp_path):
    rejects_dir, articles_dir = str(tmp_path / "rejects"), str(tmp_path / "articles")
    options = PipelineOptions(direct_running_mode="multi_processing", direct_num_workers=2)
    with beam.Pipeline(runner=BoundedBundleRunner(max_bundle_bytes=16 << 10), options=options) as pipeline:
        rejects = pipeline | "Rejects" >> beam.Create([_reject(n) for n in range(3000)])  # several bundles
        written = (rejects | WriteRejects(rejects_dir, 100)
                   | beam.ParDo(_FailOnceAfterAFileIsWritten(str(tmp_path / "failed"))),
                   pipeline | "NoArticles" >> beam.Create([]) | WriteArticles(articles_dir))
        _ = written | CommitFiles({rejects_dir: REJECT_SCHEMA, articles_dir: ARTICLE_SCHEMA})
    assert (tmp_path / "failed").exists()
    names = sorted(path.name for path in (tmp_path / "rejects").iterdir())
    assert len(names) > 1 and names == part_file_names(len(names)) and not (tmp_path / "articles" / TEMPORARY_DIR).exists()
    assert _rows(rejects_dir) == [f"r{n:05d}" for n in range(3000)]
    # A table no bundle wrote to still reads as a table: one file, no rows, its schema.
    empty = pq.read_table(tmp_path / "articles" / "part-00000-of-00001.parquet")
    assert empty.num_rows == 0 and empty.schema.equals(ARTICLE_SCHEMA)
    # Lists as Beam's WriteToParquet wrote them in the partitions before: elements named "item".
    assert empty.schema.field("removed_lines").type.value_field.name == "item"
    assert sorted(path.name for path in (tmp_path / "articles").iterdir()) == ["part-00000-of-00001.parquet"]


def _write_bundle(directory: str, rows: list[dict], **sizes) -> str:
    writer = _WriteBundleFileFn(directory, REJECT_SCHEMA, **sizes)
    writer.start_bundle()
    for row in rows:
        assert list(writer.process(row) or []) == []
    [emitted] = list(writer.finish_bundle())
    assert emitted.value[0] == directory
    return emitted.value[1]


def test_a_bundle_writes_row_groups_of_about_the_size_asked(tmp_path):
    rows = [_reject(n).to_row(100) for n in range(500)]
    path = _write_bundle(str(tmp_path), rows, row_group_bytes=2000, batch_rows=50)  # a batch: ~2.8 KB
    metadata = pq.ParquetFile(path).metadata
    assert metadata.num_rows == 500 and metadata.num_row_groups == 10
    assert pq.read_table(path).to_pylist() == rows


def test_a_bundle_with_no_rows_writes_no_file(tmp_path):
    writer = _WriteBundleFileFn(str(tmp_path), REJECT_SCHEMA)
    writer.start_bundle()
    assert list(writer.finish_bundle()) == [] and list(tmp_path.iterdir()) == []


def test_only_the_files_of_successful_bundles_are_committed_and_a_retried_commit_changes_nothing(tmp_path):
    directory = str(tmp_path)
    kept = [_write_bundle(directory, [_reject(n).to_row(100)]) for n in range(3)]
    _write_bundle(directory, [_reject(99).to_row(100)])  # a failed bundle's file: its path was never emitted
    finals = commit_files(directory, [kept[2], None, kept[0], kept[1]], REJECT_SCHEMA)
    assert [path.rsplit("/", 1)[1] for path in finals] == part_file_names(3)
    assert _rows(directory) == ["r00000", "r00001", "r00002"] and not (tmp_path / TEMPORARY_DIR).exists()
    assert commit_files(directory, kept, REJECT_SCHEMA) == finals and _rows(directory) == ["r00000", "r00001", "r00002"]


def test_a_commit_retried_after_renaming_some_files_renames_the_others_to_the_same_names(tmp_path):
    directory = str(tmp_path)
    kept = sorted(_write_bundle(directory, [_reject(n).to_row(100)]) for n in range(3))
    rows_by_path = {path: pq.read_table(path).to_pylist() for path in kept}
    (tmp_path / TEMPORARY_DIR / kept[1].rsplit("/", 1)[1]).rename(tmp_path / "part-00001-of-00003.parquet")
    finals = commit_files(directory, kept, REJECT_SCHEMA)  # the first attempt died after one rename
    assert [pq.read_table(final).to_pylist() for final in finals] == [rows_by_path[path] for path in kept]


def test_a_commit_whose_files_are_gone_fails_rather_than_publish_a_partial_table(tmp_path):
    directory = str(tmp_path)
    path = _write_bundle(directory, [_reject(1).to_row(100)])
    (tmp_path / TEMPORARY_DIR / path.rsplit("/", 1)[1]).unlink()
    with pytest.raises(FileNotFoundError, match=f"gone before their commit: .*{path.rsplit('/', 1)[1]}"):
        commit_files(directory, [path], REJECT_SCHEMA)
