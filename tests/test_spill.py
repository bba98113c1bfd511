"""The local runner's spilling buffers: the same groups and chunks as Beam's in-memory buffers,
with the data on disk past the bound; and a pipeline run that spills gives the rows of one that
does not."""
from __future__ import annotations

import os
import subprocess
import sys

import apache_beam as beam
from apache_beam import coders
from apache_beam.coders.coders import GlobalWindowCoder
from apache_beam.coders.coder_impl import create_OutputStream
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.portability.fn_api_runner.execution import GroupingBuffer, ListBuffer
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms import core
from apache_beam.transforms.window import GlobalWindows
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.local_runner import BoundedBundleRunner
from pipelines.spill import (SPILL_PREFIX, FileChunk, SpillArea, SpillingGroupingBuffer, SpillingListBuffer, load,
                             remove_stale_spill_dirs, stale_spill_dirs)

KV = coders.WindowedValueCoder(coders.TupleCoder([coders.StrUtf8Coder(), coders.BytesCoder()]), GlobalWindowCoder())
GROUPED = coders.WindowedValueCoder(
    coders.TupleCoder([coders.StrUtf8Coder(), coders.IterableCoder(coders.BytesCoder())]), GlobalWindowCoder())


def _encoded(pairs) -> bytes:
    stream = create_OutputStream()
    for key, value in pairs:
        KV.get_impl().encode_to_stream(GlobalWindows.windowed_value((key, value)), stream, True)
    return stream.get()


def _groups(parts) -> dict:
    groups = {}
    for part in parts:
        for chunk in part:
            for windowed in GROUPED.get_impl().decode_all(load(chunk)):
                key, values = windowed.value
                assert key not in groups
                groups[key] = list(values)
    return groups


@given(st.lists(st.tuples(st.sampled_from("abcdefgh"), st.binary(max_size=40)), max_size=200),
       st.integers(1, 7), st.integers(1, 300))
@settings(max_examples=60, deadline=None)
def test_spilled_grouping_gives_beams_groups(tmp_path_factory, pairs, parts, limit):
    area = SpillArea(limit, parent=str(tmp_path_factory.mktemp("spill")))
    plain = GroupingBuffer(KV, GROUPED, core.Windowing(GlobalWindows()))
    spilling = SpillingGroupingBuffer(KV, GROUPED, core.Windowing(GlobalWindows()), area)
    for start in range(0, len(pairs), 7):  # outputs arrive in chunks
        chunk = _encoded(pairs[start:start + 7])
        plain.append(chunk)
        spilling.append(chunk)
    assert _groups(spilling.partition(parts)) == _groups(plain.partition(parts))  # values in arrival order
    if sum(len(v) for _, v in pairs) > 3 * limit + 100:
        assert area.files > 1  # it did spill: runs, then the grouped output
    area.remove()


def test_spilled_grouping_cut_into_many_parts_holds_a_bounded_amount_unwritten(tmp_path, monkeypatch):
    """Each part's grouped bytes go to disk in chunks of a share of ``_GROUPED_HELD_BYTES``, so many
    parts (the local runner cuts grouped inputs into 256 per worker) do not hold more in memory."""
    import pipelines.spill as spill

    monkeypatch.setattr(spill, "_GROUPED_HELD_BYTES", 16 * 1024)
    monkeypatch.setattr(spill, "_MIN_CHUNK_BYTES", 256)
    pairs = [(f"key{i:04d}", bytes([i % 251]) * 90) for i in range(2000)]
    area = SpillArea(4096, parent=str(tmp_path))
    plain = GroupingBuffer(KV, GROUPED, core.Windowing(GlobalWindows()))
    spilling = SpillingGroupingBuffer(KV, GROUPED, core.Windowing(GlobalWindows()), area)
    for start in range(0, len(pairs), 50):
        chunk = _encoded(pairs[start:start + 50])
        plain.append(chunk)
        spilling.append(chunk)
    parts = spilling.partition(16)
    assert _groups(parts) == _groups(plain.partition(16))
    chunks = [chunk for part in parts for chunk in part]
    assert all(isinstance(chunk, FileChunk) for chunk in chunks)
    # 16 KB over 16 parts: chunks of 1 KB, give or take one group (~110 bytes), where 1 MB would be one each
    assert max(len(chunk) for chunk in chunks) <= 1024 + 200 and len(chunks) > 100
    area.remove()


def test_spilled_list_buffer_keeps_chunks_in_order_and_partitions_like_beams(tmp_path):
    area = SpillArea(100, parent=str(tmp_path))
    chunks = [_encoded([(f"k{i}", bytes([i]) * 30)]) for i in range(20)]
    plain, spilling = ListBuffer(KV.get_impl()), SpillingListBuffer(KV.get_impl(), area)
    for chunk in chunks:
        plain.append(chunk)
        spilling.append(chunk)
    assert any(isinstance(chunk, FileChunk) for chunk in spilling._inputs)
    assert list(spilling) == chunks
    assert [[load(c) for c in part] for part in spilling.partition(3)] == plain.partition(3)
    assert list(spilling.copy()) == chunks
    few = SpillingListBuffer(KV.get_impl(), area)  # fewer chunks than parts: Beam re-encodes them
    few_plain = ListBuffer(KV.get_impl())
    for buffer in (few, few_plain):
        buffer.append(chunks[0] + chunks[1])
    assert few.partition(2) == few_plain.partition(2)


