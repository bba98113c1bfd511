"""Cost of the boilerplate stage as a share of the whole pipeline, measured in one run.

    python -m benchmarks.stage_cost [--copies 8] [--language fr]

Builds a JSONL corpus from the development sets and the seeds (texts of one language, each
repeated ``--copies`` times with a distinct last paragraph), runs the pipeline on it (local
runner, subprocess) and the boilerplate stage's pure functions on the same texts.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

from benchmarks.quotes import ROOT


def build_corpus(language: str, copies: int) -> list[dict]:
    base = []
    for name in ("boilerplate_dev.jsonl", "dedup_dev.jsonl"):
        for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["language"] == language:
                base.append({"id": f"{name}:{record['id']}", "text": record["text"], "source": record.get("source")})
    if language == "fr":
        base += [{"id": path.name, "text": path.read_text(encoding="utf-8"), "source": None}
                 for path in sorted((ROOT / "seeds").glob("*.txt"))]
    return [{"id": f"{r['id']}-{k}", "source": r["source"],
             "text": r["text"] + (f"\n\nMise à jour numéro {k} : le texte a été complété." if k else "")}
            for k in range(copies) for r in base]


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--language", default="fr")
    args = parser.parse_args(argv)
    from transforms.boilerplate import furniture_from_votes, furniture_votes, load_lexicon, strip_boilerplate
    from transforms.records import Article

    corpus = build_corpus(args.language, args.copies)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "corpus.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in corpus), encoding="utf-8")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pipelines.ingest", "--input", str(path), "--output",
                        str(Path(directory) / "out")], cwd=ROOT, check=True, capture_output=True)
        pipeline_seconds = time.perf_counter() - started
    lexicon = load_lexicon()
    started = time.perf_counter()
    articles = [Article(doc_id=r["id"], source_id=r["id"], raw_text=r["text"], source=r["source"]) for r in corpus]
    furniture = furniture_from_votes((v for a in articles for v in furniture_votes(a, 40)), 3)
    for article in articles:
        strip_boilerplate(article.raw_text, lexicon, site_furniture=furniture.get(article.source or "", frozenset()))
    stage_seconds = time.perf_counter() - started
    words = sum(len(r["text"].split()) for r in corpus)
    print(f"{len(corpus)} articles, {words} words; pipeline {pipeline_seconds:.2f} s; boilerplate stage "
          f"{stage_seconds:.2f} s = {100 * stage_seconds / pipeline_seconds:.1f} % of the pipeline")
    # Quote extraction against the spaCy stage it follows (issue 4: no second parse, < 15 %).
    from transforms.entities import DEFAULT_MODELS, ModelHolder, annotate_texts
    from transforms.quotes import extract_quotes

    nlp, _ = ModelHolder(DEFAULT_MODELS).pipeline(args.language)
    if nlp is not None:
        texts = [strip_boilerplate(a.raw_text, lexicon).text for a in articles]
        started = time.perf_counter()
        entities = list(annotate_texts(nlp, texts))
        spacy_seconds = time.perf_counter() - started
        started = time.perf_counter()
        quotes = sum(len(extract_quotes(t, e, args.language)) for t, e in zip(texts, entities))
        quote_seconds = time.perf_counter() - started
        print(f"spaCy (senter+ner) {spacy_seconds:.2f} s; quote extraction {quote_seconds:.2f} s "
              f"= {100 * quote_seconds / spacy_seconds:.1f} % of it ({quotes} quotes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
