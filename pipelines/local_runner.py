"""The local runner: Beam's FnApiRunner with stage inputs cut into bounded bundles.

Beam 2.77's FnApiRunner, with more than one worker, hands each worker its whole share of a stage's
input as one gRPC message (hundreds of MB at 10,000 articles). Measured on this machine: when a
share passes about 512 MB, a worker silently processes only part of it, and a different part on
each run (``python -m benchmarks.runner_loss``; the dedup join lost up to 31 % of its candidate pairs).
The same data in bundles of at most ``max_bundle_bytes`` arrive whole, and workers then hold one
bounded bundle at a time instead of a share of the whole collection.

Three more things Beam's local runner does not do, and distributed runners do:

- **Work goes to the free worker.** One thread per worker takes the next bundle when its worker
  is done with the last one, so a slow worker (or a noisy neighbour on its core) does not hold
  the other one idle at the end of a stage. Bundles of a large input shrink toward its end, so
  the last ones are small; a stage whose bundles go quickly takes several runs per bundle, as
  each bundle has a fixed cost (``BundleQueue``).
- **Failed bundles are retried** (``MAX_ATTEMPTS``), on whichever worker is free. A bundle's
  outputs are held apart and reach the stage's buffers only when it succeeds, so a retry never
  duplicates rows and a failed attempt leaves nothing behind.
- **A Flatten feeding a GroupByKey costs no stage of its own**: its producers write into the
  grouping buffer (``flattens_written_into_their_grouping``).

Otherwise only the scheduling changes: the same stage code, ``num_workers`` bundles in flight, one per
worker. Stateful stages keep Beam's single-bundle path (a key's state must not be processed
concurrently). The workers run ``pipelines.sdk_worker``, Beam's harness followed by an exit that
skips the interpreter's teardown; after ``start_standby_workers`` the next run takes workers whose
imports were done while its pipeline was being built: forked from one process that did them once
(``pipelines.fork_server``, Linux), or started one by one (``StandbyWorkers``, elsewhere).
"""
from __future__ import annotations

import collections
import itertools
import json
import logging
import os
import queue
import subprocess
import sys
import threading
import time
from typing import Mapping, Optional, Union

import grpc
from apache_beam.metrics import monitoring_infos
from apache_beam.portability import python_urns
from apache_beam.portability.api import beam_fn_api_pb2, beam_fn_api_pb2_grpc, beam_provision_api_pb2, endpoints_pb2
from apache_beam.runners.portability import local_job_service
from apache_beam.runners.portability.fn_api_runner import execution, fn_runner, translations, worker_handlers
from apache_beam.runners.portability.fn_api_runner.fn_runner import (BundleManager, ExtendedProvisionInfo,
                                                                     FnApiRunner, ParallelBundleManager)
from apache_beam.runners.worker import bundle_processor, log_handler
from apache_beam.utils import thread_pool_executor
from google.protobuf import json_format, text_format

from pipelines import sdk_worker
from pipelines.fork_server import FORK_WORKERS, ForkedWorker, ForkServer, wait_or_kill
from pipelines.spill import LoadedChunks, SpillArea, SpillingGroupingBuffer, SpillingListBuffer

_LOG = logging.getLogger(__name__)
# A worker's peak memory follows its bundles' size, in the dedup stages most: at 100,000 articles
# (no spaCy model, to measure the rest) 822 MB with 16 MB bundles, 717 MB with 8 MB (64 MB: 1.2 GB
# with the model), in the same wall time.
MAX_BUNDLE_BYTES = 8 << 20
# Attempts at a bundle before the run fails (Dataflow's batch default is 4).
MAX_ATTEMPTS = 3
# Parts per worker a stage input is first cut into; consecutive parts then form the bundles. A
# stage's last bundles are single parts, so one part's work is about how long a worker may wait
# for the other at the end of a stage: with 32, 0.6 s of the annotation stage at 2,000 articles
# and ~28 s at 100,000; with 256, an eighth of that, for ~10 more bundles per large stage.
# Grouped inputs only: Beam cuts a list of fewer chunks than parts element by element, in memory.
_PARTS_PER_WORKER = 256
_LIST_PARTS_PER_WORKER = 32
# Stage inputs of at least _SPREAD_BYTES go in bundles that shrink from 1/_BUNDLES_PER_WORKER of a
# worker's share (smaller ones in one per worker: each bundle has a fixed cost of a few milliseconds).
_BUNDLES_PER_WORKER = 4
_SPREAD_BYTES = 1 << 20
# A bundle is made of more runs while it would take less than this (see BundleQueue).
MIN_BUNDLE_SECONDS = 0.1


