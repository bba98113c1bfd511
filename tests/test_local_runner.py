"""The local runner's bounded bundles: pure grouping of parts, and a multi-process run whose joins
must deliver every element (the loss this runner avoids shows above ~512 MB per worker share;
``python -m benchmarks.runner_loss`` reproduces it at full size)."""
from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.util import assert_that, equal_to
from hypothesis import given, strategies as st

from pipelines.local_runner import BoundedBundleRunner, group_parts


def test_group_parts_bounds_each_bundle_and_keeps_order():
    runs = group_parts([10, 10, 10, 10, 10, 10], max_bytes=25, min_groups=2)
    assert runs == [range(0, 2), range(2, 4), range(4, 6)]


def test_group_parts_gives_each_worker_a_bundle_even_when_small():
    assert group_parts([1, 1, 1, 1], max_bytes=100, min_groups=2) == [range(0, 2), range(2, 4)]


def test_a_part_over_the_bound_stands_alone():
    assert group_parts([5, 500, 5], max_bytes=100, min_groups=1) == [range(0, 1), range(1, 2), range(2, 3)]


def test_no_parts_no_bundles():
    assert group_parts([], max_bytes=100, min_groups=2) == []


@given(st.lists(st.integers(0, 1000), max_size=80), st.integers(1, 2000), st.integers(1, 4))
def test_group_parts_covers_every_part_once_in_order(sizes, max_bytes, min_groups):
    runs = group_parts(sizes, max_bytes, min_groups)
    assert [i for run in runs for i in run] == list(range(len(sizes)))
    assert all(len(run) for run in runs)
    for run in runs:
        assert len(run) == 1 or sum(sizes[i] for i in run) <= max_bytes
    assert len(runs) >= min(min_groups, len(sizes))


def _attach(kv):
    _, joined = kv
    for right in joined["pair"]:
        for value in list(joined["value"])[:1]:
            yield right, value


def _count_lefts(kv):
    _, joined = kv
    return len(list(joined["left"]))


class _CountBundles(beam.DoFn):
    def start_bundle(self):
        Metrics.counter("test", "bundles").inc()

    def process(self, element):
        yield element


def test_multi_process_joins_deliver_every_element_in_bounded_bundles():
    nodes, fanout = 600, 12
    options = PipelineOptions(direct_running_mode="multi_processing", direct_num_workers=2)
    pipeline = beam.Pipeline(runner=BoundedBundleRunner(max_bundle_bytes=64 << 10), options=options)
    ids = pipeline | beam.Create(range(nodes)) | beam.Reshuffle()
    values = ids | "Values" >> beam.Map(lambda i: (i, f"{i}:" + "x" * 500))
    pairs = ids | "Pairs" >> beam.FlatMap(lambda i: [(i, (i * 7 + j) % nodes) for j in range(fanout)])
    with_left = ({"pair": pairs, "value": values} | "JoinLeft" >> beam.CoGroupByKey()
                 | "Attach" >> beam.FlatMap(_attach))
    lefts = ({"left": with_left, "value": values} | "JoinRight" >> beam.CoGroupByKey()
             | "Bundles" >> beam.ParDo(_CountBundles()) | beam.Map(_count_lefts) | beam.CombineGlobally(sum))
    assert_that(lefts, equal_to([nodes * fanout]))
    result = pipeline.run()
    result.wait_until_finish()
    bundles = result.metrics().query(MetricsFilter().with_name("bundles"))["counters"]
    # 600 x 12 values of ~510 bytes is ~3.7 MB: dozens of 64 KB bundles, not one per worker.
    assert sum(c.committed for c in bundles) > 20
