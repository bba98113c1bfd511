"""What a run reports: counts per stage from the Beam metrics, the manifest, and the human summary."""
from __future__ import annotations

import importlib.metadata
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any, Mapping

Counters = Mapping[tuple[str, str], int]  # (namespace, name) -> value


def code_version() -> dict[str, Any]:
    """The installed package version, and the git commit when running from a checkout."""
    try:
        version = importlib.metadata.version("news-ingest")
    except importlib.metadata.PackageNotFoundError:
        version = None
    commit = None
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / ".git").exists():
        try:
            completed = subprocess.run(["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True,
                                       text=True, timeout=10)
            dirty = subprocess.run(["git", "-C", str(checkout), "status", "--porcelain", "--untracked-files=no"],
                                   capture_output=True, text=True, timeout=10)
            commit = completed.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "") or None
        except (OSError, subprocess.SubprocessError):
            pass
    return {"package": version, "git_commit": commit}


def counters_of(result) -> Counter:
    """Beam counters of a finished pipeline, summed over steps (committed where the runner has them)."""
    totals: Counter = Counter()
    try:
        results = result.metrics().query()["counters"]
    except Exception:  # noqa: BLE001 - a runner without metrics support: the manifest says so
        return totals
    for metric in results:
        value = metric.committed if metric.committed is not None else metric.attempted
        totals[(metric.key.metric.namespace, metric.key.metric.name)] += value or 0
    return totals


def _prefixed(counters: Counters, namespace: str, prefix: str) -> dict[str, int]:
    return dict(sorted((name[len(prefix):], value) for (ns, name), value in counters.items()
                       if ns == namespace and name.startswith(prefix) and value))


def stage_counts(counters: Counters) -> dict[str, Any]:
    """The manifest's ``counts``: read, rejected by reason, boilerplate by reason, languages, entities,
    quotes, clusters and duplicates; ``accounted`` says every record read is an article or a reject."""
    get = lambda namespace, name: int(counters.get((namespace, name), 0))  # noqa: E731
    read_rejected = _prefixed(counters, "read", "rejected_")
    removed = _prefixed(counters, "boilerplate", "removed_")
    records_read = get("read", "articles") + sum(read_rejected.values())
    written = get("output", "articles") + get("output", "rejects")
    return {
        "read": {"files": get("read", "files"), "records": records_read, "articles": get("read", "articles"),
                 "rejected": read_rejected, "encodings": _prefixed(counters, "read", "decoded_")},
        "boilerplate": {"lines_removed": sum(removed.values()), "lines_kept": get("boilerplate", "lines_kept"),
                        "removed_by_reason": removed},
        "languages": _prefixed(counters, "language", "language_"),
        "entities": {"entities": get("entities", "entities"),
                     "articles_with_model": get("entities", "articles_with_model"),
                     "articles_without_model": get("entities", "articles_without_model"),
                     "paragraphs_reused": get("entities", "paragraphs_reused")},
        "quotes": {"quotes": get("quotes", "quotes"), "with_speaker": get("quotes", "quotes_with_speaker")},
        "written": {"articles": get("output", "articles"), "rejects": get("output", "rejects"),
                    "rejects_by_stage": _prefixed(counters, "output", "rejected_"),
                    "clusters": get("output", "clusters"), "duplicates": get("output", "duplicates")},
        "accounted": records_read == written,
    }


def _pairs(counts: Mapping[str, int], limit: int = 8) -> str:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    text = ", ".join(f"{name} {value}" for name, value in ranked[:limit])
    return text + (", …" if len(ranked) > limit else "") if text else "none"


def summary_text(manifest: Mapping[str, Any]) -> str:
    """A few lines for the person (or scheduler log) watching the run."""
    counts = manifest.get("counts") or {}
    lines = [f"run {manifest['run_id']}  date {manifest['run_date']}  {manifest['status']}"
             f"  in {manifest.get('duration_s', 0):.1f} s"]
    if manifest.get("error"):
        lines.append(f"error: {manifest['error']}")
    if counts:
        read, written = counts["read"], counts["written"]
        lines += [
            f"read      {read['records']} records from {read['files']} files: {read['articles']} articles, "
            f"{read['records'] - read['articles']} rejected at read",
            f"written   {written['articles']} articles ({written['clusters']} clusters, {written['duplicates']} "
            f"duplicates), {written['rejects']} rejects ({_pairs(written['rejects_by_stage'])})",
            f"cleaned   {counts['boilerplate']['lines_removed']} boilerplate lines removed "
            f"({_pairs(counts['boilerplate']['removed_by_reason'])})",
            f"languages {_pairs(counts['languages'])}",
            f"found     {counts['entities']['entities']} entities, {counts['quotes']['quotes']} quotes "
            f"({counts['quotes']['with_speaker']} with a speaker)",
        ]
        if not counts["accounted"]:
            lines.append("warning: records read != articles + rejects written (see the manifest)")
    for table, path in (manifest.get("partitions") or {}).items():
        lines.append(f"{table:<9} {path}")
    if manifest.get("manifest"):
        lines.append(f"manifest  {manifest['manifest']}")
    return "\n".join(lines)
