"""Near-duplicate detection measured on the wire-copy development set: pairwise precision,
recall, F1 and the adjusted Rand index of the clusters the pipeline's FlagDuplicates stage makes.

    python -m benchmarks.dedup [--data tests/data/dedup_dev.jsonl] [--threshold 0.5] [--scale N]

``--scale N`` also clusters N generated articles (``benchmarks.corpus``) and prints the wall time
per article and the peak RSS of the process (local runner, in-process).
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
from math import comb
from pathlib import Path
from typing import Optional

from benchmarks.quotes import ROOT


def pairwise_scores(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float]:
    """(precision, recall) over all pairs of ids: a pair is positive when both are in one cluster.
    Counted from the cluster contingency table, so it is linear in the number of ids."""
    ids = sorted(gold)
    both = sum(comb(n, 2) for n in collections.Counter((gold[i], predicted[i]) for i in ids).values())
    predicted_pairs = sum(comb(n, 2) for n in collections.Counter(predicted[i] for i in ids).values())
    gold_pairs = sum(comb(n, 2) for n in collections.Counter(gold[i] for i in ids).values())
    return both / max(predicted_pairs, 1), both / max(gold_pairs, 1)


def adjusted_rand_index(gold: dict[str, str], predicted: dict[str, str]) -> float:
    ids = sorted(gold)
    table = collections.Counter((gold[i], predicted[i]) for i in ids)
    rows = collections.Counter(gold[i] for i in ids)
    cols = collections.Counter(predicted[i] for i in ids)
    index = sum(comb(n, 2) for n in table.values())
    row_sum, col_sum = sum(comb(n, 2) for n in rows.values()), sum(comb(n, 2) for n in cols.values())
    expected = row_sum * col_sum / comb(len(ids), 2)
    maximum = (row_sum + col_sum) / 2
    return 1.0 if maximum == expected else (index - expected) / (maximum - expected)


def cluster_dev_set(records: list[dict], threshold: float, incremental: bool = False) -> dict[str, str]:
    """Runs boilerplate cleaning and FlagDuplicates (local runner) on the records: id -> cluster_id.
    ``incremental``: the streaming mode's stateful LinkCopiesIncrementally instead, in one global window."""
    import apache_beam as beam
    from apache_beam.transforms import window

    from pipelines.ingest import local_runner
    from transforms.boilerplate import clean_article
    from transforms.dedup import FlagDuplicates, LinkCopiesIncrementally
    from transforms.records import Article

    def dedup():
        if incremental:
            return LinkCopiesIncrementally(beam.WindowInto(window.GlobalWindows()), threshold=threshold,
                                           horizon_seconds=10**9)
        return beam.ptransform_fn(lambda pcoll: (pcoll | FlagDuplicates(threshold=threshold)).articles)()

    articles = [clean_article(Article(doc_id=r["id"], source_id=r["id"], raw_text=r["text"],
                                      published=r.get("published"))) for r in records]
    with tempfile.TemporaryDirectory() as directory:
        with beam.Pipeline(runner=local_runner()) as pipeline:
            _ = (pipeline | beam.Create(articles) | dedup()
                 | beam.Map(lambda a: json.dumps([a.doc_id, a.cluster_id]))
                 | beam.io.WriteToText(str(Path(directory) / "clusters")))
        rows = [json.loads(line) for path in Path(directory).glob("clusters*")
                for line in path.read_text(encoding="utf-8").splitlines()]
    return dict(rows)


def scale_run(size: int, threshold: float, incremental: bool = False, open_vocabulary: bool = True) -> None:
    import resource

    from benchmarks.corpus import generate

    corpus = [json.loads(line) for line, _ in generate(size, open_vocabulary=open_vocabulary)]  # 12% wire copies
    started = time.perf_counter()
    predicted = cluster_dev_set(corpus, threshold, incremental)
    seconds = time.perf_counter() - started
    clusters = collections.Counter(predicted.values())
    gold = {record["id"]: _root(record, {r["id"]: r for r in corpus}) for record in corpus}
    precision, recall = pairwise_scores(gold, predicted)
    name = "incremental (stateful)" if incremental else "batch (components)"
    print(f"{name} scale {size}: {seconds:.1f} s ({1e3 * seconds / size:.2f} ms/article) for cleaning + dedup, "
          f"{len(clusters)} clusters, largest {max(clusters.values())}, pairwise precision {precision:.3f} "
          f"recall {recall:.3f} against the planted copies (copy_of), peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def _root(record: dict, by_id: dict) -> str:
    """The original a generated record was copied from (following copies of copies)."""
    while record.get("copy_of") in by_id and record["copy_of"] != record["id"]:
        record = by_id[record["copy_of"]]
    return record["id"]


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "tests" / "data" / "dedup_dev.jsonl"))
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--scale", type=int, default=0, help="also run on this many generated articles")
    parser.add_argument("--incremental", action="store_true",
                        help="also score the streaming mode's stateful dedup (one global window), for comparison")
    parser.add_argument("--closed_vocabulary", action="store_true",
                        help="--scale's corpus without its open vocabulary (as before 2026-12-06), for comparisons")
    args = parser.parse_args(argv)
    records = [json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines() if line]
    gold = {r["id"]: r["cluster"] for r in records}
    for incremental in ([False, True] if args.incremental else [False]):
        predicted = cluster_dev_set(records, args.threshold, incremental)
        precision, recall = pairwise_scores(gold, predicted)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        print(f"{'incremental (stateful)' if incremental else 'batch (components)'}: articles {len(records)}  "
              f"gold clusters {len(set(gold.values()))}  predicted clusters {len(set(predicted.values()))}")
        print(f"pairwise precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  "
              f"ARI {adjusted_rand_index(gold, predicted):.3f}")
        if args.scale:
            scale_run(args.scale, args.threshold, incremental, open_vocabulary=not args.closed_vocabulary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
