"""Reading raw input: files of any Beam filesystem -> Article records, or Reject records with a reason.

``*.jsonl`` / ``*.jsonl.gz``: one article per line (a JSON object with ``text`` and optional ``id``,
``url``, ``source``, ``published``, ``title``). Any other file: one article per file.

Decoding policy (documented in the README): UTF-8 (a BOM is honoured, UTF-16 with a BOM too); bytes
that are not valid UTF-8 are decoded as Windows-1252 (Latin-1 for its five undefined bytes) and the
row's ``input_encoding`` says so; NUL bytes are dropped; a file that looks binary is rejected.
"""
from __future__ import annotations

import codecs
import gzip
import json
import os
from typing import Iterator, Optional, Union

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.pvalue import TaggedOutput

from transforms.records import Article, CountFn, Reject, make_doc_id, no_count, pack, unpack
from transforms.stage import REJECTS, BeamCounters, StageOutputs, error_text

OPTIONAL_FIELDS = ("url", "source", "published", "title")
_GLOB_CHARS = set("*?[")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


class InputTooLarge(ValueError):
    pass


def resolve_input_pattern(path: str) -> str:
    """A file, a directory or a glob -> a Beam match pattern (directories are read recursively).
    Local paths are made absolute so a file's source_id (and doc_id) does not depend on the
    directory the job was started from."""
    if FileSystems.get_scheme(path) is None:
        path = os.path.abspath(path) + ("/" if path.endswith("/") else "")
    if any(ch in _GLOB_CHARS for ch in path):
        return path
    if path.endswith("/") or (FileSystems.get_scheme(path) is None and os.path.isdir(path)):
        return path.rstrip("/") + "/**"
    return path


