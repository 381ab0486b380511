-- name: chain_down
-- Every document under the target: what implements, reports on, is based on or is promulgated
-- for it, transitively. params: targets (JSON array of document ids), max_depth
WITH RECURSIVE bound(n) AS (
    -- max_depth as a number whatever the client bound it as (text from `luocdo query -p` compared
    -- greater than every depth), and never more than the number of documents: no shortest way is
    -- longer, so a cycle of citations ends there whatever max_depth says
    SELECT min(CAST(:max_depth AS INTEGER), (SELECT count(*) FROM documents))
),
chain(doc, depth) AS MATERIALIZED (
    SELECT CAST(value AS INTEGER), 0 FROM json_each(:targets)
    UNION
    SELECT e.src, c.depth + 1
    FROM chain AS c
    JOIN bound
    JOIN links AS e ON e.dst = c.doc
    WHERE e.relation IN ('implements', 'reports_on', 'based_on', 'guides', 'amends', 'replaces')
      AND c.depth < bound.n
)
SELECT doc, min(depth) AS depth FROM chain GROUP BY doc ORDER BY depth, doc;
