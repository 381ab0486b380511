"""Schema 11: the few words most citations repeat (a document's type, a relation) stored as a small
integer. ``mentions.type_code``, ``mentions.relation_code`` and ``edges.relation_code`` hold the word's
number in the lists below, or the word itself when it is not in them; the virtual columns ``type`` and
``relation`` give the word back (``decode_sql``), so readers never see the numbers. Each store keeps
the CASE of its own table definitions: a change of these lists (even a word added at their end, which
an existing store would read back as its number) is a new schema version with a migration that rebuilds
the tables; tests/test_schema11.py pins the lists to schema 11.

The columns have no declared type, so a word that is not in the list stays text and is never taken
for a number (a text '1' is not the integer 1 there)."""

from __future__ import annotations

# the document types citations name most (luocdo.extract), by their number: 1, 2, …
TYPES: tuple[str, ...] = (
    "Kế hoạch",
    "Nghị định",
    "Chỉ thị",
    "Quyết định",
    "Công văn",
    "Luật",
    "Nghị quyết",
    "Thông tư",
    "Báo cáo",
    "Thông báo",
    "Hướng dẫn",
    "Thông tư liên tịch",
    "Pháp lệnh",
    "Bộ luật",
    "Hiến pháp",
    "Chương trình",
    "Đề án",
    "Kết luận",
    "Quy định",
    "Công điện",
    "Tờ trình",
    "Lệnh",
)

# luocdo.model.RelationType, by their number
RELATIONS: tuple[str, ...] = (
    "implements",
    "promulgates",
    "amends",
    "replaces",
    "guides",
    "based_on",
    "reports_on",
    "responds_to",
    "cites",
)

# word -> the number its column stores (encode_sql's CASE as a dict: the writer binds the numbers)
TYPE_CODES: dict[str, int] = {w: i for i, w in enumerate(TYPES, 1)}
RELATION_CODES: dict[str, int] = {w: i for i, w in enumerate(RELATIONS, 1)}

# stored column -> (the virtual column that reads it, its words)
CODED: dict[str, tuple[str, tuple[str, ...]]] = {
    "type_code": ("type", TYPES),
    "relation_code": ("relation", RELATIONS),
}


def _quote(word: str) -> str:
    return "'" + word.replace("'", "''") + "'"


def decode_sql(column: str, words: tuple[str, ...]) -> str:
    """The word a stored column holds (schema.sql writes the same expression; a test checks it)."""
    cases = " ".join(f"WHEN {i} THEN {_quote(w)}" for i, w in enumerate(words, 1))
    return f"CASE {column} {cases} ELSE {column} END"


def encode_sql(value: str, words: tuple[str, ...]) -> str:
    """What a stored column holds for the word ``value`` (an SQL expression: a column or a parameter)."""
    cases = " ".join(f"WHEN {_quote(w)} THEN {i}" for i, w in enumerate(words, 1))
    return f"CASE {value} {cases} ELSE {value} END"


def encode(word: str, words: tuple[str, ...]) -> int | str:
    """encode_sql in Python."""
    try:
        return words.index(word) + 1
    except ValueError:
        return word
