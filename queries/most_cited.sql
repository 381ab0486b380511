-- name: most_cited
-- The documents cited by the most reports. params: limit
SELECT d.id AS doc, d.type, d.number, d.symbol, d.issuer, d.date, count(DISTINCT m.file_id) AS reports,
       count(*) AS mentions
FROM mentions AS m JOIN documents AS d ON d.id = m.doc_id
GROUP BY d.id ORDER BY reports DESC, mentions DESC LIMIT :limit;