def group_parts(sizes: list[int], max_bytes: int, min_groups: int, tapering: bool = False) -> list[range]:
    """Consecutive runs of parts, each at most ``max_bytes`` (a part larger than that stands alone),
    at least ``min_groups`` of them (or one per part when there are fewer). The runs are of about
    even size; or, ``tapering``, each holds about 1/``min_groups`` of the bytes not yet grouped, so
    they shrink toward the end of the input and the workers' last bundles end close together."""
    if not sizes:
        return []
    total = sum(sizes)
    groups = min(len(sizes), max(min_groups, -(-total // max_bytes)))
    runs: list[range] = []
    start, done, filled = 0, 0, 0  # the open run starts at ``start`` and holds ``filled`` bytes
    for index, size in enumerate(sizes):
        if index > start:
            must_cut = len(sizes) - index == groups - len(runs) - 1  # one part left per missing group
            if tapering:  # this part would take the run further past its share than short of it
                share_reached = filled + size / 2 > (total - done) / min_groups
            else:
                share_reached = len(runs) < groups - 1 and (done + filled) * groups >= (len(runs) + 1) * total
            if must_cut or filled + size > max_bytes or share_reached:
                runs.append(range(start, index))
                start, done, filled = index, done + filled, 0
        filled += size
    runs.append(range(start, len(sizes)))
    return runs


class BundleQueue:
    """A stage's runs of parts, handed out in order as bundles, and its failed bundles again. A
    worker takes the next run together with the following ones while, at the rate the stage's
    bundles have gone so far, they would take under ``MIN_BUNDLE_SECONDS`` and hold at most
    ``max_bytes``: a bundle has a fixed cost, so a stage whose work is light runs in a few."""

    def __init__(self, runs: list[range], sizes: list[int], max_bytes: int):
        self._runs = collections.deque(runs)
        self._sizes = sizes
        self._max_bytes = max_bytes
        self._retries: collections.deque = collections.deque()
        self._bytes_done, self._seconds_done = 0, 0.0
        self._lock = threading.Lock()

    def take(self) -> Optional[tuple[range, int]]:
        """(parts, attempt number) of the next bundle, or None when none is left."""
        with self._lock:
            if self._retries:
                return self._retries.popleft()
            if not self._runs:
                return None
            run = self._runs.popleft()
            size = self.size(run)
            while self._runs and self._bytes_done and size * self._seconds_done < MIN_BUNDLE_SECONDS * self._bytes_done:
                more = self.size(self._runs[0])
                if size + more > self._max_bytes:
                    break
                run, size = range(run.start, self._runs.popleft().stop), size + more
            return run, 1

    def done(self, parts: range, seconds: float) -> None:
        with self._lock:
            self._bytes_done += self.size(parts)
            self._seconds_done += seconds

    def retry(self, parts: range, attempt: int) -> None:
        with self._lock:
            self._retries.append((parts, attempt))

    def pending(self) -> bool:
        """Whether a bundle is left to take (a run, or a failed bundle to retry)."""
        with self._lock:
            return bool(self._runs or self._retries)

    def size(self, parts: range) -> int:
        return sum(self._sizes[i] for i in parts)


class _StagedBuffer:
    """Collects one bundle attempt's output chunks for one buffer, instead of appending them to the
    stage's buffer as they arrive."""
    cleared = False

    def __init__(self, chunks: list[bytes]):
        self.chunks = chunks

    def append(self, chunk: bytes) -> None:
        self.chunks.append(chunk)

    def reset(self) -> None:
        pass


class _BundleAttempt:
    """What one attempt at a bundle sees of its stage: one worker, and output buffers that reach the
    stage's buffers only through ``commit``, once the attempt has succeeded. Everything else is the
    stage's (``execution.BundleContextManager``)."""

    def __init__(self, stage: execution.BundleContextManager, worker_handler, spill_area: Optional[SpillArea]):
        self._stage = stage
        self.worker_handlers = [worker_handler]
        self._spill_area = spill_area
        self._outputs: dict[tuple[bytes, str], list[bytes]] = {}

    def __getattr__(self, name):
        return getattr(self._stage, name)

    def get_buffer(self, buffer_id: bytes, transform_id: str) -> _StagedBuffer:
        return _StagedBuffer(self._outputs.setdefault((buffer_id, transform_id), []))

    def commit(self) -> None:
        for (buffer_id, transform_id), chunks in self._outputs.items():
            buffer = _spilling(self._stage, buffer_id, transform_id, self._spill_area)
            if buffer.cleared:
                buffer.reset()
            for chunk in chunks:
                buffer.append(chunk)


def _spilling(stage: execution.BundleContextManager, buffer_id: bytes, transform_id: str,
              spill_area: Optional[SpillArea]):
    """The stage's buffer for ``buffer_id`` (created if need be), made one that spills to disk when
    it is Beam's."""
    buffer = stage.get_buffer(buffer_id, transform_id)
    buffers = stage.execution_context.pcoll_buffers
    if spill_area is None or buffers.get(buffer_id) is not buffer:
        return buffer  # timers, or no spill area
    if type(buffer) is execution.GroupingBuffer:
        buffer = buffers[buffer_id] = SpillingGroupingBuffer.replacing(buffer, spill_area)
    elif type(buffer) is execution.ListBuffer:
        buffer = buffers[buffer_id] = SpillingListBuffer.replacing(buffer, spill_area)
    return buffer


class BoundedBundleManager(ParallelBundleManager):
    """Runs a stage's input as bundles of at most ``max_bundle_bytes``: one thread per worker takes
    the next bundle as its worker frees up, and a failed bundle is retried (on whichever worker is
    free) up to ``max_attempts`` times. A bundle's outputs reach the stage's buffers only when it
    succeeds, so a retry never duplicates rows."""

    def __init__(self, bundle_context_manager, progress_frequency=None, cache_token_generator=None,
                 max_bundle_bytes: int = MAX_BUNDLE_BYTES, max_attempts: int = MAX_ATTEMPTS,
                 spill_area: Optional[SpillArea] = None):
        super().__init__(bundle_context_manager, progress_frequency, cache_token_generator=cache_token_generator)
        self.max_bundle_bytes = max_bundle_bytes
        self.max_attempts = max_attempts
        self.spill_area = spill_area

    def process_bundle(self, inputs: Mapping[str, execution.PartitionableBuffer], expected_outputs,
                       fired_timers, expected_output_timers, dry_run: bool = False):
        parts = {name: buffer.partition(self._num_workers * (
            _PARTS_PER_WORKER if isinstance(buffer, execution.GroupingBuffer) else _LIST_PARTS_PER_WORKER))
            for name, buffer in inputs.items()}
        count = max([len(p) for p in parts.values()], default=1)
        sizes = [sum(len(chunk) for p in parts.values() if i < len(p) for chunk in p[i]) for i in range(count)]
        # Large inputs go in shrinking bundles, a few per worker at first, so that workers finishing
        # early take more and none is left with a large one at the end.
        spread = sum(sizes) >= _SPREAD_BYTES
        runs = group_parts(sizes, self.max_bundle_bytes, self._num_workers * (_BUNDLES_PER_WORKER if spread else 1),
                           tapering=spread)  # sizes is never empty
        bundles = BundleQueue(runs, sizes, self.max_bundle_bytes)

        def inputs_of(run: range) -> dict[str, LoadedChunks]:
            return {name: LoadedChunks(list(itertools.chain.from_iterable(p[i] for i in run if i < len(p))))
                    for name, p in parts.items()}

        results: dict[int, tuple] = {}
        failures: list[BaseException] = []
        lock = threading.Lock()
        # Succeeded attempts, committed in turn by one thread while the workers go on with their
        # next bundles (committing decodes grouped outputs in this process). It is the only writer
        # of the stage's buffers, so it takes no lock the workers' threads would wait on.
        # Bounded, so that workers outpacing the committer wait instead of piling outputs up here.
        commits: queue.Queue = queue.Queue(maxsize=self._num_workers)

        def commit_all():
            while (view := commits.get()) is not None:
                try:
                    view.commit()
                except Exception as exc:  # noqa: BLE001 - raised by process_bundle
                    with lock:
                        failures.append(exc)

        def attempt(worker_handler, index, part_inputs):
            view = _BundleAttempt(self.bundle_context_manager, worker_handler, self.spill_area)
            manager = BundleManager(view, self._progress_frequency, cache_token_generator=self._cache_token_generator)
            # Timers go with the first bundle only, as in Beam's ParallelBundleManager.
            result = manager.process_bundle(part_inputs, expected_outputs, fired_timers if index == 0 else {},
                                            expected_output_timers, dry_run)
            commits.put(view)
            return result

        def work(worker_handler):
            while not failures and _alive(worker_handler) and (taken := bundles.take()) is not None:
                run, attempt_number = taken
                started = time.perf_counter()
                try:
                    results[run.start] = attempt(worker_handler, run.start, inputs_of(run))
                    bundles.done(run, time.perf_counter() - started)
                except Exception as exc:  # noqa: BLE001 - retried, then raised by process_bundle
                    if attempt_number >= self.max_attempts:
                        with lock:
                            failures.append(exc)
                        return
                    _LOG.warning("bundle %d of stage %s failed (attempt %d of %d), retrying: %s", run.start,
                                 self.bundle_context_manager.stage.name, attempt_number, self.max_attempts, exc)
                    bundles.retry(run, attempt_number + 1)

        with fn_runner.thread_pool_executor.shared_unbounded_instance() as executor:
            committer = executor.submit(commit_all)
            try:
                # A worker that died leaves its failed bundle queued: the live ones take it in another round.
                while not failures and bundles.pending():
                    alive = list(filter(_alive, self.bundle_context_manager.worker_handlers))
                    if not alive:
                        raise RuntimeError(f"every worker of stage {self.bundle_context_manager.stage.name} died")
                    for done in [executor.submit(work, handler)
                                 for handler in alive[:max(1, min(self._num_workers, len(runs)))]]:
                        done.result()
            finally:
                commits.put(None)
                committer.result()
        if failures:
            raise failures[0]
        ordered = [results[index] for index in sorted(results)]
        if len(ordered) <= 1:
            return ordered[0] if ordered else (None, [])
        # The bundles' metrics merged in one pass (merging them two at a time re-keyed the growing
        # total once per bundle: ~0.1 s of the driver's at the end of a stage of 30 bundles).
        merged = beam_fn_api_pb2.InstructionResponse(
            process_bundle=beam_fn_api_pb2.ProcessBundleResponse(monitoring_infos=monitoring_infos.consolidate(
                itertools.chain.from_iterable(result.process_bundle.monitoring_infos for result, _ in ordered))),
            error=next((result.error for result, _ in ordered if result.error), ""))
        return merged, [split for _, splits in ordered for split in splits]


def _alive(worker_handler) -> bool:
    """False for a worker whose process died during the run (``StandbyWorkerHandler.worker_died``)."""
    return not getattr(worker_handler, "died", False)


# The environment of workers that ``StandbyWorkerHandler`` starts (this runner's own; in place of
# Beam's SUBPROCESS_SDK environment, whose command line it runs when no standby worker is left).
STANDBY_URN = "beam:env:news_ingest:standby_subprocess:v1"


class _StartedProcess:
    """A standby process as a worker to start: ``start`` sends it the environment of the worker it becomes."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.pid = process.pid

    def start(self, environment: dict[str, str]) -> None:
        try:
            self.process.stdin.write(json.dumps(environment).encode("utf-8") + b"\n")
        except BrokenPipeError:  # it died after it was taken: its status says how
            pass
        finally:
            self.process.stdin.close()

    def wait(self, timeout: Optional[float] = None) -> int:
        return self.process.wait(timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()


class StandbyWorkers:
    """Worker processes started before the pipeline is built and translated (about 1.2 s of the
    driver's, on one core): each imports Beam's harness (and spaCy and ``model``'s language module
    in a thread) meanwhile, then waits for the environment of the worker it becomes
    (``pipelines.sdk_worker --standby``). Environment variables read while a module is imported
    are those of the moment the standbys start."""

    def __init__(self, count: int, model: Optional[str] = None):
        command = [sys.executable, "-m", sdk_worker.__name__, sdk_worker.STANDBY_FLAG, *([model] if model else [])]
        self._idle: collections.deque[subprocess.Popen] = collections.deque()
        self._lock = threading.Lock()
        try:
            for _ in range(count):
                self._idle.append(subprocess.Popen(command, stdin=subprocess.PIPE))
        except BaseException:
            self.close()
            raise
        self.pids = [process.pid for process in self._idle]

    def take(self) -> Optional[_StartedProcess]:
        """A waiting process, or None when none is left (one that died waiting is not handed out)."""
        with self._lock:
            while self._idle:
                process = self._idle.popleft()
                if process.poll() is None:
                    return _StartedProcess(process)
                process.stdin.close()
            return None

    def close(self) -> list[int]:
        """The processes nobody took read the end of their input, and exit; their exit statuses."""
        with self._lock:
            idle, self._idle = list(self._idle), collections.deque()
        for process in idle:
            process.stdin.close()
        return [wait_or_kill(process) for process in idle]


class _ProvisionInfo(ExtendedProvisionInfo):
    """What Beam hands each worker handler; here also the runner's standby workers, if any."""

    def __init__(self):
        super().__init__(beam_provision_api_pb2.ProvisionInfo(retrieval_token="unused-retrieval-token"))
        self.standby: Optional[Union[StandbyWorkers, ForkServer]] = None

    def for_environment(self, env) -> ExtendedProvisionInfo:
        info = super().for_environment(env)
        info.standby = self.standby
        return info


@worker_handlers.WorkerHandler.register_environment(STANDBY_URN, bytes)
class StandbyWorkerHandler(worker_handlers.SubprocessSdkWorkerHandler):
    """Beam's subprocess worker handler, whose worker is a standby process when one is left, else one
    started now (both run ``pipelines.sdk_worker``, their records relayed by ``WorkerLogRelay``)."""

    died = False  # its worker process ended with a failure (killed, out of memory) during the run

    def start_worker(self) -> None:
        standby = getattr(self.provision_info, "standby", None)
        process = standby.take() if standby is not None else None
        if process is None:  # started now, as Beam would start it, and its records relayed as the others'
            process = StandbyWorkers(1).take()
        if process is None:  # it died at once: Beam's own way, which reports how
            super().start_worker()
            return
        self.worker = _StandbyWorker(process, self.control_address, self.provision_info, self.worker_id,
                                     on_failure=self.worker_died)
        self.worker_thread = threading.Thread(name="run_worker", target=self.worker.run)
        self.worker_thread.start()

    def worker_died(self, error: Exception) -> None:
        """Its bundle in flight fails (Beam would wait for its reply for ever), so that it is retried
        on another worker; the bundle manager gives this one no more (``BoundedBundleManager``)."""
        self.died = True
        try:
            self.control_conn.abort(error)
        except RuntimeError:  # its futures changed while being failed: the reply came after all
            pass
        self.data_conn._exception = error  # the wait for its outputs raises it within a second

    def close(self) -> None:
        if self.died:  # its outputs' channel holds the error for the bundle that waited: closing would raise it
            self.data_conn._exception = None
        super().close()


# Notices Beam's harness logs as warnings in every local worker, about nothing a run can act on:
# this pipeline registers no objects to load from a semi-persistent directory.
_HARNESS_NOTICES = ("No semi_persistent_directory found",)


class WorkerLogRelay(beam_fn_api_pb2_grpc.BeamFnLoggingServicer):
    """Logs each record a worker sends again in the driver, by ``sdk_worker.WORKER_LOGGER``, at its
    level: its message with where it was logged and the worker's id on the first line, then its
    traceback, if any. (Beam's own servicer logs each as the text of its protocol message, by Beam's
    logger.)"""

    def __init__(self, worker_id: str = ""):
        self.worker_id = worker_id

    def Logging(self, log_bundles, context=None):  # noqa: N802 - gRPC's name
        relay = logging.getLogger(sdk_worker.WORKER_LOGGER)
        for log_bundle in log_bundles:
            for entry in log_bundle.log_entries:
                level = log_handler.LOGENTRY_TO_LOG_LEVEL_MAP.get(entry.severity, logging.INFO)
                if relay.isEnabledFor(level) and not entry.message.startswith(_HARNESS_NOTICES):
                    relay.log(level, "%s", self.text(entry))
        return iter([])

    def text(self, entry: beam_fn_api_pb2.LogEntry) -> str:
        # Beam's handler sends the traceback twice: formatted into the message, and as ``trace``.
        first, _, rest = entry.message.rstrip().partition("\n")
        where = ", ".join(filter(None, [os.path.basename(entry.log_location), self.worker_id]))
        trace = entry.trace.rstrip()
        if trace and trace not in entry.message:
            rest = f"{rest}\n{trace}" if rest else trace
        return f"{first} [{where}]" + (f"\n{rest}" if rest else "")


class _StandbyWorker(local_job_service.SubprocessSdkWorker):
    """Beam's ``SubprocessSdkWorker`` for a process already started: the environment Beam would
    start it with goes down its standard input."""

    def __init__(self, process: Union[_StartedProcess, ForkedWorker], control_address, provision_info, worker_id,
                 on_failure=None):
        super().__init__(b"", control_address, provision_info, worker_id)
        self._process = process
        self._on_failure = on_failure

    def run(self) -> None:
        # As Beam's SubprocessSdkWorker.run: a logging server for the worker, then the environment.
        logging_server = grpc.server(thread_pool_executor.shared_unbounded_instance(),
                                     options=[("grpc.http2.max_pings_without_data", 0),
                                              ("grpc.http2.max_ping_strikes", 0)])
        logging_port = logging_server.add_insecure_port("[::]:0")
        logging_server.start()
        beam_fn_api_pb2_grpc.add_BeamFnLoggingServicer_to_server(WorkerLogRelay(self._worker_id or ""),
                                                                 logging_server)
        environment = dict(
            os.environ,  # the driver's, now: the worker takes it whole
            CONTROL_API_SERVICE_DESCRIPTOR=text_format.MessageToString(
                endpoints_pb2.ApiServiceDescriptor(url=self._control_address)),
            LOGGING_API_SERVICE_DESCRIPTOR=text_format.MessageToString(
                endpoints_pb2.ApiServiceDescriptor(url=f"localhost:{logging_port}")),
            PIPELINE_OPTIONS=json_format.MessageToJson(self._provision_info.provision_info.pipeline_options))
        if self._worker_id:
            environment["WORKER_ID"] = self._worker_id
        worker = self._process
        try:
            try:
                worker.start(environment)
            except (RuntimeError, OSError) as error:
                # The fork server died, or could not fork (out of memory or processes). Beam's
                # handler would wait for this worker to connect for ever: start one the other way.
                _LOG.warning("worker %s: %s; starting a worker process instead", self._worker_id, error)
                worker = StandbyWorkers(1).take()
                worker.start(environment)
            status = worker.wait()
            if status:
                error = RuntimeError(f"worker {self._worker_id} exited with status {status}")
                if self._on_failure is None:
                    raise error
                _LOG.warning("%s: its bundle in flight is retried on another worker", error)
                self._on_failure(error)
        finally:
            worker.kill()  # if still running (a failed run)
            logging_server.stop(0)


def stage_label(stage) -> str:
    """A fused stage named by the top-level transforms it runs, in order: 'StripBoilerplate+DetectLanguage+…'."""
    names = (transform.unique_name.split("/", 1)[0] for transform in stage.transforms if transform.unique_name)
    return "+".join(dict.fromkeys(name for name in names if not name.startswith("ref_"))) or stage.name


def flattens_written_into_their_grouping(stages: list) -> list:
    """The stages without those that only pass a Flatten on to a GroupByKey (a CoGroupByKey is
    one): the Flatten's producers write into the grouping buffer instead.

    Beam's local runner materialises every Flatten of several inputs: each producer writes into a
    buffer, then a stage of its own reads that buffer back into a worker only to write each element,
    unchanged, into the GroupByKey's buffer (``translations.sink_flattens``: "TODO: actually
    attempt to sink"). At 2,000 articles the dedup's four such stages took 0.26 s, one of them
    moving every article. Several stages may write into one grouping buffer, as they write into one
    Flatten buffer: the runner waits for all of them (its watermarks) and merges what they wrote
    (its queue of pending inputs, with ``extend``: so their buffers must all be of one kind, see
    ``BoundedBundleRunner._execute_bundle``). ``translations.fix_flatten_coders`` has given each
    input of the Flatten the coder of its output, the GroupByKey's input (already length-prefixed,
    with its deterministic key coder, by ``expand_gbk``), so the bytes are the same."""
    data_input, data_output = bundle_processor.DATA_INPUT_URN, bundle_processor.DATA_OUTPUT_URN
    readers = collections.Counter(t.spec.payload for stage in stages for t in stage.transforms
                                  if t.spec.urn == data_input)
    grouping_of: dict[bytes, bytes] = {}  # Flatten buffer -> grouping buffer
    passed_on = set()  # the stages that only pass a Flatten on
    for stage in stages:
        if len(stage.transforms) != 2 or stage.timers or any(stage.side_inputs()):
            continue
        read, write = sorted(stage.transforms, key=lambda transform: transform.spec.urn != data_input)
        if (read.spec.urn == data_input and write.spec.urn == data_output
                and translations.split_buffer_id(read.spec.payload)[0] == "materialize"
                and translations.split_buffer_id(write.spec.payload)[0] == "group"
                and readers[read.spec.payload] == 1 and list(write.inputs.values()) == list(read.outputs.values())):
            grouping_of[read.spec.payload] = write.spec.payload
            passed_on.add(stage)
    kept = [stage for stage in stages if stage not in passed_on]
    for stage in kept:
        for transform in stage.transforms:
            if transform.spec.urn == data_output and transform.spec.payload in grouping_of:
                transform.spec.payload = grouping_of[transform.spec.payload]
        if stage.must_follow & passed_on:  # what a dropped stage followed, its followers now follow
            stage.must_follow = frozenset(itertools.chain.from_iterable(
                before.must_follow if before in passed_on else (before,) for before in stage.must_follow))
    return kept


class BoundedBundleRunner(FnApiRunner):
    """FnApiRunner whose parallel stages run in bounded bundles (see the module docstring)."""

    def __init__(self, max_bundle_bytes: int = MAX_BUNDLE_BYTES, max_attempts: int = MAX_ATTEMPTS,
                 spill_bytes: Optional[int] = None):
        """``spill_bytes``: what a stage buffer holds in memory before it spills (default
        ``pipelines.spill.SPILL_BYTES``; 0: never spill)."""
        super().__init__(provision_info=_ProvisionInfo())
        self.max_bundle_bytes = max_bundle_bytes
        self.max_attempts = max_attempts
        self.spill_bytes = spill_bytes
        self.spill_files = 0  # files the last run spilled
        self.stage_seconds: dict[str, float] = {}  # the last run's wall time per stage (stage_label)
        self._spill_area: Optional[SpillArea] = None

    def start_standby_workers(self, count: int, model: Optional[str] = None,
                              fork_server: Optional[ForkServer] = None) -> Union[StandbyWorkers, ForkServer]:
        """Prepares ``count`` workers now, for the next run to take: forked by ``fork_server`` (one
        started now if None) where ``FORK_WORKERS``, else started one by one (``StandbyWorkers``);
        ``model``: the spaCy model whose modules they import while they wait."""
        self.close_standby_workers()
        if FORK_WORKERS:
            self._provision_info.standby = (fork_server or ForkServer()).prepare(count, model)
        else:
            if fork_server is not None:
                fork_server.close()
            self._provision_info.standby = StandbyWorkers(count, model)
        return self._provision_info.standby

    def close_standby_workers(self) -> None:
        """Lets the standby workers no run took exit."""
        standby, self._provision_info.standby = self._provision_info.standby, None
        if standby is not None:
            standby.close()

    def run_via_runner_api(self, pipeline_proto, options):
        """Worker processes run ``pipelines.sdk_worker`` (Beam's harness, then a fast exit) where
        Beam would start its own ``sdk_worker_main``; taken from the standby workers, if any."""
        beams_command = f"{sys.executable} -m apache_beam.runners.worker.sdk_worker_main".encode()
        for environment in pipeline_proto.components.environments.values():
            if environment.urn == python_urns.SUBPROCESS_SDK and environment.payload == beams_command:
                environment.urn, environment.payload = STANDBY_URN, sdk_worker.COMMAND.encode()
        try:
            return super().run_via_runner_api(pipeline_proto, options)
        finally:
            self.close_standby_workers()

    def create_stages(self, pipeline_proto):
        stage_context, stages = super().create_stages(pipeline_proto)
        return stage_context, flattens_written_into_their_grouping(stages)

    def run_stages(self, stage_context, stages):
        self.stage_seconds = {}
        self._spill_area = SpillArea(self.spill_bytes) if self.spill_bytes != 0 else None
        try:
            return super().run_stages(stage_context, stages)
        finally:
            if self._spill_area is not None:
                self.spill_files = self._spill_area.files
                self._spill_area.remove()
            self._spill_area = None

    def _execute_bundle(self, runner_execution_context, bundle_context_manager, bundle_input):
        started = time.perf_counter()
        # The stage's output buffers are spilling ones before it runs, also those it leaves empty:
        # Beam would put one of its own in the place of an empty one and pass it on to the
        # consumer, where the buffers of a collection's writers are merged into the first one
        # (``extend``). Beam's GroupingBuffer takes a SpillingGroupingBuffer's encoded elements
        # for values, and its ListBuffer a SpillingListBuffer's file chunks for bytes.
        if self._spill_area is not None:
            for transform_id, buffer_id in bundle_context_manager.stage_data_outputs.items():
                _spilling(bundle_context_manager, buffer_id, transform_id, self._spill_area)
        try:
            return super()._execute_bundle(runner_execution_context, bundle_context_manager, bundle_input)
        finally:
            label = stage_label(bundle_context_manager.stage)
            self.stage_seconds[label] = self.stage_seconds.get(label, 0.0) + time.perf_counter() - started

    def _get_bundle_manager(self, bundle_context_manager: execution.BundleContextManager):
        manager = super()._get_bundle_manager(bundle_context_manager)
        if not bundle_context_manager.stage.is_stateful():
            return BoundedBundleManager(bundle_context_manager, self._progress_frequency,
                                        cache_token_generator=manager._cache_token_generator,
                                        max_bundle_bytes=self.max_bundle_bytes, max_attempts=self.max_attempts,
                                        spill_area=self._spill_area)
        return manager
