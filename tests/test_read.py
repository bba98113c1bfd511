import codecs
import gzip
import json
import os
from collections import Counter

import apache_beam as beam
import pytest
from apache_beam.metrics import Metrics
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.util import assert_that, equal_to

from tests.conftest import make_pipeline
from transforms.read import (ReadArticles, decode_text, is_blank, is_jsonl, looks_binary, parse_file, parse_jsonl,
                             parse_message, resolve_input_pattern)
from transforms.records import Article, Reject, make_doc_id


def test_decode_utf8_bom_utf16_and_cp1252_fallback():
    assert decode_text("café".encode("utf-8")) == ("café", "utf-8")
    assert decode_text(b"\xef\xbb\xbfcaf\xc3\xa9") == ("café", "utf-8")
    assert decode_text("café «ok»".encode("utf-16")) == ("café «ok»", "utf-16")
    assert decode_text("l’été".encode("cp1252")) == ("l’été", "cp1252")
    assert decode_text(b"a\x81b\xe9") == ("a\x81bé", "cp1252")  # undefined cp1252 byte kept as Latin-1
    assert decode_text(b"a\x00b") == ("ab", "utf-8")


def test_binary_detection():
    assert looks_binary(bytes(range(256)) * 4)
    assert not looks_binary("Un texte ordinaire.\n\tAvec tabulation.".encode())
    assert not looks_binary("texte".encode("utf-16"))


def test_jsonl_lines_become_articles_or_rejects_with_reasons():
    data = (b'{"id": "a1", "text": "Bonjour", "url": "http://x", "title": "T"}\n'
            b'{bad json\n'
            b'\n'
            b'{"text": 5}\n'
            b'{"id": 7}\n'
            b'["list"]\n'
            b'{"text": "sans id", "source": "site"}\n')
    counts = Counter()
    records = list(parse_file("in/batch.jsonl", data, 1000, lambda name, n=1: counts.update({name: n})))
    articles = [r for r in records if isinstance(r, Article)]
    rejects = [r for r in records if isinstance(r, Reject)]
    assert [a.source_id for a in articles] == ["a1", "in/batch.jsonl:7"]
    assert articles[0].url == "http://x" and articles[0].title == "T" and articles[1].source == "site"
    assert [(r.source_id, r.stage) for r in rejects] == [
        ("in/batch.jsonl:2", "parse"), ("in/batch.jsonl:4", "parse"), ("in/batch.jsonl:5", "parse"),
        ("in/batch.jsonl:6", "parse")]
    assert "JSONDecodeError" in rejects[0].error and rejects[0].payload == "{bad json"
    assert "'text' must be a string" in rejects[1].error
    assert "missing required field 'text'" in rejects[2].error
    assert counts == Counter({"articles": 2, "rejected_parse": 4})


def test_a_record_whose_text_is_empty_or_blank_is_rejected_under_its_id():
    lines = ['{"id": "a1", "text": ""}', '{"id": "a2", "text": " \\n\\t\\u0000 "}',
             '{"id": "a3", "text": "\\u200b\\ufeff\\u2060"}', '{"text": "\\u200bUn vrai texte."}']
    counts = Counter()
    records = list(parse_jsonl("f.jsonl", "\n".join(lines), "utf-8", 1000, lambda key, n: counts.update({key: n})))
    rejects = [r for r in records if isinstance(r, Reject)]
    assert [(r.source_id, r.stage, r.payload) for r in rejects] == [("a1", "parse", lines[0]),
                                                                    ("a2", "parse", lines[1]),
                                                                    ("a3", "parse", lines[2])]
    assert all("'text' is empty or blank" in r.error for r in rejects)
    [article] = [r for r in records if isinstance(r, Article)]
    assert article.source_id == "f.jsonl:4" and counts == Counter({"rejected_empty_text": 3, "articles": 1})
    [message] = parse_message("topic/m1", b'{"id": "a1", "text": "  "}', 1000)  # a message's rejects bear its name
    assert (message.source_id, message.stage, message.input_path) == ("topic/m1", "parse", None)
    assert "empty or blank" in message.error