def test_a_pipeline_that_spills_every_shuffle_delivers_every_element():
    runner = BoundedBundleRunner(max_bundle_bytes=64 << 10, spill_bytes=32 << 10)
    options = PipelineOptions(direct_running_mode="multi_processing", direct_num_workers=2)
    pipeline = beam.Pipeline(runner=runner, options=options)
    values = (pipeline | beam.Create(range(3000)) | beam.Reshuffle()
              | beam.Map(lambda i: (i % 97, f"{i}:" + "x" * 200)))
    sizes = (values | beam.GroupByKey()
             | beam.Map(lambda kv: (kv[0], sorted(int(v.split(":")[0]) for v in kv[1]))))
    assert_that(sizes, equal_to([(k, list(range(k, 3000, 97))) for k in range(97)]))
    pipeline.run().wait_until_finish()
    assert runner.spill_files > 6  # the reshuffle's runs and the GroupByKey's, and their grouped outputs


def test_a_flatten_that_feeds_a_map_spills_its_list_buffer_and_delivers_every_element(monkeypatch):
    from pipelines import spill

    created = []
    original = spill.SpillArea.new_path
    monkeypatch.setattr(spill.SpillArea, "new_path", lambda self, kind: created.append(kind) or original(self, kind))
    runner = BoundedBundleRunner(max_bundle_bytes=64 << 10, spill_bytes=32 << 10)
    pipeline = beam.Pipeline(runner=runner)
    halves = [pipeline | f"Half{half}" >> beam.Create(range(half, 3000, 2)) | f"Spread{half}" >> beam.Reshuffle()
              | f"Pad{half}" >> beam.Map(lambda i: f"{i}:" + "x" * 200) for half in (0, 1)]
    numbers = halves | beam.Flatten() | beam.Map(lambda value: int(value.split(":")[0]))
    assert_that(numbers, equal_to(list(range(3000))))
    pipeline.run().wait_until_finish()
    assert "list" in created


def test_the_ingest_job_gives_the_same_rows_when_every_buffer_spills(tmp_path, monkeypatch):
    from pipelines import ingest, spill
    from tests.conftest import SEEDS_DIR, partition_rows

    args = ["--input", str(SEEDS_DIR), "--run_date", "2026-11-25", "--direct_running_mode", "in_memory",
            "--direct_num_workers", "1"]
    assert ingest.run(args + ["--output", str(tmp_path / "memory")])["status"] == "succeeded"
    created = []
    original = spill.SpillArea.new_path
    # (every collection the job passes from one stage to the next goes into a grouping, once Flattens
    # feed their groupings directly and the written files' names go to one commit)
    monkeypatch.setattr(spill, "SPILL_BYTES", 100)
    monkeypatch.setattr(spill.SpillArea, "new_path", lambda self, kind: created.append(kind) or original(self, kind))
    assert ingest.run(args + ["--output", str(tmp_path / "disk")])["status"] == "succeeded"
    assert created.count("run") >= 10 and "grouped" in created
    for table in ("articles", "rejects"):
        assert partition_rows(tmp_path / "disk", table, "2026-11-25") == \
            partition_rows(tmp_path / "memory", table, "2026-11-25")


def test_a_spilling_buffer_takes_over_beams_buffer_and_its_values(tmp_path):
    area = SpillArea(64, parent=str(tmp_path))
    windowing = core.Windowing(GlobalWindows())
    first, second = _encoded([("a", b"1"), ("b", b"2")]), _encoded([("a", b"3"), ("c", b"4")])
    everything = GroupingBuffer(KV, GROUPED, windowing)
    beams = GroupingBuffer(KV, GROUPED, windowing)
    for buffer in (everything, beams):
        buffer.append(first)
    everything.append(second)
    spilling = SpillingGroupingBuffer.replacing(beams, area)  # Beam's decoded values become encoded elements
    late = GroupingBuffer(KV, GROUPED, windowing)
    late.append(second)
    spilling.extend(late)
    assert _groups(spilling.partition(2)) == _groups(everything.partition(2)) == {"a": [b"1", b"3"], "b": [b"2"],
                                                                                   "c": [b"4"]}


def test_stale_spill_dirs_are_only_this_hosts_dead_processes():
    names = [f"{SPILL_PREFIX}web1-100-abc", f"{SPILL_PREFIX}web1-200-def", f"{SPILL_PREFIX}web2-100-ghi",
             f"{SPILL_PREFIX}k2x8f0", "other-dir", f"{SPILL_PREFIX}web1-xyz-abc"]
    assert stale_spill_dirs(names, "web1", alive=lambda pid: pid == 200) == [f"{SPILL_PREFIX}web1-100-abc"]


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_new_spill_area_removes_the_files_of_a_killed_run_and_keeps_live_ones(tmp_path):
    killed = SpillArea(100, parent=str(tmp_path))
    live_dir = killed.directory
    with open(killed.new_path("list"), "wb") as handle:
        handle.write(b"x" * 1000)
    # The same directory as a killed process would have left it.
    dead_dir = live_dir.replace(f"-{os.getpid()}-", f"-{_dead_pid()}-")
    os.rename(live_dir, dead_dir)
    os.mkdir(live_dir)  # this process's own, still in use
    assert os.path.basename(dead_dir).startswith(SPILL_PREFIX)
    area = SpillArea(100, parent=str(tmp_path))
    assert not os.path.exists(dead_dir)
    assert os.path.isdir(live_dir) and os.path.isdir(area.directory)
    assert remove_stale_spill_dirs(str(tmp_path)) == []
    area.remove()
