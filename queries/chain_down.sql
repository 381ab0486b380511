-- name: chain_down
-- Every document under the target: what implements, reports on, is based on or is promulgated
-- for it, transitively. params: targets (JSON array of document ids), max_depth
WITH RECURSIVE chain(doc, depth, path) AS (
    SELECT CAST(value AS INTEGER), 0, CAST(value AS TEXT) FROM json_each(:targets)
    UNION
    SELECT e.src, c.depth + 1, e.src || '>' || c.path
    FROM chain AS c
    JOIN edges AS e ON e.dst = c.doc
    WHERE e.relation IN ('implements', 'reports_on', 'based_on', 'guides', 'amends', 'replaces')
      AND c.depth < :max_depth
      AND instr('>' || c.path || '>', '>' || e.src || '>') = 0
)
SELECT DISTINCT c.doc, c.depth, c.path FROM chain AS c ORDER BY c.depth, c.doc;
