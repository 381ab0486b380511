"""What a picture of a citation chain shows, independent of how it is drawn.

`prepare(graph)` turns the networkx graph into plain node and edge views (ids, rows, label lines,
colours, evidence) that the DOT, Mermaid and HTML writers share, so the three pictures agree.
"""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

FONT = "DejaVu Sans"  # has every Vietnamese glyph; fonts-dejavu-core is on Debian images
FONT_STACK = "'DejaVu Sans', Verdana, 'Segoe UI', Arial, sans-serif"

# Rows of the picture, top to bottom. Party levels sit in the row of their state level.
TIERS: tuple[tuple[str, str], ...] = (
    ("central", "Trung ương"),
    ("province", "Cấp tỉnh"),
    ("district", "Cấp huyện"),
    ("commune", "Cấp xã"),
    ("unknown", "Chưa rõ cấp"),
)
LEVEL_TIER = {
    "central": 0,
    "party-central": 0,
    "province": 1,
    "party-province": 1,
    "district": 2,
    "party-district": 2,
    "commune": 3,
}
UNKNOWN_TIER = 4


@dataclass(frozen=True)
class LevelStyle:
    name: str  # Vietnamese, for the legend
    fill: str
    border: str
    rounded: bool = True


LEVELS: dict[str, LevelStyle] = {
    "central": LevelStyle("Trung ương", "#e3ecfa", "#1a3e8c"),
    "province": LevelStyle("Tỉnh", "#e2f3f6", "#16707f"),
    "district": LevelStyle("Huyện", "#e7f4e4", "#2e7d32"),
    "commune": LevelStyle("Xã", "#fbf5dc", "#8d6e0f"),
    "party-central": LevelStyle("Đảng – Trung ương", "#fde6e3", "#b3261e", rounded=False),
    "party-province": LevelStyle("Đảng – tỉnh", "#fde6e3", "#b3261e", rounded=False),
    "party-district": LevelStyle("Đảng – huyện", "#fde6e3", "#b3261e", rounded=False),
}
UNKNOWN_LEVEL = LevelStyle("Chưa rõ cấp", "#f1f1f1", "#6b6b6b")
BODY_STYLE = LevelStyle("Cơ quan", "#ffffff", "#8a8a8a")


@dataclass(frozen=True)
class RelationStyle:
    vi: str  # edge label
    color: str
    style: str = "solid"  # solid | dashed | dotted
    penwidth: float = 1.4


RELATIONS: dict[str, RelationStyle] = {
    "implements": RelationStyle("thực hiện", "#1f5fbf", penwidth=1.8),
    "promulgates": RelationStyle("ban hành", "#7b3fbf", penwidth=1.8),
    "amends": RelationStyle("sửa đổi", "#c25e00", penwidth=1.8),
    "replaces": RelationStyle("thay thế", "#c62828", penwidth=2.2),
    "guides": RelationStyle("hướng dẫn", "#2e7d32", penwidth=1.8),
    "based_on": RelationStyle("căn cứ", "#5f6b7a", "dashed"),
    "reports_on": RelationStyle("báo cáo về", "#00838f"),
    "responds_to": RelationStyle("trả lời", "#ad1457"),
    "cites": RelationStyle("dẫn chiếu", "#757575", "dotted"),
    "issued_by": RelationStyle("cơ quan ban hành", "#9e9e9e", "dotted", 1.0),
}
OTHER_RELATION = RelationStyle("liên quan", "#757575", "dotted")
RELATION_ORDER = list(RELATIONS)

STATUS_VI = {
    "in-catalog": "có trong danh mục",
    "in-reference-catalog": "có trong danh mục tham chiếu",
    "consistently-cited": "được dẫn chiếu thống nhất",
    "not-found-in-catalog": "không có trong danh mục tham chiếu",
    "issued-in-corpus": "có văn bản trong kho",
    "unverified": "chưa xác minh",
}

TITLE_MAX = 46  # characters of a title shown inside a node; the rest is in the tooltip
SENTENCE_MAX = 400  # characters of an evidence sentence kept for tooltips
TOOLTIP_EVIDENCE_MAX = 8
CONDENSE_OVER = 120  # documents: above this a picture shows one box per issuing body


@dataclass
class Evidence:
    file: str
    line: int | None
    sentence: str
    confidence: float | None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def as_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "sentence": self.sentence,
            "confidence": self.confidence,
        }


