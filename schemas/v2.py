"""Version 2 of the output schemas: version 1 plus added columns, nothing removed or retyped.

Added in v2: ``published_at`` (UTC timestamp), ``languages`` (per-paragraph language shares),
and ``canonical`` / ``count`` inside each entity. Readers that union v1 and v2 partitions by name
(DuckDB ``union_by_name``, pyarrow datasets with this schema) see nulls for the new fields in v1 rows.
"""
import pyarrow as pa

from schemas import v1

SCHEMA_VERSION = 2

column = v1.column

ENTITY_TYPE = pa.struct(list(v1.ENTITY_TYPE) + [
    column("canonical", pa.string(), "The entity's fullest name in the article, titles and lower-case determiners "
                                     "stripped: `M. Trump`, `Trump` and `Donald Trump` all have `Donald Trump`; "
                                     "`l'OTAN` has `OTAN`."),
    column("count", pa.int32(), "Mentions with the same `canonical` and `label` in the article."),
])

QUOTE_TYPE = v1.QUOTE_TYPE

LANGUAGE_SHARE_TYPE = pa.struct([
    column("language", pa.string(), "ISO 639-1 code, or `und`."),
    column("share", pa.float32(), "Share of the body's letters in paragraphs of this language."),
])


def _v1_field(name: str) -> pa.Field:
    field = v1.ARTICLE_SCHEMA.field(name)
    return field.with_type(pa.list_(ENTITY_TYPE)) if name == "entities" else field


ARTICLE_SCHEMA = pa.schema([_v1_field(name) for name in v1.ARTICLE_SCHEMA.names] + [
    column("published_at", pa.timestamp("us", tz="UTC"),
           "`published` as a UTC instant when it names at least a day: a date alone is midnight UTC, a time "
           "without offset is taken as UTC. Null when unknown or coarser than a day."),
    column("languages", pa.list_(LANGUAGE_SHARE_TYPE),
           "Languages of the body's paragraphs with their share of its letters (4 decimals, summing to 1), "
           "largest first; empty for a body without letters."),
])

REJECT_SCHEMA = v1.REJECT_SCHEMA
SIGNATURE_SCHEMA = v1.SIGNATURE_SCHEMA
