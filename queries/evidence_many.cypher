// name: evidence_many
// The evidence of the relations between many (source, target) pairs at once.
// params: $pairs (list of [source key, target key])
UNWIND $pairs AS p
MATCH (a:Document {key: p[0]})-[e]->(b:Document {key: p[1]})
RETURN a.key AS src, b.key AS dst, toLower(type(e)) AS relation, e.files AS files, e.lines AS lines,
       e.sentences AS sentences, e.confidences AS confidences, e.seqs AS seqs
