"""Attributes of documents and bodies settled on the whole store, the same whatever the order in
which the files were ingested.

While a file is written, a document takes the province of the first report that cites it, a date or
title the first one gives, and a body the province of its first document. ``settle_attributes`` then
decides each of them from every file that refers to the document, with tie-breaks on stable values
(the most common value, then the smallest), never on the order of arrival or on row ids.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from functools import lru_cache

from luocdo.store.bodies import body_info
from luocdo.store.header_columns import field_sql, valid_sql

CENTRAL = ("central", "party-central")
IN_IDS = "IN (SELECT value FROM json_each(?))"
# documents settled together when the whole store is: its counts per document are held one slice at a
# time (at 200,000 reports, half a million documents), each slice read through the indexes. 20,000 rather
# than 50,000: settle alone peaks 9-11 MB lower at 50k and 200k for no more CPU (docs/scale.md, s13-settle)
DOCS_AT_ONCE = 20_000
# a conventional name's date is a full date (YYYY-MM-DD; tests/test_settle_touched.py checks the data): it
# settles only a document whose reports give no date as long, so only those documents' citations are read
# (a central document has full dates and 177,000 citations at 200,000 reports)
CONVENTIONAL_DATE_LEN = 10
_NONE: Mapping[str, int] = {}  # no value counted (read only: one for every document that has none)
# (column, document id) -> the value settle gives it, where that is not the value it has: what settling the
# whole store changes, decided without writing (early_settle.py: by a thread, on the store a bulk load left)
Changes = dict[tuple[str, int], str | None]


def _writer(db: sqlite3.Connection, changes: Changes | None):
    """Sets a document's column: in the store, or, given ``changes``, there."""
    if changes is not None:
        return lambda column, doc, value: changes.__setitem__((column, doc), value)
    return lambda column, doc, value: db.execute(
        f"UPDATE documents SET {column} = ? WHERE id = ?", (value, doc)
    )  # noqa: S608


def _only(column: str, ids: Collection | None) -> tuple[str, tuple]:
    """' AND column IN (ids)' (or BETWEEN, for a range of ids) and its parameters; nothing when ids is
    None (the whole store)."""
    if ids is None:
        return "", ()
    if isinstance(ids, range):
        return f" AND {column} BETWEEN ? AND ?", (ids.start, ids.stop - 1)
    return f" AND {column} {IN_IDS}", (json.dumps(sorted(ids)),)


def _slices(db: sqlite3.Connection, at_once: int | None = None) -> list[range | None]:
    """The whole store as ranges of document ids (one None: a store small enough to read at once)."""
    at_once = at_once or DOCS_AT_ONCE
    low, high = db.execute("SELECT min(id), max(id) FROM documents").fetchone()
    if low is None or high - low < at_once:
        return [None]
    return [range(lo, min(lo + at_once, high + 1)) for lo in range(low, high + 1, at_once)]


