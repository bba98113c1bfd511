"""Near-identical wire copies: MinHash signatures, LSH banding, verified edges, connected
components and one canonical article per cluster, all inside Beam (no driver-side collect).

Signatures are computed on the cleaned body, normalised (NFKC, case-folded, one apostrophe,
punctuation and spacing ignored), over word k-shingles. Candidates share at least one LSH band.
Band entries are dealt to shards by band key (as many as ``band_shards_for`` the input's size)
and shuffled packed together (a few thousand values instead of ``bands`` per article); each
shard's buckets are formed in memory.
Inside each bucket, member pairs are screened on the containment estimated from an 8-bit sketch
of their MinHash values, so only likely copies leave the bucket;
then the pair is checked on the exact shingle sets. Two bodies whose Jaccard similarity reaches
``threshold`` are mostly each other's text: an edge. A body whose containment in a longer one
reaches ``threshold`` while their Jaccard does not (a trimmed copy, a brief) keeps one such edge
only, to the longer body most alike to it: containment is not transitive, and a short body that
holds half of each of two unrelated stories would otherwise join them (at 100,000 generated
articles, 42 shingles joined 90 stories). Exact duplicates (same normalised body) are linked to one representative
before LSH, so a body repeated thousands of times costs no quadratic work.

Components: ``rounds`` alternations of large-star / small-star (Kiveris et al., 2014) over
node ids that sort in canonical order, so the component minimum *is* the canonical article
(earliest ``published``, then longest body, then smallest ``doc_id``). Each round is two
GroupByKeys over the edge list only, so no worker holds more than one node's neighbours.
The algorithm converges in O(log^2 n) rounds on any graph and in one or two on the star-shaped
graphs of wire copies; a component that would need more rounds than ``--dedup_rounds`` is
left split in two or more clusters (never merged with another).
"""
from __future__ import annotations

import dataclasses
import datetime
import hashlib
import math
import re
import struct
import unicodedata
import zlib
from typing import Iterable, Iterator, Optional

import apache_beam as beam
import numpy as np
from apache_beam.coders import PickleCoder
from apache_beam.transforms import window
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import BagStateSpec, TimerSpec, on_timer
from apache_beam.io.filesystems import FileSystems
from apache_beam.io.parquetio import ReadAllFromParquet, WriteToParquet

from schemas import SCHEMA_VERSION, SIGNATURE_SCHEMA
from transforms.records import Article, Reject, pack, unpack
from transforms.stage import REJECTS, StageOutputs

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
# Pairs of a bucket whose containment estimated from the sketches is under this share of the
# threshold are dropped before the exact check (0.3 at the default 0.5). Without it, pairs sharing
# one band by chance grow with the square of the corpus (8.7 per article at 2,000 generated
# articles, 22 at 5,000, 43 at 10,000). Measured on 10,000 generated articles (431,077 pairs,
# 1,288 true at 0.5): at 0.3 the screen keeps 4,429 false pairs (12,369 at 0.25) and every true
# one, whose lowest estimate is 0.44; at 100,000 it keeps 320,122 pairs (880,897 at 0.25) and
# loses 1 of 12,574 edges (containment 0.500, bodies of 327 and 112 shingles). On the dev set the
# lowest true estimate is 0.61 and the highest false one 0.40.
PREFILTER_SHARE = 0.6
# Bits of each MinHash value kept in the bucket sketch: two different values agree on them by
# chance 1 time in 256, which the estimate corrects for.
SKETCH_BITS = 8
_MEMBER_HEAD = struct.Struct("<IH")  # a bucket member's number of shingles and sketch length
_ENTRY_HEAD = struct.Struct("<HI")  # a packed band entry's key and member lengths
# Shards of the band shuffle: at 100,000 articles each holds ~1,600 band entries (~300 KB), at
# 10 million ~160,000 (~30 MB), formed into buckets in the worker's memory.
BAND_SHARDS = 4096
# Fewer for a smaller input (``band_shards_for``): one per this many input bytes (~25 articles).
BYTES_PER_BAND_SHARD = 128 << 10
MIN_BAND_SHARDS = 64
_MAX_BODY = 10**9