@dataclass
class NodeView:
    key: str
    vid: str  # id used in DOT, SVG and Mermaid: n0, n1, ...
    kind: str  # document | body
    tier: int
    level: str | None
    head: str  # "Chỉ thị 26/CT-TTg"
    date_text: str | None  # "05/09/2016"
    issuer: str | None
    title: str | None
    status: str | None
    style: LevelStyle
    evidence: list[Evidence] = field(default_factory=list)
    in_force: str | None = None  # "Còn hiệu lực (luocdo-reference …)", from the reference catalog
    province: str | None = None  # the province whose box (cluster) the node sits in
    members: list[NodeView] = field(default_factory=list)  # documents of a body drawn as one box
    notes: list[str] = field(default_factory=list)  # relations written in the box, not drawn as lines
    findings: str | None = None  # "⚠ also cited as 05/09/2017": citations that disagree with it

    @property
    def unverified(self) -> bool:
        return self.status == "unverified"

    @property
    def vid_index(self) -> int:
        return int(self.vid[1:]) if self.vid[1:].isdigit() else 0

    @property
    def first_line(self) -> str:
        if self.members:
            return f"{self.head} · {len(self.members)} văn bản"
        return f"{self.head} · {self.date_text}" if self.date_text else self.head

    @property
    def title_line(self) -> str | None:
        return shorten(self.title, TITLE_MAX) if self.title else None

    def lines(self) -> list[str]:
        """The 1–3 lines written in the box: number · date, issuer, short title."""
        if self.kind == "body":
            return [self.head]
        if self.members:
            return [self.head, f"{len(self.members)} văn bản"]
        out = [self.first_line]
        if self.issuer and self.issuer != self.head:
            out.append(self.issuer)
        if self.title_line:
            out.append(self.title_line)
        return out

    def details(self) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        if self.kind == "body":
            rows.append(("Loại", "cơ quan"))
        if self.members:
            rows.append(("Cơ quan", self.head))
            rows.append(("Cấp", (LEVELS.get(self.level or "") or UNKNOWN_LEVEL).name))
            rows += [("Văn bản" if i == 0 else "", m.first_line) for i, m in enumerate(self.members)]
            return rows
        if self.date_text:
            rows.append(("Ngày", self.date_text))
        if self.issuer and self.kind == "document":
            rows.append(("Cơ quan ban hành", self.issuer))
        rows.append(("Cấp", (LEVELS.get(self.level or "") or UNKNOWN_LEVEL).name))
        if self.title:
            rows.append(("Trích yếu", self.title))
        if self.status:
            rows.append(("Trạng thái", STATUS_VI.get(self.status, self.status)))
        if self.in_force:
            rows.append(("Hiệu lực", self.in_force))
        if self.findings:
            rows.append(("Phát hiện", self.findings))
        return rows  # the store's internal key is not for readers


@dataclass
class EdgeView:
    eid: str  # e0, e1, ...
    u: NodeView
    v: NodeView
    relation: str
    style: RelationStyle
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def upward(self) -> bool:
        """u sits in a lower row than v (the usual case: a local plan cites a central one)."""
        return self.u.tier > self.v.tier


