"""Quote extraction measured against gold: precision, recall (a predicted quote matches a gold
one when their word overlap is >= 80%) and speaker accuracy, per language and construction.

    python -m benchmarks.quotes [--data tests/data/quotes_dev.jsonl] [--seeds]

Optional gold quotes are neither required nor counted when matched.
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import re
import sys
from pathlib import Path
from typing import Iterable, Optional

ROOT = Path(__file__).resolve().parent.parent
_WORD_RE = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text.casefold().replace("’", "'"))


def word_overlap(a: str, b: str) -> float:
    wa, wb = collections.Counter(words(a)), collections.Counter(words(b))
    shared = sum((wa & wb).values())
    return shared / max(sum(wa.values()), sum(wb.values()), 1)


def same_speaker(predicted: Optional[str], gold: str) -> bool:
    if predicted is None:
        return False
    norm = lambda s: " ".join(words(s))  # noqa: E731 - typography and case do not matter
    return norm(predicted) == norm(gold)


@dataclasses.dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    speakers_right: int = 0

    def add(self, other: "Score") -> None:
        for field in dataclasses.fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

    @property
    def precision(self) -> float:
        return self.true_positives / max(self.true_positives + self.false_positives, 1)

    @property
    def recall(self) -> float:
        return self.true_positives / max(self.true_positives + self.false_negatives, 1)

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / max(self.true_positives, 1)


def score_document(predicted: list[dict], gold: list[dict], threshold: float = 0.8) -> tuple[Score, list[str]]:
    """Greedy one-to-one matching by best overlap; returns the score and readable errors."""
    score, errors, used = Score(), [], set()
    for quote in predicted:
        candidates = [(word_overlap(quote["text"], g["text"]), i) for i, g in enumerate(gold) if i not in used]
        best = max(candidates, default=(0.0, None))
        if best[1] is None or best[0] < threshold:
            score.false_positives += 1
            errors.append(f"FP {quote['text'][:70]!r} ({quote['speaker']})")
            continue
        used.add(best[1])
        expected = gold[best[1]]
        if expected.get("optional"):
            continue
        score.true_positives += 1
        if same_speaker(quote["speaker"], expected["speaker"]):
            score.speakers_right += 1
        else:
            errors.append(f"SPEAKER {quote['text'][:50]!r}: {quote['speaker']} != {expected['speaker']}")
    for i, expected in enumerate(gold):
        if i not in used and not expected.get("optional"):
            score.false_negatives += 1
            errors.append(f"FN {expected['text'][:70]!r} ({expected['speaker']})")
    return score, errors


def seeds_gold_path() -> Path:
    """The shared annotations beside the checkout, else the copy in tests/data."""
    shared = ROOT.parent / "shared" / "dev" / "seeds_gold.jsonl"
    return shared if shared.exists() else ROOT / "tests" / "data" / "seeds_gold.jsonl"


def seed_documents() -> Iterable[dict]:
    """The five seeds with their gold quotes, cleaned as the pipeline cleans them."""
    from transforms.boilerplate import load_lexicon, strip_boilerplate

    for line in seeds_gold_path().read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        raw = (ROOT / "seeds" / record["file"]).read_text(encoding="utf-8")
        yield {"id": record["file"], "language": record["language"], "construction": "seed",
               "text": strip_boilerplate(raw, load_lexicon()).text, "quotes": record["quotes"]}


def evaluate(documents: Iterable[dict], nlp_by_language: dict) -> tuple[dict[str, Score], list[str]]:
    from transforms.entities import annotate_texts
    from transforms.quotes import extract_quotes

    scores: dict[str, Score] = collections.defaultdict(Score)
    report = []
    for document in documents:
        nlp = nlp_by_language.get(document["language"])
        entities = next(iter(annotate_texts(nlp, [document["text"]]))) if nlp else []
        predicted = extract_quotes(document["text"], entities, document["language"])
        score, errors = score_document(predicted, document["quotes"])
        for key in ("all", f"lang={document['language']}", f"construction={document.get('construction')}"):
            scores[key].add(score)
        report.extend(f"{document['id']}: {error}" for error in errors)
    return scores, report


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "tests" / "data" / "quotes_dev.jsonl"))
    parser.add_argument("--seeds", action="store_true", help="score the five seeds instead of the dev set")
    parser.add_argument("--errors", action="store_true", help="list every error")
    args = parser.parse_args(argv)
    from transforms.entities import ModelHolder, DEFAULT_MODELS

    holder = ModelHolder(DEFAULT_MODELS)
    documents = list(seed_documents()) if args.seeds else [
        json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp_by_language = {lang: getattr(holder.pipeline(lang), "nlp", None) for lang in {d["language"] for d in documents}}
    scores, report = evaluate(documents, nlp_by_language)
    print(f"{'group':32} {'P':>6} {'R':>6} {'speaker':>8} {'n_gold':>7}")
    for key in sorted(scores, key=lambda k: (k != "all", k)):
        s = scores[key]
        print(f"{key:32} {s.precision:6.3f} {s.recall:6.3f} {s.speaker_accuracy:8.3f} "
              f"{s.true_positives + s.false_negatives:7d}")
    if args.errors:
        print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
