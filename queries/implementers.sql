-- name: implementers
-- Which documents implement the target documents, directly or through a chain
-- (a district plan implementing a provincial plan that implements a central directive).
-- params: targets (JSON array of document ids), max_depth (integer)
-- returns one row per implementing document: its shortest distance to a target and the next
-- document on that way ("via"), so that every chain can be rebuilt by following "via".
WITH RECURSIVE bound(n) AS (
    -- max_depth as a number whatever the client bound it as (text from `luocdo query -p` compared
    -- greater than every depth), and never more than the number of documents: no shortest way is
    -- longer, so a cycle of citations ends there whatever max_depth says
    SELECT min(CAST(:max_depth AS INTEGER), (SELECT count(*) FROM documents))
),
chain(doc, depth, via) AS MATERIALIZED (
    SELECT CAST(value AS INTEGER), 0, NULL FROM json_each(:targets)
    UNION
    SELECT e.src, c.depth + 1, c.doc
    FROM chain AS c
    JOIN bound
    JOIN links AS e ON e.dst = c.doc
    WHERE e.relation IN ('implements', 'reports_on')
      AND c.depth < bound.n
),
best AS (
    SELECT doc, min(depth) AS depth FROM chain GROUP BY doc
)
SELECT c.doc, c.depth, min(c.via) AS via, d.issuer, d.type, d.number, d.symbol, d.date
FROM chain AS c
JOIN best AS b ON b.doc = c.doc AND b.depth = c.depth
JOIN documents AS d ON d.id = c.doc
WHERE c.depth > 0
GROUP BY c.doc
ORDER BY c.depth, d.issuer;
