"""Reproduces the element loss of Beam 2.77's multi-worker FnApiRunner and checks the project's
local runner (``pipelines.local_runner.BoundedBundleRunner``) against it, in one run.

    flock /tmp/bench.lock python -m benchmarks.runner_loss [--nodes 10000] [--fanout 54] [--value_bytes 2000] [--runs 3]

The graph is the dedup stage's two joins, with synthetic values: ``nodes`` keyed values, ``fanout``
pairs per node, the first join attaches each pair's left value and the second counts, per right
node, the values that arrived. Every value emitted by the first join must arrive: a run prints the
emitted and arrived counts, the wall time and the peak RSS of the process tree. At the default size
a worker's share of the second join is ~560 MB; halve ``--value_bytes`` and plain FnApiRunner
delivered everything in every run measured.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from typing import Optional

from benchmarks.perf import ROOT, TreeSampler


def _attach(kv):
    _, joined = kv
    for right in joined["pair"]:
        for value in list(joined["value"])[:1]:
            yield right, value


def run_once(runner_name: str, nodes: int, fanout: int, value_bytes: int) -> dict:
    """One pipeline run in this process (its workers are child processes): element counts."""
    import apache_beam as beam
    from apache_beam.metrics import Metrics
    from apache_beam.metrics.metric import MetricsFilter
    from apache_beam.options.pipeline_options import PipelineOptions
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner

    from pipelines.local_runner import BoundedBundleRunner

    emitted, arrived = Metrics.counter("loss", "emitted"), Metrics.counter("loss", "arrived")

    def pairs_of(i):
        rng = random.Random(i)
        return [(f"n{i}", f"n{rng.randrange(nodes)}") for _ in range(fanout)]

    def count_emitted(element):
        emitted.inc()
        return element

    def count_arrived(kv):
        arrived.inc(len(list(kv[1]["left"])))

    runner = BoundedBundleRunner() if runner_name == "bounded" else FnApiRunner()
    options = PipelineOptions(direct_running_mode="multi_processing", direct_num_workers=2)
    pipeline = beam.Pipeline(runner=runner, options=options)
    ids = pipeline | beam.Create(range(nodes)) | beam.Reshuffle()
    values = ids | "Values" >> beam.Map(lambda i: (f"n{i}", (f"n{i}", "x" * value_bytes)))
    pairs = ids | "Pairs" >> beam.FlatMap(pairs_of) | "DistinctPairs" >> beam.Distinct()
    with_left = ({"pair": pairs, "value": values} | "JoinLeft" >> beam.CoGroupByKey()
                 | "Attach" >> beam.FlatMap(_attach) | "Emitted" >> beam.Map(count_emitted))
    _ = ({"left": with_left, "value": values} | "JoinRight" >> beam.CoGroupByKey()
         | "Arrived" >> beam.Map(count_arrived))
    result = pipeline.run()
    result.wait_until_finish()
    counters = {c.key.metric.name: c.committed
                for c in result.metrics().query(MetricsFilter().with_namespace("loss"))["counters"]}
    return {"emitted": counters.get("emitted", 0), "arrived": counters.get("arrived", 0)}


def measure(runner_name: str, nodes: int, fanout: int, value_bytes: int) -> dict:
    """Runs ``run_once`` in a child process, sampling its tree's memory."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.runner_loss", "--child", runner_name,
                                "--nodes", str(nodes), "--fanout", str(fanout), "--value_bytes", str(value_bytes)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    sampler = TreeSampler(process.pid)
    sampler.start()
    out, _ = process.communicate()
    sampler.stop()
    if process.returncode:
        raise RuntimeError(f"{runner_name} run exited {process.returncode}")
    counts = json.loads(out.decode().strip().splitlines()[-1])
    workers = [p["peak_rss_mib"] for p in sampler.processes.values() if p["role"] == "worker"]
    return {**counts, "wall_s": round(time.perf_counter() - started, 1),
            "driver_rss_mib": round(max((p["peak_rss_mib"] for p in sampler.processes.values()
                                         if p["role"] == "driver"), default=0)),
            "worker_rss_mib": round(max(workers, default=0))}


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10000)
    parser.add_argument("--fanout", type=int, default=54)
    parser.add_argument("--value_bytes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--runners", default="plain,bounded", help="plain (Beam's FnApiRunner), bounded (ours)")
    parser.add_argument("--child", choices=["plain", "bounded"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_once(args.child, args.nodes, args.fanout, args.value_bytes)))
        return 0
    print(f"{'runner':<36}{'emitted':>9}{'arrived':>9}{'lost':>7}{'wall s':>8}{'driver MiB':>11}{'worker MiB':>11}")
    for run in range(args.runs):
        for name in args.runners.split(","):
            label = {"plain": "FnApiRunner (Beam)", "bounded": "BoundedBundleRunner (ours)"}[name]
            r = measure(name, args.nodes, args.fanout, args.value_bytes)
            print(f"{label + f', run {run + 1}':<36}{r['emitted']:>9}{r['arrived']:>9}{r['emitted'] - r['arrived']:>7}"
                  f"{r['wall_s']:>8}{r['driver_rss_mib']:>11}{r['worker_rss_mib']:>11}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
