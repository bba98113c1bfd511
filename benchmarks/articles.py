"""The whole job scored on raw articles with gold in the seeds' format (``seeds_gold.jsonl``):
the CLI runs on the texts, and its articles table is compared with the gold, per language.

    python -m benchmarks.articles [--articles DIR --gold FILE] [--show]

Default: ``seeds/`` and the seeds' gold. Scores: language, ``published`` (at the gold's
precision), ``title``, ``agency`` (exact), boilerplate lines (precision and recall of the lines
removed), quotes (``benchmarks.quotes.score_document``: word overlap >= 0.8, speaker exact), and
must-find entities (recall, with the gold's label alternatives; and by text alone).
"""
from __future__ import annotations

import argparse
import collections
import glob
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional

import pyarrow.parquet as pq

from benchmarks.quotes import ROOT, Score, score_document, seeds_gold_path
from transforms.names import label_family


def run_pipeline(articles_dir: Path, output: Path) -> dict[str, dict]:
    """The CLI on every .txt file of ``articles_dir``: its article rows by file name."""
    subprocess.run([sys.executable, "-m", "pipelines.ingest", "--input", str(articles_dir / "*.txt"),
                    "--output", str(output)], check=True, cwd=ROOT, capture_output=True)
    rows = {}
    for path in glob.glob(str(output / "articles" / "**" / "*.parquet"), recursive=True):
        for row in pq.read_table(path).to_pylist():
            rows[Path(row["input_path"]).name] = row
    return rows


def score(rows: dict[str, dict], gold: list[dict], show: bool = False) -> dict[str, dict[str, float]]:
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    quotes: dict[str, Score] = collections.defaultdict(Score)
    for item in gold:
        language, row = item["language"], rows.get(item["file"])
        count = counts[language]
        count["articles"] += 1
        if row is None:
            count["missing"] += 1
            continue
        count["language"] += row["language"] == language
        published = row["published"] or ""
        count["published"] += (item["published"] is None and not published) or (
            item["published"] is not None and published[:len(item["published"])] == item["published"])
        count["title"] += (row["title"] or None) == item["title"]
        count["agency"] += (row["agency"] or None) == item.get("agency")
        removed, wanted = collections.Counter(row["removed_lines"] or []), collections.Counter(
            line.strip() for line in item["boilerplate_lines"])
        removed = collections.Counter({line.strip(): n for line, n in removed.items()})
        count["bp_tp"] += sum((removed & wanted).values())
        count["bp_fp"] += sum((removed - wanted).values())
        count["bp_fn"] += sum((wanted - removed).values())
        document_score, misses = score_document(row["quotes"] or [], item["quotes"])
        quotes[language].add(document_score)
        found = {(e["text"].replace("\u00a0", " "), label_family(e["label"])) for e in row["entities"] or []}
        found_texts = {text for text, _ in found}
        for name, labels in item["entities_must"]:
            families = {label_family(label) for label in labels.split("|")}
            count["entities"] += 1
            count["entities_found"] += any((name, family) in found for family in families)
            count["entities_text"] += name in found_texts
            if show and not any((name, family) in found for family in families):
                got = [label for text, label in found if text == name]
                print(f"  entity missed {item['file']}: {name} {labels} (found as {got or 'nothing'})")
        if show:
            for miss in misses:
                print(f"  quote {item['file']}: {miss}")
            for line in (wanted - removed):
                print(f"  boilerplate kept {item['file']}: {line[:100]}")
            for line in (removed - wanted):
                print(f"  content removed {item['file']}: {line[:100]}")
            for field in ("title", "published", "agency"):
                if (row[field] or None) != item.get(field):
                    print(f"  {field} {item['file']}: {row[field]!r} (gold {item.get(field)!r})")
    report = {}
    for language in sorted(counts):
        count, quote = counts[language], quotes[language]
        n = count["articles"]
        report[language] = {
            "articles": n, "language": count["language"] / n, "published": count["published"] / n,
            "title": count["title"] / n, "agency": count["agency"] / n,
            "boilerplate P": count["bp_tp"] / max(count["bp_tp"] + count["bp_fp"], 1),
            "boilerplate R": count["bp_tp"] / max(count["bp_tp"] + count["bp_fn"], 1),
            "quotes P": quote.precision, "quotes R": quote.recall, "speakers": quote.speaker_accuracy,
            "entities (label)": count["entities_found"] / max(count["entities"], 1),
            "entities (text)": count["entities_text"] / max(count["entities"], 1),
        }
    return report


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=ROOT / "seeds", help="directory of raw .txt articles")
    parser.add_argument("--gold", type=Path, default=None, help="gold JSONL (default: the seeds' gold)")
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    gold_path = args.gold or seeds_gold_path()
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as output:
        rows = run_pipeline(args.articles.resolve(), Path(output))
    report = score(rows, gold, args.show)
    fields = list(next(iter(report.values())))
    print("lang  " + "  ".join(f"{field:>16}" for field in fields))
    for language, values in report.items():
        print(f"{language:5} " + "  ".join(f"{values[field]:16.3f}" if isinstance(values[field], float)
                                          else f"{values[field]:16d}" for field in fields))
    return 0


if __name__ == "__main__":
    sys.exit(main())
