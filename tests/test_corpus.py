"""The benchmark corpus generator: deterministic, the sizes asked for, wire copies and bad records
of every kind, which the reader turns into the expected rejects."""
import collections
import json

from benchmarks.corpus import BAD_KINDS, write_corpus
from transforms.records import Article, Reject
from transforms.read import parse_file

OPTIONS = dict(seed=3, copy_ratio=0.2, bad_ratio=0.1, huge_chars=50_000)


def _corpus(directory, articles=300, shards=2, **options):
    summary = write_corpus(directory, articles, shards, **{**OPTIONS, **options})
    return summary, [open(path, "rb").read() for path in summary["files"]]


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    _, first = _corpus(tmp_path / "a")
    _, again = _corpus(tmp_path / "b")
    _, other = _corpus(tmp_path / "c", seed=4)
    assert first == again
    assert first != other


def test_sizes_copies_and_bad_kinds(tmp_path):
    summary, shards = _corpus(tmp_path)
    lines = [line for data in shards for line in data.decode("utf-8").split("\n") if line]
    assert len(shards) == 2 and len(lines) == summary["records"] == 300
    assert summary["bytes"] == sum(map(len, shards))
    kinds = summary["kinds"]
    assert set(kinds) == set(BAD_KINDS) | {"article", "copy"}
    assert sum(kinds[kind] for kind in BAD_KINDS) == 30
    assert abs(kinds["copy"] / (300 - 30) - 0.2) < 0.02
    records = [json.loads(line) for line in lines if line.startswith("{") and line.endswith("}")
               and "copy_of" in line]
    ids = {json.loads(line)["id"] for line in lines if line.endswith("}") and '"language"' in line}
    assert len(records) == kinds["copy"] and all(r["copy_of"] in ids for r in records)
    good = [json.loads(line) for line in lines if line.endswith("}") and '"language"' in line]
    assert 300 < sum(len(r["text"].split()) for r in good) / len(good) < 800  # news-length


def test_the_reader_rejects_each_bad_kind_as_such(tmp_path):
    summary, shards = _corpus(tmp_path, shards=1)
    parsed = list(parse_file("corpus.jsonl", shards[0], max_doc_chars=49_999))
    rejects = collections.Counter(r.stage for r in parsed if isinstance(r, Reject))
    kinds = summary["kinds"]
    assert rejects["read"] == kinds["huge_text"]  # over --max_doc_chars
    assert rejects["parse"] == sum(kinds[k] for k in ("malformed_json", "text_not_string", "missing_text",
                                                      "empty_text", "binary_junk"))
    articles = [r for r in parsed if isinstance(r, Article)]
    assert len(articles) == kinds["article"] + kinds["copy"]
    assert all(a.input_encoding == "utf-8" for a in articles)
