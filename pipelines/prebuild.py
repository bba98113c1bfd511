"""``make install``'s step for a quicker start: the code of every regex a local run compiles.

    python -m pipelines.prebuild [DIRECTORY]

A local run's driver, fork server and workers each compiled the patterns of Beam, spaCy, the
models' tokenizers, this project's modules and lexicons (~0.4 CPU s each). This runs what they run
once, in one process, over the seeds in each language, and writes the code ``re`` made of each
pattern (``transforms.regex_compile.write_prebuilt_patterns``); the CLI, the fork server and the
workers take it from there (``use_prebuilt_patterns``). A pattern edited since, or one this misses,
compiles as before: the file can be stale or missing, never wrong.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Sequence

from transforms.regex_compile import record_compiled_patterns, write_prebuilt_patterns

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


def compile_like_a_run() -> None:
    """What a local run's processes compile, in this one: the driver's imports and graph, the
    workers' harness and models, and each stage over the seeds, as they are and in each language.
    Everything is imported here, so that the patterns modules compile as they load are recorded."""
    import dataclasses
    import json
    import shutil
    import tempfile

    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions

    from pipelines.ingest import build
    from pipelines.options import IngestOptions
    from pipelines.sdk_worker import load_before_fork_quietly, log_like_a_worker
    from transforms.boilerplate import clean_article, furniture_from_votes, furniture_votes, site_of
    from transforms.dedup import MinHashParams, signature_of
    from transforms.entities import DEFAULT_MODELS, ModelHolder, annotate_articles
    from transforms.language import DetectorHolder, tag_language
    from transforms.quotes import annotate_quotes
    from transforms.read import parse_file
    from transforms.records import Article, no_count

    log_like_a_worker()  # a worker's harness
    load_before_fork_quietly(DEFAULT_MODELS["fr"])
    with tempfile.TemporaryDirectory() as output:
        options = PipelineOptions(["--input", str(SEEDS_DIR), "--output", output])
        pipeline = beam.Pipeline(options=options)
        build(pipeline, options.view_as(IngestOptions), output)
        pipeline.to_runner_api()
        shutil.rmtree(pipeline.local_tempdir, ignore_errors=True)  # Beam removes it in run() only

    files = sorted(SEEDS_DIR.glob("*.txt"))
    articles = [record for path in files for record in parse_file(str(path), path.read_bytes(), 2_000_000)
                if isinstance(record, Article)]
    if not articles:  # no seeds here: the stages' own patterns compile on first use, as before
        return
    as_jsonl = json.dumps({"id": "x", "text": articles[0].raw_text, "url": "https://example.org/a"}).encode()
    list(parse_file("seed.jsonl", as_jsonl, 2_000_000))
    furniture = furniture_from_votes((vote for article in articles for vote in furniture_votes(article, 40)), 3)
    holder, models, params = DetectorHolder(), ModelHolder(DEFAULT_MODELS), MinHashParams()
    permutations = params.permutations()
    cleaned = [tag_language(clean_article(article, no_count, site_furniture=furniture.get(site_of(article), frozenset())),
                            no_count, holder) for article in articles]
    for language in sorted(DEFAULT_MODELS):
        batch = [dataclasses.replace(article, language=language) for article in cleaned]
        for article in annotate_articles(batch, models, 64):
            annotated = annotate_quotes(article, no_count)
            signature_of(annotated, params, permutations)
            annotated.to_row()


def main(argv: Sequence[str] = ()) -> None:
    """Writes this Python's prebuilt patterns into ``argv[0]`` (``transforms/prebuilt/regex`` by default)."""
    logging.disable(logging.WARNING)  # the imports' and missing models' warnings: a run gives them
    try:
        table = record_compiled_patterns(compile_like_a_run)
    finally:
        logging.disable(logging.NOTSET)
    if not table:
        print("no patterns recorded: this Python's re compiles without the functions transforms.regex_compile knows",
              file=sys.stderr)
        return
    try:
        path = write_prebuilt_patterns(table, *argv[:1])
        print(f"{len(table)} compiled patterns written to {path}")
    except OSError as exc:  # a read-only install: each process compiles them, as without this step
        print(f"compiled patterns not written ({exc}): each process will compile them", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
