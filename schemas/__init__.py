"""Arrow/Parquet schemas of the pipeline's outputs, defined once.

The writer, the docs and the tests all import from here. Evolution rule:
columns are only ever added, and every addition bumps ``SCHEMA_VERSION``.
"""
from schemas.v1 import (
    ARTICLE_SCHEMA,
    ENTITY_TYPE,
    QUOTE_TYPE,
    REJECT_SCHEMA,
    SCHEMA_VERSION,
    SIGNATURE_SCHEMA,
)

__all__ = ["ARTICLE_SCHEMA", "ENTITY_TYPE", "QUOTE_TYPE", "REJECT_SCHEMA", "SCHEMA_VERSION", "SIGNATURE_SCHEMA"]
