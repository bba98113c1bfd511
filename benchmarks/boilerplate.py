"""Boilerplate removal measured line by line against gold: removal precision and recall and the
share of content lines kept, per language and per gold reason.

    python -m benchmarks.boilerplate [--data tests/data/boilerplate_dev.jsonl] [--seeds] [--errors]

A line is matched by occurrence (the n-th copy of a line in the text is a distinct line), so a
repeated paragraph whose first copy is content and second copy is boilerplate is scored right.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path
from typing import Optional

from benchmarks.quotes import ROOT, seeds_gold_path
from transforms.boilerplate import furniture_from_votes, furniture_votes, load_lexicon, site_of, strip_boilerplate
from transforms.records import Article


def score_text(raw: str, gold_removed: list[str], prefix: Optional[str] = None,
               site_furniture: frozenset = frozenset()) -> dict:
    """Counts: removed_right, removed_wrong (content removed), missed (boilerplate kept), content."""
    cleaned = strip_boilerplate(raw, load_lexicon(), site_furniture=site_furniture)
    text = raw[len(prefix):] if prefix and raw.startswith(prefix) else raw
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    kept_left = collections.Counter(cleaned.text.split("\n\n")) if cleaned.text else collections.Counter()
    gold_left = collections.Counter(line.strip() for line in gold_removed)
    occurrences = collections.Counter(line.strip() for line in lines)
    counts = collections.Counter()
    errors = []
    # Walk the lines in order: the first occurrences of a repeated line are the kept ones.
    for line in lines:
        key = line.strip()
        kept = kept_left[key] > 0
        if kept:
            kept_left[key] -= 1
        is_gold = gold_left[key] > 0 and (gold_left[key] >= occurrences[key] or not kept)
        if is_gold:
            gold_left[key] -= 1
        if is_gold and not kept:
            counts["removed_right"] += 1
        elif is_gold and kept:
            counts["missed"] += 1
            errors.append(f"KEPT {key[:90]!r}")
        elif not kept:
            counts["removed_wrong"] += 1
            counts["content"] += 1
            errors.append(f"LOST {key[:90]!r}")
        else:
            counts["content"] += 1
    return {"counts": counts, "errors": errors}


def evaluate_records(records: list[dict], input_path: str, min_stories: int = 3, max_words: int = 40
                     ) -> tuple[dict[str, collections.Counter], list[str]]:
    """Scores every record, with the per-site furniture learned from all of them (as the pipeline does)."""
    totals: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    report = []
    articles = {record["id"]: Article(doc_id=record["id"], source_id=record["id"], raw_text=record["text"],
                                      source=record.get("source"), input_path=input_path) for record in records}
    furniture = furniture_from_votes((vote for article in articles.values()
                                      for vote in furniture_votes(article, max_words)), min_stories)
    for record in records:
        site = furniture.get(site_of(articles[record["id"]]), frozenset())
        result = score_text(record["text"], record["boilerplate_lines"], record.get("metadata_prefix"), site)
        for key in ("all", f"lang={record['language']}"):
            totals[key].update(result["counts"])
        report.extend(f"{record['id']}: {error}" for error in result["errors"])
    return totals, report


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "tests" / "data" / "boilerplate_dev.jsonl"))
    parser.add_argument("--seeds", action="store_true")
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--min_stories", type=int, default=3, help="as --site_furniture_min_stories")
    parser.add_argument("--max_words", type=int, default=40, help="as --site_furniture_max_words")
    args = parser.parse_args(argv)
    if args.seeds:
        records = []
        for line in seeds_gold_path().read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            records.append({"id": gold["file"], "language": gold["language"],
                            "text": (ROOT / "seeds" / gold["file"]).read_text(encoding="utf-8"),
                            "boilerplate_lines": gold["boilerplate_lines"],
                            "metadata_prefix": gold.get("metadata_prefix")})
    else:
        records = [json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines() if line]
    totals, report = evaluate_records(records, args.data, args.min_stories, args.max_words)
    print(f"{'group':12} {'precision':>9} {'recall':>7} {'content_kept':>12} {'boilerplate':>11} {'content':>8}")
    for key in sorted(totals, key=lambda k: (k != "all", k)):
        c = totals[key]
        removed = c["removed_right"] + c["removed_wrong"]
        gold = c["removed_right"] + c["missed"]
        print(f"{key:12} {c['removed_right'] / max(removed, 1):9.3f} {c['removed_right'] / max(gold, 1):7.3f} "
              f"{1 - c['removed_wrong'] / max(c['content'], 1):12.4f} {gold:11d} {c['content']:8d}")
    if args.errors:
        print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