def test_blank_means_nothing_visible():
    assert all(is_blank(text) for text in ("", " \n\t\r", "\u00a0\u3000", "\u200b\ufeff\u2060\u200d", "\x01\x7f"))
    assert not any(is_blank(text) for text in ("a", " \u200b.", "\u3000日", "\ufeff1"))


def test_text_files_empty_and_too_long_are_rejected():
    [empty] = parse_file("a.txt", b"  \n\t\n", 100)
    assert isinstance(empty, Reject) and "empty" in empty.error
    [invisible] = parse_file("d.txt", "\u200b\n\ufeff\u2060".encode(), 100)  # zero-width only
    assert isinstance(invisible, Reject) and invisible.error == "empty or blank file"
    [long] = parse_file("b.txt", b"x" * 101, 100)
    assert isinstance(long, Reject) and "--max_doc_chars=100" in long.error
    [article] = parse_file("c.txt", "Texte en latin-1 : été".encode("latin-1"), 100)
    assert article.input_encoding == "cp1252" and article.raw_text.endswith("été")


def test_doc_id_is_stable_and_depends_on_source_and_content():
    assert make_doc_id("a", "text") == make_doc_id("a", "text")
    assert make_doc_id("a", "text") != make_doc_id("b", "text")
    assert make_doc_id("a", "text") != make_doc_id("a", "text!")


def test_input_pattern_resolution(tmp_path):
    assert resolve_input_pattern(str(tmp_path)) == str(tmp_path / "**")
    assert resolve_input_pattern("gs://bucket/dir/") == "gs://bucket/dir/**"
    assert resolve_input_pattern("data/*.jsonl") == os.path.abspath("data/*.jsonl")
    assert is_jsonl("x.jsonl.gz") and is_jsonl("x.JSONL") and not is_jsonl("x.txt.gz")


class _CountMatchedFiles(beam.DoFn):
    """A warm-up that passes the matched files through and counts them."""

    def process(self, element):
        Metrics.counter("warm_up", "files").inc()
        yield element


@pytest.mark.parametrize("warm_up", [None, _CountMatchedFiles()])
def test_read_articles_transform_on_a_directory(tmp_path, warm_up):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Premier article.", encoding="utf-8")
    with gzip.open(tmp_path / "sub" / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write('{"id": "b1", "text": "Deuxième"}\n{"id": "b2"}\n')
    (tmp_path / "truncated.txt.gz").write_bytes(gzip.compress(b"x" * 1000)[:20])
    pipeline = make_pipeline()
    read = pipeline | ReadArticles(str(tmp_path), max_input_bytes=10_000, max_doc_chars=10_000, warm_up=warm_up)
    assert_that(read.articles | "ArticleIds" >> beam.Map(lambda a: (a.source_id, a.raw_text)),
                equal_to([(str(tmp_path / "a.txt"), "Premier article."), ("b1", "Deuxième")]),
                label="articles")
    assert_that(read.rejects | "RejectIds" >> beam.Map(lambda r: (r.source_id.rsplit("/", 1)[-1], r.stage)),
                equal_to([("b.jsonl.gz:2", "parse"), ("truncated.txt.gz", "read")]), label="rejects")
    result = pipeline.run()
    result.wait_until_finish()
    counted = result.metrics().query(MetricsFilter().with_name("files"))["counters"]
    warmed = sum(c.committed for c in counted if c.key.metric.namespace == "warm_up")
    assert warmed == (0 if warm_up is None else 3)  # every matched file went through the warm-up


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=40), st.builds(lambda t: json.dumps({"text": t}), st.text(max_size=40))),
                max_size=8))
def test_property_every_jsonl_line_is_an_article_or_a_reject(lines):
    data = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines).encode("utf-8")
    records = list(parse_file("x.jsonl", data, 1000))
    if looks_binary(data):
        assert len(records) == 1 and isinstance(records[0], Reject)
        return
    text, _ = decode_text(data)
    expected = sum(1 for line in text.split("\n") if line.strip())
    assert len(records) == max(expected, 1)  # a file with no line is one "empty" reject
    for record in records:
        assert isinstance(record, (Article, Reject))
        if isinstance(record, Reject):
            assert record.error and record.stage in ("parse", "read")


