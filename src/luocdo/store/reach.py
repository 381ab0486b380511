"""What a walk down the links finds below every document, kept in the store (table reach).

`graph.ask.walk(db, [t], relations, up=False, max_depth=k)` answers, for every document x within k links
of t, (shortest depth, the smallest next document towards t on a shortest way). At 200,000 reports the
tree below a central directive holds tens of thousands of documents, so walking it on every question
is linear in that tree; the same answer is kept here for every target and kept current by the write
transaction: triggers on `links` note every link that appears or goes (reach_dirty), and `refresh`,
called once at the end of the transaction, recomputes the rows of the documents whose way up changed.

A row (t, x) depends only on the links on the ways up from x. When the links leaving the documents S
change, only the rows of S and of the documents within MAX_DEPTH - 1 links below S can change: those
rows are recomputed by a walk up from each of them (a new report is a new leaf: its own rows only).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from functools import cache

IMPLEMENTING = ("implements", "reports_on")
CHAIN_RELATIONS = ("implements", "reports_on", "based_on", "guides", "amends", "replaces")
KINDS: dict[int, tuple[str, ...]] = {0: IMPLEMENTING, 1: CHAIN_RELATIONS}
MAX_DEPTH = 6
REBUILD_ABOVE = 20_000  # changed links in one transaction above which every row is computed again
_BATCH = 500  # ids per IN (...) query


def kind_of(relations: tuple[str, ...]) -> int | None:
    for kind, rels in KINDS.items():
        if tuple(relations) == rels:
            return kind
    return None


@cache
def _statements() -> tuple[str, ...]:
    """The CREATE statements of schema.sql that make the reach tables and their triggers."""
    from luocdo.store.schema_parts import statements

    out = []
    for stmt in statements():
        words = " ".join(ln for ln in stmt.splitlines() if not ln.lstrip().startswith("--")).split()
        name = next((w for w in words if w.startswith(("reach", "links_reach"))), None)
        if name and words[0].upper() == "CREATE" and name in words[:8]:
            out.append(stmt)
    return tuple(out)


def _tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE name LIKE '%reach%'")}


def missing(db: sqlite3.Connection) -> bool:
    """The store lacks the reach tables or triggers (an older store): made and filled at the next write open."""
    return len(_tables(db)) < len(_statements())


def unbuilt(db: sqlite3.Connection) -> bool:
    """Empty tables beside links they should answer for: made by a schema creation (a migration makes
    every table of schema.sql) over links that were already there, which no trigger saw arrive."""
    if db.execute("SELECT 1 FROM reach LIMIT 1").fetchone() is not None:
        return False
    rels = sorted({r for rels in KINDS.values() for r in rels})
    marks = ",".join("?" * len(rels))
    q = f"SELECT 1 FROM links WHERE relation IN ({marks}) AND src != dst LIMIT 1"  # a loop gives no row
    return db.execute(q, rels).fetchone() is not None


def needs_upkeep(db: sqlite3.Connection) -> bool:
    """Missing, or links changed by a writer that did not bring reach up to date."""
    return (
        missing(db) or db.execute("SELECT 1 FROM reach_dirty LIMIT 1").fetchone() is not None or unbuilt(db)
    )


def current(db: sqlite3.Connection) -> bool:
    """The rows answer what a walk over the links would (else the questions walk)."""
    try:
        return (
            not missing(db)
            and db.execute("SELECT 1 FROM reach_dirty LIMIT 1").fetchone() is None
            and not unbuilt(db)
        )
    except sqlite3.OperationalError:
        return False


def ensure(db: sqlite3.Connection) -> None:
    """Inside a write transaction: the reach tables and triggers, filled, when the store lacks them."""
    if missing(db):
        for stmt in _statements():
            db.execute(stmt)
    elif not unbuilt(db):
        return
    build(db)


def build(db: sqlite3.Connection) -> None:
    """Every row computed again from the links, one depth at a time in SQL (the rows `rows_above` gives
    for every document, without holding the links in memory: a bulk load of 200,000 reports has
    millions). Depth 1: each link, its first step the target itself. Depth d: one link up from a row of
    depth d - 1, to a document not reached nearer; its first step the smallest of those of the rows it
    comes from. Each row of depth d - 1 reads the links leaving its target with one probe of links_src
    (src), its relations tested on them, not one probe per relation (1.31 -> 1.01 s of CPU at 50k).
    reach_doc stays while the rows are written: built by a sort at the end it took 0.1 s less, but its
    sorter would hold up to the whole page cache on top of it (the writer's peak)."""
    db.execute("DELETE FROM reach")
    for kind, rels in KINDS.items():
        marks = ",".join("?" * len(rels))
        db.execute(
            f"INSERT INTO reach SELECT ?, dst, src, 1, dst FROM links WHERE relation IN ({marks}) AND src != dst"  # noqa: S608
            " GROUP BY dst, src",
            (kind, *rels),
        )
        for depth in range(2, MAX_DEPTH + 1):
            added = db.execute(
                "INSERT INTO reach SELECT ?, l.dst, r.doc, ?, min(r.via) FROM reach r"  # noqa: S608
                f" JOIN links l ON l.src = r.target AND +l.relation IN ({marks})"
                " WHERE r.kind = ? AND r.depth = ? AND l.dst != r.doc"
                " AND NOT EXISTS (SELECT 1 FROM reach q WHERE q.kind = ? AND q.target = l.dst AND q.doc = r.doc)"
                " GROUP BY l.dst, r.doc",
                (kind, depth, *rels, kind, depth - 1, kind),
            ).rowcount
            if not added:
                break
    db.execute("DELETE FROM reach_dirty")


def refresh(db: sqlite3.Connection) -> None:
    """At the end of a write transaction, after the links are refreshed: the rows the changed links touch."""
    n = db.execute("SELECT count(*) FROM reach_dirty").fetchone()[0]
    if not n:
        return
    if n > REBUILD_ABOVE:
        build(db)
        return
    changed = db.execute(
        "SELECT src, relation FROM reach_dirty GROUP BY src, relation, dst HAVING sum(delta) != 0"
    ).fetchall()
    db.execute("DELETE FROM reach_dirty")
    for kind, rels in KINDS.items():
        sources = sorted({src for src, rel in changed if rel in rels})
        if sources:
            _recompute(db, kind, rels, sources)


def _recompute(db: sqlite3.Connection, kind: int, rels: tuple[str, ...], sources: list[int]) -> None:
    below = _below(db, rels, sources, MAX_DEPTH - 1)
    up = _links_up(db, rels, below)
    for chunk in _chunks(sorted(below)):
        db.executemany("DELETE FROM reach WHERE kind = ? AND doc = ?", ((kind, x) for x in chunk))
        db.executemany(
            "INSERT INTO reach VALUES (?, ?, ?, ?, ?)",
            ((kind, *row) for x in chunk for row in rows_above(x, up)),
        )


def rows_above(x: int, up: dict[int, list[int]]) -> Iterator[tuple[int, int, int, int]]:
    """(target, x, depth, via) for every document within MAX_DEPTH links above x: the breadth-first walk
    up from x, each document keeping the smallest first step among its shortest ways."""
    first: dict[int, int] = {x: x}
    frontier = [x]
    for depth in range(1, MAX_DEPTH + 1):
        step: dict[int, int] = {}
        for u in frontier:
            for w in up.get(u, ()):
                if w in first:
                    continue
                via = w if depth == 1 else first[u]
                if w not in step or via < step[w]:
                    step[w] = via
        if not step:
            return
        for w, via in step.items():
            first[w] = via
            yield w, x, depth, via
        frontier = list(step)


def _below(db: sqlite3.Connection, rels: tuple[str, ...], sources: list[int], depth: int) -> set[int]:
    """The sources and every document within `depth` links below them."""
    seen = set(sources)
    frontier = sources
    marks = ",".join("?" * len(rels))
    for _ in range(depth):
        nxt: set[int] = set()
        for chunk in _chunks(frontier):
            q = (
                f"SELECT DISTINCT src FROM links WHERE dst IN ({','.join('?' * len(chunk))})"
                f" AND relation IN ({marks})"
            )
            nxt.update(r[0] for r in db.execute(q, (*chunk, *rels)))
        frontier = sorted(nxt - seen)
        if not frontier:
            break
        seen.update(frontier)
    return seen


def _links_up(db: sqlite3.Connection, rels: tuple[str, ...], start: Iterable[int]) -> dict[int, list[int]]:
    """src -> the documents it links to, of those within MAX_DEPTH links above `start`."""
    marks = ",".join("?" * len(rels))
    up: dict[int, list[int]] = {}
    frontier = sorted(set(start))
    for _ in range(MAX_DEPTH):
        for chunk in _chunks(frontier):
            q = (
                f"SELECT src, dst FROM links WHERE src IN ({','.join('?' * len(chunk))})"
                f" AND relation IN ({marks})"
            )
            for src, dst in db.execute(q, (*chunk, *rels)):
                up.setdefault(src, []).append(dst)
            for src in chunk:
                up.setdefault(src, [])
        frontier = sorted({w for u in frontier for w in up[u]} - up.keys())
        if not frontier:
            break
    return up


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _BATCH):
        yield ids[i : i + _BATCH]


