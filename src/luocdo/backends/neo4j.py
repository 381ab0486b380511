"""Neo4j: push the store into a server (the official driver; constraints first, then idempotent
UNWIND ... MERGE batches, each in one managed write transaction) and answer the named questions of
queries/*.cypher on it. Every value travels as a query parameter; only the relationship type, taken
from a fixed list, and the depth bound, an integer, are ever written into query text."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import islice
from urllib.parse import urlsplit, urlunsplit

from luocdo.backends import rows as R
from luocdo.backends.ids import REL_TYPES, ascii_lower, body_key
from luocdo.store import Store

BATCH = 1000
DOC_PROPS = ("seq", *R.DOCUMENT_FIELDS, "nnum", "nsym")


class Neo4jError(Exception):
    """A user-facing problem with the server (one line; never holds the password)."""


@dataclass
class Connection:
    uri: str
    user: str
    password: str | None
    database: str | None

    @classmethod
    def from_options(cls, uri=None, user=None, password=None, database=None) -> Connection:
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            raise Neo4jError("no server given: pass --uri bolt://HOST:7687 or set NEO4J_URI")
        p = urlsplit(uri)
        if p.username is not None or p.password is not None:  # bolt://user:pw@host: taken out of the URI
            from urllib.parse import unquote

            user = user or unquote(p.username or "") or None
            password = password if password is not None else (unquote(p.password) if p.password else None)
            host = p.hostname or ""
            if ":" in host:
                host = f"[{host}]"
            uri = urlunsplit((p.scheme, host + (f":{p.port}" if p.port else ""), p.path, p.query, p.fragment))
        return cls(
            uri=uri,
            user=user or os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME") or "neo4j",
            password=password if password is not None else os.environ.get("NEO4J_PASSWORD"),
            database=database or os.environ.get("NEO4J_DATABASE") or None,
        )

    @property
    def shown(self) -> str:
        """The URI as it may be printed: without any user:password@ part."""
        p = urlsplit(self.uri)
        host = p.hostname or ""
        if p.port:
            host += f":{p.port}"
        return urlunsplit((p.scheme, host, p.path, "", ""))

    def __repr__(self) -> str:  # never the password
        return f"Connection({self.shown!r}, user={self.user!r}, database={self.database!r})"


def explain(exc: BaseException, conn: Connection) -> Neo4jError:
    """One clear line for what went wrong talking to the server."""
    from neo4j import exceptions as X

    where = conn.shown
    if isinstance(exc, X.AuthError) or getattr(exc, "code", "") == "Neo.ClientError.Security.Unauthorized":
        return Neo4jError(f"{where}: the server refused user '{conn.user}' with this password")
    if getattr(exc, "code", "") == "Neo.ClientError.Database.DatabaseNotFound":
        return Neo4jError(f"{where}: the server has no database '{conn.database}'")
    if isinstance(exc, (X.ServiceUnavailable, X.SessionExpired, OSError)):
        return Neo4jError(f"{where}: cannot reach the server (is it running? is the address right?)")
    if isinstance(exc, X.Neo4jError):
        msg = (exc.message or str(exc)).splitlines()[0]
        return Neo4jError(f"{where}: the server answered {exc.code or 'an error'}: {msg}")
    return Neo4jError(f"{where}: {exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")


def connect(conn: Connection):
    from neo4j import GraphDatabase
    from neo4j import exceptions as X

    try:
        driver = GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password or ""))
    except (X.ConfigurationError, ValueError):
        raise Neo4jError(
            f"{conn.shown}: not a usable Neo4j URI (bolt://HOST:7687, neo4j://, neo4j+s://...)"
        ) from None
    try:
        driver.verify_connectivity()
        with driver.session(database=conn.database) as s:
            s.run("RETURN 1").consume()
    except Exception as e:
        driver.close()
        raise explain(e, conn) from None
    return driver


# ---- named Cypher -----------------------------------------------------------------------------------
@cache
def query_text(name: str) -> str:
    try:
        return resources.files("luocdo").joinpath("queries", f"{name}.cypher").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyError(name) from None


def with_depth(cypher: str, max_depth: int) -> str:
    n = int(max_depth)
    if not 1 <= n <= 50:
        raise ValueError(f"depth {max_depth} out of range")
    return re.sub(r"\*1\.\.6\]", f"*1..{n}]", cypher)


def schema_statements() -> list[str]:
    text = resources.files("luocdo").joinpath("graph_schema", "neo4j.cypher").read_text(encoding="utf-8")
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]


# ---- push -------------------------------------------------------------------------------------------
Q_BODIES = (
    "UNWIND $rows AS r MERGE (b:Body {key: r.key}) "
    "SET b.name = r.name, b.level = r.level, b.province = r.province, b.district = r.district"
)
Q_DOCS = "UNWIND $rows AS r MERGE (d:Document {key: r.key}) SET d += r.props"
Q_ISSUED = "UNWIND $rows AS r MATCH (d:Document {key: r.key}) MATCH (b:Body {key: r.body}) MERGE (d)-[:ISSUED_BY]->(b)"
Q_LINKS = (
    "UNWIND $rows AS r MATCH (a:Document {key: r.src}) MATCH (b:Document {key: r.dst}) "
    "MERGE (a)-[e:{TYPE}]->(b) "
    "SET e.evidence_keys = r.keys, e.files = r.files, e.file_sha256 = r.shas, e.reports = r.reports, "
    "e.lines = r.lines, e.sentences = r.sentences, e.confidences = r.confidences, e.seqs = r.seqs"
)


def _doc_row(d: dict) -> dict:
    props = {k: d[k] for k in DOC_PROPS}
    props["lname"] = ascii_lower(d["name"]) if d["name"] and not d["number"] else None
    return {"key": d["key"], "props": props, "body": d["issuer_key"]}


def _link_row(link: R.Link) -> dict:
    ev = link.evidence
    return {
        "src": link.src,
        "dst": link.dst,
        "keys": [e.key for e in ev],
        "files": [e.file for e in ev],
        "shas": [e.file_sha for e in ev],
        "reports": [e.report or "" for e in ev],  # a list property cannot hold null
        "lines": [int(e.line) for e in ev],
        "sentences": [e.sentence for e in ev],
        "confidences": [float(e.confidence) for e in ev],
        "seqs": [int(e.seq) for e in ev],
    }


@dataclass
class Plan:
    """What a push writes, as (query, rows) steps in order."""

    bodies: list[dict]
    documents: list[dict]
    links: dict[str, list[dict]]  # relation -> rows

    @classmethod
    def from_store(cls, store: Store) -> Plan:
        keys = R.doc_keys(store)
        docs = [_doc_row(d) for d in R.documents(store, keys)]
        bodies = list(R.bodies(store))
        known = {b["key"] for b in bodies}
        for d in docs:  # an issuer the bodies table does not list still gets its node
            if d["body"] and d["body"] not in known:
                known.add(d["body"])
                bodies.append(
                    {
                        "key": d["body"],
                        "name": d["props"]["issuer"],
                        "level": None,
                        "province": None,
                        "district": None,
                    }
                )
        links: dict[str, list[dict]] = {}
        for link in R.links(store, keys):
            if link.relation not in REL_TYPES:
                raise Neo4jError(f"unknown relation '{link.relation}' in the store")
            links.setdefault(link.relation, []).append(_link_row(link))
        return cls(bodies, docs, links)

    def steps(self) -> Iterator[tuple[str, str, list[dict]]]:
        yield "bodies", Q_BODIES, self.bodies
        yield "documents", Q_DOCS, [{"key": d["key"], "props": d["props"]} for d in self.documents]
        yield "issuers", Q_ISSUED, [{"key": d["key"], "body": d["body"]} for d in self.documents if d["body"]]
        for rel in sorted(self.links):
            yield rel, Q_LINKS.replace("{TYPE}", REL_TYPES[rel]), self.links[rel]

    def total(self) -> int:
        return sum(len(rows) for _, _, rows in self.steps())


def _batches(rows: list[dict], size: int) -> Iterable[list[dict]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def push(
    driver,
    plan: Plan,
    database: str | None,
    *,
    batch: int = BATCH,
    progress: Callable[[str, int], None] | None = None,
    _inside: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Apply the schema, then write the plan batch by batch. Each batch is one managed transaction
    (session.execute_write): a failure leaves the batches before it written and nothing of its own.
    `_inside(step, batch_no)` runs inside each transaction after its write (tests inject failures)."""
    done: dict[str, int] = {}
    with driver.session(database=database) as s:
        for stmt in schema_statements():
            s.run(stmt).consume()
        for step, query, rows in plan.steps():
            for i, chunk in enumerate(_batches(rows, batch)):

                def work(tx, q=query, c=chunk, st=step, n=i):
                    tx.run(q, rows=c).consume()
                    if _inside:
                        _inside(st, n)

                s.execute_write(work)
                done[step] = done.get(step, 0) + len(chunk)
                if progress:
                    progress(step, len(chunk))
    return done


