"""Language detection measured: accuracy of ``detect_language`` against bare seeded langdetect on
tests/data/language_dev.jsonl (short sentences and article-length texts), and the cost of the
per-paragraph shares (``detect_languages``) on the seeds and on generated articles.

    python -m benchmarks.language [--data tests/data/language_dev.jsonl] [--cost 500]

For ``detect_language``, ``und`` counts as a wrong answer (bare langdetect always guesses).
"""
from __future__ import annotations

import argparse
import collections
import json
import random
import time
from pathlib import Path
from typing import Optional

from benchmarks.quotes import ROOT

DEV_PATH = ROOT / "tests" / "data" / "language_dev.jsonl"


def load_dev(path: Path = DEV_PATH) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def bare_langdetect(text: str) -> str:
    """langdetect as documented: ``DetectorFactory.seed = 0`` then ``detect``; failures are ``und``."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return detect(text)
    except LangDetectException:
        return "und"


def compare(records: list[dict]) -> dict[str, dict[str, list[str]]]:
    """kind -> {'ours': ids wrong, 'bare': ids wrong, 'und': ids ours left undetermined, 'all': ids}."""
    from transforms.language import DetectorHolder, detect_language

    holder = DetectorHolder()
    result: dict[str, dict[str, list[str]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    for record in records:
        kind, expected = result[record["kind"]], record["language"]
        ours, _ = detect_language(record["text"], holder)
        kind["all"].append(record["id"])
        if ours != expected:
            kind["ours"].append(record["id"])
        if ours == "und":
            kind["und"].append(record["id"])
        if bare_langdetect(record["text"]).split("-")[0] != expected:
            kind["bare"].append(record["id"])
    return result


def generated_articles(count: int, seed: int = 0) -> list[tuple[str, dict[str, float]]]:
    """(text, true shares) of articles recombined from the dev sets' paragraphs: 70% in one
    language, 30% mixing two."""
    from transforms.language import letter_count

    by_language: dict[str, list[str]] = collections.defaultdict(list)
    for name in ("boilerplate_dev.jsonl", "quotes_dev.jsonl", "dedup_dev.jsonl", "language_dev.jsonl"):
        for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("kind", "article") == "article":
                by_language[record["language"]].extend(
                    (p, record["language"]) for p in record["text"].split("\n") if p.strip())
    rng = random.Random(seed)
    languages = sorted(by_language)
    articles = []
    for _ in range(count):
        first, second = rng.sample(languages, 2)
        paragraphs = rng.sample(by_language[first], min(len(by_language[first]), rng.randint(3, 15)))
        if rng.random() < 0.3:
            paragraphs += rng.sample(by_language[second], min(len(by_language[second]), rng.randint(1, 5)))
        letters: dict[str, int] = collections.Counter()
        for paragraph, language in paragraphs:
            letters[language] += letter_count(paragraph)
        total = sum(letters.values())
        articles.append(("\n\n".join(p for p, _ in paragraphs), {k: n / total for k, n in letters.items()}))
    return articles


def cost(texts: list[str]) -> tuple[float, float, list[dict[str, float]]]:
    """(ms per article for detect_language, for detect_languages, the shares found)."""
    from transforms.language import DetectorHolder, detect_language, detect_languages

    holder = DetectorHolder()
    started = time.perf_counter()
    for text in texts:
        detect_language(text, holder)
    whole = time.perf_counter() - started
    started = time.perf_counter()
    found = [{s["language"]: s["share"] for s in detect_languages(text, holder)[2]} for text in texts]
    shares = time.perf_counter() - started
    return 1000 * whole / len(texts), 1000 * shares / len(texts), found


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEV_PATH)
    parser.add_argument("--cost", type=int, default=500, help="generated articles for the cost figure (0: none)")
    args = parser.parse_args(argv)
    records = load_dev(args.data)
    for kind, found in sorted(compare(records).items()):
        total = len(found["all"])
        print(f"{kind:8} n={total:3}  detect_language {1 - len(found['ours']) / total:6.1%} "
              f"({len(found['und'])} und)  bare langdetect {1 - len(found['bare']) / total:6.1%}")
        print(f"{'':8} wrong (ours): {', '.join(found['ours']) or '-'}")
        print(f"{'':8} wrong (bare): {', '.join(found['bare']) or '-'}")
    if args.cost:
        from transforms.boilerplate import load_lexicon, strip_boilerplate

        lexicon = load_lexicon()
        seeds = [strip_boilerplate(path.read_text(encoding="utf-8"), lexicon).text
                 for path in sorted((ROOT / "seeds").glob("*.txt"))]
        generated = generated_articles(args.cost)
        for name, texts in (("seeds", seeds), (f"{args.cost} generated", [text for text, _ in generated])):
            whole, shares, found = cost(texts)
            print(f"cost, {name}: detect_language {whole:.1f} ms/article, detect_languages (with shares) "
                  f"{shares:.1f} ms/article; {sum(len(f) > 1 for f in found)} of {len(texts)} with several languages")
        # Shares against the truth of the generated articles (which paragraphs came from where).
        truths = [truth for _, truth in generated]
        main_right = sum(max(t, key=t.get) == max(f, key=f.get) for t, f in zip(truths, found))
        same_set = sum(set(t) == set(f) for t, f in zip(truths, found))
        distance = sum(sum(abs(t.get(k, 0) - f.get(k, 0)) for k in set(t) | set(f)) / 2 for t, f in zip(truths, found))
        print(f"generated: main language right {main_right}/{len(truths)}, same set of languages "
              f"{same_set}/{len(truths)}, mean total-variation distance of the shares {distance / len(truths):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
