"""The benchmark corpus generator: deterministic, the sizes asked for, wire copies and bad records
of every kind, which the reader turns into the expected rejects, and a vocabulary that grows as
news text's does."""
import collections
import json
import re

from benchmarks.corpus import BAD_KINDS, OpenVocabulary, generate, pools, write_corpus
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


def _distinct_french_words(records: list[dict]) -> tuple[int, int]:
    """(words, distinct case-folded words) of the French texts."""
    words = [w.lower() for r in records if r.get("language") == "fr" for w in re.findall(r"\w+", r["text"])]
    return len(words), len(set(words))


def test_the_vocabulary_grows_as_news_text_does():
    # Heaps' law with Reuters news's fit (V = 44 N^0.49): the pools alone give a quarter of it.
    open_words, open_distinct = _distinct_french_words([json.loads(line) for line, _ in generate(1000, seed=1)])
    closed_words, closed_distinct = _distinct_french_words(
        [json.loads(line) for line, _ in generate(1000, seed=1, open_vocabulary=False)])
    assert 0.75 < open_distinct / (44 * open_words ** 0.49) < 1.25
    assert closed_distinct / (44 * closed_words ** 0.49) < 0.4


def test_coined_words_fit_their_slot_and_recur():
    vocabulary = OpenVocabulary(seed=5, language="fr", pool=pools()["fr"])
    lower = [vocabulary.word("gouvernement") for _ in range(3000)]
    capital = [vocabulary.word("Marseille") for _ in range(3000)]
    assert all(word.endswith("nt") and word.islower() for word in lower)
    assert all(word[0].isupper() for word in capital)
    assert not vocabulary.known & {word.lower() for word in vocabulary.coined}  # new words only
    assert len(vocabulary.coined) == len(set(lower) | set(capital)) < 6000  # rare words recur
    again = OpenVocabulary(seed=5, language="fr", pool=pools()["fr"])
    assert [again.word("gouvernement") for _ in range(3000)] == lower


def test_small_pools_coin_words_of_letters_only():
    # Italian's capitalised words come from ~70 names and places: their short spellings run out.
    vocabulary = OpenVocabulary(seed=0, language="it", pool=pools()["it"])
    words = [vocabulary.word("Roma") for _ in range(40_000)]
    assert all(word.isalpha() and word[0].isupper() and len(word) >= 5 for word in words)
    assert not vocabulary.known & {word.lower() for word in vocabulary.coined}
