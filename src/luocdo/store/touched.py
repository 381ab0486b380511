"""What the writes touched since the last settle (schema.sql `settle_touched`, filled by triggers), read
back as the sets `Store.settle` decides again: the documents, their numbers (variant groups, partial
documents' candidates) and their issuers (bodies). '*' (or a store whose writes did not record their
touches) means everything: the whole-store settle.

Every settle decision is per document, per number or per body and reads only the rows of that
document, number or body, so deciding again only the touched ones gives the store the whole-store
settle gives.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import cache

ALL = "*"
TRIGGERS = (
    "settle_touched_cited",
    "settle_touched_uncited",
    "settle_touched_recited",
    "settle_touched_report",
    "settle_touched_unreport",
    "settle_touched_file",
    "settle_touched_doc_added",
    "settle_touched_doc_changed",
    "settle_touched_doc_removed",
    "settle_touched_body",
)


@dataclass(frozen=True)
class Touched:
    everything: bool
    docs: frozenset[int]
    numbers: frozenset[str]
    issuers: frozenset[str]
    # (number, issuer) of the documents written, changed or removed (the rows of a removed document are
    # gone: its variant group is known by these only)
    pairs: frozenset[tuple[str, str | None]] = frozenset()


@cache
def schema_statements() -> tuple[str, ...]:
    """The CREATE statements of schema.sql that make settle_touched and its triggers."""
    from luocdo.store.schema_parts import statements

    return tuple(s for s in statements() if "settle_touched" in s and "CREATE " in s.upper())


def missing(db: sqlite3.Connection, *, bulk: bool = False) -> bool:
    have = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    if "settle_touched" not in have:
        return True
    return not bulk and not set(TRIGGERS) <= have


def create(db: sqlite3.Connection) -> None:
    """Inside a write transaction: the table and triggers a store lacks. A store that had no table has
    writes whose touches were not recorded: everything is touched."""
    fresh = "settle_touched" not in {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    for sql in schema_statements():
        db.execute(sql)
    if fresh and db.execute("SELECT 1 FROM files LIMIT 1").fetchone():
        touch_all(db)


def touch_all(db: sqlite3.Connection) -> None:
    db.execute("INSERT INTO settle_touched VALUES (NULL, ?, NULL, NULL)", (ALL,))


def read(db: sqlite3.Connection, pending: list[str] | None = None, *, past_all: bool = False) -> Touched:
    """The touched documents, with the numbers and issuers they have or had (``pending``: the numbers of
    settle_pending, whose partial documents are decided again too). ``past_all``: what the writes
    recorded beside a '*' (the end of a bulk load touches everything; settle's own writes since are
    recorded as any others are)."""
    docs: set[int] = set()
    numbers: set[str] = set(pending or ())
    issuers: set[str] = set()
    files: set[int] = set()
    pairs: set[tuple[str, str | None]] = set()
    for doc, num, issuer, file in db.execute(
        "SELECT DISTINCT doc, num_norm, issuer, file FROM settle_touched"
    ):
        if file is not None:
            files.add(file)
        if doc is not None:
            docs.add(doc)
        if num is not None:
            numbers.add(num)
            pairs.add((num, issuer))
        if issuer is not None:
            issuers.add(issuer)
    if ALL in numbers and not past_all:
        return Touched(True, frozenset(), frozenset(), frozenset())
    numbers.discard(ALL)
    pairs.discard((ALL, None))
    if files:
        docs.update(
            r[0]
            for r in db.execute(
                "SELECT doc_id FROM mentions WHERE doc_id IS NOT NULL AND file_id IN (SELECT value FROM json_each(?))",
                (ids_json(files),),
            )
        )
    for num, issuer in db.execute(
        "SELECT num_norm, issuer FROM documents WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(docs)),),
    ):
        if num is not None:
            numbers.add(num)
        if issuer is not None:
            issuers.add(issuer)
    return Touched(False, frozenset(docs), frozenset(numbers), frozenset(issuers), frozenset(pairs))


def clear(db: sqlite3.Connection) -> int:
    """Forget what was touched; how many rows that was."""
    return db.execute("DELETE FROM settle_touched").rowcount


def ids_json(values) -> str:
    return json.dumps(sorted(values))


def partial_documents(db: sqlite3.Connection, seen: Touched) -> list[sqlite3.Row]:
    """The documents known only partly ('?' year or issuer) among the touched ones and of the touched
    numbers, by identity: through the small index of the partial documents, not every document of a
    number (thousands at 200k for a number like 10)."""
    where = "ident LIKE '%?%' AND number IS NOT NULL"
    query = (
        f"SELECT * FROM documents WHERE {where} AND id IN (SELECT value FROM json_each(?)"  # noqa: S608
        f" UNION SELECT id FROM documents INDEXED BY documents_partial WHERE {where}"
        " AND num_norm IN (SELECT value FROM json_each(?))) ORDER BY ident"
    )
    args = (ids_json(seen.docs), ids_json(seen.numbers))
    try:
        return db.execute(query, args).fetchall()
    except sqlite3.OperationalError:  # no such index: a store whose indexes a bulk load is rebuilding
        return db.execute(query.replace(" INDEXED BY documents_partial", ""), args).fetchall()
