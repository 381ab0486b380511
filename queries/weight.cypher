// name: weight
// How many occurrences of relations the document takes part in. params: $key
MATCH (d:Document {key: $key})
OPTIONAL MATCH (d)-[e]-(:Document)
RETURN coalesce(sum(size(e.lines)), 0) AS n