from transforms.read import FilePart, line_ranges, parse_lines, read_range, split_file  # noqa: E402


def test_line_ranges_cut_after_the_first_line_end_past_the_size():
    data = b"aaaa\nbb\ncccccc\nd\n"
    assert list(line_ranges([data], 5)) == [(0, 5, 1), (5, 15, 2), (15, 17, 4)]
    assert list(line_ranges([data[:3], data[3:9], data[9:]], 5)) == [(0, 5, 1), (5, 15, 2), (15, 17, 4)]
    assert list(line_ranges([b"no line end"], 4)) == [(0, 11, 1)]
    assert list(line_ranges([], 4)) == []


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300).map(lambda b: b.replace(b"\x00", b"\n")), st.integers(1, 64),
       st.lists(st.integers(1, 50), min_size=1, max_size=10))
def test_property_line_ranges_cover_the_stream_in_whole_lines_whatever_the_chunks(data, split_bytes, cuts):
    chunks, offset = [], 0
    for cut in cuts * (len(data) // sum(cuts) + 1):
        chunks.append(data[offset:offset + cut])
        offset += cut
    ranges = list(line_ranges(chunks, split_bytes))
    assert ranges == list(line_ranges([data], split_bytes))
    assert [start for start, _, _ in ranges] == ([0] + [end for _, end, _ in ranges[:-1]] if data else [])
    assert (ranges[-1][1] if ranges else 0) == len(data)
    for start, end, first_line in ranges:
        assert first_line == data[:start].count(b"\n") + 1
        if end < len(data):  # every run but the last ends at the first line end at or after split_bytes bytes
            assert data[end - 1:end] == b"\n" and end - start >= split_bytes
            assert b"\n" not in data[start + split_bytes - 1:end - 1]


def _parsed_in_parts(path, max_doc_chars=1000, split_bytes=64):
    records = []
    for part in split_file(str(path), path.stat().st_size, max_input_bytes=10**9, split_bytes=split_bytes):
        data = path.read_bytes() if part.end is None else read_range(part)
        records += list(parse_file(part.path, data, max_doc_chars) if part.end is None
                        else parse_lines(part, data, max_doc_chars))
    return records


_LINES = st.one_of(
    st.just(""), st.text(max_size=30), st.just("\u00a0 \t"),
    st.builds(lambda t: json.dumps({"text": t}, ensure_ascii=False), st.text(max_size=60)),
    st.builds(lambda i, t: json.dumps({"id": i, "text": t}), st.text(max_size=5), st.text(max_size=60)))
# Bytes a line may start with or hold: byte-order marks, an invalid UTF-8 byte, NUL.
_JUNK = st.sampled_from([b"", b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xe9", b"\x00"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_JUNK, _LINES), max_size=30), st.integers(8, 128))
def test_property_a_split_jsonl_file_gives_the_records_of_the_whole(tmp_path_factory, lines, split_bytes):
    path = tmp_path_factory.mktemp("split") / "big.jsonl"
    path.write_bytes(b"\n".join(junk + line.replace("\n", " ").replace("\r", " ").encode("utf-8")
                                for junk, line in lines))
    whole = list(parse_file(str(path), path.read_bytes(), 1000))
    assert _parsed_in_parts(path, split_bytes=split_bytes) == whole


def test_files_that_cannot_be_split_are_parsed_whole(tmp_path):
    lines = "".join(json.dumps({"text": f"article {i}"}) + "\n" for i in range(50)).encode()
    cases = {"a.jsonl.gz": gzip.compress(lines), "b.txt": lines, "c.jsonl": "\n".join(["  "] * 100).encode(),
             "d.jsonl": lines.decode().encode("utf-16"), "e.jsonl": bytes(range(32)) * 40,
             "nbsp.jsonl": "\u00a0 \n".encode() * 100, "bom.jsonl": codecs.BOM_UTF8 + b" \n" * 200,
             "latin1.jsonl": lines + '{"text": "été"}\n'.encode("latin-1")}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        assert split_file(str(tmp_path / name), len(data), 10**9, 64) == [FilePart(str(tmp_path / name))], name
    (tmp_path / "f.jsonl").write_bytes(lines)
    assert split_file(str(tmp_path / "f.jsonl"), len(lines), len(lines) - 1, 64) == [FilePart(str(tmp_path / "f.jsonl"))]
    parts = split_file(str(tmp_path / "f.jsonl"), len(lines), 10**9, 64)
    assert len(parts) > 10 and parts[0].first_line == 1 and parts[-1].end == len(lines)


def test_read_articles_parses_a_big_file_in_parts_with_its_line_numbers(tmp_path):
    lines = [json.dumps({"text": f"Article numéro {i}."}, ensure_ascii=False) for i in range(40)]
    lines[17] = "{not json"
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pipeline = make_pipeline()
    read = pipeline | ReadArticles(str(tmp_path), max_input_bytes=10_000, max_doc_chars=10_000, split_bytes=100)
    path = str(tmp_path / "big.jsonl")
    assert_that(read.articles | "Ids" >> beam.Map(lambda a: (a.source_id, a.raw_text)),
                equal_to([(f"{path}:{i + 1}", f"Article numéro {i}.") for i in range(40) if i != 17]), label="articles")
    assert_that(read.rejects | "RejectIds" >> beam.Map(lambda r: r.source_id), equal_to([f"{path}:18"]), label="rejects")
    result = pipeline.run()
    result.wait_until_finish()
    files = result.metrics().query(MetricsFilter().with_name("files"))["counters"]
    assert sum(c.committed for c in files if c.key.metric.namespace == "read") == 1  # one file, counted once


_WIRE_BODY = [
    "Le gouvernement a annoncé mardi un plan de soutien aux agriculteurs touchés par la sécheresse estivale.",
    "Selon le ministre, les premières aides seront versées dès la fin du mois aux exploitations les plus exposées.",
    "Les syndicats agricoles ont salué un premier pas tout en jugeant l'enveloppe insuffisante pour compenser les pertes.",
]


def test_copies_of_a_wire_story_are_spread_together_whatever_their_sites_furniture():
    from transforms.read import spread_key

    closing = "Le texte sera examiné jeudi en conseil des ministres, a précisé le porte-parole du gouvernement."
    original = Article(doc_id="a", source_id="a", raw_text="\n".join(["Accueil | Politique | Économie", *_WIRE_BODY,
                                                                      closing, "Partager sur Facebook"]))
    # another outlet's page: its own furniture and headline, its own spacing, the last paragraph cut
    copy = Article(doc_id="b", source_id="b", raw_text="\r\n".join(["Le Journal du Val — Menu", "Sécheresse : un plan",
                                                                    *(f"  {line}  " for line in _WIRE_BODY),
                                                                    "Abonnez-vous à notre newsletter"]))
    other = Article(doc_id="c", source_id="c", raw_text=_WIRE_BODY[2].replace("agricoles", "de pêcheurs"))
    assert spread_key(original) == spread_key(copy) != spread_key(other)


def test_a_sites_long_banner_does_not_group_its_articles():
    from transforms.read import spread_key

    banner = ("En poursuivant votre navigation, vous acceptez le dépôt de cookies tiers destinés à vous proposer "
              "des publicités ciblées. En savoir plus | OK")
    stories = [Article(doc_id=str(n), source_id=str(n), raw_text="\n".join([banner, line]))
               for n, line in enumerate(_WIRE_BODY)]
    assert len({spread_key(story) for story in stories}) == len(stories)


def test_an_article_without_long_lines_is_spread_by_its_doc_id():
    from transforms.read import spread_key

    short = [Article(doc_id=doc_id, source_id="s", raw_text="Accueil\nMenu\nUne ligne courte") for doc_id in "xy"]
    assert spread_key(short[0]) != spread_key(short[1])
    assert spread_key(short[0]) == spread_key(Article(doc_id="x", source_id="t", raw_text=""))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000), st.text(min_size=1, max_size=40))
def test_property_spread_key_is_a_32_bit_key_of_any_text(raw, doc_id):
    from transforms.read import spread_key

    article = Article(doc_id=doc_id, source_id="s", raw_text=raw)
    assert 0 <= spread_key(article) < 1 << 32 and spread_key(article) == spread_key(article)