@dataclass
class Picture:
    nodes: list[NodeView]
    edges: list[EdgeView]
    title: str | None

    def tiers(self) -> list[int]:
        return sorted({n.tier for n in self.nodes})

    def in_tier(self, tier: int) -> list[NodeView]:
        return [n for n in self.nodes if n.tier == tier]

    def relations(self) -> list[str]:
        present = {e.relation for e in self.edges}
        return [r for r in RELATION_ORDER if r in present] + sorted(present - set(RELATION_ORDER))

    def levels(self) -> list[str | None]:
        present = {n.level if n.level in LEVELS else None for n in self.nodes if n.kind == "document"}
        order: list[str | None] = [*LEVELS, None]
        return [lv for lv in order if lv in present]

    def has_unverified(self) -> bool:
        return any(n.unverified for n in self.nodes)

    def has_bodies(self) -> bool:
        return any(n.kind == "body" for n in self.nodes)

    def clusters(self) -> list[tuple[str, list[NodeView]]]:
        """Provinces and their nodes below the central row, in order of first appearance (the
        nodes are sorted by row); central nodes and nodes without a province are in none."""
        out: dict[str, list[NodeView]] = {}
        for n in self.nodes:
            if n.tier > 0 and n.province:
                out.setdefault(n.province, []).append(n)
        return sorted(out.items(), key=lambda kv: (min(n.tier for n in kv[1]), kv[0]))

    def bands(self, columns: int = 6) -> list[list[int]]:
        """Indexes of `clusters()` in bands of at most `columns` boxes side by side (a province
        wider than that gets a band of its own): provinces wrap into rows instead of one strip."""
        bands: list[list[int]] = [[]]
        used = 0
        for i, (_, members) in enumerate(self.clusters()):
            rows = self.stacked_rows(members)
            width = max([sum(n.tier < 2 for n in members), *(len(r) for r in rows)])
            if bands[-1] and used + width > columns:
                bands.append([])
                used = 0
            bands[-1].append(i)
            used += width
        return bands if bands[0] else []

    def leaving(self) -> set[str]:
        """In a condensed picture (one box per body), the relations that leave a province (to the
        central directive, to another province): drawn as lines they would cover the page, so
        the pictures write them in the lower box instead. Empty for other pictures."""
        if not any(n.members for n in self.nodes):
            return set()
        home = {n.vid: p for p, members in self.clusters() for n in members}
        return {
            e.eid
            for e in self.edges
            if e.u is not e.v
            and (home.get(e.u.vid) or home.get(e.v.vid))
            and home.get(e.u.vid) != home.get(e.v.vid)
        }

    def stacked_rows(self, members: list[NodeView]) -> list[list[NodeView]]:
        """The nodes of one province's lowest rows (district, commune, ...) cut into short rows,
        the same issuer's documents side by side: many districts stack instead of one long row."""
        low = [n for n in members if n.tier >= 2]
        low.sort(key=lambda n: (n.tier, n.issuer or n.head, n.vid_index))
        cols = columns_for(len(low))
        return [low[i : i + cols] for i in range(0, len(low), cols)]


def columns_for(count: int) -> int:
    """How many documents side by side in a province's stacked rows: about a square block, at
    least 2 and at most 5 (a box is ~220 px wide; 5 of them fit a laptop window at full size)."""
    return max(2, min(5, math.ceil(math.sqrt(count)))) if count > 2 else max(count, 1)


