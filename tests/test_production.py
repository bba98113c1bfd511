"""Nightly-run behaviour: date partitions replaced atomically, crashes leave the previous partition intact,
manifests, the reject-ratio guard, schema evolution read by DuckDB/pyarrow, and Portable == Direct rows."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import schemas
from pipelines import ingest
from pipelines.publish import SUCCESS_MARKER
from schemas import v1
from tests.conftest import ROOT, SEEDS_DIR, partition_rows, read_partition

IN_PROCESS = ["--direct_running_mode", "in_memory", "--direct_num_workers", "1"]
SEED_A, SEED_B = "000_ccea0562d6af5c3c.txt", "004_47a8d26bfe0bae9d.txt"


def _inputs(directory, *names):
    directory.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(SEEDS_DIR / name, directory / name)
    return directory


def _run(input_dir, output, run_date, *extra):
    return ingest.run(["--input", str(input_dir), "--output", str(output), "--run_date", run_date, *IN_PROCESS, *extra])


def _snapshot(directory):
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


@pytest.fixture(scope="module")
def two_dates(tmp_path_factory):
    """Date A run twice (the second time with one more article), date B once in between."""
    work = tmp_path_factory.mktemp("nightly")
    output = work / "out"
    first = _run(_inputs(work / "a1", SEED_A), output, "2026-11-23")
    other = _run(_inputs(work / "b", SEED_B), output, "2026-11-24")
    b_before = _snapshot(output / "articles" / "ingest_date=2026-11-24")
    rerun = _run(_inputs(work / "a2", SEED_A, SEED_B), output, "2026-11-23")
    return output, (first, other, rerun), b_before


def test_rerun_replaces_the_date_and_leaves_other_dates_untouched(two_dates):
    output, (first, other, rerun), b_before = two_dates
    assert [m["status"] for m in (first, other, rerun)] == ["succeeded"] * 3
    rows = partition_rows(output, "articles", "2026-11-23")
    assert len(rows) == 2 and len({row["doc_id"] for row in rows}) == 2  # one copy of each row, the new run's
    assert _snapshot(output / "articles" / "ingest_date=2026-11-24") == b_before
    marker = json.loads((output / "articles" / "ingest_date=2026-11-23" / SUCCESS_MARKER).read_text())
    assert marker["run_id"] == rerun["run_id"]
    assert not (output / "_staging").exists()
    assert sorted(p.name for p in (output / "_runs").iterdir()) == sorted(
        f"{m['run_id']}.json" for m in (first, other, rerun))


def test_manifest_counts_come_from_the_metrics(two_dates):
    output, (_, _, rerun), _ = two_dates
    manifest = json.loads((output / "_runs" / f"{rerun['run_id']}.json").read_text())
    counts = manifest["counts"]
    assert counts["accounted"] and counts["read"] == {"files": 2, "records": 2, "articles": 2, "rejected": {},
                                                      "encodings": {}}
    assert counts["languages"] == {"fr": 2}
    assert counts["written"]["articles"] == 2 == manifest["rows"]["articles"]
    assert counts["written"]["clusters"] == 2 and counts["written"]["duplicates"] == 0
    assert counts["boilerplate"]["lines_removed"] == sum(counts["boilerplate"]["removed_by_reason"].values()) > 0
    assert counts["entities"]["entities"] > 20 and counts["quotes"]["quotes"] > 5
    assert manifest["options"]["run_date"] == "2026-11-23" and manifest["schema_version"] == schemas.SCHEMA_VERSION
    assert manifest["code_version"]["package"] and manifest["finished_at"] >= manifest["started_at"]
    stages = manifest["stage_seconds"]  # the local runner's wall time per fused stage
    assert any("ExtractEntities" in name for name in stages) and "FlagDuplicates" in stages
    assert sum(stages.values()) <= manifest["duration_s"]
    summary = ingest.summary_text(manifest)
    assert "succeeded" in summary and "2 articles (2 clusters, 0 duplicates)" in summary


def test_duckdb_reads_every_partition_with_nested_columns(two_dates):
    duckdb = pytest.importorskip("duckdb")
    output = two_dates[0]
    source = f"read_parquet('{output}/articles/*/*.parquet', hive_partitioning = true, union_by_name = true)"
    per_date = duckdb.sql(f"SELECT ingest_date::VARCHAR, count(*) FROM {source} GROUP BY 1 ORDER BY 1").fetchall()
    assert per_date == [("2026-11-23", 2), ("2026-11-24", 1)]
    speakers = duckdb.sql(f"SELECT q.speaker, count(*) AS n FROM (SELECT unnest(quotes) AS q FROM {source}) "
                          "WHERE q.speaker IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1").fetchall()
    assert dict(speakers)["Dmitri Peskov"] >= 2
    per_language = dict(duckdb.sql(f"SELECT language, sum(len(entities)) FROM {source} GROUP BY 1").fetchall())
    assert per_language["fr"] > 40
    timestamps = duckdb.sql(f"SELECT typeof(published_at) FROM {source} LIMIT 1").fetchall()[0][0]
    assert timestamps == "TIMESTAMP WITH TIME ZONE"


def test_an_older_schema_partition_reads_next_to_a_new_one(two_dates, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    output = tmp_path / "out"
    shutil.copytree(two_dates[0] / "articles", output / "articles")
    old_row = {name: None for name in v1.ARTICLE_SCHEMA.names}
    old_row.update(doc_id="v1doc", source_id="old.txt", language="fr", text="Ancien texte.", cluster_id="v1doc",
                   schema_version=1, entities=[{"text": "Paris", "label": "LOC", "start": 0, "end": 5}], quotes=[])
    old_dir = output / "articles" / "ingest_date=2020-01-01"
    old_dir.mkdir()
    pq.write_table(pa.Table.from_pylist([old_row], v1.ARTICLE_SCHEMA), old_dir / "part-00000-of-00001.parquet")
    source = f"read_parquet('{output}/articles/*/*.parquet', hive_partitioning = true, union_by_name = true)"
    rows = duckdb.sql(f"SELECT doc_id, schema_version, published_at, entities[1].canonical FROM {source} "
                      "WHERE ingest_date = '2020-01-01'").fetchall()
    assert rows == [("v1doc", 1, None, None)]
    assert duckdb.sql(f"SELECT count(*) FROM {source}").fetchall()[0][0] == 4
    dataset = ds.dataset(output / "articles", schema=schemas.ARTICLE_SCHEMA, format="parquet",
                         partitioning="hive", exclude_invalid_files=True)
    table = dataset.to_table(columns=["doc_id", "schema_version", "entities"])
    assert table.num_rows == 4 and sorted(set(table.column("schema_version").to_pylist())) == [1, schemas.SCHEMA_VERSION]


def test_failed_run_keeps_the_published_partition_and_the_next_run_cleans_up(two_dates, tmp_path, monkeypatch):
    output = tmp_path / "out"
    shutil.copytree(two_dates[0], output)
    before = _snapshot(output / "articles" / "ingest_date=2026-11-23")

    def crash_midway(options, argv, destination, fork_server=None):
        partial = os.path.join(destination, "articles", "ingest_date=2026-11-23")
        os.makedirs(partial)
        with open(os.path.join(partial, "part-00000-of-00002.parquet"), "wb") as handle:
            handle.write(b"PAR1 half a file")
        raise RuntimeError("worker lost")

    monkeypatch.setattr(ingest, "run_pipeline", crash_midway)
    failed = _run(_inputs(tmp_path / "in", SEED_A), output, "2026-11-23")
    assert failed["status"] == "failed" and failed["exit_code"] == ingest.EXIT_FAILED
    assert "worker lost" in failed["error"]
    assert _snapshot(output / "articles" / "ingest_date=2026-11-23") == before
    assert (output / "_staging" / failed["run_id"]).exists()
    monkeypatch.undo()
    recovered = _run(tmp_path / "in", output, "2026-11-23")
    assert recovered["status"] == "succeeded" and not (output / "_staging").exists()
    assert len(partition_rows(output, "articles", "2026-11-23")) == 1


def test_too_many_rejects_fail_the_run_without_replacing_the_partition(two_dates, tmp_path):
    output = tmp_path / "out"
    shutil.copytree(two_dates[0], output)
    before = _snapshot(output / "articles" / "ingest_date=2026-11-23")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "batch.jsonl").write_text('{"id": "ok", "text": "Le maire a annoncé lundi la réouverture du pont."}\n'
                                        '{"id": "bad-1", "text": 42}\n{"id": "bad-2"\n', encoding="utf-8")
    manifest = _run(inputs, output, "2026-11-23", "--max_reject_ratio", "0.5")
    assert manifest["exit_code"] == ingest.EXIT_TOO_MANY_REJECTS and "--max_reject_ratio" in manifest["error"]
    assert manifest["rows"] == {"articles": 1, "rejects": 2}
    assert _snapshot(output / "articles" / "ingest_date=2026-11-23") == before
    accepted = _run(inputs, output, "2026-11-23", "--max_reject_ratio", "0.7")
    assert accepted["status"] == "succeeded" and len(partition_rows(output, "rejects", "2026-11-23")) == 2


def test_a_killed_run_leaves_the_previous_partition_intact_and_the_rerun_matches(two_dates, tmp_path):
    output = tmp_path / "out"
    shutil.copytree(two_dates[0], output)
    before = _snapshot(output / "articles" / "ingest_date=2026-11-23")
    manifests_before = set(os.listdir(output / "_runs"))
    inputs = _inputs(tmp_path / "in", *sorted(p.name for p in SEEDS_DIR.glob("*.txt")))
    process = subprocess.Popen([sys.executable, "-m", "pipelines.ingest", "--input", str(inputs), "--output",
                                str(output), "--run_date", "2026-11-23"], cwd=ROOT, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while not any((output / "_staging").glob("2026-11-23T*/**/*")) and time.time() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert set(os.listdir(output / "_runs")) == manifests_before, "the run finished before it could be killed"
    assert _snapshot(output / "articles" / "ingest_date=2026-11-23") == before
    assert len(pq.read_table(output / "articles" / "ingest_date=2026-11-23")) == 2
    # The re-run gives exactly the rows of a run that was never interrupted.
    assert _run(inputs, output, "2026-11-23")["status"] == "succeeded"
    assert _run(inputs, tmp_path / "uninterrupted", "2026-11-23")["status"] == "succeeded"
    for table in ("articles", "rejects"):
        assert partition_rows(output, table, "2026-11-23") == partition_rows(tmp_path / "uninterrupted", table, "2026-11-23")
    assert not (output / "_staging").exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("localhost", 0))
        return sock.getsockname()[1]


def test_portable_runner_gives_the_same_rows_as_the_direct_runner(tmp_path):
    inputs = _inputs(tmp_path / "in", SEED_A, SEED_B)
    (inputs / "batch.jsonl").write_text('{"id": "en-1", "text": "The mayor said on Monday that the bridge would '
                                        'reopen in May."}\n{"id": "broken"\n', encoding="utf-8")
    direct = _run(inputs, tmp_path / "direct", "2026-11-25")
    port = _free_port()
    service = subprocess.Popen([sys.executable, "-m", "apache_beam.runners.portability.local_job_service_main",
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("localhost", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        completed = subprocess.run([sys.executable, "-m", "pipelines.ingest", "--input", str(inputs), "--output",
                                    str(tmp_path / "portable"), "--run_date", "2026-11-25", "--runner",
                                    "PortableRunner", "--job_endpoint", f"localhost:{port}",
                                    "--environment_type", "LOOPBACK"], cwd=ROOT, capture_output=True, text=True,
                                   timeout=600)
    finally:
        service.kill()
        service.wait(timeout=30)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert direct["status"] == "succeeded"
    for table in ("articles", "rejects"):
        portable_rows = partition_rows(tmp_path / "portable", table, "2026-11-25")
        assert portable_rows == partition_rows(tmp_path / "direct", table, "2026-11-25")
        assert portable_rows
