"""Reading raw input: files of any Beam filesystem -> Article records, or Reject records with a reason.

``*.jsonl`` / ``*.jsonl.gz``: one article per line (a JSON object with ``text`` and optional ``id``,
``url``, ``source``, ``published``, ``title``). Any other file: one article per file.

Decoding policy (documented in the README): UTF-8 (a BOM is honoured, UTF-16 with a BOM too); bytes
that are not valid UTF-8 are decoded as Windows-1252 (Latin-1 for its five undefined bytes) and the
row's ``input_encoding`` says so; NUL bytes are dropped; a file that looks binary is rejected.
"""
from __future__ import annotations

import codecs
import dataclasses
import gzip
import heapq
import json
import os
import zlib
from typing import Iterable, Iterator, NamedTuple, Optional, Union

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.pvalue import TaggedOutput
from apache_beam.transforms.util import ReshufflePerKey

from transforms.boilerplate import is_body_paragraph
from transforms.records import Article, CountFn, Reject, make_doc_id, no_count, pack, unpack
from transforms.stage import REJECTS, BeamCounters, StageOutputs, error_text

OPTIONAL_FIELDS = ("url", "source", "published", "title")
_GLOB_CHARS = set("*?[")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
# Uncompressed JSONL files over this are parsed as runs of lines of about this size, wherever the
# runner sends each (one file of 2,000 articles, 6 MB, took 1.2 s to parse on one worker). A worker
# gets whole runs: with 1 MB runs a 3.3 MB file went 2 MB to one worker and 1.3 to the other (0.25
# against 0.13 s); with 256 KB runs, 0.21 against 0.17-0.19 s.
SPLIT_BYTES = 256 << 10
_SCAN_CHUNK_BYTES = 8 << 20


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


def matched_files(path: str) -> list:
    """The files (``FileMetadata``) that ``--input`` ``path`` matches now."""
    return FileSystems.match([resolve_input_pattern(path)])[0].metadata_list


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


def decode_text(data: bytes, file_start: bool = True) -> tuple[str, str]:
    """Bytes -> (text, encoding used). Never raises; see the module docstring for the policy.
    ``file_start``: the bytes begin a file, so a byte-order mark there is one (else it is text)."""
    if file_start and data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8):], "utf-8"
    elif file_start and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
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


def is_blank(text: str) -> bool:
    """Whether ``text`` has nothing to read: only white space and invisible characters (zero-width
    spaces, byte-order marks, word joiners, controls). Stops at the first visible character."""
    return not any(character.isprintable() and not character.isspace() for character in text)


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
                count: CountFn = no_count, first_line: int = 1) -> Iterator[Union[Article, Reject]]:
    """JSONL text -> an article or a reject per non-blank line; ``first_line``: the number of the
    text's first line in its file (a record without ``id`` is named ``path:line``)."""
    for number, line in enumerate(text.split("\n"), first_line):
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
        if is_blank(body):  # as an empty file or message is: no article to clean or annotate
            count("rejected_empty_text", 1)
            yield Reject(source_id=source_id, stage="parse", error="field 'text' is empty or blank",
                         payload=line, input_path=path)
            continue
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
    jsonl = is_jsonl(path)
    # A JSONL file without any line too: the file is accounted for. (Its lines are read one by one,
    # so one that only holds invisible characters is a line like any other: not JSON.)
    if (not text.strip()) if jsonl else is_blank(text):
        count("rejected_empty", 1)
        yield Reject(source_id=path, stage="read", error="empty or blank file", payload=text, input_path=path)
        return
    if jsonl:
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
    if is_blank(text):
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


@dataclasses.dataclass(frozen=True)
class FilePart:
    """A matched file to parse whole, or (``end`` set) the whole lines between two of its byte
    offsets, the first of them line ``first_line``."""
    path: str
    start: int = 0
    end: Optional[int] = None
    first_line: int = 1


def line_ranges(chunks: Iterable[bytes], split_bytes: int) -> Iterator[tuple[int, int, int]]:
    """(start, end, number of the first line) of consecutive runs of whole lines of a byte stream
    given in ``chunks``, each cut at the first line end at or after ``split_bytes`` bytes (the last
    run may be shorter and need not end with a line break). Together they cover the stream."""
    start, first_line, newlines, offset = 0, 1, 0, 0
    for chunk in chunks:
        counted = 0  # newlines of the chunk before this index are in ``newlines`` or behind
        while True:
            reach = start + split_bytes - 1 - offset  # a line break at this chunk index or later closes the run
            newline = chunk.find(b"\n", max(reach, counted)) if reach < len(chunk) else -1
            if newline < 0:
                newlines += chunk.count(b"\n", counted)
                break
            newlines += chunk.count(b"\n", counted, newline + 1)
            end = offset + newline + 1
            yield start, end, first_line
            start, first_line, newlines, counted = end, first_line + newlines, 0, newline + 1
        offset += len(chunk)
    if offset > start:
        yield start, offset, first_line


