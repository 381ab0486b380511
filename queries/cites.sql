-- name: cites
-- What the target documents cite, with the relation and the evidence. params: targets (JSON array)
SELECT e.src, e.relation, e.dst, d.type, d.number, d.year, d.symbol, d.name, d.issuer, d.date, f.path, e.line,
       (SELECT luocdo_sentence(s.z) FROM sentences AS s WHERE s.file_id = e.file_id AND s.n = e.sentence_no) AS sentence,
       e.confidence
FROM edges AS e
JOIN documents AS d ON d.id = e.dst
JOIN files AS f ON f.id = e.file_id
WHERE e.src IN (SELECT CAST(value AS INTEGER) FROM json_each(:targets))
ORDER BY d.type, d.number, f.path, e.line;
