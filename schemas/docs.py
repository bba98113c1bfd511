"""Renders ``docs/schema.md`` from the schemas' field descriptions.

    python -m schemas.docs            # rewrite docs/schema.md
    python -m schemas.docs --check    # exit 1 if docs/schema.md is stale (tests run this check)
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path
from typing import Iterator

import pyarrow as pa

import schemas

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
TABLES = [
    ("articles", "ARTICLE_SCHEMA", "One row per article. Path: `DIR/articles/ingest_date=YYYY-MM-DD/part-*.parquet`."),
    ("rejects", "REJECT_SCHEMA", "One row per input record that could not become an article, with the stage and "
                                 "the reason. Path: `DIR/rejects/ingest_date=YYYY-MM-DD/part-*.parquet`."),
    ("signatures", "SIGNATURE_SCHEMA", "The dedup history (`--dedup_history DIR`): one file "
                                       "`signatures-<tag>.parquet` per run tag."),
]


def versions() -> list:
    numbers = sorted(int(m.name[1:]) for m in pkgutil.iter_modules(schemas.__path__) if m.name[1:].isdigit())
    return [importlib.import_module(f"schemas.v{n}") for n in numbers]


def type_name(data_type: pa.DataType) -> str:
    if pa.types.is_list(data_type):
        return f"list<{type_name(data_type.value_type)}>"
    if pa.types.is_struct(data_type):
        return "struct"
    if pa.types.is_timestamp(data_type):
        return f"timestamp[{data_type.unit}, {data_type.tz}]"
    return str(data_type)


def description(field: pa.Field) -> str:
    return (field.metadata or {}).get(b"description", b"").decode()


def _struct_of(data_type: pa.DataType):
    while pa.types.is_list(data_type):
        data_type = data_type.value_type
    return data_type if pa.types.is_struct(data_type) else None


def walk(schema_fields, prefix: str = "") -> Iterator[tuple[str, pa.Field]]:
    """(dotted path, field) for every column and nested struct field; list items are written ``name[]``."""
    for field in schema_fields:
        path = prefix + field.name
        yield path, field
        struct = _struct_of(field.type)
        if struct is not None:
            suffix = "[]." if pa.types.is_list(field.type) else "."
            yield from walk([struct.field(i) for i in range(struct.num_fields)], path + suffix)


def since(table_attr: str) -> dict[str, int]:
    """The schema version that introduced each field path."""
    first: dict[str, int] = {}
    for module in versions():
        for path, _ in walk(getattr(module, table_attr)):
            first.setdefault(path, module.SCHEMA_VERSION)
    return first


def render() -> str:
    lines = [
        "# Output schema",
        "",
        "Generated from `schemas/` by `python -m schemas.docs`; do not edit by hand (a test checks it).",
        f"Current `schema_version`: **{schemas.SCHEMA_VERSION}**.",
        "",
        "Evolution rule: columns and struct fields are only ever added (nullable), never removed, renamed",
        "or retyped, and each addition bumps `schema_version`. Partitions written by older versions read",
        "next to newer ones with nulls in the added fields: DuckDB `read_parquet(..., union_by_name = true)`,",
        "or a pyarrow dataset opened with the current schema. The date partition column `ingest_date`",
        "is in the path only (Hive style), not in the files.",
        "",
        "Types are plain Parquet/Arrow types every warehouse loads: strings, int32, float32, bool, binary,",
        "UTC timestamps (microseconds), lists and structs; no unsigned integers. Files are zstd-compressed,",
        "with row groups of about 64 MiB.",
    ]
    for table, attr, intro in TABLES:
        first = since(attr)
        lines += ["", f"## `{table}`", "", intro, "", "| Column | Type | Null | Since | Meaning |",
                  "| --- | --- | --- | --- | --- |"]
        for path, field in walk(getattr(schemas, attr)):
            nullable = "yes" if field.nullable else "no"
            lines.append(f"| `{path}` | {type_name(field.type)} | {nullable} | v{first[path]} | {description(field)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
        if current != text:
            print(f"{DOC_PATH} is stale: run python -m schemas.docs", file=sys.stderr)
            return 1
        return 0
    DOC_PATH.parent.mkdir(exist_ok=True)
    DOC_PATH.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