def splittable(path: str) -> bool:
    """An uncompressed JSONL file: its lines can be read from any offset."""
    return is_jsonl(path) and CompressionTypes.detect_compression_type(path) == CompressionTypes.UNCOMPRESSED


def split_file(path: str, size: int, max_input_bytes: int, split_bytes: int = SPLIT_BYTES) -> list[FilePart]:
    """A matched file as the parts to parse: an uncompressed JSONL file of more than ``split_bytes``
    that is valid UTF-8 (so each run decodes as the whole file does) as runs of whole lines of
    about that size, so one big file spreads over the workers; any other file whole, as is one
    the parse must reject as a whole (binary, UTF-16, whitespace only, too large, unreadable).
    The runs cover the file as scanned: lines appended later are not read."""
    whole = [FilePart(path)]
    if not splittable(path) or size <= split_bytes or size > max_input_bytes:
        return whole
    decoder = codecs.getincrementaldecoder("utf-8-sig")()  # as decode_text: a leading BOM is no text
    scanned, printable = 0, False

    def chunks(handle) -> Iterator[bytes]:
        """The file's chunks, checked as the whole file's parse would see it. Raises (read it whole)
        on a binary head, on bytes that are not UTF-8 (a UTF-16 file's mark is not), and when it grew
        past the limit since matched (then rejected)."""
        nonlocal scanned, printable
        while chunk := handle.read(_SCAN_CHUNK_BYTES):
            if not scanned and looks_binary(chunk):
                raise ValueError(f"{path}: binary")
            scanned += len(chunk)
            if scanned > max_input_bytes:
                raise InputTooLarge(path)
            printable = bool(decoder.decode(chunk).replace("\x00", "").strip()) or printable
            yield chunk
        decoder.decode(b"", final=True)

    try:
        with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
            ranges = list(line_ranges(chunks(handle), split_bytes))
    except Exception:  # noqa: BLE001 - binary, not UTF-8, too large, unreadable: the whole file's parse decides
        return whole
    if not printable or len(ranges) < 2:
        return whole
    return [FilePart(path, start, end, first_line) for start, end, first_line in ranges]


def read_limited(path: str, max_bytes: int) -> bytes:
    """Reads (and decompresses) at most ``max_bytes``; more raises InputTooLarge. Gzip goes through
    Python's own reader, which raises on a truncated stream (Beam's returns what it got)."""
    if path.lower().endswith(".gz"):
        with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as raw, \
                gzip.GzipFile(fileobj=raw) as handle:
            data = handle.read(max_bytes + 1)
    else:
        with FileSystems.open(path, compression_type=CompressionTypes.AUTO) as handle:
            data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLarge(f"input is over --max_input_bytes={max_bytes} bytes (after decompression)")
    return data


