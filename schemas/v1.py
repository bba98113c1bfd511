"""Version 1 of the output schemas (see ``schemas/__init__.py`` for the evolution rule)."""
import pyarrow as pa

SCHEMA_VERSION = 1

ENTITY_TYPE = pa.struct([
    pa.field("text", pa.string()),
    pa.field("label", pa.string()),
    # Character offsets into the article's cleaned ``text``: text[start:end] == entity text.
    pa.field("start", pa.int32()),
    pa.field("end", pa.int32()),
])

QUOTE_TYPE = pa.struct([
    pa.field("text", pa.string()),          # the quoted words, without the quote marks
    pa.field("speaker", pa.string()),       # full name as used in the article, null if unknown
    pa.field("cue", pa.string()),           # the reporting expression ("a déclaré", "selon")
    pa.field("kind", pa.string()),          # full | partial
    pa.field("start", pa.int32()),          # offsets of the quoted words in ``text``
    pa.field("end", pa.int32()),
])

ARTICLE_SCHEMA = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("source_id", pa.string(), nullable=False),
    pa.field("input_path", pa.string()),
    pa.field("source", pa.string()),
    pa.field("url", pa.string()),
    pa.field("title", pa.string()),
    pa.field("published", pa.string()),      # ISO 8601 at the precision known: 2017, 2017-05, 2017-05-16, …
    pa.field("agency", pa.string()),
    pa.field("byline", pa.string()),
    pa.field("language", pa.string(), nullable=False),   # ISO 639-1, or "und"
    pa.field("language_score", pa.float32()),
    pa.field("text", pa.string(), nullable=False),       # cleaned body
    pa.field("removed_lines", pa.list_(pa.string())),    # verbatim boilerplate removed
    pa.field("removed_reasons", pa.list_(pa.string())),  # parallel to removed_lines: the rule that fired
    pa.field("input_encoding", pa.string()),             # how the bytes were decoded (utf-8, utf-16, cp1252)
    pa.field("nlp_model", pa.string()),                  # spaCy model that produced entities, null if none
    pa.field("entities", pa.list_(ENTITY_TYPE)),
    pa.field("quotes", pa.list_(QUOTE_TYPE)),
    pa.field("cluster_id", pa.string(), nullable=False), # doc_id of the cluster's canonical article
    pa.field("duplicate_of", pa.string()),               # null for the canonical article
    pa.field("duplicate_similarity", pa.float32()),      # estimated containment of the shorter body (this
                                                         # one or the canonical) in the longer; null if canonical
    pa.field("cluster_size", pa.int32()),
    pa.field("schema_version", pa.int32(), nullable=False),
])

REJECT_SCHEMA = pa.schema([
    pa.field("source_id", pa.string(), nullable=False),
    pa.field("input_path", pa.string()),
    pa.field("stage", pa.string(), nullable=False),   # read | decode | parse | boilerplate | language | entities | quotes | …
    pa.field("error", pa.string(), nullable=False),
    # Enough of the input to replay it: the JSONL line, or the decoded file text (truncated to
    # --max_reject_payload_chars; the file itself is in input_path).
    pa.field("payload", pa.string()),
    pa.field("payload_truncated", pa.bool_()),
    pa.field("schema_version", pa.int32(), nullable=False),
])

# Dedup history (--dedup_history): the signatures of earlier runs, so a copy of yesterday's article
# points to it. One file per run tag.
SIGNATURE_SCHEMA = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("node", pa.string(), nullable=False),        # canonical-order id: published|length|doc_id
    pa.field("minhash", pa.binary(), nullable=False),     # --dedup_num_perm uint32, little-endian
    pa.field("shingles", pa.int32(), nullable=False),
    pa.field("exact_key", pa.string(), nullable=False),
    pa.field("schema_version", pa.int32(), nullable=False),
])