# ---- the questions on the server ----------------------------------------------------------------------
class Neo4jBackend:
    name = "neo4j"

    def __init__(self, driver, database: str | None) -> None:
        self.driver = driver
        self.database = database
        self._docs: dict[str, dict] = {}

    @classmethod
    def connect(cls, conn: Connection) -> Neo4jBackend:
        return cls(connect(conn), conn.database)

    def close(self) -> None:
        self.driver.close()

    def run(self, cypher: str, **params) -> list[dict]:
        with self.driver.session(database=self.database) as s:
            return s.execute_read(lambda tx: tx.run(cypher, **params).data())

    def named(self, name: str, **params) -> list[dict]:
        return self.run(query_text(name), **params)

    def _load(self, keys: Iterable[str]) -> None:
        missing = sorted({k for k in keys if k not in self._docs})
        for i in range(0, len(missing), 1000):
            for r in self.named("document", keys=missing[i : i + 1000]):
                p = r["props"]
                d = {k: p.get(k) for k in DOC_PROPS}
                d["key"] = r["key"]
                self._docs[r["key"]] = d

    def doc(self, key: str) -> dict:
        self._load([key])
        return self._docs[key]

    def find_by_number(self, nnum: str) -> list[dict]:
        keys = [r["key"] for r in self.named("find_by_number", nnum=nnum)]
        self._load(keys)
        return [self._docs[k] for k in keys]

    def find_by_name(self, name: str) -> list[dict]:
        keys = [r["key"] for r in self.named("find_by_name", lname=ascii_lower(name))]
        self._load(keys)
        return [self._docs[k] for k in keys]

    def weight(self, key: str) -> int:
        rows = self.named("weight", key=key)
        return int(rows[0]["n"] or 0) if rows else 0

    def body(self, name: str) -> tuple | None:
        rows = self.named("body", key=body_key(name))
        return (rows[0]["level"], rows[0]["province"], rows[0]["district"]) if rows else None

    def links(self, question: str, targets: list[str], max_depth: int) -> list[tuple[str, str, str]]:
        rows = self.run(with_depth(query_text(question), max_depth), targets=targets)
        out = sorted({(r["src"], r["relation"], r["dst"]) for r in rows})
        self._load(k for s, _, d in out for k in (s, d))
        return out

    def _exists(self, key: str) -> bool:
        self._load([key])
        return key in self._docs

    def reach(self, question: str, targets: list[str], max_depth: int) -> set[str]:
        rows = self.run(with_depth(query_text(question), max_depth), targets=targets)
        keys = {t for t in targets if self._exists(t)} | {r["doc"] for r in rows}
        self._load(keys)
        return keys

    def evidence(self, src: str, dst: str, relations, limit: int) -> list[tuple]:
        out = []
        for r in self.named("evidence", src=src, dst=dst):
            if relations and r["relation"] not in relations:
                continue
            for f, ln, s, c, q in zip(
                r["files"], r["lines"], r["sentences"], r["confidences"], r["seqs"], strict=True
            ):
                out.append((f, int(ln), s, r["relation"], float(c), int(q)))
        out.sort(key=lambda e: (-e[4], e[0].encode(), e[1], e[5]))
        return out[:limit]

    def evidence_many(self, pairs: list[tuple[str, str]], relations) -> dict[tuple[str, str], list[tuple]]:
        """evidence() of many links in one round trip per thousand."""
        out: dict[tuple[str, str], list[tuple]] = {tuple(p): [] for p in pairs}
        pairs = sorted(set(pairs))
        for i in range(0, len(pairs), 1000):
            for r in self.named("evidence_many", pairs=[list(p) for p in pairs[i : i + 1000]]):
                if relations and r["relation"] not in relations:
                    continue
                for f, ln, s, c, q in zip(
                    r["files"], r["lines"], r["sentences"], r["confidences"], r["seqs"], strict=True
                ):
                    out[(r["src"], r["dst"])].append((f, int(ln), s, r["relation"], float(c), int(q)))
        for v in out.values():
            v.sort(key=lambda e: (-e[4], e[0].encode(), e[1], e[5]))
        return out

    def cites(self, targets: list[str], *, reverse: bool = False) -> list[dict]:
        rows = self.named("cited_by" if reverse else "cites", targets=targets)
        self._load(k for r in rows for k in (r["src"], r["dst"]))
        return [{**r, "line": int(r["line"]), "confidence": float(r["confidence"])} for r in rows]

    def among(self, keys: list[str], relations: tuple[str, ...]) -> list[tuple[str, str, str]]:
        rows = self.named("among", keys=list(keys), types=[REL_TYPES[r] for r in relations])
        return sorted((r["src"], r["relation"], r["dst"]) for r in rows)