def _choice(values: Mapping[str, int]) -> str | None:
    """The most common value, the smallest among equally common ones (None when there is none)."""
    if not values:
        return None
    return min(values.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _province_hints(db: sqlite3.Connection, docs: Collection[int]) -> dict[int, Counter]:
    """document id -> the provinces of the reports that refer to it (their headers' province): one for
    every citation of it and every report that is it."""
    hints: dict[int, Counter] = defaultdict(Counter)
    m_only, m_arg = _only("m.doc_id", docs)
    f_only, f_arg = _only("f.report_doc", docs)
    for doc, province in db.execute(
        f"SELECT m.doc_id, {field_sql('province', 'f')} FROM mentions m JOIN files f ON f.id = m.file_id"
        f" WHERE m.doc_id IS NOT NULL AND {valid_sql('f')}{m_only}"
        f" UNION ALL SELECT f.report_doc, {field_sql('province', 'f')} FROM files f"
        f" WHERE f.report_doc IS NOT NULL AND {valid_sql('f')}{f_only}",
        m_arg + f_arg,
    ):
        if province:
            hints[doc][province] += 1
    return hints


@lru_cache(maxsize=4096)
def _hint_matters(issuer: str) -> bool:
    """Whether the province of a document of this body comes from the reports that refer to it (a
    commune, a body named without its place) rather than from the body's name alone. body_info's
    province is either a function of the name alone or the hint itself, so a province that two hints
    do not change no hint changes, None included (tests/test_settle_provinces.py)."""
    return body_info(issuer, "\0a")[1] != body_info(issuer, "\0b")[1]


@lru_cache(maxsize=65536)
def _province(issuer: str, hint: str | None) -> str | None:
    return body_info(issuer, hint)[1]


def _settle_provinces(
    db: sqlite3.Connection, docs: Collection[int] | None, changes: Changes | None = None
) -> int:
    only, arg = _only("id", docs)
    rows = db.execute(
        f"SELECT id, issuer, province FROM documents WHERE issuer IS NOT NULL{only}", arg
    ).fetchall()
    # only the documents whose body's province depends on it read their reports' provinces (648 of 16,275
    # at 5,000 reports, 805 of 58,000 citations): a central document is cited by many reports
    hints = _province_hints(db, [doc for doc, issuer, _ in rows if _hint_matters(issuer)])
    changed = 0
    write = _writer(db, changes)
    for doc, issuer, province in rows:
        settled = _province(issuer, _choice(hints.get(doc, _NONE)))
        if settled != province:
            write("province", doc, settled)
            changed += 1
    return changed


def _most_precise(given: Mapping[str, int]) -> tuple[int, str]:
    """The length of the longest dates given and the date chosen among them: the most common, then the
    smallest (most documents are given one date: nothing to count)."""
    if len(given) == 1:
        (date,) = given
        return len(date), date
    longest = max(map(len, given))
    return longest, _choice({d: n for d, n in given.items() if len(d) == longest})


def _settle_dates(
    db: sqlite3.Connection, docs: Collection[int] | None, changes: Changes | None = None
) -> int:
    """The most precise date the reports give, the most common and then the smallest among equals."""
    dates: dict[int, dict[str, int]] = {}
    m_only, m_arg = _only("doc_id", docs)
    f_only, f_arg = _only("f.report_doc", docs)
    for doc, date, n in db.execute(
        f"SELECT doc_id, date, count(*) FROM mentions WHERE doc_id IS NOT NULL AND date IS NOT NULL{m_only}"
        " GROUP BY doc_id, date"
        f" UNION ALL SELECT f.report_doc, {field_sql('date', 'f')}, 1 FROM files f"
        f" WHERE f.report_doc IS NOT NULL AND {valid_sql('f')}{f_only}",
        m_arg + f_arg,
    ):
        if date:
            given = dates.get(doc)
            if given is None:
                dates[doc] = {date: n}
            else:
                given[date] = given.get(date, 0) + n
    chosen: dict[int, tuple[int, str]] = {}
    while dates:  # each document's dates freed once chosen: no more held at once than they took
        doc, given = dates.popitem()
        chosen[doc] = _most_precise(given)
    if docs is None:
        conventional = _conventional_dates(db, m_only, m_arg)
    else:  # a conventional name's date wins only over shorter ones: only those documents' citations are read
        undated = [d for d in docs if chosen.get(d, (0,))[0] < CONVENTIONAL_DATE_LEN]
        conventional = _conventional_dates(db, *_only("doc_id", undated)) if undated else {}
    changed = 0
    write = _writer(db, changes)
    only, arg = _only("id", docs)
    for doc, current in db.execute(f"SELECT id, date FROM documents WHERE 1{only}", arg).fetchall():
        longest, given = chosen.get(doc, (0, None))
        named = conventional.get(doc)
        # the date of the document a conventional name is ("Đề án 06"), else the one the files give, else
        # none: no file gives one any more (not the date of a citation since changed or gone)
        best = named if named and len(named) > longest else given
        if best != current:
            write("date", doc, best)
            changed += 1
    return changed


def _conventional_dates(db: sqlite3.Connection, m_only: str, m_arg: tuple) -> dict[int, str]:
    """document id -> the date of the document its conventional name names (the smallest if several)."""
    rows = db.execute(
        "SELECT DISTINCT doc_id, resolved_key FROM mentions WHERE doc_id IS NOT NULL AND short_form = 1"
        f" AND resolved_key IS NOT NULL{m_only}",
        m_arg,
    ).fetchall()
    if not rows:  # most settles: the extraction's grammar is not loaded for nothing
        return {}
    from luocdo.extract.conventional import conventional_documents

    known = conventional_documents()
    out: dict[int, str] = {}
    for doc, key in rows:
        date = (known.get(key) or {}).get("date")
        if date and (doc not in out or date < out[doc]):
            out[doc] = date
    return out


def _settle_titles(
    db: sqlite3.Connection, docs: Collection[int] | None, changes: Changes | None = None
) -> int:
    """A report's document takes the title of the first of its files by path; a document no file is
    the report of any more (its file changed or went) has none."""
    changed = 0
    only, arg = _only("f.report_doc", docs)
    title_sql = field_sql("title", "g")  # NULL where the header is not valid JSON
    for doc, title in db.execute(
        f"SELECT report_doc, (SELECT {title_sql} FROM files g WHERE g.report_doc = f.report_doc"
        f" AND {title_sql} IS NOT NULL ORDER BY g.path LIMIT 1)"
        f" FROM files f WHERE f.report_doc IS NOT NULL{only} GROUP BY f.report_doc",
        arg,
    ).fetchall():
        if changes is None:
            cur = db.execute(
                "UPDATE documents SET title = ? WHERE id = ? AND title IS NOT ?", (title, doc, title)
            )
            changed += cur.rowcount
        elif db.execute("SELECT 1 FROM documents WHERE id = ? AND title IS NOT ?", (doc, title)).fetchone():
            changes[("title", doc)] = title
            changed += 1
    only, arg = _only("id", docs)
    untitled = f"title IS NOT NULL{only} AND NOT EXISTS (SELECT 1 FROM files WHERE report_doc = documents.id)"
    if changes is None:
        return changed + db.execute(f"UPDATE documents SET title = NULL WHERE {untitled}", arg).rowcount  # noqa: S608
    for (doc,) in db.execute(f"SELECT id FROM documents WHERE {untitled}", arg).fetchall():  # noqa: S608
        changes[("title", doc)] = None
        changed += 1
    return changed


def _settle_bodies(db: sqlite3.Connection, issuers: Collection[str] | None) -> int:
    """A body's province: from its name, else the most common province of its documents."""
    hints: dict[str, Counter] = defaultdict(Counter)
    only, arg = _only("issuer", issuers)
    for issuer, province in db.execute(
        f"SELECT issuer, province FROM documents WHERE issuer IS NOT NULL AND province IS NOT NULL{only}", arg
    ):
        hints[issuer][province] += 1
    changed = 0
    only, arg = _only("name", issuers)
    for name, province in db.execute(f"SELECT name, province FROM bodies WHERE 1{only}", arg).fetchall():
        level, settled, _ = body_info(name, _choice(hints.get(name, _NONE)))
        if level in CENTRAL:
            settled = None
        if settled is not None and settled != province:
            db.execute("UPDATE bodies SET province = ? WHERE name = ?", (settled, name))
            changed += 1
    return changed


def settle_attributes(
    db: sqlite3.Connection, docs: Collection[int] | None = None, issuers: Collection[str] | None = None
) -> int:
    """Settle provinces, dates and titles of documents and provinces of bodies; returns the rows changed.
    Runs inside the caller's write transaction. ``docs``, ``issuers``: only these documents and bodies
    (None: all of them); a body's issuers must include those of the documents. Each document's
    attributes are decided from its own rows alone: the whole store is decided a slice at a time."""
    changed = 0
    for part in [docs] if docs is not None else _slices(db):
        changed += _settle_provinces(db, part) + _settle_dates(db, part) + _settle_titles(db, part)
    return changed + _settle_bodies(db, issuers)


def attribute_changes(db: sqlite3.Connection, at_once: int | None = None) -> Changes:
    """What ``settle_attributes(db)`` would change in the documents, without writing it (``at_once``:
    documents decided together)."""
    changes: Changes = {}
    for part in _slices(db, at_once):
        _settle_provinces(db, part, changes)
        _settle_dates(db, part, changes)
        _settle_titles(db, part, changes)
    return changes


def settle_attributes_from(db: sqlite3.Connection, early: Changes, since: Collection[int]) -> int:
    """What ``settle_attributes(db)`` does, from ``early``: what it would have changed before the writes
    that touched the documents ``since``. Each document's attributes are decided from its own rows
    alone and a write to them touches it: the others' are as decided then (their rows and values have
    not changed since), the touched ones are decided again, then every body."""
    write = _writer(db, None)
    changed = 0
    for (column, doc), value in sorted(early.items(), key=lambda kv: kv[0]):
        if doc not in since:
            write(column, doc, value)
            changed += 1
    if since:
        docs = sorted(since)
        changed += _settle_provinces(db, docs) + _settle_dates(db, docs) + _settle_titles(db, docs)
    return changed + _settle_bodies(db, None)


def settle_partial_documents(db: sqlite3.Connection, docs: Collection[int] | None = None) -> int:
    """A document known only partly ('?' year or issuer) takes the date and the type of the citations
    and reports that are it, chosen as `_settle_dates` does (the most precise date, then the most common,
    then the smallest; the most common type, then the smallest), not those of the first to arrive: merging
    it into a complete document reads them. Returns the rows changed."""
    dates: dict[int, Counter] = defaultdict(Counter)
    types: dict[int, Counter] = defaultdict(Counter)
    only, arg = _only("d.id", docs)
    # the partial documents first (CROSS JOIN: SQLite's planner would read every citation to find the few
    # of theirs), their citations and reports through the indexes on doc_id and report_doc
    for doc, date, type_ in db.execute(
        "SELECT m.doc_id, m.date, m.type FROM documents d CROSS JOIN mentions m ON m.doc_id = d.id"
        f" WHERE d.ident LIKE '%?%'{only}"
        f" UNION ALL SELECT f.report_doc, {field_sql('date', 'f')},"
        f" coalesce({field_sql('type', 'f')}, 'Báo cáo') FROM documents d CROSS JOIN files f ON f.report_doc = d.id"
        f" WHERE d.ident LIKE '%?%' AND {valid_sql('f')}{only}",
        arg + arg,
    ):
        types[doc][type_ or "Other"] += 1
        if date:
            dates[doc][date] += 1
    changed = 0
    only, arg = _only("id", docs)
    for doc, date, type_ in db.execute(
        f"SELECT id, date, type FROM documents WHERE ident LIKE '%?%'{only}", arg
    ).fetchall():
        if doc not in types:
            continue
        given = dates.get(doc)
        best_date = None
        if given:
            longest = max(len(d) for d in given)
            best_date = _choice({d: n for d, n in given.items() if len(d) == longest})
        best_type = _choice(types[doc])
        if (best_date, best_type) != (date, type_):
            db.execute("UPDATE documents SET date = ?, type = ? WHERE id = ?", (best_date, best_type, doc))
            changed += 1
    return changed