def read_range(part: FilePart) -> bytes:
    with FileSystems.open(part.path, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
        handle.seek(part.start)
        data = handle.read(part.end - part.start)
    if len(data) != part.end - part.start:
        raise IOError(f"bytes {part.start}-{part.end} of the file: only {len(data)} could be read (changed since scanned?)")
    return data


def parse_lines(part: FilePart, data: bytes, max_doc_chars: int,
                count: CountFn = no_count) -> Iterator[Union[Article, Reject]]:
    """The bytes of a ``FilePart`` with ``end`` -> their articles and rejects. The whole file was
    checked when it was split (not binary, not UTF-16, valid UTF-8, not only whitespace)."""
    text, encoding = decode_text(data, file_start=part.start == 0)
    if encoding != "utf-8":
        count(f"decoded_{encoding}", 1)
    yield from parse_jsonl(part.path, text, encoding, max_doc_chars, count, part.first_line)


class SplitFilesFn(beam.DoFn):
    """Matched files (``FileMetadata``) -> ``FilePart``s (``split_file``); directories skipped."""

    def __init__(self, max_input_bytes: int, split_bytes: int = SPLIT_BYTES):
        self.max_input_bytes = max_input_bytes
        self.split_bytes = split_bytes

    def process(self, metadata):
        if not metadata.path.endswith("/"):
            yield from split_file(metadata.path, metadata.size_in_bytes, self.max_input_bytes, self.split_bytes)


class ParseFilesFn(beam.DoFn):
    def __init__(self, max_input_bytes: int, max_doc_chars: int):
        self.max_input_bytes = max_input_bytes
        self.max_doc_chars = max_doc_chars

    def setup(self):
        self.count = BeamCounters("read")

    def process(self, part: FilePart):
        path = part.path
        if part.start == 0:
            self.count("files", 1)
        try:
            data = read_limited(path, self.max_input_bytes) if part.end is None else read_range(part)
        except Exception as exc:  # noqa: BLE001 - unreadable, truncated gzip, too large: a reject, not a crash
            self.count("rejected_unreadable", 1)
            source_id = path if part.end is None else f"{path}:{part.first_line}"
            yield TaggedOutput(REJECTS, Reject(source_id=source_id, stage="read", error=error_text(exc),
                                               input_path=path))
            return
        records = (parse_file(path, data, self.max_doc_chars, self.count) if part.end is None
                   else parse_lines(part, data, self.max_doc_chars, self.count))
        for record in records:
            yield TaggedOutput(REJECTS, record) if isinstance(record, Reject) else record


def spread_key(article: Article) -> int:
    """The key an article is spread over the workers by: the hashes of its two longest body
    paragraphs (``boilerplate.is_body_paragraph``; the most words, among equals the smallest
    hash). Copies of one wire story share it unless those paragraphs were edited, so most land on
    one worker, whose entity memo runs their common paragraphs through spaCy once; spread at
    random, a copy meets its original on one worker in N. Not the smallest hash of the long
    lines: a site's cookie banner is one of them in each of its articles and grouped 144 of them
    under one key, which one worker then runs alone; two paragraphs are needed to share a key.
    An article without a body paragraph is spread by its doc_id."""
    paragraphs = (line.split() for line in article.raw_text.split("\n") if is_body_paragraph(line))
    longest = heapq.nsmallest(2, ((-len(words), _text_hash(" ".join(words))) for words in paragraphs))
    if not longest:
        return _text_hash(article.doc_id)
    return zlib.crc32(b"".join(line_hash.to_bytes(4, "little") for _, line_hash in longest))


def _text_hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def keyed_for_spreading(article: Article) -> tuple[int, bytes]:
    return spread_key(article), pack(article)


class ReadOutputs(NamedTuple):
    """``StageOutputs`` and ``parsed``: the same articles before they are spread over the workers,
    for statistics over the whole corpus that need not wait for the spread."""
    articles: object
    rejects: object
    parsed: object


class ReadArticles(beam.PTransform):
    """File pattern -> ``.articles``, ``.rejects`` (and ``.parsed``, see ``ReadOutputs``). Big JSONL
    files are parsed in parts, and the articles reshuffled, so work spreads over the workers even
    when one file holds many articles (by ``spread_key``: copies of a story meet on one worker).
    ``warm_up``: a DoFn that passes the matched files through, run in the first stage, for what its
    ``setup`` starts (loading models)."""

    def __init__(self, pattern: str, max_input_bytes: int, max_doc_chars: int, warm_up: Optional[beam.DoFn] = None,
                 split_bytes: int = SPLIT_BYTES):
        super().__init__()
        self.pattern = resolve_input_pattern(pattern)
        self.max_input_bytes = max_input_bytes
        self.max_doc_chars = max_doc_chars
        self.warm_up = warm_up
        self.split_bytes = split_bytes

    def expand(self, pbegin):
        matched = pbegin | "Match" >> fileio.MatchFiles(self.pattern,
                                                        empty_match_treatment=fileio.EmptyMatchTreatment.DISALLOW)
        if self.warm_up is not None:
            matched = matched | "WarmUp" >> beam.ParDo(self.warm_up)
        parsed = (
            matched
            | "SpreadFiles" >> beam.Reshuffle()  # big files are scanned where they land, not all on one worker
            | "Split" >> beam.ParDo(SplitFilesFn(self.max_input_bytes, self.split_bytes))
            | "SpreadParts" >> beam.Reshuffle()
            | "Parse" >> beam.ParDo(ParseFilesFn(self.max_input_bytes, self.max_doc_chars))
            .with_outputs(REJECTS, main="articles")
        )
        # Spread by content (``spread_key``), not at random: copies meet on one worker.
        articles = (parsed.articles | "Pack" >> beam.Map(keyed_for_spreading) | "SpreadArticles" >> ReshufflePerKey()
                    | "Unpack" >> beam.MapTuple(lambda _, packed: unpack(packed)))
        return ReadOutputs(articles, parsed.rejects, parsed.articles)
