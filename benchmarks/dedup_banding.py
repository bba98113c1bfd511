"""The LSH banding trade-off, measured: for each (bands x rows) layout and containment threshold, how many
true copy pairs become candidates (false negatives are lost for good), how many candidate pairs the
verification step must compare (the cost; "false cand" counts those that are not copies), and the pairwise precision / recall of the verified edges.

    python -m benchmarks.dedup_banding [--data tests/data/dedup_dev.jsonl] [--copies-per-level 40]

Pairs come from two sources, scored separately:
- the development set: every pair of its articles, positive when they share a gold cluster
  (same-event stories, rewritten updates and embedded quotes are the hard negatives);
- generated trimmed copies: each dev original and seed with a new intro and only its first
  30 %…90 % of paragraphs kept, so recall is measured down to low Jaccard similarity; the
  negatives are every cross-story pair.
All in-process on the pure functions of ``transforms.dedup`` (no Beam): the figures are the
stage's logic, not the runner.
"""
from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from pathlib import Path
from typing import Optional

import numpy as np

from benchmarks.quotes import ROOT

LAYOUTS = [(128, 1), (64, 2), (42, 3), (32, 4), (16, 8)]
THRESHOLDS = [0.4, 0.5, 0.6, 0.7]
KEEP_LEVELS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.9]
INTROS = ["Notre correspondant régional précise que l'information a été confirmée ce matin par la préfecture.",
          "Mise à jour : cet article a été complété avec les dernières informations disponibles.",
          "Selon nos informations, plusieurs élus locaux ont réagi dans la journée à cette annonce."]


def cleaned_texts(records: list[dict]) -> list[str]:
    from transforms.boilerplate import clean_article
    from transforms.records import Article

    return [clean_article(Article(doc_id=r["id"], source_id=r["id"], raw_text=r["text"])).text for r in records]


def trimmed_copies(originals: list[tuple[str, str]], per_level: int, seed: int = 0) -> list[tuple[str, str, float]]:
    """(story id, text, kept share) copies: a new intro, the first ``keep`` of the paragraphs, typography changed."""
    rng = random.Random(seed)
    copies = []
    for keep in KEEP_LEVELS:
        for story, text in rng.sample(originals, min(per_level, len(originals))):
            paragraphs = text.split("\n\n")
            kept = paragraphs[:max(1, round(len(paragraphs) * keep))]
            body = "\n\n".join([rng.choice(INTROS)] + kept).replace("'", "’").replace(" :", "\u00a0:")
            copies.append((story, body, keep))
    return copies


class Signatures:
    """Signatures at the largest permutation count; a layout uses the first bands x rows values."""

    def __init__(self, texts: list[str], num_perm: int = 128, shingle_size: int = 3):
        from transforms.dedup import MinHashParams, minhash, normalized_tokens, shingle_hashes

        perms = MinHashParams(num_perm=num_perm, bands=1, shingle_size=shingle_size).permutations()
        self.shingle_sets = [shingle_hashes(normalized_tokens(t), shingle_size) for t in texts]
        self.values = np.stack([minhash(h, *perms) for h in self.shingle_sets])
        self.sizes = np.array([h.size for h in self.shingle_sets])

    def candidates(self, pairs: np.ndarray, bands: int, rows: int) -> np.ndarray:
        left, right = self.values[pairs[:, 0], :bands * rows], self.values[pairs[:, 1], :bands * rows]
        equal = (left == right).reshape(len(pairs), bands, rows)
        return equal.all(axis=2).any(axis=1)

    def containment(self, pairs: np.ndarray, num_perm: int) -> np.ndarray:
        """The stage's estimate (``transforms.dedup.similarity``) from the first ``num_perm`` values."""
        jaccard = (self.values[pairs[:, 0], :num_perm] == self.values[pairs[:, 1], :num_perm]).mean(axis=1)
        a, b = self.sizes[pairs[:, 0]], self.sizes[pairs[:, 1]]
        intersection = jaccard * (a + b) / (1.0 + jaccard)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(np.minimum(a, b) > 0, np.minimum(1.0, intersection / np.minimum(a, b)), 0.0)

    def true_jaccard(self, i: int, j: int) -> float:
        a, b = self.shingle_sets[i], self.shingle_sets[j]
        union = np.union1d(a, b).size
        return np.intersect1d(a, b).size / union if union else 0.0