# --------------------------------------------------------------------------- helpers

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# control characters, and what XML 1.0 forbids besides (lone surrogates, U+FFFE, U+FFFF)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def format_date(value: Any) -> str | None:
    """ISO (or partial ISO) date as Vietnamese writes it: 05/09/2016, 12/2023, 2021."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    m = _ISO.match(text)
    if not m:
        return text
    year, month, day = m.groups()
    if day:
        return f"{int(day):02d}/{int(month):02d}/{year}"
    if month:
        return f"{int(month):02d}/{year}"
    return year


def clean(text: Any) -> str:
    """One line of plain text: no control characters, collapsed whitespace."""
    if text is None:
        return ""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def shorten(text: str, limit: int) -> str:
    text = clean(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def _get(item: Any, name: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(name)
    return getattr(item, name, None)


def evidence_list(raw: Any) -> list[Evidence]:
    """Evidence items as given on edges (dicts, or objects with the same fields)."""
    if raw is None:
        return []
    if isinstance(raw, Mapping) or not isinstance(raw, Iterable) or isinstance(raw, str):
        raw = [raw]
    out: list[Evidence] = []
    for item in raw:
        if isinstance(item, str):
            out.append(Evidence("", None, shorten(item, SENTENCE_MAX), None))
            continue
        line = _get(item, "line")
        try:
            line = int(line) if line is not None else None
        except (TypeError, ValueError):
            line = None
        conf = _get(item, "confidence")
        try:
            conf = float(conf) if conf is not None else None
        except (TypeError, ValueError):
            conf = None
        ev = Evidence(
            clean(_get(item, "file")), line, shorten(_get(item, "sentence") or "", SENTENCE_MAX), conf
        )
        if not any((o.file, o.line, o.sentence) == (ev.file, ev.line, ev.sentence) for o in out):
            out.append(ev)  # each sentence once
    return out


def _head(attrs: Mapping[str, Any], key: str) -> str:
    label = clean(attrs.get("label"))
    if label:
        return label
    parts = [clean(attrs.get("type")), clean(attrs.get("number") or attrs.get("symbol"))]
    text = " ".join(p for p in parts if p)
    return text or clean(key)


def prepare(graph: Any, title: str | None = None, *, condense_over: int | None = CONDENSE_OVER) -> Picture:
    """Views of every node and edge of `graph` (a networkx (Multi)DiGraph), in a stable order; a
    picture of more than `condense_over` documents shows one box per issuing body (`condense`)."""
    raw_nodes = []
    for key, attrs in graph.nodes(data=True):
        kind = attrs.get("kind") or "document"
        level = attrs.get("level")
        tier = LEVEL_TIER.get(level, UNKNOWN_TIER) if level else UNKNOWN_TIER
        style = BODY_STYLE if kind == "body" else LEVELS.get(level or "", UNKNOWN_LEVEL)
        node = NodeView(
            key=str(key),
            vid="",
            kind=kind,
            tier=tier,
            level=level,
            head=_head(attrs, str(key)),
            date_text=format_date(attrs.get("date")) if kind != "body" else None,
            issuer=clean(attrs.get("issuer")) or None,
            title=clean(attrs.get("title")) or None,
            status=attrs.get("status"),
            style=style,
            evidence=evidence_list(attrs.get("evidence")),
            in_force=attrs.get("in_force"),
            province=clean(attrs.get("province")) or None,
            findings=clean(attrs.get("findings")) or None,
        )
        raw_nodes.append((key, node, attrs.get("date") or ""))
    raw_nodes.sort(key=lambda t: (t[1].tier, t[1].kind != "document", str(t[2]), t[1].head, t[1].key))
    by_key: dict[Any, NodeView] = {}
    nodes: list[NodeView] = []
    for i, (key, node, _) in enumerate(raw_nodes):
        node.vid = f"n{i}"
        by_key[key] = node
        nodes.append(node)

    raw_edges = []
    if graph.is_multigraph():
        items = graph.edges(keys=True, data=True)
    else:
        items = ((u, v, None, d) for u, v, d in graph.edges(data=True))
    for u, v, k, attrs in items:
        relation = attrs.get("relation") or (k if isinstance(k, str) else None) or "cites"
        raw_edges.append((by_key[u], by_key[v], str(relation), attrs))
    order = {r: i for i, r in enumerate(RELATION_ORDER)}
    raw_edges.sort(key=lambda t: (t[0].vid, t[1].vid, order.get(t[2], 99), t[2]))
    edges = [
        EdgeView(
            eid=f"e{i}",
            u=u,
            v=v,
            relation=rel,
            style=RELATIONS.get(rel, OTHER_RELATION),
            evidence=evidence_list(attrs.get("evidence")),
        )
        for i, (u, v, rel, attrs) in enumerate(raw_edges)
    ]
    pic = Picture(nodes, edges, clean(title) or None)
    shorten_paths(pic)
    return condense(pic, condense_over) if condense_over is not None else pic


def shorten_paths(pic: Picture) -> None:
    """Evidence files shown relative to the folder all of them share (never an absolute path):
    `/home/x/reports/2021/a.md` and `/home/x/reports/2020/b.md` become `2021/a.md`, `2020/b.md`;
    a single file is shown by its name."""
    evs = [ev for n in pic.nodes for ev in n.evidence] + [ev for e in pic.edges for ev in e.evidence]
    names = {ev.file.replace("\\", "/") for ev in evs if ev.file}
    absolute = sorted(f for f in names if f.startswith("/") or re.match(r"^[A-Za-z]:/", f))
    if not absolute:
        return
    root = posixpath.commonpath([posixpath.dirname(f) for f in absolute])
    for ev in evs:
        f = ev.file.replace("\\", "/")
        if f in absolute:
            ev.file = posixpath.relpath(f, root) if root not in ("", "/") else posixpath.basename(f)


def condense(pic: Picture, over: int = CONDENSE_OVER) -> Picture:
    """A picture of more than `over` documents with the documents of each issuing body below the
    central row (a district's plan and its yearly reports) drawn as one box for the body, so that
    a chain of hundreds of documents reads by body; the links between bodies are kept, each with
    its evidence, and the documents are listed in the box's details. Smaller pictures unchanged."""
    if sum(n.kind == "document" for n in pic.nodes) <= over:
        return pic
    groups: dict[tuple[int, str, str | None], list[NodeView]] = {}
    for n in pic.nodes:
        if n.kind == "document" and n.tier > 0 and n.issuer:
            groups.setdefault((n.tier, n.issuer, n.province), []).append(n)
    where: dict[str, NodeView] = {}
    nodes: list[NodeView] = []
    made: set[int] = set()
    for n in pic.nodes:
        group = groups.get((n.tier, n.issuer or "", n.province)) if n.kind == "document" and n.tier else None
        if not group or len(group) == 1:
            where[n.vid] = n
            nodes.append(n)
            continue
        if id(group) in made:
            where[n.vid] = where[group[0].vid]
            continue
        made.add(id(group))
        levels = [m.level for m in group if m.level]
        box = NodeView(
            key=f"group:{n.issuer}",
            vid="",
            kind="document",
            tier=n.tier,
            level=max(set(levels), key=levels.count) if levels else n.level,
            head=n.issuer or n.head,
            date_text=None,
            issuer=None,
            title=None,
            status=None,
            style=n.style,
            province=n.province,
            members=group,
        )
        where[n.vid] = box
        nodes.append(box)
    merged: dict[tuple[str, str, str], EdgeView] = {}
    for e in pic.edges:
        u, v = where[e.u.vid], where[e.v.vid]
        if u is v and (e.u is not e.v):
            continue  # a body's report on its own plan: inside the box
        key = (u.key, v.key, e.relation)
        if key not in merged:
            merged[key] = EdgeView("", u, v, e.relation, e.style, [])
        evs = merged[key].evidence
        for ev in e.evidence:
            if len(evs) < TOOLTIP_EVIDENCE_MAX and ev not in evs:
                evs.append(ev)
    for i, n in enumerate(nodes):
        n.vid = f"n{i}"
    edges = list(merged.values())
    for i, e in enumerate(edges):
        e.eid = f"e{i}"
    return Picture(nodes, edges, pic.title)


def relation_vi(relation: str) -> str:
    return RELATIONS.get(relation, OTHER_RELATION).vi if relation in RELATIONS else relation


def node_evidence(pic: Picture, node: NodeView) -> list[tuple[EdgeView, Evidence]]:
    """Evidence for a node: where it is cited (incoming edges) first, then what it cites."""
    incoming = [(e, ev) for e in pic.edges if e.v is node for ev in e.evidence]
    outgoing = [(e, ev) for e in pic.edges if e.u is node for ev in e.evidence]
    return incoming + outgoing


def node_evidence_once(pic: Picture, node: NodeView) -> list[tuple[list[str], Evidence]]:
    """The node's own evidence and that of its links, each sentence once (same file, line and
    sentence), with the names of every relation it supports: one sentence often states two links."""
    out: dict[tuple[str, int | None, str], tuple[list[str], Evidence]] = {}
    items: list[tuple[str | None, Evidence]] = [(None, ev) for ev in node.evidence]
    items += [(relation_vi(e.relation), ev) for e, ev in node_evidence(pic, node)]
    for rel, ev in items:
        key = (ev.file, ev.line, ev.sentence)
        rels, _ = out.setdefault(key, ([], ev))
        if rel and rel not in rels:
            rels.append(rel)
    return list(out.values())


def edge_caption(edge: EdgeView) -> str:
    return f"{edge.u.head} → {relation_vi(edge.relation)} → {edge.v.head}"


def evidence_text(ev: Evidence) -> str:
    conf = f" ({ev.confidence:.2f})" if ev.confidence is not None else ""
    where = f"{ev.where}: " if ev.where else ""
    return f"{where}“{ev.sentence}”{conf}" if ev.sentence else f"{ev.where}{conf}"


def node_tooltip(pic: Picture, node: NodeView) -> str:
    lines = [node.first_line]
    lines += [f"{k}: {v}" for k, v in node.details() if k != "Ngày"]
    evs = node_evidence_once(pic, node)
    if evs:
        lines.append("Căn cứ trong văn bản:")
    for rels, ev in evs[:TOOLTIP_EVIDENCE_MAX]:
        lines.append("• " + (f"[{', '.join(rels)}] " if rels else "") + evidence_text(ev))
    extra = len(evs) - TOOLTIP_EVIDENCE_MAX
    if extra > 0:
        lines.append(f"… và {extra} câu khác")
    return "\n".join(lines)


def edge_tooltip(edge: EdgeView) -> str:
    lines = [edge_caption(edge)]
    for ev in edge.evidence[:TOOLTIP_EVIDENCE_MAX]:
        lines.append("• " + evidence_text(ev))
    extra = len(edge.evidence) - TOOLTIP_EVIDENCE_MAX
    if extra > 0:
        lines.append(f"… và {extra} câu khác")
    if not edge.evidence:
        lines.append("(không có câu trích)")
    return "\n".join(lines)
