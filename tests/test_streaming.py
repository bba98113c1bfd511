"""The streaming pipeline driven by a TestStream: articles across windows, a wire copy two windows after
its original, a late article, a very late one and a bad record -> per-window Parquet files."""
import datetime
import json
from pathlib import Path

import apache_beam as beam
import pyarrow.parquet as pq
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_stream import TestStream as EventStream
from apache_beam.transforms.window import TimestampedValue

from pipelines.options import IngestOptions
from pipelines.stream import build_streaming, streaming_runner
from tests.conftest import SEEDS_DIR
from transforms.read import ParseMessages
from transforms.windowing import event_time

T0 = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.timezone.utc).timestamp()


def at(minutes: float) -> float:
    return T0 + minutes * 60


def iso(minutes: float) -> str:
    return datetime.datetime.fromtimestamp(at(minutes), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def message(name: str, minutes: float, record) -> TimestampedValue:
    data = record if isinstance(record, bytes) else json.dumps(record).encode()
    return TimestampedValue((name, data), at(minutes))


def seed(name: str) -> str:
    return (SEEDS_DIR / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def stream_output(tmp_path_factory):
    output = tmp_path_factory.mktemp("stream")
    original = seed("000_ccea0562d6af5c3c.txt")
    paragraphs = original.split("\n\n")
    copy = "Moscou et Washington: le partage d'informations en question\n\n" + "\n\n".join(paragraphs[1:-2])
    events = (
        EventStream()
        .advance_watermark_to(at(0))
        .add_elements([message("m-a", 1.5, {"id": "A", "text": original, "published": iso(1)}),
                       message("m-b", 2, {"id": "B", "text": seed("004_47a8d26bfe0bae9d.txt")}),
                       message("m-bad", 3, b'{"id": "broken", "text": ')])
        .advance_watermark_to(at(6))                       # window [10:00, 10:05) fires
        .add_elements([message("m-c", 7, {"id": "C", "text": seed("003_af504ecc45397023.txt")})])
        .advance_watermark_to(at(11))                      # window [10:05, 10:10) fires
        .add_elements([message("m-copy", 12, {"id": "A-copy", "text": copy, "published": iso(12)}),
                       message("m-late", 13, {"id": "L", "text": seed("001_15de2dfd7f28f781.txt"),
                                              "published": iso(3)}),
                       message("m-very-late", 14, {"id": "V", "text": seed("002_ff719ec247732616.txt"),
                                                   "published": iso(-120)})])
        .advance_watermark_to(at(75))                      # the bands last saw A's text at 10:12: forgotten at 11:12
        .add_elements([message("m-copy-2", 80, {"id": "A-copy-2", "text": copy + "\n\nMise à jour.",
                                                "published": iso(80)})])
        .advance_watermark_to_infinity()
    )
    options = PipelineOptions(["--output", str(output), "--window_minutes", "5", "--allowed_lateness_minutes", "30",
                               "--dedup_horizon_hours", "1"]).view_as(IngestOptions)
    with beam.Pipeline(runner=streaming_runner(), options=PipelineOptions(streaming=True)) as pipeline:
        read = pipeline | "Events" >> events | "ParseMessages" >> ParseMessages(options.max_doc_chars)
        build_streaming(read, options)
    return output


def _files(output: Path, table: str) -> dict:
    """window-and-pane part of the file name -> rows."""
    files = sorted((output / table).glob("ingest_date=*/*.parquet"))
    return {f"{p.parent.name}/{p.name.rsplit('-', 1)[0]}": pq.read_table(p).to_pylist() for p in files}


def test_each_window_and_late_pane_has_its_own_file(stream_output):
    files = {name: sorted(row["source_id"] for row in rows) for name, rows in _files(stream_output, "articles").items()}
    assert files == {
        "ingest_date=2026-11-25/part-20261125T100000-20261125T100500-pane0": ["A", "B"],
        "ingest_date=2026-11-25/part-20261125T100000-20261125T100500-pane1": ["L"],  # late, within lateness
        "ingest_date=2026-11-25/part-20261125T100500-20261125T101000-pane0": ["C"],
        "ingest_date=2026-11-25/part-20261125T101000-20261125T101500-pane0": ["A-copy", "V"],  # V: too late, arrival
        "ingest_date=2026-11-25/part-20261125T112000-20261125T112500-pane0": ["A-copy-2"],
    }


def test_a_copy_two_windows_later_points_to_the_original(stream_output):
    rows = {row["source_id"]: row for rows in _files(stream_output, "articles").values() for row in rows}
    assert rows["A-copy"]["duplicate_of"] == rows["A"]["doc_id"] == rows["A-copy"]["cluster_id"]
    assert rows["A-copy"]["duplicate_similarity"] > 0.8
    for name in ("A", "B", "C", "L", "V", "A-copy-2"):  # A-copy-2 came after the horizon
        assert rows[name]["duplicate_of"] is None and rows[name]["cluster_id"] == rows[name]["doc_id"]
    # The stages are the batch ones: cleaned, French, entities and quotes found.
    assert rows["A"]["language"] == "fr" and rows["A"]["entities"] and rows["A"]["quotes"]
    assert "Dmitri Peskov" in {q["speaker"] for q in rows["A"]["quotes"]}


def test_bad_record_is_a_reject_in_its_window(stream_output):
    files = _files(stream_output, "rejects")
    assert list(files) == ["ingest_date=2026-11-25/part-20261125T100000-20261125T100500-pane0"]
    [reject] = next(iter(files.values()))
    assert reject["source_id"] == "m-bad" and reject["stage"] == "parse" and "JSONDecodeError" in reject["error"]


def test_event_time_policy():
    assert event_time(iso(3), at(13), 30 * 60) == at(3)          # late but within lateness: its own window
    assert event_time(iso(-120), at(14), 30 * 60) == at(14)      # too late: arrival
    assert event_time(iso(600), at(14), 30 * 60) == at(14)       # dated in the future: arrival
    assert event_time(None, at(14), 30 * 60) == at(14)
    assert event_time("2026-11", at(14), 30 * 60) == at(14)      # coarser than a day: arrival
