"""Faults: a record that makes a stage raise is a reject and the run goes on; a worker that fails once
is retried and gives the rows of an uninterrupted run; a worker that keeps failing makes the run fail
cleanly, and the re-run gives exactly the rows of an uninterrupted run."""
import shutil

import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to

from pipelines import ingest
from tests.conftest import SEEDS_DIR, make_pipeline, partition_rows
from transforms.records import Article
from transforms.stage import apply_stage


def _raise_on_b(article, count):
    if article.doc_id == "b":
        raise ValueError("cannot handle b")
    count("handled", 1)
    article.title = "seen"
    return article


def test_a_record_that_raises_is_a_reject_and_the_others_go_on():
    articles = [Article(doc_id=d, source_id=f"src-{d}", raw_text=f"text {d}", input_path="/in/x.jsonl") for d in "abc"]
    with make_pipeline() as pipeline:
        outputs = apply_stage(pipeline | beam.Create(articles), "flaky", _raise_on_b)
        assert_that(outputs.articles | beam.Map(lambda a: (a.doc_id, a.title)), equal_to([("a", "seen"), ("c", "seen")]),
                    label="articles")
        assert_that(outputs.rejects | beam.Map(lambda r: (r.source_id, r.stage, r.error, r.payload, r.input_path)),
                    equal_to([("src-b", "flaky", "ValueError: cannot handle b", "text b", "/in/x.jsonl")]),
                    label="rejects")


def _failing_detector(monkeypatch, times: int) -> list:
    """The language stage's setup raises ``times`` times in this process, as a worker losing its disk."""
    from transforms import language

    original_init, failures = language.DetectorHolder.__init__, []

    def fail(self, *a, **k):
        if len(failures) < times:
            failures.append(1)
            raise OSError("worker lost its disk")
        original_init(self, *a, **k)

    monkeypatch.setattr(language.DetectorHolder, "__init__", fail)
    return failures


def _two_seeds_run(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("000_ccea0562d6af5c3c.txt", "003_af504ecc45397023.txt"):
        shutil.copy(SEEDS_DIR / name, inputs / name)
    args = ["--input", str(inputs), "--run_date", "2026-11-25", "--direct_running_mode", "in_memory",
            "--direct_num_workers", "1"]
    clean = ingest.run(args + ["--output", str(tmp_path / "clean")])
    assert clean["status"] == "succeeded"
    return args


def _same_rows(tmp_path, output: str):
    for table in ("articles", "rejects"):
        assert partition_rows(tmp_path / output, table, "2026-11-25") == \
            partition_rows(tmp_path / "clean", table, "2026-11-25")


def test_a_worker_failing_once_is_retried_and_gives_the_same_rows(tmp_path, monkeypatch):
    args = _two_seeds_run(tmp_path)
    failures = _failing_detector(monkeypatch, times=1)
    retried = ingest.run(args + ["--output", str(tmp_path / "out")])
    assert retried["status"] == "succeeded" and failures == [1]
    _same_rows(tmp_path, "out")


def test_a_worker_failing_every_attempt_fails_the_run_cleanly_and_the_rerun_matches(tmp_path, monkeypatch):
    from pipelines.local_runner import MAX_ATTEMPTS

    args = _two_seeds_run(tmp_path)
    failures = _failing_detector(monkeypatch, times=MAX_ATTEMPTS)
    failed = ingest.run(args + ["--output", str(tmp_path / "out")])
    assert failed["exit_code"] == ingest.EXIT_FAILED and "worker lost its disk" in failed["error"]
    assert len(failures) == MAX_ATTEMPTS
    assert not (tmp_path / "out" / "articles").exists()  # nothing published
    rerun = ingest.run(args + ["--output", str(tmp_path / "out")])
    assert rerun["status"] == "succeeded"
    _same_rows(tmp_path, "out")