@dataclasses.dataclass(frozen=True)
class MinHashParams:
    num_perm: int = 128
    bands: int = 64
    shingle_size: int = 3
    seed: int = 1

    def __post_init__(self):
        if self.num_perm % self.bands:
            raise ValueError(f"--dedup_bands={self.bands} must divide --dedup_num_perm={self.num_perm}")

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands

    def permutations(self) -> tuple[np.ndarray, np.ndarray]:
        """Odd 64-bit multipliers and 64-bit xor masks, one pair per permutation."""
        rng = np.random.RandomState(self.seed)
        a = rng.randint(0, 1 << 32, size=(self.num_perm, 2), dtype=np.int64).astype(np.uint64)
        b = rng.randint(0, 1 << 32, size=(self.num_perm, 2), dtype=np.int64).astype(np.uint64)
        multipliers = (a[:, 0] << np.uint64(32)) | a[:, 1] | np.uint64(1)
        return multipliers, (b[:, 0] << np.uint64(32)) | b[:, 1]


@dataclasses.dataclass(frozen=True)
class Signature:
    node: str              # canonical-order id (see node_id)
    doc_id: str
    minhash: bytes         # num_perm uint32, little-endian
    shingles: int          # number of distinct shingles
    exact_key: str
    # The distinct shingle hashes, sorted uint32 little-endian, for exact verification of candidate
    # pairs; empty where unknown (history written before schema v3), then the MinHash estimate serves.
    shingle_set: bytes = b""


def normalized_tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return _TOKEN_RE.findall(text)


def shingle_hashes(tokens: list[str], size: int) -> np.ndarray:
    """Distinct 32-bit hashes of the word ``size``-shingles (crc32 per token, mixed in numpy)."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    # Tokens hold no NUL (they are \w+): encoded together and split, then hashed without a Python frame each.
    encoded = "\x00".join(tokens).encode("utf-8").split(b"\x00")
    token_hashes = np.fromiter(map(zlib.crc32, encoded), dtype=np.uint64, count=len(tokens))
    if len(tokens) < size:
        size = len(tokens)
    mixed = np.zeros(len(tokens) - size + 1, dtype=np.uint64)
    for offset in range(size):
        mixed = mixed * np.uint64(0x100000001B3) ^ token_hashes[offset:offset + len(mixed)]
    return np.unique((mixed ^ (mixed >> np.uint64(29))) & np.uint64(0xFFFFFFFF))


def minhash(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """num_perm minimum hashes: multiply-shift hashing, ((h xor b) * a mod 2^64) >> 32, whose
    minimum behaves as a random permutation's (linear hashes mod a prime do not, on 32-bit h)."""
    if hashes.size == 0:
        return np.full(a.shape, 0xFFFFFFFF, dtype=np.uint32)
    values = hashes[:, None] ^ b
    values *= a  # uint64 products wrap: that is the modulo
    # The shift is monotonic, so it can follow the minimum: one shift per permutation, not per value.
    return (values.min(axis=0) >> np.uint64(32)).astype(np.uint32)


def node_id(published: Optional[str], body_length: int, doc_id: str) -> str:
    """A string id whose sort order is the canonical order: earliest published (unknown last),
    then longest body, then smallest doc_id."""
    return f"{published or '~'}|{_MAX_BODY - min(body_length, _MAX_BODY - 1):010d}|{doc_id}"


def doc_id_of(node: str) -> str:
    return node.rsplit("|", 1)[1]


def signature_of(article: Article, params: MinHashParams, perms: tuple[np.ndarray, np.ndarray]) -> Signature:
    tokens = normalized_tokens(article.text)
    hashes = shingle_hashes(tokens, params.shingle_size)
    # Bodies without words are not copies of each other: each keeps a key of its own.
    exact = hashlib.blake2b((" ".join(tokens) if tokens else "\x00" + article.doc_id).encode("utf-8"),
                            digest_size=12).hexdigest()
    return Signature(node=node_id(article.published, len(article.text), article.doc_id), doc_id=article.doc_id,
                     minhash=minhash(hashes, *perms).astype("<u4").tobytes(), shingles=int(hashes.size),
                     shingle_set=hashes.astype("<u4").tobytes(),
                     exact_key=exact)


def band_keys(signature: Signature, params: MinHashParams) -> list[bytes]:
    """One key per LSH band: the band's number (2 bytes), then its rows' MinHash values."""
    width = params.rows * 4
    values = signature.minhash
    return [band.to_bytes(2, "big") + values[band * width:(band + 1) * width] for band in range(params.bands)]


