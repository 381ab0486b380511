"""One set of questions, three engines.

- embedded: the SQLite store and the recursive SQL of queries/*.sql (luocdo.graph.ask), the default;
- rdf: the store's RDF view in the ELI vocabulary (rdflib, in memory) and queries/*.rq in SPARQL;
- neo4j: a Neo4j (or Bolt-compatible) server loaded by `luocdo neo4j push`, and queries/*.cypher.

The rdf and neo4j engines implement the primitives luocdo.backends.questions needs (doc, find_by_number,
find_by_name, weight, body, paths, reach, evidence, cites, among); the embedded engine is
luocdo.graph.ask itself, so its answers are unchanged.
"""

from __future__ import annotations

ENGINES = ("embedded", "rdf", "neo4j")


class BackendError(Exception):
    """A user-facing problem with an engine (one line)."""


def open_oxigraph(store, base: str):
    """The store's Oxigraph copy (built or refreshed when the store changed), or None with one notice
    line when it cannot be had: SPARQL then runs on an in-memory rdflib graph, built per command."""
    import sys

    from luocdo.backends import oxigraph
    from luocdo.i18n import _

    def notice(text: str) -> None:
        print(text, file=sys.stderr)

    if not oxigraph.available():
        notice(
            "pyoxigraph is not installed: SPARQL runs on an in-memory rdflib graph (slow on a large store)"
        )
        return None
    ox = oxigraph.open_current(store, base, notice=notice)
    if ox is None:
        notice(
            _("{folder}: cannot be written: SPARQL runs on an in-memory rdflib graph").format(
                folder=oxigraph.beside(store)
            )
        )
    return ox


def open_backend(name: str, store=None, *, base: str | None = None, conn=None):
    """An rdf or neo4j engine (the embedded one is the store itself)."""
    if name == "rdf":
        from luocdo.backends.ids import DEFAULT_BASE
        from luocdo.backends.rdf import RDFBackend

        if store is None:
            raise BackendError("the rdf engine reads the store: pass --store")
        ox = open_oxigraph(store, base or DEFAULT_BASE)
        if ox is not None:
            from luocdo.backends.oxigraph import OxigraphBackend

            return OxigraphBackend(ox, base or DEFAULT_BASE)
        return RDFBackend.from_store(store, base or DEFAULT_BASE)
    if name == "neo4j":
        from luocdo.backends.neo4j import Connection, Neo4jBackend, Neo4jError

        try:
            return Neo4jBackend.connect(conn or Connection.from_options())
        except Neo4jError as e:
            raise BackendError(str(e)) from None
    raise BackendError(f"unknown backend '{name}' (one of {', '.join(ENGINES)})")