def is_jsonl(path: str) -> bool:
    name = path.lower()
    for suffix in (".gz", ".bz2", ".zst", ".deflate"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name.endswith(".jsonl") or name.endswith(".ndjson")


def looks_binary(data: bytes) -> bool:
    """Control bytes (other than tab/newlines/form feed) in more than 1% of the first 8 KiB,
    when the text is not UTF-16 (which is full of NULs by design)."""
    head = data[:8192]
    if not head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = sum(head.count(bytes([b])) for b in _CONTROL_BYTES)
    return controls > len(head) / 100


def decode_text(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding used). Never raises; see the module docstring for the policy."""
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8):], "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").replace("\x00", ""), "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_cp1252(data)
        encoding = "cp1252"
    return text.replace("\x00", ""), encoding


def _latin1_for_undefined(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start:error.end].decode("latin-1"), error.end


# Windows-1252 leaves five bytes undefined: take them as Latin-1 so decoding never fails.
codecs.register_error("news_ingest_latin1", _latin1_for_undefined)


def _decode_cp1252(data: bytes) -> str:
    return data.decode("cp1252", errors="news_ingest_latin1")


def _optional_str(record: dict, field: str) -> Optional[str]:
    value = record.get(field)
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"field {field!r} must be a string, got {type(value).__name__}")


def _too_long(source_id: str, path: str, payload: str, length: int, max_doc_chars: int, count: CountFn) -> Reject:
    count("rejected_too_long", 1)
    return Reject(source_id=source_id, stage="read", input_path=path, payload=payload,
                  error=f"text has {length} characters, over --max_doc_chars={max_doc_chars}")


def parse_jsonl(path: str, text: str, encoding: str, max_doc_chars: int,
                count: CountFn = no_count) -> Iterator[Union[Article, Reject]]:
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        location = f"{path}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError(f"expected a JSON object, got {type(record).__name__}")
            if "text" not in record:
                raise ValueError("missing required field 'text'")
            if not isinstance(record["text"], str):
                raise ValueError(f"field 'text' must be a string, got {type(record['text']).__name__}")
            source_id = _optional_str(record, "id") or location
            fields = {field: _optional_str(record, field) for field in OPTIONAL_FIELDS}
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            count("rejected_parse", 1)
            yield Reject(source_id=location, stage="parse", error=error_text(exc), payload=line, input_path=path)
            continue
        body = record["text"].replace("\x00", "")
        if len(body) > max_doc_chars:
            yield _too_long(source_id, path, line, len(body), max_doc_chars, count)
            continue
        count("articles", 1)
        yield Article(doc_id=make_doc_id(source_id, body), source_id=source_id, raw_text=body,
                      input_path=path, input_encoding=encoding, **fields)


def parse_file(path: str, data: bytes, max_doc_chars: int,
               count: CountFn = no_count) -> Iterator[Union[Article, Reject]]:
    """One input file's bytes -> its articles and rejects."""
    if looks_binary(data):
        count("rejected_binary", 1)
        yield Reject(source_id=path, stage="decode", input_path=path,
                     error="binary content (control bytes), not text",
                     payload=data[:512].decode("latin-1"))
        return
    text, encoding = decode_text(data)
    if encoding != "utf-8":
        count(f"decoded_{encoding}", 1)
    if not text.strip():  # a JSONL file without any line too: the file is accounted for
        count("rejected_empty", 1)
        yield Reject(source_id=path, stage="read", error="empty or whitespace-only file", payload=text,
                     input_path=path)
        return
    if is_jsonl(path):
        yield from parse_jsonl(path, text, encoding, max_doc_chars, count)
        return
    if len(text) > max_doc_chars:
        yield _too_long(path, path, text, len(text), max_doc_chars, count)
        return
    count("articles", 1)
    yield Article(doc_id=make_doc_id(path, text), source_id=path, raw_text=text, input_path=path,
                  input_encoding=encoding, source=None)


def parse_message(name: str, data: bytes, max_doc_chars: int,
                  count: CountFn = no_count) -> Iterator[Union[Article, Reject]]:
    """One streamed message (Pub/Sub, Kafka): a JSON object with the JSONL contract -> its article or a
    reject. Raw line breaks between JSON tokens are whitespace, so a pretty-printed object is one record."""
    if looks_binary(data):
        count("rejected_binary", 1)
        yield Reject(source_id=name, stage="decode", input_path=None, error="binary content (control bytes), not text",
                     payload=data[:512].decode("latin-1"))
        return
    text, encoding = decode_text(data)
    if not text.strip():
        count("rejected_empty", 1)
        yield Reject(source_id=name, stage="read", error="empty message", payload=text)
        return
    # parse_jsonl names a record without id "<name>:<line>"; a message is one line.
    for record in parse_jsonl(name, text.replace("\r", " ").replace("\n", " "), encoding, max_doc_chars, count):
        if isinstance(record, Article):
            record.input_path = None
            if record.source_id == f"{name}:1":
                record.source_id = name
                record.doc_id = make_doc_id(name, record.raw_text)
        else:
            record.input_path, record.source_id = None, name
        yield record


class ParseMessages(beam.PTransform):
    """(name, bytes) messages -> ``.articles`` and ``.rejects``; each keeps its message's timestamp."""

    def __init__(self, max_doc_chars: int):
        super().__init__()
        self.max_doc_chars = max_doc_chars

    def expand(self, messages):
        parsed = (messages
                  | "Parse" >> beam.ParDo(ParseMessagesFn(self.max_doc_chars)).with_outputs(REJECTS, main="articles"))
        return StageOutputs(parsed.articles, parsed[REJECTS])


class ParseMessagesFn(beam.DoFn):
    def __init__(self, max_doc_chars: int):
        self.max_doc_chars = max_doc_chars

    def setup(self):
        self.count = BeamCounters("read")

    def process(self, message):
        name, data = message
        self.count("messages", 1)
        for record in parse_message(name, data, self.max_doc_chars, self.count):
            yield TaggedOutput(REJECTS, record) if isinstance(record, Reject) else record


def read_limited(readable_file: fileio.ReadableFile, max_bytes: int) -> bytes:
    """Reads (and decompresses) at most ``max_bytes``; more raises InputTooLarge. Gzip goes through
    Python's own reader, which raises on a truncated stream (Beam's returns what it got)."""
    if readable_file.metadata.path.lower().endswith(".gz"):
        with readable_file.open(compression_type=CompressionTypes.UNCOMPRESSED) as raw, \
                gzip.GzipFile(fileobj=raw) as handle:
            data = handle.read(max_bytes + 1)
    else:
        with readable_file.open(compression_type=CompressionTypes.AUTO) as handle:
            data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLarge(f"input is over --max_input_bytes={max_bytes} bytes (after decompression)")
    return data


class ParseFilesFn(beam.DoFn):
    def __init__(self, max_input_bytes: int, max_doc_chars: int):
        self.max_input_bytes = max_input_bytes
        self.max_doc_chars = max_doc_chars

    def setup(self):
        self.count = BeamCounters("read")

    def process(self, readable_file: fileio.ReadableFile):
        path = readable_file.metadata.path
        self.count("files", 1)
        try:
            data = read_limited(readable_file, self.max_input_bytes)
        except Exception as exc:  # noqa: BLE001 - unreadable, truncated gzip, too large: a reject, not a crash
            self.count("rejected_unreadable", 1)
            yield TaggedOutput(REJECTS, Reject(source_id=path, stage="read", error=error_text(exc),
                                               input_path=path))
            return
        for record in parse_file(path, data, self.max_doc_chars, self.count):
            yield TaggedOutput(REJECTS, record) if isinstance(record, Reject) else record


class ReadArticles(beam.PTransform):
    """File pattern -> ``.articles`` and ``.rejects``. Reshuffles so work spreads over workers even
    when one file holds many articles. ``warm_up``: a DoFn that passes the matched files through,
    run in the first stage, for what its ``setup`` starts (loading models)."""

    def __init__(self, pattern: str, max_input_bytes: int, max_doc_chars: int, warm_up: Optional[beam.DoFn] = None):
        super().__init__()
        self.pattern = resolve_input_pattern(pattern)
        self.max_input_bytes = max_input_bytes
        self.max_doc_chars = max_doc_chars
        self.warm_up = warm_up

    def expand(self, pbegin):
        matched = pbegin | "Match" >> fileio.MatchFiles(self.pattern,
                                                        empty_match_treatment=fileio.EmptyMatchTreatment.DISALLOW)
        if self.warm_up is not None:
            matched = matched | "WarmUp" >> beam.ParDo(self.warm_up)
        parsed = (
            matched
            | "ReadMatches" >> fileio.ReadMatches(skip_directories=True)
            | "SpreadFiles" >> beam.Reshuffle()
            | "Parse" >> beam.ParDo(ParseFilesFn(self.max_input_bytes, self.max_doc_chars))
            .with_outputs(REJECTS, main="articles")
        )
        articles = (parsed.articles | "Pack" >> beam.Map(pack) | "SpreadArticles" >> beam.Reshuffle()
                    | "Unpack" >> beam.Map(unpack))
        return StageOutputs(articles, parsed.rejects)
