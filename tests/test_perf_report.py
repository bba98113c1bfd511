"""The speed benchmark's own arithmetic: profile categories, medians and the size fit (benchmarks/perf.py)."""
import pytest

from benchmarks.perf import _median, is_waiting, profile_categories, size_fit, this_runs_manifest

_WORKER = 'process 10:"/venv/bin/python -m pipelines.ingest";process 12:"/venv/bin/python -m apache_beam.runners.worker.sdk_worker_main"'


def test_waiting_threads_are_told_from_work():
    assert is_waiting("_run_channel_spin_thread.<locals>.channel_spin (grpc/_channel.py:1725)")
    assert is_waiting("_Future.wait (apache_beam/runners/worker/sdk_worker.py:1421)")
    assert is_waiting('process 12:"/venv/bin/python -m apache_beam.runners.worker.sdk_worker_main"')
    # A DoFn's own code is work, whatever its method is called.
    assert not is_waiting("ParseFilesFn.process (transforms/read.py:240)")
    assert not is_waiting("SdkHarness.run_something_else (apache_beam/runners/worker/sdk_worker.py:1)")


def test_samples_go_to_the_innermost_process_and_category(tmp_path):
    collapsed = tmp_path / "profile.txt"
    collapsed.write_text("\n".join([
        f"{_WORKER};ParseFilesFn.process (transforms/read.py:240) 50",
        f"{_WORKER};Language.__call__ (spacy/language.py:1) 30",
        f"{_WORKER};DetectorHolder.probabilities (transforms/language.py:90) 7",
        f"{_WORKER};_Future.wait (apache_beam/runners/worker/sdk_worker.py:1421) 13",
        'process 10:"/venv/bin/python -m pipelines.ingest";FnApiRunner.run_stages (apache_beam/x.py:1) 5',
    ]) + "\n", encoding="utf-8")
    totals = profile_categories(collapsed)
    assert totals["worker 12:\"/venv/bin/python"] == {"read": 50, "spaCy": 30, "language": 7, "waiting": 13}
    assert sum(totals["driver 10:\"/venv/bin/python"].values()) == 5


def test_median():
    assert _median([3.0]) == 3.0
    assert _median([5.0, 1.0, 3.0]) == 3.0
    assert _median([4.0, 1.0, 3.0, 2.0]) == 2.5


def test_size_fit_splits_a_run_into_its_fixed_cost_and_the_cost_per_article():
    fixed, per_article = size_fit({1000: 8.0 + 13.0, 2000: 8.0 + 26.0, 10000: 8.0 + 130.0})
    assert fixed == pytest.approx(8.0) and per_article == pytest.approx(0.013)
    # Noisy walls: the least-squares line, not the line through the two extremes.
    fixed, per_article = size_fit({1000: 20.0, 2000: 34.0, 10000: 140.0})
    assert per_article == pytest.approx(0.0133014, abs=1e-6) and fixed == pytest.approx(7.027, abs=0.001)
    with pytest.raises(ValueError):
        size_fit({2000: 33.0})


def test_process_roles_tell_the_fork_server_from_its_workers():
    from benchmarks.perf import process_role

    server = "/venv/bin/python -m pipelines.fork_server"
    assert process_role(10, 1, "python -m pipelines.ingest --input x", root=10) == "driver"
    assert process_role(11, 10, server, root=10) == "fork server"
    assert process_role(12, 11, server, root=10) == "worker"  # forked: the server's command
    assert process_role(13, 10, "python -m pipelines.sdk_worker --standby fr_core_news_sm", root=10) == "worker"
    assert process_role(14, 10, "/bin/sh -c true", root=10) == "other"


def test_a_kept_workdir_reports_the_run_just_made_not_an_earlier_one(tmp_path):
    runs = tmp_path / "_runs"
    runs.mkdir()
    earlier = runs / "2000-01-01T121813Z-aaaaaa.json"  # sorts and lists before the new one
    earlier.write_text("{}", encoding="utf-8")
    before = set(runs.glob("*.json"))
    new = runs / "2000-01-01T135416Z-bbbbbb.json"
    new.write_text("{}", encoding="utf-8")
    assert this_runs_manifest(tmp_path, before) == new
    with pytest.raises(RuntimeError, match="found 0"):
        this_runs_manifest(tmp_path, {earlier, new})


def test_report_gives_each_size_its_median_run_and_the_spread_around_the_middle_size():
    from benchmarks.perf import report

    def run(wall, size):
        return {"wall_s": wall, "ms_per_article": round(1000 * wall / size, 2), "words": 450 * size, "kinds": {},
                "words_per_s": round(450 * size / wall), "manifest_duration_s": wall - 0.5, "cpu_s": 2 * wall,
                "others_load": 0.0, "peak_tree_rss_mib": 900.0, "dedup": {"precision": 1.0, "recall": 1.0},
                "processes": [{"role": "driver", "pid": 1, "peak_rss_mib": 300.0, "cpu_s": 1.0, "command": "ingest"},
                              {"role": "worker", "pid": 2, "peak_rss_mib": 400.0, "cpu_s": wall, "command": "w"}]}

    results = {"cores": 2, "articles": 2000, "sizes": {
        2000: dict(run(22.0, 2000), round_walls_s=[22.4, 22.0, 21.7]),
        1000: dict(run(13.2, 1000), round_walls_s=[13.2, 13.6, 12.9]),
        100000: dict(run(1000.0, 100000), ms_per_article=10.16, ms_per_record=10.0, round_walls_s=[1000.0])}}
    text = report(results)
    assert "1000 records:     13.2 s wall (median of 13.2 / 13.6 / 12.9),  13.20 ms/article," in text
    # one run: no rounds to list; 1,600 bad records: the cost per article is over the 98,400 others
    assert "100000 records:   1000.0 s wall,  10.16 ms/article (10.00 per record)," in text
    # the middle size is 2,000 (11.00 ms): 1,000 is 20 % above it, 100,000 8 % below
    spread = next(line for line in text.splitlines() if line.startswith("ms/article spread"))
    assert spread.split()[2] == "0.20" and spread.endswith("MISSED")


