// name: evidence
// The evidence of every relation from $src to $dst (document keys), each relation with its lists.
MATCH (a:Document {key: $src})-[e]->(b:Document {key: $dst})
RETURN toLower(type(e)) AS relation, e.files AS files, e.lines AS lines, e.sentences AS sentences,
       e.confidences AS confidences, e.seqs AS seqs
