"""Publishing a run: the pipeline writes under ``DIR/_staging/<run_id>/``; only after it succeeded are the
date partitions swapped in, so readers never see a half-written partition or two copies of a row.

Layout (Hive-style, so DuckDB, Spark, BigQuery external tables and pyarrow see ``ingest_date``)::

    DIR/articles/ingest_date=2026-11-25/part-*.parquet + _SUCCESS
    DIR/rejects/ingest_date=2026-11-25/part-*.parquet  + _SUCCESS
    DIR/_runs/<run_id>.json          one manifest per run, failed runs included
    DIR/_staging/<run_id>/           work in progress; left behind by a crashed run, removed by the next
                                     run of the same date

On a local filesystem the swap is one ``renameat2(RENAME_EXCHANGE)`` per table (Linux), else two renames
(the partition is then absent, never doubled, for the instant between them). Object stores have no
atomic rename: there the old files are deleted, then the new ones moved in; readers that need
atomicity there should wait for ``_SUCCESS``.
"""
from __future__ import annotations

import ctypes
import datetime
import json
import os
import secrets
import shutil
from typing import Any, Optional

from apache_beam.io.filesystems import FileSystems

TABLES = ("articles", "rejects")
PARTITION_KEY = "ingest_date"
SUCCESS_MARKER = "_SUCCESS"


def new_run_id(run_date: str, now: Optional[datetime.datetime] = None) -> str:
    """Sortable and unique: ``<run_date>T<start time UTC>Z-<random>``."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return f"{run_date}T{now:%H%M%S}Z-{secrets.token_hex(3)}"


def partition_dir(root: str, table: str, run_date: str) -> str:
    return FileSystems.join(root, table, f"{PARTITION_KEY}={run_date}")


def staging_root(output: str, run_id: str) -> str:
    return FileSystems.join(output, "_staging", run_id)


def _is_local(path: str) -> bool:
    return FileSystems.get_scheme(path) is None


def remove_stale_staging(output: str, run_date: str, current_run_id: str) -> list[str]:
    """Staging left by crashed runs of the same date (runs of other dates may be running)."""
    root = FileSystems.join(output, "_staging")
    if _is_local(output):
        if not os.path.isdir(root):
            return []
        stale = sorted(os.path.join(root, name) for name in os.listdir(root)
                       if name.startswith(f"{run_date}T") and name != current_run_id)
        for path in stale:
            shutil.rmtree(path, ignore_errors=True)
        return stale
    matched = FileSystems.match([FileSystems.join(root, f"{run_date}T*", "**")])[0].metadata_list
    paths = [m.path for m in matched if f"/{current_run_id}/" not in m.path]
    if paths:
        FileSystems.delete(paths)
    return paths


def count_rows(directory: str) -> int:
    """Rows of the Parquet files of one directory, from their footers."""
    import pyarrow.parquet as pq

    total = 0
    for path in _parquet_files(directory):
        with FileSystems.open(path) as handle:
            total += pq.ParquetFile(handle).metadata.num_rows
    return total


def _parquet_files(directory: str) -> list[str]:
    try:
        matched = FileSystems.match([FileSystems.join(directory, "*.parquet")])[0].metadata_list
    except Exception:  # noqa: BLE001 - no directory: no files
        return []
    return sorted(m.path for m in matched)


def publish(output: str, run_id: str, run_date: str) -> None:
    """Marks each staged partition complete, then swaps it in place of the published one."""
    staged_root = staging_root(output, run_id)
    for table in TABLES:
        staged = partition_dir(staged_root, table, run_date)
        if _is_local(output):
            os.makedirs(staged, exist_ok=True)  # a table with no rows still gets its (empty) partition
        with FileSystems.create(FileSystems.join(staged, SUCCESS_MARKER)) as marker:
            marker.write(json.dumps({"run_id": run_id}).encode())
        final = partition_dir(output, table, run_date)
        if _is_local(output):
            _swap_local(staged, final)
        else:
            _replace_remote(staged, final)
    if _is_local(output):
        shutil.rmtree(staged_root, ignore_errors=True)
        try:
            os.rmdir(os.path.dirname(staged_root))  # only when no other run is staging
        except OSError:
            pass
    else:
        leftovers = [m.path for m in FileSystems.match([FileSystems.join(staged_root, "**")])[0].metadata_list]
        if leftovers:
            FileSystems.delete(leftovers)


_RENAME_EXCHANGE = 2


def _exchange(first: str, second: str) -> bool:
    """Atomically exchanges two paths (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0


def _swap_local(staged: str, final: str) -> None:
    os.makedirs(os.path.dirname(final), exist_ok=True)
    if not os.path.exists(final):
        os.rename(staged, final)
    elif _exchange(staged, final):
        shutil.rmtree(staged)  # now holds the replaced partition
    else:
        replaced = staged + ".replaced"
        os.rename(final, replaced)
        os.rename(staged, final)
        shutil.rmtree(replaced)


def _replace_remote(staged: str, final: str) -> None:
    old = [m.path for m in FileSystems.match([FileSystems.join(final, "*")])[0].metadata_list]
    if old:
        FileSystems.delete(old)
    new = [m.path for m in FileSystems.match([FileSystems.join(staged, "*")])[0].metadata_list]
    FileSystems.rename(new, [FileSystems.join(final, path.rsplit("/", 1)[-1]) for path in new])


def write_manifest(output: str, run_id: str, manifest: dict[str, Any]) -> str:
    path = FileSystems.join(output, "_runs", f"{run_id}.json")
    if _is_local(output):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with FileSystems.create(path) as handle:
        handle.write(json.dumps(manifest, indent=2, sort_keys=True, default=str).encode())
    return path
