"""SPARQL from a persistent Oxigraph store (pyoxigraph): the store's RDF view bulk-loaded once from the
streaming N-Triples (luocdo.backends.triples), kept beside the store as STORE.oxigraph/ and stamped with
the store's state, so a command only opens it; rebuilt when the store changed since. The answers
come back as rdflib terms: rdflib stays the RDF API of the rest of luocdo."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from luocdo.backends.ids import DEFAULT_BASE, relation_of_iri
from luocdo.backends.rdf import RDFBackend, UserResult, _py, check_user_query, query_text
from luocdo.backends.rdf_write import write_nt
from luocdo.backends.triples import blocks
from luocdo.store import Store, findings, stamps
from luocdo.writing import _temporary_name

STAMP = "luocdo-stamp.json"
LAYOUT = 1  # bump when the RDF view changes: every existing Oxigraph store is then rebuilt
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def available() -> bool:
    try:
        import pyoxigraph  # noqa: F401
    except ImportError:
        return False
    return True


def beside(store: Store) -> Path:
    return store.path.with_name(store.path.name + ".oxigraph")


def stamp(store: Store, base: str) -> dict:
    """What the Oxigraph copy was built from: the store's facts as committed (their content stamp,
    luocdo.store.stamps: renewed by every write of the facts, not by a checkpoint nor by `validate`
    keeping its findings, which the RDF view leaves out), the IRI base and the RDF view's layout, and what
    the documents' statuses in it depend on besides the facts (the luocdo version and the reference
    catalog: luocdo.store.findings.stamp). A store without the stamp (schema 11, read where it cannot be
    upgraded) by its files' sizes and times."""
    facts, _ = stamps.read(store.db)
    made = {
        "layout": LAYOUT,
        "store": str(store.path.resolve()),
        "base": base,
        "statuses": findings.stamp(store.db),
    }
    if facts is not None:
        return {**made, "content": facts}
    files = {}
    for suffix in ("", "-wal"):
        p = Path(str(store.path) + suffix)
        with contextlib.suppress(FileNotFoundError):
            st = p.stat()
            files[suffix or "db"] = [st.st_size, st.st_mtime_ns]
    return {**made, "files": files}


def _read_stamp(folder: Path) -> dict | None:
    try:
        return json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class _Chunks(io.RawIOBase):
    """A readable byte stream over an iterator of byte chunks (the N-Triples as they are written)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks, self.rest = chunks, b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self.rest:
            try:
                self.rest = next(self.chunks)
            except StopIteration:
                return 0
        n = min(len(b), len(self.rest))
        b[:n], self.rest = self.rest[:n], self.rest[n:]
        return n


def _nt_chunks(store: Store, base: str, counter: list[int]) -> Iterator[bytes]:
    buf = io.BytesIO()
    for block in blocks(store, base):
        counter[0] += write_nt(buf, [block])
        if buf.tell() > 1 << 20:
            yield buf.getvalue()
            buf = io.BytesIO()
    yield buf.getvalue()


def build(store: Store, out: Path, base: str = DEFAULT_BASE) -> str:
    """Bulk-load the store's RDF view into a new Oxigraph store at `out` (built in a temporary folder
    beside it, then swapped into place) stamped with the store's state; returns a one-line summary."""
    out = Path(out)
    # the stamp and the triples read in one snapshot: a write committed meanwhile is in neither
    began = not store.db.in_transaction
    if began:
        store.db.execute("BEGIN")
    try:
        return _build(store, out, base)
    finally:
        if began and store.db.in_transaction:
            store.db.execute("COMMIT")


