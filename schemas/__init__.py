"""Arrow/Parquet schemas of the pipeline's outputs, defined once.

The writer, the docs and the tests all import from here. Evolution rule: columns (and struct
fields) are only ever added, never removed, renamed or retyped, and every addition is a new
module ``vN.py`` that bumps ``SCHEMA_VERSION``; older modules stay as the record of what older
partitions hold (``tests/test_schemas.py`` checks the rule).
"""
from schemas.v3 import (
    ARTICLE_SCHEMA,
    ENTITY_TYPE,
    LANGUAGE_SHARE_TYPE,
    QUOTE_TYPE,
    REJECT_SCHEMA,
    SCHEMA_VERSION,
    SIGNATURE_SCHEMA,
)

__all__ = ["ARTICLE_SCHEMA", "ENTITY_TYPE", "LANGUAGE_SHARE_TYPE", "QUOTE_TYPE", "REJECT_SCHEMA", "SCHEMA_VERSION",
           "SIGNATURE_SCHEMA"]