def walked(
    db: sqlite3.Connection, target: int, kind: int, max_depth: int
) -> dict[int, tuple[int, int | None]]:
    """walk's answer for one target read from the rows: doc -> (depth, via), the target at depth 0."""
    found: dict[int, tuple[int, int | None]] = {target: (0, None)}
    cur = db.cursor()
    cur.row_factory = None
    for doc, depth, via in cur.execute(
        "SELECT doc, depth, via FROM reach WHERE kind = ? AND target = ? AND depth <= ?",
        (kind, target, max_depth),
    ):
        found[doc] = (depth, via)
    return found


def shallowest_per_issuer(
    db: sqlite3.Connection, target: int, kind: int, max_depth: int
) -> list[tuple[str, int, int]]:
    """(issuer, depth, doc) per issuer of the documents below the target: its document nearest the target,
    the smallest id among the nearest."""
    return db.execute(
        "SELECT d.issuer, min((r.depth << 40) | r.doc) >> 40, min((r.depth << 40) | r.doc) & 1099511627775"
        " FROM reach r JOIN documents d ON d.id = r.doc"
        " WHERE r.kind = ? AND r.target = ? AND r.depth <= ? AND d.issuer IS NOT NULL AND d.issuer != ''"
        " GROUP BY d.issuer",
        (kind, target, max_depth),
    ).fetchall()


def vias(db: sqlite3.Connection, target: int, kind: int, docs: list[int]) -> dict[int, int | None]:
    """doc -> the next document towards the target, for the documents and those on their way up."""
    out: dict[int, int | None] = {target: None}
    todo = sorted(set(docs) - out.keys())
    while todo:
        for chunk in _chunks(todo):
            q = f"SELECT doc, via FROM reach WHERE kind = ? AND target = ? AND doc IN ({','.join('?' * len(chunk))})"
            out.update((doc, via) for doc, via in db.execute(q, (kind, target, *chunk)))
        todo = sorted({v for d in todo if (v := out.get(d)) is not None} - out.keys())
    return out
