"""A header field read from its column (header_columns.field_sql) is what json_extract reads of the
header, whatever the header's text: made from the columns, kept as its own text, or damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from luocdo.store import Store
from luocdo.store.header_columns import field_sql, valid_sql

FIELDS = ("province", "date", "title", "type")
ROWS = [
    # header_own, h_province, h_date, h_title, h_type
    (None, "Hà Nội", "2021-05", 'Báo cáo "sơ kết" \\ 6 tháng', None),
    (None, None, None, None, "Báo cáo"),
    (None, 12, 2021, 1.5, None),  # values that are not text stay as json_extract read them
    # a NUL in a value: json_extract of json_object's text reads up to it
    (None, "Hà\x00 Nội", "\x002021", "a\x00b", ""),
    # its own text (another field order): the columns are not what it says
    ('{"title": "T", "province": "Huế", "date": "2020", "source": "b"}', "Hà Nội", "2021", "X", "Y"),
    ('{"source": "c", "province": null}', "Hà Nội", None, None, None),
    ("x", "Hà Nội", "2021", "X", "Y"),  # damaged: not JSON
    ("[1, 2]", None, None, None, None),  # JSON, not an object
]


def _values(store: Store, sql: str) -> list:
    return [r[0] for r in store.db.execute(sql)]


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "s.db") as s:
        s.db.executemany(
            "INSERT INTO files (path, sha256, size, ingested_at, header_own, h_province, h_date, h_title, h_type)"
            " VALUES (?, '', 0, '', ?, ?, ?, ?, ?)",
            [(f"/r/{i}.md", *row) for i, row in enumerate(ROWS)],
        )
        yield s


@pytest.mark.parametrize("field", FIELDS)
def test_a_field_reads_what_json_extract_reads_of_the_header(store: Store, field: str) -> None:
    got = _values(store, f"SELECT {field_sql(field)} FROM files ORDER BY id")
    want = _values(
        store,
        f"SELECT CASE WHEN json_valid(header) THEN json_extract(header, '$.{field}') END FROM files ORDER BY id",
    )
    assert got == want
    assert len({type(v) for v in got}) > 1  # the cases are not all text


def test_a_field_reads_through_a_table_alias(store: Store) -> None:
    got = _values(store, f"SELECT {field_sql('province', 'f')} FROM files f ORDER BY f.id")
    assert got == _values(
        store,
        "SELECT CASE WHEN json_valid(f.header) THEN json_extract(f.header, '$.province') END FROM files f"
        " ORDER BY f.id",
    )


def test_a_header_is_valid_where_json_valid_says_it_is(store: Store) -> None:
    got = _values(store, f"SELECT {valid_sql()} FROM files ORDER BY id")
    assert got == _values(store, "SELECT json_valid(header) FROM files ORDER BY id")
    assert set(got) == {0, 1}


def test_only_a_scalar_field_is_read_from_its_column() -> None:
    with pytest.raises(ValueError):
        field_sql("recipients")
    with pytest.raises(ValueError):
        field_sql("nothing")


def test_fields_not_kept_whole_in_their_column_are_refused() -> None:
    for field in ("recipients", "source", "nonsense"):
        with pytest.raises(ValueError):
            field_sql(field)
