-- name: chain_up
-- What the target rests on, up to the central documents: the documents it implements, reports on,
-- is based on, is guided by. params: targets (JSON array of document ids), max_depth
WITH RECURSIVE chain(doc, depth, path) AS (
    SELECT CAST(value AS INTEGER), 0, CAST(value AS TEXT) FROM json_each(:targets)
    UNION
    SELECT e.dst, c.depth + 1, c.path || '>' || e.dst
    FROM chain AS c
    JOIN edges AS e ON e.src = c.doc
    WHERE e.relation IN ('implements', 'reports_on', 'based_on', 'guides', 'amends', 'replaces')
      AND c.depth < :max_depth
      AND instr('>' || c.path || '>', '>' || e.dst || '>') = 0
)
SELECT DISTINCT c.doc, c.depth, c.path FROM chain AS c ORDER BY c.depth, c.doc;
