"""Which stored files settle must resolve again when the candidates of some numbers may have changed
(settle_pending), without resolving every file that cites those numbers partly.

A partial citation (a '?' in the identity it names, or a short form without a conventional name) that
the file's own complete citations do not settle is resolved by its key alone: the number, symbol,
type, year, date and issuer `Store._candidates` matches on. Every stored mention of a key therefore has
the same answer: the one candidate document, or no document and how many candidates there are, or (no
candidate) its own partial document, or nothing for a short form. A file whose checked mentions all
hold their key's answer against the store as it is now would be resolved again to exactly what it
holds; only the files where some mention of a pending number holds another answer are resolved again
(a mention settled by its own file's complete citation may be one of those: resolving it again changes
nothing). The answers are computed once per key, not once per mention, and the mentions holding
another answer are found with the index `mentions_checked`, whose columns are the key and the answer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from luocdo.resolve.corpus import norm_symbol
from luocdo.store.mention_ident import UNKNOWN_LIKE_SQL

# the mentions Store._resolve_mentions resolves through _candidates: not short forms of a conventional
# name (they take the document of their file's citation of that name); the same text as the WHERE of
# the index mentions_checked (schema.sql), so that SQLite uses it (`ident LIKE '%?%'` read from the parts)
CHECKED = f"(short_form = 1 AND resolved_key IS NULL OR short_form = 0 AND {UNKNOWN_LIKE_SQL})"
KEY = ("symbol", "type", "year", "date", "issuer")
Key = tuple[str | None, str | None, str | None, str | None, str | None]
Rows = list[sqlite3.Row]


def fits(
    doc: sqlite3.Row,
    symbol: str | None,
    type_: str | None,
    year: str | None,
    issuer: str | None,
    date: str | None,
) -> bool:
    """Whether a complete document (a row of documents) can be what a citation with these parts names."""
    if symbol is not None and norm_symbol(doc["symbol"]) != norm_symbol(symbol):
        return False
    if symbol is None and type_ and doc["type"] != type_:
        return False
    doc_year = doc["year"] or (doc["date"] or "")[:4] or None
    if year and doc_year and doc_year != year:
        return False
    if issuer and doc["issuer"] and doc["issuer"] != issuer:
        return False
    # 84/KH-UBND of which body? only the same full date can tell
    return not (not issuer and doc["issuer"] and not (date and len(date) == 10 and doc["date"] == date))


def issued(issuer: str | None, date: str | None) -> tuple[str | None, str | None]:
    """What of a citation narrows its candidates to a few documents of its number, in SQL: a document
    of no known body, or of the body it names, or (it names none) of the same full date (see fits)."""
    return issuer or None, date if not issuer and date and len(date) == 10 else None


def files_to_resolve(
    db: sqlite3.Connection,
    numbers: Iterable[str],
    named_in_full: Callable[[str, str | None, str | None], Rows],
    preferred: Callable[[Rows, dict], Rows],
) -> set[int]:
    """The files holding a checked mention of one of ``numbers`` whose stored answer (document,
    candidates) differs from its key's answer now. ``named_in_full`` and ``preferred``: the two halves
    of Store._candidates (the documents of a number that can be candidates, the choice among several)."""
    files: set[int] = set()
    weighed: dict = {}  # nothing is written while the files are chosen
    for num in sorted(numbers):
        answers: dict[Key, Rows] = {}
        named: dict[tuple[str | None, str | None], Rows] = {}
        own_checked: set[Key] = set()
        groups = db.execute(
            f"SELECT {', '.join(KEY)}, short_form, doc_id, candidates FROM mentions"  # noqa: S608
            f" WHERE num_norm = ? AND {CHECKED}"
            f" GROUP BY {', '.join(KEY)}, short_form, doc_id, candidates",
            (num,),
        ).fetchall()
        for symbol, type_, year, date, issuer, short_form, doc_id, n in groups:
            key = (symbol, type_, year, date, issuer)
            if key not in answers:
                narrow = issued(issuer, date)
                if narrow not in named:
                    named[narrow] = named_in_full(num, *narrow)
                y = year or (date[:4] if date else None)
                fitting = [d for d in named[narrow] if fits(d, symbol, type_, y, issuer, date)]
                answers[key] = preferred(fitting, weighed)
            found = answers[key]
            if len(found) == 1:
                holds = doc_id == found[0]["id"] and n == 1
            elif found:
                holds = doc_id is None and n == len(found)
            elif short_form:
                holds = doc_id is None and n == 0
            else:  # its own partial document: checked per mention, against the identity it names
                if key not in own_checked:
                    own_checked.add(key)
                    files.update(_own_document_not_held(db, num, key))
                continue
            if not holds:
                files.update(
                    r[0]
                    for r in db.execute(
                        "SELECT DISTINCT file_id FROM mentions WHERE num_norm = ?"
                        f" AND {' AND '.join(f'{c} IS ?' for c in KEY)}"  # noqa: S608
                        f" AND short_form = ? AND doc_id IS ? AND candidates = ? AND {CHECKED}",
                        (num, *key, short_form, doc_id, n),
                    )
                )
    return files


def _own_document_not_held(db: sqlite3.Connection, num: str, key: Key) -> list[int]:
    """Files with a partial citation of this key (no candidate) not held by the document of the
    identity it names."""
    return [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT m.file_id FROM mentions m LEFT JOIN documents d ON d.id = m.doc_id"
            f" WHERE m.num_norm = ? AND {' AND '.join(f'm.{c} IS ?' for c in KEY)}"  # noqa: S608
            " AND m.short_form = 0 AND m.ident LIKE '%?%'"
            " AND (m.candidates != 1 OR d.ident IS NOT m.ident)",
            (num, *key),
        )
    ]