def score(name: str, signatures: Signatures, pairs: np.ndarray, positive: np.ndarray) -> list[dict]:
    rows = []
    print(f"\n{name}: {len(signatures.sizes)} articles, {len(pairs)} pairs, {int(positive.sum())} true copy pairs")
    print(f"{'layout':>8} {'P(cand|copy)':>12} {'cand/article':>12} {'false cand':>10} {'threshold':>9} "
          f"{'precision':>9} {'recall':>7} {'F1':>6}")
    for bands, rows_per_band in LAYOUTS:
        candidate = signatures.candidates(pairs, bands, rows_per_band)
        estimate = signatures.containment(pairs, bands * rows_per_band)
        candidate_recall = candidate[positive].mean() if positive.any() else 1.0
        per_article = 2 * candidate.sum() / len(signatures.sizes)
        false_per_article = 2 * (candidate & ~positive).sum() / len(signatures.sizes)
        for threshold in THRESHOLDS:
            edge = candidate & (estimate >= threshold)
            tp, fp = int((edge & positive).sum()), int((edge & ~positive).sum())
            precision, recall = tp / max(tp + fp, 1), tp / max(int(positive.sum()), 1)
            f1 = 2 * precision * recall / max(precision + recall, 1e-9)
            print(f"{bands:>4}x{rows_per_band:<3} {candidate_recall:>12.3f} {per_article:>12.1f} "
                  f"{false_per_article:>10.2f} {threshold:>9.2f} "
                  f"{precision:>9.3f} {recall:>7.3f} {f1:>6.3f}")
            rows.append({"set": name, "bands": bands, "rows": rows_per_band, "threshold": threshold,
                         "candidate_recall": float(candidate_recall), "candidates_per_article": float(per_article),
                         "false_candidates_per_article": float(false_per_article),
                         "precision": precision, "recall": recall, "f1": f1})
    return rows


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "tests" / "data" / "dedup_dev.jsonl"))
    parser.add_argument("--copies-per-level", type=int, default=40)
    parser.add_argument("--json", help="also write the rows here")
    args = parser.parse_args(argv)
    records = [json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines() if line]

    texts = cleaned_texts(records)
    dev = Signatures(texts)
    pairs = np.array(list(itertools.combinations(range(len(records)), 2)))
    clusters = np.array([r["cluster"] for r in records])
    results = score("development set", dev, pairs, clusters[pairs[:, 0]] == clusters[pairs[:, 1]])

    originals = [(r["cluster"], t) for r, t in zip(records, texts) if r["edit"] == "original"]
    originals += [(path.name, t) for path, t in zip(sorted((ROOT / "seeds").glob("*.txt")), cleaned_texts(
        [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted((ROOT / "seeds").glob("*.txt"))]))]
    copies = trimmed_copies(originals, args.copies_per_level)
    generated_texts = [t for _, t in originals] + [t for _, t, _ in copies]
    stories = [s for s, _ in originals] + [s for s, _, _ in copies]
    generated = Signatures(generated_texts)
    pairs = np.array(list(itertools.combinations(range(len(generated_texts)), 2)))
    story_array = np.array(stories)
    results += score("generated trimmed copies", generated, pairs, story_array[pairs[:, 0]] == story_array[pairs[:, 1]])

    index_of = {story: i for i, (story, _) in enumerate(originals)}
    print("\ntrue Jaccard of the generated copies with their original (3-word shingles), by share of paragraphs kept:")
    for keep in KEEP_LEVELS:
        values = [generated.true_jaccard(index_of[s], len(originals) + k)
                  for k, (s, _, level) in enumerate(copies) if level == keep]
        print(f"  kept {keep:.0%}: Jaccard median {np.median(values):.2f}, min {min(values):.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
