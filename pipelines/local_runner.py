"""The local runner: Beam's FnApiRunner with stage inputs cut into bounded bundles.

Beam 2.77's FnApiRunner, with more than one worker, hands each worker its whole share of a stage's
input as one gRPC message (hundreds of MB at 10,000 articles). Measured on this machine: when a
share passes about 512 MB, a worker silently processes only part of it, and a different part on
each run (``python -m benchmarks.runner_loss``; the dedup join lost up to 31 % of its candidate pairs).
The same data in bundles of at most ``max_bundle_bytes`` arrive whole, and workers then hold one
bounded bundle at a time instead of a share of the whole collection.

Only the scheduling changes: the same parts, the same stage code, ``num_workers`` bundles in
flight, one per worker. Stateful stages keep Beam's single-bundle path (a key's state must not be
processed concurrently), as do single-worker runs.
"""
from __future__ import annotations

import itertools
from typing import Mapping

from apache_beam.portability.api import beam_fn_api_pb2
from apache_beam.runners.portability.fn_api_runner import execution, fn_runner
from apache_beam.runners.portability.fn_api_runner.fn_runner import (BundleManager, FnApiRunner,
                                                                     ParallelBundleManager)
from apache_beam.metrics import monitoring_infos

MAX_BUNDLE_BYTES = 64 << 20
# Parts per worker a stage input is first cut into; consecutive parts then form the bundles.
_PARTS_PER_WORKER = 32


def group_parts(sizes: list[int], max_bytes: int, min_groups: int) -> list[range]:
    """Consecutive runs of parts, each at most ``max_bytes`` (a part larger than that stands alone)
    and of about even size, at least ``min_groups`` of them (or one per part when there are fewer)."""
    if not sizes:
        return []
    total = sum(sizes)
    groups = min(len(sizes), max(min_groups, -(-total // max_bytes)))
    runs: list[range] = []
    start, done, filled = 0, 0, 0  # the open run starts at ``start`` and holds ``filled`` bytes
    for index, size in enumerate(sizes):
        if index > start:
            must_cut = len(sizes) - index == groups - len(runs) - 1  # one part left per missing group
            even_share_reached = len(runs) < groups - 1 and (done + filled) * groups >= (len(runs) + 1) * total
            if must_cut or filled + size > max_bytes or even_share_reached:
                runs.append(range(start, index))
                start, done, filled = index, done + filled, 0
        filled += size
    runs.append(range(start, len(sizes)))
    return runs


class BoundedBundleManager(ParallelBundleManager):
    """Runs a stage's input as bundles of at most ``max_bundle_bytes``, ``num_workers`` at a time."""

    def __init__(self, bundle_context_manager, progress_frequency=None, cache_token_generator=None,
                 max_bundle_bytes: int = MAX_BUNDLE_BYTES):
        super().__init__(bundle_context_manager, progress_frequency, cache_token_generator=cache_token_generator)
        self.max_bundle_bytes = max_bundle_bytes

    def process_bundle(self, inputs: Mapping[str, execution.PartitionableBuffer], expected_outputs,
                       fired_timers, expected_output_timers, dry_run: bool = False):
        count = self._num_workers * _PARTS_PER_WORKER
        parts = {name: buffer.partition(count) for name, buffer in inputs.items()}
        count = max([len(p) for p in parts.values()], default=1)
        sizes = [sum(len(chunk) for p in parts.values() if i < len(p) for chunk in p[i]) for i in range(count)]
        runs = group_parts(sizes, self.max_bundle_bytes, self._num_workers)  # sizes is never empty
        bundles = [{name: list(itertools.chain.from_iterable(p[i] for i in run if i < len(p)))
                    for name, p in parts.items()} for run in runs]

        def execute(index_and_inputs):
            index, part_inputs = index_and_inputs
            manager = BundleManager(self.bundle_context_manager, self._progress_frequency,
                                    cache_token_generator=self._cache_token_generator)
            # Timers go with the first bundle only, as in Beam's ParallelBundleManager.
            return manager.process_bundle(part_inputs, expected_outputs, fired_timers if index == 0 else {},
                                          expected_output_timers, dry_run)

        merged = None
        splits: list[beam_fn_api_pb2.ProcessBundleSplitResponse] = []
        numbered = list(enumerate(bundles))
        # Waves of num_workers bundles: each takes the next worker in turn, so no worker runs two at once.
        with fn_runner.thread_pool_executor.shared_unbounded_instance() as executor:
            for start in range(0, len(numbered), self._num_workers):
                for result, split in executor.map(execute, numbered[start:start + self._num_workers]):
                    splits += split
                    merged = result if merged is None else beam_fn_api_pb2.InstructionResponse(
                        process_bundle=beam_fn_api_pb2.ProcessBundleResponse(
                            monitoring_infos=monitoring_infos.consolidate(itertools.chain(
                                result.process_bundle.monitoring_infos,
                                merged.process_bundle.monitoring_infos))),
                        error=result.error or merged.error)
        return merged, splits


class BoundedBundleRunner(FnApiRunner):
    """FnApiRunner whose parallel stages run in bounded bundles (see the module docstring)."""

    def __init__(self, max_bundle_bytes: int = MAX_BUNDLE_BYTES):
        super().__init__()
        self.max_bundle_bytes = max_bundle_bytes

    def _get_bundle_manager(self, bundle_context_manager: execution.BundleContextManager):
        manager = super()._get_bundle_manager(bundle_context_manager)
        if type(manager) is ParallelBundleManager:
            return BoundedBundleManager(bundle_context_manager, self._progress_frequency,
                                        cache_token_generator=manager._cache_token_generator,
                                        max_bundle_bytes=self.max_bundle_bytes)
        return manager
