// name: cited_by
// What cites the target documents, with the relation and the evidence (one row per occurrence).
// params: $targets (list of document keys)
MATCH (s:Document)-[e]->(d:Document) WHERE d.key IN $targets
UNWIND range(0, size(e.lines) - 1) AS i
RETURN s.key AS src, toLower(type(e)) AS relation, d.key AS dst, e.files[i] AS file, e.lines[i] AS line,
       e.sentences[i] AS sentence, e.confidences[i] AS confidence, e.seqs[i] AS seq
