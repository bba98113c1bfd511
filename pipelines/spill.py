"""Stage buffers of the local runner that spill to disk, so the driver's memory stays flat.

Beam's local runner is also the pipeline's shuffle service: every collection between stages sits
in the driver's memory, grouped ones decoded into Python objects (a GroupByKey input of 6.4
million LSH band entries at 100,000 articles). Distributed runners shuffle through disk or a
service instead. These buffers do the same past a memory bound:

- ``SpillingListBuffer`` (a collection read by another stage as is) moves its encoded chunks to
  a file and keeps ``FileChunk`` references;
- ``SpillingGroupingBuffer`` (a GroupByKey's input) holds each element's bytes, not its decoded
  value, writes its table sorted by encoded key as a run file whenever it holds more than the
  bound, and groups by merging the runs: one key's values in memory at a time. Its grouped
  output is written to disk as it is produced.

Below the bound they behave exactly as Beam's buffers. Readers get bytes (``__iter__``,
``load``); only the project's bundle manager sees ``FileChunk`` parts, and loads one bundle at
a time. Files live in one ``SpillArea`` per pipeline run, removed when the run ends; a run
that was killed cannot remove its own, so each new area removes those of dead runs on this host.
"""
from __future__ import annotations

import heapq
import itertools
import logging
import os
import re
import shutil
import socket
import struct
import tempfile
import threading
from typing import BinaryIO, Callable, Iterator, Optional, Union

from apache_beam.coders.coder_impl import create_InputStream, create_OutputStream
from apache_beam.runners.portability.fn_api_runner.execution import GroupingBuffer, ListBuffer
from apache_beam.transforms import trigger
from apache_beam.transforms.window import GlobalWindow, GlobalWindows
from apache_beam.utils import windowed_value

_LOG = logging.getLogger(__name__)
# Encoded bytes a buffer holds in memory before it spills.
SPILL_BYTES = 64 << 20
# Spill directories are named for the host and process that own them.
SPILL_PREFIX = "news-ingest-spill-"
# Grouped output goes to disk in chunks of about this size, or smaller when it is cut into many
# parts: the parts' unwritten chunks together hold at most _GROUPED_HELD_BYTES.
_CHUNK_BYTES = 1 << 20
_GROUPED_HELD_BYTES = 64 << 20
_MIN_CHUNK_BYTES = 64 << 10
_LENGTH = struct.Struct("<I")


class FileChunk:
    """Bytes written to a spill file: where they are, and how many."""
    __slots__ = ("path", "offset", "length")

    def __init__(self, path: str, offset: int, length: int):
        self.path, self.offset, self.length = path, offset, length

    def __len__(self) -> int:
        return self.length

    def load(self) -> bytes:
        with open(self.path, "rb") as handle:
            handle.seek(self.offset)
            return handle.read(self.length)


Chunk = Union[bytes, FileChunk]


def load(chunk: Chunk) -> bytes:
    return chunk if isinstance(chunk, bytes) else chunk.load()


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def stale_spill_dirs(names: list[str], host: str, alive: Callable[[int], bool] = process_alive) -> list[str]:
    """The spill directories among ``names`` left by processes of ``host`` that are gone (a run
    killed before it could remove its files). Other hosts' directories (a shared ``TMPDIR``) and
    names not in the ``<prefix><host>-<pid>-`` form are never chosen."""
    pattern = re.compile(re.escape(_spill_dir_prefix(host)) + r"(\d+)-[^/]*")
    return [name for name in names if (match := pattern.fullmatch(name)) and not alive(int(match.group(1)))]


def _spill_dir_prefix(host: str) -> str:
    """``<prefix><host>-``, the host made safe for a file name; the owner's pid follows it."""
    return f"{SPILL_PREFIX}{re.sub(r'[^A-Za-z0-9.]+', '_', host)[:64] or 'host'}-"


def remove_stale_spill_dirs(parent: Optional[str] = None) -> list[str]:
    """Removes what ``stale_spill_dirs`` finds in ``parent`` (default: the system's temporary
    directory); returns the paths removed."""
    parent = parent or tempfile.gettempdir()
    try:
        names = os.listdir(parent)
    except OSError:
        return []
    removed = []
    for name in stale_spill_dirs(names, socket.gethostname()):
        path = os.path.join(parent, name)
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    if removed:
        _LOG.warning("removed %d spill directories of killed runs: %s", len(removed), ", ".join(removed))
    return removed


class SpillArea:
    """A temporary directory for one run's spill files, and the bound its buffers spill past."""

    def __init__(self, limit: Optional[int] = None, parent: Optional[str] = None):
        self.limit = SPILL_BYTES if limit is None else limit
        remove_stale_spill_dirs(parent)
        self.directory = tempfile.mkdtemp(
            prefix=f"{_spill_dir_prefix(socket.gethostname())}{os.getpid()}-", dir=parent)
        self.files = 0  # spill files made, for tests and reports
        self._lock = threading.Lock()

    def new_path(self, kind: str) -> str:
        with self._lock:
            self.files += 1
            return os.path.join(self.directory, f"{kind}-{self.files:06d}")

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


