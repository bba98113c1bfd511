"""Version 1 of the output schemas (see ``schemas/__init__.py`` for the evolution rule).

Each field carries its description as Arrow field metadata: it travels in the Parquet footer and
``docs/schema.md`` is generated from it (``python -m schemas.docs``).
"""
import pyarrow as pa

SCHEMA_VERSION = 1


def column(name: str, data_type: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, data_type, nullable=nullable, metadata={"description": description})


ENTITY_TYPE = pa.struct([
    column("text", pa.string(), "The mention as it appears in `text`."),
    column("label", pa.string(), "The model's label (`PER`, `LOC`, `ORG`, `MISC` for the French model)."),
    column("start", pa.int32(), "Character offset of the mention in the article's `text`: "
                                "`text[start:end]` equals the mention."),
    column("end", pa.int32(), "End offset (exclusive) of the mention in `text`."),
])

QUOTE_TYPE = pa.struct([
    column("text", pa.string(), "The quoted words, without the quote marks."),
    column("speaker", pa.string(), "Who is quoted: the fullest name the article uses (`Trump` -> `Donald Trump`), "
                                   "an organisation, or null if unknown."),
    column("cue", pa.string(), "The reporting expression (`a déclaré`, `a-t-il dit`, `selon`, `said`); null when "
                               "the speaker was inherited from the previous quote or found without a cue."),
    column("kind", pa.string(), "`full` (a sentence or more, capitalised, at least 4 words) or `partial` "
                                "(words quoted inside a sentence)."),
    column("start", pa.int32(), "Offset of the quoted words in `text`."),
    column("end", pa.int32(), "End offset (exclusive) of the quoted words in `text`."),
])

ARTICLE_SCHEMA = pa.schema([
    column("doc_id", pa.string(), "Stable id: BLAKE2b (12 bytes, hex) of `source_id` and the raw content, before "
                                  "boilerplate removal. The same on every run for the same input.", nullable=False),
    column("source_id", pa.string(), "JSONL: the record's `id`, else `path:line`. Other files: the file path.",
           nullable=False),
    column("input_path", pa.string(), "File the article was read from."),
    column("source", pa.string(), "JSONL `source`; null for non-JSONL files."),
    column("url", pa.string(), "JSONL `url`."),
    column("title", pa.string(), "JSONL `title`, else the kept line before the body that looks like a headline "
                                 "and shares most words with the lead (the line stays in `text`)."),
    column("published", pa.string(), "ISO 8601 at the precision known (`2017`, `2017-05`, `2017-05-16T08:40`): "
                                     "JSONL `published` unchanged, else from a crawl prefix, dateline, caption or "
                                     "update stamp removed from the text."),
    column("agency", pa.string(), "News agency, normalised (`AFP`, `Reuters`, `Xinhua`, …), from a dateline, "
                                  "credit or copyright line, or a `City (AFP) -` lead."),
    column("byline", pa.string(), "The author line removed as boilerplate (a `label:` prefix dropped)."),
    column("language", pa.string(), "ISO 639-1 code of the cleaned body (seeded langdetect), or `und` when there "
                                    "is too little text or the best score is too low; the first of `languages`.",
           nullable=False),
    column("language_score", pa.float32(), "Probability of the best language (4 decimals): 1.0 where naive Bayes on "
                                           "langdetect's profiles is certain, else seeded langdetect's; null when "
                                           "there was too little text. When the paragraphs outvote the whole-body "
                                           "guess: the letter-weighted mean probability of the paragraphs in "
                                           "`language`."),
    column("text", pa.string(), "Cleaned body: the kept lines, stripped, joined by a blank line.", nullable=False),
    column("removed_lines", pa.list_(pa.string()), "Boilerplate removed, verbatim, in document order."),
    column("removed_reasons", pa.list_(pa.string()), "Parallel to `removed_lines`: the rule that removed each "
                                                     "line (`cookie`, `share`, `site_furniture`, …)."),
    column("input_encoding", pa.string(), "How the bytes were decoded: `utf-8`, `utf-16` or `cp1252`."),
    column("nlp_model", pa.string(), "`name-version` of the spaCy pipeline that produced `entities`; "
                                     "`capitalised-names` when no model is installed for the language (stand-in "
                                     "entities from capitalised words, since 2026-12; null before)."),
    column("entities", pa.list_(ENTITY_TYPE), "Named entities, in text order."),
    column("quotes", pa.list_(QUOTE_TYPE), "Quotations with their speakers, in text order."),
    column("cluster_id", pa.string(), "`doc_id` of the canonical article of this article's wire-copy cluster "
                                      "(its own `doc_id` when it has no copy).", nullable=False),
    column("duplicate_of", pa.string(), "`doc_id` of the canonical article (earliest `published`, then longest "
                                        "body, then smallest `doc_id`); null for the canonical article itself."),
    column("duplicate_similarity", pa.float32(), "Estimated containment of the shorter body in the longer (this "
                                                 "article vs the canonical one); null for the canonical article."),
    column("cluster_size", pa.int32(), "Articles in the cluster (1 when there is no copy)."),
    column("schema_version", pa.int32(), "Version of the schema the row was written with.", nullable=False),
])

REJECT_SCHEMA = pa.schema([
    column("source_id", pa.string(), "As in `articles` (a JSONL record's `id`, else `path:line`) for a record "
                                     "rejected once parsed (its text empty or blank, or too long) or at a later "
                                     "stage; `path:line` for a JSONL line that does not parse; the path for a whole "
                                     "file; the message's name for a streamed message.", nullable=False),
    column("input_path", pa.string(), "File the record came from."),
    column("stage", pa.string(), "Where it was rejected: `read`, `decode`, `parse`, `boilerplate`, `language`, "
                                 "`entities`, `quotes` or `dedup` (the same record given twice).", nullable=False),
    column("error", pa.string(), "The reason: a message, or `ExceptionType: message` (at most 2000 characters).",
           nullable=False),
    column("payload", pa.string(), "Enough to replay the record: the JSONL line, the decoded file text, the "
                                   "article's raw text (truncated to `--max_reject_payload_chars`; the file itself "
                                   "is in `input_path`); null when the file could not be read."),
    column("payload_truncated", pa.bool_(), "True when `payload` was cut."),
    column("schema_version", pa.int32(), "Version of the schema the row was written with.", nullable=False),
])

# Dedup history (--dedup_history): the signatures of earlier runs, so a copy of yesterday's article
# points to it. One file per run tag.
SIGNATURE_SCHEMA = pa.schema([
    column("doc_id", pa.string(), "The article's `doc_id`.", nullable=False),
    column("node", pa.string(), "Canonical-order key: `published|length|doc_id`.", nullable=False),
    column("minhash", pa.binary(), "`--dedup_num_perm` MinHash values, uint32 little-endian.", nullable=False),
    column("shingles", pa.int32(), "Number of distinct word shingles of the body.", nullable=False),
    column("exact_key", pa.string(), "Hash of the normalised body (exact duplicates).", nullable=False),
    column("schema_version", pa.int32(), "Version of the schema the row was written with.", nullable=False),
])
