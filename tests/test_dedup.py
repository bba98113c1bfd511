import dataclasses

import apache_beam as beam
import numpy as np
from apache_beam.testing.util import assert_that, equal_to
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.dedup import adjusted_rand_index, pairwise_scores
from tests.conftest import load_jsonl, make_pipeline
from transforms.dedup import (BAND_SHARDS, BYTES_PER_BAND_SHARD, MIN_BAND_SHARDS, FlagDuplicates, MinHashParams,
                              Signature, _ShardBandEntriesFn, band_keys, band_shard, band_shards_for, best_container,
                              bucket_member, large_star, minhash, node_id, normalized_tokens, pack_band_entries,
                              screened_pairs, screened_pairs_of_shard, shingle_hashes, signature_of, similarity,
                              small_star, unpack_band_entries, verified_link)
from transforms.records import Article

PARAMS = MinHashParams()
PERMS = PARAMS.permutations()


def sign(text, doc_id="d", published=None):
    return signature_of(Article(doc_id=doc_id, source_id=doc_id, raw_text=text, text=text, published=published),
                        PARAMS, PERMS)


def test_normalisation_ignores_case_typography_and_spacing():
    assert normalized_tokens("L’OTAN  a dit\u00a0« oui »") == normalized_tokens("l'otan a dit \"Oui\"")


def test_shingles_and_minhash_are_deterministic():
    hashes = shingle_hashes("a b c d e".split(), 3)
    assert hashes.dtype == np.uint64 and len(hashes) == 3
    assert np.array_equal(minhash(hashes, *PERMS), minhash(hashes.copy(), *MinHashParams().permutations()))
    assert len(shingle_hashes([], 3)) == 0


