-- name: chain_up
-- What the target rests on, up to the central documents: the documents it implements, reports on,
-- is based on, is guided by. params: targets (JSON array of document ids), max_depth
WITH RECURSIVE chain(doc, depth) AS MATERIALIZED (
    SELECT CAST(value AS INTEGER), 0 FROM json_each(:targets)
    UNION
    SELECT e.dst, c.depth + 1
    FROM chain AS c
    JOIN links AS e ON e.src = c.doc
    WHERE e.relation IN ('implements', 'reports_on', 'based_on', 'guides', 'amends', 'replaces')
      AND c.depth < :max_depth
)
SELECT doc, min(depth) AS depth FROM chain GROUP BY doc ORDER BY depth, doc;
