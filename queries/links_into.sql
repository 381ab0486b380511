-- name: links_into
-- One step down a chain: the documents linked to any of the given documents by one of the given
-- relations, each with the smallest of the given documents it links to ("via").
-- params: docs (JSON array of document ids), relations (JSON array of relation names)
SELECT l.src AS doc, min(l.dst) AS via
FROM links AS l
WHERE l.dst IN (SELECT CAST(value AS INTEGER) FROM json_each(:docs))
  AND l.relation IN (SELECT value FROM json_each(:relations))
GROUP BY l.src;
