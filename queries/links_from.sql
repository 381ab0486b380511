-- name: links_from
-- One step up a chain: the documents that any of the given documents links to by one of the given
-- relations, each with the smallest of the given documents that links to it ("via").
-- params: docs (JSON array of document ids), relations (JSON array of relation names)
SELECT l.dst AS doc, min(l.src) AS via
FROM links AS l
WHERE l.src IN (SELECT CAST(value AS INTEGER) FROM json_each(:docs))
  AND l.relation IN (SELECT value FROM json_each(:relations))
GROUP BY l.dst;