def _build(store: Store, out: Path, base: str) -> str:
    from pyoxigraph import RdfFormat
    from pyoxigraph import Store as OxStore

    before = stamp(store, base)
    tmp = _temporary_name(out)
    counter = [0]
    try:
        ox = OxStore(str(tmp))
        ox.bulk_load(
            io.BufferedReader(_Chunks(_nt_chunks(store, base, counter)), 1 << 20), RdfFormat.N_TRIPLES
        )
        ox.optimize()
        ox.flush()
        del ox
        (tmp / STAMP).write_text(json.dumps(before), encoding="utf-8")
        old = None
        if out.exists():
            old = _temporary_name(out)
            os.rename(out, old)
        os.rename(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return f"{out}/: {counter[0]} triples (Oxigraph)"


def open_current(store: Store, base: str = DEFAULT_BASE, *, notice=None):
    """The Oxigraph copy beside the store, read-only, built or rebuilt first when the store changed
    since it was stamped; None when it cannot be (pyoxigraph missing, a folder not writable)."""
    if not available():
        return None
    from pyoxigraph import Store as OxStore

    folder = beside(store)
    if _read_stamp(folder) != stamp(store, base):
        if not os.access(folder.parent, os.W_OK):
            return None
        if notice:
            from luocdo.i18n import _

            notice(
                _("{folder}: building the SPARQL store (once, until the store changes)").format(folder=folder)
            )
        try:
            build(store, folder, base)
        except OSError as e:  # disk full, a file size limit: say so in one line, the store is untouched
            from luocdo.store import StoreError

            raise StoreError(f"{folder}: cannot build the SPARQL store ({e})") from None
    return OxStore.read_only(str(folder))


# ---- terms ------------------------------------------------------------------------------------------
def to_rdflib(t):
    from pyoxigraph import BlankNode, NamedNode

    if t is None:
        return None
    if isinstance(t, NamedNode):
        return URIRef(t.value)
    if isinstance(t, BlankNode):
        return BNode(t.value)
    dt = t.datatype.value
    if t.language:
        return Literal(t.value, lang=t.language)
    return Literal(t.value, datatype=None if dt in (XSD_STRING, LANG_STRING) else URIRef(dt))


def to_ox(t):
    from pyoxigraph import BlankNode, NamedNode
    from pyoxigraph import Literal as OxLiteral

    if isinstance(t, URIRef):
        return NamedNode(str(t))
    if isinstance(t, BNode):
        return BlankNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return OxLiteral(str(t), language=t.language)
        if t.datatype is not None:
            return OxLiteral(str(t), datatype=NamedNode(str(t.datatype)))
        return OxLiteral(str(t))
    return OxLiteral(str(t))


class Row(tuple):
    """A solution with rdflib terms, read by position or by variable name (as rdflib's ResultRow)."""

    names: dict[str, int]

    def __getattr__(self, name: str):
        try:
            return self[self.names[name]]
        except KeyError:
            raise AttributeError(name) from None


def _rows(solutions) -> list[Row]:
    names = [v.value for v in solutions.variables]
    cls = type("Row", (Row,), {"names": {n: i for i, n in enumerate(names)}})
    return [cls(to_rdflib(s[i]) for i in range(len(names))) for s in solutions]


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_COMMENT = re.compile(r"^\s*#.*$", re.MULTILINE)


def bind(text: str, bindings: dict | None) -> str:
    """The query with `bindings` as a VALUES block opening its WHERE group, so that they are bound
    before anything runs (as rdflib's initBindings are); Oxigraph's own substitution wants every
    variable projected."""
    if not bindings:
        return text
    names = list(bindings)
    values = (
        f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(_n3(bindings[n]) for n in names)}) }}"
    )
    body = _COMMENT.sub("", text)
    m = _WHERE.search(body)
    at = m.end() if m else body.find("{") + 1
    if at <= 0:
        return text
    return body[:at] + "\n  " + values + "\n" + body[at:]


def _n3(v) -> str:
    if isinstance(v, (URIRef, Literal)):
        return v.n3()
    return Literal(v).n3()


def select(ox, text: str, bindings: dict | None = None) -> list[Row]:
    return _rows(ox.query(bind(text, bindings)))


def run_user_query(ox, text: str, bindings: dict | None = None) -> UserResult:
    """luocdo.backends.rdf.run_user_query on Oxigraph: the same checks first (SERVICE, FROM refused)."""
    from pyoxigraph import QueryBoolean, QuerySolutions

    from luocdo.backends.rdf import SparqlError, _one_line

    check_user_query(text)
    try:
        res = ox.query(bind(text, bindings))
        if isinstance(res, QueryBoolean):
            return UserResult("ASK", [], [], ask=bool(res))
        if isinstance(res, QuerySolutions):
            names = [v.value for v in res.variables]
            return UserResult("SELECT", names, list(_rows(res)))
        g = Graph()
        for t in res:
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return UserResult("CONSTRUCT", [], [], turtle=g.serialize(format="turtle"))
    except SparqlError:
        raise
    except Exception as e:  # while evaluating (a type error...)
        raise SparqlError(_one_line(e)) from None