def test_the_spread_compares_the_sizes_within_each_round_when_they_all_ran_each_round():
    from benchmarks.perf import report, spread

    base = {"words": 1, "kinds": {}, "words_per_s": 1, "manifest_duration_s": 1.0, "cpu_s": 1.0, "others_load": 0.0,
            "peak_tree_rss_mib": 1.0, "dedup": {"precision": 1.0, "recall": 1.0},
            "processes": [{"role": "driver", "pid": 1, "peak_rss_mib": 1.0, "cpu_s": 1.0, "command": "ingest"}]}
    results = {"cores": 2, "articles": 2000, "sizes": {
        2000: dict(base, wall_s=23.0, ms_per_article=11.5, round_walls_s=[22.0, 24.0, 23.0],
                   round_ms_per_article=[11.0, 12.0, 11.5], article_count=2000),
        1000: dict(base, wall_s=13.1, ms_per_article=13.1, round_walls_s=[12.5, 13.6, 13.1],
                   round_ms_per_article=[12.5, 13.6, 13.1], article_count=1000)}}
    text = report(results)
    # per round (the larger of two sizes is the middle): 0.12, 0.12, 0.12; of the median runs 0.1221
    assert "spread within each round: 0.12 / 0.12 / 0.12; of each size's median run: 0.12" in text
    line = next(line for line in text.splitlines() if line.startswith("ms/article spread"))
    assert line.split()[2] == "0.12" and line.endswith("ok")
    assert spread([13.2, 11.0, 10.0]) == pytest.approx(0.2)  # from the middle size, 11.0


def test_measure_runs_every_size_repeat_times_and_reports_its_median_run(tmp_path, monkeypatch):
    # ... but a size of --once_from records or more once, last in the middle round
    import argparse

    import benchmarks.perf as perf

    walls = {2000: [22.4, 21.7, 23.0], 1000: [13.4, 13.9, 13.3], 100_000: [1100.0]}
    calls = []

    def run_pipeline(corpus, output, log_path):
        size = int(corpus.name.split("-")[1])
        output.mkdir(parents=True)
        calls.append((size, output.name))
        return {"wall_s": walls[size][sum(1 for s, _ in calls if s == size) - 1], "cpu_s": 1.0}

    floors = iter(range(1, 10))
    # 2 % of each corpus are bad records: the cost per article is over the others
    corpus_options = []
    monkeypatch.setattr(perf, "write_corpus", lambda corpus, size, **kw: corpus_options.append(kw) or {
        "words": 450 * size, "bytes": 1, "files": [],
        "kinds": {"article": size * 86 // 100, "copy": size * 12 // 100, "malformed_json": size // 50}})
    monkeypatch.setattr(perf, "read_records", lambda files: [])
    monkeypatch.setattr(perf, "run_pipeline", run_pipeline)
    monkeypatch.setattr(perf, "planted_copy_scores", lambda files, output: {"precision": 1.0, "recall": 1.0})
    monkeypatch.setattr(perf, "floor", lambda records, cores, stock=False: {"spacy_and_langdetect_s": next(floors)})
    args = argparse.Namespace(articles=2000, sizes=[1000, 100_000], seed=0, bad_ratio=0.0, repeat=3, no_floor=False,
                              no_stages=True, py_spy=None, no_seeds=True, closed_vocabulary=False,
                              once_from=10_000)
    results = perf.measure(args, tmp_path)
    assert results["vocabulary"] == "open" and all(kw["open_vocabulary"] for kw in corpus_options)
    # the sizes alternate (each round in the same minutes), each round starting at another one
    assert [size for size, _ in calls] == [2000, 1000, 1000, 2000, 100_000, 2000, 1000]
    assert results["sizes"][100_000]["round_walls_s"] == [1100.0]
    assert results["sizes"][2000]["wall_s"] == 22.4 and results["sizes"][2000]["round_walls_s"] == [22.4, 21.7, 23.0]
    assert results["sizes"][1000]["wall_s"] == 13.4 and results["sizes"][1000]["round_walls_s"] == [13.4, 13.9, 13.3]
    assert results["sizes"][1000]["ms_per_article"] == 13.67 and results["sizes"][1000]["ms_per_record"] == 13.4
    assert results["sizes"][1000]["round_ms_per_article"] == [13.67, 14.18, 13.57]
    assert results["sizes"][1000]["article_count"] == 980
    assert results["floor"] == {"spacy_and_langdetect_s": 1}  # the floor of the median run's round (the first)
    assert [r["pipeline_wall_s"] for r in results["rounds"]] == [22.4, 21.7, 23.0]
    # only each size's first output is kept
    assert sorted(path.name for path in tmp_path.glob("out-*")) == ["out-1000", "out-2000"]
