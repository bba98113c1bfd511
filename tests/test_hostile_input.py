"""Hostile input through the whole pipeline: every record ends in articles or in rejects with a reason,
and a bad record never stops the run."""
import gzip
import json
import random

import pytest

from pipelines import ingest
from tests.conftest import SEEDS_DIR, read_partition
from transforms.read import parse_file

RUN_DATE = "2026-11-25"
FRENCH = "Le conseil municipal a adopté mardi soir le budget de la ville, après trois heures de débat animé."


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    inputs = work / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "blank.txt").write_text(" \n\t \r\n  ", encoding="utf-8")
    (inputs / "binary.bin").write_bytes(random.Random(0).randbytes(4096))
    (inputs / "invalid_utf8.txt").write_bytes(FRENCH.encode("utf-8") + b" \xff\xfe fin.")
    (inputs / "utf16.txt").write_bytes(FRENCH.encode("utf-16"))
    (inputs / "latin1.txt").write_bytes(FRENCH.encode("latin-1"))
    (inputs / "mixed_endings.txt").write_bytes(
        ("Un titre pour l'article\r\n\r\n" + FRENCH + "\rLa séance a été levée à minuit.\n\n"
         + "LA MAIRIE PUBLIERA LE DÉTAIL DES DÉPENSES LA SEMAINE PROCHAINE, A PRÉCISÉ LE MAIRE.")
        .encode("utf-8"))
    (inputs / "nul.txt").write_bytes((FRENCH * 5).encode("utf-8").replace(b" ", b" \x00", 2))  # stray NULs
    (inputs / "truncated.txt.gz").write_bytes(gzip.compress(FRENCH.encode() * 50)[:40])
    (inputs / "bomb.jsonl.gz").write_bytes(gzip.compress(b" " * 70_000_000))  # 70 KB that expand to 70 MB
    (inputs / "huge.txt").write_bytes(b"mot " * (50 * 1024 * 1024 // 4))  # one 50 MB line
    (inputs / "empty.jsonl").write_bytes(b"\n\n")
    lines = [
        json.dumps({"id": "ok", "text": FRENCH}),
        "{not json",
        json.dumps({"id": "no-text", "title": "Sans texte"}),
        json.dumps({"id": "number", "text": 42}),
        json.dumps({"id": "twice", "text": FRENCH + " Bis."}),
        json.dumps({"id": "twice", "text": FRENCH + " Bis."}),
        json.dumps({"id": "same-id", "text": FRENCH + " Première version."}),
        json.dumps({"id": "same-id", "text": FRENCH + " Seconde version, corrigée."}),
        json.dumps({"id": "nul-escape", "text": "Texte\u0000 avec un caractère nul échappé, " + FRENCH}),
        json.dumps(["not", "an", "object"]),
    ]
    (inputs / "batch.jsonl").write_bytes("\r\n".join(lines).encode("utf-8") + b"\r\n")
    (inputs / "seed.txt").write_bytes((SEEDS_DIR / "000_ccea0562d6af5c3c.txt").read_bytes())
    manifest = ingest.run(["--input", str(inputs), "--output", str(work / "out"), "--run_date", RUN_DATE,
                           "--max_input_bytes", "60000000", "--direct_running_mode", "in_memory",
                           "--direct_num_workers", "1"])
    rows = read_partition(work / "out", "articles", RUN_DATE).to_pylist()
    articles = {row["source_id"].rsplit("/", 1)[-1]: row for row in rows}
    rejects = read_partition(work / "out", "rejects", RUN_DATE).to_pylist()
    return manifest, articles, rejects, rows


def _reject(rejects, source_suffix):
    found = [r for r in rejects if r["source_id"].endswith(source_suffix)]
    assert len(found) == 1, (source_suffix, [r["source_id"] for r in rejects])
    return found[0]


def test_the_run_succeeds_and_accounts_for_every_record(hostile_run):
    manifest, _, rejects, rows = hostile_run
    assert manifest["status"] == "succeeded"
    counts = manifest["counts"]
    assert counts["accounted"]
    assert counts["read"]["records"] == len(rows) + len(rejects) == 23
    assert len({row["doc_id"] for row in rows}) == len(rows)


@pytest.mark.parametrize("source,stage,reason", [
    ("empty.txt", "read", "empty"),
    ("blank.txt", "read", "empty"),
    ("empty.jsonl", "read", "empty"),
    ("binary.bin", "decode", "binary"),
    ("truncated.txt.gz", "read", "EOFError"),
    ("bomb.jsonl.gz", "read", "--max_input_bytes=60000000"),
    ("huge.txt", "read", "--max_doc_chars=2000000"),
    ("batch.jsonl:2", "parse", "JSONDecodeError"),
    ("batch.jsonl:3", "parse", "missing required field 'text'"),
    ("batch.jsonl:4", "parse", "'text' must be a string"),
    ("batch.jsonl:10", "parse", "expected a JSON object"),
])
def test_each_bad_input_is_a_reject_with_its_reason(hostile_run, source, stage, reason):
    reject = _reject(hostile_run[2], source)
    assert reject["stage"] == stage and reason in reject["error"], reject["error"]


def test_huge_payload_is_truncated_and_flagged(hostile_run):
    reject = _reject(hostile_run[2], "huge.txt")
    assert reject["payload_truncated"] and len(reject["payload"]) == 100_000


def test_repaired_inputs_are_articles_with_their_encoding(hostile_run):
    articles = hostile_run[1]
    assert articles["invalid_utf8.txt"]["input_encoding"] == "cp1252"  # repaired, flagged
    assert articles["utf16.txt"]["input_encoding"] == "utf-16" and articles["utf16.txt"]["text"] == FRENCH
    assert articles["latin1.txt"]["input_encoding"] == "cp1252" and articles["latin1.txt"]["text"] == FRENCH
    assert articles["nul.txt"]["text"] == FRENCH * 5
    assert "\x00" not in articles["nul-escape"]["text"]
    mixed = articles["mixed_endings.txt"]
    assert "\r" not in mixed["text"] and mixed["text"].count("\n\n") >= 3
    assert mixed["language"] == "fr"  # the paragraph in capitals does not confuse detection


def test_duplicate_ids(hostile_run):
    _, articles, rejects, rows = hostile_run
    repeat = _reject(rejects, "twice")
    assert repeat["stage"] == "dedup" and "duplicate record" in repeat["error"]
    assert "twice" in articles
    same_id = [row for row in rows if row["source_id"] == "same-id"]  # two texts under one id: two articles
    assert len(same_id) == 2 and len({r["doc_id"] for r in same_id}) == 2


def test_one_hundred_thousand_tiny_documents_are_all_read():
    data = "\n".join(json.dumps({"id": f"t{i}", "text": f"Brève {i}."}) for i in range(100_000)).encode()
    records = list(parse_file("tiny.jsonl", data, 1000))
    assert len(records) == 100_000 and len({r.doc_id for r in records}) == 100_000