class _ChunkWriter:
    """Appends byte strings to one spill file and returns where each went."""

    def __init__(self, path: str):
        self.path = path
        self._handle: BinaryIO = open(path, "ab")
        self._offset = self._handle.tell()  # kept here: tell() costs a system call

    def write(self, data: bytes) -> FileChunk:
        chunk = FileChunk(self.path, self._offset, len(data))
        self._handle.write(data)
        self._offset += len(data)
        return chunk

    def close(self) -> None:
        self._handle.close()


class SpillingListBuffer(ListBuffer):
    """Beam's ListBuffer whose chunks move to a file once they exceed the area's bound."""

    def __init__(self, coder_impl, area: SpillArea):
        super().__init__(coder_impl)
        self._area, self._held = area, 0

    @classmethod
    def replacing(cls, buffer: ListBuffer, area: SpillArea) -> "SpillingListBuffer":
        spilling = cls(buffer._coder_impl, area)
        for chunk in buffer._inputs:
            spilling.append(chunk)
        return spilling

    def copy(self) -> "SpillingListBuffer":
        new = SpillingListBuffer(self._coder_impl, self._area)
        new._inputs, new._held = list(self._inputs), self._held
        return new

    def append(self, element: Chunk) -> None:
        super().append(element)
        if isinstance(element, bytes):
            self._held += len(element)
            if self._held > self._area.limit:
                self._spill()

    def extend(self, extra) -> None:
        super().extend(extra)
        self._held += getattr(extra, "_held", 0)
        if self._held > self._area.limit:
            self._spill()

    def _spill(self) -> None:
        writer = _ChunkWriter(self._area.new_path("list"))
        try:
            self._inputs = [writer.write(chunk) if isinstance(chunk, bytes) else chunk for chunk in self._inputs]
        finally:
            writer.close()
        self._held = 0

    def partition(self, n: int) -> list[list[Chunk]]:
        if len(self._inputs) >= n or not self._inputs:
            return super().partition(n)
        # Fewer chunks than parts: Beam re-encodes element by element, which needs the bytes.
        self._inputs = [load(chunk) for chunk in self._inputs]
        return super().partition(n)

    def __iter__(self) -> Iterator[bytes]:
        return map(load, super().__iter__())

    def clear(self) -> None:
        super().clear()
        self._held = 0