def similarity(a: Signature, b: Signature) -> tuple[float, float]:
    """(Jaccard, containment of the smaller shingle set in the larger): exact when both carry their
    shingle sets, else estimated from the MinHash values. The estimate is not used when it can be
    avoided: for bodies of unequal length a small Jaccard error becomes a large containment error,
    and LSH candidates are the pairs whose error is upward (measured: unrelated articles of true
    containment 0.25-0.34 estimated over 0.5)."""
    if a.shingles == 0 or b.shingles == 0:
        return 0.0, 0.0
    if a.shingle_set and b.shingle_set:
        left, right = np.frombuffer(a.shingle_set, dtype="<u4"), np.frombuffer(b.shingle_set, dtype="<u4")
        common = np.intersect1d(left, right, assume_unique=True).size
        return common / (left.size + right.size - common), common / min(left.size, right.size)
    jaccard = float(np.mean(np.frombuffer(a.minhash, dtype="<u4") == np.frombuffer(b.minhash, dtype="<u4")))
    return jaccard, float(estimated_containment(jaccard, a.shingles, b.shingles))


def estimated_containment(jaccard, shingles_a, shingles_b):
    """Containment of the smaller shingle set in the larger, from their Jaccard similarity and
    sizes (|A ∩ B| = J (|A| + |B|) / (1 + J)); numpy arrays or scalars, 0 where a set is empty."""
    jaccard, shingles_a, shingles_b = (np.asarray(v, dtype=np.float64) for v in (jaccard, shingles_a, shingles_b))
    smaller = np.minimum(shingles_a, shingles_b)
    intersection = jaccard * (shingles_a + shingles_b) / (1.0 + jaccard)
    return np.where(smaller > 0, np.minimum(1.0, intersection / np.maximum(smaller, 1.0)), 0.0)


def bucket_member(signature: Signature) -> bytes:
    """What a signature brings to each of its LSH buckets, as one bytes value (cheap to shuffle and
    to hold): its number of shingles, the low ``SKETCH_BITS`` bits of each MinHash value (a
    quarter of the signature's size), and its node."""
    sketch = (np.frombuffer(signature.minhash, dtype="<u4") & ((1 << SKETCH_BITS) - 1)).astype(np.uint8).tobytes()
    return _MEMBER_HEAD.pack(signature.shingles, len(sketch)) + sketch + signature.node.encode("utf-8")


def _member_fields(member: bytes) -> tuple[str, int, bytes]:
    """(node, shingles, sketch) of a ``bucket_member``."""
    shingles, width = _MEMBER_HEAD.unpack_from(member)
    start = _MEMBER_HEAD.size
    return member[start + width:].decode("utf-8"), shingles, member[start:start + width]


def screened_pairs(bucket: Iterable[bytes], max_bucket: int, min_containment: float) -> Iterator[tuple[str, str]]:
    """Pairs (smaller node, larger node) of one LSH bucket of ``bucket_member`` values whose
    containment, estimated from their sketches, reaches ``min_containment``. Buckets over
    ``max_bucket`` pair every member with the first ``max_bucket`` (in canonical order) only,
    which keeps the cost linear."""
    return screened_pairs_of_buckets([list(bucket)], max_bucket, min_containment)


def screened_pairs_of_buckets(buckets: Iterable[list[bytes]], max_bucket: int, min_containment: float
                              ) -> Iterator[tuple[str, str]]:
    """``screened_pairs`` of many buckets at once: the pairs of every bucket are listed first, then
    estimated together in numpy (most buckets hold one pair, too few for numpy per bucket). The
    Jaccard estimate corrects for sketch values that agree by chance: P(agree) = J + (1 - J) / 2^bits."""
    row_of: dict[bytes, int] = {}  # member -> its row in the arrays below
    fields: list[tuple[str, int, bytes]] = []
    left: list[int] = []
    right: list[int] = []
    for bucket in buckets:
        if len(bucket) < 2:  # most buckets: no pair, nothing to decode
            continue
        rows = []
        for member in set(bucket):  # a node met twice is one member
            row = row_of.get(member)
            if row is None:
                row = row_of[member] = len(fields)
                fields.append(_member_fields(member))
            rows.append(row)
        if len(rows) < 2:
            continue
        rows.sort(key=lambda row: fields[row][0])  # canonical order
        for i in range(min(len(rows) - 1, max_bucket)):
            left.extend([rows[i]] * (len(rows) - 1 - i))
            right.extend(rows[i + 1:])
    if not left:
        return
    shingles = np.array([field[1] for field in fields], dtype=np.float64)
    sketches = np.frombuffer(b"".join(field[2] for field in fields), dtype=np.uint8).reshape(len(fields), -1)
    left_rows, right_rows = np.array(left), np.array(right)
    chance = 1.0 / (1 << SKETCH_BITS)
    agree = (sketches[left_rows] == sketches[right_rows]).mean(axis=1)
    jaccard = np.clip((agree - chance) / (1.0 - chance), 0.0, 1.0)
    containment = estimated_containment(jaccard, shingles[left_rows], shingles[right_rows])
    for k in np.flatnonzero(containment >= min_containment):
        yield fields[left[k]][0], fields[right[k]][0]


