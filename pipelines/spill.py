"""Stage buffers of the local runner that spill to disk, so the driver's memory stays flat.

Beam's local runner is also the pipeline's shuffle service: every collection between stages sits
in the driver's memory, grouped ones decoded into Python objects (a GroupByKey input of 6.4
million LSH band entries at 100,000 articles). Distributed runners shuffle through disk or a
service instead. These buffers do the same past a memory bound:

- ``SpillingListBuffer`` (a collection read by another stage as is) moves its encoded chunks to
  a file and keeps ``FileChunk`` references;
- ``SpillingGroupingBuffer`` (a GroupByKey's input) writes its table, sorted by encoded key, as
  a run file whenever it holds more than the bound, and groups by merging the runs: one key's
  values in memory at a time. Its grouped output is written to disk as it is produced.

Below the bound they behave exactly as Beam's buffers. Readers get bytes (``__iter__``,
``load``); only the project's bundle manager sees ``FileChunk`` parts, and loads one bundle at
a time. Files live in one ``SpillArea`` per pipeline run, removed when the run ends.
"""
from __future__ import annotations

import heapq
import itertools
import os
import shutil
import struct
import tempfile
import threading
from typing import BinaryIO, Iterator, Optional, Union

from apache_beam import coders
from apache_beam.coders.coder_impl import create_OutputStream
from apache_beam.runners.portability.fn_api_runner.execution import GroupingBuffer, ListBuffer
from apache_beam.transforms import trigger
from apache_beam.transforms.window import GlobalWindow, GlobalWindows
from apache_beam.utils import windowed_value

# Encoded bytes a buffer holds in memory before it spills (its Python objects take ~3-4x more).
SPILL_BYTES = 128 << 20
# Grouped output goes to disk in chunks of about this size.
_CHUNK_BYTES = 1 << 20
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


class SpillArea:
    """A temporary directory for one run's spill files, and the bound its buffers spill past."""

    def __init__(self, limit: Optional[int] = None, parent: Optional[str] = None):
        self.limit = SPILL_BYTES if limit is None else limit
        self.directory = tempfile.mkdtemp(prefix="news-ingest-spill-", dir=parent)
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

    def write(self, data: bytes) -> FileChunk:
        offset = self._handle.tell()
        self._handle.write(data)
        return FileChunk(self.path, offset, len(data))

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
    """Beam's GroupingBuffer that writes a sorted run each time the bytes appended pass the area's
    bound, and groups by merging the runs."""

    def __init__(self, pre_grouped_coder, post_grouped_coder, windowing, area: SpillArea):
        super().__init__(pre_grouped_coder, post_grouped_coder, windowing)
        self._area, self._held = area, 0
        self._runs: list[str] = []
        # Beam's table holds values, or windowed values when the windowing is not the default one.
        value_coder = pre_grouped_coder.wrapped_value_coder.value_coder()
        if not windowing.is_default():
            value_coder = coders.WindowedValueCoder(value_coder, pre_grouped_coder.window_coder)
        self._value_coder_impl = value_coder.get_impl()

    @classmethod
    def replacing(cls, buffer: GroupingBuffer, area: SpillArea) -> "SpillingGroupingBuffer":
        spilling = cls(buffer._pre_grouped_coder, buffer._post_grouped_coder, buffer._windowing, area)
        spilling._table = buffer._table
        return spilling

    def append(self, elements_data: bytes) -> None:
        super().append(elements_data)
        self._held += len(elements_data)
        if self._held > self._area.limit:
            self._spill()

    def extend(self, input_buffer) -> None:
        super().extend(input_buffer)
        if isinstance(input_buffer, SpillingGroupingBuffer):
            self._runs.extend(input_buffer._runs)
            input_buffer._runs = []
            self._held += input_buffer._held
            if self._held > self._area.limit:
                self._spill()

    def _spill(self) -> None:
        """The table, sorted by encoded key, as one run file: per key, its length, the key, the
        number of values, then each value's length and bytes."""
        path = self._area.new_path("run")
        encode = self._value_coder_impl.encode
        with open(path, "wb") as handle:
            for key in sorted(self._table):
                values = self._table[key]
                handle.write(_LENGTH.pack(len(key)) + key + _LENGTH.pack(len(values)))
                for value in values:
                    data = encode(value)
                    handle.write(_LENGTH.pack(len(data)) + data)
        self._runs.append(path)
        self._table.clear()
        self._held = 0

    def partition(self, n: int) -> list[list[Chunk]]:
        if not self._runs:
            return super().partition(n)
        if self._grouped_output is None:
            if self._table:
                self._spill()
            self._grouped_output = self._merge_runs(n)
            for path in self._runs:
                os.remove(path)
            self._runs = []
        return self._grouped_output

    def _merge_runs(self, n: int) -> list[list[Chunk]]:
        """Merges the sorted runs key by key into ``n`` parts (keys dealt in turn, as Beam does),
        each part a list of file chunks of about ``_CHUNK_BYTES``."""
        key_impl, post_impl = self._key_coder.get_impl(), self._post_grouped_coder.get_impl()
        decode_value = self._value_coder_impl.decode
        if self._windowing.is_default():  # the windowed value Beam's GroupingBuffer gives each group
            in_global_window = GlobalWindows.windowed_value(
                None, timestamp=GlobalWindow().max_timestamp(),
                pane_info=windowed_value.PaneInfo(is_first=True, is_last=True, index=0, nonspeculative_index=0,
                                                  timing=windowed_value.PaneInfoTiming.ON_TIME)).with_value
            windowed_groups = lambda key, values: [in_global_window((key, values))]  # noqa: E731
        else:
            windowed_groups = trigger.create_trigger_driver(self._windowing, True).process_entire_key
        writer = _ChunkWriter(self._area.new_path("grouped"))
        parts: list[list[Chunk]] = [[] for _ in range(n)]
        streams = [create_OutputStream() for _ in range(n)]
        try:
            merged = heapq.merge(*(_read_run(path) for path in self._runs), key=lambda entry: entry[0])
            for index, (key, entries) in enumerate(itertools.groupby(merged, key=lambda entry: entry[0])):
                values = [decode_value(value) for _, run_values in entries for value in run_values]
                stream = streams[index % n]
                for group in windowed_groups(key_impl.decode(key), values):
                    post_impl.encode_to_stream(group, stream, True)
                if stream.size() >= _CHUNK_BYTES:
                    parts[index % n].append(writer.write(stream.get()))
                    streams[index % n] = create_OutputStream()
            for part, stream in zip(parts, streams):
                if stream.size():
                    part.append(writer.write(stream.get()))
        finally:
            writer.close()
        return parts

    def __iter__(self) -> Iterator[bytes]:
        return map(load, itertools.chain(*self.partition(1)))


def _read_run(path: str) -> Iterator[tuple[bytes, list[bytes]]]:
    with open(path, "rb", buffering=1 << 20) as handle:
        while True:
            head = handle.read(_LENGTH.size)
            if not head:
                return
            key = handle.read(_LENGTH.unpack(head)[0])
            count = _LENGTH.unpack(handle.read(_LENGTH.size))[0]
            values = [handle.read(_LENGTH.unpack(handle.read(_LENGTH.size))[0]) for _ in range(count)]
            yield key, values


class LoadedChunks:
    """A bundle's input chunks, read as they are sent, as often as needed (a retried bundle sends
    them again)."""

    def __init__(self, chunks: list[Chunk]):
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        return map(load, self.chunks)

    def __len__(self) -> int:
        return len(self.chunks)
