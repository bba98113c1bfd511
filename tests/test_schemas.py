"""The schema-evolution rule: each version only adds columns (and struct fields) to the one before."""
import pyarrow as pa
import pytest

import schemas
from schemas import docs
from schemas.docs import versions as _versions


def _is_extension(old: pa.DataType, new: pa.DataType) -> bool:
    """``new`` holds every value of ``old``: same type, or a struct/list of structs with fields only appended."""
    if old.equals(new):
        return True
    if pa.types.is_list(old) and pa.types.is_list(new):
        return _is_extension(old.value_type, new.value_type)
    if pa.types.is_struct(old) and pa.types.is_struct(new):
        return new.num_fields >= old.num_fields and all(
            old.field(i).name == new.field(i).name and _is_extension(old.field(i).type, new.field(i).type)
            for i in range(old.num_fields))
    return False


def test_versions_are_numbered_and_current_is_exported():
    versions = _versions()
    assert [v.SCHEMA_VERSION for v in versions] == list(range(1, len(versions) + 1))
    assert schemas.SCHEMA_VERSION == versions[-1].SCHEMA_VERSION
    assert schemas.ARTICLE_SCHEMA.equals(versions[-1].ARTICLE_SCHEMA)


@pytest.mark.parametrize("table", ["ARTICLE_SCHEMA", "REJECT_SCHEMA", "SIGNATURE_SCHEMA"])
def test_each_version_only_adds(table):
    versions = _versions()
    for old, new in zip(versions, versions[1:]):
        old_schema, new_schema = getattr(old, table), getattr(new, table)
        assert new_schema.names[:len(old_schema.names)] == old_schema.names, f"v{new.SCHEMA_VERSION} reorders {table}"
        for field in old_schema:
            new_field = new_schema.field(field.name)
            assert _is_extension(field.type, new_field.type), f"{table}.{field.name} retyped in v{new.SCHEMA_VERSION}"
            assert new_field.nullable or not field.nullable
        added = [f for f in new_schema if f.name not in old_schema.names]
        assert all(f.nullable for f in added), "added columns must be nullable: older rows have no value"


def test_warehouse_friendly_types():
    """No unsigned integers (BigQuery and Snowflake have none); timestamps are UTC."""
    def walk(data_type):
        yield data_type
        if pa.types.is_list(data_type):
            yield from walk(data_type.value_type)
        elif pa.types.is_struct(data_type):
            for i in range(data_type.num_fields):
                yield from walk(data_type.field(i).type)

    for schema in (schemas.ARTICLE_SCHEMA, schemas.REJECT_SCHEMA):
        for field in schema:
            for data_type in walk(field.type):
                assert not pa.types.is_unsigned_integer(data_type), field.name
                if pa.types.is_timestamp(data_type):
                    assert data_type.tz == "UTC", field.name


def test_every_field_is_described_and_the_docs_are_current():
    for _, attr, _ in docs.TABLES:
        for path, field in docs.walk(getattr(schemas, attr)):
            assert docs.description(field), f"{attr}: {path} has no description"
    assert docs.DOC_PATH.read_text(encoding="utf-8") == docs.render(), "run: python -m schemas.docs"