def band_shard(key: bytes, shards: int) -> int:
    """The shard of a band key (deterministic across processes and runs)."""
    return zlib.crc32(key) % shards


def band_shards_for(input_bytes: int) -> int:
    """Shards of the band shuffle for an input of ``input_bytes``: one per ``BYTES_PER_BAND_SHARD``,
    rounded to a power of two on a log scale (so 4,096 from ~380 MB), from ``MIN_BAND_SHARDS`` to
    ``BAND_SHARDS``. Each bundle sends one value per shard it has entries for, and each shard is
    screened on its own: at 1,000 articles, 4,096 shards meant ~16,000 values of ~4 entries and
    0.33 CPU s to deal and screen them, 64 shards 0.11 s. Which pairs are found does not depend on
    it (a bucket is within one shard)."""
    wanted = max(input_bytes / BYTES_PER_BAND_SHARD, 1.0)
    return min(BAND_SHARDS, max(MIN_BAND_SHARDS, 1 << round(math.log2(wanted))))


def pack_band_entries(entries: Iterable[tuple[bytes, bytes]]) -> bytes:
    """(band key, bucket member) pairs as one bytes value: lengths, then the bytes, for each."""
    return b"".join(_ENTRY_HEAD.pack(len(key), len(member)) + key + member for key, member in entries)