def test_trimmed_copy_has_high_containment_and_other_story_low(seed_texts):
    original = seed_texts["000_ccea0562d6af5c3c.txt"]
    trimmed = original[: len(original) // 2]
    _, containment = similarity(sign(original, "a"), sign(trimmed, "b"))
    assert containment > 0.85
    _, other = similarity(sign(original, "a"), sign(seed_texts["002_ff719ec247732616.txt"], "c"))
    assert other < 0.1


def test_canonical_order_is_earliest_then_longest_then_smallest_id():
    nodes = [node_id(None, 500, "a"), node_id("2020-01-02", 10, "b"), node_id("2020-01-01", 10, "c"),
             node_id("2020-01-01", 20, "d"), node_id("2020-01-01", 20, "0")]
    assert sorted(nodes)[0].endswith("|0") and sorted(nodes)[-1].endswith("|a")


def test_star_steps():
    assert sorted(large_star("b", ["a", "c", "d"])) == [("c", "a"), ("d", "a")]
    assert sorted(small_star("d", ["b", "c"])) == [("c", "b"), ("d", "b")]


def test_large_buckets_compare_linearly():
    minhash_values = np.arange(128, dtype="<u4").tobytes()
    member = lambda node: bucket_member(Signature(node=node, doc_id=node, minhash=minhash_values, shingles=40,  # noqa: E731
                                                  exact_key=node))
    members = [member(f"n{i:03d}") for i in reversed(range(50))]
    pairs = list(screened_pairs(members + [member("n000")], max_bucket=2, min_containment=0.25))
    assert len(pairs) == 49 + 48 and all(left < right for left, right in pairs)
    assert pairs[0] == ("n000", "n001") and ("n001", "n002") in pairs and ("n002", "n003") not in pairs


def test_bucket_screen_keeps_a_trimmed_copy_and_drops_another_story(seed_texts):
    original = seed_texts["000_ccea0562d6af5c3c.txt"]
    signatures = [sign(original, "a"), sign(original[: len(original) // 3], "b"),
                  sign(seed_texts["002_ff719ec247732616.txt"], "c"), sign("", "empty"), sign("  ", "blank")]
    a, b = sorted(s.node for s in signatures[:2])
    assert list(screened_pairs([bucket_member(s) for s in signatures], 100, 0.25)) == [(a, b)]
    assert list(screened_pairs([bucket_member(signatures[0])], 100, 0.0)) == []


def test_sketch_estimate_follows_the_full_minhash_estimate(seed_texts):
    """The 8-bit sketch's corrected estimate stays within sampling noise of the 32-bit one, from
    unrelated stories (Jaccard near 0) to exact copies."""
    texts = list(seed_texts.values())
    variants = [t[: len(t) * share // 10] for t in texts for share in (3, 6, 10)]
    signatures = [sign(text, str(i)) for i, text in enumerate(variants)]
    for i, left in enumerate(signatures):
        for right in signatures[i + 1:]:
            full_jaccard, full_containment = similarity(dataclasses.replace(left, shingle_set=b""),
                                                        dataclasses.replace(right, shingle_set=b""))
            pairs = list(screened_pairs([bucket_member(left), bucket_member(right)], 100,
                                        max(0.0, full_containment - 0.1)))
            assert len(pairs) == 1, (full_jaccard, full_containment)
            if full_containment < 0.05:
                assert not list(screened_pairs([bucket_member(left), bucket_member(right)], 100, 0.2))


def test_flag_duplicates_transform_chains_and_exact_copies(seed_texts):
    base = seed_texts["003_af504ecc45397023.txt"]
    paragraphs = base.split("\n\n")
    articles = [
        Article(doc_id="orig", source_id="orig", raw_text=base, text=base, published="2017-07-10"),
        Article(doc_id="exact", source_id="exact", raw_text=base, text=base, published="2017-07-11"),
        Article(doc_id="trim", source_id="trim", raw_text="", text="\n\n".join(paragraphs[:10]), published="2017-07-12"),
        Article(doc_id="other", source_id="other", raw_text="", text=seed_texts["004_47a8d26bfe0bae9d.txt"]),
        Article(doc_id="empty", source_id="empty", raw_text="", text=""),
        Article(doc_id="empty2", source_id="empty2", raw_text="", text="  "),
    ]
    with make_pipeline() as pipeline:
        flagged = (pipeline | beam.Create(articles) | FlagDuplicates(threshold=0.5)).articles
        assert_that(flagged | beam.Map(lambda a: (a.doc_id, a.cluster_id, a.duplicate_of, a.cluster_size)),
                    equal_to([("orig", "orig", None, 3), ("exact", "orig", "orig", 3), ("trim", "orig", "orig", 3),
                              ("other", "other", None, 1), ("empty", "empty", None, 1),
                              ("empty2", "empty2", None, 1)]))


def test_dev_set_pairwise_precision_and_recall():
    from transforms.boilerplate import clean_article

    records = load_jsonl("dedup_dev.jsonl")
    articles = [clean_article(Article(doc_id=r["id"], source_id=r["id"], raw_text=r["text"],
                                      published=r["published"])) for r in records]
    gold = {r["id"]: r["cluster"] for r in records}

    def check(rows):
        precision, recall = pairwise_scores(gold, dict(rows))
        assert len(rows) == len(records)
        assert adjusted_rand_index(gold, dict(rows)) >= 0.95
        assert precision >= 0.99 and recall >= 0.95, (precision, recall)

    with make_pipeline() as pipeline:
        flagged = (pipeline | beam.Create(articles) | FlagDuplicates(threshold=0.5)).articles
        assert_that(flagged | beam.Map(lambda a: (a.doc_id, a.cluster_id)), check)


def test_adjusted_rand_index():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert adjusted_rand_index(gold, gold) == 1.0
    assert adjusted_rand_index(gold, {"a": 1, "b": 2, "c": 1, "d": 2}) < 0


def test_history_reads_earlier_dates_within_the_horizon_only(tmp_path):
    from transforms.dedup import SignatureHistory

    for tag in ("2026-10-01", "2026-11-10", "2026-11-24", "2026-11-25", "2026-11-26", "manual-import"):
        (tmp_path / f"signatures-{tag}.parquet").write_bytes(b"")
    names = lambda history: [p.rsplit("/", 1)[-1] for p in history.earlier_files()]  # noqa: E731
    assert names(SignatureHistory(str(tmp_path), "2026-11-25", horizon_days=30)) == [
        "signatures-2026-11-10.parquet", "signatures-2026-11-24.parquet", "signatures-manual-import.parquet"]
    assert names(SignatureHistory(str(tmp_path), "2026-11-25", horizon_days=0)) == [
        "signatures-2026-10-01.parquet", "signatures-2026-11-10.parquet", "signatures-2026-11-24.parquet",
        "signatures-manual-import.parquet"]
    # A tag that is not a date reads every other file.
    assert len(names(SignatureHistory(str(tmp_path), "adhoc", horizon_days=1))) == 6


def test_a_record_given_twice_is_one_article_and_one_reject():
    text = "Le conseil municipal a voté mardi le budget de la ville pour l'année prochaine, après un long débat."
    articles = [Article(doc_id="same", source_id="id-1", raw_text=text, text=text, input_path=path)
                for path in ("/in/b.jsonl", "/in/a.jsonl")]
    articles.append(Article(doc_id="other", source_id="id-1", raw_text=text + " Fin.", text=text + " Fin."))
    with make_pipeline() as pipeline:
        flagged = pipeline | beam.Create(articles) | FlagDuplicates(threshold=0.5)
        assert_that(flagged.articles | beam.Map(lambda a: (a.doc_id, a.input_path, a.cluster_size)),
                    equal_to([("same", "/in/a.jsonl", 2), ("other", None, 2)]), label="articles")
        assert_that(flagged.rejects | beam.Map(lambda r: (r.source_id, r.stage, r.input_path, "same" in r.error)),
                    equal_to([("id-1", "dedup", "/in/b.jsonl", True)]), label="rejects")


def test_pairs_are_screened_on_estimates_then_kept_on_exact_containment(seed_texts):
    from transforms.dedup import _KeepSimilarPairs, _without_shingle_set

    original = seed_texts["000_ccea0562d6af5c3c.txt"]
    signatures = [sign(original, "a"), sign(original[: len(original) // 2], "b"),
                  sign(seed_texts["002_ff719ec247732616.txt"], "c")]
    a, b, c = (s.node for s in signatures)
    pairs = [(a, b), (a, c), (b, c)]
    for full in (False, True):  # estimated (the screen), then exact (the check)
        with make_pipeline() as pipeline:
            keyed = [(s.node, s if full else _without_shingle_set(s)) for s in signatures]
            kept = ({"pair": pipeline | "Pairs" >> beam.Create(pairs), "signature": pipeline | beam.Create(keyed)}
                    | _KeepSimilarPairs(0.5) | beam.Flatten())
            assert_that(kept, equal_to([(a, b)]))


@given(st.lists(st.tuples(st.binary(max_size=20), st.binary(max_size=300)), max_size=30))
def test_packed_band_entries_round_trip(entries):
    assert list(unpack_band_entries(pack_band_entries(entries))) == entries


def test_a_shard_screens_each_of_its_buckets_as_one_bucket_would(seed_texts):
    texts = list(seed_texts.values())
    signatures = [sign(text[: len(text) * share // 10], f"{i}-{share}") for i, text in enumerate(texts)
                  for share in (4, 7, 10)]
    buckets = {}
    for signature in signatures:
        for key in band_keys(signature, PARAMS):
            buckets.setdefault(key, []).append(bucket_member(signature))
    one_by_one = {pair for bucket in buckets.values() for pair in screened_pairs(bucket, 100, 0.3)}
    shards = {}
    for key, members in buckets.items():
        shards.setdefault(band_shard(key, 7), []).append(pack_band_entries((key, member) for member in members))
    sharded = {pair for packed in shards.values() for pair in screened_pairs_of_shard(packed, 100, 0.3)}
    assert sharded == one_by_one and len(one_by_one) == 3 * 5  # each seed's three lengths pair up
    assert band_shard(b"0123456789", 4096) == band_shard(b"0123456789", 4096) < 4096


def test_a_short_body_contained_in_two_stories_does_not_join_them(seed_texts):
    """A body made of half of story A and half of story B is contained in both; it keeps a link to the
    one it is more alike to, and A and B (with A's trimmed copy) stay apart."""
    words_a, words_b = seed_texts["000_ccea0562d6af5c3c.txt"].split(), seed_texts["002_ff719ec247732616.txt"].split()
    # Short stories, so that every pair here shares an LSH band for certain.
    story_a, story_b, trimmed_a = " ".join(words_a[:150]), " ".join(words_b[:150]), " ".join(words_a[:100])
    half_and_half = " ".join(words_a[:60] + words_b[:60])
    articles = [Article(doc_id=doc_id, source_id=doc_id, raw_text="", text=text, published="2017-07-10")
                for doc_id, text in [("a", story_a), ("b", story_b), ("halves", half_and_half),
                                     ("a-trimmed", trimmed_a)]]
    signatures = {a.doc_id: sign(a.text, a.doc_id) for a in articles}
    links = {other: verified_link(signatures["halves"], signatures[other], 0.4) for other in ("a", "b")}
    assert [kind for kind, _ in links.values()] == ["contained", "contained"]
    (_, (_, best_a)), (_, (_, best_b)) = links["a"], links["b"]
    more_alike = "a" if best_container([best_a, best_b]) == best_a else "b"

    def check(rows):
        cluster = dict(rows)
        assert cluster["a"] == cluster["a-trimmed"] != cluster["b"]
        assert cluster["halves"] == cluster[more_alike]

    with make_pipeline() as pipeline:
        flagged = (pipeline | beam.Create(articles) | FlagDuplicates(threshold=0.4)).articles
        assert_that(flagged | beam.Map(lambda a: (a.doc_id, a.cluster_id)), check)


def test_verified_links_alike_both_ways_or_contained_in_the_larger():
    long_text = " ".join(f"mot{i}" for i in range(200))
    long, half, other = sign(long_text, "long"), sign(" ".join(long_text.split()[:100]), "half"), sign("x y z", "z")
    kind, (contained, (jaccard, containment, container)) = verified_link(long, half, 0.6)
    assert (kind, contained, container, containment) == ("contained", half.node, long.node, 1.0)
    assert abs(jaccard - 98 / 198) < 1e-9
    assert verified_link(long, half, 0.45) == ("alike", (long.node, half.node))
    assert verified_link(long, other, 0.1) is None
    # Most alike first, then the higher containment, then the earlier node.
    assert best_container([(0.2, 0.9, "n2"), (0.3, 0.6, "n3"), (0.3, 0.6, "n1")]) == (0.3, 0.6, "n1")
    assert best_container([(0.3, 0.7, "n2"), (0.3, 0.6, "n1")]) == (0.3, 0.7, "n2")


def test_a_pair_from_several_bands_is_checked_once():
    """Pairs come once per band (and shard) the two bodies share; the left join keeps one of each."""
    from transforms.dedup import _attach_left

    left = "sig-a"
    joined = {"pair": ["n3", "n2", "n3", "n2", "n3"], "signature": [left]}
    assert list(_attach_left(("n1", joined))) == [("n2", left), ("n3", left)]
    assert list(_attach_left(("n1", {"pair": ["n2"], "signature": []}))) == []  # no signature: no pair


def test_band_shards_grow_with_the_input_by_powers_of_two_within_bounds():
    assert band_shards_for(0) == band_shards_for(5_000_000) == MIN_BAND_SHARDS  # 1,000 articles
    assert band_shards_for(256 * BYTES_PER_BAND_SHARD) == 256
    assert band_shards_for(300 * BYTES_PER_BAND_SHARD) == 256 and band_shards_for(400 * BYTES_PER_BAND_SHARD) == 512
    assert band_shards_for(530_000_000) == band_shards_for(10**12) == BAND_SHARDS  # 100,000 articles and more


def test_the_pairs_screened_do_not_depend_on_the_number_of_band_shards():
    from transforms.boilerplate import clean_article

    params = MinHashParams()
    permutations = params.permutations()
    signatures = [signature_of(clean_article(Article(doc_id=r["id"], source_id=r["id"], raw_text=r["text"],
                                                     published=r["published"])), params, permutations)
                  for r in load_jsonl("dedup_dev.jsonl")]

    def pairs(shards: int) -> set:
        deal = _ShardBandEntriesFn(params, shards)
        by_shard: dict[int, list[bytes]] = {}
        for bundle in (signatures[0::2], signatures[1::2]):
            deal.start_bundle()
            dealt = [value for signature in bundle for value in deal.process(signature)]
            for shard, packed in dealt + [value.value for value in deal.finish_bundle()]:
                by_shard.setdefault(shard, []).append(packed)
        return {pair for packed in by_shard.values() for pair in screened_pairs_of_shard(packed, 100, 0.3)}

    found = pairs(4096)
    assert len(found) > 50 and pairs(64) == found == pairs(7)


def test_the_cli_sizes_band_shards_to_its_input_unless_earlier_nights_join_it(tmp_path):
    from apache_beam.options.pipeline_options import PipelineOptions

    from pipelines.ingest import band_shards
    from pipelines.options import IngestOptions
    from tests.conftest import SEEDS_DIR

    def shards(*extra):
        return band_shards(PipelineOptions(["--input", str(SEEDS_DIR), *extra]).view_as(IngestOptions))

    assert shards() == MIN_BAND_SHARDS  # five articles
    assert shards("--dedup_history", str(tmp_path)) == BAND_SHARDS


def test_flag_duplicates_finds_the_same_clusters_with_few_band_shards():
    from transforms.boilerplate import clean_article

    articles = [clean_article(Article(doc_id=r["id"], source_id=r["id"], raw_text=r["text"], published=r["published"]))
                for r in load_jsonl("dedup_dev.jsonl")]
    with make_pipeline() as pipeline:
        source = pipeline | beam.Create(articles)
        clusters = [(source | f"Flag{shards}" >> FlagDuplicates(threshold=0.5, band_shards=shards)).articles
                    | f"Clusters{shards}" >> beam.Map(lambda a: (a.doc_id, (a.cluster_id, a.duplicate_of)))
                    for shards in (BAND_SHARDS, 7)]
        joined = {"many": clusters[0], "few": clusters[1]} | beam.CoGroupByKey()

        def same(rows):
            assert len(rows) == len(articles) and sum(1 for _, row in rows if row["many"][0][1]) > 20, rows[:3]
            assert all(list(row["many"]) == list(row["few"]) for _, row in rows), rows

        assert_that(joined, same)
        dealt = {}

        class Visitor(beam.pipeline.PipelineVisitor):
            def visit_transform(self, node):
                if node.full_label.endswith("/BandEntries"):
                    dealt[node.full_label.split("/")[0]] = node.transform.fn.shards

        pipeline.visit(Visitor())
        assert dealt == {f"Flag{BAND_SHARDS}": BAND_SHARDS, "Flag7": 7}