# ---- the rdf engine on Oxigraph ---------------------------------------------------------------------
_AMONG = "SELECT ?p ?o WHERE { ?s ?p ?o }"


class OxigraphBackend(RDFBackend):
    """The named questions as SPARQL (queries/*.rq) run by Oxigraph; the primitives too."""

    def __init__(self, ox, base: str = DEFAULT_BASE) -> None:
        super().__init__(None, base)
        self.ox = ox

    def sparql(self, name: str, **bindings) -> list:
        init = {k: (self.iri(v) if k in ("target", "doc") else v) for k, v in bindings.items()}
        return select(self.ox, query_text(name), init)

    def doc(self, key: str) -> dict:
        if key not in self._docs:
            rows = select(self.ox, query_text("document"), {"doc": self.iri(key)})
            if not rows:
                raise KeyError(key)
            self._docs[key] = self._doc_of(key, rows[0])
        return self._docs[key]

    def links(self, question: str, targets: list[str], max_depth: int = 0) -> list[tuple[str, str, str]]:
        out = super().links(question, targets, max_depth)
        self.prefetch({k for s, _, d in out for k in (s, d)})
        return out

    def prefetch(self, keys) -> None:
        """doc() of many documents in one query (a question walks thousands: one query each costs more
        than the walk)."""
        todo = sorted(k for k in keys if k not in self._docs)
        text = query_text("document").replace("SELECT ?seq", "SELECT ?doc ?seq", 1)
        for i in range(0, len(todo), 2000):
            values = "VALUES ?doc { " + " ".join(self.iri(k).n3() for k in todo[i : i + 2000]) + " }"
            body = _COMMENT.sub("", text)
            at = _WHERE.search(body).end()
            for r in _rows(self.ox.query(body[:at] + "\n  " + values + "\n" + body[at:])):
                key = self.key(r.doc)
                if key not in self._docs:
                    self._docs[key] = self._doc_of(key, r)

    def _doc_of(self, key: str, r) -> dict:
        d = {"key": key}
        for f in ("seq", "type", "label", "number", "year", "symbol", "name", "title", "level"):
            d[f] = _py(getattr(r, f))
        d["province"], d["status"], d["issuer"] = _py(r.province), _py(r.status), _py(r.issuer)
        d["date"] = str(r.date) if r.date is not None else None
        return d

    def find_by_number(self, nnum: str) -> list[dict]:
        rows = select(self.ox, query_text("find_by_number"), {"nnum": Literal(nnum)})
        return [self.doc(self.key(r.d)) for r in rows]

    def find_by_name(self, name: str) -> list[dict]:
        from luocdo.backends.ids import ascii_lower

        want = ascii_lower(name)
        return [
            self.doc(self.key(r.d))
            for r in select(self.ox, query_text("find_by_name"))
            if ascii_lower(str(r.name)) == want
        ]

    def weight(self, key: str) -> int:
        return int(select(self.ox, query_text("weight"), {"doc": self.iri(key)})[0].n)

    def body(self, name: str) -> tuple | None:
        from luocdo.backends.ids import body_key

        rows = select(self.ox, query_text("body"), {"body": self.iri(body_key(name))})
        if not rows:
            return None
        return tuple(_py(getattr(rows[0], f)) for f in ("level", "province", "district"))

    def evidence(self, src: str, dst: str, relations, limit: int) -> list[tuple]:
        out = []
        for r in select(self.ox, query_text("evidence"), {"s": self.iri(src), "o": self.iri(dst)}):
            rel = relation_of_iri(str(r.rel))
            if relations and rel not in relations:
                continue
            out.append((str(r.file), int(r.line), str(r.sentence), rel, float(r.confidence), int(r.seq)))
        out.sort(key=lambda e: (-e[4], e[0].encode(), e[1], e[5]))
        return out[:limit]

    def among(self, keys: list[str], relations: tuple[str, ...]) -> list[tuple[str, str, str]]:
        ks = set(keys)
        out = set()
        for k in keys:
            for r in select(self.ox, _AMONG, {"s": self.iri(k)}):
                rel = relation_of_iri(str(r.p))
                if rel in relations and self.key(r.o) in ks:
                    out.add((k, rel, self.key(r.o)))
        return sorted(out)
