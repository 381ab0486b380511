-- name: implementers
-- Which documents implement the target documents, directly or through a chain
-- (a district plan implementing a provincial plan that implements a central directive).
-- params: targets (JSON array of document ids), max_depth (integer)
-- returns one row per (document, path): the implementing document, its depth, and the path of
-- document ids from it down to the target ("12>7>3").
WITH RECURSIVE chain(doc, depth, path) AS (
    SELECT CAST(value AS INTEGER), 0, CAST(value AS TEXT) FROM json_each(:targets)
    UNION
    SELECT e.src, c.depth + 1, e.src || '>' || c.path
    FROM chain AS c
    JOIN edges AS e ON e.dst = c.doc
    WHERE e.relation IN ('implements', 'reports_on')
      AND c.depth < :max_depth
      AND instr('>' || c.path || '>', '>' || e.src || '>') = 0
)
SELECT c.doc, c.depth, c.path, d.issuer, d.type, d.number, d.symbol, d.date
FROM chain AS c JOIN documents AS d ON d.id = c.doc
WHERE c.depth > 0
ORDER BY c.depth, d.issuer;