def unpack_band_entries(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    offset, size = 0, len(data)
    while offset < size:
        key_length, member_length = _ENTRY_HEAD.unpack_from(data, offset)
        offset += _ENTRY_HEAD.size
        yield data[offset:offset + key_length], data[offset + key_length:offset + key_length + member_length]
        offset += key_length + member_length


def screened_pairs_of_shard(packed: Iterable[bytes], max_bucket: int, min_containment: float
                            ) -> Iterator[tuple[str, str]]:
    """``screened_pairs`` of every LSH bucket of one shard (packed band entries from any number of
    bundles): the buckets are formed here, in memory, from the shard's entries."""
    buckets: dict[bytes, list[bytes]] = {}
    for data in packed:
        for key, member in unpack_band_entries(data):
            buckets.setdefault(key, []).append(member)
    return screened_pairs_of_buckets(buckets.values(), max_bucket, min_containment)


class _ShardBandEntriesFn(beam.DoFn):
    """Signatures -> (shard, packed band entries): each signature's ``bands`` bucket entries, dealt to
    ``shards`` shards by band key and packed together, about ``flush_bytes`` at a time. The band
    shuffle then moves a few thousand values rather than ``bands`` per article (6.4 million at
    100,000 articles), which a runner pays for per value."""

    def __init__(self, params: MinHashParams, shards: int, flush_bytes: int = 8 << 20):
        self.params = params
        self.shards = shards
        self.flush_bytes = flush_bytes

    def start_bundle(self):
        self._entries: dict[int, list[tuple[bytes, bytes]]] = {}
        self._held = 0

    def process(self, signature: Signature):
        member = bucket_member(signature)
        for key in band_keys(signature, self.params):
            self._entries.setdefault(band_shard(key, self.shards), []).append((key, member))
            self._held += len(key) + len(member)
        if self._held >= self.flush_bytes:
            yield from self._flush()

    def finish_bundle(self):
        for shard, packed in self._flush():
            yield window.GlobalWindows.windowed_value((shard, packed))

    def _flush(self):
        entries, self._entries, self._held = self._entries, {}, 0
        for shard in sorted(entries):
            yield shard, pack_band_entries(entries[shard])


def _attach_left(node_joined):
    """(left node, {pairs: right nodes, signature: [left]}) -> (right node, left signature) per
    distinct pair (pairs come once per band the two share)."""
    _, joined = node_joined
    signatures = list(joined["signature"])[:1]  # a node met twice (today and in the history) is one article
    for right in sorted(set(joined["pair"])):
        for left in signatures:
            yield right, left


def verified_link(left: Signature, right: Signature, threshold: float) -> Optional[tuple[str, tuple]]:
    """How two articles are linked, if at all: ("alike", (node, node)) when their Jaccard similarity
    reaches ``threshold`` (each is mostly the other's text), ("contained", (smaller node, (jaccard,
    containment, larger node))) when only the smaller body's containment in the larger does, else
    None. The smaller is the one with fewer shingles, then the later in canonical order."""
    jaccard, containment = similarity(left, right)
    if jaccard >= threshold:
        return "alike", (left.node, right.node)
    if containment >= threshold:
        left_smaller = (left.shingles, right.node) < (right.shingles, left.node)
        smaller, larger = (left, right) if left_smaller else (right, left)
        return "contained", (smaller.node, (jaccard, containment, larger.node))
    return None


def best_container(candidates: Iterable[tuple[float, float, str]]) -> tuple[float, float, str]:
    """Of the (jaccard, containment, node) articles that contain one body, the most alike (highest
    Jaccard, then containment, then the earliest node). A body keeps its link to this one only, so
    it cannot join unrelated stories that each contain half of it (a combiner: same type in and out)."""
    return min(candidates, key=lambda c: (-c[0], -c[1], c[2]))


def _verified(threshold: float):
    def verify(node_joined):
        _, joined = node_joined
        rights = list(joined["signature"])[:1]  # a node met twice (today and in the history) is one article
        for left in joined["left"]:
            for right in rights:
                link = verified_link(left, right, threshold)
                if link is None:
                    continue
                kind, value = link
                yield value if kind == "alike" else beam.pvalue.TaggedOutput(kind, value)
    return verify


def large_star(node: str, neighbours: Iterable[str]) -> Iterator[tuple[str, str]]:
    neighbours = set(neighbours)
    smallest = min(neighbours | {node})
    for other in sorted(neighbours):
        if other > node:
            yield other, smallest


def small_star(node: str, smaller: Iterable[str]) -> Iterator[tuple[str, str]]:
    group = set(smaller) | {node}
    smallest = min(group)
    for other in sorted(group):
        if other != smallest:
            yield other, smallest


def cluster_members(canonical: str, members: list[Signature]) -> Iterator[tuple[str, dict]]:
    """(doc_id, dedup columns) for every member of one cluster."""
    by_node = {m.node: m for m in members}
    head = by_node.get(canonical)
    for member in members:
        is_canonical = member.node == canonical
        # head is None only when too few rounds left the component unconverged (see module doc).
        score = None if is_canonical or head is None else similarity(head, member)[1]
        yield member.doc_id, {
            "cluster_id": doc_id_of(canonical),
            "duplicate_of": None if is_canonical else doc_id_of(canonical),
            "duplicate_similarity": None if score is None else round(score, 4),
            "cluster_size": len(members),
        }


class _SignFn(beam.DoFn):
    def __init__(self, params: MinHashParams):
        self.params = params

    def setup(self):
        self.perms = self.params.permutations()

    def process(self, article: Article):
        yield signature_of(article, self.params, self.perms)


def _exact_groups(key_members):
    """Links exact duplicates to their representative; only the representative goes to LSH."""
    _, members = key_members
    members = sorted(members, key=lambda s: s.node)
    head = members[0]
    yield beam.pvalue.TaggedOutput("representatives", head)
    for member in members[1:]:
        if member.node != head.node:
            yield head.node, member.node


def _without_shingle_set(signature: Signature) -> Signature:
    return dataclasses.replace(signature, shingle_set=b"")


@beam.ptransform_fn
def _OnePerNode(signatures):  # noqa: N802 - a PTransform
    return (signatures
            | "ByNode" >> beam.Map(lambda s: (s.node, s))
            | "Smallest" >> beam.CombinePerKey(lambda group: min(group, key=lambda s: s.minhash))
            | "Signatures" >> beam.Values())


class _KeepSimilarPairs(beam.PTransform):
    """{"pair": (left node, right node), "signature": (node, Signature)} -> the edges, in two
    PCollections: pairs whose Jaccard similarity reaches ``threshold``, and for each body contained
    in others at ``threshold`` but not alike to them, its edge to the ``best_container`` only. Exact
    when both signatures carry shingle sets, else estimated. Each signature meets its pairs in two
    joins, so no worker holds more than one node's pairs."""

    def __init__(self, threshold: float):
        super().__init__()
        self.threshold = threshold

    def expand(self, pairs_and_signatures):
        with_left = (pairs_and_signatures | "JoinLeft" >> beam.CoGroupByKey()
                     | "AttachLeft" >> beam.FlatMap(_attach_left))
        links = ({"left": with_left, "signature": pairs_and_signatures["signature"]}
                 | "JoinRight" >> beam.CoGroupByKey()
                 | "Verify" >> beam.FlatMap(_verified(self.threshold)).with_outputs("contained", main="alike"))
        to_best_container = (links.contained
                             | "BestContainer" >> beam.CombinePerKey(best_container)
                             | "ContainedEdges" >> beam.MapTuple(lambda node, best: (node, best[2])))
        return links.alike, to_best_container


def _both_ways(edge):
    return [(edge[0], edge[1]), (edge[1], edge[0])]


class _ConnectedComponents(beam.PTransform):
    """A tuple of PCollections of edges -> edges from each node toward its component's minimum: one
    per node once converged (more when ``rounds`` were too few; the smallest is its label)."""

    def __init__(self, rounds: int):
        super().__init__()
        self.rounds = rounds

    def expand(self, edge_sets):
        # Each set of edges goes straight into the first grouping: a Flatten that feeds a
        # GroupByKey costs no stage of its own on the local runner (one that feeds a Map does).
        edges = [edges | f"LargeStarBoth0/{number}" >> beam.FlatMap(_both_ways)
                 for number, edges in enumerate(edge_sets)] | "LargeStarAll0" >> beam.Flatten()
        for round_number in range(self.rounds):
            if round_number:
                edges = edges | f"LargeStarBoth{round_number}" >> beam.FlatMap(_both_ways)
            edges = (
                edges
                | f"LargeStarGroup{round_number}" >> beam.GroupByKey()
                | f"LargeStar{round_number}" >> beam.FlatMapTuple(large_star)
                | f"SmallStarDirect{round_number}" >> beam.Map(lambda e: (max(e), min(e)))
                | f"SmallStarGroup{round_number}" >> beam.GroupByKey()
                | f"SmallStar{round_number}" >> beam.FlatMapTuple(small_star)
            )
        return edges


class FlagDuplicates(beam.PTransform):
    """Articles -> the same articles with ``cluster_id``, ``duplicate_of``, ``duplicate_similarity``
    and ``cluster_size`` set."""

    def __init__(self, params: MinHashParams = MinHashParams(), threshold: float = 0.5, rounds: int = 6,
                 max_bucket: int = 100, history: Optional["SignatureHistory"] = None,
                 band_shards: int = BAND_SHARDS):
        super().__init__()
        self.band_shards = band_shards
        self.params = params
        self.threshold = threshold
        self.rounds = rounds
        self.max_bucket = max_bucket
        self.history = history

    def expand(self, articles):
        # One node per doc_id: a record given twice (same id and content) is one article, and so is an
        # article already seen on an earlier night. Shingle sets travel only to the history file and
        # to the exact check of the pairs that pass the MinHash screen; the rest carries the MinHash alone.
        todays_full = (articles | "Sign" >> beam.ParDo(_SignFn(self.params))
                       | "OnePerNodeToday" >> _OnePerNode())
        full = todays_full
        if self.history is not None:
            earlier = articles.pipeline | "ReadHistory" >> self.history.read(self.params)
            full = (todays_full, earlier) | "WithHistory" >> beam.Flatten()
            _ = todays_full | "WriteHistory" >> self.history.write()
        signatures = full | "MinHashOnly" >> beam.Map(_without_shingle_set)
        if self.history is not None:
            signatures = signatures | "OnePerNode" >> _OnePerNode()
        exact = (
            signatures
            | "ByExactBody" >> beam.Map(lambda s: (s.exact_key, s))
            | "GroupExact" >> beam.GroupByKey()
            | "LinkExact" >> beam.FlatMap(_exact_groups).with_outputs("representatives", main="edges")
        )
        max_bucket, screen = self.max_bucket, self.threshold * PREFILTER_SHARE
        # Buckets carry a node id and a 128-byte sketch per member, and only the pairs the sketches
        # make likely copies leave them (PREFILTER_SHARE): a pair sharing a band by chance costs a
        # comparison inside its bucket, not a shuffled element. Band entries travel packed by
        # shard; each shard's buckets are formed in memory.
        likely = (
            exact.representatives
            | "BandEntries" >> beam.ParDo(_ShardBandEntriesFn(self.params, self.band_shards))
            | "GroupShards" >> beam.GroupByKey()
            | "ScreenBuckets" >> beam.FlatMap(lambda kv: screened_pairs_of_shard(kv[1], max_bucket, screen))
        )
        # The likely pairs are checked on the exact shingle sets. A pair from several bands (or
        # shards) comes more than once: the left join, which groups each node's pairs, keeps one.
        near = ({"pair": likely, "signature": full | "FullByNode" >> beam.Map(lambda s: (s.node, s))}
                | "VerifiedPairs" >> _KeepSimilarPairs(self.threshold))
        signatures_by_node = signatures | "ByNode" >> beam.Map(lambda s: (s.node, s))
        toward_minimum = (exact.edges, *near) | "Components" >> _ConnectedComponents(self.rounds)
        # Every signature joins its label (the smallest node its edges lead to; itself when it has
        # none) and meets its cluster: the join groups a node's edges, so no combine of its own.
        clusters = (
            {"signature": signatures_by_node, "label": toward_minimum}
            | "JoinLabels" >> beam.CoGroupByKey()
            | "ToCluster" >> beam.FlatMap(_to_cluster)
            | "GroupClusters" >> beam.GroupByKey()
            | "Members" >> beam.FlatMapTuple(lambda canonical, members: cluster_members(canonical, list(members)))
        )
        outputs = (
            {"article": articles | "ByDocId" >> beam.Map(lambda a: (a.doc_id, pack(a))), "dedup": clusters}
            | "JoinArticles" >> beam.CoGroupByKey()
            | "SetColumns" >> beam.FlatMap(_set_columns).with_outputs(REJECTS, main="articles")
        )
        return StageOutputs(outputs.articles, outputs[REJECTS])


@dataclasses.dataclass(frozen=True)
class SignatureHistory:
    """Signatures of earlier runs, one Parquet file per run tag under ``directory``:
    ``signatures-<tag>.parquet``. A run reads the earlier tags' files and (re)writes its own, so
    re-running the same tag is idempotent and today's copy of yesterday's article points to it.

    When tags are dates (the default tag is ``--run_date``), only the ``horizon_days`` before this
    run's date are read (0: all), and never a later date: a backfill or a re-run of an old date
    gives the rows it gave the first time, and the history read each night stays bounded."""
    directory: str
    tag: str
    horizon_days: int = 0

    def path(self, tag: str) -> str:
        return FileSystems.join(self.directory, f"signatures-{tag}.parquet")

    def earlier_files(self) -> list[str]:
        pattern = FileSystems.join(self.directory, "signatures-*.parquet")
        try:
            matched = FileSystems.match([pattern])[0].metadata_list
        except Exception:  # noqa: BLE001 - no directory yet: no history
            return []
        tags = {m.path: m.path.rsplit("/", 1)[-1][len("signatures-"):-len(".parquet")] for m in matched}
        return sorted(path for path, tag in tags.items() if self.reads(tag))

    def reads(self, other_tag: str) -> bool:
        """Whether this run reads the history file of ``other_tag``."""
        if other_tag == self.tag:
            return False
        today, other = _as_date(self.tag), _as_date(other_tag)
        if today is None or other is None:
            return True
        if other > today:
            return False
        return not self.horizon_days or (today - other).days <= self.horizon_days

    def read(self, params: MinHashParams) -> beam.PTransform:
        files = self.earlier_files()
        width = params.num_perm * 4

        @beam.ptransform_fn
        def read_history(pbegin):
            if not files:
                return pbegin | "NoHistory" >> beam.Create([])
            return (pbegin | "HistoryFiles" >> beam.Create(files) | "ReadParquet" >> ReadAllFromParquet()
                    | "Compatible" >> beam.Filter(lambda row: len(row["minhash"]) == width)
                    | "ToSignature" >> beam.Map(_signature_from_row))

        return read_history()

    def write(self) -> beam.PTransform:
        return _WriteSignatures(self.path(self.tag))


class _WriteSignatures(beam.PTransform):
    def __init__(self, path: str):
        super().__init__()
        self.path = path

    def expand(self, signatures):
        return (
            signatures
            | "ToRow" >> beam.Map(lambda s: {"doc_id": s.doc_id, "node": s.node, "minhash": s.minhash,
                                             "shingles": s.shingles, "exact_key": s.exact_key,
                                             "shingle_hashes": s.shingle_set,
                                             "schema_version": SCHEMA_VERSION})
            | "Write" >> WriteToParquet(self.path, SIGNATURE_SCHEMA, num_shards=1, shard_name_template="",
                                        codec="zstd")
        )


def _as_date(tag: str) -> Optional[datetime.date]:
    try:
        return datetime.date.fromisoformat(tag) if len(tag) == 10 else None
    except ValueError:
        return None


def _signature_from_row(row: dict) -> Signature:
    return Signature(node=row["node"], doc_id=row["doc_id"], minhash=row["minhash"], shingles=row["shingles"],
                     shingle_set=row.get("shingle_hashes") or b"",
                     exact_key=row["exact_key"])


def _to_cluster(node_joined):
    node, joined = node_joined
    label = min([node, *joined["label"]])
    for signature in joined["signature"]:
        yield label, signature


def _set_columns(doc_joined):
    """The article with its cluster columns. Records that share a doc_id (the same id and content given
    twice) leave one article; the others are rejects, so no doc_id is written twice."""
    doc_id, joined = doc_joined
    infos = list(joined["dedup"])
    articles = sorted(map(unpack, joined["article"]), key=lambda a: (a.input_path or "", a.source_id))
    if not articles:
        return
    article = articles[0]
    info = infos[0] if infos else {"cluster_id": doc_id, "duplicate_of": None,
                                   "duplicate_similarity": None, "cluster_size": 1}
    for field, value in info.items():
        setattr(article, field, value)
    yield article
    for repeated in articles[1:]:
        yield beam.pvalue.TaggedOutput(REJECTS, Reject(
            source_id=repeated.source_id, stage="dedup", input_path=repeated.input_path, payload=repeated.raw_text,
            error=f"duplicate record: same id and content as the article {doc_id} from {article.input_path}"))


class _BandMemoryFn(beam.DoFn):
    """Per LSH band key: the signatures seen within the horizon. Each new signature is compared with them
    and every verified pair is emitted once, as (doc_id of the canonically later article, (earlier node,
    estimated containment)). A watermark timer forgets the band ``horizon`` after its newest article."""
    SEEN = BagStateSpec("seen", PickleCoder())
    EXPIRY = TimerSpec("expiry", TimeDomain.WATERMARK)

    def __init__(self, threshold: float, horizon_seconds: float, max_bucket: int):
        self.threshold = threshold
        self.horizon_seconds = horizon_seconds
        self.max_bucket = max_bucket

    def process(self, element, timestamp=beam.DoFn.TimestampParam, seen=beam.DoFn.StateParam(SEEN),
                expiry=beam.DoFn.TimerParam(EXPIRY)):
        _, signature = element
        earlier = list(seen.read())
        if any(other.node == signature.node for other in earlier):
            return  # the same article again (a redelivered message): nothing new
        for other in earlier[:self.max_bucket]:
            containment = similarity(signature, other)[1]
            if containment >= self.threshold:
                later, first = (signature, other) if other.node < signature.node else (other, signature)
                yield later.doc_id, (first.node, containment)
        if len(earlier) < self.max_bucket:
            seen.add(signature)
        expiry.set(timestamp + self.horizon_seconds)

    @on_timer(EXPIRY)
    def forget(self, seen=beam.DoFn.StateParam(SEEN)):
        seen.clear()  # the timer fires `horizon` after the band's newest article: all are older


def _streaming_columns(doc_joined):
    """The article with its link to the earliest (canonical order) earlier copy seen; links to articles
    already written in an earlier window cannot change those rows and are dropped."""
    doc_id, joined = doc_joined
    links = sorted(joined["link"])
    for article in joined["article"]:
        if links:
            node, containment = links[0]
            article.duplicate_of = article.cluster_id = doc_id_of(node)
            article.duplicate_similarity = round(containment, 4)
        else:
            article.cluster_id, article.duplicate_of, article.duplicate_similarity = doc_id, None, None
        article.cluster_size = None  # a stream has no final cluster size
        yield article


class LinkCopiesIncrementally(beam.PTransform):
    """The streaming dedup: windowed articles -> the same articles, each copy linked to an earlier copy seen
    up to ``horizon_seconds`` before (in any earlier window), through keyed state per LSH band.

    Same signatures, bands and containment check as ``FlagDuplicates``; what differs is that each copy
    points to the earliest matching article it meets (no connected components), and ``cluster_size``
    is null."""

    def __init__(self, windowing: beam.WindowInto, params: MinHashParams = MinHashParams(), threshold: float = 0.5,
                 horizon_seconds: float = 48 * 3600, max_bucket: int = 100):
        super().__init__()
        self.windowing = windowing
        self.params = params
        self.threshold = threshold
        self.horizon_seconds = horizon_seconds
        self.max_bucket = max_bucket

    def expand(self, articles):
        params = self.params
        links = (
            articles
            | "Sign" >> beam.ParDo(_SignFn(params))
            | "AcrossWindows" >> beam.WindowInto(window.GlobalWindows())
            # Band state keeps the MinHash only (64 copies of each article's shingle set would not fit).
            | "MinHashOnly" >> beam.Map(_without_shingle_set)
            | "BandKeys" >> beam.FlatMap(lambda s: [(key, s) for key in band_keys(s, params)])
            | "BandMemory" >> beam.ParDo(_BandMemoryFn(self.threshold, self.horizon_seconds, self.max_bucket))
            | "BackToWindows" >> self.windowing
        )
        return (
            {"article": articles | "ByDocId" >> beam.Map(lambda a: (a.doc_id, a)), "link": links}
            | "JoinLinks" >> beam.CoGroupByKey()
            | "SetColumns" >> beam.FlatMap(_streaming_columns)
        )