class SpillingGroupingBuffer(GroupingBuffer):
    """Beam's GroupingBuffer, holding each element's encoded bytes by key rather than its decoded
    value, that writes a sorted run each time the bytes appended pass the area's bound and groups
    by merging the runs. Groups and the values' order within a group are Beam's; keys are dealt
    to the parts in key order rather than in arrival order."""

    def __init__(self, pre_grouped_coder, post_grouped_coder, windowing, area: SpillArea):
        super().__init__(pre_grouped_coder, post_grouped_coder, windowing)
        self._area, self._held = area, 0
        self._runs: list[str] = []
        self._element_impl = pre_grouped_coder.get_impl()

    @classmethod
    def replacing(cls, buffer: GroupingBuffer, area: SpillArea) -> "SpillingGroupingBuffer":
        spilling = cls(buffer._pre_grouped_coder, buffer._post_grouped_coder, buffer._windowing, area)
        spilling._absorb(buffer)
        return spilling

    def _absorb(self, buffer: GroupingBuffer) -> None:
        """Takes the decoded values of Beam's own buffer, as encoded elements."""
        encode, default = self._element_impl.encode_nested, self._windowing.is_default()  # as the data plane does
        decode_key = self._key_coder.get_impl().decode
        for key, values in buffer._table.items():
            decoded_key = decode_key(key)
            self._table[key].extend(
                encode(GlobalWindows.windowed_value((decoded_key, value)) if default else
                       value.with_value((decoded_key, value.value))) for value in values)
        buffer._table.clear()

    def append(self, elements_data: bytes) -> None:
        if self._grouped_output:
            raise RuntimeError("Grouping table append after read.")
        stream, size = create_InputStream(elements_data), len(elements_data)
        decode, encode_key, table = self._element_impl.decode_from_stream, self._key_coder.get_impl().encode, self._table
        start = 0
        while stream.size() > 0:
            key = decode(stream, True).value[0]
            end = size - stream.size()
            table[encode_key(key)].append(elements_data[start:end])
            start = end
        self._held += size
        if self._held > self._area.limit:
            self._spill()

    def extend(self, input_buffer) -> None:
        if isinstance(input_buffer, SpillingGroupingBuffer):
            for key, elements in input_buffer._table.items():
                self._table[key].extend(elements)
            self._runs.extend(input_buffer._runs)
            self._held += input_buffer._held
            input_buffer._table.clear()
            input_buffer._runs = []
        elif isinstance(input_buffer, GroupingBuffer):
            self._absorb(input_buffer)
        if self._held > self._area.limit:
            self._spill()

    def _spill(self) -> None:
        """The table, sorted by encoded key, as one run file: per key, its length, the key, the
        number of elements, then each element's length and bytes."""
        path = self._area.new_path("run")
        pack = _LENGTH.pack
        with open(path, "wb") as handle:
            for key in sorted(self._table):
                elements = self._table[key]
                handle.write(b"".join([pack(len(key)), key, pack(len(elements)),
                                       *(part for element in elements for part in (pack(len(element)), element))]))
        self._runs.append(path)
        self._table.clear()
        self._held = 0

    def partition(self, n: int) -> list[list[Chunk]]:
        if self._grouped_output is None:
            if self._runs:
                if self._table:
                    self._spill()
                self._grouped_output = self._group(heapq.merge(*map(_read_run, self._runs), key=_first), n,
                                                   _ChunkWriter(self._area.new_path("grouped")))
                for path in self._runs:
                    os.remove(path)
                self._runs = []
            else:
                self._grouped_output = self._group(sorted(self._table.items()), n, None)
            self._table.clear()
        return self._grouped_output

    def _group(self, entries: Iterator[tuple[bytes, list[bytes]]], n: int,
               writer: Optional["_ChunkWriter"]) -> list[list[Chunk]]:
        """Groups (key, elements) entries sorted by key into ``n`` parts, keys dealt in turn as
        Beam does; each part one chunk of bytes, or with ``writer`` file chunks of about
        ``_CHUNK_BYTES`` (smaller for many parts: see ``_GROUPED_HELD_BYTES``)."""
        key_impl, post_impl = self._key_coder.get_impl(), self._post_grouped_coder.get_impl()
        element_impl = self._element_impl
        decode_element = lambda data: element_impl.decode_from_stream(create_InputStream(data), True)  # noqa: E731
        if self._windowing.is_default():  # values, in the windowed value Beam's GroupingBuffer gives each group
            in_global_window = GlobalWindows.windowed_value(
                None, timestamp=GlobalWindow().max_timestamp(),
                pane_info=windowed_value.PaneInfo(is_first=True, is_last=True, index=0, nonspeculative_index=0,
                                                  timing=windowed_value.PaneInfoTiming.ON_TIME)).with_value
            windowed_groups = lambda key, elements: [  # noqa: E731
                in_global_window((key, [element.value[1] for element in elements]))]
        else:  # windowed values, through the trigger, as Beam does
            driver = trigger.create_trigger_driver(self._windowing, True)
            windowed_groups = lambda key, elements: driver.process_entire_key(  # noqa: E731
                key, [element.with_value(element.value[1]) for element in elements])
        parts: list[list[Chunk]] = [[] for _ in range(n)]
        streams = [create_OutputStream() for _ in range(n)]
        chunk_bytes = max(_MIN_CHUNK_BYTES, min(_CHUNK_BYTES, _GROUPED_HELD_BYTES // max(1, n)))
        try:
            for index, (key, entries_of_key) in enumerate(itertools.groupby(entries, key=_first)):
                elements = [decode_element(element) for _, encoded in entries_of_key for element in encoded]
                stream = streams[index % n]
                for group in windowed_groups(key_impl.decode(key), elements):
                    post_impl.encode_to_stream(group, stream, True)
                if writer is not None and stream.size() >= chunk_bytes:
                    parts[index % n].append(writer.write(stream.get()))
                    streams[index % n] = create_OutputStream()
            for part, stream in zip(parts, streams):
                if stream.size() or writer is None:
                    part.append(writer.write(stream.get()) if writer is not None else stream.get())
        finally:
            if writer is not None:
                writer.close()
        return parts

    def __iter__(self) -> Iterator[bytes]:
        return map(load, itertools.chain(*self.partition(1)))


def _first(entry):
    return entry[0]


def _read_run(path: str) -> Iterator[tuple[bytes, list[bytes]]]:
    with open(path, "rb", buffering=1 << 20) as handle:
        read, unpack, width = handle.read, _LENGTH.unpack, _LENGTH.size
        while True:
            head = read(width)
            if not head:
                return
            key = read(unpack(head)[0])
            count = unpack(read(width))[0]
            yield key, [read(unpack(read(width))[0]) for _ in range(count)]


class LoadedChunks:
    """A bundle's input chunks, read as they are sent, as often as needed (a retried bundle sends
    them again)."""

    def __init__(self, chunks: list[Chunk]):
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        return map(load, self.chunks)

    def __len__(self) -> int:
        return len(self.chunks)
