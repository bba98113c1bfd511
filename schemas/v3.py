"""Version 3: version 2 plus the dedup history's shingle sets (exact verification of copies across runs)."""
import pyarrow as pa

from schemas import v2

SCHEMA_VERSION = 3
column = v2.column

ENTITY_TYPE = v2.ENTITY_TYPE
QUOTE_TYPE = v2.QUOTE_TYPE
LANGUAGE_SHARE_TYPE = v2.LANGUAGE_SHARE_TYPE
ARTICLE_SCHEMA = v2.ARTICLE_SCHEMA
REJECT_SCHEMA = v2.REJECT_SCHEMA
SIGNATURE_SCHEMA = pa.schema(list(v2.SIGNATURE_SCHEMA) + [
    column("shingle_hashes", pa.binary(), "The body's distinct shingle hashes, sorted uint32 little-endian: "
                                          "candidate copies are verified on them exactly. Null in files written "
                                          "before v3 (the MinHash estimate serves)."),
])
