"""What a picture of a citation chain shows, independent of how it is drawn.

`prepare(graph)` turns the networkx graph into plain node and edge views (ids, rows, label lines,
colours, evidence) that the DOT, Mermaid and HTML writers share, so the three pictures agree.
"""

from __future__ import annotations

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

    @property
    def unverified(self) -> bool:
        return self.status == "unverified"

    @property
    def first_line(self) -> str:
        return f"{self.head} · {self.date_text}" if self.date_text else self.head

    @property
    def title_line(self) -> str | None:
        return shorten(self.title, TITLE_MAX) if self.title else None

    def lines(self) -> list[str]:
        """The 1–3 lines written in the box: number · date, issuer, short title."""
        if self.kind == "body":
            return [self.head]
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
        rows.append(("Khoá", self.key))
        return rows


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
        out.append(
            Evidence(
                clean(_get(item, "file")),
                line,
                shorten(_get(item, "sentence") or "", SENTENCE_MAX),
                conf,
            )
        )
    return out


def _head(attrs: Mapping[str, Any], key: str) -> str:
    label = clean(attrs.get("label"))
    if label:
        return label
    parts = [clean(attrs.get("type")), clean(attrs.get("number") or attrs.get("symbol"))]
    text = " ".join(p for p in parts if p)
    return text or clean(key)


def prepare(graph: Any, title: str | None = None) -> Picture:
    """Views of every node and edge of `graph` (a networkx (Multi)DiGraph), in a stable order."""
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
    return Picture(nodes, edges, clean(title) or None)


def relation_vi(relation: str) -> str:
    return RELATIONS.get(relation, OTHER_RELATION).vi if relation in RELATIONS else relation


def node_evidence(pic: Picture, node: NodeView) -> list[tuple[EdgeView, Evidence]]:
    """Evidence for a node: where it is cited (incoming edges) first, then what it cites."""
    incoming = [(e, ev) for e in pic.edges if e.v is node for ev in e.evidence]
    outgoing = [(e, ev) for e in pic.edges if e.u is node for ev in e.evidence]
    return incoming + outgoing


def edge_caption(edge: EdgeView) -> str:
    return f"{edge.u.head} → {relation_vi(edge.relation)} → {edge.v.head}"


def evidence_text(ev: Evidence) -> str:
    conf = f" ({ev.confidence:.2f})" if ev.confidence is not None else ""
    where = f"{ev.where}: " if ev.where else ""
    return f"{where}“{ev.sentence}”{conf}" if ev.sentence else f"{ev.where}{conf}"


def node_tooltip(pic: Picture, node: NodeView) -> str:
    lines = [node.first_line]
    lines += [f"{k}: {v}" for k, v in node.details() if k != "Ngày"]
    evs = [(e, ev) for e, ev in node_evidence(pic, node)]
    own = node.evidence
    if own or evs:
        lines.append("Căn cứ trong văn bản:")
    for ev in own[:TOOLTIP_EVIDENCE_MAX]:
        lines.append("• " + evidence_text(ev))
    for e, ev in evs[: max(0, TOOLTIP_EVIDENCE_MAX - len(own))]:
        lines.append(f"• [{relation_vi(e.relation)}] " + evidence_text(ev))
    extra = len(own) + len(evs) - TOOLTIP_EVIDENCE_MAX
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
